"""Directives the source reader writes into record pages, and that listing pages use."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import nodes as archive_nodes
from .recordtypes import RECORD_TYPES

if TYPE_CHECKING:
    from .domain import ArchiveDomain
    from .records import Record


def index_entries(record: Record, target: str) -> list[tuple[str, str, str, str, str | None]]:
    """General-index entries: the record under its name, and under each alias, topic and mention."""
    entries = [("single", record.sort_name, target, "main", None)]
    if record.sort_name != record.title:
        entries.append(("single", record.title, target, "", None))
    label = RECORD_TYPES[record.type].label.lower()
    for alias in record.aliases:
        entries.append(("single", f"{alias}; {record.title} ({label})", target, "", None))
    topics = list(record.data.get("topics") or [])
    for talk in record.data.get("talks") or []:
        topics += talk.get("topics") or []
    for topic in dict.fromkeys(topics):
        entries.append(("single", f"{topic}; {record.title}", target, "", None))
    mentions = list(record.data.get("mentions") or [])
    for number, talk in enumerate(record.data.get("talks") or [], start=1):
        mentions += [{**m, "_target": f"talk-{number}"} for m in talk.get("mentions") or []]
    for mention in mentions:
        entries.append(("single", f"{mention['name']}; {record.title}", mention.get("_target", target), "", None))
    return entries


class RecordDirective(SphinxDirective):
    """``{archive:record}``: registers the page's record and marks where its infobox goes."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        domain: ArchiveDomain = self.env.domains["archive"]  # type: ignore[assignment]
        self.env.metadata[self.env.docname]["orphan"] = True  # reached through indexes, not the sidebar
        record = domain.records.get(self.env.docname)
        if record is None:
            return []
        from .domain import anchor

        target_id = anchor(record)
        target = nodes.target("", "", ids=[target_id])
        self.state.document.note_explicit_target(target)
        index = addnodes.index(entries=index_entries(record, target_id))
        body = archive_nodes.record_body(record_id=record.id)
        return [index, target, body]


class RecordPlaceholderDirective(SphinxDirective):
    """A directive that marks where a generated part of the page's record goes (``node_class``)."""

    has_content = False
    node_class: ClassVar[type[nodes.Element]]

    def run(self) -> list[nodes.Node]:
        domain: ArchiveDomain = self.env.domains["archive"]  # type: ignore[assignment]
        record = domain.records.get(self.env.docname)
        if record is None:
            return []
        return [self.node_class(record_id=record.id)]


class RelationsDirective(RecordPlaceholderDirective):
    """``{archive:relations}``: the record's relations in both directions."""

    node_class = archive_nodes.record_relations


class SourcesDirective(RecordPlaceholderDirective):
    """``{archive:sources}``: the sources of every statement on the page."""

    node_class = archive_nodes.record_sources


class ListingDirective(SphinxDirective):
    """``{archive:listing} person``: every record of one type, generated at each build."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, object]] = {"limit": rst_directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        record_type = self.arguments[0].strip()
        if record_type not in RECORD_TYPES:
            raise self.error(f"unknown record type {record_type!r}; write one of: {', '.join(RECORD_TYPES)}")
        domain: ArchiveDomain = self.env.domains["archive"]  # type: ignore[assignment]
        domain.note_listing(self.env.docname, f"listing-{record_type}")
        return [archive_nodes.record_listing(record_type=record_type, limit=self.options.get("limit", 0))]


class SummaryDirective(SphinxDirective):
    """``{archive:summary}``: counts, the latest events and ways into the archive."""

    def run(self) -> list[nodes.Node]:
        domain: ArchiveDomain = self.env.domains["archive"]  # type: ignore[assignment]
        domain.note_listing(self.env.docname, "summary")
        return [archive_nodes.archive_summary()]
