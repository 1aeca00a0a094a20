"""The synthetic national-scale data used by the benchmarks: valid, recombined, repeatable."""

from __future__ import annotations

import csv

import yaml

import parklens as pl
from synthetic import ROOT, make_corpus, make_parks, seed_paragraphs

# The metric id prefixes of the seed parks (data/README.md: "park prefix gz_/py_/ny_/sq_")
PREFIX = {"guanzhuang": "gz", "puyang": "py", "nanyang_hitech": "ny", "suqian_eco_chem": "sq"}


def test_synthetic_parks_pass_every_check_and_recombine_real_records(tmp_path, ds):
    data = make_parks(tmp_path / "synth", n=12, seed=7)
    syn = pl.load(data, cache=False)  # the full validation, quotes included
    assert len(syn.parks) == 12 and syn.parks.park_id.is_unique
    # each figure id is a seed figure's id tagged with its park's number (z0003_puyang:
    # py_gdp_2019_z0003), so no two parks share a figure and the figure leads to its origin
    seed_id, tag = syn.metrics.metric_id.str.rsplit("_", n=1).str[0], \
        syn.metrics.metric_id.str.rsplit("_", n=1).str[1]
    assert (tag == syn.metrics.park_id.str.split("_").str[0]).all()
    assert set(seed_id) <= set(ds.metrics.metric_id)
    assert syn.metrics.groupby("metric_id").park_id.nunique().eq(1).all()
    assert not syn.metrics.duplicated(["metric_id", "source_id"]).any()
    # every synthetic figure is a real figure under a new id, with the same quote and value
    real = set(zip(ds.metrics.quote, ds.metrics.stated, ds.metrics.value_base.fillna(-1)))
    assert set(zip(syn.metrics.quote, syn.metrics.stated,
                   syn.metrics.value_base.fillna(-1))) <= real
    # a park carries its own template's figures plus another park's policies
    own = syn.metrics.groupby("park_id").source_id.apply(lambda s: {x.split("_")[0] for x in s})
    pol = syn.policies.groupby("park_id").source_id.apply(lambda s: {x.split("_")[0] for x in s})
    assert any(pol[p] - own[p] for p in pol.index)
    # all of a park's figures are its one template's (z0001_guanzhuang: gz_ figures only)
    for park, ids in syn.metrics.groupby("park_id").metric_id:
        template = park.split("_", 1)[1]
        assert {i.split("_")[0] for i in ids} == {PREFIX[template]}, park


def _csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_synthetic_parks_are_real_catalogue_zones(tmp_path):
    """Name, province, type, level, area and leading industries of each synthetic park are
    its zone's, read here from the CSV files with the csv module."""
    data = make_parks(tmp_path / "synth", n=60, seed=11)
    syn = pl.load(data, cache=False)
    rows = {(r["代码"], r["开发区名称"]): r for r in _csv(ROOT / "data/catalogue/devzones_2018.csv")}
    wording = {r["wording"]: r["categories"].split("|")[0] for r in
               _csv(ROOT / "data/vocab/catalogue_industries.csv") if r["categories"]}
    categories = yaml.safe_load((ROOT / "data/vocab/catalogue_categories.yaml").read_text("utf-8"))
    level = {"国务院": "national", "省政府": "provincial"}
    # the zone types of the CSV (type, level) and the park type each is given (PARK_TYPES)
    ptype = {("经济技术开发区", "national"): "economic_development_zone",
             ("经济开发区", "provincial"): "economic_development_zone",
             ("高新技术产业开发区", "national"): "hitech_zone",
             ("高新技术产业开发区", "provincial"): "hitech_zone",
             ("工业园区", "provincial"): "industrial_park",
             ("海关特殊监管区域", "national"): "industrial_park",
             ("边境/跨境经济合作区", "national"): "industrial_park",
             ("其他类型开发区", "national"): "industrial_park"}
    seeds = {p.stem: yaml.safe_load(p.read_text("utf-8"))["park"]
             for p in (ROOT / "data/parks").glob("*.yaml")}
    zones = syn.catalogue.set_index(["code", "name_zh"])
    assert syn.parks.catalogue_code.notna().all()
    for p in syn.parks.itertuples():
        row = rows[(p.catalogue_code, p.name_zh)]  # the link names the zone the park is
        assert (p.province, p.level) == (row["省份"], level[row["批准级别"]])
        name = row["开发区名称"]
        expect = ("industrial_cluster_zone" if name.endswith("产业集聚区") else
                  "chemical_park" if "化工园区" in name else
                  ptype[(row["开发区类型"], p.level)])
        assert p.type == expect, name
        zone = zones.loc[(p.catalogue_code, p.name_zh)]
        assert p.name_en == zone.name_en and zone.area_ha == float(row["核准面积_公顷"])
        mapped = [categories[wording[w]].get("industry") for w in row["主导产业"].split("、")
                  if w in wording]
        mapped = list(dict.fromkeys(i for i in mapped if i))
        template = seeds[p.park_id.split("_", 1)[1]]["leading_industries"]
        assert list(p.leading_industries) == (mapped or template), name
    # a sample of the whole country, not the first rows of the file
    assert syn.parks.catalogue_code.is_unique and syn.parks.province.nunique() >= 15
    assert {"national", "provincial"} <= set(syn.parks.level)
    assert any(p.leading_industries != seeds[p.park_id.split("_", 1)[1]]["leading_industries"]
               for p in syn.parks.itertuples())


def test_synthetic_parks_are_repeatable(tmp_path):
    a = make_parks(tmp_path / "a", n=5, seed=3)
    b = make_parks(tmp_path / "b", n=5, seed=3)
    c = make_parks(tmp_path / "c", n=5, seed=4)
    files = sorted(p.name for p in (a / "parks").iterdir())
    assert files == sorted(p.name for p in (b / "parks").iterdir())
    assert all((a / "parks" / f).read_bytes() == (b / "parks" / f).read_bytes() for f in files)
    assert [(c / "parks" / f).read_bytes() if (c / "parks" / f).exists() else b""
            for f in files] != [(a / "parks" / f).read_bytes() for f in files]


def test_synthetic_corpus_is_made_of_seed_paragraphs(tmp_path):
    out = make_corpus(tmp_path / "corpus", n=30, seed=1)
    docs = sorted(out.glob("*.txt"))
    assert len(docs) == 30
    paras = set(seed_paragraphs())
    for doc in docs:
        head, *body = [p for p in doc.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        assert head.startswith("合成文档") and 5 <= len(body) <= 40
        assert {p.strip() for p in body} <= paras
    again = make_corpus(tmp_path / "again", n=30, seed=1)
    assert all((again / d.name).read_bytes() == d.read_bytes() for d in docs)
