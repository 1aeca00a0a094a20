"""Chinese numbers, qualifiers and units, as park documents write them.

>>> q = parse_quantity("120多家")
>>> (q.value, q.unit, q.qualifier, q.value_low, q.value_high)
(120.0, '家', 'more_than', 120.0, nan)
>>> parse_quantity("近70亿元").value_base
7000000000.0
>>> parse_number("五十")
50.0
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from . import numerals
from .numerals import NumeralError
from .paths import default_data_dir

__all__ = [
    "Unit",
    "Quantity",
    "QuantityError",
    "QUALIFIER_WORDS",
    "DIRECTION_WORDS",
    "parse_number",
    "parse_qualifier",
    "parse_quantity",
    "qualifier_bounds",
    "load_units",
    "english_unit",
]

# Full-width forms, and the traditional 萬/億 of Hong Kong and Taiwan texts (432億美元).
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－−萬億", "0123456789.,%--万亿")
#: Qualifier words and the code each maps to. ``position`` says where the word stands:
#: before the number, between number and unit, or after the unit.
QUALIFIER_WORDS: dict[str, tuple[str, str]] = {
    # before the number
    "接近": ("nearly", "pre"), "近": ("nearly", "pre"),
    "大约": ("about", "pre"), "约": ("about", "pre"),
    "超过": ("more_than", "pre"), "超": ("more_than", "pre"), "逾": ("more_than", "pre"),
    "突破": ("at_least", "pre"), "不少于": ("at_least", "pre"), "至少": ("at_least", "pre"),
    "不低于": ("at_least", "pre"), "不足": ("less_than", "pre"), "不到": ("less_than", "pre"),
    "不超过": ("at_most", "pre"),
    # between number and unit (120多家, 600余亩) or after the unit (五十多年 → 多 before 年)
    "多": ("more_than", "mid"), "余": ("more_than", "mid"),
    # after the unit
    "以上": ("at_least", "post"), "以下": ("at_most", "post"), "左右": ("about", "post"),
    "以内": ("at_most", "post"), "内": ("at_most", "post"),
}
_MAGNITUDE = rf"({numerals.NUMBER})([万亿]?)(元)?级"  # compiled on first use, by re's cache
# The look-ahead applies to every word (without the group it bound only the last one, and 过5家
# read as "more than 5").
_THRESHOLD = re.compile("(?:" + "|".join(sorted(numerals.THRESHOLD_WORDS, key=len, reverse=True))
                        + rf")(?={numerals.ROUND.pattern})")
_PRE = sorted((w for w, (_, p) in QUALIFIER_WORDS.items() if p == "pre"), key=len, reverse=True)
_MID = [w for w, (_, p) in QUALIFIER_WORDS.items() if p == "mid"]
_POST = sorted((w for w, (_, p) in QUALIFIER_WORDS.items() if p in ("post", "mid")),
               key=len, reverse=True)

#: Words of change before a number; the ones that mean a fall make the value negative.
DIRECTION_WORDS = {"增长": 1, "增加": 1, "提高": 1, "上升": 1, "增产": 1, "提升": 1,
                    "下降": -1, "减少": -1, "降低": -1, "缩短": -1, "减产": -1}
#: Chemical-park safety risk wording of the 应急管理部 guideline and the grade it names.
RISK_GRADE_WORDING = {"高安全风险": "A", "较高安全风险": "B", "一般安全风险": "C",
                      "较低安全风险": "D"}
#: Figures that documents write without a numeral, and what they state: 半小时经济生活圈 is a
#: 30-minute circle, 高新技术企业倍增 a doubling (2 times the number before).
WORDED_VALUES = {"半小时": "0.5小时", "半天": "0.5天", "半年": "0.5年", "倍增": "2倍"}
#: A superlative is a rank: 中石化最大的特种蜡生产和销售基地 is Sinopec's first, by size.
SUPERLATIVE_WORDS = ("最大",)
_SCOPE_PREFIX = re.compile(r"^(全[国省市区县]|[省市区县]内)")
# Units that bound a rank from above: 十强 is one of the first ten.
_RANK_BOUND_UNITS = frozenset({"强"})
# Half a unit written after it: 三年半 (3.5 years), 两个半月 (2.5 months), 一个半小时.
_HALF = re.compile(r"(?P<unit>年|天|周)半|个半(?P<inner>月|小时)")
# A qualifier between a big unit and the unit it multiplies: 5万多人 is more than 5万人.
_BIG_THEN_MID = re.compile(r"(?P<big>万亿|亿|万)(?P<mid>多|余)")
_LOWER_BOUNDS = {"more_than", "at_least"}


class QuantityError(ValueError):
    """A text that cannot be read as a quantity; the message says why and what to write.
    ``fix``, where given, is what to write, for a report that shows the fix on its own."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True)
