"""What a citation manager or a search engine reads in a record page's ``<head>``.

* Meta tags for Zotero's Embedded Metadata translator: ``og:type`` = ``website`` makes the page a
  *web page* item (``citation_title`` alone would make it a journal article); ``og:site_name`` is the
  website title; ``citation_*`` give title, date, author, language and keywords; ``DC.rights`` carries
  CECCI's rights statement. No COinS, and no tag that forces another item type.
* One schema.org JSON-LD block per record (``Event``, ``Person``, ``Organization``).

The canonical link is Sphinx's own (from ``html_baseurl``). Every value comes from the records and
is escaped: attribute values with :func:`html.escape`, JSON-LD with ``<``, ``>`` and ``&`` written as
``\\u`` escapes, so no field can close the ``<script>`` element or a tag.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from . import citation, revision
from .domain import anchor
from .graph import Graph
from .records import Record

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain

#: An inline context, so the JSON-LD can be processed offline: schema.org terms, URLs as IRIs.
CONTEXT: dict[str, Any] = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}, "sameAs": {"@type": "@id"}}

SCHEMA_TYPES = {"event": "Event", "person": "Person", "organisation": "Organization"}

#: Tags that would make Zotero save the page as another item type: never emitted.
FORBIDDEN_META = ("citation_journal_title", "citation_conference_title", "citation_inbook_title",
                  "citation_dissertation_institution", "citation_technical_report_institution",
                  "citation_patent_number", "citation_book_title", "citation_series_title", "DC.type")

UrlOf = Callable[[Record, str], str]


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` characters remain."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def ref(record: Record, url_of: UrlOf) -> dict[str, Any]:
    """A short node for a related record, linked by ``@id``."""
    return {"@type": SCHEMA_TYPES[record.type], "@id": url_of(record, anchor(record)), "name": record.title,
            "url": url_of(record, "")}


def _names(record: Record) -> list[str]:
    return list(dict.fromkeys(record.aliases))


def jsonld(record: Record, graph: Graph, url_of: UrlOf, site: citation.Site,
           rev: revision.Revision | None = None, *, context: bool = True) -> dict[str, Any]:
    """The record as a schema.org node, with its relations in both directions."""
    data = record.data
    out: dict[str, Any] = {"@type": SCHEMA_TYPES[record.type], "@id": url_of(record, anchor(record)),
                           "name": record.title, "url": url_of(record, ""), "identifier": record.id}
    if context:
        out = {"@context": CONTEXT, **out}
    old = [url_of(record._replace(id=o, docname=record.docname.rsplit("/", 1)[0] + "/" + o), "")
           for o in data.get("old_ids") or []]
    if old:
        out["sameAs"] = old
    names = _names(record)
    if names:
        out["alternateName"] = names
    outgoing = graph.outgoing.get(record.id, [])
    incoming = graph.incoming.get(record.id, [])

    def refs(edges: list[Any], role: str, side: str) -> list[dict[str, Any]]:
        ids = dict.fromkeys(getattr(e, side) for e in edges if e.role == role)
        return [ref(graph.records[i], url_of) for i in ids]

    if record.type == "event":
        out["startDate"] = str(data["date"])
        out["description"] = citation._one_line(data["summary"])
        out["eventStatus"] = "https://schema.org/EventScheduled"
        location: list[Any] = refs(outgoing, "venue", "object")
        location = [{"@type": "Place", "name": v["name"], "url": v["url"]} for v in location]
        if data.get("place"):
            location.append({"@type": "Place", "name": str(data["place"])})
        if location:
            out["location"] = location
        organizers = refs(outgoing, "organiser", "object") + refs(outgoing, "co_host", "object")
        if organizers:
            out["organizer"] = organizers
        performers = refs(outgoing, "speaker", "object")
        if performers:
            out["performer"] = performers
        presiders = refs(outgoing, "presider", "object")
        if presiders:
            out["contributor"] = presiders
        talks = []
        for number, talk in enumerate(data.get("talks") or [], start=1):
            node: dict[str, Any] = {"@type": "Event", "@id": url_of(record, f"talk-{number}"),
                                    "name": citation._one_line(talk["title"]) if talk.get("title")
                                    else f"Talk {number} at {record.title}",
                                    "startDate": str(data["date"]), "description": citation._one_line(talk["summary"]),
                                    "url": url_of(record, f"talk-{number}")}
            if talk["speaker"] in graph.records:
                node["performer"] = ref(graph.records[talk["speaker"]], url_of)
            if talk.get("topics"):
                node["keywords"] = ", ".join(talk["topics"])
            talks.append(node)
        if talks:
            out["subEvent"] = talks
    elif record.type == "person":
        out["familyName"] = str(data["family_name"])
        if data.get("given_name"):
            out["givenName"] = str(data["given_name"])
        affiliations = refs(outgoing, "position", "object")
        if affiliations:
            out["affiliation"] = affiliations
        titles = list(dict.fromkeys(str(p["title"]) for p in data.get("positions") or []))
        if titles:
            out["jobTitle"] = titles
            out["hasOccupation"] = [{"@type": "Occupation", "name": t} for t in titles]
        events = refs(incoming, "speaker", "subject") + refs(incoming, "presider", "subject")
        if events:
            out["performerIn"] = events
    else:
        parents = refs(outgoing, "parent", "object")
        if parents:
            out["parentOrganization"] = parents[0]
        children = refs(incoming, "parent", "subject")
        if children:
            out["subOrganization"] = children
        members = refs(incoming, "position", "subject")
        if members:
            out["member"] = members
        if data.get("place"):
            out["location"] = str(data["place"])
    out["description"] = out.get("description") or citation.description(record, graph)
    website: dict[str, Any] = {"@type": "WebSite", "name": site.name, **({"url": site.baseurl} if site.baseurl else {})}
    out["subjectOf"] = {"@type": "WebPage", "@id": url_of(record, ""), "name": f"{record.title} — {site.name}",
                        "isPartOf": website, **({"copyrightNotice": site.rights} if site.rights else {}),
                        **({"dateModified": rev.date} if rev else {})}
    return out


def meta_tags(record: Record, graph: Graph, site: citation.Site, url: str,
              rev: revision.Revision | None) -> list[tuple[str, str, str]]:
    """``(attribute, name, content)`` for each meta tag of a record page, in order."""
    title = citation._one_line(record.title)
    desc = citation.description(record, graph)
    tags = [("name", "description", desc),
            ("property", "og:type", "website"), ("property", "og:site_name", site.name),
            ("property", "og:title", title), ("property", "og:description", desc)]
    if url:
        tags.append(("property", "og:url", url))
    tags += [("name", "citation_title", title)]
    date = citation.record_date(record, rev)
    if date:
        tags.append(("name", "citation_date", date.replace("-", "/")))
    tags.append(("name", "citation_author", site.name))
    tags.append(("name", "citation_language", site.language))
    tags += [("name", "citation_keywords", k) for k in citation.keywords(record, graph)]
    if site.rights:
        tags.append(("name", "DC.rights", site.rights))
    return tags


def render_tags(tags: list[tuple[str, str, str]]) -> str:
    return "".join(f'\n    <meta {attr}="{html.escape(name)}" content="{html.escape(content, quote=True)}" />'
                   for attr, name, content in tags)


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                         doctree: Any) -> None:
    """``html-page-context``: add the meta tags, alternate citation links and JSON-LD to a record page."""
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    record = domain.records.get(pagename)
    if record is None or domain.graph.records.get(record.id) is not record:
        return
    site = citation.site_of(app)

    def url_of(other: Record, fragment: str) -> str:
        return site.url(citation.target_uri(app, other.docname), fragment)

    rev = revision.revision_of(app.env, pagename)
    head = render_tags(meta_tags(record, domain.graph, site, url_of(record, "") if site.baseurl else "", rev))
    for mime, ext in (("application/x-bibtex", "bib"), ("application/x-research-info-systems", "ris"),
                      ("application/vnd.citationstyles.csl+json", "csl.json")):
        head += (f'\n    <link rel="alternate" type="{mime}" title="Cite this record ({ext})" '
                 f'href="{html.escape(record.id)}.{ext}" />')
    data = jsonld(record, domain.graph, url_of, site, rev)
    head += f'\n    <script type="application/ld+json">\n{script_json(data)}\n    </script>'
    context["metatags"] = context.get("metatags", "") + head


def escape_theme_title(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, after the theme's handlers: escape the title sphinx-book-theme prints raw.

    sphinx-book-theme sets ``pagetitle`` to the title's plain text and writes ``{{ pagetitle }}``
    unescaped into its print header, so a record named ``</script><script>…`` would run there.
    """
    title = context.get("pagetitle")
    if isinstance(title, str) and not isinstance(title, Markup):
        context["pagetitle"] = escape(title)
