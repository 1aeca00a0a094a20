"""Tables for people: numbers, labels and headers as a reader wants them, and empty sections
that say what the documents do not give."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import parklens as pl
from parklens import display
from parklens.notebook import setup


@pytest.mark.parametrize("value, shown", [(8.0, "8"), (3006.0, "3,006"), (12, "12"),
                                          (None, ""), (float("nan"), "")])
def test_counts_are_whole_numbers(value, shown):
    assert display.format_count(value) == shown


@pytest.mark.parametrize("value, inputs, rounded", [
    (70 / 85 * 100, [70.0, 15.0], 82.0),      # 近70亿元 and 15亿元: two digits
    (((70 / 85) ** 2 + (15 / 85) ** 2) * 1e4, [70.0, 15.0], 7100.0),
    (5.3312, [88.7, 76.4], 5.33),             # three digits each
    (0.012345, [0.05], 0.01),                 # one digit
    (123.456, [], 123.456),                   # nothing to go by: unchanged
])
def test_derived_values_keep_the_digits_their_inputs_have(value, inputs, rounded):
    assert display.round_to_inputs(value, inputs) == pytest.approx(rounded)


def test_figures_show_the_digits_they_were_stated_with():
    assert display.format_figure({"value": 88.7, "unit": "亿元", "qualifier": "exact",
                                  "status": "actual"}) == "88.7 亿元"
    assert display.format_figure({"value": 7.0, "unit": "亿元", "qualifier": "exact",
                                  "status": "target"}, "en") == "7 亿元 (target)"


def test_present_writes_headers_labels_and_numbers_for_readers(ds):
    raw = pd.DataFrame({"role": ["leading", "emerging", None], "n": [8.0, 12.0, 3.0],
                        "secret": ["x", "y", "z"]})
    for lang, role_header, roles, blank in (
            ("zh", "地位", ["主导产业", "新兴产业"], "未披露"),
            ("en", "Role", ["leading", "emerging"], "not stated")):
        shown = display.present(raw, {"role": "structure.role", "n": "structure.named_enterprises"},
                                lang, labels={"role": ds.vocab["terms"]["industry_role"]},
                                formats={"n": display.format_count},
                                fill={"role": "common.not_stated"})
        assert list(shown.columns)[0] == role_header and len(shown.columns) == 2
        assert list(shown.iloc[:, 0]) == roles + [blank]
        assert list(shown.iloc[:, 1]) == ["8", "12", "3"]


def _cells(style) -> tuple[list[str], list[str]]:
    soup = BeautifulSoup(style.to_html(), "html.parser")
    return ([th.get_text() for th in soup.select("thead th")],
            [td.get_text() for td in soup.select("tbody td")])


def test_table_shows_whole_numbers_without_decimals_and_text_on_the_left():
    ctx = setup("puyang", "zh", None, notebook="n")
    df = pd.DataFrame({"产业": ["涂料", "电池"], "企业数": [8.0, 70.0], "比重": [82.35, 17.65]})
    style = ctx.table(df, "t")
    headers, cells = _cells(style)
    assert headers == ["产业", "企业数", "比重"]
    assert cells == ["涂料", "8", "82.35", "电池", "70", "17.65"]
    page = style.to_html()
    assert "text-align: left" in page


def test_an_empty_table_is_a_sentence_not_a_header(monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(pl.notebook, "_show_markdown", shown.append)
    ctx = setup("suqian_eco_chem", "zh", str(tmp_path), notebook="n")
    empty = pd.DataFrame({"指标": [], "增速": []})
    assert ctx.table(empty, "growth") is None
    assert shown == ["所选园区的文件没有披露这一项。"]
    # the caller names the sentence: a message key of its own topic, values put in
    ctx.lang = "en"
    assert ctx.table(empty, "growth", empty="structure.few_parts", n=2) is None
    assert shown[-1].startswith("With 2 industries no concentration is judged")
    assert ctx.table(empty, "growth", empty=None) is None and len(shown) == 2
    assert (tmp_path / "n" / "growth.csv").is_file()  # the CSV is still written


def test_sources_of_nothing_show_nothing(monkeypatch):
    shown = []
    monkeypatch.setattr(pl.notebook, "_in_kernel", lambda: True)
    import IPython.display
    monkeypatch.setattr(IPython.display, "display", shown.append)
    ctx = setup("puyang", "zh", None, notebook="n")
    note = ctx.sources_note(ctx.ds.metrics.head(0))
    assert str(note) == "" and "无" not in note
    ctx.markdown(note)
    assert shown == []
    ctx.markdown(ctx.sources_note(ctx.metrics().head(1)))
    assert len(shown) == 1 and "来源" in shown[0].data


def test_sources_and_counts_in_english_have_their_plural(ds):
    ctx = setup("nanyang_hitech", "en", None, notebook="n")
    note = ctx.sources_note(ctx.metrics().head(1))
    assert note.startswith("*Sources:* s003: ") and "(inferred)" in note
    header = pl.profile.header(ds, "nanyang_hitech", "en")
    assert "from 1 document" in header and "from 1 documents" not in header
    zh = pl.profile.header(ds, "nanyang_hitech", "zh")
    assert "来自 1 份文件" in zh


def test_figures_table_headers_follow_the_language(ds):
    m = ds.metrics[ds.metrics.park_id == "puyang"]
    assert list(display.figures_table(m, "zh", quotes=True).columns) == [
        "对象", "指标", "期间", "数值", "来源", "原文"]
    assert list(display.figures_table(m, "en").columns) == [
        "Subject", "Indicator", "Period", "Figure", "Source"]


# English figures as a statistical table writes them, from the rules of display (by hand).
@pytest.mark.parametrize("row, en", [
    ({"value": 88.7, "unit": "亿元", "unit_en": "CNY 100 million", "qualifier": "exact"},
     "88.7 (CNY 100 million)"),
    ({"value": 3.0, "unit": "万吨", "unit_en": "10,000 t", "qualifier": "about"}, "≈3 (10,000 t)"),
    ({"value": 120.0, "unit": "家", "unit_en": "enterprises", "qualifier": "more_than"},
     "120+ enterprises"),
    ({"value": 36.4, "unit": "%", "unit_en": "%", "qualifier": "exact"}, "36.4%"),
    ({"value": 98.0, "unit": "位", "unit_en": "rank", "qualifier": "exact"}, "No. 98"),
    ({"value": None, "value_text": "C", "unit": "级", "unit_en": "grade"}, "grade C"),
    ({"value": 500.0, "unit": "亿元", "unit_en": "CNY 100 million", "qualifier": "at_least",
      "status": "target"}, "≥500 (CNY 100 million) (target)"),
])
def test_an_english_figure_has_its_english_unit(row, en):
    row = {"status": "actual", "value_text": None, **row}
    assert display.format_figure(row, "en") == en
    zh = display.format_figure(row, "zh")
    assert row["unit"] in zh and "(" not in zh.replace("（", "")  # zh keeps the stated unit


def test_the_english_figures_table_shows_english_periods_and_units(ds):
    t = display.figures_table(ds.metrics[ds.metrics.park_id == "guanzhuang"], "en")
    cjk = t[["Period", "Figure", "Indicator"]].apply(lambda c: c.str.contains(r"[\u4e00-\u9fff]"))
    assert not cjk.any().any(), t[cjk.any(axis=1)]
    assert "Jan–Sep 2024" in set(t.Period) and "not stated" in set(t.Period)


def test_localized_picks_the_report_language_with_the_chinese_as_fallback():
    frame = pd.DataFrame({"name_zh": ["甲园", "乙园", "丙园"], "name_en": ["Jia Park", None, ""],
                          "province": ["河南省", "江苏省", "北京市"],
                          "province_en": ["Henan", "Jiangsu", None]})
    assert display.localized(frame, "name", "zh").tolist() == ["甲园", "乙园", "丙园"]
    # no English (missing or empty): the Chinese name, never a blank or "nan"
    assert display.localized(frame, "name", "en").tolist() == ["Jia Park", "乙园", "丙园"]
    assert display.localized(frame, "province", "en", zh="province").tolist() == [
        "Henan", "Jiangsu", "北京市"]
    assert display.localized(frame, "province", "zh", zh="province").tolist() == [
        "河南省", "江苏省", "北京市"]
    # one row (a zone, a park): the same choice on its cells
    assert display.localized(frame.iloc[0], "name", "en") == "Jia Park"
    assert display.localized(frame.iloc[1], "name", "en") == "乙园"
    assert display.localized(frame.iloc[1], "name", "zh") == "乙园"
    with pytest.raises(ValueError, match="lang must be"):
        display.localized(frame, "name", "fr")


def test_names_without_english_show_in_chinese_in_en_tables(ds):
    from parklens import national, profile, structure

    d = ds.copy()
    d.parks.loc[d.parks.park_id == "puyang", "name_en"] = None
    d.enterprises.loc[:, "name_en"] = None
    assert set(structure.leading_industries(d, "en").query("park_id == 'puyang'").park) == {
        "濮阳工业园区"}
    assert "濮阳工业园区" in structure.industry_matrix(d, lang="en").index
    names = set(national.links_table(d, "en").iloc[:, 0])
    assert "濮阳工业园区" in names and "Nanyang High-tech Industrial Development Zone" in names
    shown = profile.enterprises(d, "puyang", "en").iloc[:, 0]
    assert set(shown) <= set(d.enterprises.name_zh) and len(shown)
