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
  if (!query && Object.keys(filters).length === 0) {
    status.textContent = "Type a word or name to search, or choose a filter.";
    return;
  }
  status.textContent = "Searching…";
  const current = (runs += 1);
  const search = await pagefind.search(query || null, { filters });
  // A newer search started while this one waited: its results, not these, are shown.
  if (current !== runs) return;
  showCounts(search.filters);
  shown = { search, next: 0, query };
  await showMore();
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

async function showMore(focusFirst = false) {
  const asked = shown;
  const { search, query } = asked;
  const batch = search.results.slice(asked.next, asked.next + PAGE);
  const results = await Promise.all(batch.map((r) => r.data()));
  if (shown !== asked) return; // a newer search replaced this one while its texts loaded
  let first = null;
  for (const result of results) {
    const item = document.createElement("li");
    item.className = "far-result";
    const link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.meta.title || result.url;
    const heading = document.createElement("h2");
    heading.className = "far-result__title";
    heading.appendChild(link);
    const excerpt = document.createElement("p");
    excerpt.className = "far-result__excerpt";
    excerpt.appendChild(excerptNodes(result.excerpt || ""));
    item.append(heading, excerpt);
    list.appendChild(item);
    first = first || link;
  }
  shown.next += batch.length;
  const count = search.results.length;
  const showing = shown.next < count ? ` (showing ${shown.next})` : "";
  status.textContent = `${count} ${count === 1 ? "result" : "results"}${query ? ` for “${query}”` : ""}${showing}`;
  more.hidden = shown.next >= count;
  more.textContent = `Show ${Math.min(PAGE, count - shown.next)} more results`;
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
