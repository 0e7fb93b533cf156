"""Search in a real browser: the theme's search box, Pagefind's results, filters with counts, talks."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

from .browserkit import Tab, record_measure, serve

RESULT_LINKS = "#archive-search-results li .archive-result-title a"


def search_from_box(tab: Tab, query: str) -> list[str]:
    """Open the theme's search box from the home page, type, press Enter; the result URLs, in order."""
    tab.goto("index.html")
    tab.page.locator("button.search-button-field:visible").first.click()
    field = tab.page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill(query)
    field.press("Enter")
    tab.page.wait_for_url("**/search.html?q=*")
    tab.wait_for_search()
    return result_paths(tab)


def result_paths(tab: Tab) -> list[str]:
    hrefs = tab.page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [h.removeprefix(tab.base) for h in hrefs]


def search_page(tab: Tab, query: str = "", **filters: list[str]) -> list[str]:
    params = [f"q={quote(query)}"] if query else []
    params += [f"{name}={quote(v)}" for name, values in filters.items() for v in values]
    tab.goto("search.html?" + "&".join(params))
    tab.wait_for_search()
    return result_paths(tab)


def page_of(record: Any) -> str:
    return f"{record.docname}.html"


def by_abbreviation(records: list[Any], abbreviation: str) -> Any:
    [record] = [r for r in records if abbreviation in (r.data.get("abbreviations") or [])]
    return record


def filter_counts(tab: Tab, name: str) -> dict[str, int]:
    """The counts shown beside each value of one filter."""
    rows = tab.page.eval_on_selector_all(
        f".archive-search-filter-{name} .archive-search-filter-value",
        "rows => rows.map(r => [r.querySelector('input').value, r.querySelector('.archive-search-count').innerText])")
    return {value: int(text.strip("()")) for value, text in rows}


def test_a_family_name_typed_in_the_theme_search_box_finds_the_person_first(tab: Tab, records: list[Any]) -> None:
    [liang] = [r for r in records if r.type == "person" and r.data["family_name"] == "Liang"]
    paths = search_from_box(tab, "Liang")
    assert paths, "no results for Liang"
    assert paths[0] == page_of(liang), paths
    first_title = tab.page.locator(RESULT_LINKS).first.inner_text()
    assert first_title == liang.title
    assert not tab.errors, tab.errors


def test_an_abbreviation_finds_its_organisation_first(tab: Tab, records: list[Any]) -> None:
    wrsa = by_abbreviation(records, "WRSA")
    paths = search_from_box(tab, "WRSA")
    assert paths[0] == page_of(wrsa), paths
    # another organisation has WRSA in its very name; the one whose abbreviation it is still comes first
    assert any("WRSA" in r.title for r in records if r is not wrsa)
    cecci = by_abbreviation(records, "CECCI")
    assert search_page(tab, "CECCI")[0] == page_of(cecci)
    assert not tab.errors, tab.errors


def test_an_alias_finds_its_record_first(tab: Tab, records: list[Any]) -> None:
    with_alias = [r for r in records if r.data.get("aliases")]
    assert with_alias, "no record has an alias to search for"
    for record in with_alias:
        alias = record.data["aliases"][0]
        assert search_page(tab, alias)[0] == page_of(record), alias


def test_the_organisation_filter_keeps_only_organisations_and_shows_counts(tab: Tab, records: list[Any]) -> None:
    paths = search_from_box(tab, "WRSA")
    kinds_before = filter_counts(tab, "type")
    assert kinds_before.get("organisation", 0) >= 2 and len([k for k, n in kinds_before.items() if n]) > 1, \
        kinds_before
    tab.page.get_by_label("Organisations").check()
    tab.page.wait_for_url("**type=organisation*")
    tab.wait_for_search()
    filtered = result_paths(tab)
    organisations = {page_of(r) for r in records if r.type == "organisation"}
    assert filtered and set(filtered) <= organisations, filtered
    assert set(filtered) == {p for p in paths if p in organisations}
    kinds = filter_counts(tab, "type")
    assert kinds["organisation"] == len(filtered)
    # the other kinds keep their counts for the query, so a reader sees what another tick would add
    assert kinds == kinds_before
    status = tab.page.locator("#archive-search-status").inner_text()
    assert status.startswith(f"{len(filtered)} result")
    assert not tab.errors, tab.errors


def test_filters_alone_browse_by_kind_and_year_with_counts_from_the_records(tab: Tab, records: list[Any]) -> None:
    search_page(tab)
    kinds = filter_counts(tab, "type")
    expected = Counter(r.type for r in records)
    expected["talk"] = sum(len(r.data.get("talks") or []) for r in records if r.type == "event")
    assert kinds == dict(expected)
    events_by_year = Counter(str(r.data["date"])[:4] for r in records if r.type == "event")
    paths = search_page(tab, type=["event"])
    assert sorted(paths) == sorted(page_of(r) for r in records if r.type == "event")
    years = filter_counts(tab, "year")
    assert {y: years[y] for y in events_by_year} == dict(events_by_year)
    assert not tab.errors, tab.errors


def test_each_talk_is_a_result_of_its_own_that_opens_at_the_talk(tab: Tab, records: list[Any]) -> None:
    events = [r for r in records if r.type == "event" and r.data.get("talks")]
    expected = {f"{page_of(e)}#talk-{i}" for e in events for i in range(1, len(e.data["talks"]) + 1)}
    tab.goto("search.html?type=talk")
    tab.wait_for_search()
    while tab.page.locator("#archive-search-more").is_visible():
        tab.page.locator("#archive-search-more").click()
    hrefs = tab.page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    assert {h.removeprefix(tab.base) for h in hrefs} == expected
    # a talk is found by its topic, and the link lands on the talk itself
    event = events[0]
    talk = event.data["talks"][0]
    speaker = next(r for r in records if r.id == talk["speaker"])
    paths = search_page(tab, talk["topics"][0], type=["talk"])
    assert f"{page_of(event)}#talk-1" in paths
    tab.page.locator(f"{RESULT_LINKS}[href$='#talk-1']").first.click()
    tab.page.wait_for_url(f"**/{page_of(event)}#talk-1")
    assert speaker.title in tab.page.locator("#talk-1").inner_text()
    assert not tab.errors, tab.errors


