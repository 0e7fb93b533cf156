"""Incremental, unchanged and parallel builds of a small fixture archive stay correct."""

from __future__ import annotations

import filecmp
import posixpath
import re
import shutil
from pathlib import Path

from conftest import ROOT, sphinx_build

FIXTURE = ROOT / "tests" / "fixtures" / "mini"
EVENT = "events/2020-01-02-test-forum"


def _fixture(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(FIXTURE, src)
    return src


def _article_text(build, page: str) -> str:
    return build.page(page).find("article").get_text(" ", strip=True)


def _links_to(build, page: str, target: str) -> list[str]:
    """Texts of the links on ``page`` that lead to ``target`` (a path from the site root)."""
    base = posixpath.dirname(page)
    return [a.get_text(strip=True) for a in build.page(page).find("article").find_all("a")
            if a.get("href", "#").split("#")[0]
            and posixpath.normpath(posixpath.join(base, a["href"].split("#")[0])) == target]


def test_renamed_person_shows_new_name_on_event_page_without_full_rebuild(tmp_path: Path) -> None:
    src = _fixture(tmp_path)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    first = sphinx_build(src, out, "-W", doctrees=doctrees)
    assert first.returncode == 0, first.output
    assert "Lee Ann" in _links_to(first, f"{EVENT}.html", "speakers/ann-lee.html")

    person = src / "speakers" / "ann-lee.md"
    person.write_text(person.read_text().replace("name: Lee Ann", "name: Lee Annabel"))
    second = sphinx_build(src, out, "-W", doctrees=doctrees)  # no -E: incremental
    assert second.returncode == 0, second.output
    for page in (f"{EVENT}.html", "organisations/test-org.html", "speakers/index.html"):
        names = _links_to(second, page, "speakers/ann-lee.html")
        assert names and all("Lee Annabel" in n for n in names), (page, names)
        assert not re.search(r"Lee Ann(?!abel)", second.page(page).get_text()), page


def test_event_gaining_a_speaker_updates_that_persons_page(tmp_path: Path) -> None:
    src = _fixture(tmp_path)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    assert sphinx_build(src, out, "-W", doctrees=doctrees).returncode == 0
    before = sphinx_build(src, out, "-W", doctrees=doctrees)
    assert "Events spoken at" not in _article_text(before, "speakers/bo-chen.html")

    event = src / f"{EVENT}.md"
    event.write_text(event.read_text().replace(
        "summary: A forum for tests.",
        "summary: A forum for tests.\n",
    ).replace(
        "  - {speaker: ann-lee, summary: A talk about testing., source: src2020}",
        "  - {speaker: ann-lee, summary: A talk about testing., source: src2020}\n"
        "  - {speaker: bo-chen, summary: A second talk., source: src2020}",
    ))
    after = sphinx_build(src, out, "-W", doctrees=doctrees)
    assert after.returncode == 0, after.output
    text = _article_text(after, "speakers/bo-chen.html")
    assert "Events spoken at" in text and "A second talk." in text
    assert _links_to(after, "speakers/bo-chen.html", f"{EVENT}.html")


def test_removed_relation_disappears_from_the_other_page(tmp_path: Path) -> None:
    src = _fixture(tmp_path)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    assert sphinx_build(src, out, "-W", doctrees=doctrees).returncode == 0
    person = src / "speakers" / "ann-lee.md"
    person.write_text(person.read_text().replace(
        "positions:\n  - {org: test-org, title: Chair, as_of: \"2020\", source: src2020}\n", ""))
    after = sphinx_build(src, out, "-W", doctrees=doctrees)
    assert after.returncode == 0, after.output
    assert not _links_to(after, "organisations/test-org.html", "speakers/ann-lee.html")
    assert "People and their positions" not in _article_text(after, "organisations/test-org.html")


def test_unchanged_rebuild_writes_nothing(tmp_path: Path) -> None:
    src = _fixture(tmp_path)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    assert sphinx_build(src, out, "-W", doctrees=doctrees).returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    again = sphinx_build(src, out, "-W", doctrees=doctrees)
    assert again.returncode == 0, again.output
    changed = [p for p in out.rglob("*.html") if p.stat().st_mtime_ns != stamps.get(p)]
    # Sphinx always regenerates its own index pages (genindex, domain indices, search);
    # no record, listing or content page may be rewritten.
    generated = {"genindex.html", "search.html", "archive-events.html", "archive-people.html",
                 "archive-organisations.html"}
    assert [p for p in changed if p.name not in generated] == []
    # no record page was written, so the search index is kept as it was
    bundle = {p: p.stat().st_mtime_ns for p in (out / "pagefind").rglob("*") if p.is_file()}
    assert bundle and sphinx_build(src, out, "-W", doctrees=doctrees).returncode == 0
    assert {p: p.stat().st_mtime_ns for p in (out / "pagefind").rglob("*") if p.is_file()} == bundle


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    src = _fixture(tmp_path)
    serial = sphinx_build(src, tmp_path / "j1", "-W", "-j", "1", doctrees=tmp_path / "d1")
    parallel = sphinx_build(src, tmp_path / "j2", "-W", "-j", "2", doctrees=tmp_path / "d2")
    assert serial.returncode == 0 and parallel.returncode == 0, serial.output + parallel.output
    pages = sorted(p.relative_to(tmp_path / "j1") for p in (tmp_path / "j1").rglob("*.html"))
    assert pages == sorted(p.relative_to(tmp_path / "j2") for p in (tmp_path / "j2").rglob("*.html"))
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "j1", tmp_path / "j2", [str(p) for p in pages], shallow=False)
    assert mismatch == [] and errors == []
