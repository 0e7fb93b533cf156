"""Domain indices: events by date, people A–Z by family name, organisations by kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sphinx.domains import Index, IndexEntry

from .recordtypes import ORGANISATION_KIND_LABELS

if TYPE_CHECKING:
    from .domain import ArchiveDomain
    from .records import Record


def _records(index: Index, record_type: str, docnames: Iterable[str] | None) -> list[Record]:
    domain: ArchiveDomain = index.domain  # type: ignore[assignment]
    wanted = set(docnames) if docnames is not None else None
    return [r for r in domain.graph.by_type(record_type) if wanted is None or r.docname in wanted]


def _anchor(record: Record) -> str:
    return f"{record.type}-{record.id}"


class EventIndex(Index):
    name = "events"
    localname = "Events by date"
    shortname = "events"

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for record in sorted(_records(self, "event", docnames), key=lambda r: (r.sort_key, r.id), reverse=True):
            date = str(record.data["date"])
            groups[date[:4]].append(IndexEntry(record.title, 0, record.docname, _anchor(record),
                                               str(record.data["kind"]), date, ""))
        return sorted(groups.items(), reverse=True), False


class PersonIndex(Index):
    name = "people"
    localname = "People A–Z"
    shortname = "people"

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for record in _records(self, "person", docnames):
            letter = record.sort_name[:1].upper()
            positions = "; ".join(p["title"] for p in record.data.get("positions") or [])
            groups[letter].append(IndexEntry(record.sort_name, 0, record.docname, _anchor(record), "", "",
                                             positions))
        return sorted(groups.items()), False


class OrganisationIndex(Index):
    name = "organisations"
    localname = "Organisations by kind"
    shortname = "organisations"

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for record in _records(self, "organisation", docnames):
            label = ORGANISATION_KIND_LABELS[record.data["kind"]]
            groups[label].append(IndexEntry(record.title, 0, record.docname, _anchor(record),
                                            ", ".join(record.data.get("abbreviations") or []), "", ""))
        return sorted(groups.items()), False
