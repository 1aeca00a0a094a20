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
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－", "0123456789.,%-")

_ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千"
# 万/亿 count as part of a Chinese numeral only when more numeral characters follow
# (一万二千); otherwise they belong to the unit (三万吨 = 三 + 万吨).
_CHINESE = rf"[{_CN_CHARS}]+(?:[万亿][{_CN_CHARS}]+)*"

#: Qualifier words and the code each maps to. ``position`` says where the word stands:
#: before the number, between number and unit, or after the unit.
QUALIFIER_WORDS: dict[str, tuple[str, str]] = {
    # before the number
    "接近": ("nearly", "pre"), "近": ("nearly", "pre"),
    "大约": ("about", "pre"), "约": ("about", "pre"),
    "超过": ("more_than", "pre"), "逾": ("more_than", "pre"),
    "突破": ("at_least", "pre"), "不少于": ("at_least", "pre"), "至少": ("at_least", "pre"),
    "不低于": ("at_least", "pre"), "不足": ("less_than", "pre"), "不到": ("less_than", "pre"),
    "不超过": ("at_most", "pre"),
    # between number and unit (120多家, 600余亩) or after the unit (五十多年 → 多 before 年)
    "多": ("more_than", "mid"), "余": ("more_than", "mid"),
    # after the unit
    "以上": ("at_least", "post"), "以下": ("at_most", "post"), "左右": ("about", "post"),
    "以内": ("at_most", "post"), "内": ("at_most", "post"),
}
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
_SCOPE_PREFIX = re.compile(r"^(全[国省市区县]|[省市区县]内)")


class QuantityError(ValueError):
    """A text that cannot be read as a quantity; the message says why and what to write."""


@dataclass(frozen=True)
class Unit:
    """A unit as documents write it (``亿元``) and how to convert it (``CNY`` × 1e8)."""

    name: str
    base: str
    factor: Fraction
    en: str = ""


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
def _units_from_file(path: str) -> dict[str, Unit]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {name: Unit(name, spec["base"], parse_factor(spec["factor"]), spec.get("en", ""))
            for name, spec in data["units"].items()}


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
    return dict(_units_from_file(str((data_dir / "vocab" / "units.yaml").resolve())))


def _chinese_to_int(text: str) -> int:
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇":  # a placeholder for skipped places: 一千零五
            if digit is not None:
                raise QuantityError(f"{text!r} is not a Chinese numeral")
            continue
        if ch in _CN_DIGITS:
            if digit is not None:  # two digits in a row: 一二 is not a numeral
                raise QuantityError(f"{text!r} is not a Chinese numeral")
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
        elif ch in _CN_BIG_UNITS:
            section += digit or 0
            total = (total + section) * _CN_BIG_UNITS[ch]
            section, digit = 0, None
        else:
            raise QuantityError(f"{text!r} is not a Chinese numeral")
    return total + section + (digit or 0)


def parse_number(text: str) -> float:
    """Read a number written in Arabic digits (``1,200``, ``88.7``, full-width ``１２``) or
    in Chinese numerals (``五十``, ``一百二十``, ``两千``, ``百``).

    >>> parse_number("1,200.5"), parse_number("一百二十"), parse_number("千")
    (1200.5, 120.0, 1000.0)
    """
    s = text.strip().translate(_FULLWIDTH)
    if re.fullmatch(_ARABIC, s):
        return float(s.replace(",", ""))
    if s and re.fullmatch(rf"[{_CN_CHARS}万亿]+", s):
        return float(_chinese_to_int(s))
    raise QuantityError(f"{text!r} is not a number: write Arabic digits or Chinese numerals")


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


def _exact(number_text: str) -> Fraction:
    s = number_text.translate(_FULLWIDTH).replace(",", "")
    return Fraction(s) if re.fullmatch(_ARABIC, s) else Fraction(_chinese_to_int(s))


