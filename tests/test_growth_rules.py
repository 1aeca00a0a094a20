"""The rules of growth, one at a time, on small figure frames written by hand.

Every expected answer is worked out from the rules (README, the domain notes), not taken from
the code: CAGR = (end / start)^(1 / years) - 1; a derived number takes the weakest status of
its inputs and the fewest significant digits; it is approximate where an input is an
estimate or stated with 约/多/近/突破, or where its own calculation makes it so; the figure
used among rivals is the actual before the estimate, the exact before the approximate, the
one more documents state, then the smaller id.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from parklens import growth


def fig(metric_id, indicator, period, value, *, park="p", subject=None, unit="CNY",
        measure="level", status="actual", stated=None, qualifier="exact", scope=None,
        sources=("s1",), period_type="year", start=None, end=None, base=None):
    """One figure (a row per document stating it), as the dataset's metrics frame has it:
    ``value`` as stated, ``base`` in base units (default: ``value``)."""
    year = int(period[:4])
    return [{"metric_id": metric_id, "park_id": park, "subject": subject or park,
             "subject_type": "park", "subject_name": f"{park}园", "subject_name_en": f"Park {park.upper()}",
             "indicator": indicator, "label_zh": f"{indicator}指标", "label_en": f"{indicator} level",
             "measure": measure, "scope": scope, "period": period, "period_type": period_type,
             "period_start": pd.Timestamp(start or f"{year}-01-01"),
             "period_end": pd.Timestamp(end or f"{year}-12-31"), "period_stated": f"{year}年",
             "year": year, "value": float(value),
             "value_base": float(value if base is None else base), "unit_base": unit,
             "unit": unit, "status": status, "qualifier": qualifier,
             "stated": stated or f"{value}", "source_id": s, "quote": f"{metric_id} in {s}"}
            for s in sources]


def frame(*figures) -> pd.DataFrame:
    return pd.DataFrame([row for f in figures for row in f])


def codes(caveats: str) -> set[str]:
    return set(caveats.split("; ")) - {""}


# --------------------------------------------------------------- formulas and refusals

def test_growth_rate_of_whole_columns_refuses_what_has_no_rate():
    """No rate over no time or negative time, from a base at or below zero, or to a level
    below zero; the message names the first offending value."""
    assert growth._growth_rate([100], [0], [3]).tolist() == [-100.0]  # a fall to nothing
    assert growth._growth_rate([4], [9], [0.5]).tolist() == pytest.approx([(9 / 4) ** 2 * 100 - 100])
    for start, end, years, message in (
            ([100, 100], [121, 121], [2, -1], r"years must be positive, got -1$"),
            ([100], [121], [0], r"years must be positive, got 0$"),
            ([-5, 100], [121, 121], [2, 2], r"levels must be positive, got -5\.0 and 121\.0"),
            ([100, 7], [121, -3], [2, 2], r"levels must be positive, got 7\.0 and -3\.0")):
        with pytest.raises(ValueError, match=message):
            growth._growth_rate(start, end, years)
    with pytest.raises(ValueError, match="years must be positive, got -2"):
        growth.cagr(1, 2, -2)
    with pytest.raises(ValueError, match="levels must be positive, got 1 and -1"):
        growth.cagr(1, -1, 1)
    assert growth.cagr(80, 0, 4) == -100.0


def test_contribution_of_a_part_to_an_unchanged_total_has_no_rate():
    rate, pull = growth.contribution(20, 25, 100, 100)
    assert math.isnan(rate) and pull == 5.0  # Δpart / total_prev × 100
    assert growth.contribution(30, 20, 100, 90) == (100.0, -10.0)


def test_significant_digits_of_stated_figures():
    """Counted by hand: trailing zeros of a whole number are rounding, those after a decimal
    point are digits, leading zeros never are; at least 2, at most 4."""
    cases = {"106亿元": 3, "1.2万人": 2, "150亿元": 2, "1050吨": 3, "7家": 2, "0.05%": 2,
             "100.0亿元": 4, "12.345亿元": 4, "1,234,567元": 4, "3.06%": 3, "三十亿元": 2,
             "约2,500万元": 2, "18.7%": 3, "": 2}
    assert {s: growth._sig(s) for s in cases} == cases


def test_round_sig_keeps_the_leading_digits():
    assert growth.round_sig(-1234.5, 2) == -1200.0
    assert growth.round_sig(0.0012345, 2) == 0.0012
    assert growth.round_sig(99.96, 3) == 100.0
    assert growth.round_sig(0, 3) == 0
    assert math.isnan(growth.round_sig(math.nan, 3))
    assert growth.round_sig(math.inf, 3) == math.inf


def test_choose_follows_its_rule_in_order():
    """Each rule decides only where the ones before it tie; the id breaks the last tie."""
    def pick(rows):
        best, others = growth.choose(pd.DataFrame(rows))
        return best.metric_id, others

    row = {"status": "actual", "qualifier": "exact", "n_sources": 1}
    # an actual before an estimate before a target? no: actual, then target, then estimate
    assert pick([{**row, "metric_id": "a", "status": "estimate"},
                 {**row, "metric_id": "b", "status": "target"},
                 {**row, "metric_id": "c"}]) == ("c", ["b", "a"])
    # a status nobody knows ranks after all of them; a missing one is actual
    assert pick([{**row, "metric_id": "a", "status": "rumour"},
                 {**row, "metric_id": "b", "status": "estimate"},
                 {**row, "metric_id": "c", "status": None}]) == ("c", ["b", "a"])
    # exact before qualified, whatever the sources
    assert pick([{**row, "metric_id": "a", "qualifier": "about", "n_sources": 5},
                 {**row, "metric_id": "b", "qualifier": None}]) == ("b", ["a"])
    # more documents first, then the id
    assert pick([{**row, "metric_id": "a"}, {**row, "metric_id": "c", "n_sources": 3},
                 {**row, "metric_id": "b", "n_sources": 3}]) == ("b", ["c", "a"])
    # without a count of documents, the id decides; one figure on several rows is one figure
    rows = [{"metric_id": i, "status": "actual", "qualifier": "exact"} for i in "bab"]
    assert pick(rows) == ("a", ["b"])
    assert pick([{**row, "metric_id": "x"}, {**row, "metric_id": "x"}]) == ("x", [])
    with pytest.raises(ValueError) as e:
        growth.choose(pd.DataFrame(columns=["metric_id", "status", "qualifier"]))
    assert str(e.value) == "no candidate figure to choose from"


def test_choose_gives_the_first_row_of_the_figure_it_picks():
    """A figure stated by two documents is two rows: the first is the figure's row."""
    rows = pd.DataFrame({"metric_id": ["b", "a", "a"], "status": ["estimate", "actual", "actual"],
                         "qualifier": "exact", "source_id": ["s1", "s2", "s3"]})
    best, others = growth.choose(rows)
    assert (best.metric_id, best.source_id, others) == ("a", "s2", ["b"])
    best, others = growth.choose(rows.iloc[1:])
    assert (best.source_id, others) == ("s2", [])
    best, others = growth.choose(rows.iloc[:1])
    assert (best.metric_id, others) == ("b", [])


