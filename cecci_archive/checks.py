"""Checks across records: the one implementation behind both ``check`` and the Sphinx build."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import similarity
from .graph import ROLES, edges, source_keys
from .problems import Problem
from .records import Record
from .recordtypes import RECORD_TYPES


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _field(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)


def check_archive(records: Iterable[Record], bib_keys: set[str] | None) -> list[Problem]:
    """Problems that only show when records are read together.

    ``bib_keys`` is the set of keys in ``references.bib`` (``None`` skips the source checks).
    """
    records = sorted(records, key=lambda r: r.path)
    problems: list[Problem] = []
    by_id: dict[str, Record] = {}
    owners: dict[str, Record] = {}
    for record in records:
        if record.id in by_id:
            first = by_id[record.id]
            problems.append(Problem(record.path, record.line("id"), "id",
                                    f"the id `{record.id}` is already used by {first.path}",
                                    "choose another id (and rename the file to match)", code="duplicate-id"))
            continue
        by_id[record.id] = record
    for record in by_id.values():
        owners[record.id] = record
    for record in by_id.values():
        for i, old in enumerate(record.data.get("old_ids") or []):
            if old in owners and owners[old] is not record:
                problems.append(Problem(record.path, record.line("old_ids", i), f"old_ids.{i}",
                                        f"`{old}` is the id of {owners[old].path}",
                                        "an old id must not be any other record's id", code="duplicate-id"))
            owners.setdefault(old, record)

    for record in by_id.values():
        for edge in edges(record):
            expected = ROLES[edge.role].object
            folder = RECORD_TYPES[expected].folder
            target = by_id.get(edge.object)
            if target is None:
                moved = next((r for r in by_id.values() if edge.object in (r.data.get("old_ids") or [])), None)
                hint = (f"write `{moved.id}` (its new id)" if moved is not None
                        else f"write the id of a record in {folder}/, or add {folder}/{edge.object}.md")
                problems.append(Problem(record.path, record.line(*edge.path), _field(edge.path),
                                        f"no {RECORD_TYPES[expected].label.lower()} has the id `{edge.object}`",
                                        hint, code="dangling"))
            elif target.type != expected:
                problems.append(Problem(record.path, record.line(*edge.path), _field(edge.path),
                                        f"`{edge.object}` is {_a(target.type)}, not {_a(expected)}",
                                        f"write the id of a record in {folder}/", code="wrong-type"))
        if bib_keys is not None:
            for path, key in source_keys(record):
                if key not in bib_keys:
                    problems.append(Problem(record.path, record.line(*path), _field(path),
                                            f"no entry `{key}` in references.bib",
                                            "add the source to references.bib or write an existing key",
                                            code="unknown-source"))

    problems += _hierarchy_cycles(by_id)
    problems += _unconnected(by_id)
    problems += _names(by_id)
    return problems


def _hierarchy_cycles(by_id: dict[str, Record]) -> list[Problem]:
    problems: list[Problem] = []
    parent_of = {r.id: (r.data.get("parent") or {}).get("org") for r in by_id.values() if r.type == "organisation"}
    reported: set[str] = set()
    for start in parent_of:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and node not in seen:
            seen.append(node)
            node = parent_of[node]
        if node == start and start not in reported:
            reported.update(seen)
            record = by_id[start]
            chain = " → ".join([*seen, start])
            problems.append(Problem(record.path, record.line("parent", "org"), "parent.org",
                                    f"the organisation is its own ancestor ({chain})",
                                    "remove the parent from one organisation in the loop", code="cycle"))
    return problems


def _unconnected(by_id: dict[str, Record]) -> list[Problem]:
    """Warnings: people who took part in no event, events with no speaker."""
    problems: list[Problem] = []
    involved: set[str] = set()
    for record in by_id.values():
        for edge in edges(record):
            if edge.role in ("speaker", "presider"):
                involved.add(edge.object)
    counts: dict[str, int] = defaultdict(int)
    for record in by_id.values():
        if record.type == "person" and record.id not in involved:
            problems.append(Problem(record.path, record.line("id"), "id",
                                    "this person has no event (not a speaker or presider anywhere)",
                                    "name them in an event's `talks` or `presiders`", severity="warning",
                                    code="no-event"))
        if record.type == "event" and not record.data.get("talks"):
            counts[record.id] += 1
            problems.append(Problem(record.path, record.line("id"), "talks",
                                    "this event has no speaker",
                                    "list the talks under `talks:`", severity="warning", code="no-speaker"))
    return problems


def _name_fields(record: Record) -> list[tuple[tuple[str | int, ...], str]]:
    """The names a person or organisation is known by, with the field that holds each."""
    fields: list[tuple[tuple[str | int, ...], str]] = [(("name",), str(record.data.get("name", "")))]
    fields += [(("aliases", i), str(a)) for i, a in enumerate(record.data.get("aliases") or [])]
    if record.data.get("original_script"):
        fields.append((("original_script",), str(record.data["original_script"])))
    return fields


def _names(by_id: dict[str, Record]) -> list[Problem]:
    """Warnings: titles in names, and names that look like another record's (same type)."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], tuple[Record, str]] = {}
    for record in sorted(by_id.values(), key=lambda r: r.path):
        if record.type not in ("person", "organisation"):
            continue
        label = "person" if record.type == "person" else "organisation"
        if record.type == "person":
            titles = similarity.titles_in(str(record.data.get("name", "")))
            if titles:
                problems.append(Problem(record.path, record.line("name"), "name",
                                        f"the name carries the title `{titles[0]}`",
                                        "write the name without titles (put the title in a position)",
                                        severity="warning", code="naming"))
        reported: set[str] = set()
        for path, name in _name_fields(record):
            for key in similarity.keys(name):
                other = seen.get((record.type, key))
                if other is None or other[0] is record or other[0].id in reported:
                    continue
                reported.add(other[0].id)
                first, first_name = other
                first_path = next((p for p, n in _name_fields(first) if key in similarity.keys(n)), ("name",))
                hint = f"if it is the same {label}, keep one record and list the other spelling under its `aliases`"
                for here, here_path, here_name, there, there_name in (
                        (record, path, name, first, first_name), (first, first_path, first_name, record, name)):
                    problems.append(Problem(here.path, here.line(*here_path), _field(here_path),
                                            f"`{here_name}` looks like `{there_name}`, the {label} in {there.path}",
                                            hint, severity="warning", code="near-duplicate"))
        for _path, name in _name_fields(record):
            for key in similarity.keys(name):
                seen.setdefault((record.type, key), (record, name))
    return problems
