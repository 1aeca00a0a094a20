"""Growth metrics computed from stated figures, each result carrying its sources.

Every function returns a tidy DataFrame with one row per result and the columns
``park_id, subject, indicator, label_zh, label_en, calculation, period, value, unit,
approximate, formula, metric_ids, source_ids, quotes`` so that a number in a chart can be
traced to the sentences it was computed from.

>>> import parklens as pl
>>> ds = pl.load()
>>> r = cagr_between(ds.metrics, "guanzhuang", "gdp", "2020", "2023")
>>> f"{r.value.iloc[0]:.2f}{r.unit.iloc[0]}"
'5.29%'
"""

from __future__ import annotations

import math

import pandas as pd

from .markup import MarkdownText, join, md

__all__ = [
    "RESULT_COLUMNS", "cagr", "required_growth", "implied_previous",
    "cagr_between", "cagr_table", "implied_previous_table", "change_table",
    "required_growth_table", "contribution", "ratio_table",
]

RESULT_COLUMNS = ["park_id", "subject", "subject_name", "subject_name_en", "indicator", "label_zh", "label_en",
                  "calculation", "period", "value", "unit", "approximate", "formula",
                  "metric_ids", "source_ids", "quotes"]

#: Base units of quantities whose growth is meaningful (money and physical output); counts
#: of enterprises or projects are flows with shifting scopes and are left out.
GROWTH_UNITS = ("CNY", "t", "m3", "kWh", "m2")

#: Indicators whose target may be compared with a level on another basis, flagged as such
#: (a target for 规上 value added against a level not labelled 规上).
COMPARABLE_BASES = {
    "industrial_value_added_above_scale": ("industrial_value_added",),
    "industrial_output_above_scale": ("industrial_output",),
}


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


def _result(first: pd.Series, rows: pd.DataFrame, **values) -> dict:
    out = {"park_id": first.park_id, "subject": first.subject,
           "subject_name": first.subject_name, "subject_name_en": first.subject_name_en,
           "indicator": first.indicator,
           "label_zh": first.label_zh, "label_en": first.label_en}
    out.update(values)
    out.update(_sources(rows))
    return out


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _levels(metrics: pd.DataFrame) -> pd.DataFrame:
    lv = metrics[(metrics.measure == "level") & metrics.value_base.notna()]
    return lv.drop_duplicates(["metric_id"])


def cagr_between(metrics: pd.DataFrame, park_id: str, indicator: str, start_period: str,
                 end_period: str, subject: str | None = None) -> pd.DataFrame:
    """CAGR between two stated levels of one indicator, e.g. a GDP level in 2020 and 2023.

    Periods are period codes (``"2020"``); the number of years is the difference of the
    years the periods end in.

    >>> cagr_between(ds.metrics, "guanzhuang", "gdp", "2020", "2023").formula.iloc[0]
    '(88.7亿元 / 76亿元)^(1/3) - 1'
    """
    lv = _levels(metrics)
    lv = lv[(lv.park_id == park_id) & (lv.indicator == indicator) &
            (lv.subject == (subject or park_id))]
    a, b = lv[lv.period == start_period], lv[lv.period == end_period]
    if a.empty or b.empty:
        have = ", ".join(sorted(lv.period.unique())) or "none"
        raise ValueError(f"{park_id}/{indicator}: need levels for {start_period} and "
                         f"{end_period}; stated periods: {have}")
    a0, b0 = a.iloc[0], b.iloc[0]
    years = b0.year - a0.year
    value = cagr(a0.value_base, b0.value_base, years)
    src = metrics[metrics.metric_id.isin([a0.metric_id, b0.metric_id])]
    approx = bool({a0.qualifier, b0.qualifier} - {"exact"})
    return _frame([_result(
        b0, src, calculation="cagr", period=f"{a0.period}/{b0.period}", value=value,
        unit="%", approximate=approx,
        formula=f"({b0.stated} / {a0.stated})^(1/{years}) - 1")])


