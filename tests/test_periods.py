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
    assert (p.code, p.kind, p.stated) == (code, kind, text)
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
    with pytest.raises(pl.PeriodError, match=fragment) as e:
        pl.parse_period(text)
    assert repr(text) in str(e.value)           # the message names what it could not read


@pytest.mark.parametrize("text, fragment", [
    ("近0年", "a span of 0 years"),
    ("近3000年", "a span of 3000 years"),       # was a ValueError from datetime (year -975)
    ("近一万万年", "no digits before"),          # a numeral the grammar refuses, located
])
def test_bad_spans_are_period_errors(text, fragment):
    with pytest.raises(pl.PeriodError, match=fragment) as e:
        pl.parse_period(text, ref=REF)
    assert repr(text) in str(e.value)


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


# --- the rules of each form, one table each (written by hand from what the words mean) -------

@pytest.mark.parametrize("text", ["2024年1-12月", "2024年1–12月", "2024年1—12月", "2024年1~12月",
                                  "2024年一至十二月", "2024年1至12月份", "今年1-12月",
                                  "2024年截至12月底"])
def test_january_to_december_is_the_calendar_year(text):
    # twelve months from 1 January are the whole year: grouped with 2024年, not as a ytd
    p = pl.parse_period(text, ref=REF)
    assert p.stated == text
    assert (p.kind, p.code, p.start, p.end) == ("year", "2024", dt.date(2024, 1, 1),
                                                 dt.date(2024, 12, 31))
    assert p.en == "2024"


@pytest.mark.parametrize("text, month", [
    # a quarter or half named by its place counts from 1 January to its last month
    ("一季度", 3), ("第一季度", 3), ("1季度", 3),
    ("上半年", 6), ("前两季度", 6), ("二季度末", 6),
    ("前三季度", 9), ("三季度末", 9), ("1-3季度", 9),
])
def test_each_quarter_word_ends_in_its_month(text, month):
    p = pl.parse_period(f"2023年{text}")
    last_day = {3: 31, 6: 30, 9: 30}[month]
    assert (p.kind, p.start, p.end) == ("ytd", dt.date(2023, 1, 1), dt.date(2023, month, last_day))
    assert p.code == f"2023-01/2023-{month:02d}"


@pytest.mark.parametrize("word, offset", [
    ("今年", 0), ("本年", 0), ("年内", 0), ("全年", 0), ("当年", 0),
    ("去年", -1), ("上年", -1), ("上一年", -1), ("前年", -2), ("明年", 1), ("来年", 1),
])
def test_each_relative_year_word(word, offset):
    p = pl.parse_period(word, ref=dt.date(2021, 6, 30))
    assert (p.kind, p.code) == ("year", str(2021 + offset))
    # and with a part of that year after it
    q = pl.parse_period(f"{word}上半年", ref=dt.date(2021, 6, 30))
    assert q.code == f"{2021 + offset}-01/{2021 + offset}-06"


@pytest.mark.parametrize("word", ["目前", "现有", "当前", "现在", "截至目前", "截止目前", "至今"])
def test_each_word_for_now_is_as_of_the_document_date(word):
    p = pl.parse_period(word, ref=dt.date(2022, 3, 4))
    assert p.stated == word
    assert (p.kind, p.start, p.end, p.code) == ("as_of", None, dt.date(2022, 3, 4), "2022-03-04")
    with pytest.raises(pl.PeriodError, match=f"'{word}' is relative to the document date; pass ref"):
        pl.parse_period(word)


def test_cumulative_words():
    for word in ("累计", "历年累计"):
        p = pl.parse_period(word, ref=dt.date(2022, 3, 4))
        assert p.stated == word
        assert (p.kind, p.start, p.end, p.code) == ("cumulative", None, dt.date(2022, 3, 4),
                                                     "../2022-03-04")
        with pytest.raises(pl.PeriodError, match=f"'{word}' is relative to the document date"):
            pl.parse_period(word)


@pytest.mark.parametrize("text, first", [
    ("近5年", 2020), ("最近5年", 2020), ("近5年来", 2020), ("5年来", 2020), ("五年以来", 2020),
    ("近1年", 2024), ("近100年", 1925),
])
def test_recent_years_count_the_document_year(text, first):
    p = pl.parse_period(text, ref=REF)
    assert (p.kind, p.start, p.end) == ("multi_year", dt.date(first, 1, 1), dt.date(2024, 12, 31))
    assert p.code == f"{first}/2024"


@pytest.mark.parametrize("text, fragment", [
    ("近101年", "a span of 101 years; write 1 to 100"),
    ("近1.5年", "cannot read period"),         # a span of years is whole
    ("近3年", "relative to the document date"),      # no ref
])
def test_recent_years_refused(text, fragment):
    with pytest.raises(pl.PeriodError, match=fragment):
        pl.parse_period(text, ref=None if fragment.startswith("relative") else REF)


@pytest.mark.parametrize("text", ["2020年至2023年", "2020至2023年", "2020-2023年", "2020年-2023年",
                                  "2020到2023年", "2020~2023年", "2020～2023年", "2020—2023年",
                                  "2020–2023年", "2020 年至 2023 年"])
def test_spans_of_whole_years(text):
    p = pl.parse_period(text)
    assert (p.kind, p.start, p.end, p.code) == ("multi_year", dt.date(2020, 1, 1),
                                                 dt.date(2023, 12, 31), "2020/2023")


