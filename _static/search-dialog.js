// Results as you type in the theme's search dialog (the search button, or Ctrl+K, on every page).
//
// The dialog's form still goes to the search page on Enter, for every result and the filters;
// this adds the first few results under the field. The index is opened on the first keystroke,
// so a page that is only read loads nothing of it.

import { openIndex, resultTitle, siteRoot } from "./search-pagefind.js";

const SHOWN = 6;
const dialog = document.getElementById("pst-search-dialog");
const input = dialog ? dialog.querySelector("form.bd-search input[name='q']") : null;

function setup() {
  const box = document.createElement("div");
  box.id = "archive-search-suggestions";
  box.className = "archive-suggestions";
  box.hidden = true;
  const status = document.createElement("p");
  status.className = "archive-suggestions-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const list = document.createElement("ul");
  list.className = "archive-suggestions-list";
  list.setAttribute("aria-label", "First results");
  const all = document.createElement("a");
  all.className = "archive-suggestions-all";
  box.append(status, list, all);
  dialog.append(box);

  let run = 0;
  let timer = null;

  async function suggest() {
    const mine = ++run;
    const query = input.value.trim();
    if (!query) {
      box.hidden = true;
      list.replaceChildren();
      return;
    }
    let search;
    let items;
    try {
      const pagefind = await openIndex();
      search = await pagefind.search(query);
      items = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    } catch (error) {
      // the index cannot be reached (say, a page opened from disk): the form still works
      console.warn("archive search: no results as you type", error);
      return;
    }
    if (mine !== run) return;
    list.replaceChildren();
    for (const data of items) {
      const item = document.createElement("li");
      item.append(...resultTitle(data));
      list.append(item);
    }
    const total = search.results.length;
    status.textContent = total ? `${total} result${total === 1 ? "" : "s"}` : `No results for “${query}”`;
    const url = new URL("search.html", siteRoot);
    url.searchParams.set("q", query);
    all.href = url.href;
    all.textContent = `All results and filters for “${query}”`;
    box.hidden = false;
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });
}

if (input) setup();