def _half_step(number_text: str) -> Fraction:
    """Half a unit of the last significant digit written: 3.3 → 0.05, 70 → 5, 3 → 0.5."""
    s = number_text.translate(_FULLWIDTH).replace(",", "")
    if not re.fullmatch(_ARABIC, s):
        s = str(_chinese_to_int(s))
    if "." in s:
        return Fraction(1, 2 * 10 ** len(s.split(".")[1]))
    stripped = s.rstrip("0") or "0"
    return Fraction(10 ** (len(s) - len(stripped)), 2)


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
    ``下降5美元/桶``, ``C级`` or a chemical-park risk wording (``较低安全风险`` names grade D
    under the 应急管理部 scheme: A 高, B 较高, C 一般, D 较低).

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
    if not s:
        raise QuantityError("empty quantity: write a number and a unit, e.g. 120多家")

    # A grade such as C级, or the risk wording that names one (较低安全风险 → D).
    if m := re.fullmatch(r"([A-Da-d])级", s):
        return Quantity(text, math.nan, "级", qualifier or "exact", math.nan, "grade",
                        math.nan, math.nan, text_value=m.group(1).upper())
    if s in RISK_GRADE_WORDING:
        return Quantity(text, math.nan, "级", qualifier or "exact", math.nan, "grade",
                        math.nan, math.nan, text_value=RISK_GRADE_WORDING[s])

    sign = 1
    for word, direction in DIRECTION_WORDS.items():
        if s.startswith(word):
            sign, s = direction, s[len(word):]
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

    m = re.match(_ARABIC, s) or re.match(_CHINESE, s)
    if not m:
        raise QuantityError(
            f"no number in {original!r}: write the figure as stated, e.g. 120多家 or 近70亿元")
    number_text, s = m.group(0), s[m.end():]
    exact = _exact(number_text)
    value = float(exact)
    half = _half_step(number_text)

    # 百亿级 / 千万级: an order of magnitude, not a value.
    if m_mag := re.fullmatch(r"([万亿]?)(元)?级", s):
        if qual != "exact":
            raise QuantityError(f"{original!r}: a magnitude class takes no other qualifier")
        unit_text = unit or (m_mag.group(1) + (m_mag.group(2) or ""))
        u = _lookup_unit(unit_text, units, original)
        low, high = qualifier_bounds(exact * u.factor, "magnitude")
        return Quantity(text, value, u.name, qualifier or "magnitude", math.nan, u.base,
                        low, high)

    for word in _MID:
        if s.startswith(word):
            qual, s = QUALIFIER_WORDS[word][0], s[len(word):]
            break

    post_qual = None
    for word in _POST:
        if s.endswith(word) and len(s) >= len(word):
            post_qual, s = QUALIFIER_WORDS[word][0], s[: -len(word)]
            break
    if post_qual:
        qual = post_qual

    unit_text = s or unit
    if ordinal and not s:
        unit_text = unit or "位"
    if not unit_text:
        raise QuantityError(
            f"no unit in {original!r}: add the unit as the document writes it, or set `unit`")
    if s and unit and unit != s:
        raise QuantityError(f"{original!r} states unit {s!r} but `unit` says {unit!r}: drop one")
    u = _lookup_unit(unit_text, units, original)
    base_unit, factor = (("rank", Fraction(1)) if ordinal else (u.base, u.factor))
    qual = qualifier or qual
    value_base = float(exact * factor)
    low, high = qualifier_bounds(exact * factor, qual, half * factor)
    if sign < 0:
        value, value_base, low, high = -value, -value_base, -high, -low
    return Quantity(text, value, u.name, qual, value_base, base_unit, low, high, ordinal)


def _lookup_unit(name: str, units: Mapping[str, Unit], original: str) -> Unit:
    if name in units:
        return units[name]
    raise QuantityError(
        f"unknown unit {name!r} in {original!r}: add it to vocab/units.yaml "
        f"(with its base unit and factor), or state only number, qualifier and unit")
