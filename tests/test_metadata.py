"""What Zotero and search engines read in a record page's head: meta tags, canonical link, JSON-LD."""

from __future__ import annotations

import json
import re

import pytest
from _citable import by_id, canonical, settings, source_records
from pyld import jsonld

from cecci_archive.metadata import FORBIDDEN_META
from cecci_archive.records import Record

RECORDS = source_records()
SETTINGS = settings()
SCHEMA = "https://schema.org/"


def meta(page, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    tags = page.find_all("meta", attrs={"name": name}) + page.find_all("meta", attrs={"property": name})
    return [t["content"] for t in tags]


def one(page, name: str) -> str:  # type: ignore[no-untyped-def]
    values = meta(page, name)
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def ld_blocks(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(s.string) for s in page.find_all("script", attrs={"type": "application/ld+json"})]


@pytest.mark.parametrize("record", RECORDS, ids=[r.id for r in RECORDS])
def test_record_page_meta_tags(site, record: Record) -> None:
    page = site.page(f"{record.docname}.html")
    canonicals = page.find_all("link", rel="canonical")
    assert [c["href"] for c in canonicals] == [canonical(record)]
    assert one(page, "og:type") == "website"  # Zotero: a web page, not a journal article
    assert one(page, "og:site_name") == SETTINGS["archive_name"]
    assert one(page, "og:title") == record.title
    assert one(page, "og:url") == canonical(record)
    assert one(page, "og:description").strip()
    assert one(page, "citation_title") == record.title
    assert one(page, "citation_author") == SETTINGS["archive_name"]
    assert one(page, "citation_language") == (SETTINGS.get("language") or "en")
    assert one(page, "DC.rights") == SETTINGS["archive_rights"]
    date = one(page, "citation_date")
    if record.type == "event":
        assert date == record.data["date"].replace("-", "/")
        assert set(record.data.get("topics") or []) <= set(meta(page, "citation_keywords"))
    else:
        revision = page.select_one(".archive-revision").get_text()
        assert date.replace("/", "-") in revision  # the record's last change, as the page states it
    assert meta(page, "citation_keywords")
    for name in FORBIDDEN_META:
        assert not meta(page, name), f"{name} would make Zotero save another item type"
    assert not page.select("span.Z3988"), "COinS would make Zotero offer the sources instead of the record"


@pytest.mark.parametrize("record", RECORDS, ids=[r.id for r in RECORDS])
def test_record_page_json_ld(site, record: Record) -> None:
    records = by_id(RECORDS)
    page = site.page(f"{record.docname}.html")
    (data,) = ld_blocks(page)
    expected_type = {"event": "Event", "person": "Person", "organisation": "Organization"}[record.type]
    assert data["@type"] == expected_type
    assert data["name"] == record.title
    assert data["identifier"] == record.id
    assert data["url"] == canonical(record)
    (node,) = [n for n in jsonld.expand(data) if n.get("@id") == data["@id"]]
    assert node["@type"] == [SCHEMA + expected_type]
    assert node[SCHEMA + "name"] == [{"@value": record.title}]
    assert node[SCHEMA + "url"] == [{"@id": canonical(record)}]
    if record.type == "event":
        assert data["startDate"] == record.data["date"]
        assert len(data["subEvent"]) == len(record.data.get("talks") or [])
        speakers = [records[t["speaker"]].title for t in record.data.get("talks") or []]
        assert [s["performer"]["name"] for s in data["subEvent"]] == speakers
        assert {p["name"] for p in data["performer"]} == set(speakers)
        organisers = [records[o["org"]].title for o in record.data.get("organisers") or []]
        assert set(organisers) <= {o["name"] for o in data["organizer"]}
    elif record.type == "person":
        orgs = {records[p["org"]].title for p in record.data.get("positions") or []}
        assert {a["name"] for a in data.get("affiliation", [])} == orgs
        assert set(data.get("jobTitle", [])) == {p["title"] for p in record.data.get("positions") or []}
    else:
        parent = (record.data.get("parent") or {}).get("org")
        if parent:
            assert data["parentOrganization"]["name"] == records[parent].title
        children = {r.title for r in RECORDS if (r.data.get("parent") or {}).get("org") == record.id}
        assert {c["name"] for c in data.get("subOrganization", [])} == children


@pytest.mark.parametrize("page_name", ["index.html", "cite.html", "events/index.html", "sources.html"])
def test_pages_that_are_not_records_carry_no_record_metadata(site, page_name: str) -> None:
    page = site.page(page_name)
    assert not meta(page, "citation_title")
    assert not ld_blocks(page)


def test_revision_is_a_commit_of_this_repository(site) -> None:
    import subprocess

    for record in RECORDS:
        text = site.page(f"{record.docname}.html").select_one(".archive-revision").get_text()
        match = re.search(r"revision ([0-9a-f]{7,40})", text)
        if match is None:
            assert "not yet committed" in text
            continue
        proc = subprocess.run(["git", "cat-file", "-e", f"{match.group(1)}^{{commit}}"], cwd=site.src,
                              capture_output=True, check=False)
        assert proc.returncode == 0, text
