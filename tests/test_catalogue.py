"""The 2018 national catalogue: the bundled file, its checks, its tables and the helpers.

Expected answers come from the announcement (2,543 zones, 552 national, 1,991 provincial),
from the CSV read here with the csv module alone, or from hand-written tables; never from
parklens.catalogue itself.
"""

from __future__ import annotations

import collections
import csv
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from parklens import catalogue
from shared import shared_path

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "catalogue" / "devzones_2018.csv"
META = CSV.with_suffix(".yaml")
MAPPING = ROOT / "data" / "vocab" / "catalogue_industries.csv"


@pytest.fixture(scope="module")
def cat() -> catalogue.Catalogue:
    return catalogue.load()


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    """The bundled CSV read with the csv module only: the independent reference."""
    with open(CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------ the data file

def test_counts_are_the_announcements(cat):
    zones = cat.zones
    assert len(zones) == 2543
    assert (zones.level == "national").sum() == 552
    assert (zones.level == "provincial").sum() == 1991
    # the duplicated code is kept on both zones, not dropped
    assert zones.code.nunique() == 2542
    assert set(zones.loc[zones.code == "S377018", "name_zh"]) == {"山东淄川经济开发区", "山东临淄经济开发区"}


def test_bundled_csv_is_byte_identical_to_the_shared_copy():
    shared = shared_path("catalogue", "devzones_2018.csv", what="the catalogue as received")
    assert CSV.read_bytes() == shared.read_bytes()


def test_metadata_travels_with_the_data():
    import yaml

    meta = yaml.safe_load(META.read_text(encoding="utf-8"))
    assert meta["announcement"] == "国家发展改革委等六部门公告2018年第4号"
    with open(CSV, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert list(meta["columns"]) == header, "every column is described, in the file's order"
    kinds = {s["kind"] for s in meta["known_slips"]}
    assert {"duplicate_code", "misprint", "stray_punctuation", "em_dash"} <= kinds


def test_the_bundled_file_has_only_its_known_slip():
    problems = catalogue.check()
    assert [p.severity for p in problems] == ["known_slip", "known_slip"]
    assert {p.where for p in problems} == {"S377018"}
    with open(CSV, encoding="utf-8") as f:
        lines = [i for i, line in enumerate(f, start=1) if ",S377018," in line]
    assert sorted(p.line for p in problems) == lines


# ------------------------------------------------------------------ checks on planted bad rows

@pytest.fixture
def bad_copy(tmp_path: Path):
    """A copy of the CSV and its metadata; ``plant(code, column, value)`` edits one zone's
    field and returns the file line of that zone."""
    shutil.copy(CSV, tmp_path / CSV.name)
    shutil.copy(META, tmp_path / META.name)
    path = tmp_path / CSV.name

    def plant(code: str, column: str, value: str, name: str | None = None) -> int:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        index = rows[0].index(column)
        for i, row in enumerate(rows):
            if row[1] == code and (name is None or row[2] == name):
                row[index] = value
                line = i + 1
                break
        else:
            raise AssertionError(f"no row {code}")
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        return line

    return path, plant


def errors_at(path: Path, line: int) -> list[catalogue.CatalogueProblem]:
    return [p for p in catalogue.check(path) if p.severity == "error" and p.line == line]


def assert_located(path: Path, line: int, *fragments: str):
    found = errors_at(path, line)
    assert any(all(f in str(p) for f in fragments) for p in found), \
        "\n".join(str(p) for p in catalogue.check(path))
    assert all(p.fix and p.file == str(path) for p in found)
    with pytest.raises(catalogue.CatalogueError) as err:
        catalogue.load(path)
    assert f"{path}:{line}:" in str(err.value)


@pytest.mark.parametrize("code, column, value, fragments", [
    ("G412117", "代码", "G422117", ["province digits 42", "河南省 (41)"]),       # wrong province digit
    ("G412117", "代码", "G411117", ["type digit 1", "高新技术产业开发区 (2)"]),    # wrong type digit
    ("G412117", "代码", "S418117", ["starts with S", "国务院"]),                # level letter
    ("G412117", "代码", "G41211", ["not G or S followed by 6 digits"]),
    ("G412117", "批准时间", "2010.13", ["not YYYY.MM"]),
    ("G412117", "批准时间", "2010.9", ["not YYYY.MM"]),
    ("G412117", "批准时间", "2010-09", ["not YYYY.MM"]),
    ("G412117", "批准时间", "2030.09", ["outside 1984–2018"]),
    ("G412117", "核准面积_公顷", "-920.0", ["not a positive number"]),
    ("G412117", "核准面积_公顷", "0", ["not a positive number"]),
    ("G412117", "核准面积_公顷", "nan", ["not a positive number"]),
    ("G412117", "省份", "河南", ["省份 '河南' is unknown"]),
    ("G412117", "批准级别", "市政府", ["批准级别 '市政府' is unknown"]),
    ("G412117", "开发区类型", "工业园区", ["not a type of 国务院-approved zones"]),
    ("G412117", "主导产业", "", ["主导产业 is empty"]),
])
def test_planted_bad_field_is_located(bad_copy, code, column, value, fragments):
    path, plant = bad_copy
    line = plant(code, column, value)
    assert_located(path, line, *fragments)


def test_a_second_line_with_a_code_not_listed_as_a_slip_is_an_error(bad_copy, raw):
    path, plant = bad_copy
    # another national high-tech zone of Henan: its code agrees with province and type
    other = next(r for r in raw if r["代码"].startswith("G412") and r["代码"] != "G412117")
    line = plant("G412117", "代码", other["代码"])
    other_line = 1 + next(i for i, r in enumerate(raw, start=1) if r["代码"] == other["代码"])
    errors = [p for p in catalogue.check(path) if p.severity == "error"]
    assert [p.where for p in errors] == [other["代码"]]
    assert errors[0].line == max(line, other_line) and "used again" in errors[0].message
    assert f"lines {min(line, other_line)}, {max(line, other_line)}" in errors[0].message


def test_the_known_duplicate_is_an_error_once_the_metadata_no_longer_lists_it(bad_copy):
    path, _ = bad_copy
    meta = path.with_suffix(".yaml")
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("kind: duplicate_code", "kind: removed_for_the_test"), encoding="utf-8")
    errors = [p for p in catalogue.check(path) if p.severity == "error"]
    assert [p.where for p in errors] == ["S377018"] and "used again" in errors[0].message


def test_wrong_field_count_and_header_and_encoding_are_located(tmp_path):
    text = CSV.read_text(encoding="utf-8").splitlines()
    short = tmp_path / "short.csv"
    short.write_text("\n".join(text[:5] + [text[5].rsplit(",", 1)[0]] + text[6:]) + "\n", encoding="utf-8")
    assert_located(short, 6, "8 fields instead of 9")

    header = tmp_path / "header.csv"
    header.write_text("\n".join(["code,name"] + text[1:]) + "\n", encoding="utf-8")
    assert [(p.line, "the first line must be" in p.fix) for p in catalogue.check(header)] == [(1, True)]

    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("\n".join(text[:3]).encode("utf-8") + "\n".encode() + text[3].encode("gbk") + b"\n")
    [problem] = catalogue.check(gbk)
    assert problem.line == 4 and "not UTF-8" in problem.message


def test_oversized_and_missing_files_are_refused_without_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogue, "MAX_BYTES", 1000)
    [problem] = catalogue.check(CSV)
    assert "more than the 1,000" in problem.message
    [missing] = catalogue.check(tmp_path / "nothing.csv")
    assert "cannot read the file" in missing.message
    with pytest.raises(catalogue.CatalogueError):
        catalogue.load(tmp_path / "nothing.csv")


