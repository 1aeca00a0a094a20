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
    scores, labels = structure.role_scores(sei, ds=ds), structure.role_labels(sei, "zh", ds=ds)
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


# The strength of an industry's role in a park, strongest first, as the documents rank them:
# 主导 (leading) over 新兴 (emerging), 未来 (future), 传统 (traditional), 配套 (supporting).
STRONGEST_FIRST = ["leading", "emerging", "future", "traditional", "supporting"]
# The roles as terms.yaml ranks and scores them (written here by hand, from the rule above).
ROLES = {"leading": {"zh": "主导产业", "en": "leading", "order": 1, "score": 4.0},
         "emerging": {"zh": "新兴产业", "en": "emerging", "order": 2, "score": 3.0},
         "future": {"zh": "未来产业", "en": "future", "order": 3, "score": 2.5},
         "traditional": {"zh": "传统产业", "en": "traditional", "order": 4, "score": 2.0},
         "supporting": {"zh": "配套产业", "en": "supporting", "order": 5, "score": 1.0}}


def _matrix_ds(rows, roles=ROLES):
    """A stand-in dataset with one park whose industries (industry, role, sei, code) share
    matrix cells, and the roles' vocabulary ``roles``."""
    from types import SimpleNamespace

    industries = pd.DataFrame({
        "park_id": "p", "industry": [r[0] for r in rows], "role": [r[1] for r in rows],
        "label_zh": [f"甲{r[0]}" for r in rows], "label_en": [f"A {r[0]}" for r in rows],
        "sei": [r[2] for r in rows]})
    codes = pd.DataFrame({"industry": [r[0] for r in rows], "code": [r[3] for r in rows],
                          "code_zh": "某制造"})
    parks = pd.DataFrame({"park_id": ["p"], "name_zh": ["甲园"], "name_en": ["Jia Park"]})
    vocab = {"terms": {"sei_category": {"3": {"zh": "新材料产业", "en": "new materials"}},
                       "industry_role": roles}}
    return SimpleNamespace(industries=industries, industry_codes=codes, parks=parks, vocab=vocab)


@pytest.mark.parametrize("i, j", [(i, j) for i in range(5) for j in range(5) if i < j])
def test_a_shared_cell_holds_the_strongest_role(i, j):
    strong, weak = STRONGEST_FIRST[i], STRONGEST_FIRST[j]
    for rows in ([("x", weak, "3.1", "C26"), ("y", strong, "3.2", "C26")],
                 [("y", strong, "3.2", "C26"), ("x", weak, "3.1", "C26")]):
        ds = _matrix_ds(rows)
        sei = structure.industry_matrix(ds, by="sei", lang="en")
        assert sei.loc["Jia Park", "3 new materials"] == strong
        codes = structure.industry_matrix(ds, by="gbt4754", lang="zh")
        assert codes.loc["甲园", "C26 某制造"] == strong
        # a cell of one industry keeps that industry's role
        own = structure.industry_matrix(ds, by="industry", lang="en")
        assert own.loc["Jia Park", "A x"] == weak and own.loc["Jia Park", "A y"] == strong
    ds = _matrix_ds(rows)
    scores = structure.role_scores(structure.industry_matrix(ds, lang="en"), ds=ds)
    assert scores.loc["Jia Park", "A y"] > scores.loc["Jia Park", "A x"]


def test_the_roles_order_and_scores_come_from_the_vocabulary():
    """A vocabulary that ranks the roles the other way round is followed: the order and the
    scores are data (terms.yaml), not constants of the code."""
    reversed_roles = {code: {**entry, "order": 6 - entry["order"], "score": 10.0 * entry["order"]}
                      for code, entry in ROLES.items()}
    rows = [("x", "leading", "3.1", "C26"), ("y", "supporting", "3.2", "C26")]
    ds = _matrix_ds(rows, reversed_roles)
    assert structure.industry_matrix(ds, by="sei", lang="en").loc["Jia Park", "3 new materials"] \
        == "supporting"
    own = structure.industry_matrix(ds, by="industry", lang="en")
    scores = structure.role_scores(own, ds=ds)
    assert scores.loc["Jia Park"].to_dict() == {"A x": 10.0, "A y": 50.0}


def test_the_bundled_roles_are_ranked_and_scored_as_the_rule_says(ds):
    roles = ds.vocab["terms"]["industry_role"]
    assert sorted(roles, key=lambda r: roles[r]["order"]) == STRONGEST_FIRST
    assert {r: roles[r]["score"] for r in roles} == {r: e["score"] for r, e in ROLES.items()}


def test_matrix_names_code_columns_by_their_industries_in_english():
    ds = _matrix_ds([("x", "leading", None, "C26"), ("y", "emerging", None, "C26"),
                     ("z", "future", "3.1", "C39")])
    m = structure.industry_matrix(ds, by="gbt4754", lang="en")
    assert list(m.columns) == ["C26 (A x; A y)", "C39 (A z)"]  # sorted, names in order
    assert m.loc["Jia Park"].tolist() == ["leading", "future"]
    # only the chosen roles, and only industries with a category in the sei matrix
    sei = structure.industry_matrix(ds, by="sei", lang="zh")
    assert list(sei.columns) == ["3 新材料产业"] and list(sei.index) == ["甲园"]
    few = structure.industry_matrix(ds, roles=("leading",), lang="en")
    assert list(few.columns) == ["A x"]
    assert structure.industry_matrix(ds, parks=["q"]).empty
    assert m.index.name is None and m.columns.name is None


