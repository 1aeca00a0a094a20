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
from .display import localized
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


def _status_rank(status: pd.Series) -> np.ndarray:
    """How weak each status is (``_STATUS_ORDER``); missing is actual, an unknown one counts
    as actual."""
    order = {s: i for i, s in enumerate(_STATUS_ORDER)}
    return status.fillna("actual").map(order).fillna(0).to_numpy()


def _add_code(codes: np.ndarray, flag, code: str) -> np.ndarray:
    """``code`` appended to the "; "-joined ``codes`` where ``flag`` holds."""
    flag = np.asarray(flag, dtype=bool)
    joined = np.where(codes == "", code, np.char.add(codes.astype(str), "; " + code))
    return np.where(flag, joined, codes).astype(object)


def _joined(long: pd.DataFrame, column: str, n: int, sep: str) -> list[str]:
    """For results 0..n-1, the distinct values of ``column`` of their source rows (``long``:
    one row per result and source row, in the order of the figures frame), ``sep``-joined."""
    distinct = long.drop_duplicates(["_r", column])
    joined = distinct.groupby("_r", sort=True)[column].agg(sep.join)
    return joined.reindex(range(n), fill_value="").tolist()


def _results(spec: pd.DataFrame, metrics: pd.DataFrame, formulas) -> pd.DataFrame:
    """The result rows of ``spec``, a whole table at once (a DataFrame per result row cost
    ~20 ms, minutes at 2,543 parks).

    ``spec`` has one row per result: ``id_a`` (the figure whose park, subject and labels the
    result takes), ``id_b`` (the other figure it was computed from), ``others`` (the ids of
    figures that could have served, "; "-joined), ``caveats`` (its own caveat codes,
    "; "-joined) and the columns of RESULT_COLUMNS it sets itself (``calculation, period,
    value, unit, approximate``, and ``years`` where there are years). ``formulas(a, b)``
    gives the formula columns (zh, en) from the two figures, aligned with ``spec``, each
    with ``en``: the figure in English units.
    """
    if spec.empty:
        return _empty()
    spec = spec.reset_index(drop=True)
    figures = metrics.drop_duplicates("metric_id").set_index("metric_id")
    a = figures.loc[spec.id_a].reset_index()
    b = figures.loc[spec.id_b].reset_index()
    used = pd.concat([a, b]).drop_duplicates("metric_id")
    en = dict(zip(used.metric_id, (_figure_en(r) for r in used.itertuples())))
    a["en"], b["en"] = a.metric_id.map(en), b.metric_id.map(en)
    out = a[["park_id", "subject", "subject_name", "subject_name_en", "indicator",
             "label_zh", "label_en"]].copy()
    for col in ("calculation", "period", "value", "unit", "approximate"):
        out[col] = spec[col].to_numpy()
    # the sources: every row (document) of both figures, in the order of the figures frame
    rows = metrics[["metric_id", "source_id", "quote"]].assign(_pos=np.arange(len(metrics)))
    ids = pd.DataFrame({"_r": np.tile(np.arange(len(spec)), 2),
                        "metric_id": np.concatenate([spec.id_a.to_numpy(), spec.id_b.to_numpy()])})
    long = ids.merge(rows, on="metric_id").drop_duplicates(["_r", "_pos"])
    long = long.sort_values(["_r", "_pos"], kind="stable").drop_duplicates(
        ["_r", "metric_id", "source_id"])
    out["metric_ids"] = _joined(long, "metric_id", len(spec), "; ")
    out["source_ids"] = _joined(long, "source_id", len(spec), "; ")
    out["quotes"] = _joined(long, "quote", len(spec), " | ")
    # what the inputs make of it: the weakest status, their caveats, their fewest digits
    rank_a, rank_b = _status_rank(a.status), _status_rank(b.status)
    status_a, status_b = a.status.fillna("actual").to_numpy(), b.status.fillna("actual").to_numpy()
    out["status"] = np.where(rank_b > rank_a, status_b, status_a)
    estimate = (a.status == "estimate").to_numpy() | (b.status == "estimate").to_numpy()
    qualified = (a.qualifier.fillna("exact") != "exact").to_numpy() | \
        (b.qualifier.fillna("exact") != "exact").to_numpy()
    others = spec.others.fillna("").to_numpy().astype(object)
    caveats = spec.caveats.fillna("").to_numpy().astype(object)
    own = caveats != ""
    caveats = _add_code(caveats, estimate, "estimate_input")
    caveats = _add_code(caveats, qualified, "qualified_input")
    out["caveats"] = _add_code(caveats, others != "", "alternatives")
    out["sig_digits"] = np.minimum(a.stated.map(_sig).to_numpy(), b.stated.map(_sig).to_numpy())
    out["years"] = spec["years"].to_numpy() if "years" in spec else math.nan
    out["formula"], out["formula_en"] = formulas(a, b)
    out["alternatives"] = others
    # another figure left unused does not make this one approximate; every other caveat does
    out["approximate"] = out.approximate.astype(bool).to_numpy() | own | estimate | qualified
    return out[RESULT_COLUMNS]


