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
from .markup import MarkdownText, join, md

__all__ = ["SEI_CATEGORIES", "leading_industries", "industry_matrix", "output_shares",
           "anchor_enterprises", "cluster_counts"]

#: Top level of 战略性新兴产业分类 (2018).
SEI_CATEGORIES = {
    "1": ("新一代信息技术产业", "new-generation IT"), "2": ("高端装备制造产业", "high-end equipment"),
    "3": ("新材料产业", "new materials"), "4": ("生物产业", "biotech"),
    "5": ("新能源汽车产业", "new-energy vehicles"), "6": ("新能源产业", "new energy"),
    "7": ("节能环保产业", "energy saving and environment"),
    "8": ("数字创意产业", "digital creative"), "9": ("相关服务业", "related services"),
}
_ROLE_ORDER = ["leading", "emerging", "future", "traditional", "supporting"]


def _lang_col(lang: str) -> str:
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return f"label_{lang}"


def leading_industries(ds: Dataset, lang: str = "zh") -> pd.DataFrame:
    """One row per park and leading industry, with its GB/T 4754 code and the quote.

    >>> leading_industries(ds).query("park_id == 'nanyang_hitech'").industry_label.tolist()
    ['光电信息', '防爆装备']
    """
    ind = ds.industries[ds.industries.role == "leading"]
    parks = ds.parks.set_index("park_id")
    name = "name_zh" if lang == "zh" else "name_en"
    out = ind.assign(park=ind.park_id.map(parks[name]), industry_label=ind[_lang_col(lang)])
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
    """
    ind = ds.industries if roles is None else ds.industries[ds.industries.role.isin(roles)]
    if parks is not None:
        ind = ind[ind.park_id.isin(parks)]
    names = ds.parks.set_index("park_id")["name_zh" if lang == "zh" else "name_en"]
    if by == "industry":
        col = ind[_lang_col(lang)]
        long = ind.assign(column=col)
    elif by == "gbt4754":
        codes = ds.industry_codes[["industry", "code", "code_zh"]]
        long = ind.merge(codes, on="industry")
        long = long.assign(column=long.code + (" " + long.code_zh if lang == "zh" else ""))
    elif by == "sei":
        long = ind[ind.sei.notna()]
        top = long.sei.str.split(".").str[0]
        label = top.map(lambda k: SEI_CATEGORIES[k][0 if lang == "zh" else 1])
        long = long.assign(column=top + " " + label)
    else:
        raise ValueError(f"by must be 'industry', 'gbt4754' or 'sei', got {by!r}")
    long = long.assign(rank=long.role.map(_ROLE_ORDER.index))
    best = long.sort_values("rank").drop_duplicates(["park_id", "column"])
    matrix = best.pivot(index="park_id", columns="column", values="role")
    matrix.index = matrix.index.map(names)
    matrix.index.name, matrix.columns.name = None, None
    return matrix.reindex(sorted(matrix.columns), axis=1)


_ROLE_SCORE = {"leading": 4.0, "emerging": 3.0, "future": 2.5, "traditional": 2.0,
               "supporting": 1.0}
_ROLE_LABEL = {"zh": {"leading": "主导", "emerging": "新兴", "future": "未来",
                      "traditional": "传统", "supporting": "配套"},
               "en": {"leading": "leading", "emerging": "emerging", "future": "future",
                      "traditional": "traditional", "supporting": "supporting"}}


def role_scores(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix of :func:`industry_matrix` as numbers for colouring (leading highest).

    >>> role_scores(industry_matrix(ds, parks=["puyang"])).loc["濮阳工业园区", "涂料"].item()
    4.0
    """
    return matrix.apply(lambda col: col.map(_ROLE_SCORE)).astype(float)


def role_labels(matrix: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The matrix of :func:`industry_matrix` with roles written in ``lang`` (blank if absent).

    >>> role_labels(industry_matrix(ds, parks=["puyang"]), "zh").loc["濮阳工业园区", "涂料"]
    '主导'
    """
    return matrix.apply(lambda col: col.map(_ROLE_LABEL[lang])).fillna("")


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


def anchor_enterprises(ds: Dataset, roles: tuple[str, ...] = ("anchor", "chain_leader", "key"),
                       lang: str = "zh") -> pd.DataFrame:
    """Anchor enterprises (龙头), chain leaders (链主) and key enterprises per park and
    industry, with the sentence that names them.

    >>> anchor_enterprises(ds, roles=("chain_leader",)).name_zh.tolist()
    ['启泰制药']
    """
    e = ds.enterprises[ds.enterprises.role.isin(roles)]
    labels = ds.industry_codes.drop_duplicates("industry").set_index("industry")[
        _lang_col(lang)]
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


def describe_leading(leading: pd.DataFrame, lang: str = "zh") -> MarkdownText:
    """A sentence per park naming its leading industries (names escaped for Markdown).

    >>> print(describe_leading(leading_industries(ds).query("park_id == 'puyang'")))
    濮阳工业园区以新型化工、涂料、电池为主导产业。
    """
    out = []
    for park, g in leading.groupby("park", sort=False):
        out.append(md("{park}以{names}为主导产业。" if lang == "zh" else
                      "{park} names {names} as its leading industries.",
                      park=park, names=join("、" if lang == "zh" else ", ", g.industry_label)))
    return join(" ", out)


def describe_shares(shares: pd.DataFrame, lang: str = "zh") -> MarkdownText:
    """A reading of output shares and concentration (labels escaped for Markdown).

    >>> print(describe_shares(output_shares(ds), "en")[:60])
    Of the 2 industries with a stated output, petrochemicals acc
    """
    if shares.empty:
        return md("所选园区的文件没有分产业的产值数字。" if lang == "zh" else
                  "The documents of the chosen parks state no output by industry.")
    out = []
    for park, g in shares.groupby("park_id", sort=False):
        top = g.sort_values("share_pct").iloc[-1]
        label = top.label_zh if lang == "zh" else top.label_en
        hhi = g.hhi.iloc[0]
        level = ("高度集中" if hhi > 2500 else "较为集中" if hhi > 1500 else "分散") \
            if lang == "zh" else ("highly concentrated" if hhi > 2500 else
                                  "moderately concentrated" if hhi > 1500 else "diverse")
        out.append(md(
            "在已披露产值的{n}个产业中，{label}占{share:.0f}%，HHI为{hhi:,.0f}（{level}）。"
            if lang == "zh" else
            "Of the {n} industries with a stated output, {label} accounts for {share:.0f}%; "
            "the HHI is {hhi:,.0f} ({level}).",
            n=len(g), label=label, share=top.share_pct, hhi=hhi, level=level))
    return join(" ", out)
