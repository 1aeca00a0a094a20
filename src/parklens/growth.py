"""Growth metrics computed from stated figures, each result carrying its sources.

Every function returns a tidy DataFrame with one row per result and the columns
``park_id, subject, indicator, label_zh, label_en, calculation, period, value, unit,
approximate, formula, metric_ids, source_ids, quotes`` so that a number in a chart can be
traced to the sentences it was computed from, and ``status, caveats, sig_digits, years,
formula_en, alternatives``: what a reader must know before quoting the number.

A derived number is never firmer than what it was computed from:

- ``status`` is the weakest status of its inputs (an estimate in, an estimate out; a target
  in, a target out);
- ``caveats`` lists, as codes of ``messages/growth.yaml`` (``basis_differs``,
  ``estimate_input``, ``qualified_input``, ``target_range``, ``periods_differ``,
  ``comparable_prices``, ``alternatives``), why it is less than a plain fact;
- ``sig_digits`` is the fewest significant digits of the stated inputs, to which
  :func:`present` rounds;
- where several stated figures could serve (the same indicator, scope and period stated
  twice, or as actual and estimate), :func:`choose` picks one by an explicit rule and the
  others are named in ``alternatives``.

>>> import parklens as pl
>>> ds = pl.load()
>>> r = cagr_between(ds.metrics, "guanzhuang", "gdp", "2020", "2023")
>>> f"{r.value.iloc[0]:.2f}{r.unit.iloc[0]}"
'5.29%'
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from . import messages
from .markup import MarkdownText, join

__all__ = [
    "RESULT_COLUMNS", "cagr", "required_growth", "implied_previous", "choose",
    "cagr_between", "cagr_table", "implied_previous_table", "change_table",
    "required_growth_table", "contribution", "ratio_table", "stated_growth",
    "period_label", "all_results", "describe", "present", "round_sig",
]

RESULT_COLUMNS = ["park_id", "subject", "subject_name", "subject_name_en", "indicator", "label_zh", "label_en",
                  "calculation", "period", "value", "unit", "approximate", "formula",
                  "metric_ids", "source_ids", "quotes",
                  # added for honesty; the columns above keep their meaning
                  "status", "caveats", "sig_digits", "years", "formula_en", "alternatives"]

#: Base units of quantities whose growth is meaningful (money and physical output); counts
#: of enterprises or projects are flows with shifting scopes and are left out.
GROWTH_UNITS = ("CNY", "t", "m3", "kWh", "m2")

#: Indicators whose target may be compared with a level on another basis, flagged as such
#: (a target for 规上 value added against a level not labelled 规上): the result is kept,
#: since it is the only yardstick the documents give, but never without the caveat.
COMPARABLE_BASES = {
    "industrial_value_added_above_scale": ("industrial_value_added",),
    "industrial_output_above_scale": ("industrial_output",),
}

#: Status order, weakest last: a derived number takes the weakest status of its inputs.
_STATUS_ORDER = ("actual", "target", "estimate")

#: Derived numbers are never shown with more significant digits than this, nor fewer.
_MIN_SIG, _MAX_SIG = 2, 4


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate, in percent: ((end / start) ** (1 / years) - 1) * 100.

    >>> round(cagr(76, 88.7, 3), 2)
    5.29
    """
    if years <= 0:
        raise ValueError(f"years must be positive, got {years}")
    if start <= 0 or end < 0:
        raise ValueError(f"levels must be positive, got {start} and {end}")
    return ((end / start) ** (1 / years) - 1) * 100


def required_growth(level: float, target: float, years: float) -> float:
    """Annual growth (percent) needed to go from ``level`` to ``target`` in ``years``.

    >>> round(required_growth(100, 121, 2), 1)
    10.0
    """
    return cagr(level, target, years)


def implied_previous(level: float, growth_pct: float) -> float:
    """The previous level implied by a level and its growth: level / (1 + g).

    Approximate for official value-added growth, which is at comparable prices on a
    same-sample basis.

    >>> implied_previous(130, 30)
    100.0
    """
    return level / (1 + growth_pct / 100)


