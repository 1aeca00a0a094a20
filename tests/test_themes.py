"""Theme and policy-tool measures."""

from __future__ import annotations

import pytest

from parklens import text, themes


@pytest.fixture(scope="module")
def corpus(ds):
    return text.prepare(ds.documents)


def test_intensity_counts_hits_per_thousand_characters(corpus):
    lexicon = {"oil": {"zh": "石油", "en": "oil", "keywords": ["河南油田"]}}
    t = themes.intensity(corpus, lexicon).set_index("park_id")
    gz = corpus.documents[corpus.documents.park_id == "guanzhuang"]
    n = sum(c.count("河南油田") for c in gz.clean)
    assert t.loc["guanzhuang", "hits"] == n
    assert t.loc["guanzhuang", "hits_per_1000_chars"] == pytest.approx(n / gz.n_chars.sum() * 1000)
    assert t.loc["puyang", "hits"] == 0


def test_every_theme_measured_for_every_park(corpus):
    t = themes.intensity(corpus)
    assert len(t) == 4 * len(themes.load_lexicon())
    assert (t.sentence_share_pct.between(0, 100)).all()
    strongest = themes.strongest_theme(t)
    assert strongest["puyang"] == "investment_projects"
    assert strongest["suqian_eco_chem"] == "safety_environment_supervision"


def test_cooccurrence_and_tools(corpus):
    hits = themes.theme_hits(corpus.sentences)
    co = themes.cooccurrence(hits)
    assert (co.values == co.values.T).all()
    cross = themes.theme_tool_crosstab(corpus.sentences)
    assert set(cross.columns) == {"supply", "environment", "demand"}
    mix = themes.tool_mix(corpus)
    assert mix.groupby("park_id").share_pct.sum().round(6).eq(100).all()
    tools = themes.load_lexicon(kind="policy_tools")
    wide = themes.tool_mix_matrix(mix, tools, {"puyang": "濮阳"}, "zh")
    assert "濮阳" in wide.index and "guanzhuang" in wide.index  # unnamed parks keep their id
    assert list(wide.columns) == [tools[t]["zh"] for t in ("supply", "environment", "demand")]
    assert wide.sum(axis=1).round(6).eq(100).all() and not wide.isna().any().any()
    one = mix[(mix.park_id == "puyang") & (mix.tool == "supply")].share_pct.iloc[0]
    assert wide.loc["濮阳", tools["supply"]["zh"]] == one


def test_labelled_shows_labels_and_keeps_the_data(corpus):
    lex = themes.load_lexicon()
    co = themes.cooccurrence(themes.theme_hits(corpus.sentences, lex))
    shown = themes.labelled(co, "en", index=lex, columns=lex)
    assert list(shown.index) == [lex[t]["en"] for t in co.index]
    assert list(shown.columns) == [lex[t]["en"] for t in co.columns]
    assert (shown.to_numpy() == co.to_numpy()).all()
    assert list(co.index) == list(co.columns) and co.index[0] in lex  # the input unchanged


def test_kwic_points_into_the_original(ds, corpus):
    k = themes.kwic(corpus, "产城融合")
    originals = ds.documents.set_index("source_id").text
    assert len(k) >= 4
    for r in k.itertuples():
        assert originals[r.source_id][r.orig_start:r.orig_end] == "产城融合"
        assert "产城融合" in r.original_sentence


def test_top_terms(corpus):
    t = themes.top_terms(corpus, n=5)
    assert "河南油田" in set(t[t.park_id == "guanzhuang"].term)
    assert not t.term.str.len().eq(1).any()


def test_bad_lexicon_is_explained(tmp_path):
    bad = tmp_path / "lex.yaml"
    bad.write_text("green: {zh: 绿色}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs keywords"):
        themes.load_lexicon(bad)


def test_tfidf_agrees_with_scikit_learn(ds):
    """parklens computes TF-IDF itself (importing scikit-learn cost seconds per notebook run);
    the reference implementation must give the same weights on the seeds' own words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from parklens.segment import tokens

    docs = text.prepare(ds.documents).documents.groupby("park_id").clean.agg("\n".join)
    words = [[w for w in tokens(t, drop_stopwords=True) if len(w) > 1] for t in docs.values]
    ours = themes.tfidf(words)
    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    ref = vec.fit_transform(words)
    vocab = vec.get_feature_names_out()
    assert sum(len(w) for w in ours) == ref.nnz > 1000
    for i, row in enumerate(ours):
        expected = {vocab[j]: v for j, v in zip(ref[i].indices, ref[i].data)}
        assert row.keys() == expected.keys()
        assert all(abs(row[t] - expected[t]) < 1e-12 for t in row)


def test_lexicons_come_from_the_data_folder(data_copy):
    tools = data_copy / "vocab" / "policy_tools.yaml"
    tools.write_text(tools.read_text(encoding="utf-8").replace("zh: 供给型", "zh: 供给型工具"),
                     encoding="utf-8")
    assert themes.load_lexicon(kind="policy_tools", data_dir=data_copy)["supply"]["zh"] == \
        "供给型工具"
    assert themes.load_lexicon(kind="policy_tools")["supply"]["zh"] == "供给型"  # bundled
