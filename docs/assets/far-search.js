/* Council Analytics FOI Register: the search page, on Pagefind's JavaScript API.
 *
 * The query and filters live in the URL (?q=xantura&nation=England), so a search can be linked.
 * Result text is inserted as text nodes; only Pagefind's <mark> highlighting becomes markup. */

const form = document.querySelector("[data-far-search]");
const input = form.querySelector("#far-q");
const panel = form.querySelector("[data-far-filters-panel]");
const fieldset = form.querySelector(".far-search__filters");
const status = document.querySelector("[data-far-search-status]");
const list = document.querySelector("[data-far-search-results]");
const bundle = new URL(form.dataset.pagefindBase, window.location.href);
const namesNode = document.getElementById("far-council-names");
// [name, path from the site root, [folded names a reader may type]] for every authority.
const REGISTER = namesNode ? JSON.parse(namesNode.textContent) : [];
const siteRoot = new URL("../", bundle);
const FILTERS = ["nation", "region", "council type", "runs children's services", "request status", "reports predictive analytics or AI", "supplier"];

function paramName(filter) {
  return filter.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

function readState() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(paramName(name));
    if (value) filters[name] = value;
  }
  return { query: params.get("q") || "", filters };
}

function writeState(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(paramName(name), value);
  const search = params.toString();
  window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
}

// As site_builder/finder.py folds the register's names: letters and digits, lower case, no accents.
function fold(text) {
  const folded = text.replace(/&/g, " and ").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return (folded.match(/[\p{L}\p{N}]+/gu) || []).join(" ");
}

// The authorities whose name (or short name, "Devon" for Devon County Council) is the query.
function namedCouncils(query) {
  const key = fold(query);
  if (!key) return [];
  return REGISTER.filter(([, , keys]) => keys.includes(key));
}

// How many authorities' names hold each word ("council" most of them, "kent" one).
let nameWords = null;

function councilsNaming(word) {
  if (!nameWords) {
    nameWords = new Map();
    for (const [, , keys] of REGISTER) {
      for (const w of new Set(keys.join(" ").split(" "))) nameWords.set(w, (nameWords.get(w) || 0) + 1);
    }
  }
  return nameWords.get(word) || 0;
}

// What Pagefind is asked when the query names an authority, whose page is then first already:
// the words of the name that few names share ("Kent County Council" -> "kent"). Pagefind
// downloads the index entry of every word it is given, and the words most names share are on
// nearly every page, so theirs are the largest in the index; leaving them out finds the same
// pages that name the authority for a fraction of the bytes. The query as typed otherwise.
function distinctiveWords(query) {
  const limit = Math.max(2, REGISTER.length / 20);
  const words = fold(query).split(" ").filter((w) => w && councilsNaming(w) <= limit);
  return words.length ? words.join(" ") : query;
}

