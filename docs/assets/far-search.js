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
// The register's prose (answer summaries, notes, what reports say) has an index of its own,
// searched when the reader asks or when the main index finds nothing (site_builder/search.py).
const textBundle = form.dataset.pagefindText ? new URL(form.dataset.pagefindText, window.location.href) : null;
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
  resetText();
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

function resultItem(href, title, excerpt, into = list, level = "h2") {
  const item = document.createElement("li");
  item.className = "far-result";
  const link = document.createElement("a");
  link.href = href;
  link.textContent = title;
  const heading = document.createElement(level);
  heading.className = "far-result__title";
  heading.appendChild(link);
  const text = document.createElement("p");
  text.className = "far-result__excerpt";
  text.appendChild(excerpt);
  item.append(heading, text);
  into.appendChild(item);
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
  if (firstPage && query && !named.length && textBundle) {
    if (count === 0) searchText(asked);
    else textAsk.hidden = false;
  }
  if (focusFirst && first) first.focus();
}

// The search of the text of answers and notes: a second Pagefind instance over the main index
// with the text index merged in, so it reuses the WebAssembly and files the first search fetched.
// Its results from the main index are left out (the list above has them); the rest are the pages
// whose prose holds the words, each linked to the first word found on it.
const textSection = document.createElement("section");
textSection.className = "far-text-results";
textSection.setAttribute("aria-labelledby", "far-text-title");
textSection.hidden = true;
const textTitle = document.createElement("h2");
textTitle.id = "far-text-title";
textTitle.textContent = "In the text of answers and notes";
const textStatus = document.createElement("p");
textStatus.className = "far-count";
textStatus.setAttribute("role", "status");
textStatus.tabIndex = -1;
const textList = document.createElement("ol");
textList.className = "far-results";
textList.dataset.farTextResults = "";
const textMore = document.createElement("button");
textMore.type = "button";
textMore.className = "md-button far-text-more";
textMore.hidden = true;
textMore.addEventListener("click", () => showMoreText(true));
textSection.append(textTitle, textStatus, textList, textMore);
const textAsk = document.createElement("button");
textAsk.type = "button";
textAsk.className = "md-button far-text-ask";
textAsk.textContent = "Search the text of answers and notes too";
textAsk.hidden = true;
textAsk.addEventListener("click", () => {
  if (shown) searchText(shown, true);
});
more.after(textAsk, textSection);

let textPagefind = null;
let textShown = null;

function textInstance() {
  textPagefind =
    textPagefind ||
    (async () => {
      const baseUrl = new URL("../", bundle).pathname;
      const instance = pagefind.createInstance({ basePath: bundle.pathname, baseUrl, excerptLength: 24, noWorker: true });
      await instance.init();
      await instance.mergeIndex(textBundle.pathname, { baseUrl });
      return instance;
    })();
  return textPagefind;
}

function resetText() {
  textShown = null;
  textAsk.hidden = true;
  textSection.hidden = true;
  textList.replaceChildren();
  textMore.hidden = true;
}

async function searchText(asked, focus = false) {
  textAsk.hidden = true;
  textSection.hidden = false;
  textStatus.textContent = "Searching the text of answers and notes…";
  let found;
  try {
    const instance = await textInstance();
    found = await instance.search(asked.query, { filters: asked.filters });
  } catch (error) {
    textPagefind = null;
    if (shown === asked) textStatus.textContent = "The text of answers and notes could not be searched: its index did not load.";
    return;
  }
  if (shown !== asked) return; // a newer search replaced this one
  const main = new Set(asked.search.results.map((r) => r.id));
  textShown = { asked, results: found.results.filter((r) => !main.has(r.id)), next: 0 };
  await showMoreText(focus);
}

// "#:~:text=" scrolls a browser that supports it to the word and highlights it.
function toWord(url, excerpt) {
  const marked = (excerpt.match(/<mark>(.*?)<\/mark>/) || [])[1] || "";
  const word = decode(marked).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  if (!word || url.includes("#")) return url;
  const text = encodeURIComponent(word).replace(/-/g, "%2D");
  return `${url}#:~:text=${text}`;
}

async function showMoreText(focusFirst = false) {
  const current = textShown;
  const batch = current.results.slice(current.next, current.next + PAGE);
  const results = await Promise.all(batch.map((r) => r.data()));
  if (textShown !== current) return;
  let first = null;
  for (const result of results) {
    const excerpt = result.excerpt || "";
    const link = resultItem(toWord(result.url, excerpt), result.meta.title || result.url, excerptNodes(excerpt), textList, "h3");
    first = first || link;
  }
  current.next += batch.length;
  const count = current.results.length;
  const showing = current.next < count ? ` (showing ${textList.children.length})` : "";
  textStatus.textContent = count
    ? `${count} ${count === 1 ? "page has" : "pages have"} “${current.asked.query}” in the text of answers and notes${showing}`
    : `No page has “${current.asked.query}” in the text of answers and notes.`;
  const left = count - current.next;
  textMore.hidden = left <= 0;
  textMore.textContent = left > 0 ? `Show ${Math.min(PAGE, left)} more pages` : "";
  if (focusFirst) (first || textStatus).focus();
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