# --------------------------------------------------------------- the tables' rules

def test_cagr_table_takes_the_first_and_last_actual_years_of_each_scope():
    m = frame(fig("gdp20", "gdp", "2020", 100, stated="100亿元"),
              fig("gdp21", "gdp", "2021", 999, stated="999亿元"),  # between: not used
              fig("gdp22", "gdp", "2022", 121, stated="121亿元"),
              fig("gdp23e", "gdp", "2023", 500, status="estimate"),  # not actual
              fig("gdp24t", "gdp", "2024", 900, status="target"),
              fig("gdp23q", "gdp", "2023-09", 300, period_type="ytd"),  # not a year
              fig("s20", "gdp", "2020", 50, scope="规上"),
              fig("s21", "gdp", "2021", 55, scope="规上"),
              fig("o22", "output", "2022", 40),  # one year only
              fig("q22", "gdp", "2022", 10, park="q"), fig("q23", "gdp", "2023", 20, park="q"))
    t = growth.cagr_table(m)
    got = {ids: (value, years) for ids, value, years in zip(t.metric_ids, t.value, t.years)}
    assert got == {"gdp20; gdp22": (pytest.approx(10.0), 2), "s20; s21": (pytest.approx(10.0), 1),
                   "q22; q23": (pytest.approx(100.0), 1)}
    r = t[t.metric_ids == "gdp20; gdp22"].iloc[0]
    assert r.period == "2020/2022" and r.status == "actual" and r.calculation == "cagr"
    assert not r.approximate and r.caveats == "" and r.alternatives == ""
    assert r.sig_digits == 2 and r.unit == "%" and r.park_id == "p"  # 100亿元: 2
    assert r.formula == "(121亿元 / 100亿元)^(1/2) - 1"
    assert r.formula_en == "(CNY 121 / CNY 100)^(1/2) - 1"


