/* Council Analytics FOI Register: filters and sorting for tables marked data-far-table.
 *
 * Progressive enhancement: without JavaScript every table is complete and readable. With it, a
 * column headed th[data-far-filter] gets a select box built from its cells' data-value, a column
 * headed th[data-far-sort] gets a sort button, and the state lives in the URL query so a filtered
 * view can be shared. */
"use strict";

(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function enhance(table, prefix) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    var rows = Array.prototype.slice.call(body.rows);
    // Authorities whose answers are not transcribed share one row after the others (a tbody of
    // its own, left out of sorting); the filters show and hide them name by name.
    var folded = table.querySelector("tbody[data-far-folded]");
    var foldedItems = folded ? Array.prototype.slice.call(folded.querySelectorAll("a[data-far-folded-item]")) : [];
    var unit = foldedItems.length ? ["authority", "authorities"] : ["row", "rows"];
    var params = new URLSearchParams(window.location.search);
    var filters = [];
    var sortState = { index: -1, dir: "ascending", kind: "text" };

    var form = document.createElement("form");
    form.className = "far-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter " + (table.caption ? table.caption.textContent.trim() : "the table"));
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var status = document.createElement("p");
    status.className = "far-count";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    Array.prototype.forEach.call(head.cells, function (th, index) {
      var key = th.getAttribute("data-far-filter");
      if (key) {
        var options = {};
        rows.forEach(function (row) {
          var value = cellValue(row, index);
          (value.split(" ")).forEach(function (v) {
            if (v && !(v in options)) options[v] = row.cells[index].textContent.trim() || v;
          });
        });
        foldedItems.forEach(function (link) {
          var v = link.getAttribute("data-far-f-" + key);
          if (v && !(v in options)) options[v] = link.getAttribute("data-far-l-" + key) || v;
        });
        if (Object.keys(options).length < 2 && !params.get(prefix + key)) return;
        var id = (table.id || "far-table") + "-filter-" + key;
        var wrap = document.createElement("div");
        wrap.className = "far-filter";
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = th.textContent.trim();
        var select = document.createElement("select");
        select.id = id;
        select.name = prefix + key;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "All";
        select.appendChild(all);
        Object.keys(options).sort(function (a, b) { return options[a].localeCompare(options[b]); })
          .forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = key === "role" ? value : options[value];
            select.appendChild(option);
          });
        var wanted = params.get(prefix + key);
        if (wanted && wanted in options) select.value = wanted;
        select.addEventListener("change", update);
        wrap.appendChild(label);
        wrap.appendChild(select);
        form.appendChild(wrap);
        filters.push({ index: index, key: key, select: select });
      }
      var sortKind = th.getAttribute("data-far-sort");
      if (sortKind || key) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "far-sort";
        button.innerHTML = "";
        button.appendChild(document.createTextNode(th.textContent.trim()));
        var hint = document.createElement("span");
        hint.className = "far-visually-hidden";
        hint.textContent = ", sort";
        button.appendChild(hint);
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          var dir = sortState.index === index && sortState.dir === "ascending" ? "descending" : "ascending";
          sortState = { index: index, dir: dir, kind: sortKind || "text" };
          update();
        });
      }
    });

    var sortParam = params.get(prefix + "sort");
    if (sortParam) {
      var match = /^(\d+)(-desc)?$/.exec(sortParam);
      if (match && head.cells[+match[1]]) {
        sortState = { index: +match[1], dir: match[2] ? "descending" : "ascending",
                      kind: head.cells[+match[1]].getAttribute("data-far-sort") || "text" };
      }
    }

    if (filters.length) {
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "far-reset md-button";
      reset.textContent = "Show all";
      reset.addEventListener("click", function () {
        filters.forEach(function (f) { f.select.value = ""; });
        update();
      });
      form.appendChild(reset);
    }
    var wrapper = table.closest(".far-table-wrap") || table;
    wrapper.parentNode.insertBefore(form, wrapper);
    wrapper.parentNode.insertBefore(status, wrapper);

    function update() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = filters.every(function (f) {
          return !f.select.value || cellValue(row, f.index).split(" ").indexOf(f.select.value) !== -1;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      var foldedShown = 0;
      foldedItems.forEach(function (link) {
        var visible = filters.every(function (f) {
          return !f.select.value || (link.getAttribute("data-far-f-" + f.key) || "").split(" ").indexOf(f.select.value) !== -1;
        });
        link.parentNode.hidden = !visible;
        if (visible) foldedShown += 1;
      });
      if (folded) folded.hidden = foldedItems.length > 0 && foldedShown === 0;
      shown += foldedShown;
      var total = rows.length + foldedItems.length;
      if (sortState.index >= 0) {
        var factor = sortState.dir === "ascending" ? 1 : -1;
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.cells[sortState.index].textContent.trim();
          var y = b.cells[sortState.index].textContent.trim();
          if (sortState.kind === "number") return factor * ((parseFloat(x) || 0) - (parseFloat(y) || 0));
          return factor * x.localeCompare(y);
        });
        sorted.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(head.cells, function (th, i) {
          if (i === sortState.index) th.setAttribute("aria-sort", sortState.dir);
          else th.removeAttribute("aria-sort");
        });
      }
      status.textContent = "Showing " + shown + " of " + total + " " + (total === 1 ? unit[0] : unit[1]);
      var query = new URLSearchParams(window.location.search);
      filters.forEach(function (f) {
        if (f.select.value) query.set(prefix + f.key, f.select.value);
        else query.delete(prefix + f.key);
      });
      if (sortState.index >= 0) {
        query.set(prefix + "sort", sortState.index + (sortState.dir === "descending" ? "-desc" : ""));
      }
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    update();
  }

  function start() {
    var tables = document.querySelectorAll("table[data-far-table]");
    Array.prototype.forEach.call(tables, function (table) {
      enhance(table, tables.length > 1 && table.id ? table.id + "." : "");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* Council pages: each transcribed answer's citation, under its council's reply's, from what the
 * request's answers share (data attributes) and the answer's number and question. Without
 * JavaScript an answer is cited as the page is, with its anchor. */
(function () {
  var box = document.getElementById("cite-replies");
  if (!box) return;
  function add(parent, tag, text) {
    var node = parent.appendChild(document.createElement(tag));
    if (text) node.textContent = text;
    return node;
  }
  function data(node, key) { return node.getAttribute("data-far-" + key); }
  Array.prototype.forEach.call(box.querySelectorAll("pre[data-far-answers]"), function (reply) {
    var answers = document.querySelectorAll("#" + data(reply, "answers") + " article.far-answer");
    var details = document.createElement("details");
    details.className = "far-cite__answers";
    add(details, "summary", "Cite one answer (" + answers.length + " transcribed)");
    Array.prototype.forEach.call(answers, function (answer) {
      var question = answer.querySelector(".far-question").cloneNode(true);
      Array.prototype.forEach.call(question.querySelectorAll(".far-tag"), function (tag) { tag.remove(); });
      var said = data(box, "who") + ", answer to " + answer.querySelector(".far-anchor").textContent + " " +
        data(reply, "of") + ": \u201c" + question.textContent.trim() + "\u201d";
      var label = add(details, "p");
      label.className = "far-cite__label";
      label.id = "cite-" + answer.id;
      add(label, "a", answer.querySelector("h3").textContent.trim()).href = "#" + answer.id;
      var pre = add(details, "pre");
      pre.className = "far-cite__text";
      pre.setAttribute("aria-labelledby", label.id);
      pre.setAttribute("data-far-cite", "");
      pre.tabIndex = 0;
      add(pre, "code", said + (/[?.!]\u201d$/.test(said) ? "" : ".") + " In " + data(box, "name") + ", " +
        data(box, "url") + "#" + answer.id + ". Accessed ACCESSED.");
    });
    if (answers.length) reply.after(details);
  });
})();

/* Citations carry the reader's access date, which a static build cannot know. */
(function () {
  var blocks = document.querySelectorAll("[data-far-cite] code");
  if (!blocks.length) return;
  var now = new Date();
  var iso = now.toISOString().slice(0, 10);
  var words = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  Array.prototype.forEach.call(blocks, function (code) {
    var bibtex = code.textContent.indexOf("@misc") === 0;
    code.textContent = code.textContent.replace("ACCESSED", bibtex ? iso : words);
  });
})();

/* Home page council finder: a name picked from the list (or typed in full) opens the council's
 * page; anything else goes to the search page, as the form does without JavaScript. */
(function () {
  var form = document.querySelector("form[data-far-finder]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var places = {};
  Array.prototype.forEach.call(form.querySelectorAll("datalist option"), function (option) {
    var href = option.getAttribute("data-href");
    [option.value, option.getAttribute("data-short") || ""].forEach(function (name) {
      var key = name.trim().toLowerCase();
      if (key && !(key in places)) places[key] = href;
    });
  });
  form.addEventListener("submit", function (event) {
    var href = places[input.value.trim().toLowerCase()];
    if (href) {
      event.preventDefault();
      window.location.href = new URL(href, window.location.href).href;
    }
  });
})();

/* A copy button beside each citation. Without JavaScript there is no button, and the citation is
   plain text to select. "Copied" is announced through one polite live region. */
(function () {
  var blocks = document.querySelectorAll("pre[data-far-cite]");
  if (!blocks.length) return;
  var live = document.createElement("p");
  live.className = "far-visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  Array.prototype.forEach.call(blocks, function (pre) {
    var labelNode = document.getElementById(pre.getAttribute("aria-labelledby") || "");
    var label = labelNode ? labelNode.textContent.trim() : "citation";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button far-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy citation: " + label);
    button.addEventListener("click", function () {
      var text = pre.textContent;
      live.textContent = "";
      copy(text).then(function () {
        button.textContent = "Copied";
        live.textContent = "Copied: " + label;
      }, function () {
        live.textContent = "Could not copy; select the citation and copy it by hand.";
      });
      window.setTimeout(function () { button.textContent = "Copy"; }, 3000);
    });
    pre.after(button);
  });
})();