class Unit:
    """A unit as documents write it (``亿元``), how to convert it (``CNY`` × 1e8) and its
    English name (``CNY 100 million``). ``currency`` and ``measure_word`` come from the base
    unit: a currency's code goes first in English, and a measure word (家, 个) names no thing,
    so its English is what the figure counts."""

    name: str
    base: str
    factor: Fraction
    en: str = ""
    currency: bool = False
    measure_word: bool = False


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: the value as stated plus its normalized form and bounds.

    ``value``/``unit`` are as stated (88.7, 亿元); ``value_base``/``unit_base`` are
    normalized (8.87e9, CNY). ``value_low``/``value_high`` are the bounds implied by the
    qualifier in base units, NaN where open. ``text_value`` holds a non-numeric value
    such as a grade letter (``C级`` → ``"C"``).
    """

    text: str
    value: float
    unit: str | None
    qualifier: str
    value_base: float
    unit_base: str | None
    value_low: float
    value_high: float
    ordinal: bool = False
    text_value: str | None = None


@lru_cache(maxsize=8)
def _units_from_text(text: str) -> dict[str, Unit]:
    # keyed on the file's content, not its path: an edit in the same session is read
    data = yaml.safe_load(text)
    bases = data.get("base_units") or {}
    return {name: Unit(name, spec["base"], parse_factor(spec["factor"]), spec.get("en", ""),
                       **base_flags(bases.get(spec["base"])))
            for name, spec in data["units"].items()}


def base_flags(base_unit) -> dict[str, bool]:
    """``currency`` and ``measure_word`` of a base unit (a dict from YAML or a model)."""
    get = base_unit.get if isinstance(base_unit, dict) else (
        lambda k, d=False: getattr(base_unit, k, d))
    return {"currency": bool(get("currency", False)),
            "measure_word": bool(get("measure_word", False))}


def parse_factor(factor: object) -> Fraction:
    """A unit factor from YAML: a number (``1.0e+8``) or a fraction (``"10000/15"``)."""
    if isinstance(factor, bool) or not isinstance(factor, (int, float, str)):
        raise QuantityError(f"factor {factor!r} is not a number or a fraction like 10000/15")
    try:
        value = Fraction(factor) if not isinstance(factor, float) else Fraction(str(factor))
    except (ValueError, ZeroDivisionError):
        raise QuantityError(f"factor {factor!r} is not a number or a fraction like 10000/15") from None
    if value <= 0:
        raise QuantityError(f"factor {factor!r} must be positive")
    return value


def load_units(data_dir: str | Path | None = None) -> dict[str, Unit]:
    """The unit table of a dataset (``vocab/units.yaml``), by unit name."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    text = (data_dir / "vocab" / "units.yaml").read_text(encoding="utf-8-sig")
    return dict(_units_from_text(text))


def parse_number(text: str) -> float:
    """Read one number: Arabic digits (``1,200``, ``88.7``, full-width ``１２``), Chinese
    numerals (``五十``, ``一百二十``, ``两千``, ``百``, ``三万五``), mixed (``3亿5000万``,
    ``1.2万亿``), decimals with 点 and a sign (``-5``, ``负十一``); the grammar is
    :mod:`parklens.numerals`.

    >>> parse_number("1,200.5"), parse_number("一百二十"), parse_number("千")
    (1200.5, 120.0, 1000.0)
    """
    try:
        return numerals.parse_number(text)
    except NumeralError as e:
        raise QuantityError(f"{e}: write Arabic digits or Chinese numerals") from None


