"""The real archive, built strict: every record has a page, every relation shows on both ends."""

from __future__ import annotations

import html
import json
import posixpath
import re

import pytest
from bs4 import BeautifulSoup

from cecci_archive import records as record_module
from cecci_archive.graph import ROLES, Graph, edges

from conftest import ROOT, Build

RIGHTS = ("All images and content are the property of CECCI. "
          "Any unauthorised use or infringement will result in legal action.")


def _records() -> list[record_module.Record]:
    out = []
    for folder in ("events", "speakers", "organisations"):
        for path in sorted((ROOT / folder).glob("*.md")):
            if path.stem == "index":
                continue
            record, _, problems = record_module.parse(path.read_text(), f"{folder}/{path.name}")
            assert record is not None and not problems
            out.append(record)
    return out


RECORDS = _records()
GRAPH = Graph(RECORDS)


def _page(record: record_module.Record) -> str:
    return f"{record.docname}.html"


def _targets(build: Build, page: str, within: str = "article") -> set[str]:
    """Root-relative paths of the pages that ``page`` links to from its main content."""
    soup = build.page(page)
    base = posixpath.dirname(page)
    scope = soup.find(within) if within else soup
    out = set()
    for a in scope.find_all("a", href=True):
        href = a["href"].split("#")[0]
        if href and not href.startswith(("http:", "https:", "mailto:")):
            out.add(posixpath.normpath(posixpath.join(base, href)))
    return out


def test_strict_build_has_no_warnings(site: Build) -> None:
    assert site.warnings == []


def test_the_first_forum_is_complete() -> None:
    counts = {t: len(GRAPH.by_type(t)) for t in ("event", "person", "organisation")}
    assert counts == {"event": 1, "person": 6, "organisation": 18}
    event = GRAPH.by_type("event")[0]
    roles = [e.role for e in edges(event)]
    assert roles.count("co_host") == 4 and roles.count("organiser") == 5
    assert roles.count("venue") == 1 and roles.count("presider") == 1 and roles.count("speaker") == 5
    assert event.data["date"] == "2025-06-05" and event.data["qa"]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_every_record_has_a_page_with_title_infobox_and_sources(site: Build, record: record_module.Record) -> None:
    soup = site.page(_page(record))
    assert soup.find("h1").get_text(strip=True).rstrip("#") == record.title
    box = soup.select_one(".archive-infobox")
    assert box is not None and record.id in box.get_text()
    sources = soup.select("ol.archive-sources > li")
    assert [li["id"] for li in sources][:1] == ["source-cecci2025outreach"]
    assert "From cultural industry to cultural outreach" in sources[0].get_text()


@pytest.mark.parametrize("edge", [e for r in RECORDS for e in edges(r)],
                         ids=lambda e: f"{e.role}:{e.subject}->{e.object}")
def test_every_relation_appears_on_both_pages_it_joins(site: Build, edge) -> None:
    subject, obj = GRAPH.records[edge.subject], GRAPH.records[edge.object]
    assert _page(obj) in _targets(site, _page(subject))
    assert _page(subject) in _targets(site, _page(obj))
    heading = ROLES[edge.role].backward
    rubrics = [r.get_text(strip=True) for r in site.page(_page(obj)).select(".archive-relations .rubric")]
    assert heading in rubrics


def test_each_relation_cites_its_source(site: Build) -> None:
    soup = site.page("speakers/li-jun.html")
    items = soup.select(".archive-role-position li")
    assert len(items) == 3
    for item in items:
        ref = item.select_one(".archive-source-ref a, a.archive-source-ref")
        assert ref is not None and ref["href"] == "#source-cecci2025outreach"


def test_talks_are_ordered_with_speaker_position_and_summary(site: Build) -> None:
    event = GRAPH.by_type("event")[0]
    soup = site.page(_page(event))
    talks = soup.select("ol.archive-talks > li.archive-talk")
    speakers = [t["speaker"] for t in event.data["talks"]]
    assert [li["id"] for li in talks] == [f"talk-{i}" for i in range(1, 6)]
    for li, speaker, talk in zip(talks, speakers, event.data["talks"], strict=True):
        link = li.find("a", class_="archive-link")
        assert link["href"].startswith(f"../speakers/{speaker}.html")
        assert talk["position"].split()[0] in li.get_text()
        assert talk["summary"].split(".")[0] in " ".join(li.get_text().split())


