"""Industry structure: leading industries, the park × industry matrix on GB/T 4754 codes and
strategic-emerging categories, output shares and concentration, anchors and clusters.

>>> import parklens as pl
>>> ds = pl.load()
>>> s = output_shares(ds)
>>> round(s[s.park_id == "guanzhuang"].hhi.iloc[0])
7093
"""

from __future__ import annotations

import pandas as pd

from .dataset import Dataset
from .display import (format_count, format_figure, format_number, localized, present,
                      round_to_inputs)
from .markup import MarkdownText, join
from .messages import say, text

__all__ = ["leading_industries", "industry_matrix", "output_shares", "concentration",
           "anchor_enterprises", "cluster_counts", "role_scores", "role_labels",
           "leading_table", "matrix_table", "shares_table", "anchors_table", "clusters_table",
           "describe_leading", "describe_shares", "MIN_PARTS", "MIN_COVERAGE"]

#: Fewer parts than this give no concentration verdict: any two shares give an HHI of at
#: least 5,000, whatever the park's structure.
MIN_PARTS = 3
#: The share of the park's stated total output the parts must cover for an HHI: shares of a
#: few stated parts say nothing about the concentration of the whole.
MIN_COVERAGE = 0.8
#: What a park's total output is stated as, in order of preference.
_TOTALS = ("output_value", "industrial_output")


def _terms(ds: Dataset, group: str) -> dict:
    return ds.vocab["terms"][group]


def leading_industries(ds: Dataset, lang: str = "zh") -> pd.DataFrame:
    """One row per park and leading industry, with its GB/T 4754 code and the quote.

    >>> leading_industries(ds).query("park_id == 'nanyang_hitech'").industry_label.tolist()
    ['光电信息', '防爆装备']
    """
    ind = ds.industries[ds.industries.role == "leading"]
    out = ind.assign(park=ind.park_id.map(_park_names(ds, lang)),
                     industry_label=localized(ind, "label", lang))
    return out[["park_id", "park", "industry", "industry_label", "gbt4754",
                "gbt4754_confidence", "sei", "source_id", "quote"]].reset_index(drop=True)


def industry_matrix(ds: Dataset, by: str = "industry", lang: str = "zh",
                    roles: tuple[str, ...] | None = None,
                    parks: list[str] | None = None) -> pd.DataFrame:
    """Park × industry matrix; each cell holds the industry's role in the park (or is empty).

    ``by``: ``"industry"`` (the vocabulary's industries), ``"gbt4754"`` (every GB/T 4754-2017
    code an industry maps to; a code is present if any industry maps to it) or ``"sei"`` (the
    top-level strategic-emerging category). Rows are park names in ``lang``.

    >>> industry_matrix(ds, by="sei", lang="en").loc["Puyang Industrial Park", "3 new materials"]
    'leading'

    The cells hold role codes (``leading``): :func:`role_labels` writes them for people.
    """
    ind = ds.industries if roles is None else ds.industries[ds.industries.role.isin(roles)]
    if parks is not None:
        ind = ind[ind.park_id.isin(parks)]
    names = _park_names(ds, lang)
    if by == "industry":
        long = ind.assign(column=localized(ind, "label", lang))
    elif by == "gbt4754":
        codes = ds.industry_codes[["industry", "code", "code_zh"]]
        long = ind.merge(codes, on="industry")
        if lang == "zh":
            long = long.assign(column=long.code + " " + long.code_zh)
        else:  # the classification's names are Chinese: name a class by the industries in it
            english = ind.set_index("industry").label_en.groupby(level=0).first()
            named = long.assign(name=long.industry.map(english)).groupby("code").name.agg(
                lambda n: "; ".join(dict.fromkeys(n.dropna())))
            long = long.assign(column=long.code + " (" + long.code.map(named) + ")")
    elif by == "sei":
        long = ind[ind.sei.notna()]
        top = long.sei.str.split(".").str[0]
        categories = _terms(ds, "sei_category")
        label = top.map(lambda k: categories[k][lang] if k in categories else "")
        long = long.assign(column=top + " " + label)
    else:
        raise ValueError(f"by must be 'industry', 'gbt4754' or 'sei', got {by!r}")
    # a cell two industries share keeps the stronger role (terms.yaml: industry_role.order)
    order = {code: entry["order"] for code, entry in _terms(ds, "industry_role").items()}
    long = long.assign(rank=long.role.map(order))
    best = long.sort_values("rank", kind="stable").drop_duplicates(["park_id", "column"])
    matrix = best.pivot(index="park_id", columns="column", values="role")
    matrix.index = matrix.index.map(names)
    matrix.index.name, matrix.columns.name = None, None
    return matrix.reindex(sorted(matrix.columns), axis=1)