def parse_qualifier(text: str) -> str:
    """The qualifier code of a word (``多`` → ``more_than``, ``近`` → ``nearly``, ``约`` and
    ``左右`` → ``about``, ``突破`` → ``at_least``); ``""`` or ``None`` → ``exact``."""
    if not text:
        return "exact"
    try:
        return QUALIFIER_WORDS[text][0]
    except KeyError:
        known = "、".join(QUALIFIER_WORDS)
        raise QuantityError(f"unknown qualifier {text!r}; known: {known}") from None


def qualifier_bounds(value: float, qualifier: str, half_step: float = 0) -> tuple[float, float]:
    """The (low, high) bounds a qualifier implies for ``value``; NaN where a side is open.

    ``about`` is two-sided by ``half_step`` (half a unit of the last digit written);
    ``magnitude`` (百亿级) spans one order of magnitude from ``value``.
    """
    nan = math.nan
    match qualifier:
        case "exact":
            return float(value), float(value)
        case "more_than" | "at_least":
            return float(value), nan
        case "nearly" | "at_most" | "less_than":
            return nan, float(value)
        case "about":
            return float(value - half_step), float(value + half_step)
        case "magnitude":
            return float(value), float(value * 10)
    raise QuantityError(f"unknown qualifier code {qualifier!r}")


