"""The vectorised growth tables and output shares give what the row-by-row versions gave.

``growth.all_results`` and ``structure.output_shares`` were quadratic (a mask of the whole
metrics frame per result row, an index built per row): 3.3 s at 100 parks, 15–27 s at 400.
Their rewrites are checked here against the old code, kept below as the oracle only, on the
bundled data and on 50 synthetic parks; and against answers worked out by hand on a small
frame built here.
"""

from __future__ import annotations

import pandas as pd
import pytest

import parklens as pl
from parklens import growth, structure
from synthetic import make_parks

# --------------------------------------------------------------- the oracle: the old code


def _old_cagr_table(metrics):
    lv = growth._levels(metrics)
    lv = lv[(lv.period_type == "year") & (lv.status == "actual")]
    rows = []
    for (park, subject, ind, scope), g in lv.fillna({"scope": ""}).groupby(
            ["park_id", "subject", "indicator", "scope"]):
        g = g.sort_values("year").drop_duplicates("year")
        if len(g) < 2:
            continue
        rows.append(growth.cagr_between(metrics[(metrics.scope.fillna("") == scope)], park, ind,
                                        g.period.iloc[0], g.period.iloc[-1], subject=subject))
    return pd.concat(rows, ignore_index=True) if rows else growth._frame([])


def _old_implied_previous_table(metrics):
    rows = []
    for r in growth._level_growth_pairs(metrics).itertuples():
        prev = growth.implied_previous(r.value_base, r.value_base_g)
        src = metrics[metrics.metric_id.isin([r.metric_id, r.metric_id_g])]
        first = metrics[metrics.metric_id == r.metric_id].iloc[0]
        rows.append(growth._result(first, src, calculation="implied_previous",
                                   period=f"{r.year - 1}", value=prev, unit=r.unit_base,
                                   approximate=True, formula=f"{r.stated} / (1 + {r.stated_g})"))
    return growth._frame(rows)


def _old_change_table(metrics):
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    keys = ["park_id", "subject", "indicator", "scope", "period"]
    pairs = m[(m.measure == "level") & m.value_base.notna()].merge(
        m[(m.measure == "change") & m.value_base.notna()], on=keys, suffixes=("", "_c"))
    pairs = pairs[pairs.unit_base == pairs.unit_base_c]
    rows = []
    for r in pairs.itertuples():
        prev = r.value_base - r.value_base_c
        src = metrics[metrics.metric_id.isin([r.metric_id, r.metric_id_c])]
        first = metrics[metrics.metric_id == r.metric_id].iloc[0]
        rows.append(growth._result(first, src, calculation="yoy_from_change", period=r.period,
                                   value=r.value_base_c / prev * 100, unit="%", approximate=False,
                                   formula=f"{r.stated_c} / ({r.stated} - {r.stated_c})"))
    return growth._frame(rows)


def _old_required_growth_table(metrics):
    m = metrics.drop_duplicates("metric_id")
    targets = m[(m.status == "target") & (m.measure == "level") & m.value_base.notna() &
                m.unit_base.isin(growth.GROWTH_UNITS)]
    actual = m[(m.status != "target") & (m.measure == "level") & m.value_base.notna()]
    rows = []
    for t in targets.itertuples():
        bases = (t.indicator,) + growth.COMPARABLE_BASES.get(t.indicator, ())
        cand = actual[(actual.park_id == t.park_id) & (actual.subject == t.subject) &
                      actual.indicator.isin(bases) & (actual.unit_base == t.unit_base) &
                      (actual.year < t.year) &
                      (actual.scope.fillna("") == ("" if pd.isna(t.scope) else t.scope))]
        if cand.empty:
            continue
        base = cand.sort_values("year").iloc[-1]
        years = t.year - base.year
        value = growth.required_growth(base.value_base, t.value_base, years)
        src = metrics[metrics.metric_id.isin([t.metric_id, base.metric_id])]
        note = "" if base.indicator == t.indicator else \
            f" [basis differs: target {t.indicator}, level {base.indicator}]"
        first = metrics[metrics.metric_id == t.metric_id].iloc[0]
        rows.append(growth._result(first, src, calculation="required_growth",
                                   period=f"{base.period}→{t.period}", value=value, unit="%",
                                   approximate=True,
                                   formula=f"({t.stated} / {base.stated})^(1/{years}) - 1{note}"))
    return growth._frame(rows)


