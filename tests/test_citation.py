"""Cite this record: the section on every record page, and the files it offers, read with real parsers."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

import pybtex.database
import pytest
import rispy
from _citable import by_id, canonical, settings, source_records

from cecci_archive import citation
from cecci_archive.records import Record

RECORDS = source_records()
SETTINGS = settings()


def ids(records: list[Record]) -> list[str]:
    return [r.id for r in records]


def cite_section(site, record: Record):  # type: ignore[no-untyped-def]
    page = site.page(f"{record.docname}.html")
    section = page.find(id="cite-this-record")
    assert section is not None, f"{record.docname}: no Cite this record section"
    return page, section


def test_the_archive_has_records_of_every_type() -> None:
    assert {r.type for r in RECORDS} == {"event", "person", "organisation"}


@pytest.mark.parametrize("record", RECORDS, ids=ids(RECORDS))
def test_chicago_citation_names_archive_title_id_url_and_access_date(site, record: Record) -> None:
    _, section = cite_section(site, record)
    text = " ".join(section.select_one(".archive-cite-text").get_text(" ").split())
    assert text.startswith(f"{SETTINGS['archive_name']}. ")
    assert f"“{record.title}" in text
    assert record.id in text
    assert canonical(record) in text
    assert text.endswith("Accessed [access date].")
    if record.type == "event":
        assert f" {record.data['date'][:4]}. " in text


@pytest.mark.parametrize("record", RECORDS, ids=ids(RECORDS))
def test_citation_files_parse_and_match_the_copyable_blocks(site, record: Record) -> None:
    _, section = cite_section(site, record)
    links = {a.get_text(): a["href"] for a in section.select(".archive-cite-downloads")[0].find_all("a")}
    assert set(links) == {"BibTeX", "RIS", "CSL-JSON"}
    folder = PurePosixPath(record.docname).parent
    files = {label: site.out / folder / href for label, href in links.items()}
    for path in files.values():
        assert path.is_file(), path

    bib = pybtex.database.parse_file(str(files["BibTeX"]), bib_format="bibtex")
    assert len(bib.entries) == 1
    entry = next(iter(bib.entries.values()))
    assert entry.type == "online"
    assert entry.fields["title"] == record.title
    assert entry.fields["organization"] == SETTINGS["archive_name"]
    assert entry.fields["url"] == canonical(record)
    assert record.id in entry.fields["note"]
    assert "urldate" in entry.fields and entry.fields["urldate"] == ""
    if record.type == "event":
        assert entry.fields["date"] == record.data["date"]

    (ris,) = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
    assert ris["type_of_reference"] == "ELEC"
    assert ris["title"] == record.title
    assert ris["urls"] == [canonical(record)]
    assert ris["authors"] == [SETTINGS["archive_name"]]
    if record.type == "event":
        assert ris["date"] == record.data["date"].replace("-", "/") + "/"

    (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    assert csl["type"] == "webpage"
    assert csl["title"] == record.title
    assert csl["URL"] == canonical(record)
    if record.type == "event":
        assert csl["issued"]["date-parts"] == [[int(p) for p in record.data["date"].split("-")]]

    blocks = {cls: section.select_one(f".archive-cite-{cls} pre").get_text() for cls in ("bibtex", "ris", "csl")}
    assert blocks["bibtex"].strip() == files["BibTeX"].read_text(encoding="utf-8").strip()
    assert blocks["ris"].strip() == files["RIS"].read_text(encoding="utf-8").strip()
    assert json.loads(blocks["csl"]) == json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))


EVENTS = [r for r in RECORDS if r.type == "event" and r.data.get("talks")]


@pytest.mark.parametrize("event", EVENTS, ids=ids(EVENTS))
def test_each_talk_is_citable_as_a_presentation(site, event: Record) -> None:
    people = by_id(RECORDS)
    page, section = cite_section(site, event)
    talks = section.select(".archive-cite-talk")
    assert len(talks) == len(event.data["talks"])
    venue = people[event.data["venue"]["org"]].title if event.data.get("venue") else None
    folder = site.out / PurePosixPath(event.docname).parent
    for number, (item, talk) in enumerate(zip(talks, event.data["talks"], strict=True), start=1):
        speaker = people[talk["speaker"]]
        assert page.find(id=f"talk-{number}") is not None
        links = {a.get_text(): a["href"] for a in item.select(".archive-cite-downloads a")}
        (ris,) = rispy.loads((folder / links["RIS"]).read_text(encoding="utf-8"))
        assert ris["type_of_reference"] == "SLIDE"
        assert ris["authors"] == [f"{speaker.data['family_name']}, {speaker.data['given_name']}"]
        assert ris["secondary_title"] == event.title  # T2: Zotero's meeting name for a presentation
        assert ris["date"] == event.data["date"].replace("-", "/") + "/"
        assert ris["urls"] == [f"{canonical(event)}#talk-{number}"]
        if venue:
            assert ris["place_published"] == venue
        if talk.get("title"):
            assert ris["title"] == talk["title"]
        else:
            assert ris["title"].startswith("[") and event.title in ris["title"]
        (csl,) = json.loads((folder / links["CSL-JSON"]).read_text(encoding="utf-8"))
        assert csl["type"] == "speech"
        assert csl["author"] == [{"family": speaker.data["family_name"], "given": speaker.data["given_name"]}]
        assert csl["event-title"] == event.title
        assert csl["issued"]["date-parts"] == [[int(p) for p in event.data["date"].split("-")]]
        text = " ".join(item.select_one(".archive-cite-text").get_text(" ").split())
        assert text.startswith(f"{speaker.title}. {event.data['date'][:4]}.")
        assert event.title in text and f"#talk-{number}" in text


def test_bibtex_escaping_keeps_entries_parseable() -> None:
    hostile = "50% of {braces} #1 & $x_y$ ~ ^ \\end } {"
    site = citation.Site("Archive", "", "https://example.invalid/", "en")
    items = [citation.Citable(key, "record", hostile, (citation.Name(literal="Archive {x}"),), "2025-06-05", None,
                              "https://example.invalid/a.html#x", key, "Event record", "Archive", None, None, None,
                              (hostile,), "en") for key in ("one", "two")]
    bib = pybtex.database.parse_string("\n".join(citation.bibtex(i) for i in items), bib_format="bibtex")
    assert len(bib.entries) == 2  # an unbalanced brace in one entry would swallow the next
    for entry in bib.entries.values():
        title = entry.fields["title"]
        assert title.count("{") == title.count("}")
        assert "%" not in title.replace("\\%", "")
        assert entry.fields["date"] == "2025-06-05"
    assert site.url("a.html", "x") == "https://example.invalid/a.html#x"
