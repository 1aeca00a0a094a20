"""Numbers as Chinese economic documents write them: Arabic, Chinese and mixed numerals,
decimals, shares, multiples, ranges, magnitude classes and thresholds.

This is the one numeral grammar of parklens: units, periods and the extractor read numbers
through it. It refuses what it cannot read (:class:`NumeralError`, naming the text and why)
rather than guess.

>>> parse_number("三亿五千万"), parse_number("1.2万亿"), parse_number("三万五")
(350000000.0, 1200000000000.0, 35000.0)
>>> a = read("10-15亿")
>>> (a.kind, a.low, a.high)
('range', 1000000000.0, 1500000000.0)
>>> read("翻两番").value, read("百分之三十").unit, read("上百").low
(4.0, '%', 100.0)

Rules (each one a case in ``tests/test_numerals.py``):

- Sections of four places under 万 and 亿; a big unit after a lower one multiplies all before
  it (一千一百一十一万一千一百一十一亿… , 1.2万亿 = 1.2 × 10^12).
- Elided unit: a last digit straight after 百, 千, 万 or 亿 counts one place below it
  (三万五 = 35000, 两千六 = 2600, 一百二 = 120); after 零 it is a plain digit (一百零三 = 103).
- Arabic numbers inside Chinese ones: ``3亿5000万``, ``1万600``, ``200亿零四千230``; a single
  Arabic digit straight after a unit (``1万5``) is refused: 15000 or 10005?
- Digit strings (一七二零 = 1720, 二〇二三 = 2023); two neighbouring digits that documents use
  for a rough count (两三, 三四, 三五, 七八 …) are a range, not a digit string.
- Decimals with 点 or ``.``, full-width digits, thousands separators, financial capitals
  (壹贰叁 拾佰仟), traditional forms (兩 萬 億), 廿 and 卅, a sign (``-``, ``−``, 负).
- Size is bounded: at most :data:`MAX_DIGITS` digits on either side of the point and an
  absolute value below 10^:data:`MAX_EXPONENT`; anything larger is refused.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

__all__ = [
    "Amount", "NumeralError", "parse_number", "read_number", "read", "match",
    "half_step", "to_float", "number_re", "THRESHOLD_WORDS", "ROUND", "NUMBER", "DIGIT_CHARS", "NUMERAL_CHARS", "MAX_DIGITS",
    "MAX_EXPONENT",
]

#: Digits on either side of a decimal point, at most. An economic figure never needs more;
#: a longer run is a mistake or an attack (int() of a 5,000-digit string is refused by Python).
MAX_DIGITS = 24
#: Absolute values must stay below 10**MAX_EXPONENT (万亿亿 is 10^20).
MAX_EXPONENT = 20
_LIMIT = 10**MAX_EXPONENT
_MAX_TEXT = 120  # characters of one numeral: longer texts are refused before any work

# Variant characters → the forms the grammar reads. Financial capitals, traditional forms,
# full-width digits and signs.
_VARIANTS = str.maketrans({
    **{c: d for c, d in zip("０１２３４５６７８９", "0123456789")},
    "．": ".", "，": ",", "－": "-", "−": "-", "﹣": "-", "—": "-", "＋": "+",
    "壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三", "肆": "四", "伍": "五",
    "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百",
    "仟": "千", "兩": "两", "萬": "万", "億": "亿", "〇": "零", "○": "零",
})
_TENS = {"廿": "二十", "卅": "三十"}
_SPACE = re.compile(r"\s+")

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}

#: Chinese digits (with the variants the grammar accepts).
DIGIT_CHARS = "零〇○一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖兩"
#: Every character that can stand in a Chinese numeral except 万 and 亿 (and 点, which must be
#: followed by a digit).
NUMERAL_CHARS = DIGIT_CHARS + "十百千拾佰仟廿卅"
# Possessive (++, *+) so that a long run of digits cannot make the engine backtrack through
# every way of splitting it (a 400-digit run took minutes with plain + inside +).
_ARABIC = r"[0-9０-９]++(?:[,，][0-9０-９]{3}(?![0-9０-９]))*+(?:[.．][0-9０-９]++)?+"
_ATOMS = rf"(?:{_ARABIC}|[{NUMERAL_CHARS}]|点(?=[{DIGIT_CHARS}0-9０-９]))++"
_BIGS = "[万亿萬億]"
#: A regular expression for one number at a position: 万 and 亿 belong to it only where more
#: numerals follow (三万吨 is 三 + 万吨, 三万五千吨 is 三万五千 + 吨) or where they close a number
#: that has a higher unit (三亿五千万元 is 三亿五千万 + 元, not 三亿五千 + 万元).
NUMBER = (rf"(?:{_ATOMS}(?:{_BIGS}+{_ATOMS})*[亿億]{_ATOMS}[万萬]"
          rf"(?![万亿萬億0-9０-９{NUMERAL_CHARS}])"
          rf"|{_ATOMS}(?:{_BIGS}+{_ATOMS})*)")


@lru_cache(maxsize=1)
def number_re() -> re.Pattern:
    """:data:`NUMBER` compiled, on first use (compiling it costs 10 ms of ``import parklens``)."""
    return re.compile(NUMBER)


_SIGN_RE = re.compile(r"[-−－﹣]|负")

# Two neighbouring digits of a rough count: 两三个, 三四十, 三五家, 七八百.
_ROUGH_PAIRS = {"一两": (1, 2), "一二": (1, 2), "两三": (2, 3), "二三": (2, 3), "三四": (3, 4),
                "三五": (3, 5), "四五": (4, 5), "五六": (5, 6), "六七": (6, 7), "七八": (7, 8),
                "八九": (8, 9)}
#: The pairs of :data:`_ROUGH_PAIRS`, for patterns that find rough counts in running text.
ROUGH_PAIRS = tuple(_ROUGH_PAIRS)
_RANGE_SEPARATORS = "-~～至到—－"
#: Words before a round number with no digits that make it a threshold (超十亿元, 过万吨, 上百家).
THRESHOLD_WORDS = {"超过": "more_than", "超": "more_than", "过": "more_than", "逾": "more_than",
                    "上": "at_least", "破": "at_least", "突破": "at_least"}


class NumeralError(ValueError):
    """A text that is not a number parklens can read; the message names the text and why."""


@dataclass(frozen=True)
class Amount:
    """A numeral form read from text.

    ``kind`` says what was written: ``number`` (value = low = high), ``range`` (10-15, 两三,
    十几, 数十: value NaN, low and high as stated), ``fraction`` (三分之一), ``percent``
    (百分之三十, 三成: value in percent), ``multiple`` (2倍, 翻一番: value in times),
    ``magnitude`` (百亿级: low the class, high ten times it, value NaN) and ``threshold``
    (超十亿, 过万, 上百: low the round number, high open). ``unit`` is the unit the form
    itself implies (``%``, ``倍``, ``元`` for 壹拾壹元整), else None. ``exact`` is the value
    as a fraction where there is one value.
    """

    text: str
    value: float
    low: float
    high: float
    kind: str
    unit: str | None = None
    qualifier: str = "exact"
    exact: Fraction | None = None
    #: half a unit of the last digit written (3.3 → 0.05), for the bounds of 约/左右
    step: Fraction | None = None


def to_float(value: Fraction, text: str) -> float:
    """``float(value)``, refusing values too large for a figure (never an OverflowError)."""
    if abs(value.numerator) >= _LIMIT * value.denominator:
        raise NumeralError(f"{text!r} is too large to be a figure (10^{MAX_EXPONENT} or more): "
                           f"check the digits")
    return float(value)


def _require_text(text: object) -> None:
    if not isinstance(text, str):
        raise NumeralError(f"expected text, got {type(text).__name__} {text!r}"[:200])


def _normalize(text: str) -> str:
    if len(text) > _MAX_TEXT:
        # (no mutate: how many characters of a long text the message shows is no rule)
        raise NumeralError(f"{text[:20]!r}… ({len(text)} characters) is too long to be a number")  # pragma: no mutate
    s = text.translate(_VARIANTS)
    if not s.isalnum():                  # white space is rare: skip the substitution otherwise
        s = _SPACE.sub("", s)
    if "廿" in s or "卅" in s:  # pragma: no mutate  (a fast path: replacing an absent character changes nothing)
        for tens, written in _TENS.items():
            s = s.replace(tens, written)
    return s


def _arabic(token: str, text: str) -> Fraction:
    whole, _, decimals = token.replace(",", "").partition(".")
    if len(whole) > MAX_DIGITS or len(decimals) > MAX_DIGITS:
        raise NumeralError(f"{text!r} has more than {MAX_DIGITS} digits: too long to be a figure")
    return Fraction(token.replace(",", ""))


_PLAIN_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_ARABIC_DECIMAL = re.compile(r"-?[0-9]+(?:,[0-9]{3})*\.[0-9]+")
_TOKEN = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|.")


def _digit_string(s: str) -> Fraction | None:
    """一七二零 = 1720: Chinese digits read place by place (no units, 两 not a place digit)."""
    if s in _ROUGH_PAIRS:
        raise NumeralError(f"{s!r} is a rough count ({_ROUGH_PAIRS[s][0]} to "
                           f"{_ROUGH_PAIRS[s][1]}), not one number: read it as a range")
    if len(s) < 2 or any(ch not in _DIGITS or ch == "两" for ch in s):
        return None
    if len(s) > MAX_DIGITS:
        raise NumeralError(f"{s!r} has more than {MAX_DIGITS} digits: too long to be a figure")
    return Fraction(int("".join(str(_DIGITS[ch]) for ch in s)))


def _sections(s: str, text: str) -> Fraction:
    """An integer (or Arabic decimal) written with units: 三亿五千万, 3亿5000万, 一百二."""
    if not s:
        raise NumeralError(f"{text!r}: no digits")
    if (digits := _digit_string(s)) is not None:
        return digits
    total = section = Fraction(0)
    pending: Fraction | None = None       # a value waiting for its unit
    # its Arabic text, if written in Arabic: set with every pending value and read only with
    # one, so no initial value can be seen
    pending_arabic = ""  # pragma: no mutate
    before = "start"                      # what stood before the pending value
    # the place of the unit before it: set with before = "small" or "big", read only then
    before_place = 0  # pragma: no mutate
    last_small = 0                        # the last small unit of this section
    last_big = 0                          # the last big unit applied
    for token in _TOKEN.findall(s):
        if token[0].isdigit():
            if pending is not None:
                raise NumeralError(f"{text!r}: two numbers in a row ({token!r})")
            pending, pending_arabic = _arabic(token, text), token
        elif token in _DIGITS and token != "零":
            if pending is not None:
                raise NumeralError(f"{text!r}: two digits in a row without a unit between")
            pending, pending_arabic = Fraction(_DIGITS[token]), ""
        elif token == "零":
            if pending is not None:
                raise NumeralError(f"{text!r}: 零 after a digit (write 一百零五, not 一五零)")
            before = "zero"  # pragma: no mutate  (a label: only start, small and big are compared)
        elif token in _SMALL:
            place = _SMALL[token]
            if last_small and place >= last_small:
                raise NumeralError(f"{text!r}: {token} after a smaller or equal place")
            if pending is None:
                multiplier = Fraction(1)      # 十二, 百亿级, 一千零十
            elif pending_arabic and (pending >= 10 or ("." in pending_arabic and before != "start")):
                # 12千, 3亿1.5千: not a place value (1.5千 alone is 1500)
                raise NumeralError(f"{text!r}: {pending_arabic}{token} is not a place value: "
                                   f"write one digit before {token}")
            else:
                multiplier = pending
            section += multiplier * place
            pending, before, before_place, last_small = None, "small", place, place
        elif token in _BIG:
            place = _BIG[token]
            current = section + (pending or 0)
            if last_big and place > last_big:
                total = (total + current) * place        # 一千万亿, 1.2万亿: multiplies all
            elif current == 0:
                raise NumeralError(f"{text!r}: {token} with no digits before it")
            elif last_big == place:
                raise NumeralError(f"{text!r}: {token} twice in one number")
            elif last_big and current * place >= last_big:
                raise NumeralError(f"{text!r}: the part before {token} does not fit below the "
                                   f"unit before it")
            else:
                total += current * place
            section, pending = Fraction(0), None
            before, before_place, last_small, last_big = "big", place, 0, place
        else:
            raise NumeralError(f"{text!r}: {token!r} is not part of a number")
    if pending is not None:
        if before in ("small", "big") and pending_arabic:
            # Arabic digits after a unit are the places below it: 1万600, 200亿零四千230
            if len(pending_arabic) == 1:
                raise NumeralError(
                    f"{text!r}: a single digit after a unit is unclear ({pending_arabic} of the "
                    f"next place or {pending_arabic} units?): write it in full, e.g. 1.5万 or "
                    f"15000")
            if "." in pending_arabic or pending >= before_place:
                raise NumeralError(
                    f"{text!r}: {pending_arabic} does not fit below the unit before it")
        elif before in ("small", "big") and before_place >= 100:
            pending *= before_place // 10     # the elided unit: 三万五, 两千六, 一百二
        section += pending
    return total + section


@lru_cache(maxsize=4096)
def _read_exact(s: str, text: str) -> Fraction:
    sign = 1
    if s[:1] in ("-", "+") or s.startswith("负"):
        sign, s = (-1 if s[0] in "-负" else 1), s[1:]
    if not s:
        raise NumeralError(f"{text!r}: no digits")
    whole, point, rest = s.partition("点")
    if not point and _PLAIN_ARABIC.fullmatch(s):
        value = _arabic(s, text)             # most figures: 88.7, 1,200 (the fast path)
    elif not point:
        value = _sections(s, text)
    else:
        # 一千二百三十四点五, 一点五亿, 一百点123: the integer part in full, the decimals read
        # digit by digit, then the units that multiply the whole.
        m = re.fullmatch(r"([零一二三四五六七八九]+|[0-9]+)([十百千万亿]*)", rest)
        if not m:
            raise NumeralError(f"{text!r}: after 点 only digits (and 万/亿) may follow")
        decimals, multipliers = m.groups()
        if len(decimals) > MAX_DIGITS:
            raise NumeralError(f"{text!r} has more than {MAX_DIGITS} decimals")
        integer = _sections(whole, text)
        if multipliers and re.search("[万亿]", whole):
            raise NumeralError(f"{text!r}: units on both sides of 点")
        if multipliers and re.fullmatch(r"[0-9]+", decimals) and not re.fullmatch(r"[0-9]+", whole):
            raise NumeralError(f"{text!r}: mixes Chinese and Arabic digits around 点")
        digits = decimals if decimals.isdigit() else "".join(str(_DIGITS[c]) for c in decimals)
        value = integer + Fraction(int(digits), 10 ** len(digits))
        for ch in multipliers:
            value *= _SMALL.get(ch) or _BIG[ch]
    value *= sign
    to_float(value, text)
    return value


def read_number(text: str) -> Fraction:
    """One number, the whole text, as an exact fraction.

    >>> read_number("一千二百三十四点五"), read_number("-10.1万")
    (Fraction(2469, 2), Fraction(-101000, 1))
    """
    _require_text(text)
    s = _normalize(text)
    if not s:
        raise NumeralError("empty text: no number")
    return _read_exact(s, text)


def parse_number(text: str) -> float:
    """One number, the whole text: ``1,200.5``, ``１２``, ``五十``, ``三亿五千万``, ``3亿5000万``,
    ``1.2万亿``, ``零点零零一``, ``负十一``. Raises :class:`NumeralError`.

    >>> parse_number("两千零五十万"), parse_number("一百零三"), parse_number("一百二")
    (20500000.0, 103.0, 120.0)
    """
    return float(read_number(text))     # read_number refused a value too large for a float


def half_step(number_text: str) -> Fraction:
    """Half a unit of the last significant digit written: 3.3 → 0.05, 70 → 5, 三亿五千万 → 5e6.

    Arabic decimals keep their written places (3.30 → 0.005); other numbers count trailing
    zeros of the value (an exact integer) or its decimal places.
    """
    return _half_step(_normalize(number_text), read_number(number_text))


def _half_step(s: str, value: Fraction) -> Fraction:
    if _ARABIC_DECIMAL.fullmatch(s):
        return Fraction(1, 2 * 10 ** len(s.split(".")[1]))
    value = abs(value)
    if value.denominator != 1:
        places = 0
        while value.denominator != 1:
            value *= 10
            places += 1
        return Fraction(1, 2 * 10**places)
    n = int(value)
    if n == 0:
        return Fraction(1, 2)
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    return Fraction(10**zeros, 2)


# ----------------------------------------------------------------------------------------------
# Forms beyond one number

#: A round number written with units only: 十亿, 百, 万, 千万.
ROUND = re.compile(r"[十百千万亿]+")
_ROUGH = re.compile(r"(?P<pair>" + "|".join(_ROUGH_PAIRS) + r")(?![零一二三四五六七八九两])"
                    r"(?P<place>[十百千]?)")
_TEENS = re.compile(r"(?P<tens>[一二三四五六七八九]?)十几")
_SEVERAL = re.compile(r"(?:数|几)(?P<place>[十百千]?)")


def _number_amount(text: str, value: Fraction, unit: str | None = None,
                   kind: str = "number", step: Fraction | None = None) -> Amount:
    v = to_float(value, text)
    return Amount(text, v, v, v, kind, unit, "exact", value, step)


def _range_amount(text: str, low: Fraction, high: Fraction) -> Amount:
    if low > high:
        raise NumeralError(f"{text!r}: the range runs backwards ({low} > {high})")
    # float(), not to_float(): each bound was read by _read_exact, which refused a figure
    # too large, or is a rough count of a few thousand at most
    return Amount(text, math.nan, float(low), float(high), "range")


def _rough(s: str, text: str) -> tuple[Fraction, Fraction, int] | None:
    """A rough count at the start of ``s``: 两三, 三四十, 十几, 二十几, 数十, 几百. Returns
    (low, high, characters read)."""
    if m := _ROUGH.match(s):
        low, high = _ROUGH_PAIRS[m["pair"]]
        place = _SMALL.get(m["place"], 1)
        return Fraction(low * place), Fraction(high * place), m.end()
    if m := _TEENS.match(s):
        tens = _DIGITS[m["tens"]] * 10 if m["tens"] else 10
        return Fraction(tens + 1), Fraction(tens + 9), m.end()
    if m := _SEVERAL.match(s):
        place = _SMALL.get(m["place"], 1)
        return Fraction(2 * place), Fraction(9 * place), m.end()
    return None


@lru_cache(maxsize=16384)  # the load path reads the same few hundred forms again and again
def match(text: str) -> tuple[Amount, str]:
    """The numeral form at the start of ``text`` and what follows it (usually the unit).

    Reads every form of :func:`read`; a range's bounds, a threshold and a magnitude are in the
    unit that follows (``10-15亿元`` → 10 to 15, ``亿元``). 万 and 亿 stay with the unit unless
    more numerals follow: ``三万吨`` → 3, ``万吨``; ``三亿五千万元`` → 3.5e8, ``元``.

    >>> a, rest = match("10至15亿元")
    >>> (a.kind, a.low, a.high, rest)
    ('range', 10.0, 15.0, '亿元')
    """
    _require_text(text)
    s = _normalize(text)
    if m := re.match(r"翻(?P<n>[一二两三四五六七八九十0-9]+)番", s):
        n = read_number(m["n"])
        if n.denominator != 1 or not 1 <= n <= 10:
            raise NumeralError(f"{text!r}: 翻N番 needs a whole N from 1 to 10")
        return _number_amount(text, Fraction(2) ** int(n), "倍", "multiple"), s[m.end():]
    if m := re.match(r"百分之", s):
        a, rest = match(s[m.end():])
        if a.kind != "number":
            raise NumeralError(f"{text!r}: 百分之 must be followed by one number")
        return _number_amount(text, a.exact, "%", "percent", a.step), rest
    for word, qualifier in sorted(THRESHOLD_WORDS.items(), key=lambda w: -len(w[0])):
        if s.startswith(word) and (m := ROUND.match(s, len(word))):
            # 超十亿, 过万, 上百: a round number with no digits, and open above
            round_text = m.group()
            value = _sections(("一" if round_text[0] in _BIG else "") + round_text, text)
            v = to_float(value, text)
            return Amount(text, v, v, math.nan, "threshold", None, qualifier, value), s[m.end():]
    if rough := _rough(s, text):
        low, high, end = rough
        return _range_amount(text, low, high), s[end:]

    sign = ""
    if sm := _SIGN_RE.match(s):
        sign, s = "-", s[sm.end():]
    m = number_re().match(s)
    if not m:
        raise NumeralError(f"no number in {text!r}")
    number_text, rest = m.group(), s[m.end():]
    value = _read_exact(sign + number_text, text)
    step = _half_step(number_text, value)

    if not sign and rest[:1] and rest[0] in _RANGE_SEPARATORS:
        # 10-15亿元, 10至15亿元, 10亿至15亿元: both bounds in the unit that follows
        m2 = number_re().match(rest, 1)
        if m2:
            high = read_number(m2.group())
            return _range_amount(text, value, high), rest[m2.end():]
    if m_big := re.match(r"([万亿]+)([-~～至到—])", rest):
        # 10亿至15亿元: the first bound carries the unit the second one shares
        m2 = number_re().match(rest, m_big.end())
        if m2 and rest[m2.end():].startswith(m_big[1]):
            return (_range_amount(text, value, read_number(m2.group())),
                    rest[m2.end():])
    if m_frac := re.match(r"分之", rest):
        a, after = match(rest[m_frac.end():])
        if a.kind != "number" or value == 0:
            raise NumeralError(f"{text!r}: X分之Y needs two numbers and X not 0")
        if value == 100:
            return _number_amount(text, a.exact, "%", "percent", a.step), after
        return _number_amount(text, a.exact / value, None, "fraction"), after
    if rest.startswith("成") and not rest.startswith("成为"):
        return _number_amount(text, value * 10, "%", "percent", step * 10), rest[1:]
    if rest.startswith("倍"):
        return _number_amount(text, value, "倍", "multiple", step), rest[1:]
    if m_mag := re.match(r"([万亿]*)元?级", rest):
        place = 1
        for ch in m_mag[1]:
            place *= _BIG[ch]
        low = value * place
        return (Amount(text, math.nan, to_float(low, text), to_float(low * 10, text),
                       "magnitude", None, "magnitude", None), rest[m_mag.end():])
    if (m_money := re.fullmatch(r"[元圆](?:([零一二三四五六七八九])角)?(?:([零一二三四五六七八九])分)?[整正]?",
                                rest)) and rest not in ("元", "圆"):
        # 壹拾壹元整, 玖仟陆佰陆拾伍圆壹角捌分: an amount of money as cheques write it
        jiao, fen = (Fraction(_DIGITS[d] if d else 0) for d in m_money.groups())
        if value < 0 or value.denominator != 1:
            raise NumeralError(f"{text!r}: a money amount in words is whole yuan, then 角 and 分")
        return _number_amount(text, value + jiao / 10 + fen / 100, "元"), ""
    return _number_amount(text, value, None, "number", step), rest


def read(text: str) -> Amount:
    """Any numeral form, the whole text: a number, a range (``10-15亿``, ``两三``, ``十几``,
    ``数十亿``), a fraction or share (``三分之一``, ``百分之三十``, ``三成``), a multiple
    (``2倍``, ``翻一番``), a magnitude class (``百亿级``) or a threshold (``超十亿``, ``过万``,
    ``上百``). Raises :class:`NumeralError` for anything else.

    >>> read("十几").low, read("十几").high, read("数十亿").high
    (11.0, 19.0, 9000000000.0)
    """
    _require_text(text)        # before match's cache, which cannot hold a list
    amount, rest = match(text)
    if rest in ("元", "圆") and amount.kind == "number" and amount.unit is None:
        return dataclasses.replace(amount, unit="元")
    # 万 and 亿 after a form scale it (两三万, 1.5万); not one that says its own unit (2倍万)
    if rest and re.fullmatch(r"[万亿]+", rest) and amount.kind != "magnitude" and amount.unit is None:
        place = 1
        for ch in rest:
            place *= _BIG[ch]
        return _scaled(amount, place)
    if rest:
        raise NumeralError(f"{text!r}: {rest!r} after the number is not part of a numeral")
    return amount


def _scaled(a: Amount, place: int) -> Amount:
    scale = (lambda x: x if math.isnan(x) else to_float(Fraction(x) * place, a.text))
    return dataclasses.replace(a, value=scale(a.value), low=scale(a.low), high=scale(a.high),
                               exact=a.exact * place if a.exact is not None else None,
                               step=a.step * place if a.step is not None else None)
