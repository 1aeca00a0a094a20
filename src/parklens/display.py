"""Figures for display: the value with its qualifier, unit and status visible, and a
presentation table of figures in Chinese or English.

>>> format_figure({"value": 70.0, "unit": "亿元", "qualifier": "nearly", "status": "actual"})
'<70 亿元'
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["format_figure", "figures_table"]

_STATUS = {"zh": {"actual": "", "estimate": "（预计）", "target": "（目标）"},
           "en": {"actual": "", "estimate": " (estimate)", "target": " (target)"}}
_HEADERS = {
    "zh": {"subject": "对象", "label": "指标", "period": "期间", "figure": "数值",
           "status": "状态", "source": "来源", "quote": "原文"},
    "en": {"subject": "Subject", "label": "Indicator", "period": "Period", "figure": "Figure",
           "status": "Status", "source": "Source", "quote": "Quote"},
}


def format_figure(row, lang: str = "zh") -> str:
    """A figure for display with its qualifier, unit and status visible:
    ``120+ 家``, ``≈3.3 万度``, ``<70 亿元``, ``≥500 亿元（目标）``, ``C级``.

    >>> format_figure({"value": 120.0, "unit": "家", "qualifier": "more_than",
    ...                "status": "actual", "value_text": None})
    '120+ 家'
    """
    get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
    text = get("value_text")
    if isinstance(text, str):
        shown = f"{text}{get('unit') or ''}"
    else:
        value = get("value")
        number = "" if value is None or (isinstance(value, float) and math.isnan(value)) \
            else f"{value:,.10g}"
        q = get("qualifier") or "exact"
        shown = {"more_than": f"{number}+", "nearly": f"<{number}", "about": f"≈{number}",
                 "at_least": f"≥{number}", "at_most": f"≤{number}",
                 "less_than": f"<{number}", "magnitude": f"~{number}"}.get(q, number)
        shown = f"{shown} {get('unit') or ''}".strip()
    return shown + _STATUS[lang].get(get("status") or "actual", "")


def figures_table(metrics: pd.DataFrame, lang: str = "zh", *, quotes: bool = False,
                  sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """A presentation table of figures in ``lang``: subject, indicator, period (as stated and
    normalized), the figure with qualifier and status, and the source document.

    >>> figures_table(ds.metrics.query("metric_id == 'gz_enterprises'"), "en").Figure.iloc[0]
    '120+ 家'
    """
    h = _HEADERS[lang]
    rows = metrics.drop_duplicates("metric_id")
    # the normalized code only where it adds something (今年 → 2024, 前三季度 → 2024-01/2024-09)
    same = [code in stated for code, stated in zip(rows.period, rows.period_stated)]
    period = rows.period_stated.where(same, rows.period_stated + " (" + rows.period + ")")
    out = pd.DataFrame({
        h["subject"]: rows.subject_name,
        h["label"]: rows[f"label_{lang}"],
        h["period"]: period,
        h["figure"]: [format_figure(r, lang) for r in rows.itertuples()],
        h["source"]: rows.source_id,
    })
    if sources is not None:
        when = sources.set_index("source_id").date.dt.strftime("%Y-%m-%d")
        out[h["source"]] = rows.source_id + " " + rows.source_id.map(when).fillna("")
    if quotes:
        out[h["quote"]] = rows.quote
    return out.reset_index(drop=True)


