"""Charts with Chinese (or English) labels that render on a fresh machine.

Call :func:`use_theme` once: it registers the Noto Sans CJK SC font shipped by the ``mplfonts``
package (installed with parklens, so no system font is assumed) with matplotlib's font
manager in memory only, and applies the seaborn look (matplotlib's built-in
``seaborn-v0_8`` styles) with that font. Nothing is written into matplotlib's folders or your
matplotlibrc. Charts you draw yourself with seaborn or pandas after it get the same font.

The charts are drawn with matplotlib alone: importing seaborn imports ``scipy.stats``, which
cost 1.4 s of every notebook run, a third of the time of a run that draws two charts.

>>> import parklens as pl
>>> pl.plotting.use_theme()
'Noto Sans CJK SC'
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps, font_manager
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgba

__all__ = ["FONT_NAME", "CMAP", "QUALITATIVE", "STATUS_COLORS", "font_path", "use_theme",
           "category_colors", "barh", "stacked_barh", "heatmap", "category_heatmap"]

FONT_NAME = "Noto Sans CJK SC"
_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CMAP = "YlGnBu"  # light to dark blue-green, like seaborn's "crest"; ships with matplotlib
#: One colour per category, by its place in the vocabulary (Okabe and Ito's palette for
#: colour-blind readers, then Tableau's): a role, an SEI category or a park keeps its colour
#: in every chart and notebook, whichever of them a chart happens to show.
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
               "#999999", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f"]
#: One colour per figure status, the same in every chart (a park without estimates must not
#: shift its targets to the estimates' colour).
STATUS_COLORS = {"actual": "#2a6f97", "estimate": "#89c2d9", "target": "#f4a261"}
SERIES_COLOR = "#2a6f97"  # bars of one series: one colour (a gradient would only repeat the order)


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

    ``style`` and ``context`` name seaborn's styles and contexts (``whitegrid``, ``ticks``
    …; ``paper``, ``notebook``, ``talk``, ``poster``), applied from matplotlib's own copies;
    ``rc`` overrides single settings. The only global change is to matplotlib's in-memory
    settings; call it once at the top of a notebook.

    >>> use_theme("nogrid")
    Traceback (most recent call last):
    ...
    ValueError: unknown chart style 'nogrid'; valid: dark, darkgrid, ticks, white, whitegrid
    """
    styles = {"dark", "darkgrid", "ticks", "white", "whitegrid"}
    contexts = {"paper", "notebook", "talk", "poster"}
    if style not in styles:
        raise ValueError(f"unknown chart style {style!r}; valid: {', '.join(sorted(styles))}")
    if context not in contexts:
        raise ValueError(f"unknown chart context {context!r}; valid: "
                         f"{', '.join(sorted(contexts))}")
    path = str(font_path())
    if path not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    plt.style.use([f"seaborn-v0_8-{style}", f"seaborn-v0_8-{context}", {
        "font.family": "sans-serif", "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
        "axes.unicode_minus": False, "figure.dpi": 100, **rc}])
    return FONT_NAME


def category_colors(codes) -> dict:
    """A colour for each of ``codes`` (a vocabulary's codes, in its order; the parks of a
    dataset, in its order), always the same for the same place in the list.

    >>> roles = list(ds.vocab["terms"]["industry_role"])
    >>> category_colors(roles)["leading"] == category_colors(roles)["leading"] == QUALITATIVE[0]
    True
    """
    return {code: QUALITATIVE[i % len(QUALITATIVE)] for i, code in enumerate(codes)}


def _text_width(text: str) -> int:
    """The width of ``text`` in Latin characters: a CJK character counts two."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1
               for ch in text)


def _colors(n: int) -> list:
    """``n`` colours along the theme's colour map, darkest first, avoiding its pale end."""
    return list(colormaps[CMAP](np.linspace(0.85, 0.35, n))) if n else []


#: The rows (bars, heatmap rows) a chart draws at most: at national scale a chart of every
#: park or figure would be hundreds of inches tall (past what matplotlib can render) and
#: take minutes. A chart of more rows draws the first ones and says so in its title.
MAX_ROWS = 40


