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
from .display import format_figure
from .markup import MarkdownText, join, md

__all__ = ["header", "sources", "figure_counts", "figure_counts_chart", "industries",
           "enterprises", "projects", "policies", "conflicts", "describe_projects",
           "describe_conflicts"]

GROUP_LABELS = {
    "economy": ("经济总量", "economy"), "enterprises": ("市场主体", "enterprises"),
    "innovation": ("科技创新", "innovation"), "investment": ("投资与项目", "investment"),
    "land_environment": ("用地与环境", "land and environment"),
    "infrastructure": ("基础设施", "infrastructure"), "safety": ("安全", "safety"),
    "governance": ("治理与服务", "governance"), "resources": ("油气资源", "resources"),
    "livelihoods": ("民生", "livelihoods"), "time": ("时间与时效", "time"),
}


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _park(ds: Dataset, park_id: str) -> pd.Series:
    return ds.parks.set_index("park_id").loc[park_id]


def header(ds: Dataset, park_id: str, lang: str = "zh") -> MarkdownText:
    """Markdown: names, type, level, location, leading industries, and what the data holds;
    every name and label escaped.

    >>> print(header(ds, "puyang", "en").splitlines()[4])
    - Location: 濮阳市, 河南省
    """
    p = _park(ds, park_id)
    terms = ds.vocab["terms"]
    level = terms["level"][p.level][lang] if isinstance(p.level, str) else _t(lang, "未载明",
                                                                               "not stated")
    ptype = terms["park_type"][p.type][lang]
    lead = ds.industries[(ds.industries.park_id == park_id) &
                         (ds.industries.role == "leading")][f"label_{lang}"]
    n_fig = ds.metrics[ds.metrics.park_id == park_id].metric_id.nunique()
    n_src = (ds.sources.park_id == park_id).sum()
    city = p.city if isinstance(p.city, str) else ""
    where = md("{province}{city}" if lang == "zh" else "{city}, {province}",
               province=p.province, city=city)
    short = md("（{}）", p.short_zh) if isinstance(p.short_zh, str) else ""
    lines = [
        md("## {name}{short}", name=p.name_zh, short=short),
        md("*{}*", p.name_en),
        "",
        md(_t(lang, "- 类型: {ptype}; 级别: {level}", "- Type: {ptype}; level: {level}"),
           ptype=ptype, level=level),
        md(_t(lang, "- 所在地: {where}", "- Location: {where}"), where=where),
        md(_t(lang, "- 主导产业: {lead}", "- Leading industries: {lead}"),
           lead=join(_t(lang, "、", ", "), lead)),
        md(_t(lang, "- 数据: {n_fig} 个数字，来自{n_src}份文件",
              "- Data: {n_fig} figures from {n_src} documents"), n_fig=n_fig, n_src=n_src),
    ]
    return MarkdownText("\n").join(lines)


