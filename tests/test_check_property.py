"""Property: whatever YAML values a contributor writes into whatever fields, ``check`` never raises;
it reports located problems (a real path, a line inside the file, a field, a message) or success."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cecci_archive import loader
from cecci_archive.recordtypes import RECORD_TYPES
from cecci_archive.schema import _inline, _registry, load_schema

BIB_KEYS = {"cecci2025outreach"}
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT,
                    st.sampled_from(["2025-06-05", "2025-02-30", "cecci", "xu-shiqing", "cecci2025outreach",
                                     "<script>x</script>", "[a](javascript:x)", "family-first", "forum"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


def _value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Arbitrary values, and for a list of sub-records or a sub-record also ones with its own field names."""
    options = [VALUES]
    for sub in [schema, *schema.get("oneOf", [])]:
        item = sub.get("items") if isinstance(sub.get("items"), dict) else None
        if item and item.get("properties"):
            options.append(st.lists(st.fixed_dictionaries({}, optional={k: _value(v) for k, v in
                                                                        item["properties"].items()}), max_size=3))
        if sub.get("properties"):
            options.append(st.fixed_dictionaries({}, optional={k: _value(v) for k, v in sub["properties"].items()}))
    return st.one_of(options)


def _fields(record_type: str) -> dict[str, st.SearchStrategy[Any]]:
    schema = load_schema(record_type)
    inlined = _inline(schema, _registry().resolver(base_uri=schema["$id"]))  # every $ref followed
    return {name: _value(sub) for name, sub in inlined["properties"].items()}


def _record(record_type: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=_fields(record_type))


def _problems_are_located(files: dict[str, bytes]) -> None:
    archive = loader.check_files(files, BIB_KEYS)  # must not raise
    for problem in archive.problems:
        assert problem.path in files
        lines = max(files[problem.path].count(b"\n"), 1)
        assert 1 <= problem.line <= lines + 1, problem
        assert problem.field and problem.message, problem
        assert problem.severity in ("error", "warning")
        assert problem.line_text().startswith(f"{problem.path}:{problem.line}: {problem.field}: ")
    if not archive.errors:
        assert {r.path for r in archive.records} == set(files)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_type=st.sampled_from(sorted(RECORD_TYPES)), data=st.data(), prose=TEXT)
def test_check_never_raises_on_any_field_values(record_type: str, data: st.DataObject, prose: str) -> None:
    fields = data.draw(_record(record_type))
    folder = RECORD_TYPES[record_type].folder
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n\n" + prose + "\n"
    _problems_are_located({f"{folder}/a-record.md": text.encode("utf-8")})


@settings(max_examples=100, deadline=None, database=None)
@given(raw=st.binary(max_size=200), folder=st.sampled_from([t.folder for t in RECORD_TYPES.values()]))
def test_check_never_raises_on_any_bytes(raw: bytes, folder: str) -> None:
    _problems_are_located({f"{folder}/a-record.md": b"---\n" + raw})


def test_a_valid_record_passes() -> None:
    """The property's success branch is reachable: a correct record gives no error."""
    text = ("---\nid: a-record\nname: An Organisation\nkind: other\nsources: [cecci2025outreach]\n---\n\n"
            "Some prose with [a link](https://example.org/).\n")
    archive = loader.check_files({"organisations/a-record.md": text.encode()}, BIB_KEYS)
    assert archive.problems == []
    assert [r.id for r in archive.records] == ["a-record"]