def role_scores(matrix: pd.DataFrame, *, ds: Dataset) -> pd.DataFrame:
    """The matrix of :func:`industry_matrix` as numbers for colouring: each role's ``score``
    in the vocabulary (terms.yaml ``industry_role``; leading highest).

    >>> role_scores(industry_matrix(ds, parks=["puyang"]), ds=ds).loc["濮阳工业园区", "涂料"].item()
    4.0
    """
    scores = {code: entry["score"] for code, entry in _terms(ds, "industry_role").items()}
    return matrix.apply(lambda col: col.map(scores)).astype(float)


def role_labels(matrix: pd.DataFrame, lang: str = "zh", *, ds: Dataset) -> pd.DataFrame:
    """The matrix of :func:`industry_matrix` with roles written in ``lang`` as the
    vocabulary (terms.yaml ``industry_role``) labels them (blank if absent).

    >>> role_labels(industry_matrix(ds, parks=["puyang"]), "zh", ds=ds).loc["濮阳工业园区", "涂料"]
    '主导产业'
    """
    roles = {code: entry[lang] for code, entry in _terms(ds, "industry_role").items()}
    return matrix.apply(lambda col: col.map(roles)).fillna("")


def matrix_table(matrix: pd.DataFrame, lang: str, *, ds: Dataset, first: str) -> pd.DataFrame:
    """The park × category matrix for reading: one row per category (its header the message
    ``first``, e.g. ``"structure.gbt4754"``), one column per park, roles in words. Turned on
    its side so that a long list of codes runs down the page and no column is squeezed.

    >>> t = matrix_table(industry_matrix(ds, by="gbt4754", parks=["puyang"]), "zh", ds=ds,
    ...                  first="structure.gbt4754")
    >>> t.set_index("国民经济行业（GB/T 4754-2017）").loc["C2641 涂料制造", "濮阳工业园区"]
    '主导产业'
    """
    shown = role_labels(matrix, lang, ds=ds).T
    shown.index.name = text(first, lang)
    shown.columns.name = None
    return shown.reset_index()


def output_shares(ds: Dataset) -> pd.DataFrame:
    """Shares of each park's stated industry outputs and their Herfindahl–Hirschman index
    (Σ s², × 10,000). Shares are of the stated parts, not of the park's total output; a
    qualified value (近70亿元) enters at its stated number and the row is flagged. Only
    outputs stated for the same period are compared: each park's most common period (the
    annual scale figures), so that a year-to-date figure of a sub-industry is left out."""
    m = ds.metrics
    out = m[(m.subject_type == "industry") & (m.indicator == "output_value") &
            (m.measure == "level") & (m.status == "actual") & m.value_base.notna()]
    out = out.drop_duplicates(["park_id", "subject"])
    # each park's most common period (of equally common ones, the first in sort order)
    counts = out.groupby(["park_id", "period"]).size().rename("n").reset_index()
    mode = counts.sort_values(["park_id", "n", "period"], ascending=[True, False, True],
                              kind="stable").drop_duplicates("park_id")
    g = out.merge(mode[["park_id", "period"]], on=["park_id", "period"])
    g = g.sort_values("park_id", kind="stable").reset_index(drop=True)
    by_park = g.groupby("park_id").value_base
    share = g.value_base / by_park.transform("sum")
    labels = ds.industries.drop_duplicates(["park_id", "industry"]).set_index(
        ["park_id", "industry"]).label_en
    return pd.DataFrame({
        "park_id": g.park_id, "industry": g.subject, "label_zh": g.subject_name,
        "label_en": labels.reindex(pd.MultiIndex.from_arrays([g.park_id, g.subject])).values,
        "stated": g.stated, "period": g.period, "value_base": g.value_base,
        "share_pct": share * 100,
        "hhi": (share ** 2).groupby(g.park_id).transform("sum") * 10_000,
        "n_parts": by_park.transform("size"), "approximate": g.qualifier != "exact",
        "source_id": g.source_id, "quote": g.quote})


