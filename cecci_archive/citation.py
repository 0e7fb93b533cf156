"""Citations of records and talks: Chicago author-date text, BibTeX (biblatex ``@online``), RIS and CSL-JSON.

Everything here is a pure function of a record, the graph and the site settings (:class:`Site`),
so the page's "Cite this record" section, the downloadable files and the dataset's ``archive.bib``
all say the same thing.

A record is cited as a web page with the archive as its (institutional) author. Each talk of an
event is cited on its own as a presentation (RIS ``TY  - SLIDE``, CSL-JSON ``speech``), with its
speaker as presenter and the event as the meeting. A talk the source gives no title gets a
descriptive title in square brackets, the cataloguing convention for a supplied title.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from .graph import Graph
from .records import Record
from .recordtypes import RECORD_TYPES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .revision import Revision

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

#: What the reader writes in place of the access date.
ACCESSED = "[access date]"


class Site(NamedTuple):
    """The settings a citation needs, from ``conf.py``."""

    #: The archive's name (``archive_name``): author, website title and organisation.
    name: str
    #: CECCI's rights statement (``archive_rights``).
    rights: str
    #: The absolute URL the site is published at (``html_baseurl``), ending in ``/``.
    baseurl: str
    #: The language of the records (``language``, default ``en``).
    language: str

    def url(self, target_uri: str, anchor: str = "") -> str:
        url = posixpath.join(self.baseurl, target_uri)
        return f"{url}#{anchor}" if anchor else url


def site_of(app: Sphinx) -> Site:
    base = app.config.html_baseurl or ""
    if base and not base.endswith("/"):
        base += "/"
    return Site(app.config.archive_name, app.config.archive_rights, base, app.config.language or "en")


def target_uri(app: Sphinx, docname: str) -> str:
    """The page's path relative to the site root (``speakers/li-jun.html``)."""
    builder = app.builder
    if builder is not None and builder.format == "html":
        return builder.get_target_uri(docname).rsplit("#", 1)[0]
    return docname + (app.config.html_file_suffix or ".html")


class Name(NamedTuple):
    """A creator: a person (family and given names) or an institution (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""
    #: Chinese-style order (``Liang Ruxiao``); False for names written given-first (``Bryson Xue``).
    family_first: bool = True

    #: The name as the record displays it (its ``name``), used as is for family-first names.
    shown: str = ""

    @property
    def display(self) -> str:
        """The name as a reference list starts with it: ``Liang Ruxiao``, ``Xue, Bryson``."""
        if self.literal:
            return self.literal
        if self.family_first:
            return self.shown or f"{self.family} {self.given}"
        return f"{self.family}, {self.given}"


class Citable(NamedTuple):
    """One citable thing: a record page or one talk."""

    #: Citation key, also the stem of the downloadable files (``li-jun``, ``<event-id>-talk-1``).
    key: str
    #: ``record`` or ``talk``.
    kind: str
    #: The title, as shown (a supplied title is in square brackets).
    title: str
    #: Creators in order.
    authors: tuple[Name, ...]
    #: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None`` when unknown.
    date: str | None
    #: When the record last changed (``YYYY-MM-DD``), if known.
    modified: str | None
    #: Absolute URL of the page (with ``#talk-N`` for a talk).
    url: str
    #: The record's id.
    record_id: str
    #: What it is, for readers (``Event record``, ``Talk``).
    label: str
    #: The archive's name.
    archive: str
    #: The meeting (event title) of a talk.
    event: str | None
    #: Where a talk was given.
    place: str | None
    #: A short account (a talk's summary, an event's summary).
    abstract: str | None
    #: Keywords (topics).
    keywords: tuple[str, ...]
    #: Language code.
    language: str
    #: The talk's number on its event page (0 for a record).
    number: int = 0


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def person_name(record: Record) -> Name:
    data = record.data
    given = data.get("given_name") or ""
    return Name(family=str(data["family_name"]), given=str(given), family_first=data.get("name_order") != "given-first",
                shown=record.title) if given else Name(literal=record.title)


def record_date(record: Record, revision: Revision | None) -> str | None:
    """The date a citation gives: an event's date, else the day the record last changed."""
    if record.type == "event":
        return str(record.data["date"])
    return revision.date if revision is not None else None