def _sources(rows: pd.DataFrame) -> dict:
    rows = rows.drop_duplicates(["metric_id", "source_id"])
    return {"metric_ids": "; ".join(dict.fromkeys(rows.metric_id)),
            "source_ids": "; ".join(dict.fromkeys(rows.source_id)),
            "quotes": " | ".join(dict.fromkeys(rows.quote))}


def _sig(stated) -> int:
    """Significant digits of the number in a stated figure (``106亿元`` 3, ``1.2万人`` 2,
    ``150亿元`` 2: trailing zeros of a whole number are taken as rounding). A number written
    in Chinese numerals counts as two."""
    m = re.search(r"\d+(?:\.\d+)?", str(stated).replace(",", ""))
    if not m:
        return _MIN_SIG
    digits = m.group()
    if "." in digits:
        n = len(digits.replace(".", "").lstrip("0"))
    else:
        n = len(digits.lstrip("0").rstrip("0"))
    return max(_MIN_SIG, min(_MAX_SIG, n))


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


def choose(candidates: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """The figure to compute with among ``candidates`` (one row per figure, the same
    subject, indicator, scope and period), and the ids of the others.

    The rule, in order: an actual figure before an estimate or a target; an exact figure
    before one stated with 约, 多, 近 or 突破; the one more documents state; then the id, so
    the choice never depends on the order of the rows.

    >>> rows = pd.DataFrame({"metric_id": ["b", "a"], "status": ["estimate", "actual"],
    ...                      "qualifier": ["exact", "about"], "n_sources": [1, 1]})
    >>> best, others = choose(rows)
    >>> best.metric_id, others
    ('a', ['b'])
    """
    if candidates.empty:
        raise ValueError("no candidate figure to choose from")
    ids = candidates.metric_id.to_numpy()
    if (ids == ids[0]).all():  # one figure (the usual case): nothing to sort
        return candidates.iloc[0], []
    c = candidates.drop_duplicates("metric_id").copy()
    n_sources = c["n_sources"] if "n_sources" in c else pd.Series(1, index=c.index)
    c["_status"] = c.status.fillna("actual").map(
        lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else len(_STATUS_ORDER))
    c["_approx"] = c.qualifier.fillna("exact").ne("exact")
    c["_sources"] = -n_sources
    c = c.sort_values(["_status", "_approx", "_sources", "metric_id"], kind="stable")
    best = c.iloc[0]
    return candidates[candidates.metric_id == best.metric_id].iloc[0], list(c.metric_id[1:])


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


_EN_SCALE = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def round_sig(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits.

    >>> round_sig(893007633.7, 3), round_sig(0.770044, 3)
    (893000000.0, 0.77)
    """
    if not x or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _number(x: float, digits: int) -> str:
    """``x`` with ``digits`` significant digits, thousands separated, no trailing zeros."""
    r = round_sig(x, digits)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(r)))) if r else 0
    return f"{r:,.{decimals}f}"


def _amount(value: float, unit: str, lang: str, digits: int) -> str:
    """An amount in the unit a reader of ``lang`` expects: 89.3 亿元 / CNY 8.93 billion."""
    if unit == "CNY":
        if lang == "zh":
            for scale, name in ((1e8, "亿元"), (1e4, "万元")):
                if abs(value) >= scale:
                    return f"{_number(value / scale, digits)} {name}"
            return f"{_number(value, digits)} 元"
        for scale, name in _EN_SCALE:
            if abs(value) >= scale:
                return f"CNY {_number(value / scale, digits)} {name}"
        return f"CNY {_number(value, digits)}"
    unit_zh = {"t": "吨", "m3": "立方米", "kWh": "千瓦时", "m2": "平方米"}
    if lang == "zh" and unit in unit_zh:
        if abs(value) >= 1e4:
            return f"{_number(value / 1e4, digits)} 万{unit_zh[unit]}"
        return f"{_number(value, digits)} {unit_zh[unit]}"
    return f"{_number(value, digits)} {unit}"


def _figure_en(r) -> str:
    """A stated figure in English units for an English formula (``CNY 8.87 billion``)."""
    if r.unit_base == "%" or str(r.stated).endswith("%"):
        return f"{_number(r.value, _sig(r.stated))}%"
    if isinstance(r.unit_base, str) and not math.isnan(r.value_base):
        return _amount(r.value_base, r.unit_base, "en", _sig(r.stated))
    return str(r.stated)


def cagr_between(metrics: pd.DataFrame, park_id: str, indicator: str, start_period: str,
                 end_period: str, subject: str | None = None,
                 scope: str | None = None) -> pd.DataFrame:
    """CAGR between two stated levels of one indicator, e.g. a GDP level in 2020 and 2023.

    Periods are period codes (``"2020"``); the number of years is the difference of the
    years the periods end in. Only figures of ``scope`` count (None: figures without a
    scope, so 规上 and all enterprises are never mixed); where a period has several, the
    one :func:`choose` picks is used and the others are named in ``alternatives``.

    >>> cagr_between(ds.metrics, "guanzhuang", "gdp", "2020", "2023").formula.iloc[0]
    '(88.7亿元 / 76亿元)^(1/3) - 1'
    """
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
    """CAGR for every pair of yearly levels of one subject and indicator (first and last).

    >>> cagr_table(ds.metrics)[["park_id", "indicator", "period"]].values.tolist()
    [['guanzhuang', 'gdp', '2020/2023']]
    """
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
    carrying the status of the level and the rate (an estimate in, an estimate out).

    >>> t = implied_previous_table(ds.metrics)
    >>> f"{t[t.indicator == 'industrial_value_added'].value.iloc[0] / 1e8:.2f}亿元"
    '22.46亿元'
    """
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
    previous = level - change, growth = change / previous.

    >>> f"{change_table(ds.metrics).value.iloc[0]:.2f}%"
    '0.77%'
    """
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
    the same subject and indicator before it (or a comparable basis: ``basis_differs``).

    A target whose period is a span of years (力争通过2至3年努力 → 2022年至2023年) gives a
    row for each end of the span (``target_range``): the nearer end needs the faster growth.

    >>> t = required_growth_table(ds.metrics)
    >>> [f"{v:.1f}%" for v in t.value]
    ['72.5%', '50.5%']
    """
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


def contribution(part_prev: float, part_now: float, total_prev: float,
                 total_now: float) -> tuple[float, float]:
    """Contribution rate (贡献率, % of the total's change) and pull (拉动, percentage points)
    of a part: (Δpart / Δtotal × 100, Δpart / total_prev × 100).

    >>> contribution(20, 30, 100, 120)
    (50.0, 10.0)
    """
    d_part, d_total = part_now - part_prev, total_now - total_prev
    rate = d_part / d_total * 100 if d_total else math.nan
    return rate, d_part / total_prev * 100


#: Which money level may be divided by which count: only pairs that cover the same units.
#: GDP is the output of everyone working in the park, so it goes over its employees; the
#: output of above-scale industrial enterprises goes over those enterprises. GDP (or all
#: output) over above-scale enterprises divides a whole by a part and is not computed.
_RATIO_PAIRS = {
    "employees": ("per employee", ("gdp",)),
    "industrial_enterprises_above_scale": (
        "per above-scale industrial enterprise",
        ("industrial_output_above_scale", "industrial_value_added_above_scale",
         "main_business_revenue_above_scale")),
}


def ratio_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-employee and per-enterprise ratios of each park's stated money levels, only
    over counts of the same basis (``_RATIO_PAIRS``), using the count stated nearest in
    time (the earlier of two as near); ``periods_differ`` where the two periods differ.

    >>> r = ratio_table(ds.metrics)
    >>> f"{r[r.calculation == 'ratio per employee'].value.iloc[0] / 1e4:.1f}万元"
    '73.9万元'
    """
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


def stated_growth(metrics: pd.DataFrame) -> pd.DataFrame:
    """The growth rates the documents state themselves (同比, 年均), one row per figure.

    >>> stated_growth(ds.metrics.query("park_id == 'nanyang_hitech'")).stated.tolist()[:3]
    ['7.5%', '11.2%', '7.2%']
    """
    m = metrics[metrics.measure.isin(["yoy_growth", "avg_annual_growth"])]
    return m.drop_duplicates("metric_id").reset_index(drop=True)


#: Period kinds that mean the document does not give the period.
_UNSTATED = ("unstated", "not_stated", "unknown")


def period_label(rows: pd.DataFrame, lang: str = "zh") -> pd.Series:
    """The period of each figure as a reader of ``lang`` reads it: as stated in zh, the
    English rendering (``period_en``) in en where the dataset has it, and "not stated" /
    未披露 where the document gives none, never a made-up 累计.

    >>> period_label(pd.DataFrame({"period_stated": ["2023年", None],
    ...                            "period_type": ["year", None]}), "en").tolist()
    ['2023年', 'not stated']
    """
    col = "period_en" if lang == "en" and "period_en" in rows else "period_stated"
    shown = rows[col].where(rows[col].notna() & (rows[col].astype(str).str.strip() != ""))
    unstated = shown.isna() | rows.get("period_type", pd.Series(index=rows.index)).isin(
        _UNSTATED)
    return shown.where(~unstated, messages.text("common.not_stated", lang))


def all_results(metrics: pd.DataFrame) -> pd.DataFrame:
    """Every computed growth metric for the given figures: CAGR, implied previous levels,
    growth from stated changes, required growth to targets and per-unit ratios.

    >>> sorted(set(all_results(ds.metrics).calculation))[:3]
    ['cagr', 'implied_previous', 'ratio per employee']
    """
    parts = [f(metrics) for f in (cagr_table, implied_previous_table, change_table,
                                  required_growth_table, ratio_table)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _frame([])


def _say(key: str, lang: str, **values) -> MarkdownText:
    return messages.say(f"growth.{key}", lang, **values)


def _text(key: str, lang: str, **values) -> str:
    return messages.text(f"growth.{key}", lang, **values)


def _label(r, lang: str, start: bool = True) -> str:
    """The indicator's label; in English capitalised where it starts a sentence."""
    label = r.label_zh if lang == "zh" else r.label_en
    return label[:1].upper() + label[1:] if start and lang == "en" else label


def _percent(value: float, digits: int) -> str:
    """A derived rate with no more digits than its inputs carry, and at most one decimal
    (two below 1%): 72.545 from 2-digit inputs is 73%, not 72.5%."""
    r = round_sig(value, digits)
    if not r:
        return "0%"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(r))))
    return f"{r:,.{min(decimals, 2 if abs(r) < 1 else 1)}f}%"