def sources(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The park's source documents with how their dates were established."""
    s = ds.sources[ds.sources.park_id == park_id]
    doc_types = ds.vocab["terms"]["doc_type"]
    return pd.DataFrame({
        _t(lang, "编号", "id"): s.source_id,
        _t(lang, "标题", "title"): s.title,
        _t(lang, "发布方", "outlet"): s.outlet,
        _t(lang, "类型", "type"): s.doc_type.map(lambda d: doc_types[d][lang]),
        _t(lang, "日期", "date"): s.date.dt.strftime("%Y-%m-%d"),
        _t(lang, "日期依据", "date basis"): s.date_basis.map(
            {"printed": _t(lang, "原文载明", "printed"), "inferred": _t(lang, "推断", "inferred")}),
        _t(lang, "说明", "note"): s.date_note,
        _t(lang, "文件", "file"): s.file,
    }).reset_index(drop=True)


def figure_counts(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """How many figures the park's documents state, by group and status."""
    m = ds.metrics[ds.metrics.park_id == park_id].drop_duplicates("metric_id")
    counts = m.groupby(["group", "status"]).size().unstack(fill_value=0)
    counts.index = [GROUP_LABELS[g][0 if lang == "zh" else 1] for g in counts.index]
    labels = {k: v[lang] for k, v in ds.vocab["terms"]["status"].items()}
    return counts.rename(columns=labels)


#: One colour per status, the same in every park's chart (a park without estimates must not
#: shift its targets to the estimates' colour).
STATUS_COLORS = {"actual": "#2a6f97", "estimate": "#89c2d9", "target": "#f4a261"}


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
    labels = {k: v[lang] for k, v in ds.vocab["terms"]["status"].items()}
    color_of = {labels.get(k, k): c for k, c in STATUS_COLORS.items()}
    ax = plotting.stacked_barh(counts, title=_t(lang, "各类数字的数量", "Figures by group"),
                               xlabel=_t(lang, "数字个数", "number of figures"),
                               colors=[color_of.get(c, "#999999") for c in counts.columns])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers only
    return ax


def industries(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The park's industries with role, GB/T 4754 code, strategic-emerging category and the
    output stated for them."""
    i = ds.industries[ds.industries.park_id == park_id]
    roles = ds.vocab["terms"]["industry_role"]
    return pd.DataFrame({
        _t(lang, "产业", "industry"): i[f"label_{lang}"],
        _t(lang, "原文称谓", "as named"): i.name_stated,
        _t(lang, "地位", "role"): i.role.map(lambda r: roles[r][lang]),
        "GB/T 4754": i.gbt4754 + " (" + i.gbt4754_confidence + ")",
        _t(lang, "战新类别", "SEI"): i.sei,
        _t(lang, "产值（原文）", "output (stated)"): i.output_stated,
        _t(lang, "出处", "quote"): i.quote,
    }).reset_index(drop=True)


def enterprises(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The enterprises the documents name, anchors first."""
    e = ds.enterprises[ds.enterprises.park_id == park_id]
    order = ["chain_leader", "anchor", "key", "member", "partner"]
    e = e.assign(_o=e.role.map(order.index)).sort_values(["_o", "enterprise_id"])
    roles = ds.vocab["terms"]["enterprise_role"]
    labels = ds.industry_codes.drop_duplicates("industry").set_index("industry")[
        f"label_{lang}"]
    return pd.DataFrame({
        _t(lang, "企业", "enterprise"): e.name_zh if lang == "zh" else e.name_en.fillna(e.name_zh),
        _t(lang, "角色", "role"): e.role.map(lambda r: roles[r][lang]),
        _t(lang, "产业", "industry"): e.industry.map(labels),
        _t(lang, "出处", "quote"): e.quote,
    }).reset_index(drop=True)


def projects(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The named projects with status, and the investment and output stated for them."""
    p = ds.projects[ds.projects.park_id == park_id]
    statuses = ds.vocab["terms"]["project_status"]
    m = ds.metrics[(ds.metrics.park_id == park_id) & (ds.metrics.subject_type == "project")]
    figs: dict[str, str] = {}
    for r in m.drop_duplicates("metric_id").itertuples():
        text = f"{r.label_zh if lang == 'zh' else r.label_en} {format_figure(r, lang)}"
        figs[r.subject] = f"{figs[r.subject]}; {text}" if r.subject in figs else text
    return pd.DataFrame({
        _t(lang, "项目", "project"): p.name_zh if lang == "zh" else p.name_en.fillna(p.name_zh),
        _t(lang, "状态", "status"): p.status.map(lambda s: statuses[s][lang]),
        _t(lang, "数字", "figures"): p.project_id.map(figs).fillna(""),
        _t(lang, "出处", "quote"): p.quote,
    }).reset_index(drop=True)


def policies(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """Policy formulas and slogans with their parts, where spelled out."""
    p = ds.policies[ds.policies.park_id == park_id]
    parts = ds.policy_parts[ds.policy_parts.park_id == park_id]
    joined: dict[str, str] = {}
    for r in parts.itertuples():
        text = f"{r.key}：{r.text}"
        joined[r.policy_id] = f"{joined[r.policy_id]}；{text}" if r.policy_id in joined else text
    kinds = ds.vocab["terms"]["policy_kind"]
    return pd.DataFrame({
        _t(lang, "名称", "name"): p.name,
        _t(lang, "类型", "kind"): p.kind.map(lambda k: kinds[k][lang]),
        _t(lang, "组成", "parts"): p.policy_id.map(joined).fillna(""),
        _t(lang, "出处", "quote"): p.quote,
    }).reset_index(drop=True)


def conflicts(ds: Dataset, park_id: str, lang: str = "zh") -> pd.DataFrame:
    """The park's conflicting statements, each side as stated with its source and quote."""
    c = ds.conflicts()
    c = c[c.park_id == park_id]
    return pd.DataFrame({
        _t(lang, "指标", "indicator"): c[f"label_{lang}"],
        _t(lang, "期间", "period"): c.period,
        _t(lang, "说法甲", "statement A"): c.stated_a + " (" + c.source_id_a + ")",
        _t(lang, "原文甲", "quote A"): c.quote_a,
        _t(lang, "说法乙", "statement B"): c.stated_b + " (" + c.source_id_b + ")",
        _t(lang, "原文乙", "quote B"): c.quote_b,
        _t(lang, "同一文件内", "same document"): c.within_source,
    }).reset_index(drop=True)


def describe_projects(ds: Dataset, park_id: str, lang: str = "zh") -> MarkdownText:
    """A sentence counting the named projects by status (status labels escaped)."""
    p = ds.projects[ds.projects.park_id == park_id]
    if p.empty:
        return md(_t(lang, "文件未列出具体项目。", "The documents name no projects."))
    statuses = ds.vocab["terms"]["project_status"]
    counts = p.status.value_counts()
    parts = [md("{label} {n}", label=statuses[s][lang], n=n) for s, n in counts.items()]
    return md(_t(lang, "文件点名{n}个项目：{parts}。", "The documents name {n} projects: {parts}."),
              n=len(p), parts=join(_t(lang, "，", ", "), parts))


def describe_conflicts(ds: Dataset, park_id: str, table: pd.DataFrame,
                       lang: str = "zh") -> MarkdownText:
    """A sentence on how many disagreements there are."""
    if table.empty:
        return md(_t(lang, "该园区的文件之间没有相互矛盾的数字。",
                     "The park's documents do not contradict each other on any figure."))
    n = table.iloc[:, 0].nunique()
    return md(_t(lang, "共有{pairs}组说法不一致，涉及{n}项指标；两种说法均予保留。",
                 "{pairs} pairs of statements disagree, on {n} indicators; both sides are "
                 "kept."), pairs=len(table), n=n)
