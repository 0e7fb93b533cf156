"""The archive as a dataset, written next to the HTML at the end of every build (``_build/html/data/``).

* ``archive.json``: every record with its front matter, its relations in both directions and its sources;
* ``archive.jsonld``: the same records as schema.org nodes (the JSON-LD of their pages) in one graph;
* ``events.csv``, ``people.csv``, ``organisations.csv``: one row per record, one column per field;
* ``relations.csv``: one row per relation, as written on its subject record;
* ``archive.bib``: one biblatex ``@online`` entry per record (the one its page offers).

Everything is derived from the records (``domain.graph``) and rewritten on every build, so the
exports are never older than the pages, incremental builds included.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import citation, metadata, revision
from .graph import ROLES, Edge, Graph
from .records import Record
from .recordtypes import RECORD_TYPES
from .schema import load_schema

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain

#: The folder of the build output that holds the dataset.
DATA_DIR = "data"

#: CSV file of each record type.
CSV_NAMES = {name: f"{t.plural.lower()}.csv" for name, t in RECORD_TYPES.items()}

#: The files of the dataset, with what each holds (the "Cite and reuse" page lists them from here).
FILES: dict[str, str] = {
    "archive.json": "every record: its front matter, its relations in both directions, its sources and its citation",
    "archive.jsonld": "every record as a schema.org node (Event, Person, Organization), in one JSON-LD graph",
    **{name: f"one row per {RECORD_TYPES[t].label.lower()} record, one column per field"
       for t, name in CSV_NAMES.items()},
    "relations.csv": "one row per relation (talk, presider, host, organiser, venue, position, parent), with its source",
    "archive.bib": "one biblatex @online entry per record",
}

RELATION_COLUMNS = ["role", "subject", "subject_type", "subject_title", "object", "object_type", "object_title",
                    "talk_number", "title", "position", "as_of", "summary", "remarks", "source"]


def write_if_changed(path: Path, text: str) -> bool:
    """Write a generated file only when its content changed, so an unchanged build touches nothing."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _plain(value: Any) -> Any:
    """Front-matter values as JSON: dates (if any) as ISO strings."""
    return json.loads(json.dumps(value, default=str))


def _edge(edge: Edge, graph: Graph) -> dict[str, Any]:
    subject, obj = graph.records[edge.subject], graph.records[edge.object]
    detail = {k: v for k, v in edge.detail.items() if k not in ("org", "person", "speaker", "source")}
    return {"role": edge.role, "subject": subject.id, "subject_type": subject.type, "subject_title": subject.title,
            "object": obj.id, "object_type": obj.type, "object_title": obj.title, "source": edge.source,
            "detail": _plain(detail)}


def _source(app: Sphinx, key: str) -> dict[str, Any]:
    entries = app.env.domains["cite"].bibdata.data.entries  # type: ignore[attr-defined]
    entry = entries.get(key)
    if entry is None:
        return {"key": key}
    return {"key": key, "type": entry.type, "fields": {k: str(v) for k, v in entry.fields.items()},
            "persons": {role: [str(p) for p in people] for role, people in entry.persons.items()}}


def _source_keys(record: Record) -> list[str]:
    from .graph import source_keys

    return list(dict.fromkeys(key for _, key in source_keys(record)))


def records_json(app: Sphinx, graph: Graph) -> dict[str, Any]:
    site = citation.site_of(app)
    out: list[dict[str, Any]] = []
    for record in sorted(graph.records.values(), key=lambda r: (r.type, r.id)):
        uri = citation.target_uri(app, record.docname)
        rev = revision.revision_of(app.env, record.docname)
        item = citation.record_citable(record, graph, site, uri, rev)
        folder = RECORD_TYPES[record.type].folder
        out.append({
            "id": record.id, "type": record.type, "title": record.title, "url": site.url(uri),
            "old_ids": list(record.data.get("old_ids") or []),
            "old_urls": [site.url(citation.target_uri(app, f"{folder}/{old}"))
                         for old in record.data.get("old_ids") or []],
            "last_changed": rev._asdict() if rev else None,
            "fields": _plain(record.data),
            "relations": {"outgoing": [_edge(e, graph) for e in graph.outgoing.get(record.id, [])],
                          "incoming": [_edge(e, graph) for e in graph.incoming.get(record.id, [])]},
            "sources": [_source(app, key) for key in _source_keys(record)],
            "citation": citation.chicago(item),
        })
    return {"name": site.name, "rights": site.rights, "url": site.baseurl, "language": site.language,
            "record_types": {n: {"label": t.label, "folder": t.folder} for n, t in RECORD_TYPES.items()},
            "relation_roles": {n: r._asdict() for n, r in ROLES.items()},
            "records": out}


