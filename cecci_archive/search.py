"""Search with Pagefind: mark what each page contributes to the index, then index the built site.

Two steps, both derived from the records at build time:

1. ``html-page-context`` (:func:`mark_page`): wrap the page's main content (the article, never the
   navigation) in ``data-pagefind-body``, and give record pages their facets: ``type`` (event,
   person, organisation) and ``year`` (an event's year; for a person or organisation, the years of
   the events they are linked with), plus hidden, weighted lines and metadata fields holding the
   record's abbreviations and name in original script (``names``) and its aliases (``aliases``),
   so that a search for any of its names puts the record first.
2. ``build-finished`` (:func:`build_index`): run Pagefind (the binary shipped in the
   ``pagefind[extended]`` wheel, through its Python API) over this build's record pages into
   ``<outdir>/pagefind/``, adding one custom record per talk of every event (type ``talk``), whose
   URL is the talk's anchor on the event page. The whole index is rewritten whenever a record page
   was written or a record added or removed, so it always matches the records; a build that wrote
   no record page keeps it.

Only record pages (and talks) are indexed: the home page, listings and indices only repeat what
record pages say, and would push the record itself down the results.
"""

from __future__ import annotations

import asyncio
import html
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util import logging

from .recordtypes import RECORD_TYPES, type_for_docname

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain
    from .graph import Graph
    from .records import Record

logger = logging.getLogger(__name__)

#: Folder of the output that receives the Pagefind bundle.
BUNDLE = "pagefind"
#: Weights of a record's other names in the page text. Pagefind weighs the ``<h1>`` 7 (the scale
#: ends at 10): an abbreviation or a name in original script identifies one record, so it weighs
#: most; aliases weigh as much as the title. They are also stored as metadata fields ``names`` and
#: ``aliases``, which the search UI boosts like the title (``metaWeights`` in
#: ``_static/search-pagefind.js``).
IDENTIFIER_WEIGHT = 10
ALIAS_WEIGHT = 7
#: Parts of the article left out of the index: heading permalinks (``#``) and source markers (``[1]``).
EXCLUDED = (".headerlink", ".archive-source-ref")
#: Language of the archive's pages. Pagefind does not segment Chinese in English pages, so the
#: later parts of a name in Chinese script are indexed too (:func:`name_parts`).
LANGUAGE = "en"


class Talk(NamedTuple):
    """One talk of an event, as a search record of its own."""

    #: URL of the talk's anchor, relative to the site root (``events/<id>.html#talk-1``).
    url: str
    #: The text to index: speaker, position, title, summary, topics.
    content: str
    #: Pagefind metadata (``title``, ``kind``, ``event``).
    meta: dict[str, str]
    #: Pagefind filters (``type``, ``year``).
    filters: dict[str, list[str]]


def _domain(app: Sphinx) -> ArchiveDomain:
    return app.env.domains["archive"]  # type: ignore[return-value]


def years(record: Record, graph: Graph) -> list[str]:
    """The years a record belongs to: an event's own; the years of the events a record is linked with."""
    if record.type == "event":
        return [str(record.data["date"])[:4]]
    found = {str(graph.records[other].data["date"])[:4] for other in graph.neighbours(record.id)
             if graph.records[other].type == "event" and graph.records[other].data.get("date")}
    return sorted(found)


def identifiers(record: Record) -> list[str]:
    """Names that single a record out: abbreviations (``WRSA``) and the name in original script."""
    found = [str(a) for a in record.data.get("abbreviations") or []]
    if record.data.get("original_script"):
        found.append(str(record.data["original_script"]))
    return found


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3040" <= char <= "\u30ff"


def name_parts(name: str) -> list[str]:
    """A name in Chinese (or Japanese) script, unspaced, and its later parts (``梁汝霄`` → ``汝霄``, ``霄``).

    Pagefind matches a word whole or by its beginning, and does not split Chinese in English
    pages; the later parts let a reader find a record by a given name alone.
    """
    if len(name) < 2 or not all(_cjk(c) for c in name):
        return [name]
    return [name[i:] for i in range(len(name))]


def aliases(record: Record) -> list[str]:
    """Other names a reader may search a record by: aliases, and a person's name as indexes sort it."""
    found = [str(a) for a in record.data.get("aliases") or []]
    if record.type == "person" and record.sort_name != record.title:
        found.append(record.sort_name)
    return found


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def record_marks(record: Record, graph: Graph) -> str:
    """The hidden elements that give a record page its title, kind, facets and weighted names."""
    label = RECORD_TYPES[record.type].label
    parts = [
        f'<span hidden data-pagefind-meta="title[data-value]" data-value="{_attr(record.title)}"></span>',
        f'<span hidden data-pagefind-meta="kind[data-value]" data-value="{_attr(label)}"></span>',
        f'<span hidden data-pagefind-filter="type[data-value]" data-value="{_attr(record.type)}"></span>',
    ]
    parts += [f'<span hidden data-pagefind-filter="year[data-value]" data-value="{y}"></span>'
              for y in years(record, graph)]
    if record.type == "event":
        date = _attr(str(record.data["date"]))
        parts.append(f'<span hidden data-pagefind-meta="date[data-value]" data-value="{date}"></span>')
    for field, weight, words in (("names", IDENTIFIER_WEIGHT, identifiers(record)),
                                 ("aliases", ALIAS_WEIGHT, aliases(record))):
        if words:
            # the metadata field, searched and boosted, also holds the later parts of CJK names
            searched = " ".join(part for word in words for part in name_parts(word))
            parts.append(f'<span hidden data-pagefind-meta="{field}[data-value]" '
                         f'data-value="{_attr(searched)}"></span>')
            parts.append(f'<p hidden class="archive-search-names" data-pagefind-weight="{weight}">'
                         f"{html.escape(' · '.join(words))}</p>")
    return "".join(parts)


