"""Click through the archive as a reader would: search result → person → event → organisation → back."""

from __future__ import annotations

from typing import Any

from .browserkit import Tab


def test_click_through_from_a_search_result_without_console_errors(tab: Tab, records: list[Any]) -> None:
    by_page = {f"{r.docname}.html": r for r in records}
    visited: list[str] = []

    def arrived(expected_type: str) -> Any:
        tab.page.wait_for_load_state("load")
        path = tab.path()
        visited.append(path)
        record = by_page.get(path)
        assert record is not None and record.type == expected_type, f"expected a {expected_type} page, got {path}"
        assert tab.page.locator("article h1").first.inner_text().rstrip("#").strip() == record.title
        return record

    tab.goto("search.html?q=Liang")
    tab.wait_for_search()
    tab.page.locator("#archive-search-results li.archive-result-person .archive-result-title a").first.click()
    person = arrived("person")

    # the person's back-links name the events they spoke at
    events = [r for r in records if r.type == "event"
              and any(t["speaker"] == person.id for t in r.data.get("talks") or [])]
    assert events, f"{person.id} spoke at no event"
    relations = tab.page.locator("section#relations")
    relations.locator("a.archive-event").first.click()
    event = arrived("event")
    assert event in events

    # the event's hosts, organisers and venue are links to organisations
    organisations = {e["org"] for key in ("co_hosts", "organisers") for e in event.data.get(key) or []}
    if event.data.get("venue"):
        organisations.add(event.data["venue"]["org"])
    tab.page.locator("article a.archive-organisation").first.click()
    organisation = arrived("organisation")
    assert organisation.id in organisations

    tab.page.go_back()
    tab.page.wait_for_load_state("load")
    assert tab.path() == f"{event.docname}.html"
    tab.page.go_back()
    tab.page.wait_for_load_state("load")
    assert tab.path() == f"{person.docname}.html"
    assert len(visited) == 3
    assert not tab.errors, tab.errors