def test_a_broken_vocabulary_names_its_file(tmp_path):
    shutil.copytree(ROOT / "data" / "vocab", tmp_path / "data" / "vocab")
    (tmp_path / "data" / "catalogue").mkdir()
    shutil.copy(CSV, tmp_path / "data" / "catalogue" / CSV.name)
    types = tmp_path / "data" / "vocab" / "zone_types.yaml"
    types.write_text(types.read_text(encoding="utf-8").replace("digit:", "digits:"), encoding="utf-8")
    problems = catalogue.check(tmp_path / "data" / "catalogue" / CSV.name)
    assert problems and all(p.file == str(types) for p in problems)


# ------------------------------------------------------------------ the zones table

def test_zones_agree_with_the_csv_read_independently(cat, raw):
    zones = cat.zones
    assert list(zones.code) == [r["代码"] for r in raw]
    assert list(zones.area_ha) == [float(r["核准面积_公顷"]) for r in raw]
    assert list(zones.leading_industries) == [r["主导产业"].split("、") for r in raw]
    # province codes are the code's digits (GB/T 2260), types the code's digit
    assert (zones.code.str[1:3] == zones.province_code).all()
    digit = {"economic_technological": "1", "hitech": None, "customs_special": "3",
             "border_cooperation": "5", "other": "6", "economic_development": "7", "industrial_park": "9"}
    hitech = zones.type == "hitech"
    assert (zones.code[hitech].str[3] == zones.level[hitech].map({"national": "2", "provincial": "8"})).all()
    assert (zones.code[~hitech].str[3] == zones.type[~hitech].map(digit)).all()


