"""The archive as a dataset: every file under data/ parses with a real parser and says what the records say."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pybtex.database
import pytest
import yaml
from _citable import ROOT, by_id, canonical, settings, source_records
from pyld import jsonld

from cecci_archive.graph import Graph, edges, source_keys

from conftest import copy_site, sphinx_build

RECORDS = source_records()
SETTINGS = settings()
GRAPH = Graph(RECORDS)


def data_file(site, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = site.out / "data" / name
    assert path.is_file(), f"{name} was not written"
    return path


def test_archive_json_has_every_record_with_relations_both_ways_and_sources(site) -> None:
    data = json.loads(data_file(site, "archive.json").read_text(encoding="utf-8"))
    assert data["name"] == SETTINGS["archive_name"]
    assert data["rights"] == SETTINGS["archive_rights"]
    exported = {r["id"]: r for r in data["records"]}
    assert set(exported) == {r.id for r in RECORDS}
    bib = pybtex.database.parse_file(str(ROOT / "references.bib"), bib_format="bibtex")
    for record in RECORDS:
        item = exported[record.id]
        assert item["title"] == record.title
        assert item["type"] == record.type
        assert item["url"] == canonical(record)
        assert item["fields"]["id"] == record.id
        written = [(e.role, e.object) for e in edges(record) if e.object in GRAPH.records]
        assert [(e["role"], e["object"]) for e in item["relations"]["outgoing"]] == written
        pointing_here = sorted((e.role, e.subject) for r in RECORDS for e in edges(r) if e.object == record.id)
        assert sorted((e["role"], e["subject"]) for e in item["relations"]["incoming"]) == pointing_here
        keys = {key for _, key in source_keys(record)}
        assert {s["key"] for s in item["sources"]} == keys
        for source in item["sources"]:
            assert source["fields"]["title"] == bib.entries[source["key"]].fields["title"]
    for record in RECORDS:  # each relation appears on both of its ends
        for edge in exported[record.id]["relations"]["outgoing"]:
            other = exported[edge["object"]]["relations"]["incoming"]
            assert any(e["subject"] == record.id and e["role"] == edge["role"] for e in other)


def test_archive_jsonld_expands_to_one_schema_org_node_per_record(site) -> None:
    document = json.loads(data_file(site, "archive.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(document)
    records = by_id(RECORDS)
    top = {n["@id"]: n for n in expanded}
    kinds = {"event": "Event", "person": "Person", "organisation": "Organization"}
    for record in RECORDS:
        node = top[f"{canonical(record)}#{record.type}-{record.id}"]
        assert node["@type"] == [f"https://schema.org/{kinds[record.type]}"]
        assert node["https://schema.org/name"] == [{"@value": record.title}]
        if record.type == "event":
            assert node["https://schema.org/startDate"] == [{"@value": record.data["date"]}]
    assert len(top) == len(records)


@pytest.mark.parametrize(("record_type", "name"), [("event", "events.csv"), ("person", "people.csv"),
                                                    ("organisation", "organisations.csv")])
def test_csv_per_record_type(site, record_type: str, name: str) -> None:
    with data_file(site, name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = [r for r in RECORDS if r.type == record_type]
    assert sorted(row["id"] for row in rows) == sorted(r.id for r in expected)
    records = by_id(RECORDS)
    for row in rows:
        record = records[row["id"]]
        assert row["title"] == record.title
        assert row["url"] == canonical(record)
        if record_type == "event":
            assert row["date"] == record.data["date"]
            assert row["kind"] == record.data["kind"]
        if record_type == "person":
            assert row["family_name"] == record.data["family_name"]


def test_relations_csv_has_every_relation_once(site) -> None:
    with data_file(site, "relations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    written = sorted((e.role, e.subject, e.object, e.source) for r in RECORDS for e in edges(r)
                     if e.object in GRAPH.records)
    assert sorted((r["role"], r["subject"], r["object"], r["source"]) for r in rows) == written
    talks = [r for r in rows if r["role"] == "speaker"]
    events = by_id(RECORDS)
    for row in talks:
        talk = events[row["subject"]].data["talks"][int(row["talk_number"]) - 1]
        assert row["object"] == talk["speaker"]


def test_archive_bib_has_one_parsing_entry_per_record(site) -> None:
    bib = pybtex.database.parse_file(str(data_file(site, "archive.bib")), bib_format="bibtex")
    assert len(bib.entries) == len(RECORDS)
    titles = {entry.fields["title"]: entry for entry in bib.entries.values()}
    for record in RECORDS:
        entry = titles[record.title]
        assert entry.type == "online"
        assert entry.fields["url"] == canonical(record)
        if record.type == "event":
            assert entry.fields["date"] == record.data["date"]


def test_dataset_follows_an_edited_record_on_incremental_and_parallel_builds(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    first = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert first.returncode == 0, first.output
    person = next(r for r in RECORDS if r.type == "person" and any(
        t["speaker"] == r.id for e in RECORDS for t in e.data.get("talks") or []))
    path = src / person.path
    new_name = person.title + " Renamed"
    text = path.read_text(encoding="utf-8").replace(f"name: {person.title}\n", f"name: {new_name}\n", 1)
    assert new_name in text
    path.write_text(text, encoding="utf-8")
    second = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert second.returncode == 0, second.output
    data = json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))
    assert {r["id"]: r["title"] for r in data["records"]}[person.id] == new_name
    people = list(csv.DictReader((out / "data" / "people.csv").open(encoding="utf-8", newline="")))
    assert {r["id"]: r["title"] for r in people}[person.id] == new_name
    event = next(e for e in RECORDS if any(t["speaker"] == person.id for t in e.data.get("talks") or []))
    event_page = second.page(f"{event.docname}.html")
    (ld,) = [json.loads(s.string) for s in event_page.find_all("script", attrs={"type": "application/ld+json"})]
    assert new_name in {p["name"] for p in ld["performer"]}
    # only the given name changes: the talk's citation (drawn from the speaker's record) must follow
    given = str(person.data["given_name"])
    text = path.read_text(encoding="utf-8").replace(f"given_name: {given}\n", f"given_name: {given}x\n", 1)
    assert f"{given}x" in text
    path.write_text(text, encoding="utf-8")
    third = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert third.returncode == 0, third.output
    event_page = third.page(f"{event.docname}.html")
    cited = [p.get_text() for p in event_page.select(".archive-cite-talk .archive-cite-ris pre")]
    assert any(f"AU  - {person.data['family_name']}, {given}x" in c for c in cited), cited
    number = next(i for i, t in enumerate(event.data["talks"], start=1) if t["speaker"] == person.id)
    csl = json.loads((out / f"{event.docname}.talk-{number}.csl.json").read_text(encoding="utf-8"))
    assert csl[0]["author"] == [{"family": person.data["family_name"], "given": f"{given}x"}]
    parallel = sphinx_build(src, tmp_path / "html-j2", "-W", "--keep-going", "-n", "-j", "2",
                            doctrees=tmp_path / "doctrees-j2")
    assert parallel.returncode == 0, parallel.output
    for name in ("archive.json", "archive.jsonld", "archive.bib", "relations.csv", "people.csv"):
        assert (tmp_path / "html-j2" / "data" / name).read_text(encoding="utf-8") == \
            (out / "data" / name).read_text(encoding="utf-8"), name


@pytest.fixture(scope="module")
def cffconvert(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """cffconvert in a folder of its own: it pins jsonschema<4, which the archive's validator cannot use."""
    target = tmp_path_factory.mktemp("cffconvert")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "--target", str(target), "cffconvert==2.0.0"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(target)!r}); "
            "from cffconvert.cli.cli import cli; cli()"]


def test_citation_cff_is_a_valid_dataset_description(cffconvert: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([*cffconvert, "--validate", "--infile", str(ROOT / "CITATION.cff")], capture_output=True,
                          text=True, check=False, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid" in proc.stdout
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["type"] == "dataset"
    assert cff["title"] == SETTINGS["archive_name"]


def test_cffconvert_rejects_an_invalid_file(cffconvert: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "CITATION.cff"
    bad.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("type: dataset", "type: database"),
                   encoding="utf-8")
    proc = subprocess.run([*cffconvert, "--validate", "--infile", str(bad)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode != 0


def test_cite_page_is_in_the_toctree_and_links_the_dataset(site) -> None:
    home = site.page("index.html")
    assert home.select_one('a[href="cite.html"]') is not None
    page = site.page("cite.html")
    hrefs = [a["href"] for a in page.select(".archive-dataset-files a")]
    assert hrefs
    for href in hrefs:
        assert (site.out / href).is_file(), href
    assert SETTINGS["archive_rights"] in page.get_text()
