"""Notebook 05 and parklens.national: a park in the 2018 catalogue, and the national picture.

Expected answers come from the catalogue CSV read with the csv module, the park files and
the province vocabulary read with PyYAML; never from parklens itself. The notebook is run
with papermill as a user runs it, for a linked park, for the park without an entry and for
"all", in Chinese and in English.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

import parklens as pl
from parklens import national, report

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "catalogue" / "devzones_2018.csv"
NOTEBOOK = ROOT / "notebooks" / "05_national_context.ipynb"
PAPERMILL = [sys.executable, "-m", "papermill", "--no-progress-bar"]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    with open(CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _park_file(park_id: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "parks" / f"{park_id}.yaml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the tile-grid layout

def test_tile_layout_has_every_province_once_in_its_own_square():
    provinces = yaml.safe_load((ROOT / "data" / "vocab" / "provinces.yaml").read_text(encoding="utf-8"))
    layout = national.tile_layout()
    assert sorted(layout.province_code) == sorted(p["code"] for p in provinces)
    assert not layout.duplicated(["col", "row"]).any()
    at = layout.set_index("province_code")
    # neighbours on their side: Beijing north of Hebei, Shanghai east of Jiangsu, Hainan south
    assert at.loc["11", "row"] < at.loc["13", "row"] and at.loc["31", "col"] > at.loc["32", "col"]
    assert at.loc["46", "row"] == at.row.max() and at.loc["65", "col"] == at.col.min()


@pytest.mark.parametrize("body, message", [
    ('"11": {col: 1, row: 1}\n"12": {col: 1, row: 1}\n', "share the square col 1, row 1"),
    ('"11": {col: one, row: 1}\n', "entry '11' has no whole col and row"),
    ("- 11\n", "not a mapping of province codes"),
    ('"11": !!python/object:os.system {}\n', "province_tiles.yaml"),
])
def test_a_bad_tile_layout_names_its_file_and_the_fix(tmp_path, body, message):
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "province_tiles.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(national.TileLayoutError, match=re.escape(message)) as err:
        national.tile_layout(tmp_path)
    assert "province_tiles.yaml" in str(err.value)


def test_tile_map_draws_every_province_with_its_count():
    ds = pl.load()
    from parklens import catalogue

    counts = catalogue.province_counts(ds.catalogue)
    ax = national.tile_map(counts, national.tile_layout(), "en")
    shown = [t.get_text() for t in ax.texts]
    assert "Henan" in shown and "150" in shown and "Tibet" in shown
    assert len(ax.patches) == 31
    assert not any(CJK.search(t) for t in shown)
    zh = national.tile_map(counts, national.tile_layout(), "zh")
    assert "河南" in [t.get_text() for t in zh.texts]


def test_a_province_without_an_english_name_keeps_its_chinese_name_on_the_map():
    """The map picks its language as every table does (display.localized): an untranslated
    name is still a name, in Chinese, not the province's code."""
    layout = pd.DataFrame({"province_code": ["41", "32"], "province": ["河南省", "江苏省"],
                           "province_en": ["Henan", None], "col": [0, 1], "row": [0, 0]})
    counts = pd.DataFrame({"province_code": ["41", "32"], "zones": [150, 3]})
    shown = [t.get_text() for t in national.tile_map(counts, layout, "en").texts]
    assert "Henan" in shown and "江苏" in shown and "32" not in shown
    shown = [t.get_text() for t in national.tile_map(counts, layout, "zh").texts]
    assert "河南" in shown and "江苏" in shown


@pytest.mark.parametrize("type_en, lang, shown", [
    ("High-tech Industrial Development Zone", "en", "national High-tech Industrial Development Zone"),
    (None, "en", "national 高新技术产业开发区"),
    ("", "en", "national 高新技术产业开发区"),
    ("High-tech Industrial Development Zone", "zh", "国家级高新技术产业开发区"),
])
def test_a_zone_type_is_named_in_the_reports_language(type_en, lang, shown):
    assert national.type_label("national", "高新技术产业开发区", type_en, lang) == shown


def test_no_hand_made_language_pick_is_left_in_national_or_the_notebooks():
    """One way to pick a language: display.localized, not an f"_{lang}" column or a
    zh-or-en choice between two columns."""
    from parklens import national as module

    sources = {"national.py": Path(module.__file__).read_text(encoding="utf-8")}
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        sources[nb.name] = nb.read_text(encoding="utf-8")
    picks = re.compile(r'_\{(ctx\.)?lang\}|"name_zh" if|type_zh if|\}\[lang\]')
    assert {name: picks.findall(src) for name, src in sources.items() if picks.search(src)} == {}


# ------------------------------------------------------------------ tables for people

