"""Text from records is untrusted: nothing in a field may break out of a meta tag, the JSON-LD or the page."""

from __future__ import annotations

import json
from pathlib import Path

from _citable import source_records
from bs4 import BeautifulSoup

from cecci_archive import citation, metadata, redirects
from cecci_archive.graph import Graph

from conftest import copy_site, sphinx_build

RECORDS = source_records()
SCRIPT = "</script><script>alert(1)</script>"
HOSTILE = f'{SCRIPT} "double" \'single\' <img src=x onerror=alert(2)> & </title><!-- --> \u2028'
#: Quotes, ampersands and angle brackets that are not markup: the safety checks let them through.
TRICKY = 'Li "Quote" O\'Neil <1 & 2> 0'


def executable(soup: BeautifulSoup) -> list[str]:
    """Everything in a parsed page that a browser would run and that carries the payload."""
    found: list[str] = []
    for script in soup.find_all("script"):
        text = script.string or ""
        if script.get("type") == "application/ld+json":
            json.loads(text)  # a break-out would leave invalid JSON behind
        elif "alert(" in text:
            found.append(str(script))
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on") and "alert" in str(value):
                found.append(str(tag))
    found += [str(img) for img in soup.find_all("img", src="x")]
    return found


def test_meta_tags_and_json_ld_keep_hostile_text_as_data() -> None:
    """Every generator fed a record whose fields all hold markup: the head parses back to the same text."""
    person = next(r for r in RECORDS if r.type == "person" and r.data.get("positions"))
    event = next(r for r in RECORDS if r.type == "event")
    data = {**person.data, "name": HOSTILE, "aliases": [HOSTILE], "original_script": HOSTILE}
    hostile_person = person._replace(data=data)
    talks = [{**t, "title": HOSTILE, "summary": HOSTILE, "topics": [HOSTILE]} for t in event.data["talks"]]
    hostile_event = event._replace(data={**event.data, "title": HOSTILE, "summary": HOSTILE, "talks": talks,
                                         "topics": [HOSTILE], "place": HOSTILE})
    graph = Graph([r for r in RECORDS if r.id not in (person.id, event.id)] + [hostile_person, hostile_event])
    site = citation.Site(HOSTILE, HOSTILE, "https://example.invalid/", "en")

    def url_of(record, fragment: str) -> str:  # type: ignore[no-untyped-def]
        return site.url(f"{record.docname}.html", fragment)

    for record in (hostile_person, hostile_event):
        tags = metadata.meta_tags(record, graph, site, url_of(record, ""), None)
        ld = metadata.jsonld(record, graph, url_of, site)
        head = metadata.render_tags(tags) + f'<script type="application/ld+json">{metadata.script_json(ld)}</script>'
        soup = BeautifulSoup(f"<html><head>{head}</head><body><p>after</p></body></html>", "lxml")
        assert executable(soup) == []
        assert len(soup.find_all("script")) == 1
        assert soup.body.get_text() == "after"  # nothing spilled out of the head
        metas = soup.find_all("meta")
        assert [(m.get("name") or m.get("property"), m["content"]) for m in metas] == [(n, c) for _, n, c in tags]
        assert any(HOSTILE in c for _, _, c in tags)
        assert json.loads(soup.script.string) == ld
        raw = metadata.script_json(ld)
        assert "<" not in raw and ">" not in raw and "&" not in raw
        for item in citation.talk_citables(record, graph, site, f"{record.docname}.html"):
            assert json.loads(citation.csl_json([item]))[0]["title"] == " ".join(HOSTILE.split())


def test_redirect_page_keeps_hostile_title_as_text() -> None:
    page = redirects.page(redirects.Redirect("speakers/old", "speakers/new", HOSTILE, "person-new"),
                          "new.html", "https://example.invalid/speakers/new.html", HOSTILE)
    soup = BeautifulSoup(page, "lxml")
    assert executable(soup) == []
    assert soup.find("a").get_text() == HOSTILE
    assert soup.title.get_text().startswith(f"Moved: {HOSTILE}")


def test_site_built_with_hostile_and_tricky_records_runs_nothing(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    person = next(r for r in RECORDS if r.type == "person")
    organisation = next(r for r in RECORDS if r.type == "organisation" and not r.data.get("parent"))
    path = src / person.path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"name: {person.title}\n", f"name: {json.dumps(TRICKY)}\n", 1), encoding="utf-8")
    path = src / organisation.path
    text = path.read_text(encoding="utf-8")
    lines = [f"name: {json.dumps(HOSTILE)}" if line.startswith("name:") else
             f"place: {json.dumps(HOSTILE)}" if line.startswith("place:") else line for line in text.splitlines()]
    assert any(json.dumps(HOSTILE) in line for line in lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    build = sphinx_build(src, tmp_path / "html", "--keep-going", doctrees=tmp_path / "doctrees")
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    pages = sorted((tmp_path / "html").rglob("*.html"))
    assert len(pages) > len(RECORDS)
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        assert executable(soup) == [], page

    person_page = build.page(f"{person.docname}.html")
    assert person_page.find("meta", property="og:title")["content"] == TRICKY
    assert person_page.find("meta", attrs={"name": "citation_title"})["content"] == TRICKY
    (ld,) = [json.loads(s.string) for s in person_page.find_all("script", attrs={"type": "application/ld+json"})]
    assert ld["name"] == TRICKY
    assert person_page.find("h1").get_text().strip("#¶ \n") == TRICKY

    org_page = tmp_path / "html" / f"{organisation.docname}.html"
    if org_page.is_file():  # the record is either refused with a located error, or published as plain text
        soup = BeautifulSoup(org_page.read_text(encoding="utf-8"), "lxml")
        titles = soup.find_all("meta", attrs={"name": "citation_title"})
        if titles:
            assert titles[0]["content"] == " ".join(HOSTILE.split())
        else:
            assert organisation.path in build.output