def test_the_default_language_is_chinese(ds):
    lead = structure.leading_industries(ds)
    assert set(lead.park) <= set(ds.parks.name_zh) and "石油化工" in set(lead.industry_label)
    assert "官庄先进制造业开发区" in structure.industry_matrix(ds).index
    anchors = structure.anchor_enterprises(ds)
    assert "医药制造" in set(anchors.industry_label)
    assert structure.leading_table(ds, lead).columns[0] == "园区"
    assert structure.anchors_table(ds, anchors).columns[0] == "园区"
    assert structure.clusters_table(ds, structure.cluster_counts(ds)).columns[1] == "产业集群"
    assert structure.shares_table(ds, structure.output_shares(ds)).columns[0] == "园区"
    assert str(structure.describe_leading(lead.query("park_id == 'puyang'"))) == \
        "濮阳工业园区以新型化工、涂料为主导产业。"
    assert str(structure.describe_shares(structure.output_shares(ds), ds=ds)).startswith(
        "官庄先进制造业开发区：在已披露产值的2个产业中，石油化工占82%")


def test_leading_industries_read_in_both_languages(ds):
    zh = structure.leading_industries(ds.copy()).query("park_id == 'puyang'")
    en = structure.leading_industries(ds, "en").query("park_id == 'puyang'")
    assert str(structure.describe_leading(en, "en")) == (
        "Puyang Industrial Park names new chemical industry, coatings and paints as its "
        "leading industries.")
    both = structure.describe_leading(pd.concat([zh, structure.leading_industries(ds).query(
        "park_id == 'nanyang_hitech'")]))
    assert str(both) == ("濮阳工业园区以新型化工、涂料为主导产业。 "
                         "南阳高新技术产业开发区以光电信息、防爆装备为主导产业。")
    whole = structure.leading_industries(ds, "en")
    assert list(whole.index) == list(range(len(whole)))
    with pytest.raises(ValueError, match="lang must be"):
        structure.leading_industries(ds, "fr")


def test_clusters_count_what_is_stated_and_who_is_named(ds):
    c = structure.cluster_counts(ds)
    assert list(c.index) == list(range(len(c))) and "index" not in c
    rows = c.set_index(["park_id", "industry"])
    coatings = rows.loc[("guanzhuang", "coatings")]
    # 涂料企业8家; named: 卧龙涂料, 湖北一桥
    assert (coatings.stated, coatings.named_enterprises, coatings.label_zh) == ("8家", 2, "涂料")
    assert coatings.label_en == "coatings and paints"
    pharma = rows.loc[("guanzhuang", "pharmaceuticals")]  # 启泰, 普康, 福森, 西施兰 ... named
    assert pharma.stated != pharma.stated and pharma.named_enterprises == 7
    assert rows.loc[("nanyang_hitech", "optoelectronics")].named_enterprises == 4
    assert c.named_enterprises.dtype == "int64"
    # only counts of enterprises, one per park and industry
    assert set(c.dropna(subset=["stated"]).stated) == {"8家", "70余家", "160多家"}
    assert not c.duplicated(["park_id", "industry"]).any()


def test_anchors_in_their_order_with_industry_labels(ds):
    a = structure.anchor_enterprises(ds, lang="en")
    assert list(a.index) == list(range(len(a))) and "index" not in a
    gz = a[a.park_id == "guanzhuang"]
    assert gz.role.tolist()[:3] == ["anchor", "anchor", "chain_leader"]  # the order asked for
    qitai = a[a.name_zh == "启泰制药"].iloc[0]
    assert qitai.industry_label == "pharmaceutical manufacturing"
    first_keys = structure.anchor_enterprises(ds, roles=("key", "anchor"))
    assert first_keys[first_keys.park_id == "guanzhuang"].role.iloc[0] == "key"
    t = structure.anchors_table(ds, a, "en")
    assert "not stated" in set(t["Industry"])  # the unnamed enterprise of suqian


def _shares_ds(parts, total):
    """A stand-in dataset whose park p states three industry outputs (亿元) and a total."""
    from types import SimpleNamespace

    ds = _fake([_total(total)] if total else [],
               vocab={"indicators": {"output_value": {"zh": "产值", "en": "output value"}}})
    ds.parks = pd.DataFrame({"park_id": ["p"], "name_zh": ["甲园"], "name_en": ["Jia Park"]})
    shares = _shares(parts).assign(label_zh=[f"甲{k}" for k in range(len(parts))],
                                   label_en=[f"A{k}" for k in range(len(parts))])
    return ds, shares