def _period_text(period: str, lang: str) -> str:
    """A result's period code for a reader: 2020/2023 → 2020–2023, 2024-01/2024-09 →
    2024年1—9月 / Jan–Sep 2024; other codes (2018, 2019→2023, dates) as they are."""
    if m := re.fullmatch(r"(\d{4})/(\d{4})", period):
        return f"{m[1]}–{m[2]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", period):
        y1, m1, y2, m2 = int(m[1]), int(m[2]), int(m[3]), int(m[4])
        if lang == "zh":
            return f"{y1}年{m1}—{m2}月" if y1 == y2 else f"{y1}年{m1}月—{y2}年{m2}月"
        names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
        return f"{names[m1 - 1]}–{names[m2 - 1]} {y2}" if y1 == y2 else \
            f"{names[m1 - 1]} {y1}–{names[m2 - 1]} {y2}"
    return period


def _caveat_texts(r, lang: str) -> list[str]:
    codes = [c for c in str(r.caveats or "").split("; ") if c]
    return [_text(f"caveat_{c}", lang, alternatives=r.alternatives or "") for c in codes]


def describe(results: pd.DataFrame, lang: str = "zh") -> MarkdownText:
    """One to three sentences reading the computed results (for a notebook), with names and
    labels escaped for Markdown; a required growth always with its caveats (another
    basis, a target range: both ends), an estimate always said.

    >>> print(describe(cagr_table(ds.metrics), "zh"))
    官庄先进制造业开发区地区生产总值2020—2023年年均增长5.3%。
    """
    if results.empty:
        return _say("no_results", lang)
    sentences = []
    for r in results[results.calculation == "cagr"].itertuples():
        a, b = r.period.split("/")
        key = "cagr_sentence_estimate" if r.status == "estimate" else "cagr_sentence"
        sentences.append(_say(key, lang, subject=r.subject_name if lang == "zh"
                              else r.subject_name_en, label=_label(r, lang), a=a, b=b,
                              value=_percent(r.value, r.sig_digits)))
    req = results[results.calculation == "required_growth"]
    for _, g in req.groupby("metric_ids", sort=False):
        r = g.iloc[0]
        notes = [_text("caveat_basis_differs", lang)] if "basis_differs" in r.caveats else []
        if r.status == "estimate":
            notes.append(_text("caveat_estimate_input", lang))
        if len(g) > 1:  # a target range: both ends, the faster first
            g = g.sort_values("years")
            lo, hi = g.iloc[-1], g.iloc[0]
            sentence = _say("required_range", lang, label=_label(r, lang, start=False),
                            fast=_percent(hi.value, hi.sig_digits),
                            slow=_percent(lo.value, lo.sig_digits),
                            fast_years=int(hi.years), slow_years=int(lo.years),
                            base=hi.period.split("→")[0])
        else:
            sentence = _say("required_one", lang, label=_label(r, lang, start=False),
                            value=_percent(r.value, r.sig_digits), years=int(r.years),
                            base=r.period.split("→")[0])
        if notes:
            sentence = _say("with_caveats", lang, sentence=sentence,
                            caveats=_text("caveat_join", lang).join(notes))
        sentences.append(sentence)
    if not sentences:
        sentences.append(_say("n_results", lang, n=len(results)))
    return join(" ", sentences[:3])


