"""The bundled dataset: seeds unchanged, every figure traceable, normalization, conflicts."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pandas as pd
import pytest

import parklens as pl

ROOT = Path(__file__).resolve().parents[1]
SEED_SHA256 = {
    "000_1081b11f9708eb87.txt": "9606a497fac8f5e8de186ea4db0519c31abbbc539496427961325cc3d64b969a",
    "001_bcaf6a5d3d36a991.txt": "e4e60c01f5cbd37a6efe3b7b6013eb5a5df0a1d5550b2d56b0af79faf7fd369a",
    "002_05bca7ad69cddc8b.txt": "0b468314292bcdbc0018832909f9fca2104c8a014e7bb54057b31fe193ceecbe",
    "003_84782c2cc07288f7.txt": "0bc9635de0bd64dd931a1e1753d1982e84294f26790f90a8704fc561d16a3f68",
    "004_883b1f0e294a50ae.txt": "9096aab1fb7b92b33ce0b11e519e8f798e1a872e312102ce1449397629a910d3",
}
METRIC_COLUMNS = ["park_id", "subject", "indicator", "label_zh", "label_en", "period", "year",
                  "value", "unit", "value_base", "unit_base", "value_low", "value_high",
                  "qualifier", "status", "source_id", "quote"]


def squash(text: str) -> str:
    return "".join(text.split())


def test_seeds_are_the_received_files_byte_for_byte():
    assert sorted(p.name for p in (ROOT / "seeds").iterdir()) == sorted(SEED_SHA256)
    for name, digest in SEED_SHA256.items():
        data = (ROOT / "seeds" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    shared = ROOT.parent / "shared" / "seeds"
    if shared.is_dir():  # beside the checkout in development and CI
        for name in SEED_SHA256:
            assert (shared / name).read_bytes() == (ROOT / "seeds" / name).read_bytes()


def test_tables_and_columns(ds):
    assert set(METRIC_COLUMNS) <= set(ds.metrics.columns)
    assert {"source_id", "park_id", "file", "title", "outlet", "doc_type", "date"} <= set(
        ds.sources.columns)
    assert sorted(ds.parks.park_id) == ["guanzhuang", "nanyang_hitech", "puyang",
                                        "suqian_eco_chem"]
    for name in ("industries", "enterprises", "projects", "policies", "policy_parts"):
        frame = getattr(ds, name)
        assert set(frame.park_id) == set(ds.parks.park_id), f"{name} covers every park"


def test_documents_are_the_seed_files_exactly(ds):
    assert len(ds.documents) == 5
    for row in ds.documents.itertuples():
        assert row.text == (ROOT / row.file).read_text(encoding="utf-8")
        assert row.file.startswith("seeds/")


def test_every_quote_occurs_in_its_source(ds):
    texts = {r.source_id: squash(r.text) for r in ds.documents.itertuples()}
    for table in ("metrics", "industries", "enterprises", "projects", "policies"):
        for row in getattr(ds, table).itertuples():
            assert squash(row.quote) in texts[row.source_id], (table, row.quote)
    for row in ds.metrics.itertuples():
        assert squash(row.stated) in squash(row.quote), (row.metric_id, row.stated)


def test_well_over_a_hundred_figures_across_every_park(ds):
    per_park = ds.metrics.groupby("park_id").metric_id.nunique()
    assert per_park.sum() >= 150
    assert (per_park >= 25).all(), per_park


def test_one_row_per_figure_and_source(ds):
    assert not ds.metrics.duplicated(["metric_id", "source_id"]).any()
    # a fact of the press conference stated in both 000 and 001 cites both
    rows = ds.metrics[(ds.metrics.park_id == "guanzhuang") & (ds.metrics.indicator ==
                                                               "enterprises")]
    both = rows[rows.stated == "120多家"]
    assert set(both.source_id) == {"s000", "s001"}


def test_values_as_stated_and_normalized(ds):
    m = ds.metrics
    gdp = m[(m.park_id == "guanzhuang") & (m.indicator == "gdp") & (m.measure == "level")]
    levels = gdp.drop_duplicates("period").set_index("period")
    assert levels.loc["2020", "value"] == 76 and levels.loc["2020", "unit"] == "亿元"
    assert levels.loc["2023", "value_base"] == pytest.approx(8.87e9)
    assert (gdp.unit_base == "CNY").all()
    ent = m[(m.stated == "120多家")].iloc[0]
    assert (ent.qualifier, ent.value_low) == ("more_than", 120) and math.isnan(ent.value_high)
    near = m[m.stated == "近70亿元"].iloc[0]
    assert near.qualifier == "nearly" and near.value_high == pytest.approx(7e9)
    assert math.isnan(near.value_low)
    workers = m[m.stated == "1.2万人"].iloc[0]
    assert (workers.value_base, workers.unit_base) == (12000, "persons")


def test_year_to_date_periods(ds):
    ytd = ds.metrics[ds.metrics.period_stated.str.contains("前三季度")]
    assert len(ytd) >= 6
    assert set(ytd.period) == {"2024-01/2024-09"} and set(ytd.period_type) == {"ytd"}
    assert (ytd.period_start == pd.Timestamp("2024-01-01")).all()
    assert (ytd.period_end == pd.Timestamp("2024-09-30")).all()
    # 002 is dated 8 April 2020: 去年 is 2019
    py = ds.metrics[(ds.metrics.park_id == "puyang")]
    last_year = py[py.quote.str.contains("去年") & ~py.quote.str.contains("今年")]
    this_year = py[py.quote.str.contains("今年") & ~py.quote.str.contains("去年")]
    assert len(last_year) >= 4 and set(last_year.year) == {2019}
    assert len(this_year) >= 1 and set(this_year.year) == {2020}


def test_statuses(ds):
    statuses = ds.metrics.groupby("status").metric_id.nunique()
    assert set(statuses.index) == {"actual", "estimate", "target"}
    target = ds.metrics[ds.metrics.stated == "突破500亿元"].iloc[0]
    assert target.status == "target" and target.park_id == "puyang"


def test_same_value_in_other_words_is_not_a_conflict(ds):
    gas = ds.metrics[ds.metrics.indicator == "natural_gas_output"]
    assert {"25.8亿方", "25.8亿立方米"} <= set(gas.stated)
    assert gas.value_base.nunique() == 1
    assert not (ds.conflicts().indicator == "natural_gas_output").any()


def test_conflicts_are_every_pair_of_rows_with_the_same_keys_and_another_value(ds):
    """Against the definition, pair by pair (keys equal when both are missing, too)."""
    from parklens.dataset import _same_value

    keys = ["park_id", "subject", "indicator", "measure", "scope", "period"]
    recs = ds.metrics.to_dict("records")
    same = lambda x, y: x == y or (pd.isna(x) and pd.isna(y))  # noqa: E731
    expected = sorted((a["metric_id"], a["source_id"], b["metric_id"], b["source_id"])
                      for i, a in enumerate(recs) for b in recs[i + 1:]
                      if all(same(a[k], b[k]) for k in keys) and not _same_value(a, b))
    c = ds.conflicts()
    assert sorted(zip(c.metric_id_a, c.source_id_a, c.metric_id_b, c.source_id_b)) == expected
    assert len(expected) >= 9
    assert ds.metrics[keys].isna().any().any(), "the data has missing keys: the case is tested"


def test_conflicts_finds_every_disagreement(ds):
    c = ds.conflicts()
    oil = c[c.subject == "henan_oilfield"]
    pairs = {(r.indicator, frozenset({r.value_a, r.value_b})) for r in oil.itertuples()}
    assert ("crude_oil_output", frozenset({9100.0, 9000.0})) in pairs
    assert ("industrial_output", frozenset({2400.0, 2200.0})) in pairs
    assert ("taxes_paid", frozenset({500.0, 430.0})) in pairs
    for indicator in ("crude_oil_output", "industrial_output", "taxes_paid"):
        rows = oil[oil.indicator == indicator]
        # the speech (000, repeated by 001) against the Q&A of the same transcript (000)
        assert set(rows.within_source) == {True, False}
        assert {frozenset({r.source_id_a, r.source_id_b}) for r in rows.itertuples()} == {
            frozenset({"s000"}), frozenset({"s000", "s001"})}
    grade = c[c.indicator == "safety_risk_grade"]
    assert {frozenset({r.value_text_a, r.value_text_b}) for r in grade.itertuples()} == {
        frozenset({"C", "D"})}
    signed = c[(c.park_id == "puyang") & (c.indicator == "projects_signed")]
    assert {frozenset({r.value_a, r.value_b}) for r in signed.itertuples()} == {
        frozenset({20.0, 18.0})}
    for r in c.itertuples():
        assert r.quote_a and r.quote_b and r.source_id_a and r.source_id_b
    assert len(c) >= 5


def test_industries_have_codes_and_roles(ds):
    ind = ds.industries
    assert ind.gbt4754.str.match(r"^[A-T]\d{0,4}$").all()
    assert set(ind.gbt4754_confidence) <= {"high", "medium", "low"}
    for park in ds.parks.itertuples():
        lead = set(ind[(ind.park_id == park.park_id) & (ind.role == "leading")].industry)
        assert set(park.leading_industries) <= lead | set(ind[ind.park_id == park.park_id].industry)
    gz = ind[ind.park_id == "guanzhuang"].set_index("industry")
    assert gz.loc["pharmaceuticals", "output_cny"] == pytest.approx(1.5e9)


def test_enterprise_roles(ds):
    roles = ds.enterprises.groupby("park_id").role.agg(set)
    assert "chain_leader" in roles["guanzhuang"] and "anchor" in roles["nanyang_hitech"]
    assert ds.enterprises.enterprise_id.is_unique
    leader = ds.enterprises[ds.enterprises.role == "chain_leader"]
    assert any("启泰" in n for n in leader.name_zh)


def test_policy_formulas_and_parts(ds):
    pol = ds.policies
    gz = pol[pol.park_id == "guanzhuang"].set_index("name")
    assert {"1+3+2工作体系", "12345工作法", "五聚五提"} <= set(gz.index)
    parts = ds.policy_parts[ds.policy_parts.policy == "1+3+2工作体系"]
    assert list(parts.key) == ["1", "3", "2"]
    parts = ds.policy_parts[ds.policy_parts.policy == "12345工作法"]
    assert list(parts.key) == ["1", "2", "3", "4", "5"]
    sq = set(pol[pol.park_id == "suqian_eco_chem"].name)
    assert any("1+8+1" in n for n in sq) and any("四个园区" in n for n in sq)


def test_sources_dates_and_inference(ds):
    s = ds.sources.set_index("source_id")
    assert s.loc["s002", "date"] == pd.Timestamp("2020-04-08")
    assert s.loc["s002", "date_basis"] == "printed"
    assert s.loc["s000", "date"] == pd.Timestamp("2024-12-25")
    assert s.loc["s000", "date_basis"] == "inferred" and s.loc["s000", "date_note"]
    assert s.loc["s004", "date"] == pd.Timestamp("2021-12-22")


def test_load_another_folder_gives_the_same_tables(ds, data_copy):
    other = pl.load(data_copy)
    pd.testing.assert_frame_equal(other.metrics, ds.metrics)
    assert other.data_dir == data_copy.resolve()


def test_summary_counts(ds):
    s = ds.summary()
    assert s.loc["guanzhuang", "sources"] == 2
    assert s.loc["guanzhuang", "figures"] == ds.metrics[
        ds.metrics.park_id == "guanzhuang"].metric_id.nunique()


SOLO_PARK = """\
park:
  id: solo
  name_zh: 南阳高新技术产业开发区
  name_en: Nanyang High-tech Zone
  province: 河南省
  type: hitech_zone
  cites:
    - {source: s900, quote: "南阳高新技术产业发展"}