def test_a_derived_number_is_never_firmer_than_its_inputs():
    """A level and its growth rate: the weakest status of the two; the codes of why it is
    less than a fact; the fewest digits; approximate where an input is an estimate or
    qualified (an implied previous level is approximate anyhow)."""
    m = frame(fig("l1", "a", "2023", 130, stated="130亿元"),
              fig("g1", "a", "2023", 30, unit="%", measure="yoy_growth", status="estimate",
                  stated="30%"),
              fig("l2", "b", "2023", 118.7, status="target", stated="118.7亿元"),
              fig("g2", "b", "2023", 18.7, unit="%", measure="yoy_growth", stated="18.7%"),
              fig("l3", "c", "2023", 150, status="estimate"),
              fig("g3", "c", "2023", 50, unit="%", measure="yoy_growth", status="target"),
              fig("l4", "d", "2023", 1200, qualifier="more_than", stated="1200多万元"),
              fig("g4", "d", "2023", 20, unit="%", measure="yoy_growth", stated="20.00%"),
              fig("l5", "e", "2023", 110, status=None, stated="110.5元"),
              fig("g5", "e", "2023", 10, unit="%", measure="yoy_growth", status=None,
                  stated="10%"),
              fig("n6", "f", "2023", 110, unit="person"),  # a count: no growth of a level
              fig("g6", "f", "2023", 10, unit="%", measure="yoy_growth"))
    t = growth.implied_previous_table(m).set_index("indicator")
    assert sorted(t.index) == ["a", "b", "c", "d", "e"]
    assert t.status.to_dict() == {"a": "estimate", "b": "target", "c": "estimate",
                                  "d": "actual", "e": "actual"}
    assert {i: codes(c) for i, c in t.caveats.items()} == {
        "a": {"comparable_prices", "estimate_input"}, "b": {"comparable_prices"},
        "c": {"comparable_prices", "estimate_input"},
        "d": {"comparable_prices", "qualified_input"}, "e": {"comparable_prices"}}
    assert t.sig_digits.to_dict() == {"a": 2, "b": 3, "c": 2, "d": 2, "e": 2}
    assert t.approximate.all() and (t.calculation == "implied_previous").all()
    assert t.value.to_dict() == pytest.approx({"a": 100.0, "b": 100.0, "c": 100.0,
                                               "d": 1000.0, "e": 100.0})
    assert set(t.period) == {"2022"} and set(t.unit) == {"CNY"} and t.years.isna().all()
    assert t.loc["a", "formula"] == "130亿元 / (1 + 30%)"
    assert t.loc["a", "formula_en"] == "CNY 130 / (1 + 30%)"
    assert t.loc["a", "metric_ids"] == "l1; g1" and t.loc["a", "quotes"] == "l1 in s1 | g1 in s1"


def test_a_growth_from_a_change_is_approximate_only_where_an_input_is():
    m = frame(fig("lt", "gas", "2023", 10, unit="t", stated="10吨"),
              fig("dt", "gas", "2023", 2, unit="t", measure="change", stated="2吨"),
              fig("lc", "oil", "2023", 10, unit="t"),
              fig("dc", "oil", "2023", 2, unit="CNY", measure="change"),  # another unit
              fig("lq", "ore", "2023", 100, unit="t", qualifier="about", stated="约100吨"),
              fig("dq", "ore", "2023", 20, unit="t", measure="change", stated="20吨"))
    t = growth.change_table(m).set_index("indicator")
    assert sorted(t.index) == ["gas", "ore"]
    assert t.value.to_dict() == pytest.approx({"gas": 25.0, "ore": 25.0})  # 2/(10-2), 20/80
    assert t.approximate.to_dict() == {"gas": False, "ore": True}
    assert t.loc["gas", "caveats"] == "" and t.loc["ore", "caveats"] == "qualified_input"
    assert t.loc["gas", "formula"] == "2吨 / (10吨 - 2吨)"
    assert t.loc["gas", "formula_en"] == "2.0 t / (10 t - 2.0 t)"


