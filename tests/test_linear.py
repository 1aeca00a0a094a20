"""Cost that grows with the data, not with its square.

``structure.output_shares`` was quadratic (an index built per row): its rewrite is checked
against the old code, kept below as the oracle only, on the bundled data and 200 synthetic
parks. ``growth.all_results`` built one result row at a time (a DataFrame per row, ``choose()``
per group, ~20 ms a row); its tables are now merges, groupby and column arithmetic, checked
frame for frame, every column, against that per-row code (kept as the oracle in
``growth_oracle.py``) on the same data, and by hand on a small frame; and it builds a fixed
number of frames whatever the number of parks.
"""

from __future__ import annotations

import pandas as pd
import pytest

import parklens as pl
from parklens import growth, structure
import growth_oracle
from synthetic import make_parks

# --------------------------------------------------------------- the oracle: the old code


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

TABLES = [growth.cagr_table, growth.implied_previous_table, growth.change_table,
          growth.required_growth_table, growth.ratio_table, growth.all_results]


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
    data = make_parks(tmp_path_factory.mktemp("synth") / "parks", n=200, seed=50)
    return pl.load(data, cache=False)


def test_output_shares_unchanged(ds, synth):
    for data in (ds, synth):
        expected = _old_output_shares(data)
        assert expected.park_id.nunique() >= 1
        same(structure.output_shares(data), expected)


def _with_rivals(metrics: pd.DataFrame) -> pd.DataFrame:
    """``metrics`` with rival figures: for every third park, each level stated again under
    another id, in turn as an estimate, with 约, or as an actual figure from two more
    documents (so that choose() has to choose, and by each of its rules)."""
    parks = sorted(metrics.park_id.unique())[::3]
    levels = metrics[metrics.park_id.isin(parks) & (metrics.measure == "level")]
    kind = levels.metric_id.map({i: k % 3 for k, i in enumerate(levels.metric_id.unique())})
    rival = levels.assign(metric_id="r_" + levels.metric_id,
                          value_base=levels.value_base * 1.1,
                          status=levels.status.where(kind != 0, "estimate"),
                          qualifier=levels.qualifier.where(kind != 1, "about"))
    cited = rival[kind == 2]
    more = [cited.assign(source_id=cited.source_id + f"_again{i}") for i in (1, 2)]
    return pd.concat([metrics, rival, *more], ignore_index=True)


def test_growth_tables_equal_the_per_row_code(ds, synth):
    """Every table, every column (dtypes included), row for row, as the per-row code gave it:
    on the bundled parks, on 200 synthetic ones (their figures recombined from the seeds':
    estimates, qualifiers, target ranges) and on those with rival figures to choose from."""
    rivals = _with_rivals(synth.metrics)
    for metrics in (ds.metrics, synth.metrics, rivals):
        for table in TABLES:
            new = table(metrics)
            old = getattr(growth_oracle, table.__name__)(metrics)
            assert len(old) >= (1 if metrics is ds.metrics else 10), table.__name__
            pd.testing.assert_frame_equal(new, old, obj=table.__name__)
    results = growth.all_results(rivals)
    # the data exercise the rules, not only the plain case
    assert results.alternatives.ne("").any() and results.status.eq("estimate").any()
    assert results.caveats.str.contains("target_range").any()
    assert results.caveats.str.contains("qualified_input").any()


def test_growth_tables_of_empty_figures_are_empty(ds):
    for new in TABLES:
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
             "value": float(value), "unit": unit, "period_stated": f"{year}年",
             "period_start": pd.Timestamp(f"{year}-01-01"),
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
    # (industrial output over all employees is a ratio of different bases: not computed)
    gdp = r.loc[("a", "ratio per employee", "gdp")]
    assert gdp.value == pytest.approx(121 / 1000) and gdp.metric_ids == "a_gdp22; a_emp"
    assert gdp.approximate  # 1000多人
    assert ("a", "ratio per employee", "industrial_output") not in r.index
    assert len(r) == 7 and "b" not in r.xs("ratio per employee", level=1).index


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


