// Opens the archive's Pagefind index (written by cecci_archive/search.py into pagefind/ at the
// site root), with the archive's ranking. Shared by the search page and the search dialog.

// A record's own names must beat a word inside another record's name. The meta fields `names`
// (abbreviations, name in original script) and `aliases` are written by search.py.
export const RANKING = {
  termSimilarity: 8.0,
  metaWeights: { title: 5.0, names: 10.0, aliases: 5.0 },
};

export const siteRoot = new URL(document.documentElement.dataset.content_root || "./", window.location.href);

let opened = null;

export function openIndex() {
  if (!opened) {
    opened = (async () => {
      const pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
      await pagefind.options({ baseUrl: siteRoot.pathname, ranking: RANKING });
      await pagefind.init();
      return pagefind;
    })();
  }
  return opened;
}

// A result's title link, followed by its kind (person, talk, …): the same in the page and the dialog.
export function resultTitle(data) {
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const parts = [link];
  if (data.meta.kind) {
    const kind = document.createElement("span");
    kind.className = "archive-result-kind";
    kind.textContent = data.meta.kind;
    parts.push(" ", kind);
  }
  return parts;
}
