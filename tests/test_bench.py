"""The benchmark's generator, and a tiny benchmark (N = 30): correctness only, no timing asserted."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import generate
import run


def test_generator_is_deterministic_and_realistic() -> None:
    a, b, c = generate.build(60, seed=3), generate.build(60, seed=3), generate.build(60, seed=4)
    assert a == b
    assert a != c
    assert len(a.events) + len(a.people) + len(a.orgs) == 60
    for event in a.events:
        assert 3 <= len(event["talks"]) <= 8
        assert 1 <= len(event["presiders"]) <= 2
        assert event["venue"]["org"] and event["co_hosts"] and event["organisers"]
    appearances: dict[str, int] = {}
    for event in a.events:
        for person in [t["speaker"] for t in event["talks"]] + [p["person"] for p in event["presiders"]]:
            appearances[person] = appearances.get(person, 0) + 1
    assert set(appearances) == {p["id"] for p in a.people}  # everybody speaks or presides somewhere
    assert max(appearances.values()) >= 2  # some speak at several events
    assert any(len(p["positions"]) >= 2 for p in a.people)  # some hold several positions
    parents = {o["id"]: (o["parent"] or {}).get("org") for o in a.orgs}
    assert any(parents.get(parent) for parent in parents.values() if parent)  # a hierarchy two levels deep
    assert any(o["abbreviations"] or o["aliases"] for o in a.orgs) and any(p["aliases"] for p in a.people)
    assert any(r.get("old_ids") for r in a.orgs + a.people)


def test_generated_archive_has_no_problem(tmp_path: Path) -> None:
    archive = generate.build(120, seed=2)
    src = generate.write(archive, tmp_path / "archive")
    assert generate.validate(src) == []
    # the same files twice: deterministic on disk too
    again = generate.write(generate.build(120, seed=2), tmp_path / "again")
    files = sorted(p.relative_to(src) for p in src.rglob("*.md"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.md"))
    assert all((src / f).read_bytes() == (again / f).read_bytes() for f in files)
    # a broken link is found by the same validation
    path = src / generate.record_path(archive, archive.events[0]["id"])
    path.write_text(path.read_text(encoding="utf-8").replace(archive.events[0]["venue"]["org"], "no-such-org", 1),
                    encoding="utf-8")
    assert any("no-such-org" in p for p in generate.validate(src))


def test_baseline_pages_have_no_archive_markup(tmp_path: Path) -> None:
    archive = generate.build(30, seed=1)
    base = generate.write(archive, tmp_path / "baseline", baseline=True)
    texts = [p.read_text(encoding="utf-8") for p in base.rglob("*.md")]
    assert len(texts) == 30 + len(generate.site_pages())
    assert not any("{archive:" in t or "](archive-" in t for t in texts)
    conf = runpy.run_path(str(base / "conf.py"))
    site = runpy.run_path(str(ROOT / "conf.py"))
    assert "cecci_archive" not in conf["extensions"]
    assert [e for e in site["extensions"] if e != "cecci_archive"] == conf["extensions"]
    assert conf["html_theme"] == site["html_theme"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    work = tmp_path_factory.mktemp("bench")
    return run.benchmark(30, 1, work, small=12, log=False), work


def test_tiny_benchmark_builds_cleanly(tiny: tuple[dict, Path]) -> None:
    results, _ = tiny
    for kind in ("full", "parallel", "baseline", "unchanged", "incremental"):
        assert all(r["returncode"] == 0 for r in results[kind]), kind
    assert results["full"][0]["warnings"] == []
    assert "WARNING" not in run.table(results)  # the table renders


def test_rename_shows_the_new_name_on_every_page(tiny: tuple[dict, Path]) -> None:
    results, work = tiny
    rename = results["renames"][0]
    assert rename["showing_before"] >= 3  # the person's page, an event, a listing at least
    assert rename["missing_new"] == [] and rename["still_old"] == []
    html = work / "builds" / "j1" / "html"
    person = BeautifulSoup((html / "speakers" / f"{results['person']}.html").read_text(encoding="utf-8"), "lxml")
    assert person.find("h1").get_text(strip=True).rstrip("#") == rename["new"]
    # every event page links the person under the new name
    events = [p for p in (html / "events").glob("*.html") if p.stem != "index"]
    linking = 0
    for page in events:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for a in soup.find("article").find_all("a", href=True):
            if a["href"].split("#")[0].endswith(f"speakers/{results['person']}.html"):
                text = a.get_text(" ", strip=True)  # a plain link, or a graph node ("Person: <name>")
                assert rename["new"] in text and rename["old"] not in text, page.name
                linking += 1
    assert linking >= 1


def test_parallel_output_equals_serial(tiny: tuple[dict, Path]) -> None:
    results, _ = tiny
    html = [p for p in results["parallel_diff"][0] if not p.startswith("pagefind/")]
    assert html == []


def test_unchanged_rebuild_rewrites_no_page(tiny: tuple[dict, Path]) -> None:
    results, _ = tiny
    assert [p for p in results["unchanged_diff"][0] if not p.startswith("pagefind/")] == []
    pages = [p for p in results["unchanged_written"][0]
             if p.endswith(".html") and p.split("/")[0] in ("events", "speakers", "organisations", "index.html")]
    assert pages == []