def test_output_shares_cost_grows_linearly_with_the_parks(ds):
    """8 times the parks cost less than 4 times as much (vectorised: fixed costs weigh, ~1.5×;
    the row-by-row version took ~10×); CPU time, the best of two runs, so other processes
    matter little. (growth.all_results is held by the frames it builds, below: a CPU bound
    at these sizes could not tell a result row at a time, ~8–13×, from vectorised code on
    two busy cores.)"""
    small, large = _copies(ds, 10), _copies(ds, 80)
    f = structure.output_shares
    assert len(f(large[1])) == 8 * len(f(small[1])) > 0
    ratio = _cpu(f, large[1]) / _cpu(f, small[1])
    assert ratio < 4, f"output_shares: 8× the parks took {ratio:.1f}× the time"


def _frames_built(f, *args) -> int:
    """How many DataFrames ``f`` constructs (``pd.DataFrame(...)`` calls, pandas' own
    internal frames aside)."""
    init, count = pd.DataFrame.__init__, [0]

    def counting(self, *a, **k):
        count[0] += 1
        init(self, *a, **k)

    pd.DataFrame.__init__ = counting
    try:
        f(*args)
    finally:
        pd.DataFrame.__init__ = init
    return count[0]


def test_growth_results_build_no_frame_per_result(ds):
    """Work counted, not timed: 8 times the parks (560 result rows instead of 70) build the
    same number of frames (16 when written); the per-row code built one more per result
    row (86 and 646)."""
    small, large = _copies(ds, 10)[0], _copies(ds, 80)[0]
    rows_small, rows_large = len(growth.all_results(small)), len(growth.all_results(large))
    assert rows_large == 8 * rows_small > 0
    built_small = _frames_built(growth.all_results, small)
    assert _frames_built(growth.all_results, large) == built_small < rows_small


# --------------------------------------------------------------- notebook 03: names, texts

def _documents(ds: pl.Dataset, k: int) -> pd.DataFrame:
    """The bundled documents cited by ``k`` copies of every park (new park and source ids,
    the same texts), as a national dataset's parks cite a few texts."""
    return pd.concat([ds.documents.assign(park_id=ds.documents.park_id + f"_{i}",
                                          source_id=ds.documents.source_id + f"_{i}")
                      for i in range(k)], ignore_index=True)


def _counted(monkeypatch, module, name: str) -> list[int]:
    """Count the calls of ``module.name`` from now on."""
    real, calls = getattr(module, name), [0]

    def counting(*a, **k):
        calls[0] += 1
        return real(*a, **k)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_theme_hits_mask_each_distinct_sentence_once(ds, monkeypatch):
    """Work counted: 8 times the parks citing the same texts mask as many sentences (the
    distinct ones) and find 8 times the hits; the per-sentence code masked every row (8×)."""
    from parklens import segment, text, themes

    names = segment.proper_names(ds)
    small, large = (text.prepare(_documents(ds, k), names=names, progress=False)
                    for k in (2, 16))
    calls = _counted(monkeypatch, themes, "_masked")
    n_small = len(themes.theme_hits(small.sentences, names=names))
    masked_small, calls[0] = calls[0], 0
    n_large = len(themes.theme_hits(large.sentences, names=names))
    assert n_large == 8 * n_small > 0
    assert calls[0] == masked_small <= small.sentences.text.nunique()


def test_masking_cost_grows_far_less_than_the_number_of_names(ds):
    """8 times the names (every 8th zone name of the national catalogue → all 2,543) cost
    less than 5 times as much CPU to mask the same sentences (~2.8× measured: the automaton's
    cost is the text's, plus a look-up among more first characters); one regex alternation
    of the names took ~12× (names × characters)."""
    from parklens import catalogue, text, themes

    sentences = list(text.prepare(ds.documents, progress=False).sentences.text) * 5
    zones = list(catalogue.load().zones.name_zh)

    def mask(matcher):
        for t in sentences:
            themes._masked(t, matcher)

    # built once, as a corpus's matcher is: building is linear in the names, and paid once
    few, many = themes._names_matcher(zones[::8]), themes._names_matcher(zones)
    assert themes._masked("甲" + zones[7] + "乙", many) == "甲" + "\0" * len(zones[7]) + "乙"
    ratio = _cpu(mask, many) / _cpu(mask, few)
    assert ratio < 5, f"masking: 8× the names took {ratio:.1f}× the time"


