"""Fill the placeholders of a page from the derived graph, at write time.

Everything a page shows of *other* records (names, back-links, listings) is drawn here, from
the graph rebuilt after every read, so a page never shows stale relations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pybtex.plugin import find_plugin

from . import nodes as archive_nodes
from .graph import Edge
from .recordtypes import ORGANISATION_KIND_LABELS, RECORD_TYPES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import ArchiveDomain
    from .graph import Graph
    from .records import Record

Children = list[nodes.Node]


def source_id(key: str) -> str:
    return nodes.make_id(f"source-{key}")


class PageRenderer:
    """Draws the generated parts of one page, numbering the sources it cites."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.builder: Builder = app.builder
        self.docname = docname
        self.domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
        self.graph: Graph = self.domain.graph
        self.cited: dict[str, int] = {}

    # -- small pieces ----------------------------------------------------------------

    def uri(self, docname: str, anchor: str = "") -> str:
        uri = self.builder.get_relative_uri(self.docname, docname)
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, record: Record, text: str | None = None) -> nodes.reference:
        label = text or record.title
        ref = nodes.reference(label, label, internal=True,
                              refuri=self.uri(record.docname, f"{record.type}-{record.id}"),
                              classes=["archive-link", f"archive-{record.type}"])
        ref["reftitle"] = f"{RECORD_TYPES[record.type].label}: {record.title}"
        return ref

    def cite(self, key: str) -> nodes.Node:
        """A numbered marker linking to the page's source list."""
        number = self.cited.setdefault(key, len(self.cited) + 1)
        ref = nodes.reference(f"[{number}]", f"[{number}]", internal=True, refid=source_id(key),
                              classes=["archive-source-ref"])
        ref["reftitle"] = f"Source: {key}"
        return nodes.superscript("", "", ref)

    def record_by_id(self, record_id: str) -> Record:
        return self.graph.records[record_id]

    @staticmethod
    def text(value: object) -> nodes.Text:
        return nodes.Text(str(value))

    def field_list(self, rows: Iterable[tuple[str, Children]]) -> nodes.field_list:
        fields = nodes.field_list(classes=["archive-infobox-fields"])
        for name, children in rows:
            if not children:
                continue
            body = nodes.field_body("", nodes.paragraph("", "", *children))
            fields += nodes.field("", nodes.field_name(name, name), body)
        return fields

    def joined(self, items: Iterable[Children], sep: str = ", ") -> Children:
        out: Children = []
        for i, item in enumerate(items):
            if i:
                out.append(nodes.Text(sep))
            out.extend(item)
        return out

    def edge_links(self, edges: Iterable[Edge], direction: str = "out") -> Children:
        return self.joined([self.link(self.record_by_id(e.object if direction == "out" else e.subject))]
                           for e in edges)

    # -- record pages -----------------------------------------------------------------

    def body(self, record: Record) -> Children:
        out = self.graph.outgoing.get(record.id, [])
        data = record.data
        rows: list[tuple[str, Children]] = []
        if record.type == "event":
            kind = str(data["kind"])
            if data.get("described_as"):
                kind += " (also described as " + ", ".join(data["described_as"]) + ")"
            rows += [
                ("Date", [self.text(data["date"])]),
                ("Kind", [self.text(kind)]),
                ("Venue", self.edge_links(e for e in out if e.role == "venue")),
                ("Place", [self.text(data["place"])] if data.get("place") else []),
                ("Co-hosts", self.edge_links(e for e in out if e.role == "co_host")),
                ("Organisers", self.edge_links(e for e in out if e.role == "organiser")),
                ("Presided by", self.edge_links(e for e in out if e.role == "presider")),
                ("Speakers", self.edge_links(e for e in out if e.role == "speaker")),
                ("Topics", [self.text(", ".join(data.get("topics") or []))] if data.get("topics") else []),
            ]
        elif record.type == "person":
            rows += [
                ("Name", [self.text(record.title)]),
                ("Family name", [self.text(data["family_name"])]),
                ("Given name", [self.text(data["given_name"])] if data.get("given_name") else []),
                ("Original script", [self.text(data["original_script"])] if data.get("original_script") else []),
                ("Also known as", [self.text(", ".join(data.get("aliases") or []))] if data.get("aliases") else []),
                ("Positions", self.joined(
                    [self.text(f"{e.detail['title']}, "), self.link(self.record_by_id(e.object))]
                    for e in out if e.role == "position")),
            ]
        else:
            rows += [
                ("Name", [self.text(record.title)]),
                ("Abbreviations", [self.text(", ".join(data["abbreviations"]))] if data.get("abbreviations") else []),
                ("Also known as", [self.text(", ".join(data["aliases"]))] if data.get("aliases") else []),
                ("Original script", [self.text(data["original_script"])] if data.get("original_script") else []),
                ("Kind", [self.text(str(data["kind"]).replace("-", " "))]),
                ("Part of", self.edge_links(e for e in out if e.role == "parent")),
                ("Place", [self.text(data["place"])] if data.get("place") else []),
            ]
        rows.append(("Record id", [nodes.literal(record.id, record.id)]))
        rows.append(("Sources", self.joined([[self.cite(k)] for k in data["sources"]], " ")))
        box = nodes.container(classes=["archive-infobox", f"archive-infobox-{record.type}"])
        box += nodes.rubric(RECORD_TYPES[record.type].label, RECORD_TYPES[record.type].label)
        box += self.field_list(rows)
        result: Children = [box]
        if data.get("summary"):
            result.append(nodes.paragraph("", "", self.text(data["summary"]), *[self.cite(k) for k in data["sources"]],
                                          classes=["archive-summary"]))
        return result

    def relations(self, record: Record) -> Children:
        result: Children = []
        groups = self.graph.grouped(record.id)
        for heading, direction, edges in groups:
            section = nodes.container(classes=["archive-relations", f"archive-role-{edges[0].role}"])
            section += nodes.rubric(heading, heading)
            if edges[0].role == "speaker" and direction == "out":
                section += self.talks(edges)
            else:
                items = nodes.bullet_list()
                for edge in edges:
                    items += nodes.list_item("", nodes.paragraph("", "", *self.relation_item(edge, direction)))
                section += items
            result.append(section)
        if record.type == "event" and record.data.get("qa"):
            result.append(nodes.rubric("Questions and answers", "Questions and answers"))
            result.append(nodes.paragraph("", "", self.text(record.data["qa"]),
                                          *[self.cite(k) for k in record.data["sources"]]))
        if record.data.get("mentions"):
            result.append(nodes.rubric("Also mentioned", "Also mentioned"))
            result.append(self.mentions(record.data["mentions"]))
        if not result:
            result.append(nodes.paragraph("", "No relations are recorded yet."))
        return result

    def relation_item(self, edge: Edge, direction: str) -> Children:
        detail = edge.detail
        other = self.record_by_id(edge.object if direction == "out" else edge.subject)
        parts: Children = [self.link(other)]
        if edge.role == "position":
            words = [detail["title"]]
            if detail.get("as_of"):
                words.append(f"as of {detail['as_of']}")
            parts.append(self.text(" — " + ", ".join(words)))
        elif edge.role in ("speaker", "presider") and direction == "in":
            parts.append(self.text(f" ({other.data['date']})"))
            if detail.get("position"):
                parts.append(self.text(f" — as {detail['position']}"))
            if edge.role == "speaker":
                talk = f"talk {detail['number']}"
                talk_uri = self.uri(other.docname, f"talk-{detail['number']}")
                parts += [self.text(" — "), nodes.reference(talk, talk, internal=True, refuri=talk_uri)]
                parts.append(self.text(": " + (detail.get("title") or detail["summary"])))
            elif detail.get("remarks"):
                parts.append(self.text(": " + detail["remarks"]))
        elif edge.role == "presider" and direction == "out":
            if detail.get("position"):
                parts.append(self.text(f", {detail['position']}"))
            if detail.get("remarks"):
                parts.append(self.text(". " + detail["remarks"]))
        elif direction == "in" and other.type == "event":
            parts.append(self.text(f" ({other.data['date']})"))
        parts.append(self.cite(edge.source))
        return parts

    def talks(self, edges: list[Edge]) -> nodes.enumerated_list:
        items = nodes.enumerated_list(classes=["archive-talks"])
        for edge in edges:
            talk = edge.detail
            speaker = self.record_by_id(edge.object)
            item = nodes.list_item(ids=[f"talk-{talk['number']}"], classes=["archive-talk"])
            head: Children = [nodes.strong("", "", self.link(speaker))]
            if talk.get("position"):
                head.append(self.text(f", {talk['position']}"))
            item += nodes.paragraph("", "", *head)
            if talk.get("title"):
                item += nodes.paragraph("", "", nodes.emphasis(talk["title"], talk["title"]))
            item += nodes.paragraph("", "", self.text(talk["summary"]), self.cite(edge.source))
            if talk.get("topics"):
                item += nodes.paragraph("", "", nodes.strong("Topics: ", "Topics: "),
                                        self.text(", ".join(talk["topics"])))
            if talk.get("mentions"):
                item += nodes.paragraph("", "", nodes.strong("Mentioned: ", "Mentioned: "))
                item += self.mentions(talk["mentions"])
            items += item
        return items

    def mentions(self, mentions: list[dict[str, Any]]) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=["archive-mentions"])
        for mention in mentions:
            words: Children = [nodes.emphasis(mention["name"], mention["name"]), self.text(f" ({mention['kind']})")]
            if mention.get("note"):
                words.append(self.text(f": {mention['note']}"))
            words.append(self.cite(mention["source"]))
            items += nodes.list_item("", nodes.paragraph("", "", *words))
        return items

    def formatted_source(self, key: str, number: int, entry: Any) -> Any:
        """A source formatted by pybtex, once per build for each (key, number).

        Loading the style (``find_plugin`` scans the installed packages' entry points) and formatting
        an entry cost more than the rest of a page; the cache lives on the builder, so it never
        outlives the build that read ``references.bib``.
        """
        cache: dict[tuple[str, int], Any] = self.builder.__dict__.setdefault("_archive_sources_cache", {})
        if (key, number) not in cache:
            style = cache.get(("", 0))
            if style is None:
                style = cache[("", 0)] = find_plugin("pybtex.style.formatting",
                                                     self.app.config.bibtex_default_style)()
            cache[(key, number)] = style.format_entry(label=str(number), entry=entry)
        return cache[(key, number)]

    def sources(self, record: Record) -> Children:
        for key in record.data["sources"]:
            self.cite(key)
        cite_domain: Any = self.app.env.domains["cite"]
        listing = nodes.enumerated_list(classes=["archive-sources"])
        for key, number in sorted(self.cited.items(), key=lambda kv: kv[1]):
            entry = cite_domain.bibdata.data.entries.get(key)
            item = nodes.list_item(ids=[source_id(key)])
            if entry is None:
                item += nodes.paragraph("", f"{key} (not found in references.bib)")
            else:
                item += cite_domain.backend.paragraph(self.formatted_source(key, number, entry))
            listing += item
        note = nodes.paragraph("", "Every statement on this page is taken from the sources below; "
                                   "the numbers beside a statement point to its source.",
                               classes=["archive-sources-note"])
        return [note, listing]

    # -- listings ------------------------------------------------------------------

    def listing(self, record_type: str, limit: int = 0) -> Children:
        records = self.graph.by_type(record_type)
        if not records:
            return [nodes.paragraph("", f"No {RECORD_TYPES[record_type].plural.lower()} are recorded yet.")]
        if record_type == "event":
            return self.event_listing(records, limit)
        if record_type == "person":
            return self.person_listing(records)
        return self.organisation_listing(records)

    def event_row(self, record: Record) -> nodes.list_item:
        venue = [e for e in self.graph.outgoing.get(record.id, []) if e.role == "venue"]
        talks = len(record.data.get("talks") or [])
        date = str(record.data["date"])
        parts: Children = [nodes.literal(date, date), self.text(" "), self.link(record),
                           self.text(f" — {record.data['kind']}, {talks} talk{'s' if talks != 1 else ''}")]
        if venue:
            parts += [self.text(", at "), self.link(self.record_by_id(venue[0].object))]
        return nodes.list_item("", nodes.paragraph("", "", *parts), classes=["archive-event-row"])

    def event_listing(self, records: list[Record], limit: int) -> Children:
        records = sorted(records, key=lambda r: (r.sort_key, r.id), reverse=True)
        if limit:
            items = nodes.bullet_list(classes=["archive-listing", "archive-listing-event"])
            for record in records[:limit]:
                items += self.event_row(record)
            return [items]
        by_year: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            by_year[str(record.data["date"])[:4]].append(record)
        out: Children = []
        for year in sorted(by_year, reverse=True):
            container = nodes.container(ids=[f"year-{year}"], classes=["archive-year"])
            container += nodes.rubric(year, year)
            items = nodes.bullet_list(classes=["archive-listing", "archive-listing-event"])
            for record in by_year[year]:
                items += self.event_row(record)
            container += items
            out.append(container)
        return out

    def person_listing(self, records: list[Record]) -> Children:
        by_letter: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            by_letter[record.sort_name[:1].upper()].append(record)
        jumps = nodes.paragraph(classes=["archive-letter-jumps"])
        for i, letter in enumerate(sorted(by_letter)):
            if i:
                jumps += self.text(" · ")
            jumps += nodes.reference(letter, letter, internal=True, refid=f"letter-{letter.lower()}")
        out: Children = [jumps]
        for letter in sorted(by_letter):
            container = nodes.container(ids=[f"letter-{letter.lower()}"], classes=["archive-letter"])
            container += nodes.rubric(letter, letter)
            items = nodes.bullet_list(classes=["archive-listing", "archive-listing-person"])
            for record in by_letter[letter]:
                parts: Children = [self.link(record, record.sort_name)]
                positions = [e for e in self.graph.outgoing.get(record.id, []) if e.role == "position"]
                if positions:
                    parts.append(self.text(" — "))
                    parts += self.joined([self.text(f"{e.detail['title']}, "), self.link(self.record_by_id(e.object))]
                                         for e in positions)
                items += nodes.list_item("", nodes.paragraph("", "", *parts))
            container += items
            out.append(container)
        return out

    def organisation_listing(self, records: list[Record]) -> Children:
        out: Children = []
        by_kind: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            by_kind[record.data["kind"]].append(record)
        for kind, label in ORGANISATION_KIND_LABELS.items():
            if kind not in by_kind:
                continue
            container = nodes.container(ids=[f"kind-{kind}"], classes=["archive-kind"])
            container += nodes.rubric(label, label)
            items = nodes.bullet_list(classes=["archive-listing", "archive-listing-organisation"])
            for record in by_kind[kind]:
                parts: Children = [self.link(record)]
                if record.data.get("abbreviations"):
                    parts.append(self.text(" (" + ", ".join(record.data["abbreviations"]) + ")"))
                items += nodes.list_item("", nodes.paragraph("", "", *parts))
            container += items
            out.append(container)
        tree = nodes.container(ids=["hierarchy"], classes=["archive-hierarchy"])
        tree += nodes.rubric("Hierarchy", "Hierarchy")
        tree += self.hierarchy(records)
        out.append(tree)
        return out

    def hierarchy(self, records: list[Record]) -> nodes.bullet_list:
        children: dict[str | None, list[Record]] = defaultdict(list)
        ids = {r.id for r in records}
        for record in records:
            parent = (record.data.get("parent") or {}).get("org")
            children[parent if parent in ids else None].append(record)

        def branch(parent: str | None, seen: frozenset[str]) -> nodes.bullet_list:
            items = nodes.bullet_list(classes=["archive-tree"])
            for record in children.get(parent, []):
                item = nodes.list_item("", nodes.paragraph("", "", self.link(record)))
                if record.id in children and record.id not in seen:
                    item += branch(record.id, seen | {record.id})
                items += item
            return items

        return branch(None, frozenset())

    def summary(self) -> Children:
        counts = {t: len(self.graph.by_type(t)) for t in RECORD_TYPES}
        relations = sum(len(v) for v in self.graph.outgoing.values())
        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        text = (f"The archive holds {count(counts['event'], 'event', 'events')}, "
                f"{count(counts['person'], 'person', 'people')} and "
                f"{count(counts['organisation'], 'organisation', 'organisations')}, joined by "
                f"{count(relations, 'sourced relation', 'sourced relations')}.")
        out: Children = [nodes.paragraph("", text, classes=["archive-counts"])]
        out.append(nodes.rubric("Latest events", "Latest events"))
        out += self.listing("event", limit=5)
        out.append(nodes.rubric("Ways in", "Ways in"))
        ways = nodes.bullet_list(classes=["archive-ways-in"])
        for label, docname in (("Events, by year", "events/index"), ("People, A–Z", "speakers/index"),
                               ("Organisations, by kind", "organisations/index"),
                               ("Index of events by date", "archive-events"), ("Index of people", "archive-people"),
                               ("Index of organisations", "archive-organisations"),
                               ("Timeline of events", "timeline"), ("Topics and mentions", "topics"),
                               ("Network of the whole archive", "network"),
                               ("General index of names, aliases and topics", "genindex"), ("Search", "search"),
                               ("Cite and reuse: citations and the dataset", "cite")):
            if docname not in self.app.env.found_docs and docname not in ("genindex", "search") \
                    and not docname.startswith("archive-"):
                continue
            ways += nodes.list_item("", nodes.paragraph("", "", nodes.reference(label, label, internal=True,
                                                                               refuri=self.uri(docname))))
        out.append(ways)
        return out


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each placeholder with what the graph says now."""
    placeholders = [n for n in doctree.findall(lambda n: isinstance(n, archive_nodes.PLACEHOLDERS))]
    if not placeholders:
        return
    renderer = PageRenderer(app, docname)
    for node in placeholders:
        if isinstance(node, archive_nodes.record_listing):
            node.replace_self(renderer.listing(node["record_type"], node.get("limit", 0)))
            continue
        if isinstance(node, archive_nodes.archive_summary):
            node.replace_self(renderer.summary())
            continue
        record = renderer.graph.records.get(node["record_id"])
        if record is None or record.docname != docname:
            archive_nodes.drop(node)
            continue
        if isinstance(node, archive_nodes.record_body):
            node.replace_self(renderer.body(record))
        elif isinstance(node, archive_nodes.record_relations):
            node.replace_self(renderer.relations(record))
        elif isinstance(node, archive_nodes.record_sources):
            node.replace_self(renderer.sources(record))