def test_the_sources_of_a_result_are_every_document_of_both_figures_once():
    m = frame(fig("a20", "gdp", "2020", 100, sources=("s2", "s1")),
              fig("a22", "gdp", "2022", 121, sources=("s1", "s3")))
    r = growth.cagr_table(m).iloc[0]
    assert r.metric_ids == "a20; a22"
    assert r.source_ids.split("; ") == ["s2", "s1", "s3"]  # in the order of the figures
    assert r.quotes.split(" | ") == ["a20 in s2", "a20 in s1", "a22 in s1", "a22 in s3"]


def test_required_growth_from_the_latest_earlier_level():
    m = frame(fig("l20", "gdp", "2020", 50),
              fig("l22", "gdp", "2022", 121, stated="121亿元"),
              fig("l24", "gdp", "2024", 140),  # the target's own year: not a base
              fig("t24", "gdp", "2024", 146.41, status="target", stated="146.41亿元"),
              fig("tn", "emp", "2024", 2000, unit="person", status="target"),
              fig("ln", "emp", "2022", 1000, unit="person"),
              fig("lk", "gdp", "2023", 999, scope="核心区"),  # another scope
              fig("tk", "gdp", "2025", 400, scope="核心区", status="target"),
              fig("lk2", "gdp", "2021", 100, scope="核心区", status="estimate"))
    t = growth.required_growth_table(m).set_index("metric_ids")
    assert sorted(t.index) == ["l22; t24", "lk; tk"]
    r = t.loc["l22; t24"]
    assert r.value == pytest.approx(10.0) and r.years == 2 and r.period == "2022→2024"
    assert r.status == "target" and r.approximate and r.caveats == ""
    assert r.formula == "(146.41亿元 / 121亿元)^(1/2) - 1" and r.sig_digits == 3
    k = t.loc["lk; tk"]
    assert k.value == pytest.approx(((400 / 999) ** (1 / 2) - 1) * 100) and k.years == 2


def test_required_growth_on_another_basis_only_where_the_same_is_missing():
    """The latest year first; within a year the same basis before a comparable one."""
    above, plain = "industrial_value_added_above_scale", "industrial_value_added"
    m = frame(fig("t", above, "2025", 60, status="target"),
              fig("same21", above, "2021", 20),
              fig("plain23", plain, "2023", 30),
              fig("t2", above, "2026", 80, park="q", status="target"),
              fig("same24", above, "2024", 20, park="q"),
              fig("plain24", plain, "2024", 40, park="q"),
              fig("t3", plain, "2026", 80, park="r", status="target"),
              fig("above24", above, "2024", 20, park="r"))  # not comparable this way round
    t = growth.required_growth_table(m).set_index("metric_ids")
    assert sorted(t.index) == ["t2; same24", "t; plain23"]
    r = t.loc["t; plain23"]
    assert r.value == pytest.approx((math.sqrt(2) - 1) * 100) and r.years == 2
    assert codes(r.caveats) == {"basis_differs"} and r.indicator == above
    q = t.loc["t2; same24"]
    assert q.value == pytest.approx(100.0) and q.caveats == ""


def test_a_target_for_a_range_of_years_gives_both_ends():
    """力争2022年至2023年 from a 2020 level: two and three years; a range whose near end
    falls at or before the base gives the far end only."""
    m = frame(fig("t", "gdp", "2023", 200, status="target", period_type="multi_year",
                  start="2022-01-01"),
              fig("l", "gdp", "2020", 100, status="estimate"),
              fig("t2", "gdp", "2023", 300, park="q", status="target",
                  period_type="multi_year", start="2019-01-01"),
              fig("l2", "gdp", "2021", 100, park="q"))
    t = growth.required_growth_table(m)
    p = t[t.park_id == "p"]
    assert p.years.tolist() == [2, 3] and p.period.tolist() == ["2020→2022", "2020→2023"]
    assert p.value.tolist() == pytest.approx([(math.sqrt(2) - 1) * 100,
                                              (2 ** (1 / 3) - 1) * 100])
    assert [codes(c) for c in p.caveats] == [{"target_range", "estimate_input"}] * 2
    assert set(p.status) == {"estimate"}
    q = t[t.park_id == "q"]  # near end 2022 (after the base), far end 2023
    assert q.years.tolist() == [1, 2] and q.value.tolist() == pytest.approx(
        [200.0, (math.sqrt(3) - 1) * 100])