def parse_quantity(
    text: str,
    *,
    unit: str | None = None,
    qualifier: str | None = None,
    units: Mapping[str, Unit] | None = None,
) -> Quantity:
    """Parse one stated quantity such as ``120多家``, ``近70亿元``, ``约3.3万度``,
    ``3万户左右``, ``突破千吨``, ``50%以上``, ``第98位``, ``全市第一``, ``百亿级``,
    ``下降5美元/桶``, ``上升78个位次`` (a rank 78 places higher: its number -78), ``半小时``,
    ``倍增`` (2 times), ``全国最大`` (rank 1), ``C级`` or a chemical-park risk wording
    (``较低安全风险`` names grade D under the 应急管理部 scheme: A 高, B 较高, C 一般, D 较低).

    ``unit`` supplies the unit where the text has none (``百亿级`` with ``unit="亿元"``);
    ``qualifier`` overrides the parsed qualifier code. ``units`` is the unit table
    (default: the bundled ``vocab/units.yaml``). Raises :class:`QuantityError` with a
    message that says what is wrong and what to write instead.

    >>> q = parse_quantity("3万户左右")
    >>> q.value_base, q.qualifier, q.value_low, q.value_high
    (30000.0, 'about', 25000.0, 35000.0)
    """
    if not isinstance(text, str):
        raise QuantityError(f"expected text, got {type(text).__name__} {text!r}")
    units = load_units() if units is None else units
    s = re.sub(r"\s+", "", text).translate(_FULLWIDTH).replace("*", "")
    original = s
    if len(s) > 200:   # never echo a long text back whole
        raise QuantityError(f"{s[:20]!r}… ({len(s)} characters) is too long to be a quantity")
    if not s:
        raise QuantityError("empty quantity: write a number and a unit, e.g. 120多家")

    # A grade such as C级, or the risk wording that names one (较低安全风险 → D).
    if m := re.fullmatch(r"([A-Da-d])级", s):
        return Quantity(text, math.nan, "级", qualifier or "exact", math.nan, "grade",
                        math.nan, math.nan, text_value=m.group(1).upper())
    if s in RISK_GRADE_WORDING:
        return Quantity(text, math.nan, "级", qualifier or "exact", math.nan, "grade",
                        math.nan, math.nan, text_value=RISK_GRADE_WORDING[s])

    sign, directed = 1, False
    for word, direction in DIRECTION_WORDS.items():
        if s.startswith(word):
            sign, s, directed = direction, s[len(word):], True
            break

    qual = "exact"
    for word in _PRE:
        if s.startswith(word):
            qual, s = QUALIFIER_WORDS[word][0], s[len(word):]
            break

    ordinal = False
    scope = _SCOPE_PREFIX.match(s)
    rest_after_scope = s[scope.end():] if scope else s
    if rest_after_scope.startswith("第"):
        ordinal, s = True, rest_after_scope[1:]
    elif rest_after_scope in SUPERLATIVE_WORDS:   # 全国最大: first, as 全国第一 is
        ordinal, s = True, "1"
    elif re.match(r"首(?:位|家|个|批)$", rest_after_scope):   # 首位, 首家: the first
        ordinal, s = True, "一" + rest_after_scope[1:]
    elif rest_after_scope.startswith("前") and qual == "exact":  # 前三强, 前50位: a rank bound
        ordinal, qual, s = True, "at_most", rest_after_scope[1:]
    s = WORDED_VALUES.get(s, s)

    negative = bool(s[:1] == "-" or s.startswith("负"))
    if negative:
        if sign < 0:
            raise QuantityError(
                f"{original!r}: a word of fall and a minus sign: is it a fall or a rise? "
                f"Write 下降3% or -3%")
        s = s[1:]

    # 百亿级 / 千万级: an order of magnitude, not a value.
    if s.endswith("级") and (m_mag := re.fullmatch(_MAGNITUDE, s)):
        if qual != "exact" or negative:
            raise QuantityError(f"{original!r}: a magnitude class takes no other qualifier")
        exact = _number(m_mag.group(1), original)
        unit_text = unit or (m_mag.group(2) + (m_mag.group(3) or ""))
        u = _lookup_unit(unit_text, units, original)
        try:
            numerals.to_float(exact * u.factor * 10, original)
        except NumeralError as e:
            raise QuantityError(str(e)) from None
        low, high = qualifier_bounds(exact * u.factor, "magnitude")
        return Quantity(text, float(exact), u.name, qualifier or "magnitude", math.nan, u.base,
                        low, high)

    # 超十亿元, 过万吨, 上百家: a round number with no digits after a word of threshold
    if qual == "exact" and (m_threshold := _THRESHOLD.match(s)):
        qual, s = numerals.THRESHOLD_WORDS[m_threshold.group()], s[m_threshold.end():]
    if qual != "exact" and s[:1] in ("万", "亿"):
        s = "一" + s        # 过万吨, 近万人: one 万吨, one 万人

    try:
        amount, s = _match_number(s, units)
    except NumeralError as e:
        raise QuantityError(
            f"{e}; in {original!r}: write the figure as stated, e.g. 120多家 or 近70亿元") from None
    if amount.kind == "range":
        raise QuantityError(
            f"{original!r} is a range ({amount.low:g} to {amount.high:g}{s}): a figure has one "
            f"value; curate each bound as its own figure with the same quote")
    if amount.kind == "magnitude":
        raise QuantityError(f"{original!r}: a magnitude class (百亿级) is a whole figure: write "
                            f"it alone, with its unit in `unit`")
    if amount.kind == "threshold":
        raise QuantityError(f"{original!r}: two qualifiers before one number: keep the one "
                            f"the document writes")
    if amount.kind == "fraction":     # 三分之一: a share, in percent
        amount = numerals.Amount(amount.text, amount.value * 100, amount.low * 100,
                                 amount.high * 100, "percent", "%", "exact", amount.exact * 100)
    exact = amount.exact
    half = amount.step if amount.step is not None else Fraction(0)

    pre_qual = qual
    for word in _MID:
        if s.startswith(word):
            qual, pre_qual, s = QUALIFIER_WORDS[word][0], "exact", s[len(word):]
            break

    if m_big := _BIG_THEN_MID.match(s):
        qual, pre_qual = QUALIFIER_WORDS[m_big["mid"]][0], "exact"
        s = m_big["big"] + s[m_big.end():]

    if amount.kind == "number" and exact.denominator == 1 and (m_half := _HALF.match(s)):
        exact, half = exact + Fraction(1, 2), Fraction(1, 4)
        s = (m_half["unit"] or ("个月" if m_half["inner"] == "月" else "小时")) + s[m_half.end():]

    post_qual = None
    for word in _POST:
        if s.endswith(word) and len(s) >= len(word):
            post_qual, s = QUALIFIER_WORDS[word][0], s[: -len(word)]
            break
    # 超过20亿元以上 states one lower bound twice: the word before the number names it.
    if post_qual and not (pre_qual in _LOWER_BOUNDS and post_qual in _LOWER_BOUNDS):
        qual = post_qual

    if amount.unit:                   # 百分之三十, 三成, 翻两番, 壹拾壹元整 carry their unit
        if s:
            raise QuantityError(f"{original!r}: {amount.text!r} already says its unit "
                                f"{amount.unit}, then {s!r} follows")
        s = amount.unit
    unit_text = s or unit
    if ordinal and not s:
        unit_text = unit or "位"
    if not unit_text:
        raise QuantityError(
            f"no unit in {original!r}: add the unit as the document writes it, or set `unit`")
    if s and unit and unit != s:
        raise _two_units(original, s, unit, units)
    u = _lookup_unit(unit_text, units, original)
    if u.base == "rank" and u.name in _RANK_BOUND_UNITS and qual == "exact":
        ordinal, qual = True, "at_most"       # 十强, 前三强: place N or higher
    base_unit, factor = (("rank", Fraction(1)) if ordinal else (u.base, u.factor))
    qual = qualifier or qual
    if negative and qual not in ("exact", "about"):
        raise QuantityError(
            f"{original!r}: a one-sided qualifier on a negative number is unclear (nearer zero "
            f"or further from it?): write a fall as 下降, e.g. 下降5%以上")
    if negative:
        exact, sign = -exact, 1
    try:
        value = numerals.to_float(exact, original)
        value_base = numerals.to_float(exact * factor, original)
        low, high = qualifier_bounds(exact * factor, qual, half * factor)
    except (NumeralError, OverflowError) as e:
        raise QuantityError(f"{e}") from None
    if directed and base_unit == "rank" and not ordinal:
        # a ranking that rises 78 places (上升78个位次) has a rank number 78 lower: 第176位 →
        # 第98位 is -78, so a change adds to the rank levels as every other change does
        sign = -sign
    if sign < 0:
        # a fall qualifies its size: 下降5%以上 falls 5% or more, so the value is -5 or lower
        value, value_base, low, high = -value, -value_base, -high, -low
    return Quantity(text, value, u.name, qual, value_base, base_unit, low, high, ordinal)


