"""Industry structure on the bundled data."""

from __future__ import annotations

import pandas as pd
import pytest

from parklens import structure


def test_leading_industries(ds):
    lead = structure.leading_industries(ds)
    assert set(lead.park_id) == set(ds.parks.park_id)
    gz = lead[lead.park_id == "guanzhuang"]
    assert set(gz.industry_label) == {"石油化工", "医药制造", "新能源材料"}
    en = structure.leading_industries(ds, "en")
    assert "petrochemicals" in set(en.industry_label)


def test_matrix_on_codes_and_categories(ds):
    m = structure.industry_matrix(ds, by="gbt4754")
    assert "C2641 涂料制造" in m.columns
    assert m.loc["官庄先进制造业开发区", "C27 医药制造业"] == "leading"
    sei = structure.industry_matrix(ds, by="sei", lang="en", parks=["nanyang_hitech"])
    assert list(sei.index) == ["Nanyang High-tech Industrial Development Zone"]
    assert sei.loc[sei.index[0], "1 new-generation information technology"] == "leading"
    scores, labels = structure.role_scores(sei), structure.role_labels(sei, "zh", ds=ds)
    assert scores.iloc[0].max() == 4.0 and "主导产业" in set(labels.iloc[0])
    with pytest.raises(ValueError, match="by must be"):
        structure.industry_matrix(ds, by="colour")


def test_output_shares_and_hhi(ds):
    s = structure.output_shares(ds)
    gz = s[s.park_id == "guanzhuang"].set_index("industry")
    # only the two annual scale figures compare; the year-to-date wax output is left out
    assert set(gz.index) == {"petrochemicals", "pharmaceuticals"}
    assert gz.loc["petrochemicals", "share_pct"] == pytest.approx(70 / 85 * 100)
    assert gz.hhi.iloc[0] == pytest.approx(((70 / 85) ** 2 + (15 / 85) ** 2) * 10_000)
    assert gz.loc["petrochemicals", "approximate"]  # 近70亿元


def test_anchors_and_clusters(ds):
    a = structure.anchor_enterprises(ds)
    leaders = a[a.role == "chain_leader"]
    assert "启泰制药" in set(leaders.name_zh)
    assert a.role.iloc[0] in ("anchor", "chain_leader")
    c = structure.cluster_counts(ds).set_index(["park_id", "industry"])
    optics = c.loc[("nanyang_hitech", "optoelectronics")]
    assert (optics.value, optics.qualifier, optics.stated) == (160, "more_than", "160多家")
    assert optics.named_enterprises >= 3


def _fake(metrics_rows, vocab=None):
    """A stand-in dataset with the few tables concentration() reads."""
    from types import SimpleNamespace

    cols = ["park_id", "subject_type", "indicator", "measure", "scope", "period",
            "value_base", "stated", "status", "qualifier"]
    return SimpleNamespace(metrics=pd.DataFrame(metrics_rows, columns=cols),
                           vocab=vocab or {})


def _shares(values, period="2024"):
    """Shares rows of one park as output_shares() gives them (value in CNY)."""
    total = sum(values)
    return pd.DataFrame({"park_id": "p", "industry": [f"i{k}" for k in range(len(values))],
                         "period": period, "value_base": values,
                         "share_pct": [v / total * 100 for v in values],
                         "approximate": False})


def _total(value, status="actual", period="2024", indicator="output_value"):
    return ["p", "park", indicator, "level", None, period, value, f"{value / 1e8:g}亿元",
            status, "exact"]


@pytest.mark.parametrize("parts, total, hhi, verdict, reason", [
    # 50/30/20 of a stated total they cover (100 of 110): HHI 2500+900+400 = 3800
    ([50e8, 30e8, 20e8], 110e8, 3800, "high", None),
    ([40e8, 30e8, 30e8], 100e8, 3400, "high", None),
    ([20e8, 20e8, 20e8, 20e8, 20e8], 100e8, 2000, "moderate", None),
    # the same parts, but they are only half of the stated total: no HHI
    ([50e8, 30e8, 20e8], 200e8, None, None, "low_coverage"),
    # no total stated for their period: no HHI
    ([50e8, 30e8, 20e8], None, None, None, "no_total"),
    # two parts covering the total: the HHI, but no verdict
    ([70e8, 30e8], 100e8, 5800, None, "few_parts"),
])
def test_concentration_only_where_the_parts_can_show_it(parts, total, hhi, verdict, reason):
    ds = _fake([_total(total)] if total else [])
    c = structure.concentration(ds, _shares(parts)).iloc[0]
    assert c.n_parts == len(parts) and c.verdict == verdict and c.reason == reason
    assert (c.hhi == pytest.approx(hhi)) if hhi else c.hhi != c.hhi
    if total:
        assert c.coverage_pct == pytest.approx(sum(parts) / total * 100)


