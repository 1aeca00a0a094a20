"""Growth metrics on the bundled data and on plain numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from parklens import growth


def test_formulas():
    assert growth.cagr(100, 121, 2) == pytest.approx(10.0)
    assert growth.required_growth(50, 100, 1) == pytest.approx(100.0)
    assert growth.implied_previous(118.7, 18.7) == pytest.approx(100.0)
    assert growth.contribution(20, 30, 100, 120) == (50.0, 10.0)
    with pytest.raises(ValueError, match="years must be positive"):
        growth.cagr(1, 2, 0)
    with pytest.raises(ValueError, match="levels must be positive"):
        growth.cagr(0, 2, 1)


def test_gdp_cagr_of_guanzhuang_2020_2023(ds):
    r = growth.cagr_between(ds.metrics, "guanzhuang", "gdp", "2020", "2023").iloc[0]
    assert r.value == pytest.approx(((88.7 / 76) ** (1 / 3) - 1) * 100)
    assert r.unit == "%" and not r.approximate
    assert set(r.metric_ids.split("; ")) == {"gz_gdp_2020", "gz_gdp_2023"}
    assert "76亿元" in r.quotes and "88.7亿元" in r.quotes
    assert r.source_ids == "s000"


def test_cagr_between_names_the_periods_it_has(ds):
    with pytest.raises(ValueError, match="stated periods: 2020, 2023"):
        growth.cagr_between(ds.metrics, "guanzhuang", "gdp", "2019", "2023")


def test_implied_previous_levels_are_approximate(ds):
    t = growth.implied_previous_table(ds.metrics)
    row = t[(t.park_id == "puyang") & (t.indicator == "industrial_output_above_scale")].iloc[0]
    assert row.value == pytest.approx(106e8 / 1.187)
    assert row.period == "2018" and row.approximate
    assert "106亿元" in row.quotes and "18.7%" in row.quotes


def test_growth_from_a_stated_change(ds):
    t = growth.change_table(ds.metrics)
    row = t[t.subject == "henan_oilfield"].iloc[0]
    assert row.value == pytest.approx(6495 / (849900 - 6495) * 100)


def test_required_growth_flags_a_different_basis(ds):
    t = growth.required_growth_table(ds.metrics)
    row = t[t.park_id == "puyang"].iloc[-1]
    assert row.value == pytest.approx(((150 / 29.2) ** (1 / 4) - 1) * 100)
    assert "basis_differs" in row.caveats.split("; ") and row.approximate
    assert "basis" not in row.formula  # the caveat is a code, said in words by present()


def test_a_target_range_gives_both_ends(ds):
    """力争通过2至3年努力 (written 2020) → 2022 or 2023, from the 2019 level of 29.2亿元."""
    t = growth.required_growth_table(ds.metrics)
    rows = t[t.park_id == "puyang"].sort_values("years")
    assert rows.years.tolist() == [3, 4]
    assert rows.value.tolist() == pytest.approx([((150 / 29.2) ** (1 / 3) - 1) * 100,
                                                 ((150 / 29.2) ** (1 / 4) - 1) * 100])
    assert all("target_range" in c for c in rows.caveats)
    # 29.2亿元 is 预计 (the 预计 of its sentence governs it): a target on an estimate
    assert all("estimate_input" in c for c in rows.caveats)
    assert set(rows.status) == {"estimate"}


def test_the_required_growth_headline_carries_its_caveats(ds):
    results = growth.all_results(ds.metrics[ds.metrics.park_id == "puyang"])
    # 29.2 has three digits, 150 two: 72.5% and 50.5% are shown as 73% and 51%
    zh = growth.describe(results, "zh")
    assert "73%" in zh and "51%" in zh and "口径不同" in zh
    assert "50.5" not in zh
    en = growth.describe(results, "en")
    assert "73%" in en and "51%" in en and "different bases" in en


def test_an_estimate_in_gives_an_estimate_out(ds):
    """106亿元 is 预计 (an estimate): 106亿 / 1.187 = 89.30亿, three digits, an estimate."""
    t = growth.implied_previous_table(ds.metrics)
    row = t[t.indicator == "industrial_output_above_scale"]
    assert row.status.tolist() == ["estimate"] and "estimate_input" in row.caveats.iloc[0]
    zh, en = growth.present(row, "zh").iloc[0], growth.present(row, "en").iloc[0]
    assert zh["结果"] == "≈89.3 亿元" and zh["依据"] == "估计" and "预计" in zh["注意"]
    assert en["Result"] == "≈CNY 8.93 billion" and en["Basis"] == "estimate"
    # 预计全年实现工业增加值29.2亿元、增长30%: both estimates, and so is what they imply
    both = t[t.indicator == "industrial_value_added"]
    assert both.status.tolist() == ["estimate"]


def test_no_ratio_over_a_count_of_another_basis(ds):
    t = growth.ratio_table(ds.metrics)
    pairs = {tuple(sorted(ids.split("; "))) for ids in t.metric_ids}
    # 官庄: GDP over its employees only; GDP per above-scale enterprise is not computed
    assert pairs == {("gz_employees", "gz_gdp_2023")}
    assert not t.calculation.str.contains("above-scale enterprise$").any()


def test_present_rounds_to_what_the_inputs_carry(ds):
    t = growth.ratio_table(ds.metrics)
    # 88.7亿元 / 1.2万人 = 739,166.7 元: two significant digits (1.2万), periods differ
    zh, en = growth.present(t, "zh").iloc[0], growth.present(t, "en").iloc[0]
    assert zh["结果"] == "≈74 万元" and "时期不同" in zh["注意"]
    assert en["Result"] == "≈CNY 740,000"


def test_present_shows_no_code_names(ds):
    import re

    results = growth.all_results(ds.metrics)
    for lang in ("zh", "en"):
        shown = growth.present(results, lang)
        assert not set(shown.columns) & set(results.columns)  # headers for people
        cells = " ".join(shown.astype(str).to_numpy().ravel())
        for code in ("True", "False", "required_growth", "implied_previous",
                     "basis_differs", "estimate_input"):
            assert code not in cells, (lang, code)
        assert not re.search(r"\bnan\b", cells)
    en = growth.present(results, "en").drop(columns=["Sources"])
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(en.astype(str).to_numpy().ravel()))


def _gdp_rows(ds):
    return ds.metrics[ds.metrics.metric_id.isin(["gz_gdp_2020", "gz_gdp_2023"])]


def test_cagr_between_chooses_among_candidates_by_a_rule(ds):
    """A second 2023 GDP figure, an estimate of 100亿元, placed first: the actual 88.7亿元
    is used whatever the order of the rows, and the other is named."""
    gdp = _gdp_rows(ds)
    other = gdp[gdp.metric_id == "gz_gdp_2023"].assign(
        metric_id="aa_gdp_2023_estimate", status="estimate", value=100.0, value_base=100e8,
        stated="100亿元")
    for metrics in (pd.concat([other, gdp]), pd.concat([gdp, other])):
        r = growth.cagr_between(metrics, "guanzhuang", "gdp", "2020", "2023").iloc[0]
        assert r.value == pytest.approx(((88.7 / 76) ** (1 / 3) - 1) * 100)
        assert r.alternatives == "aa_gdp_2023_estimate" and "alternatives" in r.caveats
        assert r.status == "actual"


def test_implied_previous_uses_one_level_and_names_the_other(ds):
    """Puyang's 2019 工业增加值 29.2亿元 and growth 30%; a second 2019 level, 约31亿元
    (qualified, its id sorting first) is not used: 29.2亿 / 1.3, one row, the other named."""
    m = ds.metrics
    level = m[m.metric_id == "py_value_added_2019"]
    assert level.qualifier.tolist() == ["exact"]
    other = level.assign(metric_id="aa_value_added_2019_about", qualifier="about",
                         value=31.0, value_base=31e8, stated="约31亿元")
    t = growth.implied_previous_table(pd.concat([other, m]))
    row = t[t.indicator == "industrial_value_added"]
    assert len(row) == 1 and row.value.iloc[0] == pytest.approx(29.2e8 / 1.3)
    assert row.alternatives.iloc[0] == "aa_value_added_2019_about"
    assert row.status.iloc[0] == level.status.iloc[0]


def test_cagr_between_keeps_to_one_scope(ds):
    gdp = _gdp_rows(ds)
    scoped = gdp[gdp.metric_id == "gz_gdp_2023"].assign(
        metric_id="aa_gdp_2023_core", scope="核心区", value_base=10e8, stated="10亿元")
    metrics = pd.concat([scoped, gdp])
    r = growth.cagr_between(metrics, "guanzhuang", "gdp", "2020", "2023").iloc[0]
    assert r.value == pytest.approx(((88.7 / 76) ** (1 / 3) - 1) * 100)
    with pytest.raises(ValueError, match="stated periods: 2023"):
        growth.cagr_between(metrics, "guanzhuang", "gdp", "2020", "2023", scope="核心区")


def test_a_period_the_document_does_not_give_is_not_stated():
    rows = pd.DataFrame({"period_stated": ["2023年", None, ""],
                         "period_type": ["year", "unstated", None]})
    assert growth.period_label(rows, "zh").tolist() == ["2023年", "未披露", "未披露"]
    assert growth.period_label(rows, "en").tolist()[1:] == ["not stated", "not stated"]


def test_ratios_per_employee(ds):
    t = growth.ratio_table(ds.metrics)
    row = t[(t.park_id == "guanzhuang") & (t.calculation == "ratio per employee")].iloc[0]
    assert row.value == pytest.approx(88.7e8 / 12000)
    assert row.approximate  # GDP of 2023 over employees as of December 2024


def test_every_result_carries_its_sources(ds):
    results = growth.all_results(ds.metrics)
    assert len(results) >= 5
    ids = set(ds.metrics.metric_id)
    for r in results.itertuples():
        assert set(r.metric_ids.split("; ")) <= ids and r.quotes


def test_describe_reads_the_results(ds):
    results = growth.all_results(ds.metrics[ds.metrics.park_id == "guanzhuang"])
    assert "年均增长5.3%" in growth.describe(results, "zh")
    assert "5.3% a year from 2020 to 2023" in growth.describe(results, "en")
    assert "no figures" in growth.describe(growth.all_results(ds.metrics.iloc[:0]), "en")


def test_result_periods_read_as_a_reader_writes_them():
    """Period codes of results, worked out by hand: a span of years with an en dash, a span
    of months as 年…月 (an em dash between months) or month names, other codes as they are."""
    cases = {"2020/2023": ("2020–2023", "2020–2023"),
             "2024-01/2024-09": ("2024年1—9月", "Jan–Sep 2024"),
             "2023-11/2024-02": ("2023年11月—2024年2月", "Nov 2023–Feb 2024"),
             "2024-03/2024-12": ("2024年3—12月", "Mar–Dec 2024"),
             "2019→2023": ("2019→2023", "2019→2023"), "2018": ("2018", "2018")}
    for code, (zh, en) in cases.items():
        assert (growth._period_text(code, "zh"), growth._period_text(code, "en")) == (zh, en)


def test_stated_growth_is_one_row_per_stated_rate():
    rows = pd.DataFrame({
        "metric_id": ["lvl", "yoy", "yoy", "avg", "chg"],
        "measure": ["level", "yoy_growth", "yoy_growth", "avg_annual_growth", "change"],
        "source_id": ["s1", "s1", "s2", "s1", "s1"]}, index=[10, 11, 12, 13, 14])
    out = growth.stated_growth(rows)
    assert out.metric_id.tolist() == ["yoy", "avg"] and out.index.tolist() == [0, 1]
    assert out.source_id.tolist() == ["s1", "s1"]  # the first document of a rate


def test_an_english_label_is_capitalised_only_where_it_starts_a_sentence():
    r = pd.Series({"label_zh": "工业总产值", "label_en": "gross industrial output"})
    assert growth._opening(growth._label(r, "en"), "en") == "Gross industrial output"
    assert growth._label(r, "en") == "gross industrial output"
    assert growth._opening(growth._label(r, "zh"), "zh") == growth._label(r, "zh") == "工业总产值"
    assert growth._opening("iPhone产量", "zh") == "iPhone产量"  # no capitals in Chinese


def test_a_period_in_english_where_the_dataset_has_one():
    rows = pd.DataFrame({"period_stated": ["2023年", "2024年前三季度", "  ", "2022年"],
                         "period_en": ["2023", "Jan–Sep 2024", "  ", "2022"],
                         "period_type": ["year", "ytd", "year", "not_stated"]})
    assert growth.period_label(rows, "zh").tolist() == ["2023年", "2024年前三季度", "未披露",
                                                        "未披露"]
    assert growth.period_label(rows, "en").tolist() == ["2023", "Jan–Sep 2024", "not stated",
                                                        "not stated"]
    # without an English column, the period as stated
    assert growth.period_label(rows.drop(columns="period_en"), "en").tolist()[:2] == [
        "2023年", "2024年前三季度"]


def test_growth_of_whole_columns_follows_the_formula():
    """((end / start) ** (1 / years) - 1) × 100 for each row, worked out by hand; a fall to
    nothing is -100%, and a span without years or a level at or below zero is refused."""
    rates = growth._growth_rate([100, 50, 80], [121, 100, 0], [2, 1, 4])
    assert rates.tolist() == pytest.approx([10.0, 100.0, -100.0])
    for args, message in ((([1, 1], [2, 2], [1, 0]), "years must be positive, got 0$"),
                          (([1, 0], [2, 2], [1, 1]), r"levels must be positive, got 0\.0 and 2\.0"),
                          (([1, 1], [2, -1], [1, 1]), r"levels must be positive, got 1\.0 and -1\.0")):
        with pytest.raises(ValueError, match=message):
            growth._growth_rate(*args)