def concentration(ds: Dataset, shares: pd.DataFrame | None = None, *,
                  min_parts: int = MIN_PARTS, min_coverage: float = MIN_COVERAGE
                  ) -> pd.DataFrame:
    """The concentration of each park's stated industry outputs, where the data can show it.

    One row per park of ``shares`` (default: :func:`output_shares`): ``n_parts``, the parts'
    sum, the park's own total output stated for the same period (``total_stated``, its
    ``total_indicator``; none where the documents give none), ``coverage_pct`` (the parts'
    sum as a share of that total), and the HHI (Σ s² × 10,000 of the parts' shares of
    their sum) only where the parts cover at least ``min_coverage`` of the total; otherwise
    NaN, with ``reason`` ``no_total`` or ``low_coverage``. ``verdict`` (``high`` above 2,500,
    ``moderate`` above 1,500, ``low``) only from ``min_parts`` parts or more (else reason
    ``few_parts``). ``approximate`` when any part is a qualified figure (近70亿元); ``status``
    the weakest status of the figures used (target < estimate < actual).

    >>> c = concentration(ds).set_index("park_id").loc["guanzhuang"]
    >>> int(c.n_parts), c.reason, bool(c.hhi == c.hhi)
    (2, 'no_total,few_parts', False)
    """
    shares = output_shares(ds) if shares is None else shares
    m = ds.metrics
    totals = m[(m.subject_type == "park") & m.indicator.isin(_TOTALS) &
               (m.measure == "level") & m.scope.isna() & m.value_base.notna()]
    rank = {"target": 0, "estimate": 1, "actual": 2}
    rows = []
    for park, g in shares.groupby("park_id", sort=False):
        parts = g.value_base.sum()
        stated = totals[(totals.park_id == park) & totals.period.isin(set(g.period))]
        stated = stated.assign(_pref=stated.indicator.map(_TOTALS.index),
                               _rank=stated.status.map(rank))
        stated = stated.sort_values(["_rank", "_pref"], ascending=[False, True])
        total = stated.iloc[0] if len(stated) else None
        coverage = parts / total.value_base * 100 if total is not None else float("nan")
        statuses = list(g.get("status", pd.Series(["actual"] * len(g))))
        if total is not None:
            statuses.append(total.status)
        hhi, verdict, reason = float("nan"), None, None
        if total is None:
            reason = "no_total"
        elif coverage < min_coverage * 100:
            reason = "low_coverage"
        else:
            hhi = float(((g.value_base / parts) ** 2).sum() * 10_000)
        if len(g) < min_parts:
            reason = reason or "few_parts"
            if reason != "few_parts":
                reason = f"{reason},few_parts"
        elif hhi == hhi:
            verdict = "high" if hhi > 2500 else "moderate" if hhi > 1500 else "low"
        rows.append({
            "park_id": park, "n_parts": int(len(g)), "parts_base": parts,
            "total_indicator": None if total is None else total.indicator,
            "total_stated": None if total is None else total.stated,
            "total_base": float("nan") if total is None else total.value_base,
            "coverage_pct": coverage, "hhi": hhi, "verdict": verdict, "reason": reason,
            "approximate": bool(g.approximate.any()) or (
                total is not None and total.qualifier != "exact"),
            "status": min(statuses, key=rank.get)})
    return pd.DataFrame(rows, columns=["park_id", "n_parts", "parts_base", "total_indicator",
                                       "total_stated", "total_base", "coverage_pct", "hhi",
                                       "verdict", "reason", "approximate", "status"])


def anchor_enterprises(ds: Dataset, roles: tuple[str, ...] = ("anchor", "chain_leader", "key"),
                       lang: str = "zh") -> pd.DataFrame:
    """Anchor enterprises (龙头), chain leaders (链主) and key enterprises per park and
    industry, with the sentence that names them.

    >>> anchor_enterprises(ds, roles=("chain_leader",)).name_zh.tolist()
    ['启泰制药']
    """
    e = ds.enterprises[ds.enterprises.role.isin(roles)]
    labels = localized(ds.industry_codes.drop_duplicates("industry").set_index("industry"),
                       "label", lang)
    out = e.assign(industry_label=e.industry.map(labels),
                   role_order=e.role.map(list(roles).index))
    out = out.sort_values(["park_id", "role_order", "industry"])
    return out[["park_id", "enterprise_id", "name_zh", "name_en", "role", "role_zh",
                "industry", "industry_label", "source_id", "quote"]].reset_index(drop=True)