def records_jsonld(app: Sphinx, graph: Graph) -> dict[str, Any]:
    site = citation.site_of(app)

    def url_of(other: Record, fragment: str) -> str:
        return site.url(citation.target_uri(app, other.docname), fragment)

    nodes = [metadata.jsonld(r, graph, url_of, site, revision.revision_of(app.env, r.docname), context=False)
             for r in sorted(graph.records.values(), key=lambda r: (r.type, r.id))]
    return {"@context": metadata.CONTEXT, "@graph": nodes}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("org") or value.get("person") or json.dumps(_plain(value), ensure_ascii=False))
    return " ".join(str(value).split())


def type_csv(app: Sphinx, graph: Graph, record_type: str) -> str:
    """One row per record: id, title, url, then every field of the schema that is not a list of relations."""
    site = citation.site_of(app)
    properties = load_schema(record_type)["properties"]
    records = graph.by_type(record_type)
    nested = {k for r in records for k, v in r.data.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    fields = [k for k in properties if k not in nested and k not in ("id", RECORD_TYPES[record_type].title_field)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "title", "url", *fields, "last_changed", "revision"])
    for record in records:
        rev = revision.revision_of(app.env, record.docname)
        writer.writerow([record.id, record.title, site.url(citation.target_uri(app, record.docname)),
                         *[_cell(record.data.get(f)) for f in fields],
                         rev.date if rev else "", (rev.commit or "") if rev else ""])
    return buffer.getvalue()


def relations_csv(graph: Graph) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RELATION_COLUMNS)
    for record in sorted(graph.records.values(), key=lambda r: (r.type, r.id)):
        for edge in graph.outgoing.get(record.id, []):
            row = _edge(edge, graph)
            detail = row.pop("detail")
            row["talk_number"] = detail.get("number")
            for key in ("title", "position", "as_of", "summary", "remarks"):
                row[key] = detail.get(key)
            writer.writerow([_cell(row.get(c)) for c in RELATION_COLUMNS])
    return buffer.getvalue()


def archive_bib(app: Sphinx, graph: Graph) -> str:
    site = citation.site_of(app)
    entries = []
    for record in sorted(graph.records.values(), key=lambda r: (r.type, r.id)):
        rev = revision.revision_of(app.env, record.docname)
        item = citation.record_citable(record, graph, site, citation.target_uri(app, record.docname), rev)
        entries.append(citation.bibtex(item))
    header = f"% {site.name}: one biblatex entry per record.\n% {' '.join(site.rights.split())}\n\n"
    return header + "\n".join(entries)


def write_dataset(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the dataset files (every build, so they follow the records)."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    graph = domain.graph
    folder = Path(app.outdir) / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "archive.json": json.dumps(records_json(app, graph), ensure_ascii=False, indent=1) + "\n",
        "archive.jsonld": json.dumps(records_jsonld(app, graph), ensure_ascii=False, indent=1) + "\n",
        "relations.csv": relations_csv(graph),
        "archive.bib": archive_bib(app, graph),
    }
    for record_type, name in CSV_NAMES.items():
        files[name] = type_csv(app, graph, record_type)
    for name, text in files.items():
        write_if_changed(folder / name, text)


class DatasetDirective(SphinxDirective):
    """``{archive:dataset}``: the list of the dataset's files, linked, for the "Cite and reuse" page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        prefix = "../" * self.env.docname.count("/")
        items = nodes.bullet_list(classes=["archive-dataset-files"])
        for name, what in FILES.items():
            link = nodes.reference(name, "", nodes.literal(name, name), refuri=f"{prefix}{DATA_DIR}/{name}")
            items += nodes.list_item("", nodes.paragraph("", "", link, nodes.Text(f": {what}.")))
        return [items]


class SettingDirective(SphinxDirective):
    """``{archive:setting} archive_rights``: a setting's value from ``conf.py``, so prose never copies it."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in ("archive_name", "archive_rights", "html_baseurl"):
            raise self.error(f"unknown setting {name!r}; write archive_name, archive_rights or html_baseurl")
        value = str(self.config[name] or "(not set)")
        return [nodes.block_quote("", nodes.paragraph("", value), classes=["archive-setting"])]
