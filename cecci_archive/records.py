"""A record: one event, person or organisation, read from its file's front matter."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, NamedTuple

from . import frontmatter, safety, schema
from .frontmatter import FieldPath
from .problems import Problem
from .recordtypes import RECORD_TYPES, RecordType


class Record(NamedTuple):
    """A validated record. Plain data only, so that it pickles and merges cheaply."""

    #: The record's id, its URL stem (``liang-ruxiao``).
    id: str
    #: The record type's name (``event``, ``person``, ``organisation``).
    type: str
    #: The Sphinx docname (``speakers/liang-ruxiao``).
    docname: str
    #: The file path relative to the archive root (``speakers/liang-ruxiao.md``).
    path: str
    #: The front matter, as validated against the type's schema.
    data: dict[str, Any]
    #: The line of every field path in the file.
    lines: dict[FieldPath, int]

    @property
    def title(self) -> str:
        """The display name: an event's title, a person's or organisation's name."""
        return str(self.data[RECORD_TYPES[self.type].title_field])

    @property
    def record_type(self) -> RecordType:
        return RECORD_TYPES[self.type]

    def line(self, *path: str | int) -> int:
        return frontmatter.line_of(self.lines, path)

    @property
    def sort_key(self) -> str:
        """How the record sorts in A–Z lists: people by family name, events by date."""
        if self.type == "person":
            family = str(self.data.get("family_name", ""))
            given = str(self.data.get("given_name") or "")
            return f"{family} {given}".casefold()
        if self.type == "event":
            return str(self.data.get("date", ""))
        return self.title.casefold()

    @property
    def sort_name(self) -> str:
        """A person's name as indexes show it: family name first (``Xue, Bryson``)."""
        if self.type != "person":
            return self.title
        if self.data.get("name_order") == "given-first" and self.data.get("given_name"):
            return f"{self.data['family_name']}, {self.data['given_name']}"
        return self.title

    @property
    def aliases(self) -> list[str]:
        """Other names the record is known by: abbreviations, aliases, original script."""
        names = [*self.data.get("abbreviations", []), *self.data.get("aliases", [])]
        if self.data.get("original_script"):
            names.append(self.data["original_script"])
        return [str(n) for n in names]


def parse(text: str, path: str) -> tuple[Record | None, frontmatter.Split, list[Problem]]:
    """Read and validate one record file. The record is ``None`` if it cannot be used."""
    docname = str(PurePosixPath(path).with_suffix(""))
    record_type = _type_of(docname)
    if not text.strip():
        empty = Problem(path, 1, "-", "the file is empty",
                        "write the record's fields between two '---' lines (`cecci-archive new` writes a template)",
                        code="empty")
        return None, frontmatter.Split(None, [empty]), [empty]
    split = frontmatter.split(text, path)
    problems = list(split.problems)
    problems += safety.check_record(text, split.front, path)
    if split.front is None or record_type is None:
        return None, split, problems
    front = split.front
    problems += schema.validate(front.data, record_type.name, front.lines, path)
    stem = PurePosixPath(path).stem
    record_id = front.data.get("id")
    if isinstance(record_id, str) and record_id != stem:
        problems.append(Problem(path, frontmatter.line_of(front.lines, ("id",)), "id",
                                f"`{record_id}` does not match the file name `{stem}.md`",
                                f"write `id: {stem}`, or rename the file to `{record_id}.md`", code="id"))
    if any(p.severity == "error" for p in problems):
        return None, split, problems
    return Record(stem, record_type.name, docname, path, front.data, front.lines), split, problems


def _type_of(docname: str) -> RecordType | None:
    from .recordtypes import type_for_docname

    return type_for_docname(docname)
