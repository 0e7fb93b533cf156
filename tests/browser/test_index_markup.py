"""What the build gives Pagefind, read from the built HTML (no browser needed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from .browserkit import ROOT, serve


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


MINI = ROOT / "tests" / "fixtures" / "mini"


def build(src: Path, out: Path, *options: str, doctrees: Path | None = None) -> str:
    args = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "--no-color", "-W", *options]
    if doctrees is not None:
        args += ["-d", str(doctrees)]
    proc = subprocess.run([*args, str(src), str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def marks(out: Path) -> dict[str, list[tuple[str, str]]]:
    """Every page's Pagefind attributes, in document order."""
    found = {}
    for html in sorted(out.rglob("*.html")):
        path = html.relative_to(out).as_posix()
        if path.startswith(("pagefind/", "_static/")):
            continue
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        found[path] = [(attr, str(el.get("data-value", el.get_text(" ", strip=True))))
                       for el in page.select("[data-pagefind-body], [data-pagefind-body] *")
                       for attr in el.attrs if attr.startswith("data-pagefind")]
    return found


def test_parallel_build_marks_and_indexes_like_a_serial_one(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(MINI, src)
    build(src, tmp_path / "serial", "-E")
    build(src, tmp_path / "parallel", "-E", "-j", "2")
    serial, parallel = marks(tmp_path / "serial"), marks(tmp_path / "parallel")
    assert serial == parallel
    assert serial["speakers/ann-lee.html"], "the fixture's person page is not marked"
    for out in ("serial", "parallel"):
        assert (tmp_path / out / "pagefind" / "pagefind-entry.json").is_file()


def indexed_people(browser: Any, out: Path) -> list[str]:
    """The URLs of the people the built index holds, asked of Pagefind in the browser."""
    server, url = serve(out)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "index.html")
        found = page.evaluate("""async () => {
            const pagefind = await import('./pagefind/pagefind.js');
            const search = await pagefind.search(null, {filters: {type: 'person'}});
            return Promise.all(search.results.map(async r => (await r.data()).url));
        }""")
        context.close()
        return sorted(found)
    finally:
        server.shutdown()
        server.server_close()


def test_incremental_builds_update_other_pages_facets_and_drop_deleted_records(tmp_path: Path, browser: Any) -> None:
    src = tmp_path / "src"
    shutil.copytree(MINI, src)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build(src, out, doctrees=doctrees)
    before = marks(out)
    entry = (out / "pagefind" / "pagefind-entry.json").read_text()
    assert ("data-pagefind-filter", "2020") in before["speakers/ann-lee.html"]
    assert indexed_people(browser, out) == ["/speakers/ann-lee.html", "/speakers/bo-chen.html"]

    # the event moves to another year: the people and organisation linked with it follow
    event = next((src / "events").glob("2020-*.md"))
    event.write_text(event.read_text().replace("date: 2020-01-02", "date: 2021-01-02"))
    build(src, out, doctrees=doctrees)  # incremental: only the event's file changed
    after = marks(out)
    for page in ("speakers/ann-lee.html", "speakers/bo-chen.html", "organisations/test-org.html"):
        years = {value for attr, value in after[page] if attr == "data-pagefind-filter"} - {"person", "organisation"}
        assert years == {"2021"}, (page, years)
    assert (out / "pagefind" / "pagefind-entry.json").read_text() != entry, "the index was not rebuilt"

    # a record is deleted: its old page stays in the output (Sphinx never removes one), not in the index
    text = event.read_text()
    presider = "presiders:\n  - {person: bo-chen, source: src2020}\n"
    assert presider in text
    event.write_text(text.replace(presider, ""))
    (src / "speakers" / "bo-chen.md").unlink()
    build(src, out, doctrees=doctrees)
    assert (out / "speakers" / "bo-chen.html").exists()
    assert indexed_people(browser, out) == ["/speakers/ann-lee.html"]
