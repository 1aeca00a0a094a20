"""The per-row growth tables as they were before vectorisation (git: main before issue 12),
kept only as the oracle the vectorised tables of ``parklens.growth`` must equal, frame for
frame, on the bundled and the synthetic data (tests/test_linear.py). About 20 ms a result
row: a DataFrame built per result and ``choose()`` called per group. Do not use elsewhere.

Only the row-building parts are copied; the formulas, ``choose``, ``_sig`` and
``_figure_en`` (per figure, not per result) are the package's own.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from parklens.growth import (COMPARABLE_BASES, GROWTH_UNITS, RESULT_COLUMNS, _RATIO_PAIRS,
                             _STATUS_ORDER, _figure_en, _sig, cagr, choose, implied_previous,
                             required_growth)

def _sources(rows: pd.DataFrame) -> dict:
    rows = rows.drop_duplicates(["metric_id", "source_id"])
    return {"metric_ids": "; ".join(dict.fromkeys(rows.metric_id)),
            "source_ids": "; ".join(dict.fromkeys(rows.source_id)),
            "quotes": " | ".join(dict.fromkeys(rows.quote))}


def _status(rows) -> str:
    """The weakest status among the input figures."""
    found = {s if isinstance(s, str) else "actual" for s in rows.status}
    return max(found, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else 0)


def _input_caveats(rows) -> list[str]:
    out = []
    if (rows.status == "estimate").any():
        out.append("estimate_input")
    if (rows.qualifier.fillna("exact") != "exact").any():
        out.append("qualified_input")
    return out


def _result(first: pd.Series, rows: pd.DataFrame, *, inputs=None, caveats=(),
            alternatives=(), **values) -> dict:
    """One result row. ``inputs``: the figures (one row each) it was computed from, whose
    status, qualifiers and digits the result carries."""
    inputs = rows.drop_duplicates("metric_id") if inputs is None else inputs
    out = {"park_id": first.park_id, "subject": first.subject,
           "subject_name": first.subject_name, "subject_name_en": first.subject_name_en,
           "indicator": first.indicator,
           "label_zh": first.label_zh, "label_en": first.label_en}
    out.update(values)
    out.update(_sources(rows))
    cav = list(caveats) + _input_caveats(inputs)
    if alternatives:
        cav.append("alternatives")
    out["status"] = _status(inputs)
    out["caveats"] = "; ".join(dict.fromkeys(cav))
    out["sig_digits"] = min(_sig(v) for v in inputs.stated)
    out["alternatives"] = "; ".join(alternatives)
    # another figure left unused does not make this one approximate; every other caveat does
    out["approximate"] = bool(out.get("approximate")) or bool(set(cav) - {"alternatives"})
    out.setdefault("years", math.nan)
    return out


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _levels(metrics: pd.DataFrame) -> pd.DataFrame:
    lv = metrics[(metrics.measure == "level") & metrics.value_base.notna()]
    return lv.drop_duplicates(["metric_id"])


class _ById:
    """The rows of each metric id of ``metrics``, found once per table: a mask of the whole
    frame per result row made the tables quadratic in the number of parks (minutes at
    2,543 parks)."""

    def __init__(self, metrics: pd.DataFrame):
        self.metrics = metrics
        self.pos = metrics.groupby("metric_id", sort=False).indices

    def first(self, metric_id: str) -> pd.Series:
        return self.metrics.iloc[self.pos[metric_id][0]]

    def rows(self, *metric_ids: str) -> pd.DataFrame:
        """The rows of these ids in the frame's order (as a mask with ``isin`` gives them)."""
        found = [self.pos[i] for i in dict.fromkeys(metric_ids) if i in self.pos]
        return self.metrics.iloc[np.sort(np.concatenate(found))] if found else self.metrics.iloc[:0]


