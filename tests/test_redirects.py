"""Stable ids: a renamed record's old URL leads to its new page; each page says at which revision it last changed."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

from _citable import canonical, source_records

from cecci_archive.records import Record

from conftest import Build, copy_site, sphinx_build

RECORDS = source_records()
STRICT = ("-W", "--keep-going", "-n")


def speaker() -> Record:
    """A person who speaks at an event, so that renaming them touches other records."""
    return next(r for r in RECORDS if r.type == "person" and any(
        t["speaker"] == r.id for e in RECORDS for t in e.data.get("talks") or []))


def rename(src: Path, record: Record, new_id: str) -> None:
    """What a contributor (or the rename command) does: new file and id, old id kept, references updated."""
    old_path = src / record.path
    text = old_path.read_text(encoding="utf-8")
    text = text.replace(f"id: {record.id}\n", f"id: {new_id}\nold_ids: [{record.id}]\n", 1)
    new_path = old_path.with_name(f"{new_id}.md")
    new_path.write_text(text, encoding="utf-8")
    old_path.unlink()
    pattern = re.compile(rf"(?<![\w-]){re.escape(record.id)}(?![\w-])")
    for other in src.glob("*/*.md"):
        if other != new_path:
            body = other.read_text(encoding="utf-8")
            if pattern.search(body):
                other.write_text(pattern.sub(new_id, body), encoding="utf-8")


def follow(build: Build, page: str) -> tuple[str, str]:
    """Where a redirect page sends the reader: (the target file relative to the site, the canonical URL)."""
    soup = build.page(page)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None, f"{page} is not a redirect page"
    target = refresh["content"].split("url=", 1)[1]
    link = soup.find("a")["href"]
    assert link == target
    canonical_url = soup.find("link", rel="canonical")["href"]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target)), canonical_url


def check_redirect(build: Build, record: Record, new_id: str) -> None:
    folder = record.docname.rsplit("/", 1)[0]
    target, canonical_url = follow(build, f"{record.docname}.html")
    assert target == f"{folder}/{new_id}.html"
    new_page = build.page(target)
    assert new_page.find(id=f"{record.type}-{new_id}") is not None
    assert new_page.find("h1").get_text().strip("#¶ \n") == record.title
    assert canonical_url == canonical(record).replace(f"/{record.id}.html", f"/{new_id}.html")
    (ld,) = [json.loads(s.string) for s in new_page.find_all("script", attrs={"type": "application/ld+json"})]
    assert ld["sameAs"] == [canonical(record)]
    data = json.loads((build.out / "data" / "archive.json").read_text(encoding="utf-8"))
    (item,) = [r for r in data["records"] if r["id"] == new_id]
    assert item["old_ids"] == [record.id]
    assert item["old_urls"] == [canonical(record)]


def test_old_url_of_a_renamed_record_leads_to_its_new_page(tmp_path: Path) -> None:
    record = speaker()
    new_id = f"{record.id}-renamed"
    src = copy_site(tmp_path / "src")
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    before = sphinx_build(src, out, *STRICT, doctrees=doctrees)
    assert before.returncode == 0, before.output
    assert before.page(f"{record.docname}.html").find(id=f"{record.type}-{record.id}") is not None
    rename(src, record, new_id)

    incremental = sphinx_build(src, out, *STRICT, doctrees=doctrees)  # the stale old page must not survive
    assert incremental.returncode == 0, incremental.output
    check_redirect(incremental, record, new_id)

    generated = [out / f"{record.docname}.html", *sorted((out / "data").iterdir()),
                 *sorted((out / record.docname.rsplit("/", 1)[0]).glob("*.ris"))]
    stamps = {p: p.stat().st_mtime_ns for p in generated}
    again = sphinx_build(src, out, *STRICT, doctrees=doctrees)  # nothing changed: nothing is written again
    assert again.returncode == 0, again.output
    assert {p: p.stat().st_mtime_ns for p in generated} == stamps

    fresh = sphinx_build(src, tmp_path / "fresh", *STRICT, "-E", doctrees=tmp_path / "doctrees-fresh")
    assert fresh.returncode == 0, fresh.output
    check_redirect(fresh, record, new_id)


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def revision_text(build: Build, record: Record) -> str:
    return build.page(f"{record.docname}.html").select_one(".archive-revision").get_text()


def test_revision_follows_commits_on_incremental_builds(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        raise AssertionError("git is needed to build the archive with revisions")
    record = speaker()
    src = copy_site(tmp_path / "src")
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"

    no_git = sphinx_build(src, out, *STRICT, doctrees=doctrees)
    assert no_git.returncode == 0, no_git.output
    assert "without its git history" in revision_text(no_git, record)

    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "first")
    first = git(src, "rev-parse", "HEAD")
    built = sphinx_build(src, out, *STRICT, doctrees=doctrees)
    assert built.returncode == 0, built.output
    assert f"at revision {first[:10]}" in revision_text(built, record)

    path = src / record.path
    path.write_text(path.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")
    edited = sphinx_build(src, out, *STRICT, doctrees=doctrees)
    assert edited.returncode == 0, edited.output
    assert f"not yet committed after revision {first[:10]}" in revision_text(edited, record)

    git(src, "commit", "-q", "-am", "second")  # the file's bytes do not change: only the revision does
    second = git(src, "rev-parse", "HEAD")
    committed = sphinx_build(src, out, *STRICT, doctrees=doctrees)
    assert committed.returncode == 0, committed.output
    assert f"at revision {second[:10]}" in revision_text(committed, record)
    other = next(r for r in RECORDS if r.id != record.id and r.type == "organisation")
    assert f"at revision {first[:10]}" in revision_text(committed, other)