def test_entry_table_sets_the_catalogue_beside_the_documents(raw):
    ds = pl.load()
    row = next(r for r in raw if r["代码"] == "G412117")
    zh = national.entry_table(ds, "nanyang_hitech", "zh").set_index("项目")
    assert zh.loc["名称", "2018年目录"] == row["开发区名称"]
    assert zh.loc["批准时间", "2018年目录"] == row["批准时间"].replace(".", "-")
    assert zh.loc["核准面积", "2018年目录"] == f"{float(row['核准面积_公顷']):,.2f} 公顷"
    assert zh.loc["主导产业", "2018年目录"] == row["主导产业"]
    assert zh.loc["主导产业", "园区文件"] == "光电信息、防爆装备"
    assert zh.loc["级别", "园区文件"] == "国家级"
    en = national.entry_table(ds, "nanyang_hitech", "en")
    assert list(en.columns) == ["Item", "2018 catalogue", "The park's documents"]
    assert not any(CJK.search(str(v)) for v in en.to_numpy().ravel())
    none = national.entry_table(ds, "suqian_eco_chem", "en").set_index("Item")
    assert none.loc["Name", "2018 catalogue"] == "no entry in the catalogue"


def test_links_table_names_each_parks_zone():
    ds = pl.load()
    links = {p: _park_file(p)["catalogue"] for p in ("guanzhuang", "puyang", "suqian_eco_chem")}
    got = national.links_table(ds, "zh").set_index("园区")
    for park, link in links.items():
        name = _park_file(park)["park"]["name_zh"]
        assert got.loc[name, "代码"] == (link["code"] or "")
        assert got.loc[name, "开发区"] == link.get("name_zh", "目录中无条目")


# ------------------------------------------------------------------ the notebook, as users run it

