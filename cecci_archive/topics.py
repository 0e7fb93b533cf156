"""``{archive:topics}``: every topic and every mention, with the records that mention them.

Topics are written on events (``topics``) and on talks (``talks[].topics``); mentions (projects,
brands, programmes, places … named in passing) on events and talks. This page gathers them A–Z,
each with links to the event, to the talk and to its speaker. Topics that differ only in case are
one topic.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .browse import note_browse_page, record_href

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain
    from .graph import Graph
    from .records import Record

#: Headings for the kinds of mention the event schema allows.
MENTION_KIND_LABELS: dict[str, str] = {
    "project": "Projects",
    "brand": "Brands",
    "product": "Products",
    "programme": "Programmes",
    "designation": "Designations",
    "organisation": "Organisations",
    "company": "Companies",
    "media": "Media",
    "government-department": "Government departments",
    "association": "Associations",
    "place": "Places",
    "other": "Other",
}


class topics_listing(nodes.General, nodes.Element):
    """Placeholder for the topics page, filled at write time."""


class TopicsDirective(SphinxDirective):
    """``{archive:topics}``: topics and mentions A–Z with the records that mention them."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        note_browse_page(self.env, self.env.docname, "topics")
        return [topics_listing()]


class Occurrence(NamedTuple):
    """Where a topic or mention is written."""

    #: The event that states it.
    event: Record
    #: Talk number on the event page, or 0 for the event as a whole.
    talk: int
    #: The speaker of that talk, if any.
    speaker: Record | None
    #: The mention's note, if any.
    note: str


class Entry(NamedTuple):
    name: str
    #: For mentions, their kind; empty for topics.
    kind: str
    occurrences: tuple[Occurrence, ...]


def collect(graph: Graph) -> tuple[list[Entry], list[Entry]]:
    """(topics, mentions), each sorted A–Z; topics merged case-insensitively, mentions by name and kind."""
    topics: dict[str, list[tuple[str, Occurrence]]] = defaultdict(list)
    mentions: dict[tuple[str, str], list[tuple[str, Occurrence]]] = defaultdict(list)
    for event in graph.by_type("event"):
        data = event.data
        for topic in data.get("topics") or []:
            topics[topic.casefold()].append((topic, Occurrence(event, 0, None, "")))
        for mention in data.get("mentions") or []:
            mentions[(mention["name"].casefold(), mention["kind"])].append(
                (mention["name"], Occurrence(event, 0, None, mention.get("note") or "")))
        for number, talk in enumerate(data.get("talks") or [], start=1):
            speaker = graph.records.get(talk.get("speaker", ""))
            if speaker is not None and speaker.type != "person":
                speaker = None
            for topic in talk.get("topics") or []:
                topics[topic.casefold()].append((topic, Occurrence(event, number, speaker, "")))
            for mention in talk.get("mentions") or []:
                mentions[(mention["name"].casefold(), mention["kind"])].append(
                    (mention["name"], Occurrence(event, number, speaker, mention.get("note") or "")))

    def entries(found: dict[object, list[tuple[str, Occurrence]]], kind_of: int | None) -> list[Entry]:
        out = []
        for key, items in found.items():
            name = items[0][0]
            kind = key[kind_of] if kind_of is not None else ""  # type: ignore[index]
            unique: dict[tuple[str, int, str, str], Occurrence] = {}
            for _, o in items:
                unique.setdefault((o.event.id, o.talk, o.speaker.id if o.speaker else "", o.note), o)
            occurrences = tuple(unique.values())
            out.append(Entry(name, kind, occurrences))
        return sorted(out, key=lambda e: (e.name.casefold(), e.name, e.kind))

    return entries(topics, None), entries(mentions, 1)  # type: ignore[arg-type]