def _two_units(original: str, stated: str, unit: str, units: Mapping[str, Unit]) -> QuantityError:
    """The error for a figure whose stated text ends in a unit while its `unit:` field names
    another: which one is meant the quote says, so both ways out are given."""
    try:
        _lookup_unit(stated, units, original)
    except QuantityError:
        return QuantityError(
            f"the figure's unit is unclear: `stated: {original}` ends in {stated!r}, which is "
            f"not a unit of vocab/units.yaml, and its `unit:` field says {unit!r}",
            f"write `stated:` as the quote has it (number, qualifier, unit: 第3位, 88.7亿元); "
            f"keep `unit: {unit}` only if the quote states the number without a unit")
    return QuantityError(
        f"the figure has two units: `stated: {original}` ends in the unit {stated!r} and its "
        f"`unit:` field says {unit!r}",
        f"if the quote writes {stated!r}, delete the line `unit: {unit}` (`unit:` is only for a "
        f"figure stated without its unit, such as `stated: 88.7` with `unit: 亿元`); otherwise "
        f"correct `stated:` to the quote's words")


def _match_number(s: str, units: Mapping[str, Unit]) -> tuple[numerals.Amount, str]:
    """The number at the start of ``s`` and what follows, as :func:`numerals.match` reads it,
    except where a unit of the table begins with a numeral character: 3万千瓦 is 3 + 万千瓦
    and 5千米 is 5 + 千米, not 3万千 + 瓦."""
    for name in _numeral_led_units(tuple(units)):
        at = s.find(name, 1)
        if at > 0 and (s[at - 1].isdigit() or s[at - 1] in "万亿"):
            head = s[:at]
            if head[-1] in "万亿":        # 3万千瓦: the big unit goes with the unit
                head = head.rstrip("万亿")
            if head:
                amount, rest = numerals.match(head)
                if not rest or rest in ("万", "亿", "万亿"):
                    return amount, rest + s[len(head):]
    return numerals.match(s)


