"""Validate a record's front matter against its JSON Schema, as located problems."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from referencing import Registry, Resource

from .frontmatter import FieldPath, line_of
from .problems import Problem

SCHEMA_DIR = resources.files(__package__) / "schemas"


@cache
def _registry() -> Registry:
    resources_ = []
    for name in ("common", "event", "person", "organisation"):
        contents = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        resources_.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources_)


@cache
def load_schema(record_type: str) -> dict[str, Any]:
    """The JSON Schema of one record type (``event``, ``person``, ``organisation``)."""
    return json.loads((SCHEMA_DIR / f"{record_type}.schema.json").read_text(encoding="utf-8"))


def _check_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_partial_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return int(parts[0]) > 0
        if len(parts) == 2:
            return 1 <= int(parts[1]) <= 12
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("date")(_check_date)
_FORMATS.checks("partial-date")(_check_partial_date)


_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "default"})


def _inline(schema: Any, resolver: Any) -> Any:
    """The schema with every ``$ref`` replaced by what it points to (the schemas have no cycles).

    Validation then never looks a reference up, which makes checking thousands of records several
    times faster; the errors, and so the messages, are the same.
    """
    if isinstance(schema, list):
        return [_inline(item, resolver) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        if set(siblings) <= _ANNOTATIONS:
            found = resolver.lookup(schema["$ref"])
            return {**_inline(found.contents, found.resolver), **siblings}
    return {key: (value if key in ("enum", "const", "required") else _inline(value, resolver))
            for key, value in schema.items()}


@cache
def _validator(record_type: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(record_type)
    inlined = _inline(schema, _registry().resolver(base_uri=schema["$id"]))
    return jsonschema.Draft202012Validator(inlined, registry=_registry(), format_checker=_FORMATS)


def _json_type(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text", "array": "a list", "object": "a set of fields", "null": "empty",
    "integer": "a whole number", "number": "a number", "boolean": "true or false",
}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolver = _registry().resolver(base_uri="https://cecci-archive.example/schemas/event.schema.json")
    return _resolve(resolver.lookup(ref).contents)


def _field(path: FieldPath) -> str:
    return ".".join(str(p) for p in path) or "-"


def _describe(error: jsonschema.ValidationError, path: FieldPath) -> tuple[FieldPath, str, str]:
    """Turn one schema error into (field path, what is wrong, what to write instead)."""
    name = _field(path)
    schema = _resolve(error.schema) if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return (*path, missing), f"required field `{missing}` is missing", f"add a line `{missing}: …`"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        key = extras[0] if extras else "?"
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "the fields allowed here are: " + ", ".join(allowed)
        return (*path, key), f"unknown field `{key}`", hint
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        example = {"array": "a list, one '- item' per line", "string": "text, in quotes if it holds ': '",
                   "object": "indented 'field: value' lines"}.get(wanted[0], words)
        return path, f"should be {words}, not {_json_type(error.instance)}", f"write {example}"
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return path, f"`{error.instance}` is not an allowed value", f"write one of: {options}"
    if error.validator == "format" and error.validator_value == "date":
        return (path, f"`{error.instance}` is not a real calendar date",
                "write an existing date as YYYY-MM-DD, e.g. 2025-06-05")
    if error.validator == "format":
        return path, f"`{error.instance}` is not a real date", "write YYYY, YYYY-MM or YYYY-MM-DD"
    if error.validator == "pattern":
        description = schema.get("description") or error.schema.get("description") or ""
        if "date" in error.schema.get("format", ""):
            return path, f"`{error.instance}` is not an ISO 8601 date", "write YYYY-MM-DD, e.g. 2025-06-05"
        if "[a-z0-9]+(?:-" in str(error.validator_value):
            return (path, f"`{error.instance}` is not a valid id",
                    "use lower-case letters, digits and hyphens, e.g. liang-ruxiao")
        return path, f"`{error.instance}` has the wrong form", description or f"match {error.validator_value}"
    if error.validator == "minLength":
        return path, "is empty", "write the text, or delete the field if the source does not say"
    if error.validator == "minItems":
        return path, "the list is empty", "give at least one item"
    if error.validator == "uniqueItems":
        return path, "the list holds the same item twice", "keep each item once"
    if error.validator == "oneOf":
        return path, f"should be empty or {_describe_oneof(error)}", "see the record template in CONTRIBUTING.md"
    return path, error.message, f"see the schema for `{name}`"


def _describe_oneof(error: jsonschema.ValidationError) -> str:
    return "a set of fields (`org:` and `source:`)"


def validate(data: dict[str, Any], record_type: str, lines: dict[FieldPath, int], relpath: str) -> list[Problem]:
    """Every schema problem of one record, each with its line and a hint."""
    problems: list[Problem] = []
    errors = sorted(_validator(record_type).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        if error.validator == "oneOf":
            # Report the most specific reason when the value is a mapping meant to be an org role.
            sub = [e for e in error.context if e.validator != "type" or not isinstance(error.instance, dict)]
            if isinstance(error.instance, dict) and sub:
                error = sub[0]
        path = tuple(error.absolute_path)
        field_path, message, hint = _describe(error, path)
        if error.validator == "additionalProperties":
            for key in [k for k in error.instance if k not in error.schema.get("properties", {})]:
                fp, msg, hnt = _describe_extra(error, path, key)
                problems.append(Problem(relpath, line_of(lines, fp), _field(fp), msg, hnt, code="schema"))
            continue
        line = line_of(lines, field_path if error.validator != "required" else path)
        problems.append(Problem(relpath, line, _field(field_path), message, hint, code="schema"))
    return problems


def _describe_extra(error: jsonschema.ValidationError, path: FieldPath, key: str) -> tuple[FieldPath, str, str]:
    allowed = sorted(error.schema.get("properties", {}))
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f"did you mean `{close[0]}`?" if close else "the fields allowed here are: " + ", ".join(allowed)
    return (*path, key), f"unknown field `{key}`", hint
