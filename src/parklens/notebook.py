"""What every analysis notebook needs: checked parameters, tables and charts shown and
(optionally) written to ``output_dir``, figures formatted with period and qualifier, and the
sources of what is shown.

>>> ctx = setup("guanzhuang", "zh", None, notebook="02_growth_metrics")
>>> ctx.park_ids
['guanzhuang']
>>> setup("nowhere", "zh", None, notebook="02_growth_metrics")
Traceback (most recent call last):
...
parklens.notebook.ParameterError: unknown park_id 'nowhere'. Valid values: 'guanzhuang', 'nanyang_hitech', 'puyang', 'suqian_eco_chem', 'all'
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .dataset import Dataset, load
from .export import save_figure, write_csv

__all__ = ["ParameterError", "Context", "setup", "format_figure", "figures_table",
           "LANGS"]

LANGS = ("zh", "en")
_STATUS = {"zh": {"actual": "", "estimate": "（预计）", "target": "（目标）"},
           "en": {"actual": "", "estimate": " (estimate)", "target": " (target)"}}
_HEADERS = {
    "zh": {"subject": "对象", "label": "指标", "period": "期间", "figure": "数值",
           "status": "状态", "source": "来源", "quote": "原文"},
    "en": {"subject": "Subject", "label": "Indicator", "period": "Period", "figure": "Figure",
           "status": "Status", "source": "Source", "quote": "Quote"},
}


class ParameterError(ValueError):
    """A notebook parameter with a value the notebook cannot use; says which are valid."""


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


@dataclass
class Context:
    """The state of one notebook run: dataset, the parks chosen, language and output."""

    ds: Dataset
    park_id: str
    park_ids: list[str]
    lang: str
    notebook: str
    output_dir: Path | None
    written: list[Path] = field(default_factory=list)

    @property
    def out(self) -> Path | None:
        """``output_dir/<notebook name>/``, or None when nothing is written."""
        return None if self.output_dir is None else self.output_dir / self.notebook

    def t(self, zh: str, en: str) -> str:
        """Pick the text for the notebook's language."""
        return zh if self.lang == "zh" else en

    def park_name(self, park_id: str | None = None) -> str:
        parks = self.ds.parks.set_index("park_id")
        return parks.loc[park_id or self.park_ids[0], "name_zh" if self.lang == "zh"
                         else "name_en"]

    @property
    def title(self) -> str:
        if self.park_id == "all":
            return self.t("全部园区", "All parks")
        return self.park_name()

    def metrics(self) -> pd.DataFrame:
        """The metrics of the chosen parks."""
        return self.select(self.ds.metrics)

    def select(self, df: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``df`` (any table with a ``park_id`` column) for the chosen parks."""
        return df[df.park_id.isin(self.park_ids)].reset_index(drop=True)

    def table(self, df: pd.DataFrame, name: str, show: pd.DataFrame | None = None):
        """Write ``df`` as ``<name>.csv`` (UTF-8 with BOM) when output_dir is set; return
        ``show`` (a presentation version, default ``df``) for display, without the index."""
        if self.out is not None:
            self.written.append(write_csv(df, self.out / f"{name}.csv"))
        shown = df if show is None else show
        # escape: cells hold text taken from documents, which must show as text in HTML
        return shown.style.hide(axis="index").format(precision=2, thousands=",", na_rep="",
                                                     escape="html")

    def figure(self, ax_or_fig, name: str):
        """Write a chart as ``<name>.png`` when output_dir is set; return the figure."""
        fig = getattr(ax_or_fig, "figure", ax_or_fig)
        if self.out is not None:
            self.written.append(save_figure(fig, self.out / f"{name}.png"))
        return fig

    def sources_note(self, rows: pd.DataFrame) -> str:
        """A line naming the documents (title, outlet, date) behind ``rows``."""
        ids = list(dict.fromkeys(rows.source_id.dropna()))
        src = self.ds.sources.set_index("source_id")
        parts = []
        for sid in ids:
            s = src.loc[sid]
            basis = self.t("推断", "inferred") if s.date_basis == "inferred" else ""
            date = s.date.strftime("%Y-%m-%d") + (f" ({basis})" if basis else "")
            parts.append(html.escape(f"{sid}: {s.title}, {s.outlet}, {date}"))
        head = self.t("来源", "Sources")
        return f"*{head}:* " + ("; ".join(parts) if parts else self.t("无", "none"))


def setup(park_id: str, lang: str, output_dir, *, notebook: str, allow_all: bool = True,
          data_dir=None) -> Context:
    """Check the notebook parameters and load the data.

    Raises :class:`ParameterError` naming the valid values when ``park_id`` or ``lang`` is
    unknown, before any work is done.
    """
    if lang not in LANGS:
        raise ParameterError(f"unknown lang {lang!r}. Valid values: 'zh', 'en'")
    ds = load(data_dir)
    valid = list(ds.parks.park_id) + (["all"] if allow_all else [])
    if park_id not in valid:
        raise ParameterError(f"unknown park_id {park_id!r}. Valid values: "
                             + ", ".join(repr(v) for v in valid))
    ids = list(ds.parks.park_id) if park_id == "all" else [park_id]
    out = None if output_dir in (None, "", "None") else Path(output_dir)
    return Context(ds=ds, park_id=park_id, park_ids=ids, lang=lang, notebook=notebook,
                   output_dir=out)
