"""Numbers, qualifiers and units: examples from the seeds plus properties (Hypothesis)."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

import parklens as pl
from parklens.units import QUALIFIER_WORDS, load_units

UNITS = load_units()
nan = math.nan


@pytest.mark.parametrize("text, value, unit, value_base, unit_base, qualifier, low, high", [
    ("120多家", 120, "家", 120, "establishments", "more_than", 120, nan),
    ("近70亿元", 70, "亿元", 7e9, "CNY", "nearly", nan, 7e9),
    ("88.7亿元", 88.7, "亿元", 8.87e9, "CNY", "exact", 8.87e9, 8.87e9),
    ("9100多万吨", 9100, "万吨", 9.1e7, "t", "more_than", 9.1e7, nan),
    ("1.2万人", 1.2, "万人", 12000, "persons", "exact", 12000, 12000),
    ("25.8亿方", 25.8, "亿方", 2.58e9, "m3", "exact", 2.58e9, 2.58e9),
    ("约3.3万度", 3.3, "万度", 33000, "kWh", "about", 32500, 33500),
    ("3万户左右", 3, "万户", 30000, "households", "about", 25000, 35000),
    ("突破500亿元", 500, "亿元", 5e10, "CNY", "at_least", 5e10, nan),
    ("突破千吨", 1000, "吨", 1000, "t", "at_least", 1000, nan),
    ("近百家", 100, "家", 100, "establishments", "nearly", nan, 100),
    ("五十多年", 50, "年", 50, "years", "more_than", 50, nan),
    ("600余亩", 600, "亩", 400000, "m2", "more_than", 400000, nan),
    ("50%以上", 50, "%", 50, "percent", "at_least", 50, nan),
    ("不少于3家", 3, "家", 3, "establishments", "at_least", 3, nan),
    ("1个月内", 1, "个月", 1, "months", "at_most", nan, 1),
    ("14.4%", 14.4, "%", 14.4, "percent", "exact", 14.4, 14.4),
    ("第98位", 98, "位", 98, "rank", "exact", 98, 98),
    ("第一名", 1, "名", 1, "rank", "exact", 1, 1),
    ("全市第一", 1, "位", 1, "rank", "exact", 1, 1),
    ("下降5美元/桶", -5, "美元/桶", -5, "USD/bbl", "exact", -5, -5),
    ("195.92万平方米", 195.92, "万平方米", 1959200, "m2", "exact", 1959200, 1959200),
    ("１２０多家", 120, "家", 120, "establishments", "more_than", 120, nan),
])
def test_stated_quantities_from_the_seeds(text, value, unit, value_base, unit_base,
                                          qualifier, low, high):
    q = pl.parse_quantity(text)
    assert (q.value, q.unit, q.unit_base, q.qualifier) == (value, unit, unit_base, qualifier)
    assert q.value_base == pytest.approx(value_base)
    for got, want in ((q.value_low, low), (q.value_high, high)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


# Amounts the loader read wrongly or refused (issue 14); values worked out by hand.
@pytest.mark.parametrize("text, value, unit, value_base, unit_base", [
    ("三亿五千万元", 3.5e8, "元", 3.5e8, "CNY"),                 # was 3.00005e12
    ("一千二百三十四点五万元", 1234.5, "万元", 12_345_000, "CNY"),  # was 5 万元
    ("零点零零一元", 0.001, "元", 0.001, "CNY"),                  # was 1 元
    ("1亿2千万元", 1.2e8, "元", 1.2e8, "CNY"),
    ("5亿3000万元", 5.3e8, "元", 5.3e8, "CNY"),
    ("7万8千人", 78_000, "人", 78_000, "persons"),
    ("一点五亿元", 1.5, "亿元", 1.5e8, "CNY"),
    ("3亿5000万吨", 3.5e8, "吨", 3.5e8, "t"),                    # not 3亿5000 + 万吨
    ("三万五千吨", 35_000, "吨", 35_000, "t"),
    ("两千零五十万元", 2050, "万元", 20_500_000, "CNY"),
    ("1.2万亿元", 1.2, "万亿元", 1.2e12, "CNY"),                  # 万亿 before a unit of the table
    ("翻两番", 4, "倍", 4, "ratio"),
    ("百分之三十", 30, "%", 30, "percent"),
    ("三成", 30, "%", 30, "percent"),
    ("-5家", -5, "家", -5, "establishments"),                        # was "no number"
    ("−5%", -5, "%", -5, "percent"),
    ("负3个百分点", -3, "个百分点", -3, "pp"),
])
def test_amounts_of_every_form(text, value, unit, value_base, unit_base):
    q = pl.parse_quantity(text)
    assert (q.unit, q.unit_base, q.qualifier) == (unit, unit_base, "exact")
    assert q.value == pytest.approx(value, rel=1e-15)
    assert q.value_base == pytest.approx(value_base, rel=1e-15)
    assert q.value_low == q.value_high == pytest.approx(value_base, rel=1e-15)


# Units and qualifiers of economic documents (issue 14 items 2-3); factors from their
# definitions (1 平方公里 = 10^6 m2, 1 公顷 = 10^4 m2, 1 MW = 1000 kW, 1 小时 = 60 分钟).
@pytest.mark.parametrize("text, value, unit, value_base, unit_base, qualifier", [
    ("3.3亿美元", 3.3, "亿美元", 3.3e8, "USD", "exact"),
    ("8426万美元", 8426, "万美元", 8.426e7, "USD", "exact"),
    ("50万欧元", 50, "万欧元", 5e5, "EUR", "exact"),
    ("200亿日元", 200, "亿日元", 2e10, "JPY", "exact"),
    ("29.6平方公里", 29.6, "平方公里", 2.96e7, "m2", "exact"),
    ("80公顷", 80, "公顷", 8e5, "m2", "exact"),
    ("600MW", 600, "MW", 6e5, "kW", "exact"),
    ("3万千瓦", 3, "万千瓦", 3e4, "kW", "exact"),            # not 3万千 + 瓦
    ("100万千瓦时", 100, "万千瓦时", 1e6, "kWh", "exact"),
    ("5千米", 5, "千米", 5000, "m", "exact"),
    ("2GW", 2, "GW", 2e6, "kW", "exact"),
    ("20000台", 20000, "台", 20000, "machines", "exact"),
    ("2万余台", 2, "万台", 20000, "machines", "more_than"),
    ("4套", 4, "套", 4, "sets", "exact"),
    ("1.62亿片", 1.62, "亿片", 1.62e8, "sheets", "exact"),
    ("三期", 3, "期", 3, "phases", "exact"),
    ("57.63万家", 57.63, "万家", 576300, "establishments", "exact"),
    ("两所", 2, "所", 2, "institutions", "exact"),
    ("5万多人", 5, "万人", 50000, "persons", "more_than"),    # 多 between 万 and 人
    ("三年半", 3.5, "年", 3.5, "years", "exact"),
    ("四年半", 4.5, "年", 4.5, "years", "exact"),
    ("两个半月", 2.5, "个月", 2.5, "months", "exact"),
    ("一个半小时", 1.5, "小时", 90, "minutes", "exact"),
    ("超过20亿元以上", 20, "亿元", 2e9, "CNY", "more_than"),   # one lower bound, stated twice
    ("不少于3家以上", 3, "家", 3, "establishments", "at_least"),
    ("超千万美元", 1000, "万美元", 1e7, "USD", "more_than"),
])
def test_units_and_qualifiers_of_economic_documents(text, value, unit, value_base, unit_base,
                                                    qualifier):
    q = pl.parse_quantity(text)
    assert (q.value, q.unit, q.unit_base, q.qualifier) == (
        pytest.approx(value, rel=1e-15), unit, unit_base, qualifier)
    assert q.value_base == pytest.approx(value_base, rel=1e-12)


@pytest.mark.parametrize("text", ["过5家", "上5家", "过5%"])
def test_a_threshold_word_takes_a_round_number_only(text):
    # 过万吨, 上百家: a round number with no digits; 过5家 is no figure (was "more than 5")
    with pytest.raises(pl.QuantityError):
        pl.parse_quantity(text)


@pytest.mark.parametrize("text, value_base, unit, qualifier, low, high", [
    ("超十亿元", 1e9, "亿元", "more_than", 1e9, nan),
    ("过万吨", 1e4, "万吨", "more_than", 1e4, nan),
    ("上百家", 100, "家", "at_least", 100, nan),
    ("近万人", 1e4, "万人", "nearly", nan, 1e4),
])
def test_thresholds_without_digits(text, value_base, unit, qualifier, low, high):
    q = pl.parse_quantity(text)
    assert (q.unit, q.qualifier) == (unit, qualifier)
    assert q.value_base == pytest.approx(value_base)
    for got, want in ((q.value_low, low), (q.value_high, high)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


@pytest.mark.parametrize("text, value, low, high", [
    ("约-5%", -5, -5.5, -4.5),              # a signed number: bounds around -5
    ("-0.5%左右", -0.5, -0.55, -0.45),
    ("下降5%以上", -5, nan, -5),             # a fall of 5% or more: -5 or lower
    ("下降近5%", -5, -5, nan),               # a fall of nearly 5%: -5 or higher
    ("减少约3万吨", -3, -35_000, -25_000),
])
def test_negative_values_keep_low_below_high(text, value, low, high):
    q = pl.parse_quantity(text)
    assert q.value == value
    for got, want in ((q.value_low, low), (q.value_high, high)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
    if not (math.isnan(q.value_low) or math.isnan(q.value_high)):
        assert q.value_low <= q.value_base <= q.value_high


@pytest.mark.parametrize("text, fragment", [
    ("下降-3%", "a word of fall and a minus sign"),      # a fall of minus 3%: refuse, not guess
    ("-5%以上", "one-sided qualifier on a negative"),
    ("1" * 400 + "元", "too long"),                       # was an OverflowError
    ("1" * 30 + "元", "more than 24 digits"),
    ("1" * 20 + "亿元", "too large"),                     # 1.1e27 yuan
    ("10-15亿元", "is a range"),
    ("两三个", "is a range"),
    ("1万5人", "unclear"),
])
def test_amounts_refused_with_a_reason(text, fragment):
    with pytest.raises(pl.QuantityError, match=fragment) as e:
        pl.parse_quantity(text)
    assert len(str(e.value)) < 300


def test_a_huge_factor_is_refused_not_an_overflow():
    units = dict(UNITS) | {"巨元": pl.units.Unit("巨元", "CNY", Fraction(10**300))}
    with pytest.raises(pl.QuantityError, match="too large"):
        pl.parse_quantity("5巨元", units=units)


def test_parse_number_reads_what_the_grammar_reads():
    assert pl.parse_number("一亿一千一百一十一万一千一百一十一") == 111_111_111   # was 1.0e12
    assert pl.parse_number("三万五") == 35_000                                   # was 30005
    assert pl.parse_number("两千六") == 2600                                     # was 2006
    assert pl.parse_number("一百二") == 120                                      # was 102
    with pytest.raises(pl.QuantityError, match="unclear"):
        pl.parse_number("1万5")


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
    with pytest.raises(pl.QuantityError, match="two units: `stated: 12家` ends in the unit "
                       "'家' and its `unit:` field says '个'") as err:
        pl.parse_quantity("12家", unit="个")
    assert "delete the line `unit: 个`" in err.value.fix
    with pytest.raises(pl.QuantityError, match="'亿亿亿', which is not a unit") as err:
        pl.parse_quantity("3亿亿亿", unit="位")
    assert "keep `unit: 位` only if" in err.value.fix


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
    if pre and post and not mid and {QUALIFIER_WORDS[pre][0], QUALIFIER_WORDS[post][0]} <= {
            "more_than", "at_least"}:
        expected = pre      # 超过20亿元以上: one lower bound, named by the word before
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
        # a unit of the table, a rank, or a big unit before one (1.2万亿元)
        assert q.unit in UNITS or q.unit_base == "rank" or q.unit.lstrip("万亿") in UNITS


@pytest.mark.parametrize("text, value, unit, value_base, unit_base, ordinal", [
    # 打造了“半小时经济生活圈”: half an hour is 30 minutes
    ("半小时", 0.5, "小时", 30, "minutes", False),
    # 高新技术企业倍增: doubled, 2 times the number before
    ("倍增", 2, "倍", 2, "ratio", False),
    # 中石化最大的特种蜡生产和销售基地 / 全国最大的涂料产业园: a superlative is rank 1
    ("最大", 1, "位", 1, "rank", True),
    ("全国最大", 1, "位", 1, "rank", True),
])
def test_figures_written_without_a_numeral(text, value, unit, value_base, unit_base, ordinal):
    q = pl.parse_quantity(text)
    assert (q.value, q.unit, q.value_base, q.unit_base, q.ordinal) == (
        value, unit, value_base, unit_base, ordinal)
    assert q.qualifier == "exact"


def test_half_alone_or_a_comparative_is_still_no_number():
    for text in ("半", "最", "较大"):
        with pytest.raises(pl.QuantityError):
            pl.parse_quantity(text)


# English unit names as an economist's table writes them (written by hand).
@pytest.mark.parametrize("unit, counts, value, en", [
    ("亿元", None, 29.2, "CNY 100 million"),
    ("万元", None, 5, "CNY 10,000"),
    ("元", None, 5, "CNY"),
    ("亿美元", None, 3, "USD 100 million"),
    ("万亿元", None, 1.2, "CNY trillion"),
    ("万吨", None, 3, "10,000 t"),
    ("吨", None, 3, "t"),
    ("万千瓦时", None, 3, "10,000 kWh"),
    ("平方公里", None, 3, "km²"),
    ("家", None, 3, "establishments"),
    ("家", {"one": "platform", "other": "platforms"}, 251, "platforms"),
    ("家", {"one": "enterprise", "other": "enterprises"}, 1, "enterprise"),
    ("万家", {"one": "enterprise", "other": "enterprises"}, 1, "10,000 enterprises"),
    ("万人", {"one": "employee", "other": "employees"}, 1.2, "10,000 employees"),  # 1.2万人
    ("万人", None, 1.2, "10,000 persons"),
    ("个", {"one": "road", "other": "roads"}, 11, "roads"),
    ("亿元", {"one": "enterprise", "other": "enterprises"}, 1, "CNY 100 million"),
])
def test_units_in_english(unit, counts, value, en):
    from parklens.units import english_unit

    assert english_unit(unit, counts_en=counts, value=value) == en


@pytest.mark.parametrize("text, value", [
    ("上升78个位次", -78),   # 第176位 → 第98位: the rank number falls
    ("提升2个位次", -2),
    ("下降3位", 3),          # a fall in a ranking raises its number
    ("78个位次", 78),        # no word of direction: as stated
])
def test_a_rise_in_a_ranking_lowers_its_number(text, value):
    q = pl.parse_quantity(text)
    assert (q.value, q.value_base, q.unit_base) == (value, value, "rank")


# --- what each qualifier word means, written by hand from the language ---------------------
# The Civil Code (民法典 art. 1259) fixes the bounds of the words of law: 以上, 以下, 以内
# include the number; 不满 and 超过 exclude it. The rest as a dictionary reads them: 不足/不到
# (not reaching) are below it, 多/余/逾 (more than) above it, 不少于/不低于/至少 at least,
# 不超过 at most, 近/接近 nearly (just below), 约/大约/左右 about, 突破 (breaking through) at
# least. The Hypothesis test above reads its expectation from QUALIFIER_WORDS itself: this
# table is the independent one.
QUALIFIER_MEANING = {
    "不足": "less_than", "不到": "less_than",
    "以下": "at_most", "以内": "at_most", "内": "at_most", "不超过": "at_most",
    "以上": "at_least", "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "突破": "at_least",
    "超过": "more_than", "超": "more_than", "逾": "more_than", "多": "more_than", "余": "more_than",
    "近": "nearly", "接近": "nearly",
    "约": "about", "大约": "about", "左右": "about",
}
# (low, high) of 20个 under each qualifier: open where the word leaves a side open; 约20 is
# 20 ± 5 (half a unit of the last digit written, 20 → tens).
BOUNDS_OF_20 = {"less_than": (nan, 20), "at_most": (nan, 20), "nearly": (nan, 20),
                "at_least": (20, nan), "more_than": (20, nan), "about": (15, 25)}


def _in_its_place(word: str) -> str:
    if word in ("多", "余"):
        return f"20{word}个"
    if word in ("以下", "以内", "内", "以上", "左右"):
        return f"20个{word}"
    return f"{word}20个"


def test_every_qualifier_word_has_a_meaning_written_by_hand():
    assert set(QUALIFIER_WORDS) == set(QUALIFIER_MEANING)


@pytest.mark.parametrize("word, meaning", sorted(QUALIFIER_MEANING.items()))
def test_each_qualifier_word_by_its_meaning(word, meaning):
    q = pl.parse_quantity(_in_its_place(word))
    assert (q.value, q.unit, q.qualifier) == (20, "个", meaning)
    for got, want in zip((q.value_low, q.value_high), BOUNDS_OF_20[meaning]):
        assert (math.isnan(got) and math.isnan(want)) or got == want
    assert pl.parse_qualifier(word) == meaning


@pytest.mark.parametrize("text", ["低于5%", "最多5家", "不满5家"])
def test_qualifier_words_it_does_not_know_are_refused_not_dropped(text):
    # 低于5% read as 5% would state the opposite of a bound: refuse it
    with pytest.raises(pl.QuantityError, match="no number"):
        pl.parse_quantity(text)


@pytest.mark.parametrize("text, value, low, high", [
    # a fall of about 4 (4 ± 0.5) is -4.5 to -3.5: the lower bound is the larger fall
    ("下降约4%", -4, -4.5, -3.5),
    ("减少约40家", -40, -45, -35),
    ("下降4%左右", -4, -4.5, -3.5),
    ("约-4%", -4, -4.5, -3.5),
    ("约−40家", -40, -45, -35),
    # a fall of more than 5 goes below -5; a fall of less than 5 stays above it
    ("下降超过5%", -5, nan, -5),
    ("减少5%以上", -5, nan, -5),
    ("下降不到5%", -5, -5, nan),
    ("降低不超过5%", -5, -5, nan),
    ("缩短5天以内", -5, -5, nan),
])
def test_a_fall_keeps_its_bounds_in_order(text, value, low, high):
    q = pl.parse_quantity(text)
    assert q.value == value == q.value_base
    for got, want in ((q.value_low, low), (q.value_high, high)):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


@pytest.mark.parametrize("word, sign", [
    ("增长", 1), ("增加", 1), ("提高", 1), ("上升", 1), ("增产", 1), ("提升", 1),
    ("下降", -1), ("减少", -1), ("降低", -1), ("缩短", -1), ("减产", -1),
])
def test_each_word_of_change_by_its_direction(word, sign):
    q = pl.parse_quantity(f"{word}12%")
    assert (q.value, q.value_base, q.value_low, q.value_high) == (12 * sign,) * 4
    assert (q.unit, q.qualifier) == ("%", "exact")


# --- the unit table ------------------------------------------------------------------------

@pytest.mark.parametrize("factor, want", [
    (1.0e+8, 10**8), (1, 1), ("10000/15", Fraction(2000, 3)), ("1e4", 10**4),
    (0.1, Fraction(1, 10)),            # the decimal as written, not the binary float 0.1000…0555
    (1e-3, Fraction(1, 1000)),
])
def test_unit_factors(factor, want):
    got = pl.units.parse_factor(factor)
    assert got == want and isinstance(got, Fraction)


@pytest.mark.parametrize("factor, fragment", [
    (True, "is not a number"), (None, "is not a number"), ([1], "is not a number"),
    ("abc", "is not a number or a fraction like 10000/15"), ("1/0", "is not a number"),
    (0, "factor 0 must be positive"), (-2, "factor -2 must be positive"),
    ("-1/3", "must be positive"),
])
def test_bad_unit_factors_are_refused(factor, fragment):
    with pytest.raises(pl.QuantityError, match=re.escape(fragment)):
        pl.units.parse_factor(factor)


def test_base_flags_from_a_dict_or_a_model():
    from types import SimpleNamespace

    flags = pl.units.base_flags
    assert flags({"currency": True}) == {"currency": True, "measure_word": False}
    assert flags({"measure_word": 1}) == {"currency": False, "measure_word": True}
    assert flags(None) == {"currency": False, "measure_word": False}
    assert flags(SimpleNamespace(currency=False, measure_word=True)) == {
        "currency": False, "measure_word": True}
    assert flags(SimpleNamespace()) == {"currency": False, "measure_word": False}


def test_a_unit_table_is_read_from_its_dataset(tmp_path):
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "units.yaml").write_text(
        "base_units:\n"
        "  CNY: {zh: 元, currency: true}\n"
        "  establishments: {zh: 家, measure_word: true}\n"
        "units:\n"
        "  亿元: {base: CNY, factor: 1.0e+8, en: CNY 100 million}\n"
        "  亩: {base: m2, factor: '10000/15'}\n"
        "  家: {base: establishments, factor: 1, en: establishments}\n", encoding="utf-8")
    table = pl.units.load_units(tmp_path)
    assert set(table) == {"亿元", "亩", "家"}
    assert table["亿元"] == pl.units.Unit("亿元", "CNY", Fraction(10**8), "CNY 100 million",
                                        currency=True)
    assert table["亩"] == pl.units.Unit("亩", "m2", Fraction(2000, 3))
    assert table["家"].measure_word and not table["家"].currency
    q = pl.parse_quantity("3亩", units=table)
    assert q.value_base == 2000 and q.unit_base == "m2"


def test_an_edit_of_the_unit_table_is_read_in_the_same_session(tmp_path):
    """The table is kept by its content: after an edit, the next call reads the new one."""
    (tmp_path / "vocab").mkdir()
    path = tmp_path / "vocab" / "units.yaml"
    path.write_text("units:\n  亿元: {base: CNY, factor: 1.0e+8, en: CNY 100 million}\n",
                    encoding="utf-8")
    assert pl.units.load_units(tmp_path)["亿元"].en == "CNY 100 million"
    path.write_text("units:\n  亿元: {base: CNY, factor: 1.0e+8, en: hundred million yuan}\n"
                    "  万元: {base: CNY, factor: 1.0e+4, en: CNY 10000}\n", encoding="utf-8")
    table = pl.units.load_units(tmp_path)
    assert table["亿元"].en == "hundred million yuan" and table["万元"].factor == 10**4


def test_the_bundled_table_by_definition():
    table = pl.units.load_units()
    assert table["亿元"].factor == 10**8 and table["亿元"].currency
    assert table["亩"].factor == Fraction(10_000, 15)         # 1 亩 = 10000/15 m2
    assert table["家"].measure_word and not table["吨"].measure_word


# --- what the qualifier codes bound -------------------------------------------------------

@pytest.mark.parametrize("qualifier, half, low, high", [
    ("exact", 0, 8, 8), ("more_than", 0, 8, nan), ("at_least", 0, 8, nan),
    ("nearly", 0, nan, 8), ("at_most", 0, nan, 8), ("less_than", 0, nan, 8),
    ("about", 0.5, 7.5, 8.5), ("about", 0, 8, 8), ("magnitude", 0, 8, 80),
])
def test_qualifier_bounds(qualifier, half, low, high):
    got = pl.units.qualifier_bounds(8, qualifier, half)
    for g, w in zip(got, (low, high)):
        assert (math.isnan(g) and math.isnan(w)) or (g == w and isinstance(g, float))


def test_an_unknown_qualifier_is_refused_with_the_known_ones():
    with pytest.raises(pl.QuantityError, match="unknown qualifier code 'roughly'"):
        pl.units.qualifier_bounds(8, "roughly")
    with pytest.raises(pl.QuantityError) as e:
        pl.parse_qualifier("大概齐")
    assert "'大概齐'" in str(e.value) and "不足" in str(e.value) and "左右" in str(e.value)


# --- grades, ranks and other forms ---------------------------------------------------------

@pytest.mark.parametrize("text, grade", [
    ("A级", "A"), ("d级", "D"), ("高安全风险", "A"), ("较高安全风险", "B"),
    ("一般安全风险", "C"), ("较低安全风险", "D"),
])
def test_grades(text, grade):
    q = pl.parse_quantity(text)
    assert (q.text_value, q.unit, q.unit_base, q.qualifier) == (grade, "级", "grade", "exact")
    assert all(math.isnan(x) for x in (q.value, q.value_base, q.value_low, q.value_high))
    assert pl.parse_quantity(text, qualifier="about").qualifier == "about"


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("全国第3位", 3, "位", "exact"), ("全省第一", 1, "位", "exact"), ("区内第2名", 2, "名", "exact"),
    ("首位", 1, "位", "exact"), ("首家", 1, "家", "exact"), ("首批", 1, "批", "exact"),
    ("前三强", 3, "强", "at_most"), ("前50位", 50, "位", "at_most"),
    ("十强", 10, "强", "at_most"),          # one of the first ten
    ("第3", 3, "位", "exact"),
])
def test_ranks(text, value, unit, qualifier):
    q = pl.parse_quantity(text)
    assert (q.value, q.value_base, q.unit, q.unit_base, q.qualifier, q.ordinal) == (
        value, value, unit, "rank", qualifier, True)


def test_a_rank_takes_its_unit_from_the_caller():
    q = pl.parse_quantity("第3", unit="名")
    assert (q.unit, q.unit_base, q.ordinal) == ("名", "rank", True)


@pytest.mark.parametrize("text, value, unit, value_base", [
    ("半天", 0.5, "天", 0.5), ("半年", 0.5, "年", 0.5), ("半小时", 0.5, "小时", 30),
])
def test_halves_written_in_words(text, value, unit, value_base):
    q = pl.parse_quantity(text)
    assert (q.value, q.unit, q.value_base) == (value, unit, value_base)


@pytest.mark.parametrize("text, unit, low, high", [
    ("百亿元级", "亿元", 1e10, 1e11), ("千万级", "万", None, None),
])
def test_a_magnitude_class_with_its_unit_in_the_text(text, unit, low, high):
    if low is None:
        with pytest.raises(pl.QuantityError, match="unknown unit '万'"):
            pl.parse_quantity(text)
        return
    q = pl.parse_quantity(text)
    assert (q.unit, q.unit_base, q.qualifier, q.value) == (unit, "CNY", "magnitude", 100)
    assert (q.value_low, q.value_high) == (low, high)


@pytest.mark.parametrize("text, fragment", [
    ("近百亿级", "a magnitude class takes no other qualifier"),
    ("-百亿级", "a magnitude class takes no other qualifier"),
    ("百亿级家", "a magnitude class (百亿级) is a whole figure"),
    ("超过超十亿元", "two qualifiers before one number"),
    ("百分之三十家", "already says its unit %, then '家' follows"),
    ("1" * 19 + "亿元级", "too large"),
    ("a" * 201, "(201 characters) is too long"),
    ("十几家", "is a range (11 to 19家)"),
])
def test_forms_refused_with_a_reason(text, fragment):
    with pytest.raises(pl.QuantityError, match=re.escape(fragment)):
        pl.parse_quantity(text, unit="亿元" if "级" in text and "元" not in text else None)


def test_not_text_is_refused():
    with pytest.raises(pl.QuantityError, match="expected text, got int 5"):
        pl.parse_quantity(5)


def test_a_fraction_is_a_share_in_percent():
    q = pl.parse_quantity("三分之一")
    assert (q.unit, q.unit_base) == ("%", "percent")
    assert q.value == pytest.approx(100 / 3) and q.value_low == q.value_high == q.value_base


@pytest.mark.parametrize("text, value, unit, value_base", [
    ("3亿多元", 3, "亿元", 3e8), ("5万余人", 5, "万人", 5e4), ("2万亿多元", 2, "万亿元", 2e12),
])
def test_more_than_between_a_big_unit_and_its_unit(text, value, unit, value_base):
    q = pl.parse_quantity(text)
    assert (q.value, q.unit, q.value_base, q.qualifier, q.value_low) == (
        value, unit, value_base, "more_than", value_base)
    assert math.isnan(q.value_high)


def test_a_half_after_a_decimal_is_no_half():
    with pytest.raises(pl.QuantityError, match="unknown unit '年半'"):
        pl.parse_quantity("1.5年半")


@pytest.mark.parametrize("text", ["5万%", "3万位", "2亿个百分点"])
def test_a_big_unit_before_a_share_or_a_rank_is_no_unit(text):
    with pytest.raises(pl.QuantityError, match="unknown unit"):
        pl.parse_quantity(text)


def test_an_unknown_unit_names_the_text_and_the_fix():
    with pytest.raises(pl.QuantityError) as e:
        pl.parse_quantity("5光年")
    assert "'光年'" in str(e.value) and "'5光年'" in str(e.value)
    assert "vocab/units.yaml" in str(e.value)
