"""The corrections of an audit of the data against seeds 002 (濮阳), 003 (南阳高新区) and 004
(宿迁) and of the industry vocabulary: each test reads the loaded dataset and asserts the fact
as the document states it (the expected values are taken from the seed text)."""

from __future__ import annotations

import pytest

import parklens as pl


@pytest.fixture(scope="module")
def ds():
    return pl.load()


@pytest.fixture(scope="module")
def m(ds):
    return ds.metrics.drop_duplicates("metric_id").set_index("metric_id")


# --- 002 濮阳 ---------------------------------------------------------------------------

def test_a_rise_of_78_places_is_a_change_of_minus_78_in_the_rank(m):
    # 由原来的第176位上升至第98位,上升78个位次
    assert m.loc["py_provincial_rank_change_2019", "value"] == -78
    assert (m.loc["py_provincial_rank_2018", "value"] + m.loc["py_provincial_rank_change_2019",
                                                                 "value"]
            == m.loc["py_provincial_rank_2019", "value"] == 98)


def test_city_and_province_wide_counts_are_not_the_parks(ds, m):
    assert m.loc["py_wind_tower_enterprises_city", "extent"] == "city"          # 我市唯一一家
    assert m.loc["py_provincial_ranking_pool_2019", "extent"] == "province"     # 全省179个
    assert m.loc["ny_henan_national_zones", "extent"] == "province"             # 全省16个
    park_own = ds.metrics[ds.metrics.extent == "park"]
    assert not park_own.metric_id.isin(["py_wind_tower_enterprises_city",
                                        "py_provincial_ranking_pool_2019",
                                        "ny_henan_national_zones"]).any()
    assert (ds.metrics.extent == "park").sum() > 200


def test_eleven_municipal_roads_are_roads_not_projects(m):
    row = m.loc["py_municipal_roads_now"]
    assert (row.indicator, row.value, row.unit_en) == ("roads", 11, "roads")


def test_value_added_is_under_the_same_estimate_as_output(m):
    # 预计规模以上工业企业总产值完成106亿元,同比增长18.7%,…;工业增加值完成29.2亿元,增长30%
    assert m.loc["py_output_above_scale_2019", "status"] == "estimate"
    assert m.loc["py_value_added_2019", ["value", "status"]].tolist() == [29.2, "estimate"]
    assert m.loc["py_value_added_growth_2019", ["value", "status"]].tolist() == [30, "estimate"]


def test_batteries_are_not_a_leading_industry_of_puyang(ds):
    park = ds.parks.set_index("park_id").loc["puyang"]
    assert "batteries" not in park.leading_industries
    ind = ds.industries.query("park_id == 'puyang'").set_index("industry")
    assert ind.loc["batteries", "role"] != "leading"
    assert set(ind.index[ind.role == "leading"]) == {"new_chemicals", "coatings"}


def test_the_18_and_20_signed_projects_say_their_bases_may_differ(ds):
    c = ds.conflicts()
    pair = ["py_projects_signed_2019", "py_projects_signed_2019_b"]
    row = c[c.metric_id_a.isin(pair) & c.metric_id_b.isin(pair)]
    assert len(row) == 1
    assert {row.value_a.iloc[0], row.value_b.iloc[0]} == {18, 20}
    assert "different bases" in row.note_a.iloc[0] and "different bases" in row.note_b.iloc[0]


def test_yuhong_polyurethane_in_production_and_among_new_starts_is_noted(ds):
    p = ds.projects.set_index("project_id").loc["py_yuhong_polyurethane"]
    assert p.status == "in_operation"                       # 当年开工建设,当年投产
    assert "11个新开工项目" in p.note                        # 11个新开工项目快速推进


# --- 003 南阳高新区 ------------------------------------------------------------------------

def test_platforms_and_incubators_are_not_counted_as_enterprises(ds, m):
    assert m.loc["ny_innovation_platforms_now", ["value", "unit_en"]].tolist() == [251,
                                                                                 "platforms"]
    assert m.loc["ny_national_incubators_now", ["value", "unit_en"]].tolist() == [2,
                                                                                "incubators"]
    ents = ds.enterprises.set_index("enterprise_id")
    for incubator in ("nanyang_hitech_startup_service_center", "zgc_egu_software_startup_base"):
        assert ents.loc[incubator, "role"] == "partner"


def test_a_period_the_document_does_not_give_is_not_stated_not_cumulative(m):
    # 构建“1+3+2”助企纾困联动机制,点对点解决40余家企业难题 (no year)
    row = m.loc["ny_enterprises_assisted_132"]
    assert (row.period_type, row.period_en) == ("unstated", "not stated")


# --- 004 宿迁 ------------------------------------------------------------------------------

def test_january_2022_target_is_for_january(m):
    # 力争元月份至少正式签约落户2个项目 (written in December 2021)
    row = m.loc["sq_projects_signed_january_target_2022"]
    assert (row.period, row.period_type, row.period_en) == ("2022-01", "month", "Jan 2022")
    assert (row.value, row.qualifier, row.status) == (2, "at_least", "target")


def test_sales_of_30_yi_is_a_size_class_of_one_enterprise_not_park_sales(ds, m):
    # 培育开票销售30亿元企业1家
    row = m.loc["sq_sales30_enterprise_sales_2021"]
    assert row.subject_type == "enterprise" and row.subject != "suqian_eco_chem"
    assert (row.value_base, row.qualifier) == (3e9, "at_least")
    park_sales = ds.metrics.query("subject == 'suqian_eco_chem' and indicator == 'sales_value'")
    assert park_sales.empty
    assert m.loc["sq_sales30_enterprises_2021", ["value", "unit_en"]].tolist() == [1, "enterprise"]


def test_research_centres_and_institutions_are_not_enterprises(m):
    assert m.loc["sq_eng_research_centers_2021", "unit_en"] == "research centres"   # 3家
    row = m.loc["sq_rnd_institutions_target_2022"]                                  # 3家
    assert (row.indicator, row.unit_en) == ("rnd_institutions", "institutions")


def test_innovation_talents_counted_with_ge_and_ren_are_both_talents(m):
    a, b = m.loc["sq_innovation_talents_2021"], m.loc["sq_innovation_talents_target_2022"]
    assert (a.stated, b.stated) == ("3个", "2人")
    assert a.unit_en == b.unit_en == "talents"
    assert "人" in a.note and "个" in b.note


# --- the industry vocabulary -----------------------------------------------------------------

def test_industry_codes_named_as_gbt_4754_2017_names_them(ds):
    codes = ds.industry_codes
    by = {(r.industry, r.code): r.code_zh for r in codes.itertuples()}
    assert by[("explosion_proof_equipment", "C3819")] == "其他电机制造"   # 微特电机 is C3813
    assert by[("wind_power_equipment", "C3311")] == "金属结构制造"        # 风电塔筒
    assert by[("pharmaceuticals", "C2720")] == "化学药品制剂制造"         # 化学药制剂
    assert by[("pharmaceuticals", "C276")] == "生物药品制品制造"          # 生物技术药物


def test_guanzhuang_and_suqian_pharma_chemicals_are_two_entries(ds):
    ind = ds.industries.set_index(["park_id", "name_stated"])
    gz = ind.loc[("guanzhuang", "医药中间体与原料药")]
    sq = ind.loc[("suqian_eco_chem", "医药大健康化学品")]
    assert gz.industry != sq.industry
    assert gz.label_zh == "医药中间体与原料药" and sq.label_zh == "医药大健康化学品"
