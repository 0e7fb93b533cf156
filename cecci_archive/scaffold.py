"""Write a new record from its type's template: every field present, each with a comment.

The template is generated from the JSON Schema of the record type, so a field added to a schema
appears in new records with its description, and a new record type needs no code here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import TYPE_CHECKING, Any, NamedTuple

from . import similarity
from .recordtypes import RECORD_TYPES
from .schema import _registry, load_schema

if TYPE_CHECKING:
    from referencing._core import Resolver

#: Names the command line accepts for each record type.
TYPE_NAMES: dict[str, str] = {"event": "event", "person": "person", "organisation": "organisation",
                              "org": "organisation", "organization": "organisation"}


class Draft(NamedTuple):
    """A new record, ready to write."""

    #: The record's id (its file name without ``.md``).
    id: str
    #: The file path, relative to the archive root (``speakers/xu-shiqing.md``).
    path: str
    #: The whole file.
    text: str
    #: Notes for the contributor (titles removed from the name, fields to fill in).
    notes: list[str]


def slug(text: str) -> str:
    """An id from a name: ASCII lower-case words joined by hyphens (``Xú Shìqīng`` → ``xu-shiqing``)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _scalar(value: Any) -> str:
    """A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML)."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if text and re.fullmatch(r"[A-Za-z][A-Za-z0-9 .,'()\-]*", text) and text.lower() not in (
            "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _resolve(schema: dict[str, Any], resolver: Resolver) -> tuple[dict[str, Any], Resolver]:
    """Follow ``$ref`` (keeping the referring description) and flatten ``oneOf: [null, X]``."""
    description = schema.get("description")
    while "$ref" in schema:
        found = resolver.lookup(schema["$ref"])
        resolver = found.resolver
        schema = {**found.contents, **{k: v for k, v in schema.items() if k != "$ref"}}
    if "oneOf" in schema:
        options = [o for o in schema["oneOf"] if o.get("type") != "null"]
        if options:
            inner, resolver = _resolve(options[0], resolver)
            schema = {**inner, "nullable": True}
    if description:
        schema = {**schema, "description": description}
    return schema, resolver


def _describe(schema: dict[str, Any], required: bool) -> str:
    parts = []
    description = schema.get("description", "").strip()
    if description:
        parts.append(description.rstrip("."))
    if "enum" in schema:
        parts.append("one of: " + ", ".join(str(v) for v in schema["enum"]))
    parts.append("required" if required else "optional")
    return ". ".join(parts) + "."


def _item_comments(schema: dict[str, Any], resolver: Resolver) -> list[str]:
    """Commented-out example of one list item, with a comment per field."""
    lines = []
    required = set(schema.get("required", []))
    for index, (name, sub) in enumerate(schema.get("properties", {}).items()):
        sub, _ = _resolve(sub, resolver)
        lead = "  - " if index == 0 else "    "
        lines.append(f"#{lead}{name}:  # {_describe(sub, name in required)}")
    return lines


def _default(name: str, schema: dict[str, Any], values: dict[str, Any]) -> Any:
    if name in values:
        return values[name]
    if schema.get("type") == "array":
        return []
    if schema.get("nullable") or "null" in (schema.get("type") or []):
        return None
    return ""


def render(record_type: str, values: dict[str, Any], intro: str) -> str:
    """The text of a new record of ``record_type``, with ``values`` filled in."""
    schema = load_schema(record_type)
    root = _registry().resolver(base_uri=schema["$id"])
    required = set(schema.get("required", []))
    lines = ["---", f"# {schema.get('title', record_type)}: {schema.get('description', '')}",
             "# Every field is listed; fill in what the sources say, leave the rest empty. See CONTRIBUTING.md."]
    for name, sub in schema["properties"].items():
        sub, resolver = _resolve(sub, root)
        value = _default(name, sub, values)
        lines.append(f"{name}: {_scalar(value)}  # {_describe(sub, name in required)}")
        item = sub.get("items")
        if isinstance(item, dict):
            item, inner = _resolve(item, resolver)
            if item.get("properties"):
                lines += _item_comments(item, inner)
        elif sub.get("properties") and sub.get("nullable"):
            lines.append(f"#   write {{org: …, source: …}} here instead of null, e.g. {name}: "
                         "{org: an-organisation-id, source: a-bibtex-key}")
    lines += ["---", "", intro, ""]
    return "\n".join(lines)


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def split_person_name(name: str, given_first: bool) -> tuple[str, str | None]:
    """(family name, given name) of a person's name written family first (or given first)."""
    parts = name.split()
    if len(parts) == 1:
        return parts[0], None
    if given_first:
        return parts[-1], " ".join(parts[:-1])
    return parts[0], " ".join(parts[1:])


def draft(record_type: str, name: str, *, date: str | None = None, record_id: str | None = None,
          sources: list[str] | None = None, kind: str | None = None, summary: str | None = None,
          given_first: bool = False) -> Draft:
    """Prepare a new record (nothing is written). Raises ``ValueError`` with a message for the user."""
    record_type = TYPE_NAMES[record_type]
    folder = RECORD_TYPES[record_type].folder
    notes: list[str] = []
    name = " ".join(name.split())
    if not name:
        raise ValueError("the name is empty; give the name as the source writes it")
    values: dict[str, Any] = {"sources": list(sources or [])}
    kinds = load_schema(record_type)["properties"].get("kind", {}).get("enum", [])
    if kind is not None and kind not in kinds:
        raise ValueError(f"`{kind}` is not a kind of {record_type}; use one of: {', '.join(kinds)}")
    if date is not None and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or not _real_date(date)):
        raise ValueError(f"`{date}` is not a real date; write --date YYYY-MM-DD, e.g. 2025-06-05")
    if not sources:
        notes.append("`sources` is empty: add the key of the source's entry in references.bib")
    if record_type == "event":
        if not date:
            raise ValueError("an event needs its date: add --date YYYY-MM-DD")
        values |= {"title": name, "date": date, "kind": kind or "other", "summary": summary or ""}
        base = slug(name)
        ident = record_id or (f"{date}-{base}" if base else "")
        if not summary:
            notes.append("`summary` is empty: write a short account of the event, after the source")
        intro = "% Write here, in a few paragraphs, what the source says about the event (this line is a comment)."
    else:
        titles = similarity.titles_in(name) if record_type == "person" else []
        if titles:
            cleaned = " ".join(w for w in name.split() if w not in titles)
            notes.append(f"removed the title(s) {', '.join(titles)} from the name: names carry no titles")
            name = cleaned
        values["name"] = name
        if record_type == "person":
            family, given = split_person_name(name, given_first)
            order = "given-first" if given_first else "family-first"
            values |= {"family_name": family, "given_name": given, "name_order": order}
            notes.append(f"took `{family}` as the family name ({order}); correct it if that is wrong")
            intro = "% Write here what the sources say about this person, citing them with {cite:p}`key`."
        else:
            values["kind"] = kind or "other"
            intro = "% Write here what the sources say about this organisation, citing them with {cite:p}`key`."
        ident = record_id or slug(name)
    if not ident:
        raise ValueError("no id can be made from this name (it has no Latin letters): give one with --id")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident):
        raise ValueError(f"`{ident}` is not a valid id: use lower-case letters, digits and hyphens")
    values["id"] = ident
    return Draft(ident, f"{folder}/{ident}.md", render(record_type, values, intro), notes)
