"""Structural JSON diff: paths, ops, order, type changes, JSON in strings, depth safety."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sfnctl.model.jsondiff import DEEPER, VALUE_DEPTH, Change, bounded, child_path, decode, diff


def ops(a, b, **kw):
    return [(c.path, c.op, c.a, c.b) for c in diff(a, b, **kw)]


def test_equal_values_have_no_changes():
    assert diff({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}) == []
    assert diff('{"a": 1}', '{ "a" : 1 }') == []


def test_added_removed_changed():
    assert ops({"a": 1, "b": 2}, {"b": 3, "c": 4}) == [
        ("$.a", "removed", 1, None),
        ("$.b", "changed", 2, 3),
        ("$.c", "added", None, 4),
    ]


def test_nested_paths_and_list_indices():
    a = {"order": {"items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]}}
    b = {"order": {"items": [{"sku": "A", "qty": 5}]}}
    assert ops(a, b) == [
        ("$.order.items[0].qty", "changed", 1, 5),
        ("$.order.items[1]", "removed", {"sku": "B", "qty": 2}, None),
    ]


def test_lists_compare_by_index():
    assert ops([1, 2, 3], [0, 1, 2, 3]) == [
        ("$[0]", "changed", 1, 0),
        ("$[1]", "changed", 2, 1),
        ("$[2]", "changed", 3, 2),
        ("$[3]", "added", None, 3),
    ]


def test_keys_in_sorted_order_whatever_the_insertion_order():
    a = {"z": 1, "a": 1, "m": 1}
    b = {"m": 2, "z": 2, "a": 2}
    assert [c.path for c in diff(a, b)] == ["$.a", "$.m", "$.z"]


def test_depth_first_order():
    a = {"a": {"x": 1, "y": 1}, "b": 1}
    b = {"a": {"x": 2, "y": 2}, "b": 2}
    assert [c.path for c in diff(a, b)] == ["$.a.x", "$.a.y", "$.b"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1, "1"),
        (True, 1),
        (0, False),
        (None, 0),
        ([], {}),
        ({"a": 1}, [1]),
        ("x", ["x"]),
        (None, "null-ish"),
    ],
)
def test_type_changes_are_changed_with_both_values(a, b):
    assert ops({"k": a}, {"k": b}) == [("$.k", "changed", a, b)]


def test_int_and_float_of_equal_value_are_equal():
    assert diff({"n": 1}, {"n": 1.0}) == []
    assert ops({"n": 1}, {"n": 1.5}) == [("$.n", "changed", 1, 1.5)]


def test_top_level_json_strings_are_parsed():
    assert ops('{"a": 1}', '{"a": 2}') == [("$.a", "changed", 1, 2)]
    assert ops('"x"', '"y"') == [("$", "changed", "x", "y")]


def test_non_json_strings_are_compared_as_strings():
    assert ops("not json", "not json either") == [("$", "changed", "not json", "not json either")]


def test_nested_json_strings_are_parsed_when_both_are_containers():
    a = {"body": json.dumps({"status": 200, "items": [1]})}
    b = {"body": json.dumps({"status": 500, "items": [1]})}
    assert ops(a, b) == [("$.body.status", "changed", 200, 500)]


def test_nested_scalar_json_strings_stay_strings():
    assert ops({"v": "1"}, {"v": "2"}) == [("$.v", "changed", "1", "2")]


def test_none_on_one_side():
    assert ops(None, '{"a": 1}') == [("$", "changed", None, {"a": 1})]


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("a", "$.a"),
        ("_x1", "$._x1"),
        ("a b", '$["a b"]'),
        ("1st", '$["1st"]'),
        ("", '$[""]'),
        ('q"uote', '$["q\\"uote"]'),
        ("ünï", '$["ünï"]'),
        ("a.b", '$["a.b"]'),
    ],
)
def test_child_paths(key, path):
    assert child_path("$", key) == path


def test_limit_stops_early():
    a = {f"k{i}": i for i in range(50)}
    b = {f"k{i}": i + 1 for i in range(50)}
    assert len(diff(a, b)) == 50
    limited = diff(a, b, limit=5)
    assert [c.path for c in limited] == [c.path for c in diff(a, b)[:5]]


def test_change_json_shape():
    (change,) = diff({"a": 1}, {"a": 2})
    assert change.as_json() == {"path": "$.a", "op": "changed", "a": 1, "b": 2}
    assert Change("$", "added", None, 1).as_json()["a"] is None


# --- depth -----------------------------------------------------------------------------------


def nested(depth: int, leaf):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def test_ten_thousand_deep_values_do_not_blow_the_stack():
    a, b = nested(10_000, 1), nested(10_000, 2)
    (change,) = diff(a, b)
    assert change.path == "$" + "[0]" * 10_000
    assert (change.a, change.b) == (1, 2)


def test_deep_added_values_are_bounded_and_encodable():
    (change,) = diff({}, {"x": nested(10_000, 1)})
    assert change.op == "added"
    text = json.dumps(change.as_json(), ensure_ascii=False)
    assert DEEPER in text
    depth, value = 0, change.b
    while isinstance(value, list):
        depth, value = depth + 1, value[0]
    assert depth == VALUE_DEPTH
    assert value == DEEPER


def test_ten_thousand_deep_json_text_is_a_string_not_a_crash():
    deep = "[" * 10_000 + "]" * 10_000
    assert decode(deep) == deep  # too deep for json.loads: kept as text
    (change,) = diff(deep, "[]")
    assert change.op == "changed"


def test_bounded_keeps_shallow_values():
    value = {"a": [1, {"b": "c"}], "d": None}
    assert bounded(value) == value
    assert bounded(value) is not value
    assert bounded({"a": {"b": {"c": 1}}}, depth=2) == {"a": {"b": DEEPER}}
    assert bounded(5) == 5


# --- properties ------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


def test_true_and_one_differ():
    assert ops([True], [1]) == [("$[0]", "changed", True, 1)]


@given(JSON)
def test_a_value_equals_itself(value):
    assert diff(value, value) == []
    assert diff(json.dumps(value), json.dumps(value)) == []


@given(JSON, JSON)
def test_deterministic_and_symmetric(a, b):
    forward, backward = diff(a, b), diff(b, a)
    assert forward == diff(a, b)
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    assert [(c.path, flip[c.op], c.b, c.a) for c in forward] == [
        (c.path, c.op, c.a, c.b) for c in backward
    ]
    assert (forward == []) == _json_equal(a, b)


@given(JSON, JSON)
def test_paths_are_unique(a, b):
    paths = [c.path for c in diff(a, b)]
    assert len(paths) == len(set(paths))


def _json_equal(a, b) -> bool:
    # Python says True == 1; JSON does not. (The strategy has no floats, so 1 vs 1.0 can't occur.)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