function distance(a, b) {
  // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts once.
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// The closest names in the register to a query that found nothing: a typo ("Westmister") or the
// start of a name. At most five, closest first.
function closestCouncils(query, { prefixes = true, limit = 5 } = {}) {
  const key = fold(query);
  if (key.length < 3) return [];
  const allowed = Math.max(1, Math.floor(key.length / 3));
  const scored = [];
  for (const entry of REGISTER) {
    let best = Infinity;
    for (const name of entry[2]) {
      const score = prefixes && name.startsWith(key) ? 0.5 : distance(key, name);
      best = Math.min(best, score);
    }
    if (best <= allowed) scored.push([best, entry]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1][0].localeCompare(y[1][0]));
  return scored.slice(0, limit).map(([, entry]) => entry);
}

function councilLink(entry) {
  const link = document.createElement("a");
  link.href = new URL(entry[1], siteRoot).pathname;
  link.textContent = entry[0];
  return link;
}

function decode(text) {
  const area = document.createElement("textarea");
  area.innerHTML = text;
  return area.value;
}

function excerptNodes(excerpt) {
  const out = document.createDocumentFragment();
  excerpt.split(/(<mark>|<\/mark>)/).reduce((inMark, part) => {
    if (part === "<mark>") return true;
    if (part === "</mark>") return false;
    const text = document.createTextNode(decode(part.replace(/<[^>]*>/g, "")));
    if (inMark) {
      const mark = document.createElement("mark");
      mark.appendChild(text);
      out.appendChild(mark);
    } else {
      out.appendChild(text);
    }
    return inMark;
  }, false);
  return out;
}

function buildFilters(available, chosen) {
  fieldset.querySelectorAll(".far-filter").forEach((node) => node.remove());
  for (const name of FILTERS) {
    const values = available[name];
    if (!values || Object.keys(values).length === 0) continue;
    const id = "far-search-" + paramName(name);
    const wrap = document.createElement("div");
    wrap.className = "far-filter";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = name.charAt(0).toUpperCase() + name.slice(1);
    const select = document.createElement("select");
    select.id = id;
    select.name = paramName(name);
    select.dataset.filter = name;
    const all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    select.appendChild(all);
    for (const value of Object.keys(values).sort((a, b) => a.localeCompare(b))) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = `${value} (${values[value]})`;
      select.appendChild(option);
    }
    if (chosen[name] && chosen[name] in values) select.value = chosen[name];
    select.addEventListener("change", run);
    wrap.append(label, select);
    fieldset.appendChild(wrap);
  }
  panel.hidden = fieldset.querySelectorAll("select").length === 0;
}

// The filters' data is fetched only when a reader opens the panel (or arrives with filters in
// the address): most searches never need it, and it is a large share of a first search's bytes.
let filtersLoaded = null;

function loadFilters(chosen) {
  filtersLoaded = filtersLoaded || pagefind.filters().then((available) => buildFilters(available, chosen));
  return filtersLoaded;
}

// Each option's count says how many results choosing it would give for the current query.
function showCounts(counts) {
  if (!filtersLoaded) return;
  fieldset.querySelectorAll("select").forEach((select) => {
    const values = (counts && counts[select.dataset.filter]) || {};
    for (const option of select.options) {
      if (option.value) option.textContent = `${option.value} (${values[option.value] || 0})`;
    }
  });
}

function chosenFilters() {
  const filters = {};
  fieldset.querySelectorAll("select").forEach((select) => {
    if (select.value) filters[select.dataset.filter] = select.value;
  });
  return filters;
}

let pagefind;

let runs = 0;
async function run(event) {
  if (event) event.preventDefault();
  const query = input.value.trim();
  const filters = chosenFilters();
  writeState(query, filters);
  list.replaceChildren();
  more.hidden = true;
  suggest.hidden = true;
  if (!query && Object.keys(filters).length === 0) {
    status.textContent = "Type a word or name to search, or choose a filter.";
    return;
  }
  status.textContent = "Searching…";
  const current = (runs += 1);
  // The authority the reader named comes first: its page, then everything Pagefind found. With a
  // filter chosen, Pagefind's results alone are shown, so a filter never lets a page through.
  const named = Object.keys(filters).length ? [] : namedCouncils(query);
  const search = await pagefind.search((named.length ? distinctiveWords(query) : query) || null, { filters });
  // A newer search started while this one waited: its results, not these, are shown.
  if (current !== runs) return;
  showCounts(search.filters);
  shown = { search, next: 0, query, named, filters, paths: new Set(named.map((e) => new URL(e[1], siteRoot).pathname)) };
  await showMore();
}

const suggest = document.createElement("div");
suggest.className = "far-suggest";
suggest.hidden = true;