def test_one_search_downloads_little(tab: Tab, artifacts: Any) -> None:
    """Measure what one search fetches from the Pagefind bundle, by kind of file (bytes on the wire)."""
    sizes: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        if "/pagefind/" in request.url:
            sizes.append((request.url.split("/pagefind/", 1)[1].split("?", 1)[0], request.sizes()["responseBodySize"]))

    tab.page.on("requestfinished", finished)
    search_page(tab, "Liang")
    by_kind: Counter[str] = Counter()
    for name, size in sizes:
        kind = ("fragments" if name.endswith(".pf_fragment") else "index chunks" if name.endswith(".pf_index")
                else "filters" if name.endswith(".pf_filter") else "wasm" if ".pagefind" in name
                else "metadata" if name.endswith((".pf_meta", ".json")) else "scripts")
        by_kind[kind] += size
    measured = {"query": "Liang", "bytes by kind": dict(by_kind), "total bytes": sum(by_kind.values()),
                "index chunks + fragments bytes": by_kind["index chunks"] + by_kind["fragments"],
                "files": len(sizes)}
    record_measure(artifacts, "one search (search.html?q=Liang, cold cache)", measured)
    assert by_kind["index chunks"] > 0 and by_kind["fragments"] > 0, sizes
    assert measured["total bytes"] < 400_000, measured
    assert not any(name.startswith("searchindex") for name, _ in sizes)


def test_the_keyboard_alone_reaches_search_filters_and_results(tab: Tab, records: list[Any]) -> None:
    wrsa = by_abbreviation(records, "WRSA")
    tab.goto("index.html")
    tab.page.keyboard.press("Control+k")
    tab.page.keyboard.type("WRSA")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/search.html?q=WRSA")
    tab.wait_for_search()
    reached: list[str] = []
    for _ in range(40):
        tab.page.keyboard.press("Tab")
        reached.append(tab.page.evaluate(
            "() => { const e = document.activeElement; return e.name === 'type' ? 'filter:' + e.value"
            " : (e.closest('#archive-search-results') ? 'result:' + e.getAttribute('href') : e.tagName); }"))
        if reached[-1].startswith("result:"):
            break
    assert "filter:organisation" in reached, reached
    # ticking a filter from the keyboard narrows the results and leaves the focus on that filter
    box = tab.page.locator("#archive-filter-type-organisation")
    box.focus()
    tab.page.keyboard.press("Space")
    tab.page.wait_for_url("**type=organisation*")
    tab.wait_for_search()
    assert tab.page.evaluate("() => document.activeElement.id") == "archive-filter-type-organisation"
    assert box.is_checked()
    assert reached[-1].startswith("result:") and reached[-1].endswith(page_of(wrsa)), reached
    for _ in range(10):  # on, past the other filters, to the first result
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("() => !!document.activeElement.closest('#archive-search-results')"):
            break
    assert tab.page.evaluate("() => document.activeElement.getAttribute('href')").endswith(page_of(wrsa))
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(f"**/{page_of(wrsa)}")
    assert not tab.errors, tab.errors


def test_search_works_when_the_site_is_served_below_the_server_root(browser: Any, built: Any,
                                                                     records: list[Any]) -> None:
    """Static hosts often publish a site in a folder: results must link inside it."""
    [liang] = [r for r in records if r.type == "person" and r.data["family_name"] == "Liang"]
    server, url = serve(built.parent)
    try:
        context = browser.new_context()
        tab = Tab(context.new_page(), f"{url}{built.name}/")
        tab.page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
        assert search_page(tab, "Liang")[0] == page_of(liang)
        tab.page.locator(RESULT_LINKS).first.click()
        tab.page.wait_for_url(f"**/{built.name}/{page_of(liang)}")
        assert not tab.errors, tab.errors
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_the_search_dialog_shows_first_results_as_one_types(tab: Tab, records: list[Any], axe_source: str) -> None:
    wrsa = by_abbreviation(records, "WRSA")
    person = next(r for r in records if r.type == "person")
    tab.goto(page_of(person))
    loaded = "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/pagefind/'))"
    assert not tab.page.evaluate(loaded), "a page that is only read must not load the index"
    tab.page.keyboard.press("Control+k")
    tab.page.keyboard.type("WRSA")
    tab.page.wait_for_selector("#archive-search-suggestions:not([hidden]) li")
    links = tab.page.locator("#archive-search-suggestions li a")
    assert links.first.get_attribute("href").endswith("/" + page_of(wrsa))
    all_results = tab.page.locator("#archive-search-suggestions a.archive-suggestions-all")
    assert all_results.get_attribute("href").endswith("search.html?q=WRSA")
    # accessible while open
    tab.page.add_script_tag(content=axe_source)
    result = tab.page.evaluate("async () => await axe.run('#pst-search-dialog', {resultTypes: ['violations']})")
    blocking = [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not blocking, blocking
    # the keyboard goes from the field straight to the first result, which opens its record
    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused and focused.endswith(page_of(wrsa)), focused
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(f"**/{page_of(wrsa)}")
    assert not tab.errors, tab.errors