def test_describe_shares_gives_the_hhi_its_verdict_and_the_coverage():
    # 41.2, 33.3 and 25.5 of a stated 110: shares of the parts 41.2/33.3/25.5 %, HHI
    # 41.2² + 33.3² + 25.5² = 3456.58, to the three digits of the inputs 3,460 (> 2,500:
    # highly concentrated); the parts make up 100 / 110 = 90.9% of the total
    ds, shares = _shares_ds([41.2e8, 33.3e8, 25.5e8], 110e8)
    en = str(structure.describe_shares(shares, "en", ds=ds))
    assert en == ("Jia Park: of the 3 industries with a stated output, A0 accounts for 41.2% of "
                  "the stated parts (not of the park's total). The HHI is 3,460 (highly "
                  "concentrated); these industries make up 90.9% of the park's output value.")
    zh = str(structure.describe_shares(shares, "zh", ds=ds))
    assert zh == ("甲园：在已披露产值的3个产业中，甲0占41.2%（占已披露部分，非园区总产值）。 "
                  "HHI为3,460（高度集中），所涉产业占园区产值的90.9%。")


@pytest.mark.parametrize("parts, total, says", [
    # four equal parts: HHI 2,500 exactly, not above 2,500: moderately concentrated
    ([25e8, 25e8, 25e8, 25e8], 100e8, "The HHI is 2,500 (moderately concentrated)"),
    # ten equal parts: HHI 1,000: unconcentrated
    ([10e8] * 10, 100e8, "The HHI is 1,000 (unconcentrated)"),
    # parts that are exactly 80% of the total still give an HHI (at least 80%)
    ([40e8, 20e8, 20e8], 100e8, "these industries make up 80% of the park's output value"),
    # 79 of 100: under 80%, no HHI
    ([39e8, 20e8, 20e8], 100e8, "These industries make up only 79% of the park's output "
                                "value (under 80%), so no HHI is computed."),
    ([40e8, 30e8, 30e8], None, "The documents state no total output"),
    ([70e8, 30e8], 100e8, "With 2 industries no concentration is judged"),
])
def test_describe_shares_says_what_the_data_can_show(parts, total, says):
    ds, shares = _shares_ds(parts, total)
    assert says in str(structure.describe_shares(shares, "en", ds=ds))


def test_describe_shares_without_outputs_or_dataset():
    ds, shares = _shares_ds([50e8, 30e8, 20e8], 100e8)
    assert str(structure.describe_shares(shares.iloc[0:0], "en", ds=ds)) == (
        "The documents of the chosen parks state no output by industry.")
    with pytest.raises(TypeError, match="needs ds="):
        structure.describe_shares(shares, "en")


def test_concentration_reasons_combine_and_approximate_spreads():
    ds = _fake([_total(200e8)])
    c = structure.concentration(ds, _shares([50e8, 30e8])).iloc[0]
    assert c.reason == "low_coverage,few_parts" and c.verdict is None and c.hhi != c.hhi
    assert (c.total_indicator, c.total_stated, c.total_base) == ("output_value", "200亿元", 200e8)
    assert c.parts_base == 80e8 and c.n_parts == 2 and not c.approximate
    approx = _shares([50e8, 30e8, 20e8]).assign(approximate=[False, True, False])
    assert structure.concentration(_fake([_total(100e8)]), approx).iloc[0].approximate
    q = _total(100e8)
    q[-1] = "about"  # 约100亿元
    assert structure.concentration(_fake([q]), _shares([50e8, 30e8, 20e8])).iloc[0].approximate
    none = structure.concentration(_fake([]), _shares([50e8, 30e8, 20e8])).iloc[0]
    assert none.total_indicator is None and none.total_stated is None
    assert none.total_base != none.total_base and none.coverage_pct != none.coverage_pct


def test_concentration_prefers_the_stated_output_value_and_actual_figures():
    # output value over industrial output; an actual figure over an estimate or a target
    ds = _fake([_total(120e8, indicator="industrial_output"), _total(100e8),
                _total(105e8, status="target")])
    c = structure.concentration(ds, _shares([50e8, 30e8, 20e8])).iloc[0]
    assert (c.total_indicator, c.total_base, c.status) == ("output_value", 100e8, "actual")
    ds = _fake([_total(120e8, indicator="industrial_output"), _total(105e8, status="estimate")])
    c = structure.concentration(ds, _shares([50e8, 30e8, 20e8])).iloc[0]
    assert (c.total_indicator, c.total_base, c.status) == ("industrial_output", 120e8, "actual")
    # the weakest status of the parts and the total: a target part makes it a target
    parts = _shares([50e8, 30e8, 20e8]).assign(status=["actual", "target", "estimate"])
    assert structure.concentration(_fake([_total(100e8)]), parts).iloc[0].status == "target"
    # a total of another park, or one with a scope (规上), is not the park's total
    other = _total(100e8)
    other[0] = "q"
    scoped = _total(100e8)
    scoped[4] = "规上"
    c = structure.concentration(_fake([other, scoped]), _shares([50e8, 30e8, 20e8])).iloc[0]
    assert c.reason == "no_total"