def test_concentration_takes_the_total_of_the_parts_period_and_its_status():
    ds = _fake([_total(100e8, period="2023"), _total(105e8, status="estimate")])
    c = structure.concentration(ds, _shares([50e8, 30e8, 20e8])).iloc[0]
    assert c.total_base == 105e8 and c.status == "estimate"  # 2024's, an estimate
    assert c.hhi == pytest.approx(3800)


def test_no_concentration_verdict_from_two_stated_industries(ds):
    s = structure.output_shares(ds)
    for lang, verdicts, why in (("zh", ("高度集中", "较为集中", "分散"), "不作集中度判断"),
                                ("en", ("highly concentrated", "moderately", "unconcentrated"),
                                 "no concentration is judged")):
        text = structure.describe_shares(s, lang, ds=ds)
        assert why in text and not any(v in text for v in verdicts)
        assert "HHI" in text  # it says why there is no HHI
    en = structure.describe_shares(s, "en", ds=ds)
    assert "82%" in en and "82.3" not in en  # 70 of 85, to the two digits of 近70 and 15
    assert "no total output" in en


def test_labels_come_from_the_vocabulary(ds):
    from types import SimpleNamespace

    m = structure.industry_matrix(ds, parks=["puyang"])
    fake = SimpleNamespace(vocab={"terms": {"industry_role": {
        code: {"zh": f"甲{code}", "en": f"A-{code}"} for code in ds.vocab["terms"]["industry_role"]}}})
    assert structure.role_labels(m, "en", ds=fake).loc["濮阳工业园区", "涂料"] == "A-leading"
    sei = structure.industry_matrix(ds, by="sei", lang="zh")
    assert "3 新材料产业" in sei.columns and "1 新一代信息技术产业" in sei.columns


def test_matrix_tables_run_down_the_page_in_words(ds):
    codes = structure.industry_matrix(ds, by="gbt4754")
    t = structure.matrix_table(codes, "zh", ds=ds, first="structure.gbt4754")
    assert t.columns[0] == "国民经济行业（GB/T 4754-2017）"
    assert set(t.columns[1:]) == set(ds.parks.name_zh)  # one column per park
    assert len(t) == codes.shape[1]  # one row per class
    row = t.set_index(t.columns[0]).loc["C2641 涂料制造"]
    assert row["濮阳工业园区"] == "主导产业"
    words = set(t.iloc[:, 1:].to_numpy().ravel()) - {""}
    assert words <= {"主导产业", "新兴产业", "未来产业", "传统产业", "配套产业"}
    en = structure.matrix_table(structure.industry_matrix(ds, by="gbt4754", lang="en"), "en",
                                ds=ds, first="structure.gbt4754")
    assert "C2641 (coatings and paints)" in set(en.iloc[:, 0])


def test_tables_for_people_have_no_codes_and_no_empty_cells(ds):
    raw_names = {"park_id", "industry", "industry_label", "gbt4754", "gbt4754_confidence",
                 "sei", "source_id", "quote", "role", "name_zh", "name_en", "label_zh",
                 "label_en", "stated", "share_pct", "value_base", "named_enterprises"}
    codes = {"leading", "emerging", "traditional", "future", "supporting", "high", "medium",
             "low", "anchor", "chain_leader", "key", "True", "False"}
    tables = {
        "leading": structure.leading_table(ds, structure.leading_industries(ds), "zh"),
        "anchors": structure.anchors_table(ds, structure.anchor_enterprises(ds), "zh"),
        "clusters": structure.clusters_table(ds, structure.cluster_counts(ds), "zh"),
        "shares": structure.shares_table(ds, structure.output_shares(ds), "zh"),
    }
    for name, t in tables.items():
        assert not set(t.columns) & raw_names, name
        values = {str(v) for v in t.to_numpy().ravel()}
        assert not values & codes, (name, values & codes)
        assert not t.isna().any().any() and not (t == "").any().any(), name
    clusters = tables["clusters"]
    optics = clusters[clusters["产业集群"] == "光电信息"].iloc[0]
    assert optics["文件所述企业数"] == "160+ 家" and optics["文件点名的企业数"].isdigit()
    assert "未披露" in set(clusters["文件所述企业数"])
    assert tables["shares"]["占已披露产值（%）"].tolist() == ["82", "18"]
