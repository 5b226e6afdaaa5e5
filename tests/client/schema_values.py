"""Hypothesis strategies for values that fit the spec's response schemas.

Covers the JSON Schema the spec uses (type, or a list of types with "null", properties,
required, items, anyOf, pattern-free strings). hypothesis-jsonschema would do this, but
its last release does not run on current Hypothesis.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text(max_size=24),
    "integer": st.integers(-(2**31), 2**31),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
    "null": st.none(),
}
_UNKNOWN_FIELDS = st.dictionaries(
    st.text(min_size=1, max_size=8).map(lambda name: "x" + name), st.text(max_size=8), max_size=2
)


def values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against `schema` (its $refs already inlined)."""
    if "anyOf" in schema:
        return st.one_of([values(option) for option in schema["anyOf"]])
    kinds = schema.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return st.one_of([_of_type(kind, schema) for kind in kinds])


def _of_type(kind: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if kind == "array":
        return st.lists(values(schema.get("items", {"type": "string"})), max_size=3)
    if kind != "object":
        return _SCALARS[kind]
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    return st.fixed_dictionaries(
        {name: values(sub) for name, sub in properties.items() if name in required},
        optional={name: values(sub) for name, sub in properties.items() if name not in required},
    ).flatmap(lambda fields: _UNKNOWN_FIELDS.map(lambda extra: {**extra, **fields}))