def _run(tmp: Path, park_id: str, lang: str) -> tuple[nbformat.NotebookNode, Path]:
    out = tmp / f"{park_id}.{lang}"
    executed = tmp / f"{park_id}.{lang}.ipynb"
    run = subprocess.run(PAPERMILL + [str(NOTEBOOK), str(executed), "-p", "park_id", park_id,
                                      "-p", "lang", lang, "-p", "output_dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return nbformat.read(executed, as_version=4), out / "05_national_context"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nb05")
    return {(p, lang): _run(tmp, p, lang)
            for p in ("nanyang_hitech", "suqian_eco_chem", "all") for lang in ("zh", "en")}


class _Cells(HTMLParser):
    """The rows of the tables of an HTML output, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _shown(nb) -> tuple[list[str], list[list[list[str]]]]:
    """What a report in the notebook's language shows: markdown (cells of that language and
    outputs) and the tables."""
    lang = nb.metadata.papermill.parameters["lang"]
    texts, tables = [], []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and f"lang-{'zh' if lang == 'en' else 'en'}" not in tags:
            texts.append(cell.source)
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if "text/markdown" in data:
                texts.append(data["text/markdown"])
            if "text/html" in data:
                parser = _Cells()
                parser.feed(data["text/html"])
                tables.append(parser.rows)
    return texts, tables


def test_peers_are_the_zones_of_its_type_and_level(runs, raw):
    _, out = runs["nanyang_hitech", "zh"]
    peers = pd.read_csv(out / "peers.csv", encoding="utf-8-sig", dtype=str)
    expected = {r["代码"] for r in raw if r["批准级别"] == "国务院" and r["开发区类型"] == "高新技术产业开发区"}
    assert set(peers.code) == expected - {"G412117"} and len(peers) == 155
    standing = pd.read_csv(out / "standing.csv", encoding="utf-8-sig")
    areas = sorted((float(r["核准面积_公顷"]) for r in raw if r["代码"] in expected), reverse=True)
    area = standing[standing.column == "area_ha"].iloc[0]
    assert area["rank"] == areas.index(920.0) + 1 and area.n == 156
    henan = pd.read_csv(out / "province_zones.csv", encoding="utf-8-sig", dtype=str)
    assert sorted(henan.code) == sorted(r["代码"] for r in raw if r["省份"] == "河南省")
    for name in ("peers_area_year", "province_by_type"):
        assert (out / f"{name}.png").read_bytes()[:4] == b"\x89PNG"


def test_the_shown_peers_are_its_neighbours_in_area_with_the_park_marked(runs, raw):
    nb, _ = runs["nanyang_hitech", "en"]
    _, tables = _shown(nb)
    shown = next(t for t in tables if t and t[0][:3] == ["This park", "Code", "Zone"]
                 and len(t) < 100)
    header, rows = shown[0], shown[1:]
    area = header.index("Approved area (ha)")
    peers = [(float(r["核准面积_公顷"]), r["代码"]) for r in raw
             if r["批准级别"] == "国务院" and r["开发区类型"] == "高新技术产业开发区" and r["代码"] != "G412117"]
    larger = sorted((a, c) for a, c in peers if a > 920.0)[:10]
    smaller = sorted(((a, c) for a, c in peers if a <= 920.0), key=lambda x: -x[0])[:10]
    assert {r[1] for r in rows} == {c for _, c in larger + smaller} | {"G412117"}
    assert len(rows) == 21
    marked = [r for r in rows if r[0] == "★ this park"]
    assert [r[1:3] for r in marked] == [["G412117", "Nanyang High-tech Industrial Development Zone"]]
    areas = [float(r[area].replace(",", "")) for r in rows]
    assert areas == sorted(areas, reverse=True) and rows.index(marked[0]) == len(larger)


def test_a_park_without_an_entry_says_why_and_shows_its_province(runs, raw):
    why = _park_file("suqian_eco_chem")["catalogue"]["why_none"]
    for lang, says in (("zh", "在2018年目录中没有条目"), ("en", "has no entry in the 2018 catalogue")):
        nb, out = runs["suqian_eco_chem", lang]
        texts, _ = _shown(nb)
        joined = "\n".join(texts)
        assert says in joined
        assert "宿豫" in joined and "G321105" in joined  # the park file's reason, shown
        assert not (out / "peers.csv").exists()
        zones = pd.read_csv(out / "province_zones.csv", encoding="utf-8-sig", dtype=str)
        assert sorted(zones.code) == sorted(r["代码"] for r in raw if r["省份"] == "江苏省")
    assert why.split(":")[0] in joined


def test_the_national_picture_is_written(runs, raw):
    _, out = runs["all", "zh"]
    for name in ("zones_by_province", "map_zones", "approval_waves", "area_by_type", "leading_categories"):
        assert (out / f"{name}.png").read_bytes()[:4] == b"\x89PNG", name
    waves = pd.read_csv(out / "approval_waves.csv", encoding="utf-8-sig")
    assert waves.zones.sum() == len(raw) == 2543 and waves.year.nunique() == 35
    counts = pd.read_csv(out / "zones_by_province.csv", encoding="utf-8-sig", dtype={"province_code": str})
    assert counts.zones.sum() == 2543 and len(counts) == 31


def test_the_source_line_names_the_catalogue(runs):
    for (park, lang), (nb, _) in runs.items():
        joined = "\n".join(_shown(nb)[0])
        if lang == "zh":
            assert "《中国开发区审核公告目录》（2018年版）" in joined and "2018年第4号" in joined
        else:
            assert "announcement 2018 No. 4 of the NDRC" in joined


def test_english_reports_show_no_chinese_but_the_names_and_quotes_given_on_purpose(runs):
    for park in ("nanyang_hitech", "suqian_eco_chem", "all"):
        nb, _ = runs[park, "en"]
        texts, tables = _shown(nb)
        for text in texts:
            for line in text.splitlines():
                if line.startswith(">"):  # the park file's evidence or reason, as written
                    continue
                assert not CJK.search(line), (park, line)
        for table in tables:
            if not table:
                continue
            keep = [i for i, h in enumerate(table[0]) if h != "Chinese name"]
            for row in table:
                cells = [row[i] for i in keep if i < len(row)]
                assert not any(CJK.search(c) for c in cells), (park, row)
        zh_texts, _ = _shown(runs[park, "zh"][0])
        assert any(CJK.search(t) for t in zh_texts)


def test_report_runs_it_for_every_park_and_for_all():
    nb = next(p for p in report.find_notebooks() if p.stem == "05_national_context")
    assert report.accepts_all(nb)


def test_no_run_writes_warnings_into_the_report(runs):
    for key, (nb, _) in runs.items():
        streams = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "stream" and o.name == "stderr"]
        assert not streams, (key, streams)  # e.g. matplotlib's findfont for a missing weight


def test_the_most_common_categories_count_the_zones_naming_them(raw):
    with open(ROOT / "data" / "vocab" / "catalogue_industries.csv", encoding="utf-8", newline="") as f:
        cats = {r["wording"]: [c for c in r["categories"].split("|") if c]
                for r in csv.DictReader(line for line in f if not line.startswith("#"))}
    naming = {}
    mentions = {}
    for r in raw:
        words = r["主导产业"].split("、")
        for c in {c for w in words for c in cats[w]}:
            naming[c] = naming.get(c, 0) + 1
        for c in (c for w in words for c in cats[w]):
            mentions[c] = mentions.get(c, 0) + 1
    top = sorted(naming, key=lambda c: (-naming[c], -mentions[c]))[:15]
    labels = yaml.safe_load((ROOT / "data" / "vocab" / "catalogue_categories.yaml").read_text(encoding="utf-8"))
    ds = pl.load()
    from parklens import catalogue

    profile = catalogue.industry_profile(ds.catalogue_industries)
    table = national.categories_table(profile, catalogue.categories(), "en", len(raw))
    assert list(table["Category"]) == [labels[c]["en"] for c in top]
    assert list(table["Zones naming it"]) == [naming[c] for c in top]
    assert list(table["Share of zones (%)"]) == pytest.approx([round(100 * naming[c] / 2543, 1) for c in top])
    ax = national.categories_chart(profile, catalogue.categories(), "zh", len(raw))
    assert [t.get_text() for t in ax.get_yticklabels()] == [labels[c]["zh"] for c in top]
