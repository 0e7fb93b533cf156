"""Records are validated against their schema; every problem is located and explained."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from cecci_archive import records
from cecci_archive.checks import check_archive
from cecci_archive.schema import SCHEMA_DIR

from conftest import ROOT, sphinx_build

FIXTURE = ROOT / "tests" / "fixtures" / "mini"

VALID = {
    "events/2020-01-02-test-forum.md": (FIXTURE / "events" / "2020-01-02-test-forum.md").read_text(),
    "speakers/ann-lee.md": (FIXTURE / "speakers" / "ann-lee.md").read_text(),
    "organisations/test-org.md": (FIXTURE / "organisations" / "test-org.md").read_text(),
}


def test_published_schemas_are_valid_json_schema() -> None:
    for path in sorted(Path(str(SCHEMA_DIR)).glob("*.schema.json")):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))


@pytest.mark.parametrize("path", sorted(VALID))
def test_a_valid_record_of_each_type_passes(path: str) -> None:
    record, _, problems = records.parse(VALID[path], path)
    assert problems == []
    assert record is not None and record.id == Path(path).stem


def test_every_real_record_passes_schema_and_cross_checks() -> None:
    parsed = []
    for path in sorted(ROOT.glob("*/*.md")):
        rel = str(path.relative_to(ROOT))
        if path.stem == "index" or rel.split("/")[0] not in ("events", "speakers", "organisations"):
            continue
        record, _, problems = records.parse(path.read_text(), rel)
        assert problems == [], [p.line_text() for p in problems]
        parsed.append(record)
    assert len(parsed) == 25
    assert [p.line_text() for p in check_archive(parsed, {"cecci2025outreach"})] == []


def _one(text: str, path: str = "speakers/ann-lee.md") -> list[str]:
    _record, _, problems = records.parse(text, path)
    return [p.line_text() for p in problems]


PERSON = VALID["speakers/ann-lee.md"]

BAD = {
    "malformed YAML": (PERSON.replace("family_name: Lee", "family_name: [Lee"),
                       "speakers/ann-lee.md:4: family_name: the YAML cannot be read"),
    "wrong type": (PERSON.replace("family_name: Lee", "family_name: [Lee]"),
                   "speakers/ann-lee.md:4: family_name: should be text, not a list"),
    "missing required field": (PERSON.replace("family_name: Lee\n", ""),
                               "speakers/ann-lee.md:1: family_name: required field `family_name` is missing"),
    "unknown key": (PERSON.replace("given_name: Ann", "given_nme: Ann"),
                    "speakers/ann-lee.md:5: given_nme: unknown field `given_nme`; did you mean `given_name`?"),
    "bad date": (PERSON.replace('as_of: "2020"', 'as_of: "2020-13"'),
                 "speakers/ann-lee.md:8: positions.0.as_of: `2020-13` is not a real date"),
    "relation without a source": (PERSON.replace(", source: src2020}", "}"),
                                  "speakers/ann-lee.md:8: positions.0.source: required field `source` is missing"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_bad_record_gets_a_located_message(case: str) -> None:
    text, expected = BAD[case]
    lines = _one(text)
    assert any(line.startswith(expected) for line in lines), lines


def test_impossible_event_date_is_located() -> None:
    text = VALID["events/2020-01-02-test-forum.md"].replace("date: 2020-01-02", "date: 2020-02-30")
    lines = _one(text, "events/2020-01-02-test-forum.md")
    assert lines == ["events/2020-01-02-test-forum.md:4: date: `2020-02-30` is not a real calendar date; "
                     "write an existing date as YYYY-MM-DD, e.g. 2025-06-05"]


def _parsed(texts: dict[str, str]) -> list[records.Record]:
    out = []
    for path, text in texts.items():
        record, _, problems = records.parse(text, path)
        assert problems == [] and record is not None
        out.append(record)
    return out


def test_duplicate_dangling_and_unknown_source_are_located() -> None:
    texts = dict(VALID)
    texts["speakers/bo-chen.md"] = (FIXTURE / "speakers" / "bo-chen.md").read_text()
    texts["organisations/ann-lee.md"] = VALID["organisations/test-org.md"].replace("id: test-org", "id: ann-lee")
    texts["events/2020-01-02-test-forum.md"] = texts["events/2020-01-02-test-forum.md"].replace(
        "{org: test-org, source: src2020}", "{org: no-such-org, source: src2099}")
    lines = [p.line_text() for p in check_archive(_parsed(texts), {"src2020"})]
    assert "speakers/ann-lee.md:2: id: the id `ann-lee` is already used by organisations/ann-lee.md; " \
           "choose another id (and rename the file to match)" in lines
    assert "events/2020-01-02-test-forum.md:6: venue.org: no organisation has the id `no-such-org`; " \
           "write the id of a record in organisations/, or add organisations/no-such-org.md" in lines
    assert "events/2020-01-02-test-forum.md:6: venue.source: no entry `src2099` in references.bib; " \
           "add the source to references.bib or write an existing key" in lines


@pytest.mark.parametrize(("edit", "expected"), [
    (("speakers/ann-lee.md", "given_name: Ann", "speakrs: Ann"),
     "speakers/ann-lee.md:5: WARNING: speakrs: unknown field `speakrs`"),
    (("events/2020-01-02-test-forum.md", "{speaker: ann-lee,", "{speaker: ann-leee,"),
     "events/2020-01-02-test-forum.md:10: WARNING: talks.0.speaker: no person has the id `ann-leee`"),
    (("events/2020-01-02-test-forum.md", "{org: test-org, source: src2020}", "{org: test-org, source: nokey}"),
     "events/2020-01-02-test-forum.md:6: WARNING: venue.source: no entry `nokey` in references.bib"),
    (("events/2020-01-02-test-forum.md", "{archive:org}`test-org`", "{archive:org}`no-org`"),
     "events/2020-01-02-test-forum.md:15: WARNING: no organisation has the id `no-org`"),
    (("speakers/bo-chen.md", "name_order: family-first", "name_order: [oops"),
     "speakers/bo-chen.md:6: WARNING: name_order: the YAML cannot be read"),
])
def test_strict_build_fails_with_the_located_message_and_no_traceback(
        tmp_path: Path, edit: tuple[str, str, str], expected: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURE, src)
    path, old, new = edit
    text = (src / path).read_text()
    assert old in text
    (src / path).write_text(text.replace(old, new))
    build = sphinx_build(src, tmp_path / "html", "-W", "--keep-going")
    assert build.returncode != 0
    assert "Traceback" not in build.output and "Exception occurred" not in build.output
    assert any(expected in line for line in build.warnings), build.warnings