def test_ratios_use_the_count_nearest_in_time_of_the_same_basis():
    m = frame(fig("gdp", "gdp", "2023", 88.7, base=88.7e8, stated="88.7亿元"),
              fig("e1", "employees", "2023-12-01", 1.1, base=11000, unit="person",
                  period_type="as_of", end="2023-12-01", stated="1.1万人"),
              fig("e2", "employees", "2024-01-30", 1.3, base=13000, unit="person",
                  period_type="as_of", end="2024-01-30", stated="1.3万人"),
              fig("e3", "employees", "2023", 9, base=90000, unit="person", status="estimate"),
              fig("e4", "employees", "2023", 5, base=50000, unit="person", scope="核心区"),
              fig("out", "industrial_output_above_scale", "2023", 50, base=50e8),
              fig("n", "industrial_enterprises_above_scale", "2023", 100, unit="enterprise"))
    t = growth.ratio_table(m).set_index("metric_ids")
    assert sorted(t.index) == ["gdp; e1", "out; n"]  # no GDP per above-scale enterprise
    e = t.loc["gdp; e1"]  # 30 days either side: the earlier count
    assert e.value == pytest.approx(88.7e8 / 11000) and e.unit == "CNY per employee"
    assert e.calculation == "ratio per employee" and e.caveats == "periods_differ"
    assert e.approximate and e.sig_digits == 2
    assert e.formula == "88.7亿元 (2023) / 1.1万人 (2023-12-01)"
    assert e.formula_en == "CNY 8.87 billion (2023) / 11,000 person (2023-12-01)"
    n = t.loc["out; n"]
    assert n.value == pytest.approx(5e7) and not n.approximate and n.caveats == ""
    assert n.calculation == "ratio per above-scale industrial enterprise"


# --------------------------------------------------------------- what a reader sees

def test_amounts_read_in_the_units_of_the_reader():
    """Chinese counts money in 万 and 亿, English in millions, billions and trillions; the
    scale follows the rounded number (99,999,999 at two digits is 1.0亿, not 10,000万)."""
    cases = [((8.93e9, "CNY", 3), "89.3 亿元", "CNY 8.93 billion"),
             ((1e8, "CNY", 2), "1.0 亿元", "CNY 100 million"),
             ((99_999_999, "CNY", 2), "1.0 亿元", "CNY 100 million"),
             ((5e4, "CNY", 2), "5.0 万元", "CNY 50,000"),
             ((500, "CNY", 3), "500 元", "CNY 500"),
             ((-2e8, "CNY", 2), "-2.0 亿元", "CNY -200 million"),
             ((1.23e12, "CNY", 3), "12,300 亿元", "CNY 1.23 trillion"),
             ((3e6, "CNY", 2), "300 万元", "CNY 3.0 million"),
             ((1.5e5, "t", 2), "15 万吨", "150,000 t"),
             ((500, "t", 2), "500 吨", "500 t"),
             ((2.5e4, "m3", 2), "2.5 万立方米", "25,000 m3"),
             ((800, "kWh", 2), "800 千瓦时", "800 kWh"),
             ((3.3e5, "m2", 2), "33 万平方米", "330,000 m2"),
             ((1200, "person", 2), "1,200 person", "1,200 person")]
    for (value, unit, digits), zh, en in cases:
        assert growth._amount(value, unit, "zh", digits) == zh, (value, unit)
        assert growth._amount(value, unit, "en", digits) == en, (value, unit)


def test_a_rate_has_no_more_digits_than_its_inputs():
    cases = {(72.545, 2): "73%", (50.53, 2): "51%", (5.2916, 3): "5.3%", (0.7704, 3): "0.77%",
             (0.12345, 4): "0.12%", (0, 3): "0%", (-3.456, 3): "-3.5%", (1234.5, 2): "1,200%",
             (-0.5, 2): "-0.50%", (9.96, 2): "10%", (15.55, 4): "15.6%", (1.0, 3): "1.0%",
             (1.5, 3): "1.5%", (0.999, 3): "1.00%"}
    assert {k: growth._percent(*k) for k in cases} == cases


def test_a_result_is_shown_rounded_in_the_readers_units():
    rows = pd.DataFrame([
        {"value": 12.345, "unit": "%", "sig_digits": 3, "approximate": False},
        {"value": 739166.7, "unit": "CNY per employee", "sig_digits": 2, "approximate": True},
        {"value": 8.93e9, "unit": "CNY", "sig_digits": 3, "approximate": True},
        {"value": 1.5e5, "unit": "t", "sig_digits": None, "approximate": False}])
    shown = {lang: [growth._result_text(r, lang) for r in rows.itertuples()]
             for lang in ("zh", "en")}
    assert shown == {"zh": ["12.3%", "≈74 万元", "≈89.3 亿元", "15 万吨"],
                     "en": ["12.3%", "≈CNY 740,000", "≈CNY 8.93 billion", "150,000 t"]}