def _results(metrics: pd.DataFrame, first: pd.Series, other: pd.Series,
             **columns) -> pd.DataFrame:
    """Result rows, one per element of ``first`` (a metric id, whose first row in ``metrics``
    gives the park, subject, indicator and labels) with the sources of that metric and of
    ``other``'s, as :func:`_result` gives them, computed for all rows at once (merges and
    group joins: a mask of the whole frame per result made the tables quadratic)."""
    n = len(first)
    if n == 0:
        return _frame([])
    ident = ["park_id", "subject", "subject_name", "subject_name_en", "indicator", "label_zh",
             "label_en"]
    # the rows of the metrics named, in the order of ``metrics`` (as _sources reads them)
    cited = metrics.loc[metrics.metric_id.isin(set(first) | set(other)),
                        ["metric_id", "source_id", "quote", *ident]].reset_index(drop=True)
    head = cited.drop_duplicates("metric_id").set_index("metric_id")
    who = head.loc[list(first), ident].reset_index(drop=True)
    wanted = pd.DataFrame({"result": list(range(n)) * 2,
                           "metric_id": list(first) + list(other)}).drop_duplicates()
    rows = wanted.merge(cited[["metric_id", "source_id", "quote"]].reset_index(names="row"),
                        on="metric_id")
    rows = rows.sort_values(["result", "row"], kind="stable").drop_duplicates(
        ["result", "metric_id", "source_id"])

    def joined(column: str, sep: str) -> pd.Series:
        once = rows.drop_duplicates(["result", column])
        return once.groupby("result", sort=True)[column].agg(sep.join).reindex(range(n))

    out = who.assign(**{k: v if isinstance(v, str) else list(v) for k, v in columns.items()},
                     metric_ids=joined("metric_id", "; ").values,
                     source_ids=joined("source_id", "; ").values,
                     quotes=joined("quote", " | ").values)
    return out[RESULT_COLUMNS]


def cagr_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """CAGR for every pair of yearly levels of one subject and indicator (first and last).

    >>> cagr_table(ds.metrics)[["park_id", "indicator", "period"]].values.tolist()
    [['guanzhuang', 'gdp', '2020/2023']]
    """
    levels = _levels(metrics).fillna({"scope": ""})
    lv = levels[(levels.period_type == "year") & (levels.status == "actual")]
    keys = ["park_id", "subject", "indicator", "scope"]
    lv = lv.sort_values("year", kind="stable").drop_duplicates(
        keys + ["year"])
    spans = lv.groupby(keys).agg(n=("year", "size"), first=("period", "first"),
                                 last=("period", "last"))
    spans = spans[spans.n >= 2].reset_index()
    # The two levels cagr_between would take for each span: of the levels stated for the
    # first and the last period (any status), the first stated of each. Picked here for all
    # spans at once: a cagr_between call per span costs ~10 ms of pandas overhead (5 s at
    # 2,543 parks); tests/test_linear.py checks that this agrees with cagr_between.
    cand = levels.reset_index(drop=True).reset_index(names="row")

    def level_at(period: str) -> pd.DataFrame:
        hit = spans.reset_index(names="span").merge(
            cand, left_on=keys + [period], right_on=keys + ["period"])
        return hit.sort_values(["span", "row"], kind="stable").drop_duplicates("span")

    a, b = level_at("first"), level_at("last")
    years = list(b.year.values - a.year.values)
    return _results(
        metrics, b.metric_id, a.metric_id, calculation="cagr",
        period=[f"{x}/{y}" for x, y in zip(a.period, b.period)],
        value=[cagr(x, y, n) for x, y, n in zip(a.value_base, b.value_base, years)],
        unit="%",
        approximate=[bool({x, y} - {"exact"}) for x, y in zip(a.qualifier, b.qualifier)],
        formula=[f"({y} / {x})^(1/{n}) - 1" for x, y, n in zip(a.stated, b.stated, years)])


def _level_growth_pairs(metrics: pd.DataFrame):
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    keys = ["park_id", "subject", "indicator", "scope", "period"]
    levels = m[(m.measure == "level") & m.value_base.notna() & m.unit_base.isin(GROWTH_UNITS)]
    growth = m[(m.measure == "yoy_growth") & m.value_base.notna()]
    return levels.merge(growth, on=keys, suffixes=("", "_g"))


def implied_previous_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Previous-period levels implied by each stated level and its stated growth,
    labelled approximate (official growth is at comparable prices, same sample).

    >>> t = implied_previous_table(ds.metrics)
    >>> f"{t[t.indicator == 'industrial_value_added'].value.iloc[0] / 1e8:.2f}亿元"
    '22.46亿元'
    """
    p = _level_growth_pairs(metrics)
    return _results(
        metrics, p.metric_id, p.metric_id_g, calculation="implied_previous",
        period=[f"{y - 1}" for y in p.year],
        value=[implied_previous(a, g) for a, g in zip(p.value_base, p.value_base_g)],
        unit=p.unit_base, approximate=[True] * len(p),
        formula=[f"{a} / (1 + {g})" for a, g in zip(p.stated, p.stated_g)])


def change_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Growth implied by a stated level and its stated absolute change (同比增产6495吨):
    previous = level - change, growth = change / previous.

    >>> f"{change_table(ds.metrics).value.iloc[0]:.2f}%"
    '0.77%'
    """
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    keys = ["park_id", "subject", "indicator", "scope", "period"]
    pairs = m[(m.measure == "level") & m.value_base.notna()].merge(
        m[(m.measure == "change") & m.value_base.notna()], on=keys, suffixes=("", "_c"))
    p = pairs[pairs.unit_base == pairs.unit_base_c]
    return _results(
        metrics, p.metric_id, p.metric_id_c, calculation="yoy_from_change", period=p.period,
        value=[c / (a - c) * 100 for a, c in zip(p.value_base, p.value_base_c)],
        unit=["%"] * len(p), approximate=[False] * len(p),
        formula=[f"{c} / ({a} - {c})" for a, c in zip(p.stated, p.stated_c)])