def cluster_counts(ds: Dataset) -> pd.DataFrame:
    """Enterprise counts by cluster: the counts the documents state for an industry
    (光学企业160多家) beside the number of enterprises the documents name in it.

    >>> cluster_counts(ds).dropna(subset=["stated"]).stated.tolist()
    ['8家', '70余家', '160多家']
    """
    m = ds.metrics
    stated = m[(m.subject_type == "industry") & (m.indicator == "enterprises") &
               (m.measure == "level")].drop_duplicates(["park_id", "subject"])
    named = ds.enterprises.dropna(subset=["industry"]).groupby(
        ["park_id", "industry"]).size().rename("named_enterprises")
    out = stated.rename(columns={"subject": "industry"})[
        ["park_id", "industry", "subject_name", "stated", "value", "qualifier", "value_low",
         "value_high", "period", "source_id", "quote"]]
    out = out.merge(named.reset_index(), on=["park_id", "industry"], how="outer")
    out["named_enterprises"] = out["named_enterprises"].fillna(0).astype("int64")
    labels = ds.industry_codes.drop_duplicates("industry").set_index("industry")
    out["label_zh"] = out.industry.map(labels.label_zh)
    out["label_en"] = out.industry.map(labels.label_en)
    return out.sort_values(["park_id", "industry"]).reset_index(drop=True)


def _park_names(ds: Dataset, lang: str) -> pd.Series:
    """park_id → the park's name in ``lang`` (the Chinese where no English is given)."""
    return localized(ds.parks.set_index("park_id"), "name", lang)


