"""Numbered formulas in all four parks, with their parts."""

from __future__ import annotations

import pandas as pd
import pytest

import parklens as pl
from parklens import formulas


@pytest.mark.parametrize("park, expected", [
    ("guanzhuang", {"1+3+2工作体系", "12345工作法", "五聚五提", "三区一中心一高地", "7+17产业链群",
                    "两个确保"}),
    ("nanyang_hitech", {"1+3+2助企纾困联动机制", "两主一新", "五聚五提"}),
    ("puyang", {"四个意识", "两个维护"}),
    ("suqian_eco_chem", {"1+8+1重点工作推进体系", "3+2+1安全生产治理体系", "1+1+X应急救援体系",
                         "四个园区", "一企三岗"}),
])
def test_formulas_found_in_every_park(ds, park, expected):
    text = "\n".join(ds.documents[ds.documents.park_id == park].text)
    assert expected <= set(pl.find_formulas(text).formula)


def test_parts_spelled_out_and_checked(ds):
    text = ds.documents.set_index("source_id").text["s000"]
    f = formulas.find_formulas(text)
    system = f[(f.formula == "1+3+2工作体系") & (f.n_parts > 0)].iloc[0]
    assert list(system.parts) == ["1", "3", "2"] and system.parts_match
    assert system.parts["2"] == "建设安全环保两个平台"
    method = f[(f.formula == "12345工作法") & (f.n_parts > 0)].iloc[0]
    assert method.n_parts == 5 and method.parts_match
    assert text[system.start:system.end].replace("“", "").replace("”", "").startswith("1+3+2")


def test_count_mismatch_is_flagged():
    f = formulas.find_formulas("实施“1+2+3”工作体系（“1”即一个目标，“2”即两个平台）。")
    row = f[f.formula == "1+2+3工作体系"].iloc[0]
    assert (row.n_parts, row.expected_parts, row.parts_match) == (2, 3, False)


def test_not_formulas():
    f = formulas.find_formulas("一是加强管理，全年一个目标，二十大胜利召开，2024年增长7.5%。")
    assert f.empty


def test_every_curated_formula_the_documents_write_is_found(ds):
    """The curators listed these numbered formulas from the documents; the finder finds each
    of them there (and more, which the curation has not listed: 四个意识, 一企一管)."""
    c = formulas.compare_with_curation(ds)
    assert set(c.park_id) == set(ds.parks.park_id)
    assert c.found.all(), c[~c.found].formula.tolist()
    gz = c[c.park_id == "guanzhuang"].set_index("formula")
    assert gz.loc["1+3+2工作体系", "curated"] and gz.loc["1+3+2工作体系", "found"]
    assert not gz.loc["一企一管", "curated"] and gz.loc["一企一管", "found"]


@pytest.mark.parametrize("sentence, formula", [
    ("我们重点突出3个“聚焦”。", "3个聚焦"),                       # digits, then a quoted word
    ("着力做好延链补链强链“三篇文章”，", "三篇文章"),
    ("实行项目分包、一企一档、全程跟踪等机制", "一企一档"),       # one item of a list
    ("形成“一心带动、两轴扩展、两河相拥、四区互动”空间格局", "一心带动、两轴扩展、两河相拥、四区互动"),
    ("推动中心区、工业区、镇区四区联动，", "四区联动"),
    ("完善“企业-园区-周边敏感目标”三级风险防控体系，", "三级风险防控体系"),
    ("推进机关党建、“两新”党建、社区党建", "两新党建"),
])
def test_formula_shapes(sentence, formula):
    assert formula in set(formulas.find_formulas(sentence).formula)


@pytest.mark.parametrize("sentence", ["建成3个平台，", "我们实行项目分包、全程跟踪等机制", "一是加强管理、二是"])
def test_quantities_are_no_formulas(sentence):
    assert formulas.find_formulas(sentence).empty


def test_comparison_reports_both_directions():
    """A formula only the curation lists (not in the text) and one only the finder finds."""
    from types import SimpleNamespace

    docs = pd.DataFrame({"park_id": ["p"], "text": ["实施“1+2”工作体系，推进“四个园区”创建。"]})
    policies = pd.DataFrame({"park_id": ["p", "p", "p"], "kind": ["formula", "formula", "slogan"],
                             "name": ["1+2工作体系", "三篇文章", "绿色发展"]})
    c = formulas.compare_with_curation(SimpleNamespace(documents=docs, policies=policies))
    got = {r.formula: (r.curated, r.found) for r in c.itertuples()}
    assert got == {"1+2工作体系": (True, True), "三篇文章": (True, False),
                   "四个园区": (False, True)}
