"""Split a record file into YAML front matter and MyST prose, keeping line numbers.

MyST turns front matter into strings; the archive reads the YAML itself so that every value
keeps its type and every field its line in the file.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from .problems import Problem

FieldPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as strings (the schema checks them)."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml when PyYAML has it (about ten times faster); errors are still
    reported by :class:`_Loader`, so that messages do not depend on how PyYAML was built."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(block: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it."""
    try:
        loader = _FastLoader(block)
        try:
            node = loader.get_single_node()
            return node, (loader.construct_document(node) if node is not None else None)
        finally:
            loader.dispose()
    except yaml.YAMLError:
        node = yaml.compose(block, Loader=_Loader)  # raises the error with PyYAML's own wording
        return node, yaml.load(block, Loader=_Loader)


class FrontMatter(NamedTuple):
    """The parsed front matter of one record file."""

    #: The YAML mapping, with plain Python values (dates stay strings).
    data: dict[str, Any]
    #: Line (1-based, in the whole file) of every field path; ``()`` is the block's first line.
    lines: dict[FieldPath, int]
    #: Number of lines the block takes, ``---`` fences included.
    length: int


class Split(NamedTuple):
    front: FrontMatter | None
    problems: list[Problem]


def _line_map(node: yaml.Node, path: FieldPath, offset: int, out: dict[FieldPath, int]) -> None:
    out.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            out[(*path, name)] = key.start_mark.line + offset
            _line_map(value, (*path, name), offset, out)
            if isinstance(value, (yaml.MappingNode, yaml.SequenceNode)):
                out[(*path, name)] = key.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), offset, out)


def _duplicate_keys(node: yaml.Node, path: FieldPath, offset: int, relpath: str) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                field = ".".join(str(p) for p in (*path, name))
                problems.append(
                    Problem(relpath, key.start_mark.line + offset, field, "this field is given twice",
                            "keep one and delete the other", code="yaml")
                )
            seen.add(name)
            problems += _duplicate_keys(value, (*path, name), offset, relpath)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, (*path, index), offset, relpath)
    return problems


def split(text: str, relpath: str) -> Split:
    """Find and parse the front matter block at the top of ``text``."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return Split(None, [Problem(relpath, 1, "-", "the file does not start with YAML front matter",
                                    "begin the file with a line '---', the record's fields, and a closing '---'",
                                    code="yaml")])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return Split(None, [Problem(relpath, 1, "-", "the front matter is never closed",
                                    "end the fields with a line holding only '---'", code="yaml")])
    block = "\n".join(lines[1:end])
    offset = 2  # the block's first line is line 2 of the file
    for number, line in enumerate(lines[1:end], start=offset):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return Split(None, [Problem(relpath, number, "-", "a tab is used for indentation",
                                        "indent YAML with spaces only", code="yaml")])
    try:
        node, data = _load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        context = str(getattr(error, "context", "") or "")
        if getattr(error, "context_mark", None) is not None and ("flow" in context or "quoted" in context):
            mark = error.context_mark  # an unclosed bracket or quote: point at where it opens
        line = mark.line + offset if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return Split(None, [Problem(relpath, line, _field_at(lines, line), f"the YAML cannot be read ({reason})",
                                    "check the indentation and quote values that contain ': ' or start with a symbol",
                                    code="yaml")])
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        return Split(None, [Problem(relpath, offset, "-", "the front matter is not a set of 'field: value' lines",
                                    "write one 'field: value' per line", code="yaml")])
    line_map: dict[FieldPath, int] = {(): 1}
    problems: list[Problem] = []
    if node is not None:
        _line_map(node, (), offset, line_map)
        line_map[()] = 1
        problems = _duplicate_keys(node, (), offset, relpath)
    data = {str(key): value for key, value in data.items()}
    return Split(FrontMatter(data, line_map, end + 1), problems)


def _field_at(lines: list[str], line: int) -> str:
    """The top-level field whose value spans ``line`` (1-based), or ``-``."""
    for number in range(min(line, len(lines)) - 1, 0, -1):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", lines[number])
        if match:
            return match.group(1)
    return "-"


def line_of(lines: dict[FieldPath, int], path: FieldPath) -> int:
    """The line of ``path``, or of its nearest ancestor that has one."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)
