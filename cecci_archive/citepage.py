"""The "Cite this record" section of record pages, and the citation files it links to.

``{archive:cite}`` leaves a placeholder at read time; :func:`fill_cite` draws the section at
``doctree-resolved`` from the graph (so a talk's citation shows its speaker's current name), and
:func:`write_cite_files` writes every record's ``.bib``, ``.ris`` and ``.csl.json`` (and each talk's
``.talk-N.ris`` / ``.talk-N.csl.json``) next to its page at the end of every build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from . import citation, metadata, revision
from .citation import Citable
from .dataset import write_if_changed
from .directives import RecordPlaceholderDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ArchiveDomain
    from .records import Record

STATIC = Path(__file__).parent / "static"

#: Attribute of the build environment: ``docname -> digest`` of the citations and metadata of a record page.
ENV_DIGESTS = "archive_cite_digests"


class record_cite(nodes.General, nodes.Element):
    """Where a record page's "Cite this record" section goes."""


class CiteDirective(RecordPlaceholderDirective):
    """``{archive:cite}``: citations of the page's record (and of each talk of an event)."""

    node_class = record_cite


def file_stem(item: Citable) -> str:
    """File name (without extension) of a citable's downloads, next to its page."""
    return item.record_id if not item.number else f"{item.record_id}.talk-{item.number}"


def citables(app: Sphinx, record: Record) -> tuple[Citable, list[Citable]]:
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    site = citation.site_of(app)
    uri = citation.target_uri(app, record.docname)
    rev = revision.revision_of(app.env, record.docname)
    return (citation.record_citable(record, domain.graph, site, uri, rev),
            citation.talk_citables(record, domain.graph, site, uri))


def _copyable(text: str, language: str, classes: list[str]) -> nodes.container:
    box = nodes.container(classes=["archive-cite-copy", *classes])
    block = nodes.literal_block(text, text, language=language)
    box += block
    return box


def _downloads(item: Citable, formats: list[tuple[str, str]]) -> nodes.paragraph:
    para = nodes.paragraph(classes=["archive-cite-downloads"])
    para += nodes.Text("Download: ")
    for i, (label, ext) in enumerate(formats):
        if i:
            para += nodes.Text(" · ")
        name = f"{file_stem(item)}.{ext}"
        para += nodes.reference(label, label, refuri=name, classes=["archive-cite-download"])
    return para


def _raw(html: str) -> nodes.raw:
    return nodes.raw("", html, format="html")


def section(app: Sphinx, record: Record) -> list[nodes.Node]:
    item, talks = citables(app, record)
    out: list[nodes.Node] = []
    out.append(nodes.paragraph("", "Chicago author-date style; replace [access date] with the day you read the page:"))
    text = nodes.container(classes=["archive-cite-copy", "archive-cite-text"])
    text += nodes.paragraph("", citation.chicago(item))
    out.append(text)
    out.append(_downloads(item, [("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "csl.json")]))
    out.append(_raw('<details class="archive-cite-formats"><summary>BibTeX, RIS and CSL-JSON</summary>'))
    out.append(_copyable(citation.bibtex(item), "bibtex", ["archive-cite-bibtex"]))
    out.append(_copyable(citation.ris(item), "text", ["archive-cite-ris"]))
    out.append(_copyable(citation.csl_json([item]), "json", ["archive-cite-csl"]))
    out.append(_raw("</details>"))
    if talks:
        out.append(nodes.rubric("Cite a single talk", "Cite a single talk"))
        items = nodes.enumerated_list(classes=["archive-cite-talks"])
        for talk in talks:
            li = nodes.list_item(ids=[f"cite-talk-{talk.number}"], classes=["archive-cite-talk"])
            box = nodes.container(classes=["archive-cite-copy", "archive-cite-text"])
            box += nodes.paragraph("", citation.chicago(talk))
            li += box
            li += _downloads(talk, [("RIS", "ris"), ("CSL-JSON", "csl.json")])
            li += _raw('<details class="archive-cite-formats"><summary>RIS and CSL-JSON</summary>')
            li += _copyable(citation.ris(talk), "text", ["archive-cite-ris"])
            li += _copyable(citation.csl_json([talk]), "json", ["archive-cite-csl"])
            li += _raw("</details>")
            items += li
        out.append(items)
    rev = revision.revision_of(app.env, record.docname)
    if rev is not None:
        out.append(nodes.paragraph("", rev.describe(), classes=["archive-revision"]))
    return out


def fill_cite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: draw the cite section of a record page."""
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    for node in list(doctree.findall(record_cite)):
        record = domain.graph.records.get(node["record_id"])
        if record is None or record.docname != docname:
            node.replace_self([])
        else:
            node.replace_self(section(app, record))


def write_cite_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: every record's citation files, next to its page, rewritten every build."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    outdir = Path(app.outdir)
    for record in domain.graph.records.values():
        item, talks = citables(app, record)
        folder = outdir / citation.target_uri(app, record.docname)
        folder = folder if citation.target_uri(app, record.docname).endswith("/") else folder.parent
        write_if_changed(folder / f"{file_stem(item)}.bib", citation.bibtex(item))
        for one in (item, *talks):
            write_if_changed(folder / f"{file_stem(one)}.ris", citation.ris(one))
            write_if_changed(folder / f"{file_stem(one)}.csl.json", citation.csl_json([one]))


def add_static(app: Sphinx) -> None:
    """``builder-inited``: serve the copy buttons' script and style."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_js_file("archive-cite.js")
        app.add_css_file("archive-cite.css")



def digest(app: Sphinx, record: Record) -> str:
    """A digest of everything the cite section and the page's metadata show, other records included."""
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    site = citation.site_of(app)
    rev = revision.revision_of(app.env, record.docname)

    def url_of(other: Record, fragment: str) -> str:
        return site.url(citation.target_uri(app, other.docname), fragment)

    parts = (citables(app, record), metadata.meta_tags(record, domain.graph, site, url_of(record, ""), rev),
             metadata.jsonld(record, domain.graph, url_of, site, rev))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (after the graph is derived): rewrite the record pages whose citations changed.

    A talk's citation shows its speaker's family and given names, a person's keywords the names of
    their organisations: edits to *another* record that the relations fingerprint does not cover.
    """
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    fresh = {r.docname: digest(app, r) for r in domain.graph.records.values()}
    old: dict[str, str] = getattr(env, ENV_DIGESTS, None) or {}
    setattr(env, ENV_DIGESTS, fresh)
    return sorted(d for d, h in fresh.items() if old.get(d) != h)