def test_two_dates_are_both_kept(cat):
    zones = cat.zones.set_index("code")
    assert zones.loc["G313031", ["approved", "approved_2"]].tolist() == ["2000-04", "2002-12"]
    assert zones.loc["G513119", ["approved", "approved_2"]].tolist() == ["2010-10", "2012-01"]
    assert zones.approved_2.notna().sum() == 2
    assert zones.loc["G111001", "approved"] == "1994-08"          # 1994.08 is August
    assert zones.loc["G412117", "province_en"] == "Henan"


ENGLISH_NAMES = {
    "南阳高新技术产业开发区": "Nanyang High-tech Industrial Development Zone",
    "北京经济技术开发区": "Beijing Economic and Technological Development Zone",
    "宿迁经济技术开发区": "Suqian Economic and Technological Development Zone",
    "濮阳经济技术开发区": "Puyang Economic and Technological Development Zone",
    "河南濮阳工业园区": "Henan Puyang Industrial Park",
    "北京天竺综合保税区": "Beijing Tianzhu Comprehensive Bonded Zone",
    "中关村科技园区": "Zhongguancun Science and Technology Park",
    "苏州工业园区": "Suzhou Industrial Park",
    "沈阳—欧盟经济开发区": "Shenyang–EU Economic Development Zone",
    "湽博高新技术产业开发区": "Zibo High-tech Industrial Development Zone",   # the misprint, meant 淄博
    "山东淄川经济开发区": "Shandong Zichuan Economic Development Zone",
    "上海松江出口加工区及B区": "Shanghai Songjiang Export Processing Zone and Zone B",
    "厦门海沧台商投资区": "Xiamen Haicang Taiwanese Investment Zone",
    "大连金石滩国家旅游度假区": "Dalian Jinshitan National Tourist Resort",
    "上海陆家嘴金融贸易区": "Shanghai Lujiazui Finance and Trade Zone",
    "绥芬河边境经济合作区": "Suifenhe Border Economic Cooperation Zone",
    "满洲里中俄互市贸易区": "Manzhouli China–Russia Border Trade Zone",
    "杞县产业集聚区": "Qixian Industrial Cluster Zone",
    "通许县产业集聚区": "Tongxu Industrial Cluster Zone",
    "长垣县产业集聚区": "Changyuan Industrial Cluster Zone",
    "江苏省海安高新技术产业开发区": "Jiangsu Hai'an High-tech Industrial Development Zone",
    "内蒙古托—清经济开发区": "Inner Mongolia Tuo–Qing Economic Development Zone",
    "坡头区科技产业园": "Potou Science and Technology Industrial Park",
    "武汉东湖新技术开发区": "Wuhan Donghu New Technology Development Zone",
    "喀什经济开发区（含新疆生产建设兵团片区）":
        "Kashi Economic Development Zone (including Xinjiang Production and Construction Corps Section)",
    "重庆两路寸滩保税港区": "Chongqing Lianglu Cuntan Bonded Port Area",
    "广西凭祥综合保税区": "Guangxi Pingxiang Comprehensive Bonded Zone",
}


def test_english_names_follow_the_rules(cat):
    names = dict(zip(cat.zones.name_zh, cat.zones.name_en))
    wrong = {zh: (names.get(zh), en) for zh, en in ENGLISH_NAMES.items() if names.get(zh) != en}
    assert not wrong
    assert not cat.zones.name_en.str.contains(r"[\u3400-\u9fff]").any(), "no Chinese left in English names"


