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

import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .dataset import Dataset, load
from .display import localized
from .export import png_bytes, write_bytes, write_csv
from .markup import MarkdownText, join, md
from .messages import LANGS, say, text

__all__ = ["ParameterError", "Context", "setup", "LANGS"]


def _in_kernel() -> bool:
    """Whether a running IPython kernel would show what is displayed (IPython is not
    imported for the question: not in IPython, nothing to show)."""
    ipython = sys.modules.get("IPython")
    return ipython is not None and ipython.get_ipython() is not None


def _show_markdown(text: str) -> None:
    """Display Markdown in a running IPython kernel (nothing elsewhere)."""
    if not _in_kernel() or not str(text).strip():  # nothing to say: no empty paragraph
        return
    from IPython.display import Markdown, display

    display(Markdown(str(text)))


def _show_png(png: bytes, scale: float = 1.0) -> None:
    """Display a PNG in a running IPython kernel (nothing elsewhere), at ``scale`` of its
    pixel width: a 150-dpi image shown at the size of the figure on screen."""
    if not _in_kernel():
        return
    from IPython.display import Image, display

    width = int.from_bytes(png[16:20], "big")  # the IHDR chunk: width, then height
    display(Image(data=png, format="png", width=round(width * scale)))


class ParameterError(ValueError):
    """A notebook parameter with a value the notebook cannot use; says which are valid."""


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
        """Pick the text for the notebook's language (prefer :meth:`text`: a catalogue
        message keeps both languages in one place)."""
        return zh if self.lang == "zh" else en

    def say(self, key: str, /, **values) -> None:
        """Show the catalogue's message ``key`` (``topic.key``, see :mod:`parklens.messages`)
        in the notebook's language, with ``values`` put in, each escaped."""
        _show_markdown(say(key, self.lang, **values))

    def text(self, key: str, /, **values) -> str:
        """The catalogue's message ``key`` in the notebook's language as plain text: a
        chart title, an axis label, a table header."""
        return text(key, self.lang, **values)

    @cached_property
    def _park_names(self) -> dict[str, str]:
        # built once per run: a title or a note per park must not re-index every park
        return localized(self.ds.parks.set_index("park_id"), "name", self.lang).to_dict()

    def park_name(self, park_id: str | None = None) -> str:
        """A park's name in the notebook's language (the first chosen park by default)."""
        return self._park_names[park_id or self.park_ids[0]]

    @property
    def title(self) -> str:
        if self.park_id == "all":
            return self.text("notebook.all_parks")
        return self.park_name()

    def metrics(self) -> pd.DataFrame:
        """The metrics of the chosen parks."""
        return self.select(self.ds.metrics)

    def select(self, df: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``df`` (any table with a ``park_id`` column) for the chosen parks."""
        return df[df.park_id.isin(self.park_ids)].reset_index(drop=True)

    def table(self, df: pd.DataFrame, name: str, show: pd.DataFrame | None = None, *,
              empty: str | None = "display.nothing_to_show", precision: int = 2, **values):
        """Write ``df`` as ``<name>.csv`` (UTF-8 with BOM) when output_dir is set; return
        ``show`` (a presentation version, default ``df``: see :func:`parklens.display.present`)
        for display, without the index.

        A table with no rows is never shown: the catalogue's message ``empty`` (a key such as
        ``"nb02.no_growth"``, with ``values`` put in) says what the documents do not give,
        and None is returned (``empty=None``: nothing is shown, for a section whose text has
        said it already). Whole numbers show without decimals, other numbers with
        ``precision`` places; text is left-aligned (Chinese reads from the left).
        """
        if self.out is not None:
            self.written.append(write_csv(df, self.out / f"{name}.csv"))
        shown = df if show is None else show
        if shown.empty:
            if empty is not None:
                self.say(empty, **values)
            return None
        caption = None
        if len(shown) > MAX_SHOWN_ROWS:
            # an HTML table of every row at national scale is megabytes and seconds to render
            caption = self.text("notebook.first_rows", shown=f"{MAX_SHOWN_ROWS:,}",
                                total=f"{len(shown):,}")
            shown = shown.head(MAX_SHOWN_ROWS)
        numbers = shown.select_dtypes("number").columns
        whole = [c for c in numbers
                 if (shown[c].dropna() == shown[c].dropna().round()).all()]
        texts = [c for c in shown.columns if c not in set(numbers)]
        # Cells and headers (every level) hold text from data (quotes, park names, labels),
        # which must show as text in HTML, never as a tag. The axes' names are not shown:
        # hiding the index hides them.
        style = (shown.style.hide(axis="index")
                 .format(precision=precision, thousands=",", na_rep="", escape="html")
                 .format(precision=0, thousands=",", na_rep="", escape="html", subset=whole)
                 .format_index(escape="html", axis="index")
                 .format_index(escape="html", axis="columns")
                 .set_table_styles([{"selector": "th", "props": "text-align: left;"}]))
        if texts:
            style = style.set_properties(subset=texts, **{"text-align": "left"})
        return style.set_caption(caption) if caption else style

    def markdown(self, template: str, /, **values) -> None:
        """Show ``template`` (Markdown written in the notebook) with ``values`` put in,
        each escaped: a name or label from data shows as text, never as a tag or a link.
        Text from a builder of this package (``profile.header``, ``growth.describe``, ...)
        is escaped already and can be passed as the template."""
        _show_markdown(md(template, **values))

    def header(self) -> None:
        """Show the notebook's first line: the parks chosen and how many figures they have."""
        self.say("notebook.header", title=self.title, n=self.metrics().metric_id.nunique())

    def figure(self, ax_or_fig, name: str, *, dpi: int = 150) -> Path | None:
        """Show a finished chart and, when output_dir is set, write it as ``<name>.png``;
        return the path written, or None.

        The chart is rendered once: the PNG written is the image shown. The figure is then
        closed, so that Jupyter's inline backend does not draw it again at the end of the
        cell (change a chart before passing it here, not after).
        """
        import matplotlib.pyplot as plt

        fig = getattr(ax_or_fig, "figure", ax_or_fig)
        png = png_bytes(fig, dpi=dpi)
        path = None
        if self.out is not None:
            path = write_bytes(png, self.out / f"{name}.png")
            self.written.append(path)
        _show_png(png, scale=fig.dpi / dpi)
        plt.close(fig)
        return path

    def sources_note(self, rows: pd.DataFrame) -> MarkdownText:
        """A line naming the documents (title, outlet, date) behind ``rows``; nothing (an
        empty text, which :meth:`markdown` does not show) when there are none."""
        ids = list(dict.fromkeys(rows.source_id.dropna())) if "source_id" in rows else []
        if not ids:
            return MarkdownText("")
        # one lookup for all ids: a lookup per id made a note of 5,000 sources take seconds
        src = self.ds.sources.drop_duplicates("source_id").set_index("source_id").loc[ids]
        parts = []
        for sid, s in zip(ids, src.itertuples()):
            date = s.date.strftime("%Y-%m-%d")
            if s.date_basis == "inferred":
                date = text("notebook.date_inferred", self.lang, date=date)
            title, outlet = s.title, s.outlet
            if self.lang == "en":  # the English title and outlet where the data gives them
                title = s.title_en if isinstance(s.title_en, str) else title
                outlet = s.outlet_en if isinstance(s.outlet_en, str) else outlet
            parts.append(say("notebook.source_entry", self.lang, sid=sid, title=title,
                             outlet=outlet, date=date))
        return say("notebook.sources_line", self.lang,
                   parts=join(self.text("notebook.separator"), parts))


#: The rows a table shows (the CSV written has every row).
MAX_SHOWN_ROWS = 500


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
