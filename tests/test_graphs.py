"""Relationship graphs: the layout functions on synthetic graphs, and the graphs on the built site."""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from cecci_archive import graphsvg
from cecci_archive.graphsvg import GEdge, GNode, Group

from conftest import ROOT, Build, copy_site, sphinx_build

TYPE_FOLDERS = {"event": "events", "person": "speakers", "organisation": "organisations"}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def record_files(root: Path = ROOT) -> dict[str, list[Path]]:
    return {t: sorted(p for p in (root / folder).glob("*.md") if p.stem != "index")
            for t, folder in TYPE_FOLDERS.items()}


def synthetic(n: int, seed: int = 7) -> tuple[list[GNode], list[GEdge]]:
    """A random archive-like graph: a tenth events, half people, the rest organisations."""
    rng = random.Random(seed)
    events = [f"event-{i:04d}" for i in range(max(1, n // 10))]
    people = [f"person-{i:04d}" for i in range(n // 2)]
    orgs = [f"org-{i:04d}" for i in range(n - len(events) - len(people))]
    nodes = ([GNode(i, f"Forum {i} on culture and outreach", "event", f"{i}.html") for i in events]
             + [GNode(i, f"Person {i}", "person", f"{i}.html") for i in people]
             + [GNode(i, f"Organisation {i} of Hangzhou District", "organisation", f"{i}.html") for i in orgs])
    edges = []
    for p in people:
        edges.append(GEdge(rng.choice(events), p, "speaker"))
        edges.append(GEdge(p, rng.choice(orgs), "position"))
    for o in orgs:
        edges.append(GEdge(rng.choice(events), o, "co_host"))
        if rng.random() < 0.3:
            edges.append(GEdge(o, rng.choice(orgs), "parent"))
    return nodes, edges


def assert_no_overlap_and_inside(layout: graphsvg.Layout) -> None:
    points = list(layout.points.items())
    for node_id, p in points:
        assert p.x - p.r >= 0 and p.y - p.r >= 0, node_id
        assert p.x + p.r <= layout.width and p.y + p.r <= layout.height, node_id
    # a grid of cells as large as the largest node: overlapping nodes are in neighbouring cells
    size = 2 * max(p.r for _, p in points)
    cells: dict[tuple[int, int], list[tuple[str, graphsvg.Point]]] = {}
    for node_id, p in points:
        cells.setdefault((int(p.x // size), int(p.y // size)), []).append((node_id, p))
    pairs = 0
    for (i, j), members in cells.items():
        near = [m for di in (-1, 0, 1) for dj in (-1, 0, 1) for m in cells.get((i + di, j + dj), [])]
        for a_id, a in members:
            for b_id, b in near:
                if a_id < b_id:
                    pairs += 1
                    assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, (a_id, b_id)
    return None


@pytest.mark.parametrize("n", [5, 500])
def test_network_layout_deterministic_inside_viewbox_without_overlaps(n: int) -> None:
    nodes, edges = synthetic(n)
    first = graphsvg.network_layout(nodes, edges)
    shuffled_nodes, shuffled_edges = nodes[:], edges[:]
    random.Random(1).shuffle(shuffled_nodes)
    random.Random(2).shuffle(shuffled_edges)
    second = graphsvg.network_layout(shuffled_nodes, shuffled_edges)
    assert first == second, "the same graph in another order must give the same layout"
    assert len(first.points) == n
    assert_no_overlap_and_inside(first)
    shown = [lab for lab in first.labels.values() if not lab.hidden]
    for label in shown:
        left, top, right, bottom = graphsvg.label_box(label, 11)
        assert left >= 0 and top >= 0 and right <= first.width and bottom <= first.height
    # shown labels never overlap each other
    boxes = sorted(graphsvg.label_box(lab, 11) for lab in shown)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b[0] >= a[2]:
                break
            assert not (a[1] < b[3] and b[1] < a[3]), (a, b)
    if n == 5:
        assert len(shown) == n, "a small graph shows every name"
    # positions kept from an earlier build (same structure) give the same layout
    pairs = [(e.source, e.target) for e in edges]
    assert graphsvg.network_layout(nodes, edges, positions=graphsvg.network_positions(
        [node.id for node in nodes], pairs)) == first
    svg = graphsvg.render_svg(nodes, edges, first, title="t", description="d", id_prefix="g", css_class="c")
    assert svg == graphsvg.render_svg(shuffled_nodes, shuffled_edges, second, title="t", description="d",
                                      id_prefix="g", css_class="c")
    assert svg.count("<a ") == n
    assert f'viewBox="0 0 {first.width:.2f} {first.height:.2f}"' in svg


def test_force_layout_separates_connected_nodes_from_others() -> None:
    """Two cliques joined by nothing end up as two groups: the layout follows the edges."""
    left = [f"a{i}" for i in range(6)]
    right = [f"b{i}" for i in range(6)]
    edges = [(x, y) for group in (left, right) for x in group for y in group if x < y]
    pos = graphsvg.force_layout(left + right, edges, spacing=50)

    def mean_distance(xs: list[str], ys: list[str]) -> float:
        ds = [math.dist(pos[x], pos[y]) for x in xs for y in ys if x != y]
        return sum(ds) / len(ds)

    assert mean_distance(left, left) < mean_distance(left, right)
    assert mean_distance(right, right) < mean_distance(left, right)


@pytest.mark.parametrize("n", [5, 500])
def test_ego_layout_rows_never_overlap(n: int) -> None:
    centre = GNode("centre", "From Cultural Industry to Cultural Outreach", "event", "#c")
    people = tuple(GNode(f"p{i}", f"Speaker number {i} with a rather long name", "person", f"p{i}.html")
                   for i in range(n))
    orgs = tuple(GNode(f"o{i}", f"Organisation {i}", "organisation", f"o{i}.html") for i in range(3))
    layout = graphsvg.ego_layout(centre, [Group("Co-hosts", "left", orgs), Group("Speakers", "right", people)])
    assert layout == graphsvg.ego_layout(centre, [Group("Co-hosts", "left", orgs), Group("Speakers", "right", people)])
    assert_no_overlap_and_inside(layout)
    shown = min(n, graphsvg.EGO_GROUP_LIMIT)
    assert len(layout.points) == 1 + 3 + shown, "a large group is cut to its first nodes and one 'more' node"
    boxes = sorted(graphsvg.label_box(lab) for lab in layout.labels.values())
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= layout.width
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_wrap_keeps_width_and_marks_cuts() -> None:
    lines = graphsvg.wrap("Qiantang District Bureau of Civil Affairs, Culture, Tourism and Sports", 150, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(graphsvg.text_width(line) <= 150 for line in lines)
    assert graphsvg.wrap("Li Jun", 150, 2) == ("Li Jun",)


# -- on the built site ---------------------------------------------------------------------------


def graph_links(soup: BeautifulSoup) -> set[str]:
    """Record ids linked from the page's neighbourhood graph (from the hrefs' anchors)."""
    figure = soup.select_one("figure.archive-graph-figure svg.archive-graph-ego")
    assert figure is not None
    return {a["href"].rsplit("#", 1)[1].split("-", 1)[1] for a in figure.find_all("a")}


def test_event_graph_links_every_speaker_and_organisation(site: Build) -> None:
    for path in record_files()["event"]:
        data = front_matter(path)
        expected_people = {t["speaker"] for t in data.get("talks") or []} | {
            p["person"] for p in data.get("presiders") or []}
        expected_orgs = {o["org"] for field in ("co_hosts", "organisers") for o in data.get(field) or []}
        if data.get("venue"):
            expected_orgs.add(data["venue"]["org"])
        soup = site.page(f"events/{path.stem}.html")
        svg = soup.select_one("svg.archive-graph-ego")
        hrefs = {a["href"] for a in svg.find_all("a")}
        for person in expected_people:
            assert f"../speakers/{person}.html#person-{person}" in hrefs, person
        for org in expected_orgs:
            assert f"../organisations/{org}.html#organisation-{org}" in hrefs, org
        assert graph_links(soup) == expected_people | expected_orgs | {path.stem}
        # every link target exists in the built site
        for href in hrefs:
            target, anchor = href.split("#")
            page = (site.out / "events" / target).resolve()
            assert page.exists(), href
            if target:
                assert BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find(id=anchor) is not None, href


def test_every_record_page_has_a_graph_with_text_alternative(site: Build) -> None:
    for record_type, paths in record_files().items():
        for path in paths:
            soup = site.page(f"{TYPE_FOLDERS[record_type]}/{path.stem}.html")
            section = soup.find(id="network")
            assert section is not None, f"{path}: no Network section"
            headings = [h.get_text(strip=True).rstrip("#") for h in soup.select("article section > h2")]
            assert headings.index("Network") == headings.index("Relations") + 1, headings
            svg = section.select_one("svg.archive-graph")
            assert svg is not None, path
            title = svg.find("title", id=svg["aria-labelledby"])
            desc = svg.find("desc", id=svg["aria-describedby"])
            assert title is not None and title.get_text(strip=True), path
            assert desc is not None and len(desc.get_text(strip=True)) > 20, path
            links = svg.find_all("a")
            assert links, path
            for a in links:
                assert a.get("href") and a.get("aria-label")
                shown = a.get_text(" ", strip=True).replace(" …", "")
                assert " ".join(shown.split()) in a["aria-label"], "the visible label is part of the link's name"
            # the text alternative names and links every neighbour the picture shows
            alternative = section.select_one("details.archive-graph-text")
            assert alternative is not None, path
            shown = {a["href"] for a in links} - {f"#{record_type}-{path.stem}"}
            listed = {a["href"] for a in alternative.find_all("a")}
            assert shown == listed, path
            for a in links:
                name = a["aria-label"].split(": ", 1)[1].split(" (")[0]
                assert name in desc.get_text(), (path, name)


def test_whole_network_page_has_every_record_and_relation(site: Build) -> None:
    soup = site.page("network.html")
    svg = soup.select_one("svg.archive-graph-network")
    assert svg is not None
    files = record_files()
    expected = {f"{TYPE_FOLDERS[t]}/{p.stem}.html#{t}-{p.stem}" for t, paths in files.items() for p in paths}
    assert {a["href"] for a in svg.find_all("a")} == expected
    pairs = set()
    for path in files["event"]:
        data = front_matter(path)
        for field, key in (("co_hosts", "org"), ("organisers", "org"), ("presiders", "person"), ("talks", "speaker")):
            pairs |= {frozenset((path.stem, item[key])) for item in data.get(field) or []}
        if data.get("venue"):
            pairs.add(frozenset((path.stem, data["venue"]["org"])))
    for path in files["person"]:
        pairs |= {frozenset((path.stem, p["org"])) for p in front_matter(path).get("positions") or []}
    for path in files["organisation"]:
        parent = front_matter(path).get("parent")
        if parent:
            pairs.add(frozenset((path.stem, parent["org"])))
    assert len(svg.select("path.graph-edge")) == len(pairs)
    # the text alternative lists every record
    listed = {a["href"] for a in soup.select("details.archive-graph-text a")}
    assert expected <= listed
    viewbox = [float(v) for v in svg["viewbox"].split()]
    for shape in svg.select("circle"):
        assert 0 <= float(shape["cx"]) - float(shape["r"]) and float(shape["cx"]) + float(shape["r"]) <= viewbox[2]


def figures(build: Build, page: str) -> str:
    return "\n".join(str(f) for f in build.page(page).select("figure.archive-graph-figure"))


def test_graphs_identical_in_parallel_build(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    one = sphinx_build(src, tmp_path / "j1", "-j", "1", "-E", doctrees=tmp_path / "d1")
    two = sphinx_build(src, tmp_path / "j2", "-j", "2", "-E", doctrees=tmp_path / "d2")
    assert one.returncode == 0 and two.returncode == 0, one.output + two.output
    pages = ["network.html", "timeline.html"] + [f"{TYPE_FOLDERS[t]}/{p.stem}.html"
                                                  for t, paths in record_files(src).items() for p in paths]
    for page in pages:
        assert figures(one, page), page
        assert figures(one, page) == figures(two, page), page


def test_graph_follows_a_renamed_neighbour_on_incremental_build(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    first = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert first.returncode == 0, first.output
    event = record_files(src)["event"][0].stem
    speaker = src / "speakers" / "li-jun.md"
    assert "Li Jun" in figures(first, f"events/{event}.html")
    speaker.write_text(re.sub(r"^name: Li Jun$", "name: Li Jun Renamed", speaker.read_text(encoding="utf-8"),
                              flags=re.M), encoding="utf-8")
    second = sphinx_build(src, out, "-W", "--keep-going", "-n", doctrees=doctrees)
    assert second.returncode == 0, second.output
    for page in (f"events/{event}.html", "network.html", "organisations/qiantang-district-wrsa.html"):
        assert "Li Jun Renamed" in figures(second, page), page


def test_hub_record_graph_cuts_large_groups_but_lists_everyone() -> None:
    """A record with hundreds of relations: the picture shows the first of each group and a 'more'
    node; the text alternative still names every record."""
    from types import SimpleNamespace

    from cecci_archive import network
    from cecci_archive.graph import Graph
    from cecci_archive.records import Record

    hub = Record("hub", "organisation", "organisations/hub", "organisations/hub.md",
                 {"name": "The Hub Association", "kind": "association", "sources": ["s"]}, {})
    people = [Record(f"p{i:03d}", "person", f"speakers/p{i:03d}", f"speakers/p{i:03d}.md",
                     {"name": f"Person {i:03d}", "family_name": "Person",
                      "positions": [{"org": "hub", "title": "Member", "source": "s"}], "sources": ["s"]}, {})
              for i in range(300)]
    graph = Graph([hub, *people])
    app = SimpleNamespace(builder=SimpleNamespace(get_relative_uri=lambda a, b: f"{b}.html", format="html"))
    html = network.record_graph_html(app, "organisations/hub", graph, hub)
    soup = BeautifulSoup(html, "lxml")
    svg = soup.select_one("svg.archive-graph-ego")
    assert len(svg.select("a.graph-node")) == 1 + graphsvg.EGO_GROUP_LIMIT - 1
    more = svg.select("g.node-more")
    assert len(more) == 1 and "261 more" in more[0].get_text()
    listed = {a["href"] for a in soup.select("details.archive-graph-text a")}
    assert listed == {f"speakers/p{i:03d}.html#person-p{i:03d}" for i in range(300)}
    viewbox = [float(v) for v in svg["viewbox"].split()]
    assert viewbox[3] < 2000, "the picture stays a readable height"