class _Ids:
    """Unique HTML ids for entry names (names in any script)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        base = nodes.make_id(f"{prefix}-{name}") or prefix
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def letter_of(name: str) -> str:
    first = name.strip()[:1].upper()
    return first if first.isalpha() else "#"


def _occurrence_item(app: Sphinx, docname: str, occurrence: Occurrence) -> nodes.list_item:
    event = occurrence.event
    event_uri = record_href(app, docname, event)
    parts: list[nodes.Node] = []
    if occurrence.talk:
        talk_uri = event_uri.split("#", 1)[0] + f"#talk-{occurrence.talk}"
        label = f"talk {occurrence.talk}"
        parts.append(nodes.reference(label, label, internal=True, refuri=talk_uri))
        if occurrence.speaker is not None:
            parts.append(nodes.Text(" by "))
            parts.append(nodes.reference(occurrence.speaker.title, occurrence.speaker.title, internal=True,
                                         refuri=record_href(app, docname, occurrence.speaker),
                                         classes=["archive-link", "archive-person"]))
        parts.append(nodes.Text(" at "))
    parts.append(nodes.reference(event.title, event.title, internal=True, refuri=event_uri,
                                 classes=["archive-link", "archive-event"]))
    parts.append(nodes.Text(f" ({event.data.get('date')})"))
    if occurrence.note:
        parts.append(nodes.Text(f": {occurrence.note}"))
    return nodes.list_item("", nodes.paragraph("", "", *parts))


def _entry_list(app: Sphinx, docname: str, entries: list[Entry], prefix: str, ids: _Ids) -> nodes.definition_list:
    listing = nodes.definition_list(classes=["archive-topics"])
    for entry in entries:
        term = nodes.term(entry.name, entry.name, ids=[ids(prefix, entry.name)])
        where = nodes.bullet_list()
        for occurrence in entry.occurrences:
            where += _occurrence_item(app, docname, occurrence)
        listing += nodes.definition_list_item("", term, nodes.definition("", where))
    return listing


def topics_page(app: Sphinx, docname: str, graph: Graph) -> list[nodes.Node]:
    topics, mentions = collect(graph)
    if not topics and not mentions:
        return [nodes.paragraph("", "No topics or mentions are recorded yet.")]
    ids = _Ids()
    ids.used.update({"all-topics", "mentioned"})
    out: list[nodes.Node] = [nodes.paragraph(
        "", f"{len(topics)} topics and {len(mentions)} things mentioned in passing, each with the events and talks "
            "that name them.", classes=["archive-counts"])]
    by_letter: dict[str, list[Entry]] = defaultdict(list)
    for entry in topics:
        by_letter[letter_of(entry.name)].append(entry)
    letters = sorted(by_letter, key=lambda s: (s == "#", s))
    letter_ids = {letter: ids("topics-letter", letter) for letter in letters}
    jumps = nodes.paragraph(classes=["archive-letter-jumps"])
    jumps += nodes.Text("Topics: ")
    for i, letter in enumerate(letters):
        if i:
            jumps += nodes.Text(" · ")
        jumps += nodes.reference(letter, letter, internal=True, refid=letter_ids[letter])
    jumps += nodes.Text(" · ")
    jumps += nodes.reference("Mentioned", "Mentioned", internal=True, refid="mentioned")
    out.append(jumps)
    section = nodes.container(ids=["all-topics"], classes=["archive-topics-section"])
    section += nodes.rubric("Topics", "Topics")
    for letter in letters:
        box = nodes.container(ids=[letter_ids[letter]], classes=["archive-letter"])
        box += nodes.rubric(letter, letter)
        box += _entry_list(app, docname, by_letter[letter], "topic", ids)
        section += box
    out.append(section)
    mentioned = nodes.container(ids=["mentioned"], classes=["archive-mentions-section"])
    mentioned += nodes.rubric("Mentioned", "Mentioned")
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for entry in mentions:
        by_kind[entry.kind].append(entry)
    for kind in sorted(by_kind, key=lambda k: list(MENTION_KIND_LABELS).index(k) if k in MENTION_KIND_LABELS else 99):
        label = MENTION_KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())
        box = nodes.container(ids=[ids("mentioned", kind)], classes=["archive-mention-kind"])
        box += nodes.rubric(label, label)
        box += _entry_list(app, docname, by_kind[kind], "mention", ids)
        mentioned += box
    out.append(mentioned)
    return out


def fill_topics(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: list the topics and mentions as the records state them now."""
    found = list(doctree.findall(topics_listing))
    if not found:
        return
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    for node in found:
        node.replace_self(topics_page(app, docname, domain.graph))