def keywords(record: Record, graph: Graph) -> tuple[str, ...]:
    """Keywords: an event's kind and topics, an organisation's kind, the organisations of a person."""
    words: list[str] = []
    if record.type == "event":  # the talks' own topics go with the talks' citations
        words.append(str(record.data["kind"]))
        words += record.data.get("topics") or []
    elif record.type == "organisation":
        words.append(str(record.data["kind"]).replace("-", " "))
        words += record.data.get("abbreviations") or []
    else:
        orgs = [p["org"] for p in record.data.get("positions") or []]
        words += [graph.records[o].title for o in orgs if o in graph.records]
    return tuple(dict.fromkeys(_one_line(w) for w in words if str(w).strip()))


def description(record: Record, graph: Graph) -> str:
    """One sentence that says what the record is, from its own fields."""
    data = record.data
    if record.type == "event":
        return _one_line(data["summary"])
    if record.type == "person":
        roles = [f"{p['title']}, {graph.records[p['org']].title if p['org'] in graph.records else p['org']}"
                 for p in data.get("positions") or []]
        return _one_line(f"{record.title}: " + ("; ".join(roles) if roles else "a person in the archive") + ".")
    kind = str(data["kind"]).replace("-", " ")
    parent = (data.get("parent") or {}).get("org")
    abbreviations = ", ".join(data.get("abbreviations") or [])
    text = f"{record.title}{f' ({abbreviations})' if abbreviations else ''}: {kind}"
    if parent and parent in graph.records:
        text += f", part of {graph.records[parent].title}"
    related = [f"{heading.lower()}: {len(edges)}" for heading, direction, edges in graph.grouped(record.id)
               if direction == "in"]
    return _one_line(text + (". In the archive, " + "; ".join(related) if related else "") + ".")


def record_citable(record: Record, graph: Graph, site: Site, uri: str, revision: Revision | None) -> Citable:
    label = f"{RECORD_TYPES[record.type].label} record"
    abstract = _one_line(record.data["summary"]) if record.data.get("summary") else description(record, graph)
    return Citable(record.id, "record", _one_line(record.title), (Name(literal=site.name),),
                   record_date(record, revision), revision.date if revision else None,
                   site.url(uri), record.id, label, site.name, None, None, abstract, keywords(record, graph),
                   site.language)


def talk_citables(record: Record, graph: Graph, site: Site, uri: str) -> list[Citable]:
    """Each talk of an event, as a presentation."""
    if record.type != "event":
        return []
    venue = (record.data.get("venue") or {}).get("org")
    places = [graph.records[venue].title] if venue in graph.records else []
    if record.data.get("place"):
        places.append(str(record.data["place"]))
    out: list[Citable] = []
    for number, talk in enumerate(record.data.get("talks") or [], start=1):
        speaker = graph.records.get(talk["speaker"])
        name = person_name(speaker) if speaker is not None else Name(literal=talk["speaker"])
        title = _one_line(talk["title"]) if talk.get("title") else f"[Talk at {_one_line(record.title)}]"
        out.append(Citable(f"{record.id}-talk-{number}", "talk", title, (name,), str(record.data["date"]), None,
                           site.url(uri, f"talk-{number}"), record.id, "Talk", site.name,
                           _one_line(record.title), ", ".join(places) or None, _one_line(talk["summary"]),
                           tuple(dict.fromkeys(_one_line(t) for t in talk.get("topics") or [])), site.language,
                           number))
    return out


# -- Chicago author-date -------------------------------------------------------------


def _long_date(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 3:
        return f"{MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def _authors_chicago(names: tuple[Name, ...]) -> str:
    first = [n.display for n in names]
    if len(first) <= 1:
        return "".join(first)
    return ", ".join(first[:-1]) + ", and " + first[-1]


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!", "]")) else text + "."


def chicago(item: Citable) -> str:
    """Chicago author-date reference list entry, with a place for the reader's access date."""
    year = item.date[:4] if item.date else "n.d."
    parts = [_end(_authors_chicago(item.authors)), f"{year}."]
    if item.kind == "talk":
        if not item.title.startswith("["):  # a supplied title is only for citation managers
            parts.append(f"“{_end(item.title)}”")
        rest = ", ".join(x for x in (item.place, _long_date(item.date) if item.date else "") if x)
        parts.append(f"Talk given at “{item.event},” {rest}." if rest else f"Talk given at “{_end(item.event or '')}”")
        parts.append(f"Talk {item.number} in event record {item.record_id}, {item.archive}.")
    else:
        parts.append(f"“{_end(item.title)}”")
        parts.append(f"{item.label} {item.record_id}. {item.archive}.")
        if item.modified:
            parts.append(f"Last modified {_long_date(item.modified)}.")
    parts.append(f"{item.url}.")
    parts.append(f"Accessed {ACCESSED}.")
    return " ".join(parts)


# -- BibTeX (biblatex) -----------------------------------------------------------------

