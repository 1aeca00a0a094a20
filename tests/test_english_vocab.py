"""The English of the dataset: vocabularies, periods, units and places without Chinese, so an
en report shows none outside verbatim quotes (the three parks of seeds 002–004 here; 官庄's
own sections are checked in tests/test_english.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import parklens as pl

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
PARKS = ["puyang", "nanyang_hitech", "suqian_eco_chem"]


@pytest.fixture(scope="module")
def ds():
    return pl.load()


def _english_values(node, path=""):
    """Every English text of a vocabulary: the values of ``en`` keys and the nouns of
    ``counts_en``."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key in ("en", "counts_en") and not isinstance(value, (dict, list)):
                yield where, value
            elif key == "counts_en" and isinstance(value, dict):
                yield from ((f"{where}.{k}", v) for k, v in value.items())
            else:
                yield from _english_values(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _english_values(value, f"{path}[{i}]")


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "data" / "vocab").glob("*.yaml")))
def test_vocabulary_english_has_no_chinese(name):
    data = yaml.safe_load((ROOT / "data" / "vocab" / name).read_text(encoding="utf-8"))
    texts = list(_english_values(data))
    if name in ("indicators.yaml", "units.yaml", "industries.yaml", "terms.yaml"):
        assert len(texts) > 20, "the walk found the English labels"
    bad = [(where, text) for where, text in texts if not isinstance(text, str) or CJK.search(text)]
    assert bad == []


@pytest.mark.parametrize("table, columns", [
    ("metrics", ["label_en", "subject_name_en", "period_en", "unit_en"]),
    ("projects", ["name_en"]),
    ("policies", ["name_en"]),
    ("enterprises", ["name_en"]),
    ("industries", ["label_en"]),
    ("parks", ["name_en", "province_en", "city_en", "type_en"]),
])
def test_english_columns_of_the_three_parks_have_no_chinese(ds, table, columns):
    df = getattr(ds, table)
    df = df[df.park_id.isin(PARKS)]
    assert len(df)
    for col in columns:
        values = df[col] if col != "unit_en" else df[col][df.unit.notna()]
        assert values.notna().all() and (values.str.strip() != "").all(), col
        assert not values.str.contains(CJK).any(), (col, values[values.str.contains(CJK)].tolist())


def test_every_scope_has_an_english_scope(ds):
    m = ds.metrics[ds.metrics.park_id.isin(PARKS) & ds.metrics.scope.notna()]
    assert len(m) > 80
    assert m.scope_en.notna().all(), m[m.scope_en.isna()].metric_id.tolist()


def test_places_in_english(ds):
    parks = ds.parks.set_index("park_id")
    assert parks.loc["puyang", ["province_en", "city_en"]].tolist() == ["Henan", "Puyang"]
    assert parks.loc["nanyang_hitech", ["province_en", "city_en"]].tolist() == ["Henan", "Nanyang"]
    assert parks.loc["suqian_eco_chem", ["province_en", "city_en"]].tolist() == ["Jiangsu", "Suqian"]


def test_places_without_the_catalogue_vocabularies_are_pinyin(tmp_path):
    from parklens.dataset import _place_reader

    english = _place_reader(tmp_path)         # no provinces.yaml, no zone_places.csv
    assert [english("河南省"), english("南阳市"), english("宿迁市")] == [
        "Henan", "Nanyang", "Suqian"]
    assert english(None) is None


@pytest.mark.parametrize("metric_id, period_en, unit_en", [
    ("ny_gdp_growth_2024q3", "Jan–Sep 2024", "%"),
    ("ny_hitech_enterprises_now", "as of 8 Jan 2025", "enterprises"),
    ("ny_innovation_platforms_now", "as of 8 Jan 2025", "platforms"),
    ("ny_national_incubators_now", "as of 8 Jan 2025", "incubators"),
    ("ny_green_area_added_2024", "2024", "m²"),
    ("ny_smart_park_lighting_saving", "2025", "10,000 kWh"),
    ("ny_business_environment_rank", "Jan 2022–Jun 2023", "rank"),
    ("py_value_added_2019", "2019", "CNY 100 million"),
    ("py_projects_under_construction_now", "as of 8 Apr 2020", "projects"),
    ("py_theme_education_meetings", "cumulative to 8 Apr 2020", "times"),
    ("py_main_revenue_above_scale_target", "2022–2023", "CNY 100 million"),
    ("py_wind_tower_enterprises_city", "as of 8 Apr 2020", "enterprise"),
    ("sq_low_eff_land_cleared_cum", "cumulative to 22 Dec 2021", "mu (1/15 ha)"),
    ("sq_eng_research_centers_2021", "2021", "research centres"),
    ("sq_rnd_institutions_target_2022", "2022", "institutions"),
])
def test_periods_and_units_of_figures_in_english(ds, metric_id, period_en, unit_en):
    row = ds.metrics.set_index("metric_id").loc[metric_id]
    assert (row.period_en, row.unit_en) == (period_en, unit_en)


def test_terms_of_official_statistics(ds):
    m = ds.metrics.set_index("metric_id")
    assert m.loc["py_output_above_scale_2019", "label_en"] == (
        "gross industrial output, enterprises above designated size")
    assert m.loc["ny_specialized_sme_now", "label_en"].startswith(
        "specialised, refined, distinctive and innovative (SRDI)")
    assert "little giants" in m.loc["sq_specialized_sme_2021", "label_en"]
