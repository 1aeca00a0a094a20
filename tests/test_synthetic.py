"""The synthetic national-scale data used by the benchmarks: valid, recombined, repeatable."""

from __future__ import annotations

from collections import Counter

import parklens as pl
from synthetic import make_corpus, make_parks, seed_paragraphs


def test_synthetic_parks_pass_every_check_and_recombine_real_records(tmp_path, ds):
    data = make_parks(tmp_path / "synth", n=12, seed=7)
    syn = pl.load(data, cache=False)  # the full validation, quotes included
    assert len(syn.parks) == 12 and syn.parks.park_id.is_unique
    assert syn.metrics.metric_id.nunique() == len(syn.metrics.drop_duplicates("metric_id"))
    # every synthetic figure is a real figure under a new id, with the same quote and value
    real = set(zip(ds.metrics.quote, ds.metrics.stated, ds.metrics.value_base.fillna(-1)))
    assert set(zip(syn.metrics.quote, syn.metrics.stated,
                   syn.metrics.value_base.fillna(-1))) <= real
    # a park carries its own template's figures plus another park's policies
    own = syn.metrics.groupby("park_id").source_id.apply(lambda s: {x.split("_")[0] for x in s})
    pol = syn.policies.groupby("park_id").source_id.apply(lambda s: {x.split("_")[0] for x in s})
    assert any(pol[p] - own[p] for p in pol.index)
    assert Counter(len(v) for v in own).most_common(1)[0][0] >= 1


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
