"""One park on a page: header, sources, figures by group, industries, enterprises, projects,
policy formulas and conflicts, as presentation tables in Chinese or English.

>>> import parklens as pl
>>> ds = pl.load()
>>> policies(ds, "guanzhuang").query("名称 == '1+3+2工作体系'")["组成"].iloc[0].split("；")[0]
'1：聚力打造百亿级化工园区'
"""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MaxNLocator

from . import plotting
from .dataset import Dataset
from .display import format_figure, localized, present
from .markup import MarkdownText, join, md
from .messages import say, text

__all__ = ["header", "sources", "figure_counts", "figure_counts_chart", "industries",
           "enterprises", "projects", "policies", "conflicts", "describe_projects",
           "describe_conflicts", "STATUS_COLORS"]

#: The status colours of every chart (kept here under its old name for code that used it).
STATUS_COLORS = plotting.STATUS_COLORS


def _park(ds: Dataset, park_id: str) -> pd.Series:
    return ds.parks.set_index("park_id").loc[park_id]


def _terms(ds: Dataset, group: str) -> dict:
    return ds.vocab["terms"][group]


def _label(ds: Dataset, group: str, code, lang: str):
    entry = _terms(ds, group).get(code)
    return code if entry is None else entry[lang]


def header(ds: Dataset, park_id: str, lang: str = "zh") -> MarkdownText:
    """Markdown: names, type, level, location, leading industries, and what the data holds;
    every name and label escaped.

    >>> print(header(ds, "puyang", "en").splitlines()[4])
    - Location: Puyang, Henan
    >>> print(header(ds, "puyang", "zh").splitlines()[4])
    - 所在地：河南省濮阳市
    """
    p = _park(ds, park_id)
    level = _label(ds, "level", p.level, lang) if isinstance(p.level, str) else \
        text("common.not_stated", lang)
    lead = ds.industries[(ds.industries.park_id == park_id) &
                         (ds.industries.role == "leading")][f"label_{lang}"]
    n_fig = ds.metrics[ds.metrics.park_id == park_id].metric_id.nunique()
    n_src = int((ds.sources.park_id == park_id).sum())
    short = md("（{}）", p.short_zh) if isinstance(p.short_zh, str) else ""
    # zh: the Chinese name, the English below it; en: the English name, the Chinese below it
    # (the name a reader searches Chinese sources with)
    names = ([md("## {name}{short}", name=p.name_zh, short=short), md("*{}*", p.name_en)]
             if lang == "zh" else [md("## {}", p.name_en), md("*{}*", p.name_zh)])
    province, city = p.province, p.city
    # the places in English (pinyin) where ds.parks gives them
    province = localized(p, "province", lang, zh="province")
    city = localized(p, "city", lang, zh="city")
    lines = [
        *names,
        "",
        say("profile.type_level", lang, ptype=_label(ds, "park_type", p.type, lang),
            level=level),
        say("profile.location_zh", lang, province=province,
            city=city if isinstance(city, str) else ""),
        say("profile.leading", lang, lead=join(text("profile.list_separator", lang), lead)),
        say("profile.data", lang, n_fig=n_fig, n_src=n_src, n=n_src),
    ]
    return MarkdownText("\n").join(lines)