def test_places_file_is_what_the_generator_writes():
    """zone_places.csv is generated (pypinyin, jieba and the readings), never hand-edited."""
    with open(ROOT / "data" / "vocab" / "zone_places.csv", encoding="utf-8", newline="") as f:
        stored = pd.DataFrame(list(csv.DictReader(line for line in f if not line.startswith("#"))))
    generated = catalogue.place_names()
    pd.testing.assert_frame_equal(stored.reset_index(drop=True), generated.reset_index(drop=True))


def test_a_place_missing_from_the_places_file_is_romanized_on_the_fly():
    vocab = catalogue._read_vocab(ROOT / "data" / "vocab")
    vocab = {**vocab, "places": {}}
    assert catalogue.english_name("南阳高新技术产业开发区", vocab) == "Nanyang High-tech Industrial Development Zone"
    assert catalogue.english_name("河南邱县经济开发区", vocab) == "Henan Qiuxian Economic Development Zone"


def test_an_edit_of_the_vocabulary_is_served_in_the_same_session(tmp_path, monkeypatch):
    """The default vocabularies are kept by content, not by path: after an edit, the next
    call reads the new rules; an unchanged folder is not parsed again; the cache is bounded."""
    shutil.copytree(ROOT / "data" / "vocab", tmp_path / "vocab")
    monkeypatch.setattr(catalogue, "default_data_dir", lambda: tmp_path)
    name = "南阳高新技术产业开发区"
    assert catalogue.english_name(name) == "Nanyang High-tech Industrial Development Zone"
    names = tmp_path / "vocab" / "zone_names.yaml"
    edited = names.read_text(encoding="utf-8").replace(
        "高新技术产业开发区: High-tech Industrial Development Zone",
        "高新技术产业开发区: High-technology Zone", 1)
    names.write_text(edited, encoding="utf-8")
    assert catalogue.english_name(name) == "Nanyang High-technology Zone"
    assert catalogue._default_vocab() is catalogue._default_vocab()  # parsed once per content
    assert catalogue._vocab_by_content.cache_info().maxsize is not None


def test_load_is_fast_enough():
    catalogue.load()                      # imports and first-touch costs
    timings = []
    for _ in range(3):                    # the best of three, in CPU time: the cores are shared
        start = time.process_time()       # (with the other test workers, among others)
        catalogue.load()
        timings.append(time.process_time() - start)
    assert min(timings) <= 0.3


# ------------------------------------------------------------------ the industries table

def test_one_row_per_zone_and_stated_industry(cat, raw):
    ind = cat.industries
    assert len(ind) == sum(len(r["主导产业"].split("、")) for r in raw) == 7030
    first = ind[(ind.code == "G412117")]
    assert first.wording.tolist() == ["装备制造", "新材料", "光电"]
    assert first.position.tolist() == [1, 2, 3]
    row = first.set_index("wording")
    assert row.loc["光电", "industry"] == "optoelectronics"        # the parks' vocabulary
    assert row.loc["新材料", "sei"] == ["3"]
    assert "C34" in row.loc["装备制造", "gbt4754"]


def test_every_wording_of_the_catalogue_is_in_the_mapping_file(raw):
    with open(MAPPING, encoding="utf-8", newline="") as f:
        listed = {r["wording"] for r in csv.DictReader(line for line in f if not line.startswith("#"))}
    stated = {w for r in raw for w in r["主导产业"].split("、")}
    assert stated - listed == set(), "a wording with no line in the mapping"
    assert listed - stated == set(), "a line in the mapping for a wording the catalogue does not use"