def _calculation(c: str, lang: str) -> str:
    if c.startswith("ratio "):
        return _text("calc_" + c.removeprefix("ratio ").replace(" ", "_").replace("-", "_"),
                     lang)
    return _text(f"calc_{c}", lang)


def _result_text(r, lang: str) -> str:
    digits = int(r.sig_digits) if pd.notna(r.sig_digits) else _MIN_SIG
    if r.unit == "%":
        shown = _percent(r.value, digits)
    elif r.unit.startswith("CNY"):
        shown = _amount(r.value, "CNY", lang, digits)
    else:
        shown = _amount(r.value, r.unit, lang, digits)
    return ("≈" if r.approximate else "") + shown


def present(results: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A readable version of computed results in ``lang``: values rounded to the digits
    their inputs carry, in the units a reader expects (亿元 / CNY billion), the status
    and the caveats in words, the formula on the stated figures, and the sources; the CSV
    keeps every column.

    >>> present(cagr_table(ds.metrics), "en")["Result"].tolist()
    ['5.3%']
    """
    h = {k: _text(f"col_{k}", lang) for k in (
        "subject", "indicator", "calculation", "period", "result", "status", "caveats",
        "formula", "sources")}
    return pd.DataFrame({
        h["subject"]: results.subject_name if lang == "zh" else results.subject_name_en,
        h["indicator"]: results.label_zh if lang == "zh" else results.label_en,
        h["calculation"]: [_calculation(c, lang) for c in results.calculation],
        h["period"]: [_period_text(p, lang) for p in results.period],
        h["result"]: [_result_text(r, lang) for r in results.itertuples()],
        h["status"]: [_text(f"status_{s}", lang) for s in results.status],
        h["caveats"]: [_text("caveat_join", lang).join(_caveat_texts(r, lang))
                       for r in results.itertuples()],
        h["formula"]: results.formula if lang == "zh" else results.formula_en,
        h["sources"]: results.source_ids,
    })
