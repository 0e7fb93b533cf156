"""The ``archive`` domain: records as Sphinx objects, with roles, indices and derived data.

Stored data is keyed by document, so ``clear_doc`` and ``merge_domaindata`` keep incremental
and parallel builds correct. The graph (back-links, listings) is *derived*: rebuilt from the
stored records after every read, never merged between workers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from . import directives, indices
from .checks import check_archive
from .graph import Graph
from .records import Record
from .recordtypes import RECORD_TYPES

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Role names accepted for each record type (``{archive:org}`` is short for organisation).
ROLE_TYPES: dict[str, tuple[str, ...]] = {
    "event": ("event",),
    "person": ("person",),
    "organisation": ("organisation",),
    "org": ("organisation",),
    "ref": tuple(RECORD_TYPES),
}


def anchor(record: Record) -> str:
    """The id of the target that starts a record's page."""
    return f"{record.type}-{record.id}"


class ArchiveDomain(Domain):
    name = "archive"
    label = "CECCI Forum Archive"
    object_types = {
        "event": ObjType("event", "event", "ref"),
        "person": ObjType("person", "person", "ref"),
        "organisation": ObjType("organisation", "organisation", "org", "ref"),
    }
    roles = {name: XRefRole(warn_dangling=True) for name in ROLE_TYPES}
    directives = {
        "record": directives.RecordDirective,
        "relations": directives.RelationsDirective,
        "sources": directives.SourcesDirective,
        "listing": directives.ListingDirective,
        "summary": directives.SummaryDirective,
    }
    indices = [indices.EventIndex, indices.PersonIndex, indices.OrganisationIndex]
    initial_data: dict[str, Any] = {
        "records": {},  # docname -> Record (or None for a record file that failed validation)
        "listings": {},  # docname -> set of placeholder kinds on that page
        "fingerprints": {},  # docname -> digest of what the page shows from other records
    }
    data_version = 1
    dangling_warnings = {
        name: f"no {' or '.join(types) if name != 'ref' else 'record'} has the id `%(target)s`; "
        f"write the id of an existing record"
        for name, types in ROLE_TYPES.items()
    }

    _graph: Graph | None = None

    # -- stored data ---------------------------------------------------------------

    @property
    def records(self) -> dict[str, Record | None]:
        return self.data["records"]

    @property
    def listings(self) -> dict[str, set[str]]:
        return self.data["listings"]

    @property
    def fingerprints(self) -> dict[str, str]:
        return self.data["fingerprints"]

    def note_record(self, docname: str, record: Record | None) -> None:
        self.records[docname] = record

    def note_listing(self, docname: str, kind: str) -> None:
        self.listings.setdefault(docname, set()).add(kind)

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.listings.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["records"]:
                self.records[docname] = otherdata["records"][docname]
            if docname in otherdata["listings"]:
                self.listings[docname] = otherdata["listings"][docname]

    # -- derived data --------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = Graph(r for r in self.records.values() if r is not None)
        return self._graph

    def derive(self) -> list[str]:
        """Rebuild the graph; return the pages whose derived content changed."""
        self._graph = Graph(r for r in self.records.values() if r is not None)
        graph = self._graph
        fresh: dict[str, str] = {}
        for record in graph.records.values():
            fresh[record.docname] = graph.fingerprint(record.id)
        digests = self._listing_digests()
        for docname, kinds in self.listings.items():
            shown = sorted(kind for kind in kinds if kind in digests)  # other kinds are derived by their owners
            if shown:
                fresh[docname] = hashlib.sha256(" ".join(digests[k] for k in shown).encode()).hexdigest()
        changed = [d for d, digest in fresh.items() if self.fingerprints.get(d) != digest]
        self.data["fingerprints"] = fresh
        return sorted(changed)

    def _listing_digests(self) -> dict[str, str]:
        """For each kind of listing (``listing-event`` …, ``summary``), a digest of what it shows.

        One digest per kind, not one for all, so that renaming a person rewrites the people listing
        but not the events or organisations listings (at 2,000 records, each is a large page).
        """
        graph = self.graph

        def link(record_id: str) -> tuple[str, ...]:
            other = graph.records[record_id]
            return (other.id, other.type, other.title, other.docname)

        def out(record: Record, role: str) -> list[tuple[Any, ...]]:
            return [(*link(e.object), repr(sorted(e.detail.items(), key=str)))
                    for e in graph.outgoing.get(record.id, []) if e.role == role]

        def event_row(r: Record) -> tuple[Any, ...]:
            return (*link(r.id), r.sort_key, r.data.get("date"), r.data.get("kind"), len(r.data.get("talks") or []),
                    out(r, "venue"))

        events = sorted(graph.by_type("event"), key=lambda r: (r.sort_key, r.id))
        newest = sorted((r.sort_key for r in events), reverse=True)[:5]  # the home page shows the latest five
        latest = [event_row(r) for r in events if newest and r.sort_key >= newest[-1]]
        rows: dict[str, Any] = {
            "listing-event": [event_row(r) for r in events],
            "listing-person": [(*link(r.id), r.sort_key, r.sort_name, out(r, "position"))
                               for r in graph.by_type("person")],
            "listing-organisation": [(*link(r.id), r.sort_key, r.data.get("kind"), r.data.get("abbreviations"),
                                      r.data.get("parent")) for r in graph.by_type("organisation")],
            "summary": ([len(graph.by_type(t)) for t in RECORD_TYPES],
                        sum(len(v) for v in graph.outgoing.values()),
                        latest),
        }
        return {kind: hashlib.sha256(repr(value).encode()).hexdigest() for kind, value in rows.items()}

    def check_consistency(self) -> None:
        bib_keys = set(self.env.domains["cite"].bibdata.data.entries.keys())  # type: ignore[attr-defined]
        for problem in check_archive([r for r in self.records.values() if r is not None], bib_keys):
            docname = problem.path.rsplit(".", 1)[0]
            logger.warning(problem.text(), location=(docname, problem.line), type="archive",
                           subtype=problem.code)

    # -- references ----------------------------------------------------------------

    def find(self, target: str) -> Record | None:
        return self.graph.get(target)

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element) -> nodes.reference | None:
        record = self.find(target)
        if record is None or record.type not in ROLE_TYPES.get(typ, ()):
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(record.title, record.title, classes=["xref", "archive", record.type])
        return make_refnode(builder, fromdocname, record.docname, anchor(record), contnode, record.title)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        record = self.find(target)
        if record is None:
            return []
        if not contnode.astext() or contnode.astext() == target:
            contnode = nodes.inline(record.title, record.title, classes=["xref", "archive", record.type])
        ref = make_refnode(builder, fromdocname, record.docname, anchor(record), contnode, record.title)
        return [(f"archive:{record.type}", ref)]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for record in sorted((r for r in self.records.values() if r is not None), key=lambda r: r.id):
            yield record.title, record.title, record.type, record.docname, anchor(record), 0
            # Sphinx's search matches the display name, so each alias is shown under its own name.
            names = {record.sort_name, *record.aliases} - {record.title}
            for name in sorted(names):
                yield name, f"{name} ({record.title})", record.type, record.docname, anchor(record), 1
            yield record.id, record.id, record.type, record.docname, anchor(record), -1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        return node.get("reftarget")


def records_of(env: BuildEnvironment) -> Iterable[Record]:
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    return domain.graph.records.values()
