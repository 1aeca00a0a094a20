"""Industry structure on the bundled data."""

from __future__ import annotations

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