def test_formulas_read_each_distinct_text_once(ds, monkeypatch):
    """Work counted: 8 times the parks citing the same texts read each text once (the per-
    document and per-park code read 8 times as many); each copy of a park gets the formulas
    of the park it copies, row for row."""
    from types import SimpleNamespace

    from parklens import formulas

    small, large = _documents(ds, 2), _documents(ds, 16)
    policies = pd.concat([ds.policies.assign(park_id=ds.policies.park_id + f"_{i}")
                          for i in range(16)], ignore_index=True)
    calls = _counted(monkeypatch, formulas, "find_formulas")
    t_small = formulas.formulas_table(small)
    read_small, calls[0] = calls[0], 0
    t_large = formulas.formulas_table(large)
    assert calls[0] == read_small == ds.documents.text.nunique()
    assert len(t_large) == 8 * len(t_small) > 0
    calls[0] = 0
    c = formulas.compare_with_curation(SimpleNamespace(documents=large, policies=policies))
    assert calls[0] == ds.parks.park_id.nunique()  # one reading per distinct park text
    base = formulas.compare_with_curation(ds)
    for i in (0, 15):
        copy = c[c.park_id.str.endswith(f"_{i}")].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            copy.assign(park_id=copy.park_id.str.removesuffix(f"_{i}")), base)
    one = t_large[t_large.park_id.str.endswith("_3")].reset_index(drop=True)
    alone = formulas.formulas_table(ds.documents)
    pd.testing.assert_frame_equal(
        one.assign(park_id=one.park_id.str.removesuffix("_3"),
                   sources=one.sources.str.replace("_3", "")), alone)


def test_kwic_strongest_builds_no_frame_per_park(ds):
    """Frames counted: 8 times the parks build the same number of frames and give 8 times
    the rows; the per-park code built several frames per park."""
    from parklens import segment, text, themes

    names = segment.proper_names(ds)
    built, rows = [], []
    for k in (2, 16):
        corpus = text.prepare(_documents(ds, k), names=names, progress=False)
        table = themes.intensity(corpus)
        rows.append(len(themes.kwic_strongest(corpus, table, themes.load_lexicon())))
        built.append(_frames_built(themes.kwic_strongest, corpus, table, themes.load_lexicon()))
    assert rows[1] == 8 * rows[0] > 0
    assert built[1] == built[0] < rows[0]


class _CountedName(str):
    """A park name that counts what is done to it: each ``startswith`` and each index or
    slice (a prefix compared)."""

    uses = 0

    def startswith(self, *a):
        _CountedName.uses += 1
        return super().startswith(*a)

    def __getitem__(self, key):
        _CountedName.uses += 1
        return super().__getitem__(key)


def _parks_named(ds: pl.Dataset, k: int) -> pl.Dataset:
    """``ds`` with ``k`` copies of each park (a numbered name, the same city and province),
    names that count their uses."""
    parks = pd.concat([ds.parks.assign(name_zh=ds.parks.name_zh + str(i)) for i in range(k)],
                      ignore_index=True)
    parks["name_zh"] = pd.Series([_CountedName(n) for n in parks.name_zh], dtype=object)
    return ds.__class__(**{**ds.__dict__, "parks": parks})


def test_proper_names_work_grows_linearly_with_the_parks(ds):
    """Work counted: 8 times the parks (and so the places) use the park names 8 times as
    much; trying every place on every park name used them 64 times as much."""
    from parklens import segment

    uses = []
    for k in (10, 80):
        data = _parks_named(ds, k)
        _CountedName.uses = 0
        names = segment.proper_names(data)
        uses.append(_CountedName.uses)
        assert set(data.parks.name_zh) <= set(names)
    assert 0 < uses[1] <= 8 * uses[0], f"proper_names: 8× the parks used names {uses}"


def test_top_terms_segment_each_distinct_text_once(ds, monkeypatch):
    """Work counted: 8 times the parks citing the same texts segment as many texts (the
    distinct ones) and rank 8 times the terms; a park at a time segmented one text per park
    (8×), 2,543 of them at national scale."""
    from parklens import segment, text, themes

    names = segment.proper_names(ds)
    small, large = (text.prepare(_documents(ds, k), names=names, progress=False)
                    for k in (2, 16))
    calls = _counted(monkeypatch, segment, "tokens")
    n_small = len(themes.top_terms(small))
    segmented_small, calls[0] = calls[0], 0
    n_large = len(themes.top_terms(large))
    assert n_large == 8 * n_small > 0
    assert calls[0] == segmented_small <= small.documents.clean.nunique()