def _capped(rows: pd.DataFrame, title: str) -> tuple[pd.DataFrame, str]:
    """The first MAX_ROWS rows, and the title with "(40 / 2,543)" where rows were left out."""
    if len(rows) <= MAX_ROWS:
        return rows, title
    return rows.iloc[:MAX_ROWS], f"{title} ({MAX_ROWS} / {len(rows):,})".strip()


def barh(df: pd.DataFrame, value: str, label: str, *, hue: str | None = None,
         title: str = "", xlabel: str = "", annotate: str | None = None, ax=None,
         hue_colors: dict | None = None, legend_title: str = ""):
    """A horizontal bar chart of ``value`` by ``label`` (largest on top), with optional
    text beside each bar (column ``annotate``, e.g. the figure as stated: "近70亿元").

    ``hue``: a column whose values colour the bars and name them in the legend (in an
    all-parks chart, the park's name in the report's language: each bar then says its
    park); ``hue_colors`` maps those values to colours (e.g. :func:`category_colors` of the
    dataset's parks, so a park has one colour in every chart); ``legend_title`` heads the
    legend (nothing by default: a column name is not for readers). Without ``hue`` the bars
    share one colour.

    >>> s = pl.structure.output_shares(ds)
    >>> ax = barh(s.assign(label=s.label_zh), "share_pct", "label", annotate="stated")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['石油化工', '医药制造']
    """
    data, title = _capped(df.sort_values(value, ascending=False), title)  # the largest
    if ax is None:
        height = max(2.5, 0.45 * len(data) + 1.2)
        _, ax = plt.subplots(figsize=(8, height))
    y = np.arange(len(data))
    if hue:
        groups = list(dict.fromkeys(data[hue]))
        color_of = {**category_colors(groups), **(hue_colors or {})}
        bars = ax.barh(y, data[value], color=[color_of[g] for g in data[hue]], height=0.8)
        ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=color_of[g]) for g in groups],
                  labels=[str(g) for g in groups], title=legend_title or None,
                  loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    else:
        bars = ax.barh(y, data[value], color=SERIES_COLOR, height=0.8)
    ax.set_yticks(y, labels=[str(v) for v in data[label]])
    ax.set_ylim(len(data) - 0.5, -0.5)  # largest on top
    ax.grid(axis="y", visible=False)
    if annotate:
        for bar, text in zip(bars, data[annotate]):
            ax.annotate(f" {text}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        va="center", fontsize=9)
        ax.set_xlim(0, data[value].max() * 1.25)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    return ax


def stacked_barh(matrix: pd.DataFrame, *, title: str = "", xlabel: str = "",
                 colors: list | None = None, ax=None):
    """Horizontal bars stacked from the columns of ``matrix``, one bar per row (first row
    on top), with a legend; e.g. each park's mix of policy tools (shares adding to 100).
    ``colors``: one per column, repeated if there are fewer (default: along the theme's
    colour map).

    Drawn with matplotlib alone: the first ``DataFrame.plot`` of a session costs about
    0.1 s more.

    >>> m = pd.DataFrame({"供给型": [60, 30], "环境型": [40, 70]}, index=["甲", "乙"])
    >>> ax = stacked_barh(m)
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.patches)
    (['甲', '乙'], 4)
    """
    matrix, title = _capped(matrix, title)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.6 * len(matrix) + 1.5))
    y = np.arange(len(matrix))
    left = np.zeros(len(matrix))
    palette = colors or _colors(matrix.shape[1])
    for k, column in enumerate(matrix.columns):
        color = palette[k % len(palette)]
        values = matrix[column].fillna(0).to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=color, height=0.6, label=str(column))
        left += values
    ax.set_yticks(y, labels=[str(i) for i in matrix.index])
    ax.set_ylim(len(matrix) - 0.5, -0.5)  # first row on top
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return ax