def required_growth_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Annual growth required to reach each stated target from the latest stated level of
    the same subject and indicator before it (or a comparable basis, flagged).

    >>> f"{required_growth_table(ds.metrics).value.iloc[0]:.1f}%"
    '50.5%'
    """
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    targets = m[(m.status == "target") & (m.measure == "level") & m.value_base.notna() &
                m.unit_base.isin(GROWTH_UNITS)]
    actual = m[(m.status != "target") & (m.measure == "level") & m.value_base.notna()]
    if targets.empty:
        return _frame([])
    # each target once per indicator its base may have: its own, then comparable ones
    bases = targets.indicator.map(lambda i: (i,) + COMPARABLE_BASES.get(i, ()))
    want = targets.reset_index(drop=True).assign(target=range(len(targets)),
                                                 basis=list(bases)).explode("basis")
    keys = ["park_id", "subject", "unit_base", "scope"]
    pairs = want.merge(actual.reset_index(drop=True).reset_index(names="row"),
                       left_on=keys + ["basis"], right_on=keys + ["indicator"],
                       suffixes=("", "_b"))
    pairs = pairs[pairs.year_b < pairs.year]
    # the latest level before the target (of equal years, the last stated)
    p = pairs.sort_values(["target", "year_b", "row"], kind="stable").drop_duplicates(
        "target", keep="last").sort_values("target")
    years = p.year - p.year_b
    note = ["" if b == t else f" [basis differs: target {t}, level {b}]"
            for t, b in zip(p.indicator, p.indicator_b)]
    return _results(
        metrics, p.metric_id, p.metric_id_b, calculation="required_growth",
        period=[f"{b}→{t}" for b, t in zip(p.period_b, p.period)],
        value=[required_growth(b, t, y) for b, t, y in zip(p.value_base_b, p.value_base, years)],
        unit=["%"] * len(p), approximate=[True] * len(p),
        formula=[f"({t} / {b})^(1/{y}) - 1{n}"
                 for t, b, y, n in zip(p.stated, p.stated_b, years, note)])


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


_RATIO_NUMERATORS = ("gdp", "industrial_output", "industrial_output_above_scale",
                     "industrial_value_added", "output_value", "revenue", "tax_revenue")
_RATIO_DENOMINATORS = {"employees": "per employee", "enterprises": "per enterprise",
                       "enterprises_above_scale": "per above-scale enterprise",
                       "industrial_enterprises_above_scale":
                           "per above-scale industrial enterprise"}


def ratio_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-employee and per-enterprise ratios of each park's stated money levels, using the
    count stated nearest in time; ``approximate`` is set where the two periods differ.

    >>> r = ratio_table(ds.metrics)
    >>> f"{r[r.calculation == 'ratio per employee'].value.iloc[0] / 1e4:.1f}万元"
    '73.9万元'
    """
    m = _levels(metrics)
    m = m[(m.status == "actual") & (m.subject == m.park_id) & m.scope.isna()]
    m = m.reset_index(drop=True).reset_index(names="row")
    # each park's latest level of each numerator
    nums = m[m.indicator.isin(_RATIO_NUMERATORS) & (m.unit_base == "CNY")]
    nums = nums.sort_values(["park_id", "period_end"], kind="stable").drop_duplicates(
        ["park_id", "indicator"], keep="last")
    nums = nums.assign(order=range(len(nums)))
    dens = m[m.indicator.isin(list(_RATIO_DENOMINATORS))].assign(
        per=lambda d: d.indicator.map(_RATIO_DENOMINATORS),
        den_order=lambda d: d.indicator.map(list(_RATIO_DENOMINATORS).index))
    pairs = nums.merge(dens, on="park_id", suffixes=("", "_d"))
    # for each numerator and denominator, the count stated nearest in time (first stated
    # of equal distance)
    pairs = pairs.assign(distance=(pairs.period_end_d - pairs.period_end).abs())
    p = pairs.sort_values(["order", "den_order", "distance", "row_d"], kind="stable")
    p = p.drop_duplicates(["order", "den_order"]).sort_values(
        ["park_id", "den_order", "order"], kind="stable")
    return _results(
        metrics, p.metric_id, p.metric_id_d, calculation=[f"ratio {x}" for x in p.per],
        period=p.period, value=list(p.value_base / p.value_base_d),
        unit=[f"CNY {x}" for x in p.per],
        approximate=[bool(a != b or q != "exact")
                     for a, b, q in zip(p.period, p.period_d, p.qualifier_d)],
        formula=[f"{n} ({a}) / {d} ({b})"
                 for n, a, d, b in zip(p.stated, p.period, p.stated_d, p.period_d)])