def _text_of(values) -> pd.Series:
    """Values as an f-string shows them."""
    return pd.Series([f"{v}" for v in values], dtype=object)


def _growth_rate(start, end, years) -> np.ndarray:
    """:func:`cagr` of whole columns, with its errors."""
    start, end, years = (np.asarray(x, dtype=float) for x in (start, end, years))
    if (years <= 0).any():
        raise ValueError(f"years must be positive, got {years[years <= 0][0]:g}")
    bad = (start <= 0) | (end < 0)
    if bad.any():
        raise ValueError(f"levels must be positive, got {start[bad][0]} and {end[bad][0]}")
    return ((end / start) ** (1 / years) - 1) * 100


def _empty() -> pd.DataFrame:
    """A table of no results, with the result columns."""
    return pd.DataFrame(columns=RESULT_COLUMNS)


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
    # one figure (the usual case): nothing to sort; the rule below gives it as well
    if (ids == ids[0]).all():  # pragma: no mutate (a shortcut: the same answer without it)
        return candidates.iloc[0], []
    c = candidates.drop_duplicates("metric_id")
    if "n_sources" not in c:
        c = c.assign(n_sources=1)  # pragma: no mutate (one count for all: any number ranks alike)
    ranked = _ranked(c).metric_id.tolist()
    return candidates[candidates.metric_id == ranked[0]].iloc[0], ranked[1:]