def test_describe_says_an_estimate_and_the_caveats_of_a_target():
    m = frame(fig("a20", "gdp", "2020", 100, stated="100亿元"),
              fig("a22", "gdp", "2022", 121, status="estimate", stated="121亿元"))
    r = growth.cagr_between(m, "p", "gdp", "2020", "2022")
    assert str(growth.describe(r, "en")) == (
        "Gdp level of Park P grew about 10% a year from 2020 to 2022 (on estimated figures).")
    assert str(growth.describe(r, "zh")) == "p园gdp指标2020—2022年年均增长约10%（依据含预计数）。"
    above, plain = "industrial_value_added_above_scale", "industrial_value_added"
    t = growth.required_growth_table(frame(
        fig("t", above, "2025", 60, status="target", stated="60亿元"),
        fig("l", plain, "2023", 30, status="estimate", stated="30亿元")))
    en = str(growth.describe(t, "en"))
    assert en.startswith("From the 2023 level, reaching the industrial\\_value\\_added\\_above"
                         "\\_scale level target in 2 years needs about 41% a year. Caveat: ")
    assert en.endswith("; it rests on an estimate, so it is an estimate too.")
    assert "different bases" in en


def test_describe_gives_both_ends_of_a_range_the_faster_first():
    t = growth.required_growth_table(frame(
        fig("t", "gdp", "2023", 200, status="target", period_type="multi_year",
            start="2022-01-01", stated="200亿元"),
        fig("l", "gdp", "2020", 100, stated="100亿元")))
    assert str(growth.describe(t, "en")) == (
        "From the 2020 level, reaching the gdp level target needs about 41% a year if it is "
        "reached in 2 years, 26% in 3 (the documents give a range of years).")
    assert str(growth.describe(t, "zh")) == (
        "以2020年的水平计，要实现gdp指标目标，2年内实现每年需增长约41%，3年内实现每年约26%"
        "（文件给出的期限是一个区间）。")


def test_describe_counts_what_it_cannot_say_in_a_sentence():
    t = growth.implied_previous_table(frame(
        fig("l", "a", "2023", 130), fig("g", "a", "2023", 30, unit="%", measure="yoy_growth")))
    assert str(growth.describe(t, "en")) == "1 derived figure is computed; see the table."
    assert str(growth.describe(pd.concat([t, t]), "en")) == (
        "2 derived figures are computed; see the table.")
    four = growth.cagr_table(frame(*[f for k in "abcd" for f in (
        fig(f"{k}1", k, "2020", 100), fig(f"{k}2", k, "2021", 110))]))
    assert len(four) == 4
    assert str(growth.describe(four, "en")).count("grew") == 3  # at most three sentences


def test_present_says_status_caveats_and_calculation_in_words():
    m = frame(fig("gdp", "gdp", "2023", 88.7, base=88.7e8, stated="88.7亿元"),
              fig("e1", "employees", "2022", 1.2, base=12000, unit="person", stated="1.2万人"),
              fig("n", "industrial_enterprises_above_scale", "2023", 100, unit="enterprise"),
              fig("out", "industrial_output_above_scale", "2023", 50, base=50e8),
              fig("x1", "gdp", "2020", 60, base=60e8, stated="60亿元"),
              fig("x0", "gdp", "2020", 61, base=61e8, qualifier="about", stated="约61亿元"))
    results = growth.all_results(m)
    en = growth.present(results, "en").set_index("Calculation")
    assert sorted(en.index) == ["compound annual growth", "per employee",
                                "per industrial enterprise above designated size"]
    cagr = en.loc["compound annual growth"]
    assert cagr["Caveats"].startswith("other figures for the same period were not used: x0 ")
    assert cagr["Basis"] == "actual" and cagr["Period"] == "2020–2023"
    assert cagr["Result"] == "14%"  # (88.7 / 60)^(1/3) - 1 = 13.9%, two digits (60亿元)
    zh = growth.present(results, "zh").set_index("计算")
    assert sorted(zh.index) == ["人均（每名从业人员）", "年均复合增长率", "每家规上工业企业平均"]
    assert zh.loc["人均（每名从业人员）", "注意"] == "分子与分母的时期不同"
    assert zh.loc["年均复合增长率", "依据"] == "实际数"


