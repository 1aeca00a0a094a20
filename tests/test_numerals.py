"""The numerals grammar: a table of cases written by hand from the rules, an independent
formatter that writes random amounts in each style and must be read back, and cn2an's own
test table (read from ../shared/peers where it exists)."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from parklens import numerals
from parklens.numerals import NumeralError
from shared import shared_path

nan = math.nan


@pytest.fixture(autouse=True)
def _cold_caches():
    # Each test reads the grammar afresh, not a result another test left in the caches of
    # _read_exact and match: mutation testing forks every run from a process that has run the
    # whole file, where a warm cache hid a planted bug from the tests meant to find it.
    numerals._read_exact.cache_clear()
    numerals.match.cache_clear()

# --- one number, the whole text: expected values worked out by hand -----------------------

NUMBERS = [
    # Arabic, separators, full width, white space from a PDF
    ("0", 0), ("88.7", 88.7), ("1,200", 1200), ("1,234,567.5", 1234567.5), ("１２０", 120),
    ("３．５", 3.5), ("18. 6", 18.6),
    # Chinese, with 零 for skipped places
    ("十", 10), ("十二", 12), ("二十", 20), ("一十一", 11), ("一百零三", 103), ("一百一十", 110),
    ("一千零五", 1005), ("一千零一十", 1010), ("十万零一", 100_001), ("一万零一百", 10_100),
    ("一亿零一", 100_000_001), ("两千零五十万", 20_500_000), ("一百万", 1_000_000),
    ("三万五千", 35_000), ("九千九百九十九万九千九百九十九", 99_999_999),
    ("十二万三千四百五十六", 123_456), ("两亿", 200_000_000), ("1.5千", 1500),
    ("一亿一千一百一十一万一千一百一十一", 111_111_111), ("三亿五千万", 350_000_000),
    ("一万亿", 10**12), ("百", 100), ("千", 1000), ("两万", 20_000),
    # the elided unit: a last digit straight after a unit counts one place below it
    ("三万五", 35_000), ("两千六", 2600), ("一百二", 120), ("十三万五", 135_000),
    ("三亿五", 350_000_000), ("一百二十万三", 1_203_000),
    # mixed Arabic and Chinese
    ("3亿5000万", 350_000_000), ("1万5千", 15_000), ("12亿3400万", 1_234_000_000),
    ("1.2万亿", 1_200_000_000_000), ("1.5亿", 150_000_000), ("7万8千", 78_000),
    ("1亿2千万", 120_000_000), ("5亿3000万", 530_000_000), ("1万600", 10_600),
    # decimals with 点
    ("一点五亿", 150_000_000), ("一千二百三十四点五", 1234.5), ("零点零零一", 0.001),
    ("一千二百三十四点五万", 12_345_000), ("零点五", 0.5),
    # digit strings, capitals, traditional forms, 廿
    ("二〇二三", 2023), ("一七二零", 1720), ("壹佰贰拾叁", 123), ("兩千", 2000), ("廿五", 25),
    ("贰万", 20_000),
    # signs
    ("-5", -5), ("−5", -5), ("负十一", -11), ("-10.1万", -101_000), ("负零点五", -0.5),
]


@pytest.mark.parametrize("text, value", NUMBERS)
def test_numbers_by_the_rules(text, value):
    assert numerals.parse_number(text) == pytest.approx(value, rel=1e-15, abs=0)
    assert numerals.read(text).value == pytest.approx(value, rel=1e-15, abs=0)


def test_exact_values_are_exact():
    assert numerals.read_number("一千二百三十四点五") == Fraction(2469, 2)
    assert numerals.read_number("零点零零一") == Fraction(1, 1000)
    assert numerals.read_number("1.2万亿") == 1_200_000_000_000


# --- the other forms ------------------------------------------------------------------------

FORMS = [
    # text, kind, value, low, high, unit
    ("三分之一", "fraction", 1 / 3, 1 / 3, 1 / 3, None),
    ("四分之三", "fraction", 0.75, 0.75, 0.75, None),
    ("百分之三十", "percent", 30, 30, 30, "%"),
    ("百分之三十五点五", "percent", 35.5, 35.5, 35.5, "%"),
    ("三成", "percent", 30, 30, 30, "%"),
    ("2倍", "multiple", 2, 2, 2, "倍"),
    ("翻一番", "multiple", 2, 2, 2, "倍"),
    ("翻两番", "multiple", 4, 4, 4, "倍"),
    ("翻三番", "multiple", 8, 8, 8, "倍"),
    ("10-15亿", "range", nan, 1e9, 1.5e9, None),
    ("10至15亿", "range", nan, 1e9, 1.5e9, None),
    ("10~15亿", "range", nan, 1e9, 1.5e9, None),
    ("10亿至15亿", "range", nan, 1e9, 1.5e9, None),
    ("两三", "range", nan, 2, 3, None),
    ("三四十", "range", nan, 30, 40, None),
    ("七八百万", "range", nan, 7e6, 8e6, None),
    ("十几", "range", nan, 11, 19, None),
    ("二十几", "range", nan, 21, 29, None),
    ("数十亿", "range", nan, 2e9, 9e9, None),
    ("几百", "range", nan, 200, 900, None),
    ("百亿级", "magnitude", nan, 1e10, 1e11, None),
    ("千亿级", "magnitude", nan, 1e11, 1e12, None),
    ("超十亿", "threshold", 1e9, 1e9, nan, None),
    ("过万", "threshold", 1e4, 1e4, nan, None),
    ("上百", "threshold", 100, 100, nan, None),
    ("上千万", "threshold", 1e7, 1e7, nan, None),
    ("壹拾壹元整", "number", 11, 11, 11, "元"),
    ("玖仟陆佰陆拾伍圆壹角捌分", "number", 9665.18, 9665.18, 9665.18, "元"),
]


def _same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("text, kind, value, low, high, unit", FORMS)
def test_forms_by_the_rules(text, kind, value, low, high, unit):
    a = numerals.read(text)
    assert (a.kind, a.unit) == (kind, unit)
    assert _same(a.value, value) and _same(a.low, low) and _same(a.high, high)


def test_threshold_qualifiers():
    assert numerals.read("超十亿").qualifier == "more_than"
    assert numerals.read("上百").qualifier == "at_least"


def test_match_leaves_the_unit():
    assert numerals.match("三亿五千万元")[1] == "元"      # not 三亿五千 + 万元
    assert numerals.match("三万吨")[1] == "万吨"          # 万 stays with the unit
    assert numerals.match("三万五千吨")[1] == "吨"
    amount, rest = numerals.match("10-15亿元")
    assert (amount.low, amount.high, rest) == (10, 15, "亿元")


def test_half_step_is_half_the_last_digit_written():
    assert numerals.half_step("3.3") == Fraction(1, 20)
    assert numerals.half_step("70") == 5
    assert numerals.half_step("三亿五千万") == 5_000_000
    assert numerals.half_step("一点五") == Fraction(1, 20)


REFUSED = [
    ("1" * 400, "too long"),                # 400 digits: refused before any arithmetic
    ("1" * 30, "more than 24 digits"),
    ("9" * 21, "too large"),                # 21 digits is under the digit bound, over 10^20
    ("1万5", "unclear"),                    # 15000 or 10005?
    ("一二", "rough count"),                # 12 or one to two?
    ("两三", "rough count"),
    ("三点", "after 点"),
    ("百一千", "smaller or equal place"),
    ("一万万", "no digits before it"),
    ("一万二万", "twice"),
    ("3亿50000万", "does not fit"),
    ("12千", "not a place value"),
    ("十几", "not part of a number"),       # a range, not one number
    ("1e400", "not part of a number"),
    ("abc", "not part of a number"),
    ("", "empty"),
]


@pytest.mark.parametrize("text, fragment", REFUSED)
def test_what_it_cannot_read_is_refused_with_the_reason(text, fragment):
    with pytest.raises(NumeralError, match=fragment) as e:
        numerals.parse_number(text)
    assert isinstance(e.value, ValueError)
    assert len(str(e.value)) < 200            # never the whole of a long text


def test_forms_are_refused_when_malformed():
    with pytest.raises(NumeralError, match="runs backwards"):
        numerals.read("15-10亿")
    with pytest.raises(NumeralError, match="翻N番"):
        numerals.read("翻二十番")
    with pytest.raises(NumeralError, match="not part of a numeral"):
        numerals.read("3家")


def test_not_text_is_refused():
    with pytest.raises(NumeralError, match="expected text"):
        numerals.read_number(12)


def test_the_number_pattern_stays_linear_on_long_runs():
    import re
    import time
    start = time.process_time()
    assert re.match(numerals.NUMBER, "1" * 100_000 + "元").end() == 100_000
    assert re.match(numerals.NUMBER, "一亿" * 20_000 + "x")
    assert time.process_time() - start < 2     # nested quantifiers took minutes on 400 digits


# --- an independent formatter: random amounts in each style, read back ---------------------

_CN = "零一二三四五六七八九"
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _group(k: int, pad: bool, liang: bool) -> str:
    """1 ≤ k ≤ 9999 in Chinese. ``pad``: a higher group stands before, so missing leading
    places need a 零; ``liang``: write 两 for a 2 before 千 or 百."""
    out, zero, started = "", False, False
    for digit, place in zip(f"{k:04d}", ("千", "百", "十", "")):
        d = int(digit)
        if d == 0:
            zero = zero or started or pad
            continue
        if zero:
            out += "零"
            zero = False
        if d == 2 and liang and place in ("千", "百"):
            out += "两" + place
        elif d == 1 and place == "十" and not started and not pad:
            out += "十"                                  # 十二, not 一十二
        else:
            out += _CN[d] + place
        started = True
    return out


def to_chinese(n: int, liang: bool = False) -> str:
    """0 ≤ n < 10^16 in Chinese numerals: groups of four under 万, 亿 and 万亿, one 零 for any
    run of skipped places, no trailing 零; ``liang`` writes 两 for a leading 2 before a unit."""
    if n == 0:
        return "零"
    groups = [n // 10**12 % 10**4, n // 10**8 % 10**4, n // 10**4 % 10**4, n % 10**4]
    out, higher, gap = "", False, False
    for i, (g, name) in enumerate(zip(groups, ["万", "亿", "万", ""])):
        if g == 0:
            gap = gap or higher
            if i == 1 and groups[0]:
                out += "亿"                  # 一万亿: the 亿 that closes the 万亿 group
            continue
        text = _group(g, pad=higher, liang=liang)
        if liang and g == 2 and name and not higher:
            text = "两"                      # 两万, 两亿
        if gap and not text.startswith("零"):
            text = "零" + text
        out += text + name
        higher, gap = True, False
    return out


def to_mixed(a: int, b: int, c: int) -> str:
    """a亿b万c with Arabic digits: 3亿5000万, 12亿3400万, 1万600 (c is 0 or has 2+ digits)."""
    out = (f"{a}亿" if a else "") + (f"{b}万" if b else "")
    return out + (str(c) if c else "")


def test_the_formatter_itself_on_known_values():
    # the formatter is checked against hand-written forms before it checks the parser
    assert to_chinese(103) == "一百零三"
    assert to_chinese(12) == "十二"
    assert to_chinese(20_500_000) == "二千零五十万"
    assert to_chinese(2_000, liang=True) == "两千"
    assert to_chinese(100_000_001) == "一亿零一"
    assert to_chinese(100_001_234) == "一亿零一千二百三十四"
    assert to_chinese(10**12) == "一万亿"
    assert to_chinese(1_111_111_111_111_111) == "一千一百一十一万一千一百一十一亿一千一百一十一万一千一百一十一"
    assert to_mixed(3, 5000, 0) == "3亿5000万" and to_mixed(0, 1, 600) == "1万600"


@given(st.integers(0, 10**16 - 1), st.booleans())
def test_chinese_numerals_round_trip(n, liang):
    assert numerals.read_number(to_chinese(n, liang)) == n


@given(st.integers(0, 99_999), st.integers(0, 9999), st.one_of(st.just(0), st.integers(10, 9999)))
def test_mixed_numerals_round_trip(a, b, c):
    text = to_mixed(a, b, c)
    if text:
        assert numerals.read_number(text) == a * 10**8 + b * 10**4 + c


@given(st.integers(0, 10**15), st.booleans(), st.booleans())
def test_arabic_numerals_round_trip(n, separators, full_width):
    text = f"{n:,}" if separators else str(n)
    if full_width:
        text = text.translate(_FULL)
    assert numerals.read_number(text) == n


@given(st.integers(0, 10**9), st.integers(0, 10**6).map(lambda d: str(d).rjust(6, "0")),
       st.booleans())
def test_decimals_round_trip(whole, decimals, chinese):
    decimals = decimals.rstrip("0") or "0"
    want = Fraction(f"{whole}.{decimals}")
    if chinese:
        text = to_chinese(whole) + "点" + "".join(_CN[int(d)] for d in decimals)
    else:
        text = f"{whole}.{decimals}".translate(_FULL if whole % 2 else {})
    assert numerals.read_number(text) == want


@given(st.integers(1, 10**12), st.sampled_from(["-", "−", "负"]))
def test_negative_numbers_round_trip(n, sign):
    assert numerals.read_number(sign + to_chinese(n) if sign == "负" else sign + str(n)) == -n


@given(st.text(max_size=20))
def test_arbitrary_text_is_read_or_refused_clearly(text):
    try:
        numerals.read(text)
    except NumeralError as e:
        assert str(e)


# --- a peer's own table ---------------------------------------------------------------------

def test_cn2an_table():
    table = shared_path("peers", "cn2an_numerals.json", what="cn2an's test table")
    cases = {text: value for group in json.loads(table.read_text(encoding="utf-8")).values()
             for text, value in group.items()}
    assert len(cases) == 132
    right, refused, wrong = 0, [], []
    for text, value in cases.items():
        try:
            got = numerals.read(text).value
        except NumeralError:
            refused.append(text)
            continue
        if got == pytest.approx(value, rel=1e-12, abs=1e-20):
            right += 1
        else:
            wrong.append((text, value, got))
    assert not wrong, f"wrong values: {wrong}"
    assert right >= 0.95 * len(cases), f"read {right} of {len(cases)}; refused {refused}"


# --- the parsers built on the grammar: only their own errors come out ----------------------

_PIECES = list("0123456789.,-−负零〇一二两三四五六七八九十百千万亿点壹拾佰廿分之成倍翻番至到~几数超过上级"
               "元圆角整家年来近约多余以上第") + ["万元", "亿元", "个百分点", "%"]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
def test_units_and_periods_raise_only_their_own_errors(text):
    import datetime as dt

    import parklens as pl
    for parse in (pl.parse_quantity, pl.parse_number,
                  lambda t: pl.parse_period(f"近{t}年", ref=dt.date(2024, 12, 25))):
        try:
            parse(text)
        except (pl.QuantityError, pl.PeriodError):
            pass


# --- the rules one at a time (values worked out by hand) ----------------------------------

MORE_NUMBERS = [
    # two digits not of a rough pair are a digit string; three never a rough count
    ("二四", 24), ("九八", 98), ("三四五", 345), ("一二三", 123), ("零", 0),
    # the elided unit counts one place below the unit; after 零 or below 百 it does not
    ("一万一", 11_000), ("两百五", 250), ("三千零五", 3005), ("十五", 15), ("二十五万", 250_000),
    ("一千零十", 1010), ("百亿", 10**10), ("千万", 10**7), ("5万3千2百", 53_200),
    ("1万60", 10_060),
    # every variant character the grammar reads (financial capitals, traditional forms)
    ("玖拾捌", 98), ("陸佰", 600), ("參萬", 30_000), ("貳億", 2 * 10**8), ("柒仟", 7000),
    ("肆", 4), ("伍", 5), ("捌", 8), ("叁", 3), ("陆", 6), ("贰", 2), ("壹", 1),
    ("二○二三", 2023), ("卅五", 35), ("廿", 20), ("１，２００", 1200), ("＋5", 5), ("+5", 5),
    ("－5", -5), ("﹣5", -5), ("—5", -5), ("1 2", 12), ("1\u30002", 12),
    # the bounds of size: 24 digits on either side of the point are allowed
    ("0" * 23 + "1", 1), ("0." + "0" * 23 + "1", Fraction(1, 10**24)), ("零" * 23 + "一", 1),
    ("1" + " " * 118 + "2", 12),            # 120 characters, the most a numeral may take
    ("000,000,000,000,000,000,000,001", 1),  # 24 digits: separators are not digits
    ("9" * 20, 10**20 - 1),                 # the largest figure: below 10^20
]


@pytest.mark.parametrize("text, value", MORE_NUMBERS)
def test_more_numbers_by_the_rules(text, value):
    assert numerals.read_number(text) == value


MORE_REFUSED = [
    # (text, what the message says): each message names the text it refuses
    ("1" + " " * 119 + "2", "(121 characters) is too long"),
    ("0" * 24 + "1", "more than 24 digits"),
    ("0." + "0" * 24 + "1", "more than 24 digits"),
    ("零" * 24 + "一", "more than 24 digits"),
    ("1" * 24, "too large to be a figure (10^20 or more)"),
    ("1" + "0" * 20, "too large to be a figure (10^20 or more)"),     # 10^20 itself
    ("两三", "rough count (2 to 3)"),
    ("三五", "rough count (3 to 5)"),
    ("五十三四", "two digits in a row without a unit between"),
    ("1万2.5万", "twice"),
    ("一百五零", "零 after a digit"),
    ("12 34千", "not a place value"),
    ("3亿1.5千", "1.5千 is not a place value"),
    ("两万3", "a single digit after a unit is unclear"),
    ("1万5.5", "5.5 does not fit below the unit before it"),
    ("1万60000", "60000 does not fit below the unit before it"),
    ("万", "万 with no digits before it"),
    ("亿万", "亿 with no digits before it"),
    ("十十", "十 after a smaller or equal place"),
    ("一亿二亿", "亿 twice"),
    ("1亿20000万", "the part before 万 does not fit below the unit before it"),
    ("五3", "two numbers in a row"),
    ("负", "no digits"),
    ("点五", "'点五': no digits"),                # 0.5 writes its 零: 零点五
    ("-", "no digits"),
    ("   ", "empty text"),
    ("10千", "10千 is not a place value"),      # one digit before a place: 1万, not 10千
    ("1亿10000万", "does not fit below"),        # 10000万 is a whole 亿
    ("两零二四", "零 after a digit"),             # 两 is a count, never a place digit
    ("1" * 25 + "万", "more than 24 digits"),
    ("1千5", "a single digit after a unit is unclear"),     # 1500 or 1005?
    ("1千1000", "1000 does not fit below the unit before it"),
    ("1万10000", "10000 does not fit below the unit before it"),
]


@pytest.mark.parametrize("text, fragment", MORE_REFUSED)
def test_refusals_name_the_text_and_the_reason(text, fragment):
    with pytest.raises(NumeralError) as e:
        numerals.read_number(text)
    message = str(e.value)
    assert fragment in message
    if 0 < len(text.strip()) <= 30:
        assert repr(text) in message


def test_refusals_of_a_type_name_the_type():
    with pytest.raises(NumeralError, match=r"expected text, got int 12"):
        numerals.parse_number(12)
    with pytest.raises(NumeralError, match=r"expected text, got NoneType None"):
        numerals.read(None)


# a rough count: each pair of neighbouring digits, times the place after it
ROUGH = [("一两", 1, 2), ("一二", 1, 2), ("两三", 2, 3), ("二三", 2, 3), ("三四", 3, 4),
         ("三五", 3, 5), ("四五", 4, 5), ("五六", 5, 6), ("六七", 6, 7), ("七八", 7, 8),
         ("八九", 8, 9)]


@pytest.mark.parametrize("pair, low, high", ROUGH)
@pytest.mark.parametrize("place, times", [("", 1), ("十", 10), ("百", 100), ("千", 1000),
                                          ("万", 10**4), ("十万", 10**5), ("亿", 10**8)])
def test_rough_counts(pair, low, high, place, times):
    a = numerals.read(pair + place)
    assert (a.kind, a.low, a.high, a.text) == ("range", low * times, high * times, pair + place)
    assert math.isnan(a.value) and a.exact is None and a.qualifier == "exact"


@pytest.mark.parametrize("text, low, high", [
    ("十几", 11, 19), ("二十几", 21, 29), ("九十几", 91, 99), ("十几万", 110_000, 190_000),
    ("几", 2, 9), ("数", 2, 9), ("数十", 20, 90), ("几百", 200, 900), ("数千", 2000, 9000),
    ("数万", 20_000, 90_000), ("几十亿", 2 * 10**9, 9 * 10**9),
    ("5-5", 5, 5),                          # a range of one value does not run backwards
])
def test_teens_and_several(text, low, high):
    a = numerals.read(text)
    assert (a.kind, a.low, a.high, a.text) == ("range", low, high, text)


@pytest.mark.parametrize("text, step", [
    ("3.30", Fraction(1, 200)), ("-3.3", Fraction(1, 20)), ("1,234.5", Fraction(1, 20)),
    ("零点零零一", Fraction(1, 2000)), ("0", Fraction(1, 2)), ("7", Fraction(1, 2)),
    ("100", 50), ("-70", 5), ("一千零五", Fraction(1, 2)), ("1.5千", 50), ("两万", 5000),
])
def test_half_a_unit_of_the_last_digit_written(text, step):
    assert numerals.half_step(text) == step


def test_a_number_read_keeps_its_text_exact_value_and_step():
    a = numerals.read("3.5")
    assert (a.text, a.kind, a.unit, a.qualifier, a.exact, a.step) == (
        "3.5", "number", None, "exact", Fraction(7, 2), Fraction(1, 20))
    # 万 after a number scales every part of it
    b = numerals.read("3.5万")
    assert (b.text, b.value, b.low, b.high, b.exact, b.step) == (
        "3.5万", 35_000, 35_000, 35_000, 35_000, 500)
    assert numerals.read("12亿").exact == 12 * 10**8 and numerals.read("12亿").step == 5 * 10**7
    c = numerals.read("5元")
    assert (c.text, c.value, c.low, c.high, c.unit, c.exact, c.step, c.kind, c.qualifier) == (
        "5元", 5, 5, 5, "元", 5, Fraction(1, 2), "number", "exact")
    assert numerals.read("5圆").unit == "元"
    assert numerals.read("10-15亿").text == "10-15亿"


def test_empty_text_is_refused_in_words():
    with pytest.raises(NumeralError) as e:
        numerals.read_number(" \t ")
    assert str(e.value) == "empty text: no number"


def test_a_form_that_says_its_unit_takes_no_big_unit_after_it():
    # nor does a range or a magnitude class take 元, nor a magnitude class 万
    for text in ("2倍万", "三成万", "百分之五万", "10-15元", "三成元", "百亿级万"):
        with pytest.raises(NumeralError, match="not part of a numeral"):
            numerals.read(text)


def test_a_scaled_number_too_large_names_its_text():
    with pytest.raises(NumeralError, match=r"'1111111111111111111亿' is too large"):
        numerals.read("1" * 19 + "亿")


@pytest.mark.parametrize("value", [None, 12, 1.5, ["三"], b"3"])
def test_every_reader_refuses_what_is_not_text(value):
    # a NumeralError naming the type, never a TypeError from inside
    for reader in (numerals.read, numerals.read_number, numerals.parse_number):
        with pytest.raises(NumeralError, match=f"expected text, got {type(value).__name__}"):
            reader(value)


def test_a_share_too_large_names_its_text():
    with pytest.raises(NumeralError, match="'" + "5" * 20 + "成' is too large"):
        numerals.read("5" * 20 + "成")          # 5.6e19 is a number, ten times it is not
