"""The bundled dataset: seeds unchanged, every figure traceable, normalization, conflicts."""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import parklens as pl
from shared import shared_path

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


def test_seeds_are_the_shared_copies_byte_for_byte():
    shared = shared_path("seeds", what="the seeds as received")
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


def _figure(metric_id, source_id="s1", value_base=120.0, qualifier="exact", status="actual",
            value_text=None, quote="园区共有企业120家", period="2023", scope=None,
            subject="p1", indicator="enterprises", value=None, unit_base="establishments"):
    return {"metric_id": metric_id, "park_id": "p1", "subject": subject,
            "indicator": indicator, "measure": "level", "scope": scope, "period": period,
            "label_zh": "企业数", "label_en": "enterprises", "stated": "120家",
            "value": value_base if value is None else value, "unit": "家",
            "qualifier": qualifier, "status": status, "value_base": value_base,
            "unit_base": unit_base, "value_text": value_text, "source_id": source_id,
            "quote": quote, "note": None}


NAN = float("nan")

#: (a, b, the same statement?), by the rule: the same status, and the same text value, or
#: the same base value and qualifier, or (magnitude classes, no base value) the same class
SAME_VALUE = [
    (dict(), dict(), True),
    (dict(qualifier="more_than"), dict(), False),  # 120多家 is not 120家
    (dict(qualifier="more_than"), dict(qualifier="more_than"), True),
    (dict(status="target"), dict(), False),  # achieved is not aimed at
    (dict(value_base=121.0), dict(), False),
    (dict(value_base=1e9), dict(value_base=1e9 * (1 + 1e-12)), True),  # rounding, not a value
    (dict(value_base=1e9), dict(value_base=1.001e9), False),
    (dict(value_text="C"), dict(value_text="C"), True),
    (dict(value_text="C"), dict(value_text="D"), False),
    (dict(value_text="C"), dict(), False),
    (dict(), dict(value_text="C"), False),
    (dict(value_base=NAN, value=100.0, unit_base="CNY"),
     dict(value_base=NAN, value=100.0, unit_base="CNY"), True),  # 百亿级 and 百亿级
    (dict(value_base=NAN, value=100.0, unit_base="CNY"),
     dict(value_base=NAN, value=1000.0, unit_base="CNY"), False),
    (dict(value_base=NAN, value=100.0, unit_base="CNY"),
     dict(value_base=NAN, value=100.0, unit_base="t"), False),
    (dict(value_base=NAN, value=100.0), dict(value=100.0), False),
    (dict(value=100.0), dict(value_base=NAN, value=100.0), False),
]


@pytest.mark.parametrize("a, b, same", SAME_VALUE)
def test_same_value_by_the_rule(a, b, same):
    from parklens.dataset import _same_value

    assert _same_value(_figure("m1", **a), _figure("m2", **b)) is same
    assert _same_value(_figure("m2", **b), _figure("m1", **a)) is same


@pytest.mark.parametrize("qa, qb, one", [
    ("园区共有企业120家", "园区共有企业120家", True),
    ("园区共有企业120家", "截至年底，园区共有企业120家，其中", True),
    ("截至年底，园区共有企业120家，其中", "园区共有企业120家", True),
    ("园区共有 企业\n120家", "园区共有企业120家", True),  # white space is not text
    ("园区共有企业120家", "园区共有企业120多家", False),
])
def test_one_statement_is_one_quote_inside_the_other(qa, qb, one):
    from parklens.dataset import _one_statement

    assert _one_statement(qa, qb) is one


def test_conflicts_of_hand_made_figures(ds):
    """Expected pairs written from the rule: the same park, subject, indicator, measure,
    scope (missing counts as one scope) and period, and not the same value."""
    rows = [
        _figure("a", "s1"),                                   # 120家
        _figure("b", "s2", qualifier="more_than",             # 120多家: another statement
                quote="企业120多家"),
        _figure("c", "s2", quote="企业120多家，其中规上企业"),      # 120家 again: as a
        _figure("d", "s1", period="2022", value_base=99.0),   # another period: alone
        _figure("e", "s1", scope="规上", value_base=50.0),       # a scope of its own
        _figure("f", "s3", scope="规上", value_base=50.0),       # the same value: no clash
        _figure("g", "s1", status="target", quote="力争企业120家"),  # a target of 120
        _figure("h", "s1", subject="p2", value_base=7.0),     # another subject: alone
    ]
    data = ds.copy()
    data.metrics = pd.DataFrame(rows)
    c = data.conflicts()
    got = {(r.metric_id_a, r.metric_id_b): (r.within_source, r.within_statement)
           for r in c.itertuples()}
    assert got == {("a", "b"): (False, False), ("b", "c"): (True, True),
                   ("a", "g"): (True, False), ("b", "g"): (False, False),
                   ("c", "g"): (False, False)}
    assert c.scope.isna().all() and set(c.period) == {"2023"}
    ab = c[(c.metric_id_a == "a") & (c.metric_id_b == "b")].iloc[0]
    assert (ab.qualifier_a, ab.qualifier_b, ab.quote_b, ab.source_id_b) == (
        "exact", "more_than", "企业120多家", "s2")
    assert list(c.columns[:8]) == ["park_id", "subject", "indicator", "measure", "scope",
                                   "period", "label_zh", "label_en"]


def test_no_conflicts_among_agreeing_figures_gives_the_columns(ds):
    data = ds.copy()
    data.metrics = pd.DataFrame([_figure("a"), _figure("b", "s2")])
    c = data.conflicts()
    assert len(c) == 0 and "within_statement" in c.columns and "value_a" in c.columns


