"""The bad-record corpus: each file gives its exact lines from ``check``, and fails the strict build
with the same lines and no traceback.

Each case is ``tests/bad_records/<folder>/<name>.md`` (placed at ``<folder>/<name>.md`` in a copy of
the real archive) with its expected ``check`` output in ``<name>.expected``.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cecci_archive import cli, loader

from conftest import ROOT, Build, copy_site, sphinx_build

BAD = Path(__file__).parent / "bad_records"
CASES = sorted(p.relative_to(BAD).as_posix() for p in BAD.glob("*/*.md"))
ARCHIVE_PARTS = ("events", "speakers", "organisations", "references.bib")
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<text>.*) \[archive\.[\w-]+\]$")


def expected(case: str) -> list[str]:
    return (BAD / case).with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def records_only_copy(dest: Path) -> Path:
    """The real archive's records and bibliography (all ``check`` reads), copied to ``dest``."""
    dest.mkdir(parents=True)
    for part in ARCHIVE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            shutil.copy2(source, dest / part)
    return dest


def test_the_corpus_has_at_least_twenty_cases_each_with_its_expected_lines() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        lines = expected(case)
        assert lines, f"{case}.expected is empty"
        assert any(line.startswith(f"{case}:") for line in lines), f"no expected line points at {case}"


def test_the_real_archive_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--strict", "--root", str(ROOT)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("case", CASES)
def test_check_prints_exactly_the_expected_lines(case: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = records_only_copy(tmp_path / "archive")
    shutil.copy2(BAD / case, root / case)
    status = cli.main(["check", "--strict", "--root", str(root)])
    out = capsys.readouterr().out
    assert out.splitlines() == expected(case)
    assert status == 1
    # Without --strict, only errors fail: the status follows the severities check found.
    archive = loader.load(root)
    assert cli.main(["check", "--root", str(root)]) == (1 if archive.errors else 0)
    assert "Traceback" not in capsys.readouterr().err


#: Cases also built alone (file-level problems: the build must not stop with a traceback).
ALONE = ("speakers/not-utf8.md", "speakers/empty-file.md", "organisations/raw-html.md")
#: A duplicate id is built apart: the second record's page must still build without a traceback.
DUPLICATE_ID = "speakers/cecci.md"
BUILT_TOGETHER = tuple(c for c in CASES if c != DUPLICATE_ID)


def _build(cases: tuple[str, ...], base: Path) -> Build:
    src = copy_site(base / "src")
    for case in cases:
        shutil.copy2(BAD / case, src / case)
    return sphinx_build(src, base / "html", "-W", "--keep-going", "-n")


def _reported(build: Build) -> list[str]:
    """The build's warnings in ``check``'s form; every warning must be an archive problem."""
    src = str(build.src) + "/"
    reported = []
    for line in build.warnings:
        match = WARNING.match(line)
        assert match is not None, f"a warning that check does not give: {line}"
        reported.append(f"{match['path'].removeprefix(src)}:{match['line']}: {match['text']}")
    return reported


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Build]:
    """The whole corpus in one strict build, and a few cases alone, at most four builds at a time."""
    sets = [BUILT_TOGETHER, *((case,) for case in (*ALONE, DUPLICATE_ID))]
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = pool.map(lambda cases: _build(cases, tmp_path_factory.mktemp("bad-build")), sets)
        return dict(zip(sets, done, strict=True))


def test_the_strict_build_reports_exactly_what_check_reports_for_the_whole_corpus(
        builds: dict[tuple[str, ...], Build], capsys: pytest.CaptureFixture[str]) -> None:
    build = builds[BUILT_TOGETHER]
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert "Exception occurred" not in build.output
    reported = _reported(build)
    assert cli.main(["check", "--root", str(build.src)]) == 1
    checked = capsys.readouterr().out.splitlines()
    assert sorted(reported) == sorted(checked)
    for case in BUILT_TOGETHER:  # every case's own lines are among them: each one alone fails a -W build
        missing = set(expected(case)) - set(reported)
        assert not missing, f"{case}: the build did not report {missing}"


@pytest.mark.parametrize("case", [
    *ALONE,
    DUPLICATE_ID,
])
def test_a_bad_file_alone_fails_the_strict_build_with_its_lines_and_no_traceback(
        case: str, builds: dict[tuple[str, ...], Build]) -> None:
    build = builds[(case,)]
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert sorted(_reported(build)) == sorted(expected(case))


def test_unsafe_prose_is_not_published_even_by_a_lenient_build(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    for case in ("organisations/raw-html.md", "organisations/event-handler.md"):
        shutil.copy2(BAD / case, src / case)
    build = sphinx_build(src, tmp_path / "html")  # not strict: warnings do not stop it
    assert build.returncode == 0, build.output
    for page in ("organisations/raw-html.html", "organisations/event-handler.html"):
        soup = build.page(page)
        main = soup.find("main") or soup
        assert main.find("script", string=re.compile("alert")) is None
        assert not main.find_all(attrs={"onerror": True})


def test_a_record_that_stops_being_utf8_is_dropped_by_an_incremental_build_and_comes_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = copy_site(tmp_path / "src")
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    event = "events/2025-06-05-from-cultural-industry-to-cultural-outreach.html"
    good = (src / "speakers/li-jun.md").read_bytes()
    assert sphinx_build(src, out, "-W", "-n", doctrees=doctrees).returncode == 0
    assert build_links(out / event, "li-jun")

    (src / "speakers/li-jun.md").write_bytes(good.replace(b"Li Jun", "Li Jun\u00e9".encode("latin-1"), 1))
    broken = sphinx_build(src, out, "-n", doctrees=doctrees)  # incremental, lenient
    assert broken.returncode == 0 and "Traceback" not in broken.output
    assert cli.main(["check", "--root", str(src)]) == 1
    assert sorted(_reported(broken)) == sorted(capsys.readouterr().out.splitlines())
    assert not build_links(out / event, "li-jun")  # nothing of the record's last reading stays

    (src / "speakers/li-jun.md").write_bytes(good)
    fixed = sphinx_build(src, out, "-W", "-n", doctrees=doctrees)
    assert fixed.returncode == 0, fixed.output
    assert build_links(out / event, "li-jun")


def build_links(page: Path, record_id: str) -> bool:
    """Whether a built page links to a record's page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return soup.find("a", href=re.compile(rf"(^|/){record_id}\.html")) is not None
