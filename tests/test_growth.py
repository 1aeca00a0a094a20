"""Growth metrics on the bundled data and on plain numbers."""

from __future__ import annotations

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
    row = t[t.park_id == "puyang"].iloc[0]
    assert row.value == pytest.approx(((150 / 29.2) ** (1 / 4) - 1) * 100)
    assert "basis differs" in row.formula and row.approximate


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