def test_a_name_or_label_nobody_translated_is_still_shown():
    """Where a figure has no English label or subject name, an English sentence names it as
    the documents do (display.localized's rule), never 'nan' nor a crash."""
    m = frame(fig("a20", "gdp", "2020", 100), fig("a22", "gdp", "2022", 121))
    m["label_zh"], m["label_en"], m["subject_name_en"] = "地区生产总值", None, ""
    r = growth.cagr_between(m, "p", "gdp", "2020", "2022")
    assert growth._label(r.iloc[0], "en") == "地区生产总值"
    assert str(growth.describe(r, "en")) == "地区生产总值 of p园 grew 10% a year from 2020 to 2022."


def test_a_unit_from_the_data_is_shown_as_text_never_as_a_template():
    assert growth._amount(5, "{n.__class__}", "en", 2) == "5.0 {n.__class__}"
    assert growth._amount(5, "{0}", "zh", 2) == "5.0 {0}"


def test_error_messages_say_what_was_wrong_and_nothing_else():
    for call, message in ((lambda: growth.cagr(1, 2, -2), "years must be positive, got -2"),
                          (lambda: growth.cagr(0, 2, 1), "levels must be positive, got 0 and 2"),
                          (lambda: growth.cagr(1, -1, 1), "levels must be positive, got 1 and -1")):
        with pytest.raises(ValueError) as e:
            call()
        assert str(e.value) == message


def test_cagr_between_takes_the_subject_and_scope_asked_for():
    m = frame(fig("p20", "gdp", "2020", 100), fig("p22", "gdp", "2022", 121),
              fig("e20", "gdp", "2020", 10, subject="firm"),
              fig("e22", "gdp", "2022", 40, subject="firm"),
              fig("k20", "gdp", "2020", 1, scope="核心区"), fig("k22", "gdp", "2022", 4, scope="核心区"))
    between = lambda **kw: growth.cagr_between(m, "p", "gdp", "2020", "2022", **kw).iloc[0]
    assert between().value == pytest.approx(10.0)
    assert between(scope="").metric_ids == "p20; p22"  # no scope, as None
    assert between(subject="firm").value == pytest.approx(100.0)  # 10 → 40 in two years
    assert between(scope="核心区").value == pytest.approx(100.0)
    with pytest.raises(ValueError) as e:
        growth.cagr_between(m, "p", "output", "2020", "2022")
    assert str(e.value) == ("p/output: need levels for 2020 and 2022; stated periods: none")


def test_tables_without_results_have_the_result_columns():
    m = frame(fig("a", "gdp", "2020", 100), fig("t", "emp", "2024", 9, unit="person",
                                                status="target"))
    for table in (growth.cagr_table, growth.implied_previous_table, growth.change_table,
                  growth.required_growth_table, growth.all_results):
        for figures in (m, m.iloc[:0]):
            out = table(figures)
            assert out.empty and list(out.columns) == growth.RESULT_COLUMNS, table.__name__


def test_a_period_is_unstated_for_each_kind_that_says_so():
    rows = pd.DataFrame({"period_stated": ["2023年", "全年", "近年", "今年", "2022年"],
                         "period_type": ["year", "unstated", "not_stated", "unknown", None]})
    assert growth.period_label(rows, "zh").tolist() == ["2023年", "未披露", "未披露", "未披露",
                                                        "2022年"]
    # without the kind of period, only a blank one is unstated
    plain = rows.drop(columns="period_type").assign(period_stated=["2023年", " ", None, "x", ""])
    assert growth.period_label(plain, "en").tolist() == ["2023年", "not stated", "not stated",
                                                         "x", "not stated"]


def test_stated_growth_keeps_every_column_of_the_figures():
    rows = pd.DataFrame({"metric_id": ["g", "g", "h"], "measure": ["yoy_growth"] * 3,
                         "source_id": ["s1", "s2", "s1"], "stated": ["5%", "5%", "6%"]})
    out = growth.stated_growth(rows)
    assert list(out.columns) == list(rows.columns) and out.stated.tolist() == ["5%", "6%"]