def _old_ratio_table(metrics):
    m = growth._levels(metrics)
    m = m[m.status == "actual"]
    rows = []
    for park, g in m[m.subject == m.park_id].groupby("park_id"):
        nums = g[g.indicator.isin(growth._RATIO_NUMERATORS) & (g.unit_base == "CNY") &
                 g.scope.isna()]
        nums = nums.sort_values("period_end").drop_duplicates("indicator", keep="last")
        for den_ind, per in growth._RATIO_DENOMINATORS.items():
            dens = g[(g.indicator == den_ind) & g.scope.isna()]
            if dens.empty:
                continue
            for n in nums.itertuples():
                d = dens.iloc[(dens.period_end - n.period_end).abs().argsort()].iloc[0]
                src = metrics[metrics.metric_id.isin([n.metric_id, d.metric_id])]
                first = metrics[metrics.metric_id == n.metric_id].iloc[0]
                rows.append(growth._result(
                    first, src, calculation=f"ratio {per}", period=n.period,
                    value=n.value_base / d.value_base, unit=f"CNY {per}",
                    approximate=bool(n.period != d.period or d.qualifier != "exact"),
                    formula=f"{n.stated} ({n.period}) / {d.stated} ({d.period})"))
    return growth._frame(rows)


def _old_all_results(metrics):
    parts = [f(metrics) for f in (_old_cagr_table, _old_implied_previous_table, _old_change_table,
                                  _old_required_growth_table, _old_ratio_table)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else growth._frame([])


def _old_output_shares(ds):
    m = ds.metrics
    out = m[(m.subject_type == "industry") & (m.indicator == "output_value") &
            (m.measure == "level") & (m.status == "actual") & m.value_base.notna()]
    out = out.drop_duplicates(["park_id", "subject"])
    rows = []
    for park, g in out.groupby("park_id"):
        g = g[g.period == g.period.mode().iloc[0]]
        total = g.value_base.sum()
        shares = g.value_base / total
        hhi = float((shares ** 2).sum() * 10_000)
        for (_, r), s in zip(g.iterrows(), shares):
            rows.append({"park_id": park, "industry": r.subject, "label_zh": r.subject_name,
                         "label_en": ds.industries.set_index(["park_id", "industry"]).loc[
                             (park, r.subject), "label_en"],
                         "stated": r.stated, "period": r.period, "value_base": r.value_base,
                         "share_pct": s * 100, "hhi": hhi, "n_parts": len(g),
                         "approximate": r.qualifier != "exact", "source_id": r.source_id,
                         "quote": r.quote})
    return pd.DataFrame(rows, columns=["park_id", "industry", "label_zh", "label_en", "stated",
                                       "period", "value_base", "share_pct", "hhi", "n_parts",
                                       "approximate", "source_id", "quote"])


# --------------------------------------------------------------- the comparisons

TABLES = [(growth.cagr_table, _old_cagr_table),
          (growth.implied_previous_table, _old_implied_previous_table),
          (growth.change_table, _old_change_table),
          (growth.required_growth_table, _old_required_growth_table),
          (growth.ratio_table, _old_ratio_table),
          (growth.all_results, _old_all_results)]


def same(new: pd.DataFrame, old: pd.DataFrame):
    """Equal row for row and column for column (values, not dtypes: the old frames were
    built from lists of dicts); sums may differ in the last bits of a float."""
    assert list(new.columns) == list(old.columns)
    assert len(new) == len(old)
    pd.testing.assert_frame_equal(new.reset_index(drop=True).astype(object),
                                  old.reset_index(drop=True).astype(object),
                                  check_exact=False, rtol=1e-12)


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> pl.Dataset:
    data = make_parks(tmp_path_factory.mktemp("synth") / "parks", n=50, seed=50)
    return pl.load(data, cache=False)


@pytest.mark.parametrize("new, old", TABLES, ids=lambda f: f.__name__)
def test_growth_tables_unchanged_on_the_bundled_data(ds, new, old):
    expected = old(ds.metrics)
    assert len(expected) or new is growth.change_table  # the data exercise every table
    same(new(ds.metrics), expected)


@pytest.mark.parametrize("new, old", TABLES, ids=lambda f: f.__name__)
def test_growth_tables_unchanged_on_50_synthetic_parks(synth, new, old):
    expected = old(synth.metrics)
    assert expected.park_id.nunique() >= 5 or new is growth.change_table  # several parks
    same(new(synth.metrics), expected)


def test_output_shares_unchanged(ds, synth):
    for data in (ds, synth):
        expected = _old_output_shares(data)
        assert expected.park_id.nunique() >= 1
        same(structure.output_shares(data), expected)


def test_growth_tables_of_empty_figures_are_empty(ds):
    for new, _ in TABLES:
        out = new(ds.metrics.iloc[:0])
        assert out.empty and list(out.columns) == growth.RESULT_COLUMNS
    shares = structure.output_shares(ds.__class__(**{**ds.__dict__, "metrics": ds.metrics.iloc[:0]}))
    assert shares.empty and list(shares.columns) == list(_old_output_shares(ds).columns)


# --------------------------------------------------------------- answers worked out by hand

def _figure(metric_id, park, indicator, period, value, unit="CNY", measure="level",
            status="actual", stated=None, qualifier="exact", scope=None, sources=("s1",)):
    year = int(period[:4])
    return [{"metric_id": metric_id, "park_id": park, "subject": park, "subject_type": "park",
             "subject_name": park.upper(), "subject_name_en": park.title(),
             "indicator": indicator, "label_zh": indicator, "label_en": indicator,
             "measure": measure, "scope": scope, "period": period,
             "period_type": "year", "year": year,
             "period_end": pd.Timestamp(f"{year}-12-31"), "value_base": float(value),
             "unit_base": unit, "status": status, "qualifier": qualifier,
             "stated": stated or f"{value}", "source_id": f"{park}_{s}",
             "quote": f"{metric_id} in {s}"} for s in sources]


def _hand_frame() -> pd.DataFrame:
    rows = []
    # park a: GDP 100 (2020) → 121 (2022), cited twice; output 130 with growth 30%;
    # a target of 146.41 for 2024 from the 2022 level
    rows += _figure("a_gdp20", "a", "gdp", "2020", 100, stated="100元", sources=("s1", "s2"))
    rows += _figure("a_gdp22", "a", "gdp", "2022", 121, stated="121元")
    rows += _figure("a_out", "a", "industrial_output", "2022", 130, stated="130元")
    rows += _figure("a_out_g", "a", "industrial_output", "2022", 30, unit="%",
                    measure="yoy_growth", stated="30%")
    rows += _figure("a_gdp_t", "a", "gdp", "2024", 146.41, status="target", stated="146.41元")
    # employees: 800 in 2019 (stated first, further in time) and 1,000+ in 2022
    rows += _figure("a_emp19", "a", "employees", "2019", 800, unit="person", stated="800人")
    rows += _figure("a_emp", "a", "employees", "2022", 1000, unit="person", stated="1000人",
                    qualifier="more_than")
    # park b: GDP 200 (2021) → 250 (2022); 10 t output with a stated change of +2 t
    rows += _figure("b_gdp21", "b", "gdp", "2021", 200, stated="200元")
    rows += _figure("b_gdp22", "b", "gdp", "2022", 250, stated="250元")
    rows += _figure("b_t", "b", "natural_gas_output", "2022", 10, unit="t", stated="10吨")
    rows += _figure("b_dt", "b", "natural_gas_output", "2022", 2, unit="t", measure="change",
                    stated="2吨")
    return pd.DataFrame(rows)


def test_growth_tables_by_hand():
    m = _hand_frame()
    r = growth.all_results(m).set_index(["park_id", "calculation", "indicator"])
    cagr = r.loc[("a", "cagr", "gdp")]
    assert cagr.value == pytest.approx(10.0)  # (121/100)^(1/2) - 1
    assert cagr.metric_ids == "a_gdp20; a_gdp22" and cagr.source_ids == "a_s1; a_s2"
    assert cagr.quotes == "a_gdp20 in s1 | a_gdp20 in s2 | a_gdp22 in s1"
    assert r.loc[("a", "cagr", "employees"), "value"] == pytest.approx(
        ((1000 / 800) ** (1 / 3) - 1) * 100)
    assert r.loc[("b", "cagr", "gdp"), "value"] == pytest.approx(25.0)  # 250/200, one year
    assert r.loc[("b", "cagr", "gdp"), "subject_name_en"] == "B"
    prev = r.loc[("a", "implied_previous", "industrial_output")]
    assert prev.value == pytest.approx(100.0) and prev.period == "2021"  # 130 / 1.3
    assert prev.formula == "130元 / (1 + 30%)" and prev.metric_ids == "a_out; a_out_g"
    change = r.loc[("b", "yoy_from_change", "natural_gas_output")]
    assert change.value == pytest.approx(25.0) and change.formula == "2吨 / (10吨 - 2吨)"
    req = r.loc[("a", "required_growth", "gdp")]  # from the latest level before 2024: 2022
    assert req.value == pytest.approx(10.0) and req.period == "2022→2024"
    # the latest GDP (2022) and output per employee, of the nearest year (2022, not 2019)
    gdp = r.loc[("a", "ratio per employee", "gdp")]
    out = r.loc[("a", "ratio per employee", "industrial_output")]
    assert (gdp.value, out.value) == pytest.approx((121 / 1000, 130 / 1000))
    assert (gdp.metric_ids, out.metric_ids) == ("a_gdp22; a_emp", "a_out; a_emp")
    assert gdp.approximate and out.approximate  # 1000多人
    assert len(r) == 8 and "b" not in r.xs("ratio per employee", level=1).index


def test_growth_tables_unchanged_on_the_hand_built_frame():
    m = _hand_frame()
    for new, old in TABLES:
        same(new(m), old(m))


# --------------------------------------------------------------- the cost grows linearly

def _copies(ds: pl.Dataset, k: int) -> tuple[pd.DataFrame, pl.Dataset]:
    """The bundled figures (and industries) of ``k`` copies of every park, under new ids."""
    def renamed(frame, columns):
        return pd.concat([frame.assign(**{c: frame[c] + f"_{i}" for c in columns})
                          for i in range(k)], ignore_index=True)

    metrics = renamed(ds.metrics, ["park_id", "metric_id", "source_id"])
    # the park as subject follows the park; enterprises and industries keep their ids
    of_park = pd.concat([ds.metrics.subject.eq(ds.metrics.park_id)] * k, ignore_index=True)
    metrics.loc[of_park, "subject"] = metrics.park_id[of_park]
    industries = renamed(ds.industries, ["park_id"])
    return metrics, ds.__class__(**{**ds.__dict__, "metrics": metrics, "industries": industries})


def _cpu(f, *args) -> float:
    import time

    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        f(*args)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("f, data", [(growth.all_results, 0), (structure.output_shares, 1)],
                         ids=["all_results", "output_shares"])
def test_cost_grows_linearly_with_the_parks(ds, f, data):
    """8 times the parks cost less than 4 times as much (at these sizes fixed costs weigh:
    the vectorised versions take ~1.5×, the row-by-row ones took ~10×); CPU time, the best
    of two runs, so other processes matter little."""
    small, large = _copies(ds, 10), _copies(ds, 80)
    assert len(f(large[data])) == 8 * len(f(small[data])) > 0
    ratio = _cpu(f, large[data]) / _cpu(f, small[data])
    assert ratio < 4, f"{f.__name__}: 8× the parks took {ratio:.1f}× the time"