def mark_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: mark the article as the page's searchable body, with its facets."""
    if app.builder.format != "html" or "body" not in context:
        return
    if type_for_docname(pagename) is None:
        return
    domain = _domain(app)
    record = domain.records.get(pagename)
    if record is None:
        return
    marks = record_marks(record, domain.graph)
    context["body"] = f'<div class="archive-search-body" data-pagefind-body>{marks}{context["body"]}</div>'


def talks(app: Sphinx) -> Iterable[Talk]:
    """One search record per talk of every event."""
    graph = _domain(app).graph
    for event in graph.by_type("event"):
        page = app.builder.get_target_uri(event.docname)
        for edge in graph.outgoing.get(event.id, []):
            if edge.role != "speaker":
                continue
            talk = edge.detail
            speaker = graph.records[edge.object]
            lines = [speaker.title + (f", {talk['position']}" if talk.get("position") else ""),
                     *identifiers(speaker), *aliases(speaker)]
            if talk.get("title"):
                lines.append(str(talk["title"]))
            lines.append(str(talk["summary"]))
            if talk.get("topics"):
                lines.append("Topics: " + ", ".join(talk["topics"]))
            lines.append(f"Talk {talk['number']} at {event.title}, {event.data['date']}.")
            text = " ".join(line if line.rstrip().endswith((".", "!", "?")) else f"{line}." for line in lines)
            title = f"{speaker.title}: " + (str(talk["title"]) if talk.get("title") else f"talk {talk['number']}")
            yield Talk(
                url=f"/{page}#talk-{talk['number']}",
                content=text,
                meta={"title": title, "kind": "Talk", "event": event.title, "date": str(event.data["date"])},
                filters={"type": ["talk"], "year": [str(event.data["date"])[:4]]},
            )


def pages(app: Sphinx) -> list[tuple[str, Path]]:
    """The record pages of this build, as (URL from the site root, output file).

    Listed from the records, not from the output folder, which keeps the pages of deleted
    records: Sphinx never removes an output file.
    """
    domain = _domain(app)
    builder: Any = app.builder
    return [(f"/{builder.get_target_uri(docname)}", Path(builder.get_outfilename(docname)))
            for docname, record in sorted(domain.records.items()) if record is not None]


async def _index(site: Path, html_pages: list[tuple[str, Path]], extra: list[Talk]) -> dict[str, int]:
    from pagefind.index import PagefindIndex

    config: Any = {"output_path": str(site / BUNDLE), "exclude_selectors": list(EXCLUDED)}
    async with PagefindIndex(config=config) as index:
        for url, path in html_pages:
            await index.add_html_file(content=path.read_text(encoding="utf-8"), url=url)
        for talk in extra:
            await index.add_custom_record(url=talk.url, content=talk.content, language=LANGUAGE,
                                          meta=talk.meta, filters=talk.filters)
    return {"pages": len(html_pages), "talks": len(extra)}


def build_index(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: index the HTML output with Pagefind, into ``<outdir>/pagefind/``."""
    if exception is not None or app.builder.format != "html" or app.builder.name not in ("html", "dirhtml"):
        return
    site = Path(app.outdir)
    try:
        import pagefind.index  # noqa: F401
        from pagefind.service import get_executable
    except ImportError:
        logger.error("search: the `pagefind` package is not installed; install it with "
                     "`pip install 'pagefind[extended]'` (the site's `make html` does this)",
                     type="archive", subtype="search")
        return
    if get_executable() is None:
        logger.error("search: the Pagefind binary was not found; install `pagefind[extended]`, whose wheel ships it",
                     type="archive", subtype="search")
        return
    html_pages, talk_records = pages(app), list(talks(app))
    if _index_is_current(app, html_pages, talk_records):
        logger.info("search: no record page changed; the Pagefind index is kept")
        return
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    try:
        counts = asyncio.run(_index(site, html_pages, talk_records))
    except Exception as err:  # the Pagefind service reports its failures as exceptions of many kinds
        logger.error("search: Pagefind could not index %s: %s", site, err, type="archive", subtype="search")
        return
    logger.info("search: Pagefind indexed %d pages and %d talks into %s", counts["pages"], counts["talks"],
                site / BUNDLE)
    _manifest(app).write_text(json.dumps(_indexed(html_pages, talk_records)), encoding="utf-8")


def _manifest(app: Sphinx) -> Path:
    """What the current Pagefind index holds, kept beside the doctrees (not published)."""
    return Path(app.doctreedir) / "archive-pagefind-manifest.json"


def _indexed(html_pages: list[tuple[str, Path]], talk_records: list[Talk]) -> list[str]:
    return sorted(url for url, _ in html_pages) + sorted(talk.url for talk in talk_records)


def _index_is_current(app: Sphinx, html_pages: list[tuple[str, Path]], talk_records: list[Talk]) -> bool:
    """True when the index holds exactly these pages and talks and no record page was written since.

    Every change a record page shows rewrites that page (the domain's fingerprints), and talks come
    from event pages, so an index newer than every record page, over the same URLs, is current.
    """
    entry = Path(app.outdir) / BUNDLE / "pagefind-entry.json"
    manifest = _manifest(app)
    if not entry.exists() or not manifest.exists():
        return False
    try:
        if json.loads(manifest.read_text(encoding="utf-8")) != _indexed(html_pages, talk_records):
            return False
        stamp = manifest.stat().st_mtime_ns
        return all(path.stat().st_mtime_ns < stamp for _, path in html_pages)
    except (OSError, ValueError):
        return False