def stated_growth(metrics: pd.DataFrame) -> pd.DataFrame:
    """The growth rates the documents state themselves (同比, 年均), one row per figure.

    >>> stated_growth(ds.metrics.query("park_id == 'nanyang_hitech'")).stated.tolist()[:3]
    ['7.5%', '11.2%', '7.2%']
    """
    m = metrics[metrics.measure.isin(["yoy_growth", "avg_annual_growth"])]
    return m.drop_duplicates("metric_id").reset_index(drop=True)


def all_results(metrics: pd.DataFrame) -> pd.DataFrame:
    """Every computed growth metric for the given figures: CAGR, implied previous levels,
    growth from stated changes, required growth to targets and per-unit ratios.

    >>> sorted(set(all_results(ds.metrics).calculation))[:3]
    ['cagr', 'implied_previous', 'ratio per above-scale enterprise']
    """
    parts = [f(metrics) for f in (cagr_table, implied_previous_table, change_table,
                                  required_growth_table, ratio_table)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _frame([])


def describe(results: pd.DataFrame, lang: str = "zh") -> MarkdownText:
    """One or two sentences reading the computed results (for a notebook), with names and
    labels escaped for Markdown.

    >>> print(describe(cagr_table(ds.metrics), "zh"))
    官庄先进制造业开发区地区生产总值2020—2023年年均增长5.3%。
    """
    if results.empty:
        return md("所选园区的文件没有给出可以相互推算的数字（同一指标的两个年份、或总量与增速）。"
                  if lang == "zh" else "The documents of the chosen parks state no figures "
                  "that can be combined (two years of one indicator, or a level and its growth).")
    sentences = []
    for r in results[results.calculation == "cagr"].itertuples():
        a, b = r.period.split("/")
        sentences.append(
            md("{subject}{label}{a}—{b}年年均增长{value:.1f}%。", subject=r.subject_name,
               label=r.label_zh, a=a, b=b, value=r.value) if lang == "zh" else
            md("{label} of {subject} grew {value:.1f}% a year from {a} to {b}.",
               label=r.label_en[0].upper() + r.label_en[1:], subject=r.subject_name_en,
               value=r.value, a=a, b=b))
    req = results[results.calculation == "required_growth"]
    for r in req.itertuples():
        sentences.append(
            md("要实现{label}目标，每年需增长约{value:.1f}%（{period}）。" if lang == "zh"
               else "Reaching the {label} target needs about {value:.1f}% a year ({period}).",
               label=r.label_zh if lang == "zh" else r.label_en, value=r.value,
               period=r.period))
    if not sentences:
        sentences.append(md("共计算{n}项派生指标，见下表。" if lang == "zh" else
                            "{n} derived figures are computed; see the table.", n=len(results)))
    return join(" ", sentences[:3])


_CALC_LABELS = {
    "cagr": ("年均复合增长率", "CAGR"),
    "implied_previous": ("推算上期水平（近似）", "implied previous level (approx.)"),
    "yoy_from_change": ("由增量推算的增速", "growth from stated change"),
    "required_growth": ("实现目标所需年均增速", "growth required for target"),
}


def present(results: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A readable version of computed results in ``lang``: rounded values with units, the
    formula on the stated figures, and the sources; the CSV keeps every column.

    >>> present(cagr_table(ds.metrics), "en")["result"].tolist()
    ['5.3%']
    """
    zh = lang == "zh"

    def calc(c: str) -> str:
        if c.startswith("ratio "):
            per = c.removeprefix("ratio ")
            return f"人均/户均（{per}）" if zh else per
        return _CALC_LABELS.get(c, (c, c))[0 if zh else 1]

    def value(r) -> str:
        if r.unit == "%":
            return f"{r.value:.1f}%"
        if r.unit.startswith("CNY"):
            return f"{r.value / 1e4:,.1f} 万元" if zh else f"CNY {r.value:,.0f}"
        return f"{r.value:,.4g} {r.unit}"

    return pd.DataFrame({
        "对象" if zh else "subject": results.subject_name if zh else results.subject_name_en,
        "指标" if zh else "indicator": results.label_zh if zh else results.label_en,
        "计算" if zh else "calculation": [calc(c) for c in results.calculation],
        "期间" if zh else "period": results.period,
        "结果" if zh else "result": [value(r) for r in results.itertuples()],
        "近似" if zh else "approximate": results.approximate.map(
            {True: "是" if zh else "yes", False: ""}),
        "算式" if zh else "formula": results.formula,
        "来源" if zh else "sources": results.source_ids,
    })