def _with_sources(metrics: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (figures) with ``n_sources``: how many documents state each."""
    n = metrics.groupby("metric_id").source_id.nunique()
    return rows.assign(n_sources=rows.metric_id.map(n).fillna(1).astype(int))


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


def _scales(unit: str, lang: str) -> list[tuple[float, str]]:
    """The scales in which a reader of ``lang`` counts ``unit`` (one of GROWTH_UNITS),
    largest first, each with its template: ``amount_<unit>`` of ``messages/growth.yaml``."""
    table = _text(f"amount_{unit}", lang, n="{n}")  # the template itself, {n} kept
    return [(10.0 ** int(power), template) for power, _, template in
            (scale.partition(": ") for scale in table.split(" | "))]


def _amount(value: float, unit: str, lang: str, digits: int) -> str:
    """An amount in the unit a reader of ``lang`` expects: 89.3 亿元 / CNY 8.93 billion."""
    # the scale of the rounded number: 99,999,999 at two digits is 1.0 亿元, not 10,000 万元
    value = round_sig(value, digits)
    if unit not in GROWTH_UNITS:  # a unit the catalogue does not spell: its code, as data
        return f"{_number(value, digits)} {unit}"
    scales = _scales(unit, lang)
    scale, template = next(((s, t) for s, t in scales if abs(value) >= s), scales[-1])
    return template.format(n=_number(value / scale, digits))


def _figure_en(r) -> str:
    """A stated figure in English units for an English formula (``CNY 8.87 billion``)."""
    if r.unit_base == "%" or str(r.stated).endswith("%"):
        return f"{_number(r.value, _sig(r.stated))}%"
    if isinstance(r.unit_base, str) and not math.isnan(r.value_base):
        return _amount(r.value_base, r.unit_base, "en", _sig(r.stated))
    return str(r.stated)


def _ranked(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (figures with ``n_sources``) in the order :func:`choose` prefers them."""
    rank = rows.assign(
        _status=rows.status.fillna("actual").map(
            lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else len(_STATUS_ORDER)),
        _approx=rows.qualifier.fillna("exact").ne("exact"), _sources=-rows.n_sources)
    rank = rank.sort_values(["_status", "_approx", "_sources", "metric_id"], kind="stable")
    return rank.drop(columns=["_status", "_approx", "_sources"])


def _pick(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One figure per ``keys`` among ``rows`` (figures with ``n_sources``, one row each): the
    one :func:`choose` picks, in the order of ``rows``, with ``others``: the ids of the
    figures of the same keys left unused ("; "-joined, empty where there was one)."""
    # choose()'s rule for every group at once (a call per group took seconds at scale):
    # rank the figures, keep each group's first, name the others
    rank = _ranked(rows)
    first = ~rank.duplicated(keys)
    others = (rank[~first].groupby(keys, sort=False).metric_id.agg("; ".join)
              .rename("others").reset_index())
    best = rank[first].sort_index()
    return best.merge(others, on=keys, how="left").fillna({"others": ""})


def _one_per(rows: pd.DataFrame, keys: list[str], metrics: pd.DataFrame) -> pd.DataFrame:
    """:func:`_pick` on ``rows`` with how many documents of ``metrics`` state each."""
    return _pick(_with_sources(metrics, rows), keys)


def _then(first, second) -> np.ndarray:
    """Two columns of "; "-joined ids as one, the first's ids first."""
    first = pd.Series(first, dtype=object).fillna("").to_numpy()
    second = pd.Series(second, dtype=object).fillna("").to_numpy()
    both = (first != "") & (second != "")
    return np.where(both, first + "; " + second, first + second).astype(object)


def _cagr_formulas(a, b, years):
    years = _text_of(years)
    return ("(" + a.stated.astype(str) + " / " + b.stated.astype(str) + ")^(1/" + years + ") - 1",
            "(" + a.en + " / " + b.en + ")^(1/" + years + ") - 1")


def _cagr_results(starts: pd.DataFrame, ends: pd.DataFrame, metrics: pd.DataFrame):
    """CAGR rows from the chosen start and end figures of each span (aligned rows)."""
    years = ends.year.to_numpy() - starts.year.to_numpy()
    spec = pd.DataFrame({
        "id_a": ends.metric_id.to_numpy(), "id_b": starts.metric_id.to_numpy(),
        "others": _then(starts.others, ends.others), "caveats": "",
        "calculation": "cagr",
        "period": (starts.period.astype(str) + "/" + ends.period.astype(str)).to_numpy(),
        "value": _growth_rate(starts.value_base, ends.value_base, years), "unit": "%",
        "approximate": False, "years": years})
    return _results(spec, metrics, lambda a, b: _cagr_formulas(a, b, spec.years))


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
    pick = [_pick(x.assign(_span=0), ["_span"]) for x in (a, b)]
    return _cagr_results(*pick, metrics)


def cagr_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """CAGR for every pair of yearly levels of one subject and indicator (first and last).

    >>> cagr_table(ds.metrics)[["park_id", "indicator", "period"]].values.tolist()
    [['guanzhuang', 'gdp', '2020/2023']]
    """
    lv = _levels(metrics)
    lv = lv[(lv.period_type == "year") & (lv.status == "actual")]
    keys = ["park_id", "subject", "indicator", "scope"]
    lv = lv.fillna({"scope": ""}).sort_values("year", kind="stable").drop_duplicates(
        keys + ["year"])
    spans = lv.groupby(keys, sort=True).agg(n=("year", "size"), first=("period", "first"),
                                            last=("period", "last"))
    spans = spans[spans.n >= 2].reset_index().assign(_span=lambda d: np.arange(len(d)))
    if spans.empty:
        return _empty()
    # the candidates of each end: the park's actual levels of the span's subject,
    # indicator and scope (none: no scope) stated for that period, as cagr_between takes them
    actual = metrics[metrics.status == "actual"]
    cand = _with_sources(actual, _levels(actual)).fillna({"scope": ""})
    ends = []
    for end in ("first", "last"):
        at = spans[keys + [end, "_span"]].rename(columns={end: "period"}).merge(
            cand, on=keys + ["period"])
        ends.append(_pick(at, ["_span"]).sort_values("_span"))
    starts, lasts = ends
    return _cagr_results(starts, lasts, metrics)


def _level_growth_pairs(metrics: pd.DataFrame):
    m = metrics.drop_duplicates("metric_id").fillna({"scope": ""})
    keys = ["park_id", "subject", "indicator", "scope", "period"]
    levels = m[(m.measure == "level") & m.value_base.notna() & m.unit_base.isin(GROWTH_UNITS)]
    growth = m[(m.measure == "yoy_growth") & m.value_base.notna()]
    return _one_per(levels, keys, metrics).merge(_one_per(growth, keys, metrics), on=keys,
                                                 suffixes=("", "_g"))


def implied_previous_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Previous-period levels implied by each stated level and its stated growth,
    labelled approximate (official growth is at comparable prices, same sample) and
    carrying the status of the level and the rate (an estimate in, an estimate out).

    >>> t = implied_previous_table(ds.metrics)
    >>> f"{t[t.indicator == 'industrial_value_added'].value.iloc[0] / 1e8:.2f}亿元"
    '22.46亿元'
    """
    pairs = _level_growth_pairs(metrics)
    spec = pd.DataFrame({
        "id_a": pairs.metric_id, "id_b": pairs.metric_id_g,
        "others": _then(pairs.others, pairs.others_g), "caveats": "comparable_prices",
        "calculation": "implied_previous", "period": _text_of(pairs.year - 1),
        "value": pairs.value_base / (1 + pairs.value_base_g / 100), "unit": pairs.unit_base,
        "approximate": True})
    return _results(spec, metrics, lambda a, b: (
        a.stated.astype(str) + " / (1 + " + b.stated.astype(str) + ")",
        a.en + " / (1 + " + b.en + ")"))


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
    spec = pd.DataFrame({
        "id_a": pairs.metric_id, "id_b": pairs.metric_id_c,
        "others": _then(pairs.others, pairs.others_c), "caveats": "",
        "calculation": "yoy_from_change", "period": pairs.period,
        "value": pairs.value_base_c / (pairs.value_base - pairs.value_base_c) * 100,
        "unit": "%", "approximate": False})
    return _results(spec, metrics, lambda a, b: (
        b.stated.astype(str) + " / (" + a.stated.astype(str) + " - " + b.stated.astype(str) + ")",
        b.en + " / (" + a.en + " - " + b.en + ")"))


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
    targets = targets.assign(_t=np.arange(len(targets)), _scope=targets.scope.fillna(""))
    levels = m[(m.status != "target") & (m.measure == "level") & m.value_base.notna()]
    levels = levels.dropna(subset=["park_id", "subject"]).assign(
        _scope=levels.scope.fillna(""))
    # each target beside the levels that could be its base: the same indicator or a
    # comparable basis, the same subject, unit and scope, an earlier year
    bases = pd.DataFrame([(t, b) for t, i in zip(targets._t, targets.indicator)
                          for b in (i,) + COMPARABLE_BASES.get(i, ())],
                         columns=["_t", "indicator"], dtype=object).astype({"_t": int})
    t_cols = targets[["_t", "park_id", "subject", "unit_base", "_scope", "year", "indicator"]]
    cand = bases.merge(t_cols.drop(columns="indicator"), on="_t").merge(
        levels, on=["park_id", "subject", "indicator", "unit_base", "_scope"],
        suffixes=("_t", ""))
    cand = cand.merge(t_cols[["_t", "indicator"]], on="_t", suffixes=("", "_target"))
    cand = cand[cand.year < cand.year_t]
    # the latest year; within it, the same basis before a comparable one, then choose()
    cand = cand[cand.year == cand.groupby("_t").year.transform("max")]
    same = cand.indicator == cand.indicator_target
    cand = cand[same | ~same.groupby(cand._t).transform("any")]
    if cand.empty:
        return _empty()
    base = _pick(cand.reset_index(drop=True), ["_t"])
    t = targets.set_index("_t").loc[base._t].reset_index()
    start_year = np.where(t.period_start.notna(), t.period_start.dt.year.fillna(0).astype(int),
                          t.year)
    ranged = ((t.period_type == "multi_year") & (start_year < t.year)).to_numpy()
    basis = (base.indicator != t.indicator).to_numpy()
    caveats = _add_code(np.full(len(t), "", dtype=object), basis, "basis_differs")
    caveats = _add_code(caveats, ranged, "target_range")
    # a target range gives a row for its nearer end too (where that is not its far end)
    near = np.maximum(start_year, base.year.to_numpy() + 1)
    both = ranged & (near < t.year.to_numpy())
    spec = pd.DataFrame({"_t": base._t, "id_a": t.metric_id, "id_b": base.metric_id,
                         "others": base.others, "caveats": caveats,
                         "end": t.year, "base_year": base.year, "base_period": base.period,
                         "t_value": t.value_base, "base_value": base.value_base})
    spec = pd.concat([spec[both].assign(end=near[both]), spec], ignore_index=True)
    spec = spec.sort_values(["_t", "end"], kind="stable").reset_index(drop=True)
    spec["years"] = spec.end - spec.base_year
    spec = spec.assign(
        calculation="required_growth",
        period=spec.base_period.astype(str) + "→" + _text_of(spec.end),
        value=_growth_rate(spec.base_value, spec.t_value, spec.years), unit="%",
        approximate=True)
    return _results(spec, metrics, lambda a, b: _cagr_formulas(a, b, spec.years))


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
    m = m[(m.status == "actual") & (m.subject == m.park_id) & m.scope.isna()]
    money = m[m.unit_base == "CNY"].sort_values("period_end", kind="stable")
    money = money.assign(_pos=np.arange(len(money)))
    parts = []
    for k, (den_ind, (per, numerators)) in enumerate(_RATIO_PAIRS.items()):
        dens = m[m.indicator == den_ind]
        # each park's latest level of each numerator, beside the park's counts
        nums = money[money.indicator.isin(numerators)].drop_duplicates(
            ["park_id", "indicator"], keep="last")
        pairs = nums[["park_id", "metric_id", "period_end"]].merge(
            dens, on="park_id", suffixes=("_n", ""))
        # the count stated nearest in time, the earlier of two as near, then choose()
        gap = (pairs.period_end - pairs.period_end_n).abs()
        pairs = pairs[gap.notna()]
        gap = gap[gap.notna()]
        pairs = pairs[gap == gap.groupby(pairs.metric_id_n).transform("min")]
        pairs = pairs[pairs.period_end ==
                      pairs.groupby("metric_id_n").period_end.transform("min")]
        d = _pick(pairs.reset_index(drop=True), ["metric_id_n"])
        n = nums.set_index("metric_id").loc[d.metric_id_n].reset_index()
        parts.append(pd.DataFrame({
            "park_id": n.park_id, "_k": k, "_pos": n._pos,
            "id_a": n.metric_id, "id_b": d.metric_id, "others": d.others,
            "caveats": np.where(n.period != d.period, "periods_differ", ""),
            "calculation": f"ratio {per}", "period": n.period,
            "value": n.value_base / d.value_base, "unit": f"CNY {per}",
            "approximate": n.period != d.period,
            "period_d": d.period}))
    spec = pd.concat(parts, ignore_index=True).sort_values(["park_id", "_k", "_pos"],
                                                           kind="stable")
    return _results(spec, metrics, lambda a, b: (
        a.stated.astype(str) + " (" + _text_of(spec.period) + ") / " + b.stated.astype(str) +
        " (" + _text_of(spec.period_d) + ")",
        a.en + " (" + _text_of(spec.period) + ") / " + b.en + " (" + _text_of(spec.period_d) +
        ")"))


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
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def _say(key: str, lang: str, **values) -> MarkdownText:
    return messages.say(f"growth.{key}", lang, **values)


def _text(key: str, lang: str, **values) -> str:
    return messages.text(f"growth.{key}", lang, **values)


def _label(r: pd.Series, lang: str) -> str:
    """The indicator's label of the result ``r`` in ``lang``."""
    return localized(r, "label", lang)


def _opening(words: str, lang: str) -> str:
    """``words`` as they start a sentence: capitalised in English (capitals are English
    orthography: a Chinese label starting with Latin letters keeps them)."""
    return words[:1].upper() + words[1:] if lang == "en" else words


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
        names = _text("month_names", lang).split()
        first, last = names[int(m[2]) - 1], names[int(m[4]) - 1]
        key = "months_of_a_year" if m[1] == m[3] else "months_of_two_years"
        return _text(key, lang, year=m[1], end_year=m[3], first=first, last=last)
    return period


def _caveat_texts(r, lang: str) -> list[str]:
    codes = [c for c in str(r.caveats or "").split("; ") if c]
    # only the caveat "alternatives" says them, and it is there only where there are some
    return [_text(f"caveat_{c}", lang, alternatives=r.alternatives) for c in codes]


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
    for _, r in results[results.calculation == "cagr"].iterrows():
        a, b = r.period.split("/")
        key = "cagr_sentence_estimate" if r.status == "estimate" else "cagr_sentence"
        sentences.append(_say(key, lang, subject=localized(r, "subject_name", lang,
                                                           zh="subject_name"),
                              label=_opening(_label(r, lang), lang), a=a, b=b,
                              value=_percent(r.value, r.sig_digits)))
    req = results[results.calculation == "required_growth"]
    for _, g in req.groupby("metric_ids", sort=False):
        r = g.iloc[0]
        notes = [_text("caveat_basis_differs", lang)] if "basis_differs" in r.caveats else []
        if r.status == "estimate":
            notes.append(_text("caveat_estimate_input", lang))
        if len(g) > 1:  # a target range: its two ends, the faster (fewer years) first
            # more rows than two ends (a range stated by several figures): the extremes
            ends = g.sort_values("years")
            hi, lo = ends.iloc[0], ends.iloc[-1]
            sentence = _say("required_range", lang, label=_label(r, lang),
                            fast=_percent(hi.value, hi.sig_digits),
                            slow=_percent(lo.value, lo.sig_digits),
                            fast_years=int(hi.years), slow_years=int(lo.years),
                            base=hi.period.split("→")[0])
        else:
            sentence = _say("required_one", lang, label=_label(r, lang),
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
        h["subject"]: localized(results, "subject_name", lang, zh="subject_name"),
        h["indicator"]: localized(results, "label", lang),
        h["calculation"]: [_calculation(c, lang) for c in results.calculation],
        h["period"]: [_period_text(p, lang) for p in results.period],
        h["result"]: [_result_text(r, lang) for r in results.itertuples()],
        h["status"]: [_text(f"status_{s}", lang) for s in results.status],
        h["caveats"]: [_text("caveat_join", lang).join(_caveat_texts(r, lang))
                       for r in results.itertuples()],
        h["formula"]: localized(results, "formula", lang, zh="formula"),
        h["sources"]: results.source_ids,
    })
