"""Browsing pages on the built site: timeline, topics, people A–Z, the organisation tree."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_graphs import front_matter, record_files

from conftest import Build, copy_site, sphinx_build


def expected_topics(root: Path | None = None) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Topic and mention names (case-folded) → the hrefs (from the topics page) that should list them."""
    topics: dict[str, set[str]] = {}
    mentions: dict[str, set[str]] = {}
    for path in record_files(*(() if root is None else (root,)))["event"]:
        data = front_matter(path)
        page = f"events/{path.stem}.html"
        for topic in data.get("topics") or []:
            topics.setdefault(topic.casefold(), set()).add(f"{page}#event-{path.stem}")
        for mention in data.get("mentions") or []:
            mentions.setdefault(mention["name"].casefold(), set()).add(f"{page}#event-{path.stem}")
        for number, talk in enumerate(data.get("talks") or [], start=1):
            where = {f"{page}#talk-{number}", f"speakers/{talk['speaker']}.html#person-{talk['speaker']}"}
            for topic in talk.get("topics") or []:
                topics.setdefault(topic.casefold(), set()).update(where)
            for mention in talk.get("mentions") or []:
                mentions.setdefault(mention["name"].casefold(), set()).update(where)
    return topics, mentions


def listed(soup: BeautifulSoup, section_id: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for term in soup.find(id=section_id).select("dl.archive-topics > dt"):
        dd = term.find_next_sibling("dd")
        out.setdefault(term.get_text(strip=True).casefold(), set()).update(a["href"] for a in dd.find_all("a"))
    return out


def test_topics_page_lists_every_topic_and_mention_with_its_records(site: Build) -> None:
    soup = site.page("topics.html")
    topics, mentions = expected_topics()
    assert topics and mentions
    shown_topics = listed(soup, "all-topics")
    shown_mentions = listed(soup, "mentioned")
    assert set(shown_topics) == set(topics)
    assert set(shown_mentions) == set(mentions)
    for name, hrefs in topics.items():
        assert hrefs <= shown_topics[name], name
    for name, hrefs in mentions.items():
        assert hrefs <= shown_mentions[name], name
    # every link leads to a page and an anchor that exist
    for a in soup.select("#all-topics a, #mentioned a"):
        page, _, anchor = a["href"].partition("#")
        target = site.page(page)
        assert target.find(id=anchor) is not None, a["href"]
    # the letter jumps lead to the letters
    for a in soup.select("p.archive-letter-jumps a"):
        assert soup.find(id=a["href"].lstrip("#")) is not None, a["href"]


def test_timeline_has_every_event_as_a_link_and_in_the_list(site: Build) -> None:
    soup = site.page("timeline.html")
    svg = soup.select_one("svg.archive-timeline")
    assert svg is not None
    assert svg.find("title", id=svg["aria-labelledby"]).get_text(strip=True)
    events = record_files()["event"]
    assert str(len(events)) in svg.find("desc", id=svg["aria-describedby"]).get_text()
    dots = {a["href"]: a for a in svg.select("a.graph-node")}
    listing = {a["href"] for a in soup.select("ul.archive-timeline-list a")}
    for path in events:
        data = front_matter(path)
        href = f"events/{path.stem}.html#event-{path.stem}"
        assert href in dots, path
        assert href in listing, path
        assert data["title"] in dots[href]["aria-label"]
        assert soup.find(id=f"year-{str(data['date'])[:4]}") is not None
    assert len(dots) == len(events)
    # year labels link to the year's list
    years = svg.select("a.timeline-year")
    assert years
    for a in years:
        assert soup.find(id=a["href"].lstrip("#")) is not None


def test_people_a_to_z_with_letter_jumps(site: Build) -> None:
    soup = site.page("speakers/index.html")
    jumps = soup.select("p.archive-letter-jumps a")
    assert jumps
    people = record_files()["person"]
    seen = set()
    for a in jumps:
        box = soup.find(id=a["href"].lstrip("#"))
        assert box is not None
        for link in box.select("a.archive-person"):
            seen.add(link["href"])
            assert link.get_text(strip=True)[:1].upper() == a.get_text(strip=True)
    assert seen == {f"{p.stem}.html#person-{p.stem}" for p in people}


def test_organisation_hierarchy_is_a_tree(site: Build) -> None:
    soup = site.page("organisations/index.html")
    tree = soup.find(id="hierarchy")
    assert tree is not None
    for path in record_files()["organisation"]:
        parent = (front_matter(path).get("parent") or {}).get("org")
        link = tree.find("a", href=f"{path.stem}.html#organisation-{path.stem}")
        assert link is not None, path
        item = link.find_parent("li")
        container = item.find_parent("li")
        if parent:
            assert container is not None, path
            parent_link = container.find("a")
            assert parent_link["href"] == f"{parent}.html#organisation-{parent}", path
        else:
            assert container is None, path


def test_browsing_pages_follow_the_records_on_incremental_build(tmp_path: Path) -> None:
    """Edit an event, add another (a test-only copy, a year earlier): timeline, topics and network follow."""
    src = copy_site(tmp_path / "src")
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    first = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert first.returncode == 0, first.output
    event = record_files(src)["event"][0]
    text = event.read_text(encoding="utf-8")
    edited = text.replace("topics: [cultural outreach,", "topics: [a test-only topic, cultural outreach,", 1)
    assert edited != text
    event.write_text(edited, encoding="utf-8")
    second = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert second.returncode == 0, second.output
    assert "a test-only topic" in listed(second.page("topics.html"), "all-topics")
    copy = src / "events" / "2024-01-15-test-only-copy.md"
    copy.write_text(re.sub(r"^id: .*$", "id: 2024-01-15-test-only-copy", re.sub(
        r"^date: .*$", "date: 2024-01-15", re.sub(r"^title: .*$", 'title: "A test-only event"', text, flags=re.M),
        flags=re.M), flags=re.M), encoding="utf-8")
    third = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert third.returncode == 0, third.output
    timeline = third.page("timeline.html")
    svg = timeline.select_one("svg.archive-timeline")
    assert {t.get_text() for t in svg.select("a.timeline-year text")} == {"2024", "2025"}
    dots = svg.select("a.graph-node")
    assert len(dots) == 2
    xs = {a["href"]: float(a.find("circle")["cx"]) for a in dots}
    copy_href = "events/2024-01-15-test-only-copy.html#event-2024-01-15-test-only-copy"
    assert xs[copy_href] < xs[f"events/{event.stem}.html#event-{event.stem}"], "earlier events are further left"
    network = third.page("network.html").select_one("svg.archive-graph-network")
    assert network.find("a", href=copy_href) is not None


def synthetic_events(n: int, seed: int = 3) -> list:
    from cecci_archive.records import Record

    rng = random.Random(seed)
    events = []
    for i in range(n):
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        title = " ".join(rng.choice(["Forum", "on", "cultural", "outreach", "and", "heritage"]) for _ in range(6))
        events.append(Record(f"e{i}", "event", f"events/e{i}", f"events/e{i}.md",
                             {"date": day.isoformat(), "title": title}, {}))
    return sorted(events, key=lambda r: (r.data["date"], r.id))


@pytest.mark.parametrize("n", [1, 12, 300])
def test_timeline_labels_never_overlap_and_leaders_cross_no_label(n: int) -> None:
    from cecci_archive import graphsvg, timeline

    events = synthetic_events(n)
    marks = timeline.place_marks(events, 300.0, 2019)
    assert marks == timeline.place_marks(events, 300.0, 2019)
    assert [m.x for m in marks] == sorted(m.x for m in marks), "dots follow the dates"
    spans = {m.record.id: (m.x + timeline.LABEL_OFFSET, m.x + timeline.LABEL_OFFSET + graphsvg.text_width(m.text))
             for m in marks}
    labelled = [m for m in marks if m.row >= 0]
    assert labelled, "some labels are shown"
    if n <= 12:
        assert len(labelled) == n
    for a in labelled:
        for b in labelled:
            if a is b:
                continue
            if a.row == b.row:
                assert spans[a.record.id][1] <= spans[b.record.id][0] or spans[b.record.id][1] <= spans[a.record.id][0]
            if b.row < a.row:  # a's leader line goes down through b's row at a.x
                assert not spans[b.record.id][0] <= a.x <= spans[b.record.id][1], (a.record.id, b.record.id)