// A search that found nothing is not a dead end: the closest council names, and where else to look.
// With results, only a near miss of a council's name ("Westmister") is offered, above them.
function showSuggestions(query, found) {
  suggest.replaceChildren();
  const close = closestCouncils(query, { prefixes: !found });
  if (found && !close.length) return;
  if (close.length) {
    const lead = document.createElement("p");
    lead.textContent = close.length === 1 ? "Did you mean this council?" : "Did you mean one of these councils?";
    const names = document.createElement("ul");
    names.className = "far-suggest__names";
    for (const entry of close) {
      const item = document.createElement("li");
      item.appendChild(councilLink(entry));
      names.appendChild(item);
    }
    suggest.append(lead, names);
  }
  const elsewhere = document.createElement("p");
  const link = (href, text) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  };
  elsewhere.append(
    "You can also browse the ",
    link(new URL("councils/", siteRoot).pathname, "list of every council"),
    ", look for the request on ",
    link("https://www.whatdotheyknow.com/", "WhatDoTheyKnow"),
    ", or ",
    link(new URL("contribute/", siteRoot).pathname, "tell us about a reply we have not recorded"),
    ".",
  );
  if (!found) suggest.appendChild(elsewhere);
  suggest.hidden = false;
}

function resultItem(href, title, excerpt) {
  const item = document.createElement("li");
  item.className = "far-result";
  const link = document.createElement("a");
  link.href = href;
  link.textContent = title;
  const heading = document.createElement("h2");
  heading.className = "far-result__title";
  heading.appendChild(link);
  const text = document.createElement("p");
  text.className = "far-result__excerpt";
  text.appendChild(excerpt);
  item.append(heading, text);
  list.appendChild(item);
  return link;
}

// Each result's text is fetched only when it is shown, a page of results at a time: a first
// search then costs a reader tens of kilobytes, not the text of every matching page.
const PAGE = 10;
let shown = null;
const more = document.createElement("button");
more.type = "button";
more.className = "md-button far-more";
more.hidden = true;
more.addEventListener("click", () => showMore(true));
list.after(more);
list.before(suggest);

async function showMore(focusFirst = false) {
  const asked = shown;
  const firstPage = asked.next === 0;
  const { search, query, named, paths } = asked;
  const batch = search.results.slice(asked.next, asked.next + PAGE);
  const results = await Promise.all(batch.map((r) => r.data()));
  if (shown !== asked) return; // a newer search replaced this one while its texts loaded
  let first = null;
  if (firstPage) {
    for (const entry of named) {
      const link = resultItem(new URL(entry[1], siteRoot).pathname, entry[0], document.createTextNode(`The council's page: every request to ${entry[0]} recorded here, its answers and sources.`));
      first = first || link;
    }
  }
  for (const result of results) {
    if (paths.has(result.url)) continue; // already first, as the council named
    const link = resultItem(result.url, result.meta.title || result.url, excerptNodes(result.excerpt || ""));
    first = first || link;
  }
  shown.next += batch.length;
  const count = Math.max(search.results.length, named.length);
  const showing = shown.next < search.results.length ? ` (showing ${list.children.length})` : "";
  status.textContent = `${count} ${count === 1 ? "result" : "results"}${query ? ` for “${query}”` : ""}${showing}`;
  const left = search.results.length - shown.next;
  more.hidden = left <= 0;
  more.textContent = left > 0 ? `Show ${Math.min(PAGE, left)} more results` : "";
  if (firstPage && query && !named.length && !Object.keys(asked.filters).length) showSuggestions(query, count > 0);
  if (focusFirst && first) first.focus();
}

async function start() {
  try {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    // Result URLs are made relative to wherever the site is served, root or sub-path.
    // noWorker: search on the page itself, which spares every first search the 12 KB worker script.
    await pagefind.options({ baseUrl: new URL("../", bundle).pathname, excerptLength: 24, noWorker: true });
    await pagefind.init();
  } catch (error) {
    status.textContent = "Search is not available: its index did not load.";
    return;
  }
  const state = readState();
  input.value = state.query;
  panel.hidden = false;
  panel.addEventListener("toggle", async () => {
    if (!panel.open || filtersLoaded) return;
    await loadFilters({});
    if (input.value.trim()) await run();
  });
  if (Object.keys(state.filters).length) {
    panel.open = true;
    await loadFilters(state.filters);
  }
  form.addEventListener("submit", run);
  await run();
}

start();
