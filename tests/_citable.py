"""Helpers of the citable-records tests: the records as their files say, and the site settings."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

from cecci_archive.records import Record, parse
from cecci_archive.recordtypes import LISTING_STEM, RECORD_TYPES

ROOT = Path(__file__).resolve().parent.parent


def settings(root: Path = ROOT) -> dict[str, Any]:
    """The values ``conf.py`` sets (as Sphinx reads them)."""
    return runpy.run_path(str(root / "conf.py"))


def source_records(root: Path = ROOT) -> list[Record]:
    """Every record, read from its file with the engine's own parser."""
    out: list[Record] = []
    for record_type in RECORD_TYPES.values():
        for path in sorted((root / record_type.folder).glob("*.md")):
            if path.stem == LISTING_STEM:
                continue
            record, _, problems = parse(path.read_text(encoding="utf-8"), f"{record_type.folder}/{path.name}")
            assert record is not None, problems
            out.append(record)
    return out


def by_id(records: list[Record]) -> dict[str, Record]:
    return {r.id: r for r in records}


def canonical(record: Record, root: Path = ROOT) -> str:
    base = settings(root)["html_baseurl"]
    return base.rstrip("/") + "/" + record.docname + ".html"
