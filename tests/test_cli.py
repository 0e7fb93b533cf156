"""The ``cecci-archive`` command line: help, exit status, ``new`` (template, refusal, near-duplicate
warnings) and ``check`` on a fresh archive and on the real one."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from test_check import records_only_copy

from cecci_archive import cli, frontmatter
from cecci_archive.schema import load_schema

from conftest import ROOT

BIB = """@misc{testsource2020,
  author = {{A Test Publisher}},
  title = {A Test Article},
  year = {2020},
}
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point, as a contributor would."""
    exe = Path(sys.executable).parent / "cecci-archive"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """An empty archive: the three record folders and a bibliography with one entry."""
    for folder in ("events", "speakers", "organisations"):
        (tmp_path / folder).mkdir()
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [[], ["new"], ["check"], ["rename"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: cecci-archive")


def test_python_dash_m_is_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "cecci_archive", "check", "--root", str(ROOT)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("args", [["bogus"], ["new", "person"], ["new", "planet", "X"], ["rename", "a"],
                                  ["check", "--root", "/no/such/folder"]])
def test_bad_usage_exits_2_without_a_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_check_is_fast_on_the_whole_archive() -> None:
    started = time.perf_counter()
    result = run("check", "--time", "--root", str(ROOT))
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\d+ records checked: 0 error\(s\), 0 warning\(s\) in \d+\.\d\d s", result.stderr)
    assert elapsed < 5, f"check took {elapsed:.1f} s"


def test_new_then_check_passes_on_a_fresh_archive(fresh: Path) -> None:
    steps = [
        ["new", "organisation", "Test Organisation", "--source", "testsource2020", "--kind", "centre"],
        ["new", "person", "Lee Ann", "--source", "testsource2020"],
        ["new", "person", "Dr. Ann Example", "--given-first", "--source", "testsource2020"],
        ["new", "event", "A Test Forum: Its First Day", "--date", "2020-01-02", "--source", "testsource2020",
         "--summary", "A forum held for the test.", "--kind", "forum"],
    ]
    for step in steps:
        result = run(*step, "--root", str(fresh))
        assert result.returncode == 0, result.stderr
    assert (fresh / "organisations/test-organisation.md").is_file()
    assert (fresh / "events/2020-01-02-a-test-forum-its-first-day.md").is_file()
    person = frontmatter.split((fresh / "speakers/lee-ann.md").read_text(encoding="utf-8"), "x").front
    assert person is not None
    assert (person.data["family_name"], person.data["given_name"]) == ("Lee", "Ann")
    titled = frontmatter.split((fresh / "speakers/ann-example.md").read_text(encoding="utf-8"), "x").front
    assert titled is not None and titled.data["name"] == "Ann Example"  # the title is dropped
    assert titled.data["family_name"] == "Example"

    result = run("check", "--root", str(fresh))
    assert result.returncode == 0, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if "no event" not in line and "no speaker" not in line]
    assert errors == []  # only the expected warnings: nobody is in an event yet


@pytest.mark.parametrize("record_type", ["event", "person", "organisation"])
def test_the_template_lists_every_schema_field_with_a_comment(record_type: str, fresh: Path) -> None:
    result = run("new", record_type, "A Name", "--date", "2020-01-02", "--root", str(fresh))
    assert result.returncode == 0, result.stderr
    path = fresh / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    front = frontmatter.split(text, "x").front
    assert front is not None
    assert list(front.data) == list(load_schema(record_type)["properties"])
    for line in text.splitlines():
        if re.match(r"^[a-z_]+:", line):
            assert " # " in line, f"no comment on {line!r}"


def test_an_event_needs_a_date(fresh: Path) -> None:
    result = run("new", "event", "A Forum", "--root", str(fresh))
    assert result.returncode == 2
    assert "--date" in result.stderr
    assert list((fresh / "events").iterdir()) == []


def test_new_refuses_to_overwrite_and_leaves_the_file_unchanged(fresh: Path) -> None:
    assert run("new", "person", "Lee Ann", "--root", str(fresh)).returncode == 0
    path = fresh / "speakers/lee-ann.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("new", "person", "Lee Ann", "--source", "testsource2020", "--root", str(fresh))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["Shiqing Xu", "Dr. Xu Shiqing", "XU SHIQING", "Xú Shìqīng", "Xu  Shi-qing"])
def test_new_warns_about_a_near_duplicate_person(name: str, tmp_path: Path) -> None:
    root = records_only_copy(tmp_path / "archive")
    result = run("new", "person", name, "--id", "a-new-person", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert re.search(r"warning: `.*` looks like `Xu Shiqing` \(speakers/xu-shiqing\.md\)", result.stderr)


def test_new_does_not_warn_about_a_different_person(tmp_path: Path) -> None:
    root = records_only_copy(tmp_path / "archive")
    result = run("new", "person", "Xu Ann", "--root", str(root))
    assert result.returncode == 0
    assert "looks like" not in result.stderr


def test_check_without_strict_passes_on_warnings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = records_only_copy(tmp_path / "archive")
    (root / "events/2020-01-02-quiet.md").write_text(
        "---\nid: 2020-01-02-quiet\ntitle: A Quiet Meeting\ndate: 2020-01-02\nkind: meeting\n"
        "summary: Nobody spoke.\nsources: [cecci2025outreach]\n---\n", encoding="utf-8")
    assert cli.main(["check", "--root", str(root)]) == 0
    assert capsys.readouterr().out == "events/2020-01-02-quiet.md:2: talks: this event has no speaker; " \
                                      "list the talks under `talks:`\n"
    assert cli.main(["check", "--strict", "--root", str(root)]) == 1


def test_a_template_is_valid_yaml_even_with_awkward_names(fresh: Path) -> None:
    result = run("new", "organisation", "Name: With # Colon & \"Quotes\"", "--id", "awkward",
                 "--source", "testsource2020", "--root", str(fresh))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((fresh / "organisations/awkward.md").read_text(encoding="utf-8").split("---")[1])
    assert data["name"] == "Name: With # Colon & \"Quotes\""


@pytest.mark.parametrize(("args", "message"), [
    (["event", "A Forum", "--date", "2025-02-30"], "not a real date"),
    (["event", "A Forum", "--date", "5 June 2025"], "not a real date"),
    (["organisation", "An Organisation", "--kind", "club"], "not a kind of organisation"),
    (["person", "许世青"], "give one with --id"),
    (["person", "Ann Example", "--id", "Ann_Example"], "not a valid id"),
])
def test_new_rejects_bad_values_and_writes_nothing(args: list[str], message: str, fresh: Path) -> None:
    result = run("new", *args, "--root", str(fresh))
    assert result.returncode == 2
    assert message in result.stderr
    assert not list(fresh.rglob("*.md"))