def test_a_copy_owns_its_list_cells(ds):
    from parklens.dataset import _own_lists

    df = pd.DataFrame({"lists": [["a"], ["b", "c"]], "mixed": [["x"], None],
                       "text": ["u", "v"]})
    out = _own_lists(df.copy(deep=False))
    assert out["lists"].tolist() == [["a"], ["b", "c"]] and out["mixed"].tolist() == [["x"], None]
    assert all(x is not y for x, y in zip(out["lists"], df["lists"]))
    assert out["mixed"][0] is not df["mixed"][0]
    out["lists"][0].append("z")
    assert df["lists"][0] == ["a"]


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


# -- the frames, one function per table ------------------------------------------------------

def test_a_measures_label_words_come_from_the_data_folders_vocabulary(data_copy):
    path = data_copy / "vocab" / "terms.yaml"
    text = path.read_text(encoding="utf-8")
    assert "yoy_growth: {zh: 增速," in text
    path.write_text(text.replace("yoy_growth: {zh: 增速,", "yoy_growth: {zh: 同比增长率,", 1),
                    encoding="utf-8")
    ds = pl.load(data_copy, cache=False)
    growth = ds.metrics[(ds.metrics.measure == "yoy_growth") & ds.metrics.scope.isna()]
    assert len(growth)
    expected = [ds.vocab["indicators"][i]["zh"] + "同比增长率" for i in growth.indicator]
    assert growth.label_zh.tolist() == expected


def test_a_vocabulary_without_the_measure_words_is_refused_with_the_fix(data_copy):
    path = data_copy / "vocab" / "terms.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"  share: \{zh: 占比, en: \", share\"\}\n", "", text),
                    encoding="utf-8")
    with pytest.raises(pl.DataError) as err:
        pl.load(data_copy, cache=False)
    assert "terms.yaml" in str(err.value) and "no labels for share" in str(err.value)


@pytest.mark.parametrize("measure, scope, lang, expected", [
    ("level", None, "zh", "工业总产值"),
    ("level", "规上", "zh", "工业总产值（规上）"),
    ("yoy_growth", None, "zh", "工业总产值增速"),
    ("avg_annual_growth", None, "en", "output, average annual growth"),
    ("share", "of the city", "en", "output (of the city), share"),
    ("rank", None, "en", "output, rank"),
    ("level", "above scale", "en", "output (above scale)"),
])
def test_labels_of_a_measure_and_scope(ds, measure, scope, lang, expected):
    from parklens.dataset import label

    base = "工业总产值" if lang == "zh" else "output"
    assert label(base, measure, scope, lang, ds.vocab["terms"]) == expected


def test_each_table_of_a_park_file_alone(ds):
    """The row functions on one park file written by hand."""
    from parklens import schema
    from parklens.dataset import enterprise_rows, policy_part_rows, policy_rows, source_rows

    pf = schema.ParkFile.model_validate({
        "park": {"id": "p1", "name_zh": "甲园", "name_en": "Park A", "province": "河南省",
                 "city": "南阳市", "type": "industrial_park", "level": "provincial",
                 "leading_industries": [],
                 "cites": [{"source": "s1", "quote": "甲园是省级开发区"}]},
        "sources": [{"id": "s1", "file": "seeds/x.txt", "title": "t", "outlet": "o",
                     "doc_type": "newspaper_report", "date": "2024-05-06", "date_basis": "printed"}],
        "enterprises": [{"id": "e1", "name_zh": "甲公司", "role": "anchor",
                         "aliases": ["甲"], "cites": [{"source": "s1", "quote": "甲公司是龙头"}]}],
        "policies": [{"id": "f1", "name": "1+2工作体系", "kind": "formula",
                      "parts": [{"key": "1", "text": "一个中心"}, {"key": "2", "text": "两个基地"}],
                      "cites": [{"source": "s1", "quote": "构建1+2工作体系"}]}],
    })
    assert source_rows("p1", pf)[0]["date"] == "2024-05-06"
    ent = enterprise_rows("p1", pf, {"terms": {"enterprise_role": {"anchor": schema.Term(
        zh="龙头", en="anchor")}}})
    assert (ent[0]["role_zh"], ent[0]["aliases"], ent[0]["source_id"]) == ("龙头", ["甲"], "s1")
    assert policy_rows("p1", pf)[0]["n_parts"] == 2
    assert [(r["position"], r["key"], r["policy"]) for r in policy_part_rows("p1", pf)] == [
        (1, "1", "1+2工作体系"), (2, "2", "1+2工作体系")]


def test_a_projects_investment_is_its_first_figure_in_money():
    from parklens.dataset import _with_project_figures

    metrics = pd.DataFrame([
        {"subject": "pr1", "subject_type": "project", "indicator": "investment",
         "unit_base": "CNY", "value_base": 5e8},
        {"subject": "pr1", "subject_type": "project", "indicator": "investment",
         "unit_base": "CNY", "value_base": 6e8},          # a later figure: not the first
        {"subject": "pr2", "subject_type": "project", "indicator": "investment",
         "unit_base": "mu", "value_base": 300.0},         # land, not money
        {"subject": "pr2", "subject_type": "project", "indicator": "output_value",
         "unit_base": "CNY", "value_base": 2e9},
        {"subject": "pr3", "subject_type": "enterprise", "indicator": "investment",
         "unit_base": "CNY", "value_base": 1e9},          # an enterprise, not a project
    ])
    projects = pd.DataFrame({"project_id": ["pr1", "pr2", "pr3"]})
    out = _with_project_figures(projects, metrics)
    assert out.investment_cny.tolist()[:1] == [5e8]
    assert out.investment_cny.isna().tolist() == [False, True, True]
    assert out.output_cny.tolist()[1] == 2e9 and out.output_cny.isna().tolist() == [
        True, False, True]
