"""``cecci-archive rename``: moves the record, rewrites every reference, keeps the old id (and URL),
and changes nothing when it refuses or fails."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cecci_archive import cli, frontmatter, loader, rename
from cecci_archive.graph import edges

from conftest import copy_site, sphinx_build

OLD, NEW = "cecci", "china-europe-centre-for-cultural-innovation"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def front(path: Path) -> dict[str, object]:
    split = frontmatter.split(path.read_text(encoding="utf-8"), path.name)
    assert split.front is not None
    return split.front.data


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real archive with `cecci` renamed, through the command line."""
    root = copy_site(tmp_path_factory.mktemp("rename") / "src")
    before = snapshot(root)
    assert any(re.search(rf"\b{OLD}\b(?!\d)", t.decode()) for p, t in before.items() if p != f"organisations/{OLD}.md")
    assert cli.main(["rename", OLD, NEW, "--root", str(root)]) == 0
    return root


def test_the_record_moves_and_keeps_its_old_id(renamed: Path) -> None:
    assert not (renamed / f"organisations/{OLD}.md").exists()
    data = front(renamed / f"organisations/{NEW}.md")
    assert data["id"] == NEW
    assert data["old_ids"] == [OLD]


def test_every_reference_is_rewritten(renamed: Path) -> None:
    archive = loader.load(renamed)
    pointing = [(r.path, e.path) for r in archive.records for e in edges(r)
                if e.object == OLD]
    assert pointing == []
    assert any(e.object == NEW for r in archive.records
               for e in edges(r))
    for path, text in snapshot(renamed).items():
        prose = text.decode()
        assert f"`{OLD}`" not in prose, path  # roles such as {archive:org}`cecci`
    assert "{archive:org}`" + NEW + "`" in (renamed / "index.md").read_text(encoding="utf-8")
    assert archive.problems == []


def test_a_strict_build_of_the_renamed_archive_has_no_warning_and_the_old_url_works(
        renamed: Path, tmp_path: Path) -> None:
    build = sphinx_build(renamed, tmp_path / "html", "-W", "--keep-going", "-n")
    assert build.returncode == 0, build.output
    assert build.warnings == []
    new_page = build.page(f"organisations/{NEW}.html")
    assert new_page.find(id=f"organisation-{NEW}") is not None
    old_page = tmp_path / "html" / f"organisations/{OLD}.html"  # written from old_ids (cecci_archive/redirects.py)
    soup = BeautifulSoup(old_page.read_text(encoding="utf-8"), "lxml")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"].endswith(f"url={NEW}.html")
    assert soup.find("a", href=f"{NEW}.html") is not None
    event = build.page("events/2025-06-05-from-cultural-industry-to-cultural-outreach.html")
    assert event.find("a", href=re.compile(rf"(^|/){NEW}\.html")) is not None


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("xu-shiqing", "li-jun", "already used by speakers/li-jun.md"),
    ("no-such-record", "anything", "no record has the id `no-such-record`"),
    ("xu-shiqing", "Xu_Shiqing", "is not a valid id"),
    ("xu-shiqing", "xu-shiqing", "the same as the old one"),
])
def test_a_refused_rename_changes_nothing(old: str, new: str, reason: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_site(tmp_path / "src")
    before = snapshot(root)
    assert cli.main(["rename", old, new, "--root", str(root)]) == 1
    assert reason in capsys.readouterr().err
    assert snapshot(root) == before


def test_a_dry_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_site(tmp_path / "src")
    before = snapshot(root)
    assert cli.main(["rename", "xu-shiqing", "xu-shi-qing", "--dry-run", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "would rewrite events/2025-06-05-from-cultural-industry-to-cultural-outreach.md" in out
    assert snapshot(root) == before


def test_a_failed_write_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_site(tmp_path / "src")
    before = snapshot(root)
    change = rename.plan(root, "xu-shiqing", "xu-shi-qing")
    assert len(change.writes) >= 2
    real_replace = os.replace
    calls = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(rename.RenameError, match="nothing was changed"):
        rename.apply(root, change)
    monkeypatch.undo()
    assert snapshot(root) == before
    assert not list(root.rglob("*.rename-tmp"))


def test_a_block_list_of_old_ids_gets_the_new_old_id(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "src")
    path = root / "speakers/xu-shiqing.md"
    text = path.read_text(encoding="utf-8").replace("id: xu-shiqing\n", "id: xu-shiqing\nold_ids:\n  - shiqing-xu\n", 1)
    path.write_text(text, encoding="utf-8")
    rename.rename(root, "xu-shiqing", "xu-shi-qing")
    assert front(root / "speakers/xu-shi-qing.md")["old_ids"] == ["shiqing-xu", "xu-shiqing"]
    assert loader.load(root).problems == []
