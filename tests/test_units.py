"""Numbers, qualifiers and units: examples from the seeds plus properties (Hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

import parklens as pl
from parklens.units import QUALIFIER_WORDS, load_units

UNITS = load_units()
nan = math.nan


@pytest.mark.parametrize("text, value, unit, value_base, unit_base, qualifier, low, high", [
    ("120多家", 120, "家", 120, "enterprises", "more_than", 120, nan),
    ("近70亿元", 70, "亿元", 7e9, "CNY", "nearly", nan, 7e9),
    ("88.7亿元", 88.7, "亿元", 8.87e9, "CNY", "exact", 8.87e9, 8.87e9),
    ("9100多万吨", 9100, "万吨", 9.1e7, "t", "more_than", 9.1e7, nan),
    ("1.2万人", 1.2, "万人", 12000, "persons", "exact", 12000, 12000),
    ("25.8亿方", 25.8, "亿方", 2.58e9, "m3", "exact", 2.58e9, 2.58e9),
    ("约3.3万度", 3.3, "万度", 33000, "kWh", "about", 32500, 33500),
    ("3万户左右", 3, "万户", 30000, "households", "about", 25000, 35000),
    ("突破500亿元", 500, "亿元", 5e10, "CNY", "at_least", 5e10, nan),
    ("突破千吨", 1000, "吨", 1000, "t", "at_least", 1000, nan),
    ("近百家", 100, "家", 100, "enterprises", "nearly", nan, 100),
    ("五十多年", 50, "年", 50, "years", "more_than", 50, nan),
    ("600余亩", 600, "亩", 400000, "m2", "more_than", 400000, nan),
    ("50%以上", 50, "%", 50, "percent", "at_least", 50, nan),
    ("不少于3家", 3, "家", 3, "enterprises", "at_least", 3, nan),
    ("1个月内", 1, "个月", 1, "months", "at_most", nan, 1),
    ("14.4%", 14.4, "%", 14.4, "percent", "exact", 14.4, 14.4),
    ("第98位", 98, "位", 98, "rank", "exact", 98, 98),
    ("第一名", 1, "名", 1, "rank", "exact", 1, 1),
    ("全市第一", 1, "位", 1, "rank", "exact", 1, 1),
    ("下降5美元/桶", -5, "美元/桶", -5, "USD/bbl", "exact", -5, -5),
    ("195.92万平方米", 195.92, "万平方米", 1959200, "m2", "exact", 1959200, 1959200),
    ("１２０多家", 120, "家", 120, "enterprises", "more_than", 120, nan),
])
def test_stated_quantities_from_the_seeds(text, value, unit, value_base, unit_base,
                                          qualifier, low, high):
    q = pl.parse_quantity(text)
    assert (q.value, q.unit, q.unit_base, q.qualifier) == (value, unit, unit_base, qualifier)
    assert q.value_base == pytest.approx(value_base)
    for got, want in ((q.value_low, low), (q.value_high, high)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


def test_magnitude_class_is_not_a_value():
    q = pl.parse_quantity("百亿级", unit="亿元")
    assert q.qualifier == "magnitude" and math.isnan(q.value_base)
    assert (q.value_low, q.value_high) == (1e10, 1e11)


def test_grade_is_a_text_value():
    q = pl.parse_quantity("C级")
    assert q.text_value == "C" and q.unit_base == "grade" and math.isnan(q.value)


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"), ("多家", "no number"), ("12", "no unit"),
    ("12万", "unknown unit '万'"), ("5光年", "unknown unit"),
])
def test_bad_quantities_say_what_is_wrong(text, fragment):
    with pytest.raises(pl.QuantityError, match=fragment):
        pl.parse_quantity(text)


def test_unit_override_must_agree_with_the_text():
    with pytest.raises(pl.QuantityError, match="drop one"):
        pl.parse_quantity("12家", unit="个")


@pytest.mark.parametrize("text, value", [
    ("五十", 50), ("十", 10), ("十二", 12), ("一百二十", 120), ("两千", 2000), ("一千零五", 1005),
    ("三万五千", 35000), ("千", 1000), ("百", 100), ("1,200", 1200), ("88.7", 88.7),
])
def test_parse_number(text, value):
    assert pl.parse_number(text) == value


def test_qualifier_words():
    assert pl.parse_qualifier("多") == "more_than"
    assert pl.parse_qualifier("近") == "nearly"
    assert pl.parse_qualifier("左右") == "about"
    assert pl.parse_qualifier("突破") == "at_least"
    assert pl.parse_qualifier("") == "exact"
    with pytest.raises(pl.QuantityError, match="unknown qualifier"):
        pl.parse_qualifier("大概齐")


# --- properties ---------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Independent reference writer of Chinese numerals for 1 ≤ n < 10^8."""
    def below_10k(k: int, leading: bool) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // value % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and out:
                out += "零"
            zero = False
            out += ("" if (d == 1 and value == 10 and not out and leading) else _DIGITS[d]) + name
        return out
    high, low = divmod(n, 10_000)
    if not high:
        return below_10k(low, True)
    s = below_10k(high, True) + "万"
    if low:
        s += ("零" if low < 1000 else "") + below_10k(low, False)
    return s


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    assert pl.parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_with_thousands_separators_round_trips(n):
    assert pl.parse_number(f"{n:,}") == n and pl.parse_number(str(n)) == n


unit_names = st.sampled_from(sorted(u for u in UNITS if u not in ("级",)))
numbers = st.one_of(st.integers(0, 10**9).map(str),
                    st.decimals(min_value=0, max_value=10**6, places=2,
                                allow_nan=False, allow_infinity=False).map(str))
pre_words = st.sampled_from([w for w, (_, pos) in QUALIFIER_WORDS.items() if pos == "pre"] + [""])
mid_words = st.sampled_from(["多", "余", ""])
post_words = st.sampled_from(["以上", "以下", "左右", ""])


@given(numbers, unit_names, pre_words, mid_words, post_words)
def test_stated_quantity_round_trip_and_bounds(number, unit, pre, mid, post):
    text = f"{pre}{number}{mid}{unit}{post}"
    q = pl.parse_quantity(text)
    assert q.value == float(number)
    assert q.unit == unit
    factor = float(UNITS[unit].factor)
    assert q.value_base == pytest.approx(float(number) * factor, rel=1e-12)
    expected = post or mid or pre
    assert q.qualifier == (QUALIFIER_WORDS[expected][0] if expected else "exact")
    lo, hi = q.value_low, q.value_high
    if not math.isnan(lo):
        assert lo <= q.value_base * (1 + 1e-12) + 1e-9
    if not math.isnan(hi):
        assert hi >= q.value_base * (1 - 1e-12) - 1e-9
    if q.qualifier == "exact":
        assert lo == hi == pytest.approx(q.value_base)
    if q.qualifier in ("more_than", "at_least"):
        assert math.isnan(hi)
    if q.qualifier in ("nearly", "at_most", "less_than"):
        assert math.isnan(lo)


@given(st.text(max_size=30))
def test_arbitrary_text_gives_a_quantity_or_a_clear_error(text):
    try:
        q = pl.parse_quantity(text)
    except pl.QuantityError as e:
        assert str(e)
    else:
        assert q.unit in UNITS or q.unit_base == "rank"
