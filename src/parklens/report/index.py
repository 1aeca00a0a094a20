"""``index.html`` of an output folder: every report in it by park and notebook, with its
status and the dataset it was made from, written from the autoescaped Jinja2 template
``templates/index.html.j2`` (a park name or an error from data shows as text)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from ..export import write_text
from ..messages import text
from ..paths import default_data_dir
from . import pages
from .status import merge_status
from .tasks import Result, describe_data

__all__ = ["write_index"]


def write_index(out: Path, results: list[Result], *, interrupted: bool = False,
                park_names: dict[str, str] | None = None, data: str = "",
                lang: str = "zh") -> Path:
    """``index.html``: every report in the folder by park and notebook, with its status, and
    the dataset they were made from (``data``, a description such as its folder). Written
    from the autoescaped template ``templates/index.html.j2``, with the page's Chinese font
    embedded (:func:`parklens.report.pages.finish`)."""
    results, other_data = merge_status(out, results, data)
    order = {p: i for i, p in enumerate(sorted({r.task.park_id for r in results},
                                               key=lambda p: (p == "all", p)))}
    results = sorted(results, key=lambda r: (order[r.task.park_id], r.task.name))
    parks = list(dict.fromkeys(r.task.park_id for r in results))
    names = sorted({r.task.name for r in results})
    by = {(r.task.park_id, r.task.name): r for r in results}
    by_name = {r.task.name: r.task.notebook for r in results}
    rows = []
    for park in parks:
        cells = []
        for name in names:
            r = by.get((park, name))
            if r is None:
                cells.append(None)
                continue
            label = text(f"index.{r.status.replace(' ', '_')}", lang,
                         seconds=f"{r.seconds:.0f}")
            link = r.task.html(out).relative_to(out).as_posix() \
                if r.task.html(out).exists() else None
            cells.append({"status": r.status.replace(" ", "-"), "label": label, "link": link,
                          "error": r.error})
        rows.append({"park": park, "cells": cells, "name": (park_names or {}).get(
            park, text("index.all_parks", lang) if park == "all" else "")})
    bundled = describe_data(None)
    shown_data = (text("index.bundled", lang, path=str(default_data_dir()))
                  if data == bundled else data)
    t = {key: text(f"index.{key}", lang) for key in ("title", "park")}
    page = _index_template().render(
        lang=lang, t=t,
        finished=text("index.finished", lang, n_ok=sum(r.status == "ok" for r in results),
                      n_reports=len(results), made=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                      state=text("index.interrupted_run" if interrupted else "index.complete",
                                 lang)),
        data=text("index.data", lang, data=shown_data) if data else "",
        other_data=text("index.other_data", lang, data="; ".join(sorted(
            d or text("index.not_recorded", lang) for d in other_data))) if other_data else "",
        notebooks=[{"title": _notebook_title(by_name[n], lang), "name": n} for n in names],
        rows=rows)
    return write_text(pages.finish(page), out / "index.html")


def _notebook_title(notebook: Path, lang: str) -> str:
    """A notebook's title in ``lang``: the first heading of its text cells tagged for that
    language (``# 增长指标``); its file name where it has none or cannot be read."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # a notebook that failed to run may be anything: the name will do
        return notebook.stem
    for cell in nb.cells:
        if cell.cell_type == "markdown" and f"lang-{lang}" in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


@functools.lru_cache(maxsize=1)
def _index_template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("index.html.j2")

