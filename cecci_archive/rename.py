"""Rename a record: move its file, rewrite every reference to it, and keep the old id.

The old id is appended to the record's ``old_ids``, so links to it still resolve and its old URL
keeps leading to the record. Everything is planned in memory and checked (the whole archive,
as ``check`` reads it) before a single file is touched; then files are replaced one by one and,
should a write fail, put back as they were.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from . import frontmatter, loader
from .graph import edges
from .problems import Problem
from .records import Record, parse
from .recordtypes import RECORD_TYPES

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Folders never searched for references (build output, environments, tests).
SKIP_DIRS = frozenset({"_build", ".venv", "venv", "node_modules", "tests", "bench", "build", "__pycache__"})


class RenameError(Exception):
    """The rename cannot be done; nothing was changed."""


class Plan(NamedTuple):
    """Everything a rename will do, computed before anything is written."""

    #: The record's file before and after (relative to the archive root).
    old_path: str
    new_path: str
    #: New text of every file that changes (the moved record under its new path).
    writes: dict[str, str]


def _markdown_files(root: Path) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "_")))
        for name in filenames:
            if name.endswith(".md") and not name.startswith("."):
                found.append(Path(dirpath, name).relative_to(root).as_posix())
    return sorted(found)


def _prose_patterns(old: str, new: str, record: Record) -> list[tuple[re.Pattern[str], str]]:
    folder = re.escape(RECORD_TYPES[record.type].folder)
    ident = re.escape(old)
    end = r"(?![\w-])"
    return [
        # {archive:person}`li-jun`, {archive:ref}`Li Jun <li-jun>`, {any}`li-jun`, {doc}`/speakers/li-jun`,
        # {ref}`person-li-jun`
        (re.compile(r"(\{(?:archive:\w+|any|doc|ref)\}`(?:[^`<]*<)?(?:(?:\.\./|/)?" + folder + r"/)?(?:"
                    + re.escape(record.type) + r"-)?)" + ident + end), rf"\g<1>{new}"),
        # [text](../speakers/li-jun.md), [text](li-jun.md#part), [](#li-jun)
        (re.compile(r"(\]\(\s*<?(?:(?:\.\./|/)?" + folder + r"/|#|(?=" + ident + r"\.md)))" + ident + end),
         rf"\g<1>{new}"),
    ]


def _rewrite_prose(text: str, start: int, patterns: list[tuple[re.Pattern[str], str]]) -> str:
    lines = text.split("\n")
    body = "\n".join(lines[start:])
    for pattern, replacement in patterns:
        body = pattern.sub(replacement, body)
    return "\n".join([*lines[:start], body]) if start else body


def _replace_value(line: str, keys: set[str], old: str, new: str) -> str:
    """Replace ``old`` where it is the value of one of ``keys`` on one front-matter line."""
    names = "|".join(re.escape(k) for k in sorted(keys))
    pattern = re.compile(r"((?:^|[\s{,])(?:" + names + r")\s*:\s*[\"']?)" + re.escape(old) + r"(?![\w-])")
    changed, count = pattern.subn(rf"\g<1>{new}", line)
    if count == 0:
        raise RenameError(f"cannot find `{old}` as the value of {', '.join(sorted(keys))} on this line: {line.strip()}")
    return changed


def _add_old_id(lines: list[str], record: Record, old: str) -> None:
    """Append ``old`` to the record's ``old_ids`` (in place; ``lines`` are the file's lines, 0-based)."""
    current = list(record.data.get("old_ids") or [])
    if ("old_ids",) not in record.lines:
        at = record.line("id")  # insert after the id line (1-based line == 0-based index of the next)
        lines.insert(at, f"old_ids: [{old}]")
        return
    index = record.line("old_ids") - 1
    text = lines[index]
    comment = ""
    if " #" in text:
        text, comment = text.split(" #", 1)
        comment = " #" + comment
    value = text.split(":", 1)[1].strip()
    if value.startswith("[") or value in ("", "null", "~"):
        if value == "" and current:  # a block list follows
            last = max(record.line("old_ids", i) for i in range(len(current))) - 1
            indent = re.match(r"\s*", lines[last]).group(0)  # type: ignore[union-attr]
            lines.insert(last + 1, f"{indent}- {old}")
            return
        lines[index] = f"old_ids: [{', '.join([*current, old])}]{comment}"
        return
    raise RenameError(f"cannot add `{old}` to the `old_ids` line: {lines[index].strip()}")


def plan(root: Path, old: str, new: str) -> Plan:
    """Work out a rename without writing anything. Raises :class:`RenameError`."""
    if not _ID.fullmatch(new):
        raise RenameError(f"`{new}` is not a valid id: use lower-case letters, digits and hyphens, e.g. liang-ruxiao")
    before = loader.load(root)
    record = next((r for r in before.records if r.id == old), None)
    if record is None:
        owner = next((r for r in before.records if old in (r.data.get("old_ids") or [])), None)
        if owner is not None:
            raise RenameError(f"`{old}` is an old id of {owner.path}; rename `{owner.id}` instead")
        broken = [p for p in before.errors if Path(p.path).stem == old]
        if broken:
            raise RenameError(f"{broken[0].path} has problems; fix them first (run `cecci-archive check`)")
        raise RenameError(f"no record has the id `{old}`")
    if new == old:
        raise RenameError("the new id is the same as the old one")
    for other in before.records:
        if other.id == new:
            raise RenameError(f"the id `{new}` is already used by {other.path}")
        if new in (other.data.get("old_ids") or []):
            raise RenameError(f"`{new}` is an old id of {other.path}, so its URL already leads there; choose another")
    folder = RECORD_TYPES[record.type].folder
    new_path = f"{folder}/{new}.md"
    if (root / new_path).exists():
        raise RenameError(f"{new_path} already exists")

    writes: dict[str, str] = {}
    patterns = _prose_patterns(old, new, record)
    by_path = {r.path: r for r in before.records}
    for relpath in _markdown_files(root):
        raw = (root / relpath).read_bytes()
        text, problems = loader.decode(raw, relpath)
        if text is None:
            if relpath == record.path:
                raise RenameError(problems[0].line_text())
            continue
        lines = text.split("\n")
        subject = by_path.get(relpath)
        front_length = 0
        if subject is not None:
            keys_at: dict[int, set[str]] = {}
            for edge in edges(subject):
                if edge.object == old:
                    keys_at.setdefault(subject.line(*edge.path) - 1, set()).add(str(edge.path[-1]))
            for at, keys in keys_at.items():
                lines[at] = _replace_value(lines[at], keys, old, new)
            split = frontmatter.split(text, relpath)
            front_length = split.front.length if split.front is not None else 0
        if relpath == record.path:
            at = record.line("id") - 1
            lines[at] = _replace_value(lines[at], {"id"}, old, new)
            before_len = len(lines)
            _add_old_id(lines, record, old)
            front_length += len(lines) - before_len
        changed = _rewrite_prose("\n".join(lines), front_length, patterns)
        if relpath == record.path:
            writes[new_path] = changed
        elif changed != text:
            writes[relpath] = changed

    _verify(root, before, record, old, new, new_path, writes)
    return Plan(record.path, new_path, writes)


def _verify(root: Path, before: loader.Archive, record: Record, old: str, new: str, new_path: str,
            writes: dict[str, str]) -> None:
    """Check the renamed archive in memory: the record reads back right and no new error appears."""
    moved, _split, problems = parse(writes[new_path], new_path)
    if moved is None or moved.id != new or (moved.data.get("old_ids") or [])[-1:] != [old]:
        detail = "; ".join(p.line_text() for p in problems if p.severity == "error")
        raise RenameError(f"the renamed record would not read back correctly{': ' + detail if detail else ''}")
    files = {relpath: (root / relpath).read_bytes() for relpath in loader.record_files(root)}
    files.pop(record.path)
    for relpath, text in writes.items():
        if loader.is_record_path(relpath):
            files[relpath] = text.encode("utf-8")
    after = loader.check_files(files, before.bib_keys)
    new_errors = _unmatched(after.errors, before.errors, {record.path: new_path})
    if new_errors:
        raise RenameError("the rename would cause these problems: "
                          + "; ".join(p.line_text() for p in new_errors))


def _unmatched(after: Iterable[Problem], before: Iterable[Problem], moved: dict[str, str]) -> list[Problem]:
    known = {(moved.get(p.path, p.path), p.field, p.message) for p in before}
    return [p for p in after if (p.path, p.field, p.message) not in known]


def apply(root: Path, change: Plan) -> None:
    """Write a planned rename. If any write fails, files already replaced are put back."""
    originals: dict[str, bytes | None] = {}
    for relpath in change.writes:
        target = root / relpath
        originals[relpath] = target.read_bytes() if target.exists() else None
    temps: dict[str, Path] = {}
    done: list[str] = []
    try:
        for relpath, text in change.writes.items():
            target = root / relpath
            temp = target.with_name(f".{target.name}.rename-tmp")
            temp.write_text(text, encoding="utf-8", newline="")
            temps[relpath] = temp
        for relpath, temp in temps.items():
            os.replace(temp, root / relpath)
            done.append(relpath)
        (root / change.old_path).unlink()
    except OSError as error:
        for relpath in done:
            original = originals[relpath]
            if original is None:
                (root / relpath).unlink(missing_ok=True)
            else:
                (root / relpath).write_bytes(original)
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise RenameError(f"could not write the files ({error}); nothing was changed") from error


def rename(root: Path, old: str, new: str) -> Plan:
    """Plan and apply a rename. Raises :class:`RenameError` and then changes nothing."""
    change = plan(root, old, new)
    apply(root, change)
    return change
