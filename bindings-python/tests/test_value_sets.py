"""Finding, describing, building and deriving value sets."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import _native, eq5d

FIELDS = {
    "id", "kind", "instrument", "name", "country", "iso", "method", "method_detail", "year",
    "doi", "url", "citation", "aliases", "notes",
}


def all_states(levels: int) -> list[str]:
    digits = "12345"[:levels]
    return [f"{a}{b}{c}{d}{e}" for a in digits for b in digits for c in digits for d in digits for e in digits]


def test_value_set_lookup() -> None:
    assert eq5d.value_set("Sweden_2022").id == "5L_SE_2022"
    assert eq5d.value_set("se 2022").id == "5L_SE_2022"
    assert eq5d.value_set("UK", "3L").id == "3L_UK"
    assert eq5d.value_set("UK", "EQ-5D-5L").id == "5L_UK"
    assert eq5d.value_set("uk", "5l").id == "5L_UK"
    assert eq5d.value_set("Germany", "Y3L").instrument == "EQ-5D-Y-3L"


def test_value_set_properties() -> None:
    vs = eq5d.value_set("5L_SE_2022")
    assert vs.instrument == "EQ-5D-5L"
    assert vs.builtin
    assert repr(vs).startswith("<ValueSet 5L_SE_2022 (EQ-5D-5L")
    assert str(vs).startswith("5L_SE_2022")
    info = vs.info
    assert set(info) == FIELDS
    assert info["id"] == "5L_SE_2022" and info["kind"] == "value_set" and info["iso"] == "SE"
    assert info["doi"] and info["citation"] and isinstance(info["aliases"], list)


def test_table_is_cached_read_only_float64() -> None:
    vs = eq5d.value_set("3L_UK")
    t = vs.table
    assert t.dtype == np.float64 and t.shape == (243,) and not t.flags.writeable
    with pytest.raises(ValueError):
        t[0] = 2.0
    assert t[0] == 1.0 and abs(t[-1] - (-0.594)) < 1e-12
    assert eq5d.value_set("5L_SE_2020").table[0] == 0.9755


def test_catalogue() -> None:
    cat = eq5d.catalogue()
    assert len(cat) == 128
    assert all(set(v) == FIELDS for v in cat)
    kinds = {v["kind"] for v in cat}
    assert kinds == {"value_set", "crosswalk", "reverse_crosswalk"}
    assert sum(v["kind"] == "value_set" for v in cat) == 111
    ids = [v["id"] for v in cat]
    assert len(set(ids)) == len(ids)
    for v in cat:
        assert eq5d.value_set(v["id"]).id == v["id"]
        assert v["doi"] or v["url"] or v["citation"], v["id"]
    pd.DataFrame(cat)  # usable as a table


def test_value_sets_by_instrument() -> None:
    assert len(eq5d.value_sets("5L")) == 49
    assert len(eq5d.value_sets("3L")) == 49
    assert len(eq5d.value_sets("Y3L")) == 13
    assert len(eq5d.value_sets("Y5L")) == 0
    assert len(eq5d.value_sets()) == 111
    with pytest.raises(groupwell.InvalidArgumentError):
        eq5d.value_sets("6L")


def test_json_round_trip_for_every_builtin_value_set() -> None:
    for vs in eq5d.value_sets():
        back = eq5d.value_set_from_json(vs.to_json())
        assert back == vs
        assert not back.builtin
        np.testing.assert_array_equal(back.table, vs.table)


def test_user_json_value_set() -> None:
    terms = {"FullHealth": 1, "Constant": -0.05}
    for d in ("MO", "SC", "UA", "PD", "AD"):
        terms.update({f"{d}2": -0.05, f"{d}3": -0.1, f"{d}4": -0.2, f"{d}5": -0.3})
    definition = {"format": "groupwell-value-set/1", "id": "my_5L", "instrument": "EQ-5D-5L",
                  "model": {"type": "additive", "terms": terms}}
    vs = eq5d.value_set_from_json(json.dumps(definition))
    assert vs.id == "my_5L" and abs(vs.index("21111") - 0.9) < 1e-12
    assert vs.info["name"] is None and vs.info["kind"] == "value_set"
    bad = dict(definition, model={"type": "additive", "terms": {**terms, "MO6": -1}})
    with pytest.raises(groupwell.InvalidDefinitionError) as ei:
        eq5d.value_set_from_json(json.dumps(bad))
    assert "MO6" in ei.value.field
    with pytest.raises(groupwell.InvalidDefinitionError) as ei:
        eq5d.value_set_from_json(json.dumps(dict(definition, format="other/1")))
    assert ei.value.field == "format"
    with pytest.raises(groupwell.JsonError):
        eq5d.value_set_from_json(json.dumps(dict(definition, unknown=1)))
    with pytest.raises(groupwell.NoValueSetsError):
        eq5d.value_set_from_json(json.dumps(dict(definition, instrument="EQ-5D-Y-5L")))


def table_3l() -> dict[str, float]:
    return {s: 1.0 - 0.001 * i for i, s in enumerate(all_states(3))}


def test_value_set_from_table() -> None:
    vs = eq5d.value_set_from_table("mine", "3L", table_3l())
    assert vs.id == "mine" and vs.instrument == "EQ-5D-3L"
    assert vs.index("11112") == 0.999
    np.testing.assert_allclose(vs.table, 1.0 - 0.001 * np.arange(243))
    # int keys, pairs, Series
    ints = {int(k): v for k, v in table_3l().items()}
    assert eq5d.value_set_from_table("a", "3L", ints) == eq5d.value_set_from_table("a", "3L", list(ints.items()))
    s = pd.Series(table_3l())
    assert eq5d.value_set_from_table("b", "EQ-5D-3L", s).index("33333") == pytest.approx(1 - 0.242)
    # to_json round trip: equal to the last bit but for the core's JSON float parsing (serde_json
    # without `float_roundtrip` may be 1 ulp off on numbers with many digits).
    back = eq5d.value_set_from_json(vs.to_json())
    np.testing.assert_allclose(back.table, vs.table, rtol=1e-15, atol=0)


def test_value_set_from_table_errors() -> None:
    t = table_3l()
    missing = dict(t)
    del missing["32123"]
    with pytest.raises(groupwell.InvalidDefinitionError) as ei:
        eq5d.value_set_from_table("t", "3L", missing)
    assert "32123" in str(ei.value) and ei.value.id == "t"
    pairs = list(t.items()) + [("11111", 0.5)]
    with pytest.raises(groupwell.InvalidDefinitionError) as ei:
        eq5d.value_set_from_table("t", "3L", pairs)
    assert "twice" in str(ei.value)
    dup = dict(t)
    dup[11111] = 1.0  # the int and the string name the same state
    with pytest.raises(groupwell.InvalidDefinitionError):
        eq5d.value_set_from_table("t", "3L", dup)
    for bad_value in (float("nan"), float("inf"), None):
        bad = dict(t, **{"12312": bad_value})
        with pytest.raises(groupwell.InvalidDefinitionError) as ei:
            eq5d.value_set_from_table("t", "3L", bad)
        assert "12312" in ei.value.field
    with pytest.raises(groupwell.InvalidDefinitionError):
        eq5d.value_set_from_table("t", "3L", dict(t, **{"11114": 0.1}))
    with pytest.raises(groupwell.InvalidDefinitionError):
        eq5d.value_set_from_table("t", "5L", t)  # 3L table for 5L
    with pytest.raises(groupwell.InvalidArgumentError):
        eq5d.value_set_from_table("t", "7L", t)
    with pytest.raises(TypeError):
        eq5d.value_set_from_table("t", "3L", {1.5: 1.0})
    with pytest.raises(TypeError):
        eq5d.value_set_from_table("t", "3L", {"11111": "one"})
    with pytest.raises(TypeError):
        eq5d.value_set_from_table("t", "3L", ["11111"])


def test_crosswalks() -> None:
    uk3 = eq5d.value_set("3L_UK")
    xw = eq5d.crosswalk_5l_to_3l(uk3)
    assert xw.instrument == "EQ-5D-5L" and xw.info["kind"] == "crosswalk"
    assert xw.index("11111") == 1.0 and abs(xw.index("55555") - uk3.index("33333")) < 1e-12
    assert len(xw.table) == 3125
    se = eq5d.value_set("5L_SE_2022")
    rxw = eq5d.crosswalk_3l_to_5l(se)
    assert rxw.instrument == "EQ-5D-3L" and rxw.info["kind"] == "reverse_crosswalk"
    assert rxw.index("11111") < 1.0
    # derived sets score like any other
    assert xw.score(["11111", "55555"], decimals=3).tolist() == [1.0, -0.594]


def test_pickle_round_trips() -> None:
    for vs in (
        eq5d.value_set("3L_UK"),
        eq5d.value_set_from_table("mine", "3L", table_3l()),
        eq5d.crosswalk_5l_to_3l(eq5d.value_set("3L_UK")),
        eq5d.crosswalk_3l_to_5l(eq5d.value_set("5L_SE_2022")),
    ):
        back = pickle.loads(pickle.dumps(vs))
        assert back.id == vs.id
        np.testing.assert_array_equal(back.table, vs.table)


def test_equality_and_hash() -> None:
    a = eq5d.value_set("3L_UK")
    b = eq5d.value_set("UK", "3L")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != eq5d.value_set("5L_UK")
    assert a != "3L_UK"


def test_native_helpers() -> None:
    assert eq5d.DIMENSIONS == ("MO", "SC", "UA", "PD", "AD")
    assert _native.dimension_of("Mobility") == "MO"
    assert _native.dimension_of("nope") is None
    assert _native.instrument_name("y") == "EQ-5D-Y-3L"
    assert isinstance(_native.invalid_argument("a", "b", "c"), groupwell.InvalidArgumentError)
    assert groupwell.__version__ == _native.__version__


def test_nan_index_for_missing_in_every_set() -> None:
    for vs in eq5d.value_sets():
        assert math.isnan(vs.index(None))