sources:
  - id: s900
    file: seeds/003_84782c2cc07288f7.txt
    title: test
    outlet: test
    doc_type: newspaper_report
    date: 2025-01-08
    date_basis: printed
"""


def only_park(data_copy: Path, name: str, text: str) -> Path:
    for path in (data_copy / "parks").glob("*.yaml"):
        path.unlink()
    (data_copy / "parks" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return data_copy


def test_a_park_with_no_optional_lists_loads_with_every_table_typed(ds, data_copy):
    """No metrics, industries, enterprises, projects or policies: every table is there with
    the columns and dtypes it has on the bundled data (where a column is all missing values
    there, pandas could not know its type: object)."""
    solo = pl.load(only_park(data_copy, "solo", SOLO_PARK), cache=False)
    assert list(solo.parks.park_id) == ["solo"] and len(solo.sources) == 1
    for name in ("metrics", "industries", "enterprises", "projects", "policies",
                 "policy_parts"):
        empty, full = getattr(solo, name), getattr(ds, name)
        assert len(empty) == 0, name
        assert list(empty.columns) == list(full.columns), name
        for col in full.columns:
            if full[col].dtype == object and full[col].isna().all():
                continue
            assert empty[col].dtype == full[col].dtype, (name, col)
    assert solo.metrics.year.dtype == "int64"
    summary = solo.summary()
    assert summary.loc["solo", ["sources", "figures", "industries", "policies"]].tolist() == [
        1, 0, 0, 0]
    assert len(solo.conflicts()) == 0
    assert "1 parks, 1 sources, 0 figures" in repr(solo)


def test_a_park_without_metrics_loads(ds, data_copy):
    text = (data_copy / "parks" / "nanyang_hitech.yaml").read_text(encoding="utf-8")
    cut = text[: text.index("metrics:\n")] + text[text.index("industries:\n"):]
    ny = pl.load(only_park(data_copy, "nanyang_hitech", cut), cache=False)
    assert len(ny.metrics) == 0 and ny.metrics.year.dtype == "int64"
    expected = ds.industries[ds.industries.park_id == "nanyang_hitech"]
    assert list(ny.industries.industry) == list(expected.industry)
    assert ny.industries.output_cny.isna().all()  # no figure states an output
    assert ny.projects.investment_cny.dtype == "float64"
    assert ny.summary().loc["nanyang_hitech", "figures"] == 0


# -- the national catalogue (issue 10) ------------------------------------------------------

def _csv_rows() -> list[list[str]]:
    """The catalogue CSV read with the csv module: the independent reference."""
    import csv

    with open(ROOT / "data" / "catalogue" / "devzones_2018.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def test_the_catalogue_tables_are_on_the_dataset(ds):
    rows = _csv_rows()
    assert len(ds.catalogue) == len(rows) == 2543
    assert list(ds.catalogue.code) == [r[1] for r in rows]
    assert list(ds.catalogue.area_ha) == [float(r[7]) for r in rows]
    assert list(ds.catalogue.leading_industries) == [r[8].split("、") for r in rows]
    # one row per zone and stated leading industry, in the order stated
    assert len(ds.catalogue_industries) == sum(len(r[8].split("、")) for r in rows)
    hitech = ds.catalogue_industries[ds.catalogue_industries.code == "G412117"]
    assert list(hitech.wording) == ["装备制造", "新材料", "光电"] and list(hitech.position) == [1, 2, 3]
    assert {"categories", "gbt4754", "sei", "industry", "confidence", "mapped"} <= set(
        ds.catalogue_industries.columns)


def test_each_park_links_its_catalogue_entry_as_its_file_says(ds):
    import yaml

    for path in sorted((ROOT / "data" / "parks").glob("*.yaml")):
        link = yaml.safe_load(path.read_text(encoding="utf-8"))["catalogue"]
        row = ds.parks.set_index("park_id").loc[path.stem]
        if link["code"] is None:
            assert pd.isna(row.catalogue_code) and link["why_none"], path.stem
        else:
            assert row.catalogue_code == link["code"], path.stem
        assert row.catalogue_confidence == link["confidence"]


def test_a_linked_zone_agrees_with_the_park(ds):
    # checked against the CSV's own columns, not the tables built from it
    by_code = {r[1]: r for r in _csv_rows()}
    level_zh = {"national": "国务院", "provincial": "省政府"}
    linked = ds.parks.dropna(subset=["catalogue_code"])
    assert set(linked.park_id) == {"nanyang_hitech", "puyang", "guanzhuang"}
    for park in linked.itertuples():
        zone = by_code[park.catalogue_code]
        assert zone[3] == park.province, park.park_id
        if isinstance(park.level, str):
            assert zone[4] == level_zh[park.level], park.park_id


def test_a_dataset_copy_does_not_share_the_catalogues_lists(ds):
    twin = ds.copy()
    twin.catalogue.leading_industries.iloc[0].append("X")
    twin.catalogue_industries.categories.iloc[0].append("X")
    assert "X" not in ds.catalogue.leading_industries.iloc[0]
    assert "X" not in ds.catalogue_industries.categories.iloc[0]


def test_the_english_label_takes_the_english_scope(data_copy):
    park = data_copy / "parks" / "guanzhuang.yaml"
    text = park.read_text(encoding="utf-8")
    stated = '    scope: 至南阳机场\n    scope_en: "to Nanyang Airport"\n'
    assert stated in text
    park.write_text(text.replace(stated, "    scope: 至南阳机场\n    scope_en: to the airport\n", 1),
                    encoding="utf-8")
    row = pl.load(data_copy, cache=False).metrics.set_index("metric_id").loc["gz_distance_airport"]
    assert row.scope == "至南阳机场" and row.scope_en == "to the airport"
    assert row.label_en == "distance (to the airport)"
    assert "至南阳机场" in row.label_zh


# --- 官庄 (seeds 000 and 001) against its documents: the corrections of the audit --------

def _gz(ds, stated: str, quote_part: str) -> pd.DataFrame:
    """The rows of 官庄 figures stated as ``stated`` in a quote that contains ``quote_part``."""
    m = ds.metrics[ds.metrics.park_id == "guanzhuang"]
    rows = m[(m.stated == stated) & m.quote.map(squash).str.contains(squash(quote_part),
                                                                      regex=False)]
    assert len(rows), f"no figure {stated} in a quote with {quote_part}"
    return rows


@pytest.mark.parametrize("rate, sentence, added, indicator, before", [
    # 新增规模以上企业20家,增速36.4%: 20 added on a stock of 55 (no whole number of
    # additions before gives 20 → +36.4%), so it is the stock that grew
    ("36.4%", "新增规模以上企业20家", 20, "enterprises_above_scale", 55),
    ("70.6%", "工业企业12家，增速70.6%", 12, "industrial_enterprises_above_scale", 17),
    ("47.1%", "新增市场主体3006家", 3006, "market_entities", 6382),
])
def test_gz_the_three_rates_are_growth_of_the_stock_over_an_unstated_period(
        ds, rate, sentence, added, indicator, before):
    rows = _gz(ds, rate, sentence)
    assert set(rows.indicator) == {indicator}
    assert set(rows.measure) == {"yoy_growth"}
    assert set(rows.period_type) == {"unstated"} and set(rows.period) == {"unstated"}
    assert round(added / before * 100, 1) == float(rate[:-1])  # the reading, checked
    # the additions themselves are a flow of that unstated period, not a cumulative total
    flows = ds.metrics[(ds.metrics.park_id == "guanzhuang") &
                       ds.metrics.quote.str.contains(rate, regex=False) &
                       (ds.metrics.measure == "level")]
    assert len(flows) and set(flows.period_type) == {"unstated"}
    assert flows.indicator.str.startswith("new_").all()


def test_gz_no_figure_without_a_stated_period_is_shown_as_cumulative(ds):
    # the documents give no period for these: 新培育…8家 / 2家 / 8家, 相变储能专用蜡销量突破千吨
    for stated, part in (("8家", "新培育高新技术企业8家"), ("2家", "省级专精特新企业2家"),
                         ("突破千吨", "相变储能专用蜡销量突破千吨")):
        assert set(_gz(ds, stated, part).period_type) == {"unstated"}, part


def test_gz_29_cultivated_in_three_years_is_a_flow_not_the_stock(ds):
    rows = _gz(ds, "29家", "培育了29家规上工业企业")
    assert set(rows.indicator) == {"new_industrial_enterprises_above_scale"}
    assert set(rows.period) == {"2022/2024"} and set(rows.period_type) == {"multi_year"}
    stock = _gz(ds, "29家", "从业人员1.2万人")     # 规上工业企业29家 today: the stock
    assert set(stock.indicator) == {"industrial_enterprises_above_scale"}
    assert set(stock.period_type) == {"as_of"}


def test_gz_predicted_reserves_are_not_called_probable(ds):
    rows = _gz(ds, "1441万吨", "预测储量1441万吨")
    assert set(rows.indicator) == {"predicted_reserves_added"}
    assert set(rows.label_en) == {"predicted (possible) reserves added"}
    plan = _gz(ds, "206%", "206%")
    assert set(plan.indicator) == {"predicted_reserves_added"}
    # "probable" is 控制储量 (controlled reserves), one class above the predicted ones
    gz = ds.metrics[ds.metrics.park_id == "guanzhuang"]
    probable = gz[gz.label_en.str.contains("probable")]
    assert len(probable) and all("控制储量" in q for q in probable.quote)


def test_gz_parks_within_the_park_are_not_development_zones(ds):
    rows = ds.metrics[(ds.metrics.park_id == "guanzhuang") &
                      ds.metrics.quote.str.contains("百亿级园中园") &
                      ds.metrics.stated.isin(["三个", "3个"])]
    assert len(rows) == 2 and set(rows.indicator) == {"sub_parks"}
    assert set(rows.value) == {3.0} and set(rows.status) == {"target"}


@pytest.mark.parametrize("stated, part, scope, status", [
    ("半小时", "打造了“半小时经济生活圈”", "经济生活圈", "actual"),
    ("半小时", "打造半小时出行圈", "出行圈（城际快速通道）", "target"),
])
def test_gz_half_hour_circles_are_figures_of_30_minutes(ds, stated, part, scope, status):
    rows = _gz(ds, stated, part)
    assert set(rows.indicator) == {"service_circle_time"} and set(rows.scope) == {scope}
    assert set(rows.value_base) == {30.0} and set(rows.unit_base) == {"minutes"}
    assert set(rows.status) == {status}
    quarter = _gz(ds, "一刻钟", "一刻钟")            # the same kind as the quarter-hour circle
    assert set(quarter.indicator) == set(rows.indicator)


def test_gz_high_tech_enterprises_doubled(ds):
    rows = _gz(ds, "倍增", "高新技术企业倍增")
    assert set(rows.indicator) == {"hitech_enterprises"}
    assert set(rows.value) == {2.0} and set(rows.unit_base) == {"ratio"}
    assert set(rows.period_type) == {"unstated"}       # 几年来: a few years, not counted


@pytest.mark.parametrize("stated, part, subject, status, sources", [
    ("最大", "已成为中石化最大的特种蜡生产和销售基地", "specialty_wax", "actual", {"s000", "s001"}),
    ("全国最大", "聚焦打造全国最大的涂料产业园", "gz_green_coatings_park", "target", {"s000"}),
])
def test_gz_superlatives_are_ranks(ds, stated, part, subject, status, sources):
    rows = _gz(ds, stated, part)
    assert set(rows.measure) == {"rank"} and set(rows.value) == {1.0}
    assert set(rows.subject) == {subject} and set(rows.status) == {status}
    assert set(rows.source_id) == sources


def test_gz_city_and_province_counts_from_the_park_profile(ds):
    only = _gz(ds, "一家", "作为全市唯一一家省级石油")
    assert set(only.indicator) == {"development_zones"} and set(only.value) == {1.0}
    assert set(only.source_id) == {"s000", "s001"}
    assert only.scope.str.startswith("全市").all()
    two = _gz(ds, "两", "河南省两大油气资源密集区之一")
    assert set(two.value) == {2.0} and set(two.scope) == {"河南省"}


def test_gz_safety_grade_is_one_sentence_contradicting_itself(ds):
    c = ds.conflicts()
    grade = c[(c.park_id == "guanzhuang") & (c.indicator == "safety_risk_grade")]
    inside = grade[grade.within_statement]
    # 较低安全风险(C级): the wording names grade D, the letter says C, in one sentence
    assert len(inside) == 1
    r = inside.iloc[0]
    assert {r.value_text_a, r.value_text_b} == {"C", "D"}
    assert r.quote_a == r.quote_b == "化工园区安全风险评估被省评为较低安全风险(C级)"
    # the other pairs are that sentence's letter against the wording elsewhere, never
    # marked as one statement
    assert not grade[grade.quote_a != grade.quote_b].within_statement.any()
    assert (c.within_statement <= c.within_source).all()


def test_gz_road_grid_achieved_and_being_built_disagree(ds):
    c = ds.conflicts()
    roads = c[(c.park_id == "guanzhuang") & (c.indicator == "roads")]
    assert len(roads) == 4                     # 横 and 纵, each against s000 and s001
    for r in roads.itertuples():
        assert {r.status_a, r.status_b} == {"actual", "target"}
        assert r.value_a == r.value_b == 8.0
        assert "加速构建中心城区8横8纵贯通路网体系" in {r.quote_a, r.quote_b}


def test_gz_specialty_wax_output_is_jan_to_nov_and_petrochemicals_an_upper_bound(ds):
    wax = _gz(ds, "4.19亿元", "今年截止11月底")
    assert set(wax.period) == {"2024-01/2024-11"} and set(wax.period_type) == {"ytd"}
    petro = _gz(ds, "近70亿元", "近70亿元年产值规模")
    assert set(petro.qualifier) == {"nearly"}
    assert set(petro.value_high) == {7e9} and petro.value_low.isna().all()