def sources(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The park's source documents with how their dates were established (the reference
    that the other tables' source column and the source lines use, not the file path)."""
    s = ds.sources[ds.sources.park_id == park_id]
    basis = {"printed": {"zh": text("profile.date_printed", "zh"),
                         "en": text("profile.date_printed", "en")},
             "inferred": {"zh": text("profile.date_inferred", "zh"),
                          "en": text("profile.date_inferred", "en")}}
    raw = s.assign(day=s.date.dt.strftime("%Y-%m-%d"))
    # the English title and outlet where the data gives them
    raw = raw.assign(title=localized(raw, "title", lang, zh="title"),
                     outlet=localized(raw, "outlet", lang, zh="outlet"))
    return present(raw, {"source_id": "profile.h_id", "title": "profile.h_title",
                         "outlet": "profile.h_outlet", "doc_type": "profile.h_type",
                         "day": "profile.h_date", "date_basis": "profile.h_date_basis",
                         "date_note": "profile.h_note"}, lang,
                   labels={"doc_type": _terms(ds, "doc_type"), "date_basis": basis})


def figure_counts(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """How many figures the park's documents state, by group and status (labels from the
    vocabulary: terms.yaml ``indicator_group`` and ``status``)."""
    m = ds.metrics[ds.metrics.park_id == park_id].drop_duplicates("metric_id")
    counts = m.groupby(["group", "status"]).size().unstack(fill_value=0)
    counts.index = [_label(ds, "indicator_group", g, lang) for g in counts.index]
    labels = {k: v[lang] for k, v in _terms(ds, "status").items()}
    return counts.rename(columns=labels)


def figure_counts_chart(ds: Dataset, park_id: str, lang: str = "zh"):
    """A stacked bar chart of :func:`figure_counts`, the largest group on top; returns the
    Axes.

    >>> ax = figure_counts_chart(ds, "puyang", "en")
    >>> ax.get_title(), len(ax.get_yticklabels()) == len(figure_counts(ds, "puyang", "en"))
    ('Figures by group', True)
    >>> all(float(t).is_integer() for t in ax.get_xticks())
    True
    >>> from matplotlib.colors import to_hex
    >>> legend = figure_counts_chart(ds, "guanzhuang", "en").get_legend()  # no estimates
    >>> [(t.get_text(), to_hex(h.get_facecolor())) for t, h in zip(legend.get_texts(),
    ...                                                            legend.legend_handles)]
    [('actual', '#2a6f97'), ('target', '#f4a261')]
    """
    counts = figure_counts(ds, park_id, lang)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    labels = {k: v[lang] for k, v in _terms(ds, "status").items()}
    color_of = {labels.get(k, k): c for k, c in plotting.STATUS_COLORS.items()}
    ax = plotting.stacked_barh(counts, title=text("profile.chart_title", lang),
                               xlabel=text("profile.chart_xlabel", lang),
                               colors=[color_of.get(c, "#999999") for c in counts.columns])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers only
    return ax


def industries(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The park's industries with role, GB/T 4754 code (and how sure the match is),
    strategic-emerging category and the output stated for them, in ``lang``."""
    i = ds.industries[ds.industries.park_id == park_id]
    gbt = [text("profile.code_with_confidence", lang, code=code,
                confidence=_label(ds, "code_confidence", conf, lang))
           for code, conf in zip(i.gbt4754, i.gbt4754_confidence)]
    sei_top = i.sei.where(i.sei.isna(), i.sei.astype(str).str.split(".").str[0])
    raw = i.assign(gbt=gbt, sei_top=sei_top)
    return present(raw, {f"label_{lang}": "profile.h_industry",
                         "name_stated": "profile.h_as_named", "role": "profile.h_role",
                         "gbt": "profile.h_gbt", "sei_top": "profile.h_sei",
                         "output_stated": "profile.h_output", "quote": "profile.h_quote"},
                   lang, labels={"role": _terms(ds, "industry_role"),
                                 "sei_top": _terms(ds, "sei_category")},
                   fill={"sei_top": "structure.not_sei", "output_stated": "common.not_stated"})


def enterprises(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The enterprises the documents name, anchors first."""
    e = ds.enterprises[ds.enterprises.park_id == park_id]
    order = ["chain_leader", "anchor", "key", "member", "partner"]
    e = e.assign(_o=e.role.map(order.index)).sort_values(["_o", "enterprise_id"])
    labels = ds.industry_codes.drop_duplicates("industry").set_index("industry")[
        f"label_{lang}"]
    raw = e.assign(name=localized(e, "name", lang),
                   industry_label=e.industry.map(labels))
    return present(raw, {"name": "profile.h_enterprise", "role": "profile.h_enterprise_role",
                         "industry_label": "profile.h_industry", "quote": "profile.h_quote"},
                   lang, labels={"role": _terms(ds, "enterprise_role")},
                   fill={"industry_label": "common.not_stated"})


def projects(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The named projects with status, and the investment and output stated for them."""
    p = ds.projects[ds.projects.park_id == park_id]
    m = ds.metrics[(ds.metrics.park_id == park_id) & (ds.metrics.subject_type == "project")]
    figs: dict[str, list[str]] = {}
    for r in m.drop_duplicates("metric_id").itertuples():
        figs.setdefault(r.subject, []).append(text(
            "profile.project_figure", lang, label=localized(r._asdict(), "label", lang),
            figure=format_figure(r, lang, units=ds.vocab.get("units"))))
    sep = text("profile.figures_sep", lang)
    raw = p.assign(name=localized(p, "name", lang),
                   figures=p.project_id.map(lambda k: sep.join(figs.get(k, [])) or None))
    return present(raw, {"name": "profile.h_project", "status": "profile.h_status",
                         "figures": "profile.h_figures", "quote": "profile.h_quote"}, lang,
                   labels={"status": _terms(ds, "project_status")},
                   fill={"figures": "common.not_stated"})


def policies(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """Policy formulas and slogans with their parts, where spelled out."""
    p = ds.policies[ds.policies.park_id == park_id]
    parts = ds.policy_parts[ds.policy_parts.park_id == park_id]
    joined: dict[str, list[str]] = {}
    for r in parts.itertuples():
        joined.setdefault(r.policy_id, []).append(text("profile.part", lang, key=r.key,
                                                       text=r.text))
    sep = text("profile.parts_separator", lang)
    name = localized(p, "name", lang, zh="name")
    raw = p.assign(shown=name, parts=p.policy_id.map(lambda k: sep.join(joined.get(k, []))))
    return present(raw, {"shown": "profile.h_name", "kind": "profile.h_kind",
                         "parts": "profile.h_parts", "quote": "profile.h_quote"}, lang,
                   labels={"kind": _terms(ds, "policy_kind")})


def conflicts(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The park's conflicting statements, each side as stated with its source and quote,
    and whether they disagree within one document or between two."""
    c = ds.conflicts()
    c = c[c.park_id == park_id]
    period = ds.metrics.drop_duplicates("metric_id").set_index("metric_id").period_stated

    def side(x: str) -> pd.Series:  # each side as its document words it: that is the evidence
        return c[f"stated_{x}"] + " (" + c[f"source_id_{x}"] + ")"

    where = {True: text("profile.same_document", lang),
             False: text("profile.different_documents", lang)}
    raw = c.assign(period_shown=c.metric_id_a.map(period), a=side("a"), b=side("b"),
                   where=c.within_source.map(lambda w: where[bool(w)]))
    return present(raw, {f"label_{lang}": "profile.h_indicator",
                         "period_shown": "profile.h_period", "a": "profile.h_statement_a",
                         "quote_a": "profile.h_quote_a", "b": "profile.h_statement_b",
                         "quote_b": "profile.h_quote_b", "where": "profile.h_where"}, lang)


def describe_projects(ds: Dataset, park_id: str, lang: str = "zh") -> MarkdownText:
    """A sentence counting the named projects by status (status labels escaped)."""
    p = ds.projects[ds.projects.park_id == park_id]
    if p.empty:
        return say("profile.no_projects", lang)
    counts = p.status.value_counts()
    parts = [say("profile.project_count", lang, label=_label(ds, "project_status", s, lang),
                 n=int(n)) for s, n in counts.items()]
    return say("profile.projects", lang, n=len(p),
               parts=join(text("profile.count_separator", lang), parts))


def describe_conflicts(ds: Dataset, park_id: str, table: pd.DataFrame,
                       lang: str = "zh") -> MarkdownText:
    """A sentence on how many disagreements there are."""
    if table.empty:
        return say("profile.no_conflicts", lang)
    n = table.iloc[:, 0].nunique()
    return say("profile.conflicts", lang, pairs=say("profile.pairs", lang, n=len(table)),
               indicators=say("profile.indicators", lang, n=int(n)))