def leading_table(ds: Dataset, lead: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`leading_industries` for reading: park, industry, GB/T 4754 class with its name,
    how sure that match is, strategic-emerging category, quote; in ``lang``.

    >>> leading_table(ds, leading_industries(ds).query("park_id == 'puyang'"), "en").columns[:2].tolist()
    ['Park', 'Industry']
    """
    codes = ds.industry_codes.drop_duplicates(["industry", "code"]).set_index(
        ["industry", "code"]).code_zh
    gbt = [code if lang != "zh" or (ind, code) not in codes.index
           else f"{code} {codes.loc[(ind, code)]}"
           for ind, code in zip(lead.industry, lead.gbt4754)]
    sei_top = lead.sei.where(lead.sei.isna(), lead.sei.astype(str).str.split(".").str[0])
    raw = lead.assign(park=lead.park_id.map(_park_names(ds, lang)), gbt=gbt, sei_top=sei_top)
    return present(raw, {"park": "structure.park", "industry_label": "structure.industry",
                         "gbt": "structure.gbt4754",
                         "gbt4754_confidence": "structure.code_confidence",
                         "sei_top": "structure.sei", "quote": "structure.quote"}, lang,
                   labels={"gbt4754_confidence": _terms(ds, "code_confidence"),
                           "sei_top": _terms(ds, "sei_category")},
                   fill={"sei_top": "structure.not_sei", "gbt": "structure.no_code"})


def shares_table(ds: Dataset, shares: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`output_shares` for reading: park, industry, output as stated, share of the
    stated parts rounded to the digits its inputs have (近70亿元 and 15亿元: 82%, not 82.35%).

    >>> shares_table(ds, output_shares(ds), "zh").iloc[0].tolist()[1:4]
    ['石油化工', '近70亿元', '82']
    """
    inputs = shares.groupby("park_id").value_base.transform(
        lambda v: [list(v)] * len(v)) if len(shares) else shares.value_base
    share = [round_to_inputs(s, [v / 1e8 for v in vs])
             for s, vs in zip(shares.share_pct, inputs)]
    raw = shares.assign(park=shares.park_id.map(_park_names(ds, lang)),
                        label=localized(shares, "label", lang), share=share)
    return present(raw, {"park": "structure.park", "label": "structure.industry",
                         "stated": "structure.stated", "share": "structure.share",
                         "quote": "structure.quote"}, lang,
                   formats={"share": format_number})


def anchors_table(ds: Dataset, anchors: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`anchor_enterprises` for reading: park, enterprise (its English name in en),
    its role and industry in words, the quote."""
    raw = anchors.assign(park=anchors.park_id.map(_park_names(ds, lang)),
                         name=localized(anchors, "name", lang))
    return present(raw, {"park": "structure.park", "name": "structure.enterprise",
                         "role": "structure.enterprise_role",
                         "industry_label": "structure.industry", "quote": "structure.quote"},
                   lang, labels={"role": _terms(ds, "enterprise_role")},
                   fill={"industry_label": "common.not_stated"})


def clusters_table(ds: Dataset, clusters: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`cluster_counts` for reading, without empty cells: park, cluster, the count the
    documents state (``160+ 家``; "未披露" where they state none) and how many enterprises
    they name in it (a whole number).

    >>> t = clusters_table(ds, cluster_counts(ds), "en")
    >>> bool((t == "").any().any()), t["Named enterprises"].iloc[0].isdigit()
    (False, True)
    """
    stated = [format_figure({"value": v, "unit": "家", "qualifier": q, "status": "actual"},
                            lang) if v == v else None
              for v, q in zip(clusters.value, clusters.qualifier)]
    raw = clusters.assign(park=clusters.park_id.map(_park_names(ds, lang)),
                          label=localized(clusters, "label", lang).fillna(clusters.industry),
                          stated_count=stated)
    return present(raw, {"park": "structure.park", "label": "structure.cluster",
                         "stated_count": "structure.stated_count",
                         "named_enterprises": "structure.named_enterprises"}, lang,
                   formats={"named_enterprises": format_count},
                   fill={"stated_count": "common.not_stated"})


def describe_leading(leading: pd.DataFrame, lang: str = "zh") -> MarkdownText:
    """A sentence per park naming its leading industries (names escaped for Markdown).

    >>> print(describe_leading(leading_industries(ds).query("park_id == 'puyang'")))
    濮阳工业园区以新型化工、涂料为主导产业。
    """
    sep = text("structure.list_separator", lang)
    return join(" ", [say("structure.leading", lang, park=park, names=join(sep, g.industry_label))
                      for park, g in leading.groupby("park", sort=False)])


def describe_shares(shares: pd.DataFrame, lang: str = "zh", *,
                    ds: Dataset | None = None) -> MarkdownText:
    """A reading of output shares and, where the data can show it, concentration (see
    :func:`concentration`); labels escaped for Markdown. With fewer than three parts, or
    parts that cover too little (or an unknown share) of the park's total, it says why
    there is no verdict instead of giving one.

    >>> print(describe_shares(output_shares(ds), "en", ds=ds)[:60])
    Guanzhuang Advanced Manufacturing Development Zone: of the 2
    """
    if shares.empty:
        return say("structure.no_outputs", lang)
    if ds is None:
        raise TypeError("describe_shares needs ds= (the park names and the parks' totals)")
    names = _park_names(ds, lang)
    conc = concentration(ds, shares).set_index("park_id")
    out = []
    for park, g in shares.groupby("park_id", sort=False):
        top = g.sort_values("share_pct").iloc[-1]
        share = round_to_inputs(top.share_pct, [v / 1e8 for v in g.value_base])
        out.append(say("structure.top_share", lang, park=names.get(park, park), n=len(g),
                       label=localized(top, "label", lang),
                       share=format_number(share)))
        c = conc.loc[park]
        total_label = "" if c.total_indicator is None else \
            ds.vocab["indicators"][c.total_indicator][lang]
        coverage = format_number(round_to_inputs(c.coverage_pct, [c.parts_base / 1e8,
                                                                 c.total_base / 1e8]))
        reasons = (c.reason or "").split(",")
        if c.hhi == c.hhi:
            hhi = format_number(round_to_inputs(c.hhi, [v / 1e8 for v in g.value_base]), 0)
            verdict = text(f"structure.verdict_{c.verdict}", lang) if c.verdict else ""
            if verdict:
                out.append(say("structure.hhi", lang, hhi=hhi, verdict=verdict,
                               coverage=coverage, total_label=total_label))
        if "no_total" in reasons:
            out.append(say("structure.no_total", lang))
        if "low_coverage" in reasons:
            out.append(say("structure.low_coverage", lang, coverage=coverage,
                           total_label=total_label, floor=round(MIN_COVERAGE * 100)))
        if "few_parts" in reasons:
            out.append(say("structure.few_parts", lang, n=len(g)))
    return join(" ", out)
