"""Periods: year to date from 1 January, relative years against the document date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

import parklens as pl

REF = dt.date(2024, 12, 25)  # the date of the Guanzhuang press conference


@pytest.mark.parametrize("text, code, kind, start, end", [
    ("2023年", "2023", "year", "2023-01-01", "2023-12-31"),
    ("2024年前三季度", "2024-01/2024-09", "ytd", "2024-01-01", "2024-09-30"),
    ("2024年一季度", "2024-01/2024-03", "ytd", "2024-01-01", "2024-03-31"),
    ("2024年上半年", "2024-01/2024-06", "ytd", "2024-01-01", "2024-06-30"),
    ("前三季度", "2024-01/2024-09", "ytd", "2024-01-01", "2024-09-30"),
    ("今年截止11月底", "2024-01/2024-11", "ytd", "2024-01-01", "2024-11-30"),
    ("今年1-11月", "2024-01/2024-11", "ytd", "2024-01-01", "2024-11-30"),
    ("今年", "2024", "year", "2024-01-01", "2024-12-31"),
    ("去年", "2023", "year", "2023-01-01", "2023-12-31"),
    ("明年", "2025", "year", "2025-01-01", "2025-12-31"),
    ("目前", "2024-12-25", "as_of", None, "2024-12-25"),
    ("累计", "../2024-12-25", "cumulative", None, "2024-12-25"),
    ("近3年", "2022/2024", "multi_year", "2022-01-01", "2024-12-31"),
    ("三年来", "2022/2024", "multi_year", "2022-01-01", "2024-12-31"),
    ("2020年至2023年", "2020/2023", "multi_year", "2020-01-01", "2023-12-31"),
    ("2022-2023年", "2022/2023", "multi_year", "2022-01-01", "2023-12-31"),
    ("2022年至2023年上半年", "2022-01/2023-06", "multi_year", "2022-01-01", "2023-06-30"),
    ("2020年末", "2020-12-31", "as_of", None, "2020-12-31"),
    ("2022年1月", "2022-01", "month", "2022-01-01", "2022-01-31"),
    # any numeral the numerals grammar reads (近二十年 raised KeyError)
    ("近二十年", "2005/2024", "multi_year", "2005-01-01", "2024-12-31"),
    ("近十五年", "2010/2024", "multi_year", "2010-01-01", "2024-12-31"),
    ("三十年来", "1995/2024", "multi_year", "1995-01-01", "2024-12-31"),
    ("二十一年以来", "2004/2024", "multi_year", "2004-01-01", "2024-12-31"),
    ("最近一百年", "1925/2024", "multi_year", "1925-01-01", "2024-12-31"),
    ("2024年十一月", "2024-11", "month", "2024-11-01", "2024-11-30"),
    ("今年1-十一月", "2024-01/2024-11", "ytd", "2024-01-01", "2024-11-30"),
])
def test_periods(text, code, kind, start, end):
    p = pl.parse_period(text, ref=REF)
    assert (p.code, p.kind) == (code, kind)
    assert (p.start.isoformat() if p.start else None) == start
    assert p.end.isoformat() == end
    assert p.year == int(end[:4])


def test_last_year_resolves_against_the_document():
    assert pl.parse_period("去年", ref=dt.date(2020, 4, 8)).code == "2019"


@pytest.mark.parametrize("text, fragment", [
    ("今年", "relative to the document date"),
    ("下个世纪", "cannot read period"),
    ("2024年13月", "month 13"),
    ("2023年至2020年", "ends before it starts"),
])
def test_bad_periods(text, fragment):
    with pytest.raises(pl.PeriodError, match=fragment):
        pl.parse_period(text)


@pytest.mark.parametrize("text, fragment", [
    ("近0年", "a span of 0 years"),
    ("近3000年", "a span of 3000 years"),       # was a ValueError from datetime (year -975)
    ("近一万万年", "no digits before"),          # a numeral the grammar refuses, located
])
def test_bad_spans_are_period_errors(text, fragment):
    with pytest.raises(pl.PeriodError, match=fragment):
        pl.parse_period(text, ref=REF)


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_year_to_date_always_starts_on_1_january(year, month):
    p = pl.parse_period(f"{year}年1-{month}月")
    assert p.start == dt.date(year, 1, 1)
    assert p.end.month == month and (p.end + dt.timedelta(days=1)).day == 1
    assert p.year == year


@given(st.integers(1, 30), st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))
def test_recent_years_end_in_the_document_year(n, ref):
    p = pl.parse_period(f"近{n}年", ref=ref)
    assert p.end.year == ref.year and p.end.year - p.start.year + 1 == n


# English renderings, written by hand from the period each expression names.
@pytest.mark.parametrize("text, ref, en", [
    ("2024年前三季度", REF, "Jan–Sep 2024"),
    ("2024年一季度", REF, "Jan–Mar 2024"),
    ("2024年上半年", REF, "Jan–Jun 2024"),
    ("今年1-11月", REF, "Jan–Nov 2024"),
    ("2023年", REF, "2023"),
    ("去年", dt.date(2020, 4, 8), "2019"),
    ("目前", REF, "as of 25 Dec 2024"),
    ("目前", dt.date(2020, 4, 8), "as of 8 Apr 2020"),
    ("累计", dt.date(2021, 12, 22), "cumulative to 22 Dec 2021"),
    ("2020年末", REF, "as of 31 Dec 2020"),
    ("2020年至2023年", REF, "2020–2023"),
    ("近3年", REF, "2022–2024"),
    ("2022年至2023年上半年", REF, "Jan 2022–Jun 2023"),
    ("2022年1月", REF, "Jan 2022"),
    ("2022年元月份", REF, "Jan 2022"),
    ("未注明", REF, "not stated"),
])
def test_periods_in_english(text, ref, en):
    assert pl.parse_period(text, ref=ref).en == en


def test_a_period_the_document_does_not_state():
    p = pl.parse_period("未注明", ref=dt.date(2025, 1, 8))
    # dated by its document only: not cumulative, not as of a date
    assert (p.kind, p.code, p.start, p.end) == ("unstated", "unstated", None, dt.date(2025, 1, 8))
    assert pl.parse_period("未说明", ref=REF).kind == "unstated"
    with pytest.raises(pl.PeriodError, match="relative to the document date"):
        pl.parse_period("未注明")
