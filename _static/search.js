// The archive's search page: the theme's search field, driving Pagefind's JS API.
//
// The index is built by the archive extension (cecci_archive/search.py) into pagefind/ at the
// root of the site. A query loads only the index chunks and result fragments it needs. The URL
// keeps the state (?q=…&type=…&year=…), so a search can be linked and the back button works.

import { openIndex, resultTitle } from "./search-pagefind.js";

const FILTER_LABELS = {
  type: {
    legend: "Kind of record",
    values: { event: "Events", person: "People", organisation: "Organisations", talk: "Talks" },
    order: ["event", "person", "organisation", "talk"],
  },
  year: { legend: "Year", values: {}, order: null },
};

const PAGE_SIZE = 10;

const field = document.querySelector(".archive-search form.bd-search input[name='q']");
const status = document.getElementById("archive-search-status");
const filtersForm = document.getElementById("archive-search-filters");
const resultsList = document.getElementById("archive-search-results");
const moreButton = document.getElementById("archive-search-more");

let pagefind = null;
let allFilters = {};
let pending = [];
let generation = 0;

function readState() {
  const params = new URLSearchParams(window.location.search);
  return {
    q: params.get("q") || "",
    type: params.getAll("type"),
    year: params.getAll("year"),
  };
}

function currentState() {
  const state = { q: field ? field.value.trim() : "", type: [], year: [] };
  for (const box of filtersForm.querySelectorAll("input[type=checkbox]:checked")) {
    state[box.name].push(box.value);
  }
  return state;
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of ["type", "year"]) for (const value of state[name]) params.append(name, value);
  const query = params.toString();
  const url = window.location.pathname + (query ? `?${query}` : "");
  window.history.replaceState(null, "", url);
}

function labelFor(name, value) {
  return FILTER_LABELS[name].values[value] || value;
}

function orderedValues(name, values) {
  const order = FILTER_LABELS[name].order;
  if (order) return order.filter((v) => v in values).concat(Object.keys(values).filter((v) => !order.includes(v)));
  return Object.keys(values).sort().reverse(); // years: latest first
}

// One fieldset per filter, a checkbox per value with its count for the current query.
function renderFilters(state, counts) {
  // the filters are drawn anew: keep the keyboard on the checkbox the reader just ticked
  const focused = filtersForm.contains(document.activeElement) ? document.activeElement.id : null;
  filtersForm.replaceChildren();
  for (const name of Object.keys(FILTER_LABELS)) {
    const values = allFilters[name];
    if (!values || !Object.keys(values).length) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = `archive-search-filter archive-search-filter-${name}`;
    const legend = document.createElement("legend");
    legend.textContent = FILTER_LABELS[name].legend;
    fieldset.append(legend);
    for (const value of orderedValues(name, values)) {
      const id = `archive-filter-${name}-${value}`;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.id = id;
      box.checked = state[name].includes(value);
      const label = document.createElement("label");
      label.htmlFor = id;
      const count = counts && counts[name] && value in counts[name] ? counts[name][value] : values[value];
      label.append(labelFor(name, value), " ");
      const number = document.createElement("span");
      number.className = "archive-search-count";
      number.dataset.count = String(count);
      number.textContent = `(${count})`;
      label.append(number);
      const row = document.createElement("div");
      row.className = "archive-search-filter-value";
      row.append(box, label);
      fieldset.append(row);
    }
    filtersForm.append(fieldset);
  }
  filtersForm.hidden = !filtersForm.children.length;
  if (focused) document.getElementById(focused)?.focus();
}

function pagefindFilters(state) {
  const filters = {};
  for (const name of ["type", "year"]) if (state[name].length) filters[name] = { any: state[name] };
  return filters;
}

function resultItem(data) {
  const item = document.createElement("li");
  const type = data.filters && data.filters.type ? data.filters.type[0] : "";
  item.className = `archive-result archive-result-${type}`;
  const heading = document.createElement("p");
  heading.className = "archive-result-title";
  heading.append(...resultTitle(data));
  item.append(heading);
  const context = [data.meta.event, data.meta.date].filter(Boolean).join(", ");
  if (context) {
    const where = document.createElement("p");
    where.className = "archive-result-context";
    where.textContent = data.meta.event ? `Talk at ${context}` : context;
    item.append(where);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "archive-result-excerpt";
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark> elements
  item.append(excerpt);
  return item;
}

async function showMore(run) {
  const batch = pending.splice(0, PAGE_SIZE);
  const items = await Promise.all(batch.map((result) => result.data()));
  if (run !== generation) return;
  for (const data of items) resultsList.append(resultItem(data));
  moreButton.hidden = pending.length === 0;
}

async function search() {
  const run = ++generation;
  document.documentElement.dataset.archiveSearch = "busy";
  const state = currentState();
  writeState(state);
  const filters = pagefindFilters(state);
  if (!state.q && !Object.keys(filters).length) {
    resultsList.replaceChildren();
    pending = [];
    moreButton.hidden = true;
    renderFilters(state, null);
    status.textContent = "Type a name, an abbreviation, a place or a theme, or choose a filter.";
    document.documentElement.dataset.archiveSearch = "done";
    return;
  }
  status.textContent = "Searching…";
  let response;
  let counts;
  try {
    response = await pagefind.search(state.q || null, { filters });
    // A value's count is how many results ticking it would give. Values of one filter combine
    // with "any", so a filter's own ticks must not zero its other values: count it without them.
    counts = { ...response.filters };
    for (const name of Object.keys(filters)) {
      const others = { ...filters };
      delete others[name];
      const without = await pagefind.search(state.q || null, { filters: others });
      counts[name] = without.filters[name] || {};
    }
  } catch (error) {
    status.textContent = `The search failed: ${error}`;
    document.documentElement.dataset.archiveSearch = "failed";
    return;
  }
  if (run !== generation) return;
  renderFilters(state, counts);
  resultsList.replaceChildren();
  pending = [...response.results];
  const total = pending.length;
  const what = state.q ? ` for “${state.q}”` : "";
  status.textContent = total
    ? `${total} result${total === 1 ? "" : "s"}${what}.`
    : `No results${what}. Try another spelling, an abbreviation, or fewer filters.`;
  await showMore(run);
  if (run === generation) document.documentElement.dataset.archiveSearch = "done";
}

function debounce(fn, wait) {
  let timer = null;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), wait);
  };
}

async function main() {
  if (!field) return;
  try {
    pagefind = await openIndex();
    allFilters = await pagefind.filters();
  } catch (error) {
    status.textContent = "The search index could not be loaded. Build the site with `make html`, and serve it over HTTP.";
    console.warn("archive search: Pagefind could not be loaded", error);
    document.documentElement.dataset.archiveSearch = "failed";
    return;
  }
  const state = readState();
  field.value = state.q;
  renderFilters(state, null);
  const form = field.closest("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  field.addEventListener("input", debounce(search, 200));
  filtersForm.addEventListener("change", () => search());
  moreButton.addEventListener("click", () => showMore(generation));
  if (!state.q) field.focus();
  await search();
}

main();
