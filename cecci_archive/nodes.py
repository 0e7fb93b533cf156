"""Placeholder nodes: written at read time, filled from the derived graph at write time."""

from __future__ import annotations

from docutils import nodes


class record_body(nodes.General, nodes.Element):
    """The generated top of a record page: infobox and summary."""


class record_relations(nodes.General, nodes.Element):
    """A record's relations in both directions, grouped by role."""


class record_sources(nodes.General, nodes.Element):
    """The sources behind a record page's statements."""


class record_listing(nodes.General, nodes.Element):
    """A generated listing of records of one type (``record_type`` attribute)."""


class archive_summary(nodes.General, nodes.Element):
    """The home page's counts, latest events and ways in."""


def drop(node: nodes.Element) -> None:
    """Remove a placeholder that has nothing to show (``replace_self([])`` refuses nodes with ids)."""
    node.parent.remove(node)


PLACEHOLDERS = (record_body, record_relations, record_sources, record_listing, archive_summary)


def _skip(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visitors() -> dict[str, tuple[object, object]]:
    """Builders that meet a placeholder left unfilled skip it."""
    return {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
