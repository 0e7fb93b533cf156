"""The archive as a graph: forward links as contributors write them, back-links derived.

Contributors write each relation once, on one record (an event names its speakers; a person
names the organisations where they hold positions). :func:`edges` reads those forward links;
:class:`Graph` indexes them both ways, once per build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from .records import Record


class Role(NamedTuple):
    #: Machine name of the relation.
    name: str
    #: Record type at the start of the link (the record that names it).
    subject: str
    #: Record type the link points to.
    object: str
    #: Heading on the subject's page.
    forward: str
    #: Heading on the object's page.
    backward: str


ROLES: dict[str, Role] = {
    r.name: r
    for r in (
        Role("co_host", "event", "organisation", "Co-hosts", "Events co-hosted"),
        Role("organiser", "event", "organisation", "Organisers", "Events organised"),
        Role("venue", "event", "organisation", "Venue", "Events hosted as venue"),
        Role("presider", "event", "person", "Presided by", "Events presided"),
        Role("speaker", "event", "person", "Talks", "Events spoken at"),
        Role("position", "person", "organisation", "Positions held", "People and their positions"),
        Role("parent", "organisation", "organisation", "Parent organisation", "Child organisations"),
    )
}


class Edge(NamedTuple):
    """One relation, as written on its subject record."""

    #: Relation name, a key of :data:`ROLES`.
    role: str
    #: Id of the record that states the relation.
    subject: str
    #: Id of the record it points to.
    object: str
    #: Where the relation is written in the subject's front matter.
    path: tuple[str | int, ...]
    #: The BibTeX key of the source that supports it.
    source: str
    #: The relation's own fields (a talk, a position's title, …).
    detail: Mapping[str, Any]


def edges(record: Record) -> Iterator[Edge]:
    """The forward links a record's front matter states, in the order written."""
    data = record.data
    if record.type == "event":
        for field, role in (("co_hosts", "co_host"), ("organisers", "organiser")):
            for i, item in enumerate(data.get(field) or []):
                yield Edge(role, record.id, item["org"], (field, i, "org"), item["source"], item)
        if data.get("venue"):
            venue = data["venue"]
            yield Edge("venue", record.id, venue["org"], ("venue", "org"), venue["source"], venue)
        for i, item in enumerate(data.get("presiders") or []):
            yield Edge("presider", record.id, item["person"], ("presiders", i, "person"), item["source"], item)
        for i, item in enumerate(data.get("talks") or []):
            yield Edge("speaker", record.id, item["speaker"], ("talks", i, "speaker"), item["source"],
                       {**item, "number": i + 1})
    elif record.type == "person":
        for i, item in enumerate(data.get("positions") or []):
            yield Edge("position", record.id, item["org"], ("positions", i, "org"), item["source"], item)
    elif record.type == "organisation" and data.get("parent"):
        parent = data["parent"]
        yield Edge("parent", record.id, parent["org"], ("parent", "org"), parent["source"], parent)


def source_keys(record: Record) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every BibTeX key a record cites, with the field path that cites it."""
    for i, key in enumerate(record.data.get("sources") or []):
        yield ("sources", i), key

    def walk(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "source" and isinstance(v, str):
                    yield (*path, k), v
                elif k != "sources":
                    yield from walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, (*path, i))

    yield from walk(record.data, ())


class Graph:
    """All records and their relations in both directions, derived once per build."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.records: dict[str, Record] = {}
        for record in records:
            self.records.setdefault(record.id, record)
        self.aliases: dict[str, str] = {}
        for record in self.records.values():
            for old in record.data.get("old_ids") or []:
                self.aliases.setdefault(old, record.id)
        self.outgoing: dict[str, list[Edge]] = defaultdict(list)
        self.incoming: dict[str, list[Edge]] = defaultdict(list)
        for record in self.records.values():
            for edge in edges(record):
                if edge.object not in self.records or self.records[edge.object].type != ROLES[edge.role].object:
                    continue  # a dangling link: reported by the checks, not drawn
                self.outgoing[record.id].append(edge)
                self.incoming[edge.object].append(edge)
        for links in self.incoming.values():
            links.sort(key=lambda e: (self._date(e.subject), e.subject), reverse=False)

    def _date(self, record_id: str) -> str:
        return str(self.records[record_id].data.get("date", ""))

    def get(self, record_id: str) -> Record | None:
        """A record by id, following an old id to the record that now holds it."""
        return self.records.get(record_id) or self.records.get(self.aliases.get(record_id, ""))

    def by_type(self, record_type: str) -> list[Record]:
        return sorted((r for r in self.records.values() if r.type == record_type), key=lambda r: (r.sort_key, r.id))

    def grouped(self, record_id: str) -> list[tuple[str, str, list[Edge]]]:
        """A record's relations grouped by role: (heading, direction, edges), forward first."""
        groups: list[tuple[str, str, list[Edge]]] = []
        for role in ROLES.values():
            out = [e for e in self.outgoing.get(record_id, []) if e.role == role.name]
            if out:
                groups.append((role.forward, "out", out))
        for role in ROLES.values():
            inc = [e for e in self.incoming.get(record_id, []) if e.role == role.name]
            if inc:
                groups.append((role.backward, "in", inc))
        return groups

    def neighbours(self, record_id: str) -> set[str]:
        return {e.object for e in self.outgoing.get(record_id, [])} | {
            e.subject for e in self.incoming.get(record_id, [])}

    def relation_count(self, record_id: str) -> int:
        return len(self.outgoing.get(record_id, [])) + len(self.incoming.get(record_id, []))

    def fingerprint(self, record_id: str) -> str:
        """A digest of everything derived that a record's page shows from other records."""
        import hashlib

        parts: list[Any] = []
        for heading, direction, links in self.grouped(record_id):
            for e in links:
                other = self.records[e.object if direction == "out" else e.subject]
                parts.append((heading, other.id, other.title, other.type, other.data.get("date"),
                              sorted(e.detail.items(), key=str), e.source))
        return hashlib.sha256(repr(parts).encode()).hexdigest()
