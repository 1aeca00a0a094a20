"""Notebook parameters, figure formatting and output files."""

from __future__ import annotations

import pandas as pd
import pytest

import parklens as pl
from parklens.display import format_figure
from parklens.notebook import ParameterError, setup


def test_unknown_parameters_list_the_valid_values():
    with pytest.raises(ParameterError, match="unknown park_id 'x'.*'guanzhuang'.*'all'"):
        setup("x", "zh", None, notebook="n")
    with pytest.raises(ParameterError, match="unknown park_id 'all'.*'suqian_eco_chem'$"):
        setup("all", "zh", None, notebook="n", allow_all=False)
    with pytest.raises(ParameterError, match="unknown lang 'fr'.*'zh', 'en'"):
        setup("puyang", "fr", None, notebook="n")


def test_all_selects_every_park():
    ctx = setup("all", "en", None, notebook="n")
    assert ctx.park_ids == sorted(ctx.ds.parks.park_id) and ctx.title == "All parks"
    assert ctx.out is None


@pytest.mark.parametrize("row, lang, shown", [
    ({"value": 120.0, "unit": "家", "qualifier": "more_than", "status": "actual"}, "zh", "120+ 家"),
    ({"value": 70.0, "unit": "亿元", "qualifier": "nearly", "status": "actual"}, "zh", "<70 亿元"),
    ({"value": 3.3, "unit": "万度", "qualifier": "about", "status": "estimate"}, "zh",
     "≈3.3 万度（预计）"),
    ({"value": 500.0, "unit": "亿元", "qualifier": "at_least", "status": "target"}, "en",
     "≥500 亿元 (target)"),
    ({"value": 3006.0, "unit": "家", "qualifier": "exact", "status": "actual"}, "en", "3,006 家"),
    ({"value": float("nan"), "value_text": "C", "unit": "级", "qualifier": "exact",
      "status": "actual"}, "zh", "C级"),
])
def test_format_figure(row, lang, shown):
    assert format_figure(row, lang) == shown


def test_tables_and_charts_are_written_when_asked(tmp_path):
    ctx = setup("puyang", "zh", str(tmp_path), notebook="02_growth_metrics")
    table = pl.display.figures_table(ctx.metrics(), "zh", sources=ctx.ds.sources)
    ctx.table(table, "figures")
    csv = tmp_path / "02_growth_metrics" / "figures.csv"
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    assert "突破500亿元" not in csv.read_text(encoding="utf-8-sig")  # shown normalized:
    assert "≥500 亿元（目标）" in csv.read_text(encoding="utf-8-sig")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.set_title("增速")
    path = ctx.figure(ax, "chart")
    assert path == tmp_path / "02_growth_metrics" / "chart.png"
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert ctx.written == [csv, path]
    assert not plt.fignum_exists(fig.number), "closed: Jupyter must not draw it a second time"
    assert not list(tmp_path.rglob("*.partial"))


def test_charts_are_closed_without_writing_when_no_output_dir():
    import matplotlib.pyplot as plt
    ctx = setup("puyang", "zh", None, notebook="n")
    fig, ax = plt.subplots()
    assert ctx.figure(ax, "chart") is None and ctx.written == []
    assert not plt.fignum_exists(fig.number)


def test_text_from_documents_is_escaped_in_html(tmp_path):
    ctx = setup("puyang", "zh", None, notebook="n")
    df = pd.DataFrame({"quote": ["<script>alert('x')</script>"]})
    page = ctx.table(df, "t").to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    rows = ctx.ds.metrics.head(1).assign(source_id="s002")
    ctx.ds.sources.loc[ctx.ds.sources.source_id == "s002", "title"] = "<b>x</b>"
    assert "&lt;b&gt;" in ctx.sources_note(rows)


def test_headers_of_every_level_are_escaped_in_html():
    ctx = setup("puyang", "zh", None, notebook="n")
    columns = pd.MultiIndex.from_tuples([("<script>a()</script>", "<img src=x onerror=b()>")],
                                        names=["lvl0", None])
    df = pd.DataFrame([[1]], columns=columns,
                      index=pd.Index(["<script>d()</script>"], name="<i>e</i>"))
    page = ctx.table(df, "t").to_html()
    assert "<script>" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;a()" in page and "&lt;img src=x onerror=b()&gt;" in page


def test_markdown_shows_the_template_with_escaped_values(monkeypatch):
    shown = []
    monkeypatch.setattr(pl.notebook, "_show_markdown", shown.append)
    ctx = setup("puyang", "en", None, notebook="n")
    ctx.markdown("**{park}** · [{n} figures](#figures)", park="<img src=x onerror=a()>", n=3)
    ctx.markdown(pl.growth.describe(pl.growth.all_results(ctx.metrics()), "en"))
    assert shown[0] == "**&lt;img src=x onerror=a()&gt;** · [3 figures](#figures)"
    assert shown[1] == pl.growth.describe(pl.growth.all_results(ctx.metrics()), "en")
    ctx.header()
    assert shown[2].startswith("**Puyang Industrial Park** · data: ")


def test_a_long_table_shows_its_first_rows_and_writes_them_all(tmp_path):
    import pandas as pd

    ctx = pl.notebook.setup("all", "en", tmp_path, notebook="nb")
    long = pd.DataFrame({"n": range(pl.notebook.MAX_SHOWN_ROWS + 7)})
    html = ctx.table(long, "long").to_html()
    assert html.count("<tr>") == pl.notebook.MAX_SHOWN_ROWS + 1  # the header and 500 rows
    assert f"first 500 of {len(long):,} rows; the CSV has them all" in html
    assert len((tmp_path / "nb" / "long.csv").read_text(encoding="utf-8-sig").splitlines()) \
        == len(long) + 1
    assert "<caption>" not in ctx.table(long.head(3), "short").to_html()


def test_park_names_in_the_notebook_language():
    zh, en = setup("puyang", "zh", None, notebook="n"), setup("all", "en", None, notebook="n")
    assert zh.park_name() == "濮阳工业园区" == zh.title
    assert en.park_name("puyang") == "Puyang Industrial Park"
    assert en.park_name() == en.park_name(en.park_ids[0])
    with pytest.raises(KeyError):
        en.park_name("nowhere")


def test_a_park_without_an_english_name_is_named_in_chinese():
    ctx = setup("puyang", "en", None, notebook="n")
    ctx.ds = ctx.ds.copy()
    ctx.ds.parks.loc[ctx.ds.parks.park_id == "puyang", "name_en"] = None
    assert ctx.park_name() == "濮阳工业园区"  # not None or "nan"
