"""Charts with Chinese (or English) labels that render on a fresh machine.

Call :func:`use_theme` once: it registers the Noto Sans CJK SC font shipped by the ``mplfonts``
package (installed with parklens, so no system font is assumed) with matplotlib's font
manager in memory only, and sets a seaborn theme that uses it. Nothing is written into
matplotlib's folders or your matplotlibrc.

>>> import parklens as pl
>>> pl.plotting.use_theme()
'Noto Sans CJK SC'
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager

__all__ = ["FONT_NAME", "font_path", "use_theme", "barh", "heatmap"]

FONT_NAME = "Noto Sans CJK SC"
_FONT_FILE = "NotoSansCJKsc-Regular.otf"
PALETTE = "crest"


def font_path() -> Path:
    """The CJK font file that the ``mplfonts`` package installs.

    >>> font_path().name
    'NotoSansCJKsc-Regular.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the mplfonts package is missing: pip install mplfonts (it ships "
                           "the Chinese font parklens draws with)")
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / _FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: reinstall mplfonts")
    return path


def use_theme(style: str = "whitegrid", context: str = "notebook", **rc) -> str:
    """Set the parklens chart theme with a font that draws Chinese; returns the font name.

    The only global change is to matplotlib's in-memory settings, as ``seaborn.set_theme``
    does; call it once at the top of a notebook.
    """
    path = str(font_path())
    if path not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    sns.set_theme(style=style, context=context, font=FONT_NAME,
                  rc={"axes.unicode_minus": False, "figure.dpi": 100,
                      "font.sans-serif": [FONT_NAME, "DejaVu Sans"], **rc})
    return FONT_NAME


def barh(df: pd.DataFrame, value: str, label: str, *, hue: str | None = None,
         title: str = "", xlabel: str = "", annotate: str | None = None, ax=None):
    """A horizontal bar chart of ``value`` by ``label`` (largest on top), with optional
    text beside each bar (column ``annotate``, e.g. the figure as stated: "近70亿元").

    >>> s = pl.structure.output_shares(ds)
    >>> ax = barh(s.assign(label=s.label_zh), "share_pct", "label", annotate="stated")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['石油化工', '医药制造']
    """
    data = df.sort_values(value, ascending=False)
    if ax is None:
        height = max(2.5, 0.45 * len(data) + 1.2)
        _, ax = plt.subplots(figsize=(8, height))
    sns.barplot(data=data, x=value, y=label, hue=hue or label, legend=bool(hue), ax=ax,
                palette=PALETTE, orient="h")
    if annotate:
        for bar, text in zip(ax.patches, data[annotate]):
            ax.annotate(f" {text}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        va="center", fontsize=9)
        ax.set_xlim(0, data[value].max() * 1.25)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    return ax


def heatmap(matrix: pd.DataFrame, *, title: str = "", annot: pd.DataFrame | None = None,
            cmap: str = "crest", ax=None, **kwargs):
    """A heatmap of a park × category matrix; ``annot`` gives the text shown in each cell.

    >>> m = pl.structure.industry_matrix(ds, by="sei")
    >>> ax = heatmap(pl.structure.role_scores(m), annot=pl.structure.role_labels(m))
    >>> len(ax.get_yticklabels())
    4
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6, 0.55 * matrix.shape[1] + 3),
                                      max(2.5, 0.6 * matrix.shape[0] + 1.5)))
    sns.heatmap(matrix, annot=annot if annot is not None else False, fmt="", cmap=cmap,
                cbar=False, linewidths=0.5, linecolor="white", ax=ax, **kwargs)
    ax.grid(False)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=45)
    for t in ax.get_xticklabels():
        t.set_horizontalalignment("right")
    return ax