def _by_park(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``frame`` split by park once, so a lookup per result reads one park's rows."""
    return {park: g for park, g in frame.groupby("park_id", sort=False)}


def _with_sources(metrics: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (figures) with ``n_sources``: how many documents state each."""
    n = metrics.groupby("metric_id").source_id.nunique()
    return rows.assign(n_sources=rows.metric_id.map(n).fillna(1).astype(int))


def cagr_between(metrics: pd.DataFrame, park_id: str, indicator: str, start_period: str,
                 end_period: str, subject: str | None = None,
                 scope: str | None = None) -> pd.DataFrame:
    """CAGR between two stated levels of one indicator, e.g. a GDP level in 2020 and 2023."""
    lv = _with_sources(metrics, _levels(metrics))
    lv = lv[(lv.park_id == park_id) & (lv.indicator == indicator) &
            (lv.subject == (subject or park_id)) &
            (lv.scope.isna() if scope in (None, "") else lv.scope == scope)]
    a, b = lv[lv.period == start_period], lv[lv.period == end_period]
    if a.empty or b.empty:
        have = ", ".join(sorted(lv.period.unique())) or "none"
        raise ValueError(f"{park_id}/{indicator}: need levels for {start_period} and "
                         f"{end_period}; stated periods: {have}")
    (a0, a_others), (b0, b_others) = choose(a), choose(b)
    years = b0.year - a0.year
    value = cagr(a0.value_base, b0.value_base, years)
    src = _ById(metrics).rows(a0.metric_id, b0.metric_id)
    return _frame([_result(
        b0, src, inputs=pd.DataFrame([a0, b0]), alternatives=a_others + b_others,
        calculation="cagr", period=f"{a0.period}/{b0.period}", value=value,
        unit="%", approximate=False, years=years,
        formula=f"({b0.stated} / {a0.stated})^(1/{years}) - 1",
        formula_en=f"({_figure_en(b0)} / {_figure_en(a0)})^(1/{years}) - 1")])


def cagr_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """CAGR for every pair of yearly levels of one subject and indicator (first and last)."""
    lv = _levels(metrics)
    lv = lv[(lv.period_type == "year") & (lv.status == "actual")]
    rows = []
    # cagr_between on the park's own actual figures: on the whole frame each call read every
    # park's rows, and the table grew with the square of the parks
    actual_of = _by_park(metrics[metrics.status == "actual"])
    keys = ["park_id", "subject", "indicator", "scope"]
    lv = lv.fillna({"scope": ""}).sort_values("year", kind="stable").drop_duplicates(
        keys + ["year"])
    spans = lv.groupby(keys, sort=True).agg(n=("year", "size"), first=("period", "first"),
                                            last=("period", "last"))
    for (park, subject, ind, scope), span in spans[spans.n >= 2].iterrows():
        rows.append(cagr_between(actual_of[park], park, ind, span["first"], span["last"],
                                 subject=subject, scope=scope or None))
    return pd.concat(rows, ignore_index=True) if rows else _frame([])


def _one_per(rows: pd.DataFrame, keys: list[str], metrics: pd.DataFrame) -> pd.DataFrame:
    """One figure per ``keys`` (the one :func:`choose` picks), with ``others``: the ids of
    the figures of the same keys left unused ("; "-joined, empty where there was one)."""
    rows = _with_sources(metrics, rows)
    # choose()'s rule for every group at once (a call per group took seconds at scale):
    # rank the figures, keep each group's first, name the others
    rank = rows.assign(
        _status=rows.status.fillna("actual").map(
            lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else len(_STATUS_ORDER)),
        _approx=rows.qualifier.fillna("exact").ne("exact"), _sources=-rows.n_sources)
    rank = rank.sort_values(["_status", "_approx", "_sources", "metric_id"], kind="stable")
    first = ~rank.duplicated(keys)
    others = (rank[~first].groupby(keys, sort=False).metric_id.agg("; ".join)
              .rename("others").reset_index())
    best = rank[first].sort_index().drop(columns=["_status", "_approx", "_sources"])
    return best.merge(others, on=keys, how="left").fillna({"others": ""})


def _level_growth_pairs(metrics: pd.DataFrame):
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    keys = ["park_id", "subject", "indicator", "scope", "period"]
    levels = m[(m.measure == "level") & m.value_base.notna() & m.unit_base.isin(GROWTH_UNITS)]
    growth = m[(m.measure == "yoy_growth") & m.value_base.notna()]
    return _one_per(levels, keys, metrics).merge(_one_per(growth, keys, metrics), on=keys,
                                                 suffixes=("", "_g"))


def _alternatives(*others: str) -> list[str]:
    return [i for o in others for i in str(o).split("; ") if i]


def implied_previous_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Previous-period levels implied by each stated level and its stated growth,
    labelled approximate (official growth is at comparable prices, same sample) and
    carrying the status of the level and the rate (an estimate in, an estimate out)."""
    rows, by_id = [], _ById(metrics)
    for r in _level_growth_pairs(metrics).itertuples():
        prev = implied_previous(r.value_base, r.value_base_g)
        src = by_id.rows(r.metric_id, r.metric_id_g)
        first, growth_row = by_id.first(r.metric_id), by_id.first(r.metric_id_g)
        rows.append(_result(first, src, inputs=pd.DataFrame([first, growth_row]),
                            alternatives=_alternatives(r.others, r.others_g),
                            caveats=["comparable_prices"], calculation="implied_previous",
                            period=f"{r.year - 1}", value=prev, unit=r.unit_base,
                            approximate=True,
                            formula=f"{r.stated} / (1 + {r.stated_g})",
                            formula_en=f"{_figure_en(first)} / (1 + {_figure_en(growth_row)})"))
    return _frame(rows)


def change_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Growth implied by a stated level and its stated absolute change (同比增产6495吨):
    previous = level - change, growth = change / previous."""
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    keys = ["park_id", "subject", "indicator", "scope", "period"]
    pairs = _one_per(m[(m.measure == "level") & m.value_base.notna()], keys, metrics).merge(
        _one_per(m[(m.measure == "change") & m.value_base.notna()], keys, metrics), on=keys,
        suffixes=("", "_c"))
    pairs = pairs[pairs.unit_base == pairs.unit_base_c]
    rows, by_id = [], _ById(metrics)
    for r in pairs.itertuples():
        prev = r.value_base - r.value_base_c
        src = by_id.rows(r.metric_id, r.metric_id_c)
        first, change = by_id.first(r.metric_id), by_id.first(r.metric_id_c)
        rows.append(_result(first, src, inputs=pd.DataFrame([first, change]),
                            alternatives=_alternatives(r.others, r.others_c),
                            calculation="yoy_from_change", period=r.period,
                            value=r.value_base_c / prev * 100, unit="%", approximate=False,
                            formula=f"{r.stated_c} / ({r.stated} - {r.stated_c})",
                            formula_en=f"{_figure_en(change)} / ({_figure_en(first)} - "
                                       f"{_figure_en(change)})"))
    return _frame(rows)


def required_growth_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Annual growth required to reach each stated target from the latest stated level of
    the same subject and indicator before it (or a comparable basis: ``basis_differs``)."""
    m = _with_sources(metrics, metrics.drop_duplicates("metric_id"))
    targets = m[(m.status == "target") & (m.measure == "level") & m.value_base.notna() &
                m.unit_base.isin(GROWTH_UNITS)]
    actual = m[(m.status != "target") & (m.measure == "level") & m.value_base.notna()]
    rows, by_id = [], _ById(metrics)
    levels_of = {key: g for key, g in actual.groupby(["park_id", "subject"], sort=False)}
    for t in targets.itertuples():
        bases = (t.indicator,) + COMPARABLE_BASES.get(t.indicator, ())
        actual = levels_of.get((t.park_id, t.subject), m.iloc[:0])
        cand = actual[actual.indicator.isin(bases) & (actual.unit_base == t.unit_base) &
                      (actual.year < t.year) &
                      (actual.scope.fillna("") == ("" if pd.isna(t.scope) else t.scope))]
        if cand.empty:
            continue
        # the latest year; within it, the same basis before a comparable one, then choose()
        latest = cand[cand.year == cand.year.max()]
        same = latest[latest.indicator == t.indicator]
        base, others = choose(same if len(same) else latest)
        caveats = [] if base.indicator == t.indicator else ["basis_differs"]
        first = by_id.first(t.metric_id)
        start_year = t.period_start.year if pd.notna(t.period_start) else t.year
        ends = [t.year]
        if t.period_type == "multi_year" and start_year < t.year:
            ends = sorted({max(start_year, base.year + 1), t.year})
            caveats.append("target_range")
        src = by_id.rows(t.metric_id, base.metric_id)
        for end in ends:
            years = end - base.year
            value = required_growth(base.value_base, t.value_base, years)
            rows.append(_result(
                first, src, inputs=pd.DataFrame([first, base]), caveats=caveats,
                alternatives=others, calculation="required_growth",
                period=f"{base.period}→{end}", value=value, unit="%", approximate=True,
                years=years, formula=f"({t.stated} / {base.stated})^(1/{years}) - 1",
                formula_en=f"({_figure_en(first)} / {_figure_en(base)})^(1/{years}) - 1"))
    return _frame(rows)


def ratio_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-employee and per-enterprise ratios of each park's stated money levels, only
    over counts of the same basis (``_RATIO_PAIRS``), using the count stated nearest in
    time (the earlier of two as near); ``periods_differ`` where the two periods differ."""
    m = _with_sources(metrics, _levels(metrics))
    m = m[m.status == "actual"]
    rows, by_id = [], _ById(metrics)
    m = m[(m.subject == m.park_id) & m.scope.isna()]
    # the candidates of every park at once, then only the parks that state a count: a
    # filter per park and pair read every figure again for each of 2,543 parks
    money = m[m.unit_base == "CNY"].sort_values("period_end", kind="stable")
    counts = m[m.indicator.isin(list(_RATIO_PAIRS))]
    money_of, counts_of = _by_park(money), _by_park(counts)
    for park in sorted(counts_of):
        g_money, g_counts = money_of.get(park, money.iloc[:0]), counts_of[park]
        for den_ind, (per, numerators) in _RATIO_PAIRS.items():
            dens = g_counts[g_counts.indicator == den_ind]
            if dens.empty:
                continue
            nums = g_money[g_money.indicator.isin(numerators)].drop_duplicates(
                "indicator", keep="last")
            for n in nums.itertuples():
                gap = (dens.period_end - n.period_end).abs()
                nearest = dens[gap == gap.min()]
                nearest = nearest[nearest.period_end == nearest.period_end.min()]
                d, others = choose(nearest)
                num = by_id.first(n.metric_id)
                src = by_id.rows(n.metric_id, d.metric_id)
                rows.append(_result(
                    num, src, inputs=pd.DataFrame([num, d]),
                    caveats=["periods_differ"] if n.period != d.period else [],
                    alternatives=others, calculation=f"ratio {per}", period=n.period,
                    value=n.value_base / d.value_base, unit=f"CNY {per}",
                    approximate=n.period != d.period,
                    formula=f"{n.stated} ({n.period}) / {d.stated} ({d.period})",
                    formula_en=f"{_figure_en(num)} ({n.period}) / {_figure_en(d)} "
                               f"({d.period})"))
    return _frame(rows)


def all_results(metrics: pd.DataFrame) -> pd.DataFrame:
    """Every computed growth metric for the given figures: CAGR, implied previous levels,
    growth from stated changes, required growth to targets and per-unit ratios."""
    parts = [f(metrics) for f in (cagr_table, implied_previous_table, change_table,
                                  required_growth_table, ratio_table)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _frame([])