@lru_cache(maxsize=8)
def _numeral_led_units(names: tuple[str, ...]) -> tuple[str, ...]:
    # 万 and 亿 lead many units (万元), and the numerals grammar already decides those
    return tuple(sorted((n for n in names if n[0] in "十百千"), key=len, reverse=True))


def _number(number_text: str, original: str) -> Fraction:
    try:
        return numerals.read_number(number_text)
    except NumeralError as e:
        raise QuantityError(f"{e}; in {original!r}") from None


#: Big units that make a unit of a unit: 1.2万亿元 is 1.2 of 10^12 yuan.
_BIG_PREFIXES = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
#: ... and how English writes them: CNY 100 million, 10,000 t.
_BIG_EN = {"万亿": "trillion", "亿": "100 million", "万": "10,000"}
_UNPREFIXED_BASES = {"percent", "pp", "rank", "grade", "ratio"}


def _lookup_unit(name: str, units: Mapping[str, Unit], original: str) -> Unit:
    if name in units:
        return units[name]
    for prefix, place in _BIG_PREFIXES.items():
        # 万亿元, 亿美元…: a big unit before a unit of the table (never 万% or 万位)
        inner = units.get(name[len(prefix):]) if name.startswith(prefix) else None
        if inner is not None and inner.base not in _UNPREFIXED_BASES:
            return Unit(name, inner.base, inner.factor * place, _big_en(prefix, inner),
                        inner.currency, inner.measure_word)
    raise QuantityError(
        f"unknown unit {name!r} in {original!r}: add it to vocab/units.yaml "
        f"(with its base unit and factor), or state only number, qualifier and unit")


def _big_en(prefix: str, inner: Unit, noun: str | None = None) -> str:
    word, noun = _BIG_EN[prefix], noun or inner.en or inner.name
    return f"{noun} {word}" if inner.currency else f"{word} {noun}"


def english_unit(name: str, units: Mapping[str, Unit] | None = None,
                 counts_en=None, value: float | None = None) -> str:
    """The English name of a unit of the table, or of a big unit before one (万家, 亿美元).

    ``counts_en`` is what the figure counts (a noun, or an object or dict with ``one`` and
    ``other``), used where the unit is a measure word: 251家 innovation platforms are 251
    platforms, 1家 high-tech enterprise is 1 enterprise (``value`` chooses the number).

    >>> english_unit("亿元"), english_unit("万吨"), english_unit("亿美元")
    ('CNY 100 million', '10,000 t', 'USD 100 million')
    >>> english_unit("家"), english_unit("家", counts_en={"one": "platform", "other": "platforms"})
    ('establishments', 'platforms')
    """
    units = load_units() if units is None else units
    # 万人 is a unit of the table and also 万 + 人: its measure word takes the noun, its
    # prefix stays (1.2万人 employees are 1.2 × 10,000 employees, not 1.2 employees)
    prefix = next((p for p in _BIG_PREFIXES if name.startswith(p) and name[len(p):] in units),
                  "")
    u = units[name] if name in units else _lookup_unit(name, units, name)
    if not (counts_en and u.measure_word):
        return u.en or name
    noun = _noun(counts_en, one=value == 1 and not prefix)
    return _big_en(prefix, units[name[len(prefix):]], noun) if prefix else noun


def _noun(counts_en, one: bool) -> str:
    if isinstance(counts_en, str):
        return counts_en
    get = counts_en.get if isinstance(counts_en, dict) else lambda k: getattr(counts_en, k)
    return get("one") if one else get("other")