_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
                "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}"}
_BIB_RE = re.compile("|".join(re.escape(c) for c in _BIB_SPECIAL))


def bib_escape(text: str) -> str:
    """Text made literal inside a braced BibTeX field: special characters become commands."""
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group(0)], _one_line(text))


def bibtex(item: Citable) -> str:
    """A biblatex ``@online`` entry (``urldate`` is left empty for the reader)."""
    if item.kind == "talk":
        authors = " and ".join(f"{{{bib_escape(n.literal)}}}" if n.literal else
                               f"{bib_escape(n.family)}, {bib_escape(n.given)}" for n in item.authors)
    else:
        authors = " and ".join(f"{{{bib_escape(n.literal or n.display)}}}" for n in item.authors)
    fields: list[tuple[str, str]] = [("author", authors), ("title", bib_escape(item.title))]
    if item.kind == "talk":
        fields += [("titleaddon", "Talk"), ("eventtitle", bib_escape(item.event or "")),
                   ("venue", bib_escape(item.place or ""))]
    else:
        fields.append(("titleaddon", bib_escape(item.label)))
    fields.append(("organization", bib_escape(item.archive)))
    if item.date:
        fields.append(("date", item.date))
    fields += [("url", item.url.replace("%", r"\%").replace("#", r"\#")), ("urldate", ""),
               ("note", bib_escape(f"Record {item.record_id}" + (f", talk {item.number}" if item.number else "")))]
    if item.keywords:
        fields.append(("keywords", bib_escape(", ".join(item.keywords))))
    fields.append(("langid", "english" if item.language.startswith("en") else bib_escape(item.language)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value or name == "urldate")
    return f"@online{{{bib_key(item)},\n{body}\n}}\n"


def bib_key(item: Citable) -> str:
    return re.sub(r"[^A-Za-z0-9:_.-]", "-", f"cecci-archive:{item.key}")


# -- RIS ---------------------------------------------------------------------------------


def _ris_date(date: str) -> str:
    parts = date.split("-")
    return "/".join(parts + [""] * (3 - len(parts))) + "/"


def ris(item: Citable) -> str:
    """An RIS record: ``ELEC`` (web page) for a record, ``SLIDE`` (presentation) for a talk."""
    lines: list[tuple[str, str]] = [("TY", "SLIDE" if item.kind == "talk" else "ELEC")]
    for name in item.authors:
        lines.append(("AU", name.literal or f"{name.family}, {name.given}"))
    lines.append(("TI", item.title))
    if item.kind == "talk":
        lines.append(("T2", item.event or ""))
        lines.append(("M3", "Talk"))
        if item.place:
            lines.append(("CY", item.place))
    else:
        lines.append(("T2", item.archive))
        lines.append(("M3", item.label))
    if item.date:
        lines += [("PY", item.date[:4]), ("DA", _ris_date(item.date))]
    lines += [("UR", item.url), ("DB", item.archive), ("AN", item.record_id if not item.number
                                                            else f"{item.record_id}#talk-{item.number}")]
    if item.abstract:
        lines.append(("AB", item.abstract))
    lines += [("KW", k) for k in item.keywords]
    lines.append(("LA", item.language))
    text = "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines if _one_line(value))
    return text + "ER  - \n"


# -- CSL-JSON -----------------------------------------------------------------------------


def _date_parts(date: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(p) for p in date.split("-")]]}


def csl(item: Citable) -> dict[str, Any]:
    """A CSL-JSON item: ``webpage`` for a record, ``speech`` for a talk."""
    authors: list[dict[str, str]] = [{"literal": n.literal} if n.literal else {"family": n.family, "given": n.given}
                                     for n in item.authors]
    data: dict[str, Any] = {"id": item.key, "type": "speech" if item.kind == "talk" else "webpage",
                            "title": item.title, "author": authors}
    if item.kind == "talk":
        data.update({"genre": "Talk", "event-title": item.event, "event": item.event})
        if item.place:
            data["event-place"] = item.place
    else:
        data.update({"genre": item.label, "container-title": item.archive, "publisher": item.archive})
    if item.date:
        data["issued"] = _date_parts(item.date)
    data.update({"URL": item.url, "archive": item.archive,
                 "archive_location": item.record_id + (f"#talk-{item.number}" if item.number else ""),
                 "language": item.language})
    if item.abstract:
        data["abstract"] = item.abstract
    if item.keywords:
        data["keyword"] = ", ".join(item.keywords)
    return data


def csl_json(items: list[Citable]) -> str:
    return json.dumps([csl(i) for i in items], ensure_ascii=False, indent=2) + "\n"
