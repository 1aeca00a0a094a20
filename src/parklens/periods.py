"""Reporting periods as Chinese park documents write them.

一季度, 上半年, 前三季度 are cumulative from 1 January (year to date), not single quarters;
今年/去年 and 近3年 resolve against the document's date.

>>> p = parse_period("2024年前三季度")
>>> p.code, p.kind, str(p.start), str(p.end), p.year
('2024-01/2024-09', 'ytd', '2024-01-01', '2024-09-30', 2024)
>>> parse_period("去年", ref=dt.date(2020, 4, 8)).code
'2019'
>>> parse_period("2024年前三季度").en, parse_period("目前", ref=dt.date(2024, 12, 25)).en
('Jan–Sep 2024', 'as of 25 Dec 2024')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .numerals import NUMERAL_CHARS, NumeralError, read_number

__all__ = ["Period", "PeriodError", "parse_period", "UNSTATED"]

# Any numeral the numerals grammar reads: 近二十年, 三十年来, 十一月.
_N = rf"(?:[0-9]+|[{NUMERAL_CHARS}万亿]+)"
_YTD_END_MONTH = {"一季度": 3, "第一季度": 3, "1季度": 3, "上半年": 6, "前两季度": 6,
                  "二季度末": 6, "前三季度": 9, "三季度末": 9, "1-3季度": 9}
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "年内": 0, "全年": 0, "当年": 0, "去年": -1,
                  "上年": -1, "上一年": -1, "前年": -2, "明年": 1, "来年": 1}
_MAX_YEARS = 100  # 近N年 beyond a century is no reporting period (and year 0 is no date)
_NOW = ("目前", "现有", "当前", "现在", "截至目前", "截止目前", "至今")
#: How a curator writes that the document gives no period for a figure (a growth rate with
#: no year): the figure is dated by its document only, and shown as "not stated".
UNSTATED = ("未注明", "未说明")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")


class PeriodError(ValueError):
    """A period expression the parser does not understand; the message lists what it reads."""


@dataclass(frozen=True)
class Period:
    """A normalized period.

    ``code`` is a compact ISO 8601-style label used to group figures: ``2023`` (year),
    ``2024-01/2024-09`` (year to date), ``2024-12-25`` (as of), ``../2024-12-25``
    (cumulative to date), ``2022/2024`` (several years), ``2022-01`` (a month).
    ``year`` is the year the period ends in. A period the document does not state
    (``未注明``) has kind ``unstated``, code ``unstated`` and the document date as its end.
    ``en`` renders it in English (``Jan–Sep 2024``, ``as of 25 Dec 2024``).
    """

    stated: str
    kind: str
    start: dt.date | None
    end: dt.date
    code: str

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def en(self) -> str:
        """The period as an English-language table or chart would write it.

        >>> [parse_period(t, ref=dt.date(2020, 4, 8)).en for t in ("2019年", "累计", "未注明")]
        ['2019', 'cumulative to 8 Apr 2020', 'not stated']
        """
        start, end = self.start, self.end
        match self.kind:
            case "year":
                return str(end.year)
            case "ytd":   # from January: Jan–Sep 2024 (a one-month stretch is that month)
                if end.month == 1:
                    return _month_en(end)
                return f"Jan–{_MONTHS_EN[end.month - 1]} {end.year}"
            case "month":
                return _month_en(end)
            case "as_of":
                return f"as of {_date_en(end)}"
            case "cumulative":
                return f"cumulative to {_date_en(end)}"
            case "multi_year":
                if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
                    return f"{start.year}–{end.year}"
                return f"{_month_en(start)}–{_month_en(end)}"
            case "unstated":
                return "not stated"
        raise PeriodError(f"no English rendering for a period of kind {self.kind!r}")


def _month_en(d: dt.date) -> str:
    return f"{_MONTHS_EN[d.month - 1]} {d.year}"


def _date_en(d: dt.date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _num(text: str, stated: str) -> int:
    try:
        n = read_number(text)
    except NumeralError as e:
        raise PeriodError(f"{stated!r}: {e}") from None
    # whole and not negative: the patterns that call this admit digits and Chinese numerals
    # only, with no 点 and no sign
    return int(n)


def _year_period(stated: str, year: int) -> Period:
    return Period(stated, "year", dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def _ytd(stated: str, year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"{stated!r}: month {month} is not 1–12")
    if month == 12:
        return _year_period(stated, year)
    return Period(stated, "ytd", dt.date(year, 1, 1), _month_end(year, month),
                  f"{year}-01/{year}-{month:02d}")


def _require_ref(stated: str, ref: dt.date | None) -> dt.date:
    if ref is None:
        raise PeriodError(f"{stated!r} is relative to the document date; pass ref=the date")
    return ref


def parse_period(text: str, ref: dt.date | None = None) -> Period:
    """Normalize a period expression; ``ref`` is the document date for relative ones.

    Understood forms: ``2023年``; year to date ``2024年前三季度``, ``一季度``, ``上半年``,
    ``1-11月``, ``截止11月底``; relative ``今年``, ``去年``, ``明年``, ``年内`` (each may carry a
    year-to-date part: ``今年截止11月底``); a month ``2022年1月``; ``2020年末``; ``目前``
    (as of ``ref``); ``累计`` (cumulative to ``ref``); ``近3年``, ``三年来``; spans
    ``2020年至2023年``, ``2022-2023年``, ``2022年至2023年上半年``; ``未注明`` where the document
    states no period (dated by ``ref``, shown as "not stated").

    >>> parse_period("今年截止11月底", ref=dt.date(2024, 12, 25)).code
    '2024-01/2024-11'
    >>> parse_period("近3年", ref=dt.date(2024, 12, 25)).code
    '2022/2024'
    """
    if not isinstance(text, str):
        raise PeriodError(f"period must be text, got {type(text).__name__} {text!r}")
    stated = text
    s = re.sub(r"\s+", "", text).replace("—", "-").replace("–", "-").replace("～", "-")
    s = s.replace("~", "-").replace("到", "至")

    if s in _NOW:
        r = _require_ref(stated, ref)
        return Period(stated, "as_of", None, r, r.isoformat())
    if s in UNSTATED:
        r = _require_ref(stated, ref)
        return Period(stated, "unstated", None, r, "unstated")
    if s in ("累计", "历年累计"):
        r = _require_ref(stated, ref)
        return Period(stated, "cumulative", None, r, f"../{r.isoformat()}")

    if m := re.fullmatch(rf"(?:近|最近)({_N})年(?:来)?|({_N})年(?:来|以来)", s):
        n = _num(m.group(1) or m.group(2), stated)
        r = _require_ref(stated, ref)
        if not 1 <= n <= _MAX_YEARS:
            raise PeriodError(f"{stated!r}: a span of {n} years; write 1 to {_MAX_YEARS}")
        first = r.year - n + 1
        return Period(stated, "multi_year", dt.date(first, 1, 1), dt.date(r.year, 12, 31),
                      f"{first}/{r.year}")

    if m := re.fullmatch(r"(\d{4})年?[至-](\d{4})年(.*)", s):
        a, b = int(m.group(1)), int(m.group(2))
        if b < a:
            raise PeriodError(f"{stated!r}: the span ends before it starts")
        if not m.group(3):
            return Period(stated, "multi_year", dt.date(a, 1, 1), dt.date(b, 12, 31), f"{a}/{b}")
        # A span ending part-way through its last year: 2022年至2023年上半年.
        end = parse_period(f"{b}年{m.group(3)}")
        return Period(stated, "multi_year", dt.date(a, 1, 1), end.end,
                      f"{a}-01/{end.end.year}-{end.end.month:02d}")

    if m := re.fullmatch(r"(\d{4})年(?:末|底)", s):
        y = int(m.group(1))
        return Period(stated, "as_of", None, dt.date(y, 12, 31), f"{y}-12-31")

    # A year, absolute or relative, then an optional part of it.
    # longest first, should a word ever start another; none does today, so the order cannot be
    # seen (no mutate)
    m = re.match(r"(\d{4})年|(" + "|".join(sorted(_RELATIVE_YEAR, key=len, reverse=True)) + ")", s)  # pragma: no mutate
    if m:
        year = int(m.group(1)) if m.group(1) else (
            _require_ref(stated, ref).year + _RELATIVE_YEAR[m.group(2)])
        rest = s[m.end():]
    else:
        year, rest = None, s
        if ref is not None:
            year = ref.year
    rest = rest.removeprefix("的")

    if rest == "" and m:
        return _year_period(stated, year)
    if year is not None:
        if rest in _YTD_END_MONTH:
            return _ytd(stated, year, _YTD_END_MONTH[rest])
        if mm := re.fullmatch(r"(?:1|一)[-至](\d{1,2}|[一二三四五六七八九十]+)月(?:份)?", rest):
            return _ytd(stated, year, _num(mm.group(1), stated))
        # 截止到 was made 截止至 with every 到 above
        if mm := re.fullmatch(r"(?:(?:截止|截至)至?|至)(\d{1,2}|[一二三四五六七八九十]+)月(?:底|末)", rest):
            return _ytd(stated, year, _num(mm.group(1), stated))
        if mm := re.fullmatch(r"(\d{1,2}|[一二三四五六七八九十]+|元)月(?:份)?", rest):
            month = 1 if mm.group(1) == "元" else _num(mm.group(1), stated)
            if not 1 <= month <= 12:
                raise PeriodError(f"{stated!r}: month {month} is not 1–12")
            return Period(stated, "month", dt.date(year, month, 1), _month_end(year, month),
                          f"{year}-{month:02d}")
    raise PeriodError(
        f"cannot read period {stated!r}: write e.g. 2023年, 2024年前三季度, 今年截止11月底, "
        f"去年, 目前, 累计, 近3年, 2020年至2023年, 2022年1月, or 未注明 where the document "
        f"gives none")
