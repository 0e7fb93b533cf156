"""Browsing pages (timeline, topics, whole network): what they depend on, and keeping them fresh.

A browsing page shows facts from every record, so it must be rewritten when any of those facts
changes, even on an incremental build that did not re-read it. The domain already rewrites
listing pages when names, dates and a few relations change; these pages show more (every
relation, every topic and mention), so each kind of page has its own digest of exactly what it
shows, and :func:`refresh` (at ``env-updated``) returns the pages whose digest changed.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ArchiveDomain
    from .graph import Graph
    from .records import Record

#: The kinds of browsing page, as noted with :meth:`ArchiveDomain.note_listing`.
BROWSE_KINDS = ("network", "timeline", "topics")


def note_browse_page(env: BuildEnvironment, docname: str, kind: str) -> None:
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    domain.note_listing(docname, kind)


def record_href(app: Sphinx, fromdocname: str, record: Record) -> str:
    """The relative URL of a record's page, at the record's anchor."""
    return f"{app.builder.get_relative_uri(fromdocname, record.docname)}#{record.type}-{record.id}"


def _shown(kind: str, record: Record) -> tuple[Any, ...]:
    data = record.data
    base = (record.id, record.type, record.title, record.docname, data.get("date"))
    if kind == "network":
        return base
    if kind == "timeline":
        return (*base, data.get("kind"), len(data.get("talks") or []))
    talks = [(t.get("speaker"), t.get("topics"), t.get("mentions")) for t in data.get("talks") or []]
    return (*base, data.get("topics"), data.get("mentions"), talks)


def digest(kind: str, graph: Graph) -> str:
    """A digest of everything a browsing page of this kind shows."""
    rows: list[Any] = sorted(repr(_shown(kind, r)) for r in graph.records.values())
    if kind == "network":
        rows += sorted(repr((e.role, e.subject, e.object)) for links in graph.outgoing.values() for e in links)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def refresh(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the browsing pages whose content changed since the last build."""
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    stored: dict[str, str] = domain.data.setdefault("browse_digests", {})
    fresh = {kind: digest(kind, domain.graph) for kind in BROWSE_KINDS}
    changed = sorted(docname for docname, kinds in domain.listings.items()
                     if any(fresh[k] != stored.get(k) for k in kinds if k in fresh))
    domain.data["browse_digests"] = fresh
    return changed