def test_describe_and_present_speak_chinese_unless_told_otherwise():
    t = growth.cagr_table(frame(fig("a1", "gdp", "2020", 100), fig("a2", "gdp", "2021", 110)))
    assert str(growth.describe(t)) == str(growth.describe(t, "zh")) == (
        "p园gdp指标2020—2021年年均增长10%。")
    assert growth.present(t).equals(growth.present(t, "zh"))
    assert list(growth.present(t))[0] == "对象"


def test_describe_reads_the_targets_in_the_order_of_the_table():
    """Two targets whose ids sort the other way round from the table's rows."""
    t = growth.required_growth_table(frame(
        fig("z_target", "gdp", "2022", 121, status="target"), fig("z_level", "gdp", "2020", 100),
        fig("a_target", "tax", "2022", 144, status="target"), fig("a_level", "tax", "2020", 100)))
    assert t.indicator.tolist() == ["gdp", "tax"]
    en = str(growth.describe(t, "en"))
    assert en.index("gdp level target") < en.index("tax level target")
    assert "needs about 10% a year" in en and "needs about 20% a year" in en


def test_a_figure_stated_by_two_documents_is_not_its_own_alternative():
    m = frame(fig("l", "gas", "2023", 10, unit="t", sources=("s1", "s2")),
              fig("d", "gas", "2023", 2, unit="t", measure="change", sources=("s1", "s2")),
              fig("o", "oil", "2023", 130, sources=("s1", "s2")),
              fig("g", "oil", "2023", 30, unit="%", measure="yoy_growth", sources=("s2", "s1")))
    for t in (growth.change_table(m), growth.implied_previous_table(m)):
        assert len(t) == 1 and t.alternatives.tolist() == [""] and t.caveats.tolist() != []
        assert "alternatives" not in t.caveats.iloc[0]
    change = growth.change_table(m).iloc[0]
    assert change.unit == "%" and change.source_ids == "s1; s2"


def test_a_rival_figure_without_a_scope_is_named():
    m = frame(fig("l", "gas", "2023", 10, unit="t"),
              fig("l2", "gas", "2023", 12, unit="t", qualifier="about"),
              fig("d", "gas", "2023", 2, unit="t", measure="change"),
              fig("g", "gas", "2023", 25, unit="%", measure="yoy_growth"))
    for t in (growth.change_table(m), growth.implied_previous_table(m)):
        assert t.alternatives.tolist() == ["l2"] and "alternatives" in codes(t.caveats.iloc[0])
    assert growth.change_table(m).value.tolist() == pytest.approx([25.0])  # from 10 t, not 12


def test_all_results_is_one_tidy_table_in_park_order():
    m = frame(fig("q1", "gdp", "2019", 100, park="q"), fig("q2", "gdp", "2020", 121, park="q"),
              fig("p1", "gdp", "2020", 100), fig("p2", "gdp", "2021", 110),
              fig("pt", "gdp", "2023", 133.1, status="target"))
    r = growth.all_results(m)
    assert r.index.tolist() == list(range(len(r)))
    t = growth.cagr_table(m)
    assert t.park_id.tolist() == ["p", "q"]  # by park, whatever the years
    # sentences of a reading, one space apart
    assert str(growth.describe(r[r.park_id == "p"], "en")) == (
        "Gdp level of Park P grew 10% a year from 2020 to 2021. From the 2021 level, reaching "
        "the gdp level target in 2 years needs about 10% a year.")


def test_a_target_is_never_the_base_of_another_target():
    m = frame(fig("l20", "gdp", "2020", 50),
              fig("t22", "gdp", "2022", 100, status="target"),
              fig("t24", "gdp", "2024", 121, status="target"))
    t = growth.required_growth_table(m).set_index("metric_ids")
    assert sorted(t.index) == ["l20; t22", "l20; t24"]
    assert t.loc["l20; t24", "value"] == pytest.approx(((121 / 50) ** (1 / 4) - 1) * 100)


def test_a_required_range_stated_by_more_than_two_rows_names_its_extremes():
    """A target range whose rows are more than its two ends (a range stated by several
    figures) is still one sentence, with the fastest and the slowest growth required."""
    import pandas as pd

    import parklens as pl
    from parklens import growth

    req = growth.required_growth_table(pl.load().metrics)
    two = req[req.metric_ids == req.metric_ids.iloc[0]]
    assert len(two) == 2
    middle = two.iloc[[0]].assign(years=two.years.mean(), value=two.value.mean())
    three = pd.concat([two, middle], ignore_index=True)
    assert str(growth.describe(three, "en")) == str(growth.describe(two, "en"))
