"""Old URLs keep working: one redirect page per id listed in a record's ``old_ids``.

A record's id is its URL. When a record is renamed or merged, its old ids stay in its front
matter (``old_ids``); for each, this writes ``<folder>/<old-id>.html``, a small page that sends the
reader (and search engines, through its canonical link) to the record's page. The pages are
driven only by ``old_ids`` and rewritten at the end of every build, so they replace the stale page
an incremental build leaves behind when a record file is renamed.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import citation
from .dataset import write_if_changed
from .domain import anchor
from .recordtypes import RECORD_TYPES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain
    from .graph import Graph

class Redirect(NamedTuple):
    #: Docname of the old page (``speakers/old-id``).
    old: str
    #: Docname of the record's page now.
    new: str
    #: The record's title.
    title: str
    #: The record's anchor on its page.
    anchor: str


def redirects(graph: Graph, existing: set[str]) -> list[Redirect]:
    """One redirect per old id, skipping any old id that is the docname of a real page."""
    out: list[Redirect] = []
    for record in sorted(graph.records.values(), key=lambda r: r.id):
        folder = RECORD_TYPES[record.type].folder
        for old in record.data.get("old_ids") or []:
            old_doc = f"{folder}/{old}"
            if old_doc in existing or old == record.id:
                continue  # the checks report an old id that is another record's id
            out.append(Redirect(old_doc, record.docname, record.title, anchor(record)))
    return out


def page(redirect: Redirect, relative: str, absolute: str, site_name: str) -> str:
    """The HTML of a redirect page. Only ``relative``/``absolute`` (built from ids) reach the script."""
    title = html.escape(redirect.title)
    script = json.dumps(relative).replace("<", "\\u003c")
    href = html.escape(relative, quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Moved: {title} — {html.escape(site_name)}</title>
<meta name="robots" content="noindex" />
<link rel="canonical" href="{html.escape(absolute, quote=True)}" />
<meta http-equiv="refresh" content="0; url={href}" />
<script>location.replace({script} + location.hash);</script>
</head>
<body>
<p>This record has a new address: <a href="{href}">{title}</a>.</p>
</body>
</html>
"""


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the redirect page of every old id."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    site = citation.site_of(app)
    outdir = Path(app.outdir)
    for redirect in redirects(domain.graph, set(app.env.found_docs)):
        old_uri = citation.target_uri(app, redirect.old)
        new_uri = citation.target_uri(app, redirect.new)
        base = old_uri if old_uri.endswith("/") else posixpath.dirname(old_uri)
        relative = posixpath.relpath(new_uri, base or ".") + ("/" if new_uri.endswith("/") else "")
        target = outdir / (old_uri + "index.html" if old_uri.endswith("/") else old_uri)
        write_if_changed(target, page(redirect, relative, site.url(new_uri) if site.baseurl else new_uri, site.name))
