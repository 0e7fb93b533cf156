"""What the build gives Pagefind, read from the built HTML (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup


def soup(built: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((built / path).read_text(encoding="utf-8"), "lxml")


def test_only_record_pages_are_indexed_and_only_their_article(built: Path, records: list[Any]) -> None:
    record_pages = {f"{r.docname}.html" for r in records}
    for html in sorted(built.rglob("*.html")):
        path = html.relative_to(built).as_posix()
        if path.startswith(("pagefind/", "_static/")):
            continue
        bodies = soup(built, path).select("[data-pagefind-body]")
        if path in record_pages:
            assert len(bodies) == 1, path
            assert bodies[0].find_parent("article") is not None, f"{path}: the indexed body is not in the article"
            assert bodies[0].find_parent("nav") is None
        else:
            assert not bodies, f"{path} should not be indexed"


def test_record_pages_carry_their_facets_and_names(built: Path, records: list[Any]) -> None:
    for record in records:
        page = soup(built, f"{record.docname}.html")
        body = page.select_one("[data-pagefind-body]")
        filters = {(el["data-pagefind-filter"].split("[")[0], el["data-value"])
                   for el in body.select("[data-pagefind-filter]")}
        meta = {el["data-pagefind-meta"].split("[")[0]: el["data-value"] for el in body.select("[data-pagefind-meta]")}
        assert ("type", record.type) in filters
        assert meta["title"] == record.title
        if record.type == "event":
            assert ("year", str(record.data["date"])[:4]) in filters
        for abbreviation in record.data.get("abbreviations") or []:
            assert abbreviation in meta["names"]
            weighted = body.select_one("[data-pagefind-weight='10']")
            assert weighted is not None and abbreviation in weighted.get_text()
        for alias in record.data.get("aliases") or []:
            assert alias in meta["aliases"]


def test_people_and_organisations_take_the_years_of_their_events(built: Path, records: list[Any]) -> None:
    by_id = {r.id: r for r in records}
    for event in (r for r in records if r.type == "event"):
        year = str(event.data["date"])[:4]
        linked = {t["speaker"] for t in event.data.get("talks") or []}
        linked |= {p["person"] for p in event.data.get("presiders") or []}
        linked |= {o["org"] for key in ("co_hosts", "organisers") for o in event.data.get(key) or []}
        for record_id in linked:
            body = soup(built, f"{by_id[record_id].docname}.html").select_one("[data-pagefind-body]")
            years = {el["data-value"] for el in body.select("[data-pagefind-filter^='year']")}
            assert year in years, record_id


def test_pages_no_longer_load_sphinx_search_index(built: Path) -> None:
    for path in ("index.html", "search.html", "speakers/index.html"):
        scripts = [s.get("src", "") for s in soup(built, path).select("script")]
        assert not any(re.search(r"searchindex\.js|searchtools\.js", s) for s in scripts), (path, scripts)
    search = soup(built, "search.html")
    assert any(s.get("src", "").endswith("_static/search.js") for s in search.select("script[type=module]"))
    assert search.select_one(".archive-search form.bd-search input[name=q]") is not None


def test_the_bundle_is_written_into_the_output(built: Path) -> None:
    bundle = built / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert list((bundle / "index").glob("*.pf_index"))
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    assert list((bundle / "filter").glob("*.pf_filter"))