def test_general_index_lists_every_record_and_alias(site: Build) -> None:
    soup = site.page("genindex.html")
    text = " ".join(soup.find("article").get_text(" ").split())
    for record in RECORDS:
        assert record.sort_name in text, record.sort_name
        for alias in record.aliases:
            assert alias in text, alias
    # an abbreviation points to its organisation
    wrsa = [a for a in soup.find_all("a") if "Hangzhou Western Returned Scholars Association" in a.get_text()]
    assert any("hangzhou-western-returned-scholars-association.html" in a["href"] for a in wrsa)
    assert "Xue, Bryson" in text  # a given-first name is indexed by family name


@pytest.mark.parametrize(("index", "record_type"), [
    ("archive-events.html", "event"), ("archive-people.html", "person"),
    ("archive-organisations.html", "organisation")])
def test_each_domain_index_lists_every_record_of_its_type(site: Build, index: str, record_type: str) -> None:
    linked = _targets(site, index)
    for record in GRAPH.by_type(record_type):
        assert _page(record) in linked


def test_people_index_is_grouped_by_family_name() -> None:
    letters = {r.sort_name[0] for r in GRAPH.by_type("person")}
    assert letters == {"D", "L", "X", "Z"}


def test_people_listing_sorts_by_family_name(site: Build) -> None:
    soup = site.page("speakers/index.html")
    names = [a.get_text(strip=True) for a in soup.select("ul.archive-listing-person > li > p > a:first-child")]
    assert names == ["Da Yanan", "Li Jun", "Liang Ruxiao", "Xu Shiqing", "Xue, Bryson", "Zhao Aili"]
    jumps = [a["href"] for a in soup.select(".archive-letter-jumps a")]
    assert jumps == ["#letter-d", "#letter-l", "#letter-x", "#letter-z"]
    assert all(soup.find(id=j[1:]) for j in jumps)


def test_listing_pages_and_home_are_generated(site: Build) -> None:
    assert {_page(r) for r in GRAPH.by_type("event")} <= _targets(site, "events/index.html")
    assert {_page(r) for r in GRAPH.by_type("organisation")} <= _targets(site, "organisations/index.html")
    home = site.page("index.html")
    counts = home.select_one(".archive-counts").get_text()
    assert "1 event, 6 people and 18 organisations" in counts
    assert _page(GRAPH.by_type("event")[0]) in _targets(site, "index.html")


def test_record_pages_stay_out_of_the_sidebar(site: Build) -> None:
    soup = site.page("index.html")
    nav = soup.select_one("nav.bd-docs-nav") or soup.select_one(".bd-sidebar-primary")
    assert nav is not None
    linked = {a["href"] for a in nav.find_all("a", href=True)}
    assert "events/index.html" in linked
    assert not [h for h in linked if re.search(r"^(speakers|organisations|events)/(?!index)", h)]


def test_rights_statement_on_every_page(site: Build) -> None:
    for path in site.out.rglob("*.html"):
        if "_static" in path.parts:
            continue
        text = " ".join(BeautifulSoup(path.read_text(), "lxml").get_text(" ").split())
        assert RIGHTS in text, path


def test_records_and_aliases_are_search_objects(site: Build) -> None:
    raw = (site.out / "searchindex.js").read_text()
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    objects = {html.unescape(o[4]): (o[2], o[3]) for entries in index["objects"].values() for o in entries}
    for record in RECORDS:
        assert objects[record.title] == (0, f"{record.type}-{record.id}")  # priority 0: listed first
    assert objects["CECCI (China Europe Centre for Cultural Innovation)"] == (1, "organisation-cecci")
    assert objects["WRSA (Hangzhou Western Returned Scholars Association)"][1] == \
        "organisation-hangzhou-western-returned-scholars-association"


def test_myst_links_and_roles_render_display_names(site: Build) -> None:
    soup = site.page("index.html")
    link = soup.find("article").find("a", href=re.compile("organisations/cecci.html"))
    assert link.get_text(strip=True) == "China Europe Centre for Cultural Innovation"


def test_no_invented_original_script_names() -> None:
    for record in RECORDS:
        assert not record.data.get("original_script")
        text = (ROOT / record.path).read_text()
        assert not re.search(r"[\u4e00-\u9fff]", text), record.path