def test_mapping_uses_known_categories_parks_industries_and_confidences():
    import yaml

    categories = yaml.safe_load((ROOT / "data" / "vocab" / "catalogue_categories.yaml").read_text("utf-8"))
    parks = yaml.safe_load((ROOT / "data" / "vocab" / "industries.yaml").read_text("utf-8"))
    for cid, c in categories.items():
        assert c.get("industry") is None or c["industry"] in parks, cid
        assert c.get("sei") is None or c["sei"]["code"] in set("123456789"), cid
        assert all(g["confidence"] in {"high", "medium", "low"} for g in c["gbt4754"]), cid
    with open(MAPPING, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    for r in rows:
        cats = [c for c in r["categories"].split("|") if c]
        assert all(c in categories for c in cats), r
        assert (r["confidence"] in {"high", "medium", "low"}) if cats else (r["confidence"] == "" and r["note"]), r


@pytest.mark.parametrize("wording, category", [
    ("装备制造", "equipment_manufacturing"), ("食品", "food"), ("新材料", "new_materials"),
    ("电子信息", "electronics"), ("生物医药", "biomedicine"), ("农副产品加工", "agrifood_processing"),
    ("汽车零部件", "auto_parts"), ("电石化工", "coal_chemicals"),   # calcium carbide: coal-based
    ("中央空调", "general_equipment"), ("光电子器件", "optoelectronics"), ("电光源", "electrical_equipment"),
    ("食品.", "food"), ("有色金属采选", "mining"), ("轨道交通装备", "rail_transit"),
])
def test_wordings_read_in_their_economic_sense(cat, wording, category):
    row = cat.industries[cat.industries.wording == wording].iloc[0]
    assert row.category == category


def test_coverage_floor(cat, raw):
    with open(MAPPING, encoding="utf-8", newline="") as f:
        mapped = {r["wording"] for r in csv.DictReader(line for line in f if not line.startswith("#"))
                  if r["categories"]}
    mentions = [w for r in raw for w in r["主导产业"].split("、")]
    expected = sum(w in mapped for w in mentions) / len(mentions)
    report = catalogue.coverage(cat.industries)
    assert report["share"] == pytest.approx(expected)
    assert report["share"] >= 0.95
    unmapped = collections.Counter(w for w in mentions if w not in mapped)
    assert report["unmapped"] == dict(unmapped)
    print(f"\ncatalogue industry coverage: {report['mapped']}/{report['mentions']} mentions "
          f"({report['share']:.2%}); not mapped: {report['unmapped']}")


# ------------------------------------------------------------------ helpers against independent computations

def test_peers_by_type_province_and_industry(cat, raw):
    zone = next(r for r in raw if r["代码"] == "G412117")
    same_type = {r["代码"] for r in raw if r["开发区类型"] == zone["开发区类型"]
                 and r["批准级别"] == zone["批准级别"]} - {"G412117"}
    assert set(catalogue.peers(cat.zones, "G412117").code) == same_type
    assert len(same_type) == 155

    same_province = {(r["代码"], r["开发区名称"]) for r in raw if r["省份"] == "河南省"} - {
        ("G412117", "南阳高新技术产业开发区")}
    got = catalogue.peers(cat.zones, "G412117", by="province")
    assert set(zip(got.code, got.name_zh)) == same_province

    with open(MAPPING, encoding="utf-8", newline="") as f:
        cats = {r["wording"]: set(filter(None, r["categories"].split("|")))
                for r in csv.DictReader(line for line in f if not line.startswith("#"))}
    own = set().union(*(cats[w] for w in zone["主导产业"].split("、")))
    sharing = {(r["代码"], r["开发区名称"]) for r in raw
               if own & set().union(*(cats[w] for w in r["主导产业"].split("、")))}
    sharing.discard(("G412117", "南阳高新技术产业开发区"))
    got = catalogue.peers(cat.zones, "G412117", by="industry", industries=cat.industries)
    assert set(zip(got.code, got.name_zh)) == sharing


def test_the_duplicated_code_needs_a_name(cat):
    with pytest.raises(ValueError, match="give name_zh"):
        catalogue.peers(cat.zones, "S377018")
    got = catalogue.peers(cat.zones, "S377018", by="province", name_zh="山东临淄经济开发区")
    assert "山东淄川经济开发区" in set(got.name_zh) and "山东临淄经济开发区" not in set(got.name_zh)


def test_standing_of_area_and_approval_year(cat, raw):
    peer_rows = [r for r in raw if r["开发区类型"] == "高新技术产业开发区" and r["批准级别"] == "国务院"]
    areas = sorted((float(r["核准面积_公顷"]) for r in peer_rows), reverse=True)
    own = 920.0
    peers = catalogue.peers(cat.zones, "G412117")
    got = catalogue.standing(cat.zones, "G412117", peers).iloc[0]
    assert got.value == own and got.n == len(peer_rows) == 156
    assert got["rank"] == areas.index(own) + 1                        # 1 = the largest
    assert got.percentile == pytest.approx(100 * sum(a <= own for a in areas) / len(areas))

    years = [int(r["批准时间"][:4]) for r in peer_rows]
    got = catalogue.standing(cat.zones, "G412117", peers, column="approved_year").iloc[0]
    assert got.value == 2010
    assert got["rank"] == sum(y > 2010 for y in years) + 1
    assert got.percentile == pytest.approx(100 * sum(y <= 2010 for y in years) / len(years))


def test_industry_profile_of_a_province(cat, raw):
    with open(MAPPING, encoding="utf-8", newline="") as f:
        cats = {r["wording"]: [c for c in r["categories"].split("|") if c]
                for r in csv.DictReader(line for line in f if not line.startswith("#"))}
    henan = [r for r in raw if r["省份"] == "河南省"]
    mentions = collections.Counter(c for r in henan for w in r["主导产业"].split("、") for c in cats[w])
    zones_naming = collections.Counter(c for r in henan
                                       for c in {c for w in r["主导产业"].split("、") for c in cats[w]})
    codes = [r["代码"] for r in henan]
    got = catalogue.industry_profile(cat.industries, codes).set_index("category")
    assert got.mentions.to_dict() == dict(mentions)
    assert got.zones.to_dict() == dict(zones_naming)
    assert got.share.sum() == pytest.approx(1.0)
    top = mentions.most_common(1)[0][0]
    assert got.index[0] == top
    assert got.loc[top, "zone_share"] == pytest.approx(zones_naming[top] / len(henan))

    sei = catalogue.industry_profile(cat.industries, codes, by="sei")
    assert set(sei.sei) <= set("123456789")


def test_zones_by_province_and_type(cat, raw):
    expected = collections.Counter((r["省份"], r["开发区类型"], r["批准级别"]) for r in raw)
    got = catalogue.by_province_type(cat.zones)
    assert got.zones.sum() == 2543
    labels = dict(zip(zip(cat.zones.type, cat.zones.level), cat.zones.type_zh))
    level_zh = {"national": "国务院", "provincial": "省政府"}
    as_counter = collections.Counter({(p, labels[(t, lv)], level_zh[lv]): n
                                      for p, lv, t, n in got[["province", "level", "type", "zones"]].itertuples(index=False)})
    assert as_counter == expected
    henan_hitech = got[(got.province == "河南省") & (got.type == "hitech") & (got.level == "national")]
    assert henan_hitech.area_ha.iloc[0] == pytest.approx(
        sum(float(r["核准面积_公顷"]) for r in raw if r["省份"] == "河南省"
            and r["开发区类型"] == "高新技术产业开发区" and r["批准级别"] == "国务院"))


def _mapping() -> dict[str, list[str]]:
    with open(MAPPING, encoding="utf-8", newline="") as f:
        return {r["wording"]: [c for c in r["categories"].split("|") if c]
                for r in csv.DictReader(line for line in f if not line.startswith("#"))}


def test_approval_waves_have_a_bar_for_every_year(cat, raw):
    level = {"国务院": "national", "省政府": "provincial"}
    expected = collections.Counter((int(r["批准时间"][:4]), level[r["批准级别"]]) for r in raw)
    got = catalogue.approval_waves(cat.zones)
    assert sorted(set(got.year)) == list(range(1984, 2019))
    assert len(got) == 35 * 2 and got.zones.sum() == 2543
    as_counter = collections.Counter({(y, lv): n for y, lv, n in got.itertuples(index=False) if n})
    assert as_counter == expected
    empty = [(y, lv) for y in range(1984, 2019) for lv in level.values() if (y, lv) not in expected]
    assert empty and (got.set_index(["year", "level"]).zones[empty] == 0).all()  # zero, not missing


def test_area_by_type_adds_up_the_csv(cat, raw):
    totals = collections.defaultdict(list)
    for r in raw:
        totals[(r["批准级别"], r["开发区类型"])].append(float(r["核准面积_公顷"]))
    got = catalogue.area_by_type(cat.zones)
    level_zh = {"national": "国务院", "provincial": "省政府"}
    labels = dict(zip(zip(cat.zones.type, cat.zones.level), cat.zones.type_zh))
    assert len(got) == len(totals) == 8
    for row in got.itertuples():
        areas = totals[(level_zh[row.level], labels[(row.type, row.level)])]
        assert row.zones == len(areas)
        assert row.area_ha == pytest.approx(sum(areas))
        assert row.median_ha == pytest.approx(sorted(areas)[len(areas) // 2] if len(areas) % 2
                                              else sum(sorted(areas)[len(areas) // 2 - 1:][:2]) / 2)
        assert row.max_ha == max(areas)
    assert list(got.area_ha) == sorted(got.area_ha, reverse=True)
    assert got.share.sum() == pytest.approx(1.0)


def test_province_counts_are_the_csvs(cat, raw):
    expected = collections.Counter(r["省份"] for r in raw)
    national = collections.Counter(r["省份"] for r in raw if r["批准级别"] == "国务院")
    got = catalogue.province_counts(cat.zones)
    assert len(got) == 31 and dict(zip(got.province, got.zones)) == dict(expected)
    assert dict(zip(got.province, got.national)) == {p: national[p] for p in expected}
    assert (got.national + got.provincial == got.zones).all()
    assert got.province.iloc[0] == expected.most_common(1)[0][0] == "山东省"
    assert got.set_index("province").loc["河南省", "province_en"] == "Henan"


def test_categories_by_province_are_the_most_named(cat, raw):
    cats = _mapping()
    got = catalogue.categories_by_province(cat.industries, cat.zones, top=3)
    assert set(got.province) == {r["省份"] for r in raw}
    for province in ("河南省", "西藏自治区", "上海市"):
        rows = [r for r in raw if r["省份"] == province]
        zones_naming = collections.Counter(c for r in rows for c in
                                           {c for w in r["主导产业"].split("、") for c in cats[w]})
        mentions = collections.Counter(c for r in rows for w in r["主导产业"].split("、") for c in cats[w])
        order = sorted(zones_naming, key=lambda c: (-zones_naming[c], -mentions[c], c))[:3]
        mine = got[got.province == province]
        assert list(mine.category) == order, province
        assert list(mine["rank"]) == [1, 2, 3]
        assert list(mine.zone_share) == pytest.approx([zones_naming[c] / len(rows) for c in order])


def test_category_labels_come_from_the_vocabulary():
    import yaml

    vocab = yaml.safe_load((ROOT / "data" / "vocab" / "catalogue_categories.yaml").read_text(encoding="utf-8"))
    got = catalogue.categories()
    assert list(got.category) == list(vocab)
    assert dict(zip(got.category, got.en)) == {k: v["en"] for k, v in vocab.items()}


def test_a_data_folder_stands_for_its_catalogue_and_a_folder_without_one_is_refused(tmp_path):
    assert len(catalogue.load(ROOT / "data").zones) == 2543
    [problem] = catalogue.check(tmp_path)
    assert problem.file == str(tmp_path) and "cannot read the file" in problem.message


def test_readme_catalogue_example_runs():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The national catalogue of development zones\n.*?```python\n(.*?)```",
                      readme, flags=re.S).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert len(namespace["peers"]) == 155
    assert "7,014 of 7,030 mentions" in readme          # the coverage the README states
    report = catalogue.coverage(namespace["cat"].industries)
    assert (report["mapped"], report["mentions"]) == (7014, 7030)


def test_hostile_names_give_a_plain_english_name_not_a_traceback():
    vocab = {**catalogue._read_vocab(ROOT / "data" / "vocab"), "places": {}}
    for name in ["<script>alert(1)</script>开发区", "开发区", "", "——及（含", "ABC工业园区", "🏭经济开发区"]:
        english = catalogue.english_name(name, vocab)
        assert isinstance(english, str) and "\n" not in english


def test_a_place_name_that_repeats_a_province_ten_thousand_times_is_read_not_a_crash():
    # a city written by somebody else: 河南河南…南阳; every 河南 is read, without recursion
    provinces = {"河南省": {"zh": "河南省", "short": "河南", "en": "Henan"}}
    name = catalogue.romanize_place("河南" * 10_000 + "南阳", {}, provinces)
    assert name.split() == ["Henan"] * 10_000 + ["Nanyang"]
    assert catalogue.romanize_place("河南省南阳市", {}, provinces) == "Henan Nanyang"
