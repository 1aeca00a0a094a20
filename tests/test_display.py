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


# Every unit of the bundled units.yaml, 3 of it, as an English statistical table writes it
# (by hand): a unit that is a multiple of a unit in brackets, a plain unit after the number,
# % joined to it, a place in a ranking as "No.".
ENGLISH_FIGURES = {
    "亿元": "3 (CNY 100 million)", "万元": "3 (CNY 10,000)", "元": "3 CNY",
    "千元": "3 (CNY 1,000)", "百万元": "3 (CNY million)", "人民币": "3 CNY", "美元": "3 USD",
    "欧元": "3 EUR", "日元": "3 JPY", "港元": "3 HKD", "港币": "3 HKD", "英镑": "3 GBP",
    "韩元": "3 KRW", "美元/桶": "3 USD per barrel", "万吨": "3 (10,000 t)", "吨": "3 t",
    "千克": "3 kg", "公斤": "3 kg", "亿方": "3 (100 million m³)",
    "亿立方米": "3 (100 million m³)", "立方米": "3 m³", "万方": "3 (10,000 m³)",
    "升": "3 litres", "标准箱": "3 TEU", "TEU": "3 TEU", "万平方米": "3 (10,000 m²)",
    "平方米": "3 m²", "亩": "3 mu (1/15 ha)", "平方公里": "3 km²", "平方千米": "3 km²",
    "公顷": "3 ha", "公里": "3 km", "千米": "3 km", "米": "3 m", "万度": "3 (10,000 kWh)",
    "度": "3 kWh", "千瓦时": "3 kWh", "kWh": "3 kilowatt-hours", "MWh": "3 MWh",
    "GWh": "3 GWh", "千瓦": "3 kW", "kW": "3 kilowatts", "兆瓦": "3 MW", "MW": "3 megawatts",
    "吉瓦": "3 GW", "GW": "3 gigawatts", "万人": "3 (10,000 persons)", "人": "3 persons",
    "名": "3 persons", "人次": "3 person-times", "家": "3 establishments", "台": "3 machines",
    "套": "3 sets", "件": "3 items", "片": "3 pieces (wafers, panels)", "辆": "3 vehicles",
    "艘": "3 vessels", "架": "3 aircraft", "期": "3 phases", "所": "3 institutions",
    "批": "3 batches", "种": "3 kinds", "类": "3 kinds", "款": "3 kinds (models of a product)",
    "场": "3 events", "笔": "3 transactions", "宗": "3 parcels or cases", "个": "3 items",
    "项": "3 items", "座": "3 items", "处": "3 sites", "条": "3 items", "证": "3 licences",
    "万户": "3 (10,000 households)", "户": "3 households", "栋": "3 buildings",
    "幢": "3 buildings", "本": "3 copies", "次": "3 times", "年": "3 years", "载": "3 years",
    "个月": "3 months", "小时": "3 hours", "天": "3 days", "日": "3 days",
    "分钟": "3 minutes", "%": "3%", "个百分点": "3 percentage points", "位": "No. 3",
    "强": "3 top N (one of the first N)", "名次": "No. 3", "位次": "3 places",
    "个位次": "3 places", "倍": "3 times", "级": "3 grade", "周": "3 weeks",
    "刻钟": "3 quarter-hours",
}


def test_every_unit_of_the_vocabulary_is_written_as_an_english_table_writes_it(ds):
    table = ds.vocab["units"]["units"]
    assert set(table) == set(ENGLISH_FIGURES), "a unit added to units.yaml needs its line here"
    for vocabulary in (ds.vocab["units"], None):  # the dataset's, or the bundled by default
        shown = {unit: display.format_figure(
            {"value": 3.0, "unit": unit, "unit_en": spec["en"], "qualifier": "exact",
             "status": "actual", "value_text": None}, "en", units=vocabulary)
            for unit, spec in table.items()}
        assert {u: f for u, f in shown.items() if f != ENGLISH_FIGURES[u]} == {}


def test_a_big_unit_before_a_unit_of_the_table_is_written_in_brackets(ds):
    row = {"value": 2.5, "unit": "亿美元", "unit_en": "USD 100 million", "qualifier": "exact",
           "status": "actual", "value_text": None}
    assert display.format_figure(row, "en", units=ds.vocab["units"]) == "2.5 (USD 100 million)"
    # a place in a ranking, whatever its measure word (第一名)
    row = {**row, "value": 1.0, "unit": "名", "unit_en": "rank"}
    assert display.format_figure(row, "en", units=ds.vocab["units"]) == "No. 1"


def test_the_english_form_of_a_unit_is_the_vocabularys_flag(ds):
    """The flag decides, not the spelling of the English unit: a dataset may write its own."""
    units = {**ds.vocab["units"], "units": {
        **ds.vocab["units"]["units"],
        "平方米": {**ds.vocab["units"]["units"]["平方米"], "en_style": "brackets"},
        "亿元": {**ds.vocab["units"]["units"]["亿元"], "en_style": "after"}}}
    row = {"value": 300.0, "unit": "平方米", "unit_en": "m²", "qualifier": "exact",
           "status": "actual", "value_text": None}
    assert display.format_figure(row, "en", units=units) == "300 (m²)"
    row = {**row, "value": 88.7, "unit": "亿元", "unit_en": "CNY 100 million"}
    assert display.format_figure(row, "en", units=units) == "88.7 CNY 100 million"
    table = display.figures_table(ds.metrics[ds.metrics.unit == "亿元"].head(1), "en",
                                  units=units)
    assert "(" not in table.Figure.iloc[0]


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