def heatmap(matrix: pd.DataFrame, *, title: str = "", annot: pd.DataFrame | None = None,
            cmap: str = CMAP, ax=None, vmin: float | None = None, vmax: float | None = None,
            norm=None):
    """A heatmap of a park × category matrix; ``annot`` gives the text shown in each cell
    (dark text on light cells, white on dark ones). Empty (NaN) cells stay blank.

    Charts of the same measure should share ``vmin`` and ``vmax`` (or a ``norm``): scaled
    per chart, the same colour would mean different values in each.

    >>> m = pl.structure.industry_matrix(ds, by="sei")
    >>> ax = heatmap(pl.structure.role_scores(m, ds=ds), annot=pl.structure.role_labels(m, ds=ds))
    >>> len(ax.get_yticklabels())
    4
    """
    matrix, title = _capped(matrix, title)
    if ax is None:
        # a cell as wide as its longest text (a Chinese character takes about two Latin
        # ones), so that "traditional" or "主导产业" is not cut by its neighbours
        longest = 0 if annot is None else max(
            (_text_width(str(t)) for t in annot.to_numpy().ravel() if isinstance(t, str)),
            default=0)
        cell = max(0.55, 0.075 * longest + 0.2)
        _, ax = plt.subplots(figsize=(max(6, cell * matrix.shape[1] + 3),
                                      max(2.5, 0.45 * matrix.shape[0] + 1.5)))
    values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
    scale = {"norm": norm} if norm is not None else {"vmin": vmin, "vmax": vmax}
    mesh = ax.pcolormesh(values, cmap=cmap, edgecolors="white", linewidth=0.5, **scale)
    if annot is not None:
        mask = np.ma.getmaskarray(values)
        for (i, j), text in np.ndenumerate(annot.reindex_like(matrix).to_numpy(dtype=object)):
            if text is None or (isinstance(text, float) and np.isnan(text)) or text == "":
                continue
            r, g, b, _ = mesh.to_rgba(values[i, j]) if not mask[i, j] else (1, 1, 1, 1)
            dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.408  # seaborn's contrast rule
            ax.text(j + 0.5, i + 0.5, str(text), ha="center", va="center", fontsize=10,
                    color="white" if dark else "#222222")
    ax.set_xticks(np.arange(matrix.shape[1]) + 0.5, labels=[str(c) for c in matrix.columns])
    ax.set_yticks(np.arange(matrix.shape[0]) + 0.5, labels=[str(i) for i in matrix.index])
    ax.set_xlim(0, matrix.shape[1])
    ax.set_ylim(matrix.shape[0], 0)  # first row on top
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=45, length=0)
    ax.tick_params(axis="y", length=0)
    for t in ax.get_xticklabels():
        t.set_horizontalalignment("right")
    return ax


def category_heatmap(codes: pd.DataFrame, colors: dict, *, annot: pd.DataFrame | None = None,
                     labels: dict | None = None, title: str = "", legend_title: str = "",
                     ax=None):
    """A park × category matrix whose cells hold codes (an industry's role in a park),
    each cell in its code's colour from ``colors`` (e.g. :func:`category_colors` of the
    vocabulary's roles: a role has the same colour in every chart, whatever the chart
    shows), with ``annot`` text in the cells and a legend naming the codes present
    (``labels``: code → text in the report's language). Empty cells stay blank.

    >>> m = pl.structure.industry_matrix(ds, by="sei")
    >>> colors = category_colors(ds.vocab["terms"]["industry_role"])
    >>> ax = category_heatmap(m, colors, annot=pl.structure.role_labels(m, "zh", ds=ds))
    >>> ax.collections[0].get_cmap()(0) == to_rgba(colors[list(colors)[0]])
    True
    """
    order = list(colors)
    index = {code: i for i, code in enumerate(order)}
    values = codes.apply(lambda col: col.map(index)).to_numpy(dtype=float)
    cmap = ListedColormap([colors[c] for c in order])
    norm = BoundaryNorm(np.arange(len(order) + 1) - 0.5, len(order))
    ax = heatmap(pd.DataFrame(values, index=codes.index, columns=codes.columns),
                 title=title, annot=annot, cmap=cmap, ax=ax, norm=norm)
    present = [c for c in order if (codes == c).any().any()]
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=colors[c]) for c in present],
              labels=[str((labels or {}).get(c, c)) for c in present],
              title=legend_title or None, loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False)
    return ax