def test_a_span_of_one_year_is_allowed_and_a_backwards_one_refused():
    p = pl.parse_period("2023年至2023年")
    assert (p.kind, p.code, p.start, p.end) == ("multi_year", "2023/2023", dt.date(2023, 1, 1),
                                                 dt.date(2023, 12, 31))
    with pytest.raises(pl.PeriodError, match="ends before it starts"):
        pl.parse_period("2023年至2022年上半年")


def test_a_span_ending_in_part_of_a_year():
    p = pl.parse_period("2021年至2023年前三季度")
    assert (p.kind, p.start, p.end, p.code) == ("multi_year", dt.date(2021, 1, 1),
                                                 dt.date(2023, 9, 30), "2021-01/2023-09")
    assert p.en == "Jan 2021–Sep 2023"


@pytest.mark.parametrize("text", ["2020年末", "2020年底"])
def test_the_end_of_a_year_is_a_date(text):
    p = pl.parse_period(text)
    assert (p.kind, p.start, p.end, p.code) == ("as_of", None, dt.date(2020, 12, 31), "2020-12-31")


@pytest.mark.parametrize("text, code, end", [
    ("2024年截止11月底", "2024-01/2024-11", dt.date(2024, 11, 30)),
    ("2024年截至11月末", "2024-01/2024-11", dt.date(2024, 11, 30)),
    ("2024年截止到十月底", "2024-01/2024-10", dt.date(2024, 10, 31)),
    ("2024年至2月底", "2024-01/2024-02", dt.date(2024, 2, 29)),        # a leap year
    ("2023年1-2月", "2023-01/2023-02", dt.date(2023, 2, 28)),
    ("2024年的前三季度", "2024-01/2024-09", dt.date(2024, 9, 30)),      # 的 between year and part
    ("2024年1-1月", "2024-01/2024-01", dt.date(2024, 1, 31)),
])
def test_year_to_date_forms(text, code, end):
    p = pl.parse_period(text)
    assert (p.kind, p.code, p.start, p.end) == ("ytd", code, dt.date(2024 if "2024" in text
                                                                     else 2023, 1, 1), end)


def test_a_ytd_of_january_alone_is_that_month_in_english():
    assert pl.parse_period("2024年1-1月").en == "Jan 2024"
    assert pl.parse_period("2024年1-2月").en == "Jan–Feb 2024"


@pytest.mark.parametrize("text, code, end", [
    ("2024年2月", "2024-02", dt.date(2024, 2, 29)),
    ("2023年2月份", "2023-02", dt.date(2023, 2, 28)),
    ("2023年元月", "2023-01", dt.date(2023, 1, 31)),
    ("2023年十二月", "2023-12", dt.date(2023, 12, 31)),
])
def test_a_month(text, code, end):
    p = pl.parse_period(text)
    assert (p.kind, p.code, p.start, p.end) == ("month", code, end.replace(day=1), end)


@pytest.mark.parametrize("text, fragment", [
    ("2024年1-13月", "month 13 is not 1–12"),
    ("2024年1-0月", "month 0 is not 1–12"),
    ("2024年0月", "month 0 is not 1–12"),
    ("2024年截止13月底", "month 13 is not 1–12"),
])
def test_months_outside_the_year_are_refused(text, fragment):
    with pytest.raises(pl.PeriodError, match=fragment):
        pl.parse_period(text)


def test_a_month_without_a_year_takes_the_document_year_and_a_bare_part_needs_one():
    assert pl.parse_period("3月", ref=REF).code == "2024-03"
    with pytest.raises(pl.PeriodError, match="cannot read period"):
        pl.parse_period("前三季度")          # no year and no document date


def test_a_period_must_be_text():
    with pytest.raises(pl.PeriodError, match="period must be text, got int 2023"):
        pl.parse_period(2023)


def test_the_error_lists_what_the_parser_reads():
    with pytest.raises(pl.PeriodError) as e:
        pl.parse_period("下个世纪")
    for example in ("2023年", "2024年前三季度", "去年", "近3年", "未注明"):
        assert example in str(e.value)


def test_english_of_a_span_that_is_not_whole_years_and_of_an_unknown_kind():
    p = pl.parse_period("2022年至2023年上半年")
    assert p.en == "Jan 2022–Jun 2023"
    odd = pl.Period("?", "decade", None, dt.date(2020, 12, 31), "2020s")
    with pytest.raises(pl.PeriodError, match="no English rendering"):
        odd.en


@pytest.mark.parametrize("text", ["2023年", "2024年前三季度", "2024年1-12月", "2024年截至12月底",
                                  "2022年1月", "2020年末", "未注明", "近5年", "2021年至2023年上半年",
                                  "今年1-11月"])
def test_a_period_keeps_the_words_it_was_read_from(text):
    assert pl.parse_period(text, ref=REF).stated == text


@pytest.mark.parametrize("text, fragment", [
    ("2024年1-13月", "'2024年1-13月': month 13"), ("2024年截止13月底", "'2024年截止13月底': month 13"),
    ("近0年", "'近0年': a span of 0 years"), ("2023年0月", "'2023年0月': month 0"),
    # a month the numerals grammar refuses: the message names the period, then the numeral
    ("2024年十十月", "'2024年十十月': '十十': 十 after a smaller or equal place"),
    ("2024年1-十十月", "'2024年1-十十月': '十十'"),
    ("2024年截止十十月底", "'2024年截止十十月底': '十十'"),
])
def test_errors_name_the_period_they_refuse(text, fragment):
    with pytest.raises(pl.PeriodError, match=fragment):
        pl.parse_period(text, ref=REF)
