"""Accessibility (axe-core) and screenshots of the pages a reader meets first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .browserkit import Tab, record_measure

BLOCKING = ("serious", "critical")


def timeline_page(built: Path) -> str:
    """The events timeline; the events listing while the timeline page does not exist yet."""
    return "timeline.html" if (built / "timeline.html").is_file() else "events/index.html"


def first_of(records: list[Any], record_type: str) -> str:
    return next(f"{r.docname}.html" for r in records if r.type == record_type)


def run_axe(tab: Tab, axe_source: str) -> list[dict[str, Any]]:
    tab.page.add_script_tag(content=axe_source)
    result = tab.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:5]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} — {len(v['nodes'])} element(s): {targets}")
    return "\n".join(lines)


PAGES = ["home", "event", "person", "organisation", "search", "timeline"]


@pytest.fixture
def page_path(request: pytest.FixtureRequest, records: list[Any], built: Path) -> str:
    which = request.param
    if which == "home":
        return "index.html"
    if which == "search":
        return "search.html?q=Liang"
    if which == "timeline":
        return timeline_page(built)
    return first_of(records, which)


@pytest.mark.parametrize("page_path", PAGES, indirect=True)
def test_no_serious_or_critical_accessibility_violation(tab: Tab, page_path: str, axe_source: str,
                                                        artifacts: Path) -> None:
    tab.goto(page_path)
    if page_path.startswith("search.html"):
        tab.wait_for_search()
        assert tab.page.locator("#archive-search-results li").count() > 0, "the search page shows no results"
    tab.page.wait_for_load_state("load")
    violations = run_axe(tab, axe_source)
    record_measure(artifacts, f"axe serious/critical violations on {page_path}", len(violations))
    assert not violations, f"{page_path}:\n{describe(violations)}"
    assert not tab.errors, tab.errors


def test_screenshots(tab: Tab, records: list[Any], built: Path, artifacts: Path) -> None:
    shots = {
        "home.png": "index.html",
        "event.png": first_of(records, "event"),
        "search-liang.png": "search.html?q=Liang",
        "timeline.png": timeline_page(built),
    }
    for name, path in shots.items():
        tab.goto(path)
        if path.startswith("search.html"):
            tab.wait_for_search()
        tab.page.wait_for_load_state("load")
        tab.page.screenshot(path=str(artifacts / name), full_page=True)
        assert (artifacts / name).stat().st_size > 10_000, f"{name} looks empty"
    record_measure(artifacts, "screenshots", shots)
    assert not tab.errors, tab.errors
