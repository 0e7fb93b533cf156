"""Keep the search index's index entries across incremental builds (sphinx-doc/sphinx#12599).

Sphinx feeds a page's index entries (names, aliases, topics, mentions: see
:func:`.directives.index_entries`) to ``searchindex.js`` only when it writes the page, and does not
load them back from the previous ``searchindex.js``. So after an incremental build, or a build with
nothing changed, every page that was not rewritten has lost its entries: searching an alias finds
nothing, and the output differs from a full build's.

This module keeps a copy of the entries next to the doctrees and gives back, just before the
index is dumped, the entries of the pages that were not written in this build.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: File in the doctree folder holding the entries of the last build.
FILENAME = "archive-search-entries.pickle"


def restore_entries(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (runs before the search index is dumped): complete, then save, the entries."""
    indexer = getattr(app.builder, "indexer", None)
    entries: dict[str, list[tuple[str, str, str]]] | None = getattr(indexer, "_index_entries", None)
    if entries is None:
        return []
    path = Path(app.doctreedir) / FILENAME
    try:
        saved: dict[str, list[tuple[str, str, str]]] = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        saved = {}
    for docname in app.env.all_docs:
        if docname not in entries and docname in saved:
            entries[docname] = saved[docname]
    current = {d: entries[d] for d in sorted(app.env.all_docs) if d in entries}
    if current != saved:
        path.write_bytes(pickle.dumps(current, protocol=pickle.HIGHEST_PROTOCOL))
    return []
