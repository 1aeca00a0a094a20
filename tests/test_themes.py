"""Theme and policy-tool measures."""

from __future__ import annotations

import pandas as pd
import pytest

from parklens import segment, text, themes


@pytest.fixture(scope="module")
def corpus(ds):
    return text.prepare(ds.documents)


@pytest.fixture(scope="module")
def named(ds):
    """The corpus as notebook 03 prepares it: with the dataset's names."""
    return text.prepare(ds.documents, names=segment.proper_names(),
                        formulas=segment.formula_names())


def _spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], haystack.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = haystack.find(needle, i + 1)
    return out


def test_a_keyword_inside_the_park_name_is_no_hit(ds):
    """生态 in 宿迁生态化工科技产业园 is the park's name, not the document's emphasis."""
    docs = ds.documents[ds.documents.park_id == "suqian_eco_chem"]
    name = "宿迁生态化工科技产业园"
    c = text.prepare(docs, names=[name])
    lex = {"eco": {"zh": "生态", "en": "ecology", "keywords": ["生态"]}}
    hits = themes.intensity(c, lex).set_index("park_id").loc["suqian_eco_chem", "hits"]
    clean = "\n".join(c.documents.clean)
    assert clean.count(name) > 0
    assert hits == clean.count("生态") - clean.count(name)


def test_no_theme_hit_lies_inside_a_project_or_enterprise_name(ds, named):
    hits = themes.theme_hits(named.sentences, names=named.names)
    names = set(ds.projects.name_zh) | set(ds.enterprises.name_zh)
    green_names = [n for n in names if "绿色" in n]
    assert green_names  # 国家电投生物质绿色甲醇项目
    inside = 0
    for src, g in hits.groupby("source_id"):
        clean = named.cleaned[src].text
        spans = [sp for n in names for sp in _spans(clean, n)]
        inside += sum(any(a <= h.start and h.end <= b for a, b in spans)
                      for h in g.itertuples())
    assert inside == 0
    plain = themes.theme_hits(named.sentences)  # without names: the name's 绿色 counts
    assert len(plain) > len(hits)


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


def test_kwic_skips_a_keyword_inside_a_name(ds):
    docs = ds.documents[ds.documents.park_id == "suqian_eco_chem"]
    name = "宿迁生态化工科技产业园"
    c = text.prepare(docs, names=[name])
    k = themes.kwic(c, "生态")
    clean = "\n".join(c.documents.clean)
    assert len(k) == clean.count("生态") - clean.count(name) > 0
    assert not k.left.str.endswith("宿迁").any()


def test_describe_speaks_the_report_language(ds, corpus):
    import re

    lex = themes.load_lexicon()
    t = themes.intensity(corpus, lex)
    zh = themes.describe(t, lex, dict(zip(ds.parks.park_id, ds.parks.name_zh)), "zh")
    en = themes.describe(t, lex, dict(zip(ds.parks.park_id, ds.parks.name_en)), "en")
    assert zh.count("每千字") == 4 and not re.search(r"[A-Za-z]", zh)
    assert en.count("hits per 1,000 characters") == 4 and not re.search(r"[\u4e00-\u9fff]", en)


def test_kwic_points_into_the_original(ds, corpus):
    k = themes.kwic(corpus, "产城融合")
    originals = ds.documents.set_index("source_id").text
    assert len(k) >= 4
    for r in k.itertuples():
        assert originals[r.source_id][r.orig_start:r.orig_end] == "产城融合"
        assert "产城融合" in r.original_sentence


def test_top_terms(corpus):
    t = themes.top_terms(corpus, n=5)
    assert not t.term.str.len().eq(1).any()


def test_distinctive_terms_hold_no_names_and_no_generic_words(ds, named):
    t = themes.top_terms(named, n=30)
    assert len(t) == 4 * 30
    parks = ds.parks
    stems = {p.removesuffix("市").removesuffix("省") for p in
             list(parks.city) + list(parks.province)}
    names = set(parks.name_zh) | set(parks.short_zh.dropna()) | stems | \
        {"官庄", "南阳", "濮阳", "宿迁"} | set(ds.enterprises.name_zh) | \
        set(ds.projects.name_zh) | {n.strip("“”") for n in ds.policies.name}
    assert not set(t.term) & names, set(t.term) & names
    # generic words of official writing, which the unfiltered ranking puts high
    assert not set(t.term) & {"之势", "取得", "成为", "进一步", "工作", "发展"}
    before = themes.top_terms(text.prepare(ds.documents), n=3)
    # names travel with the corpus: without them, the words of 河南油田 rank (cut apart, as
    # the segmenter keeps whole only the names a corpus brings)
    assert {"河南", "油田"} <= set(before[before.park_id == "guanzhuang"].term)


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


def test_tables_for_display_have_headers_and_values_for_people(corpus):
    import re

    tools = themes.load_lexicon(kind="policy_tools")
    mix = themes.tool_mix(corpus, tools)
    for lang in ("zh", "en"):
        shown = themes.for_display(mix, lang, park_names={"puyang": "濮阳工业园区" if lang == "zh"
                                                          else "Puyang Industrial Park"},
                                   labels={"tool": tools})
        assert list(shown.columns) == (["园区", "政策工具", "句子数", "占比（%）"] if lang == "zh"
                                       else ["Park", "Tool", "Sentences", "Share (%)"])
        assert set(shown.iloc[:, 1]) == {tools[t][lang] for t in set(mix.tool)}
        py = shown[shown.iloc[:, 0].str.startswith(("濮阳", "Puyang"))]
        expected = mix[mix.park_id == "puyang"].share_pct.map(lambda v: f"{v:.1f}")
        assert py.iloc[:, 3].tolist() == expected.tolist()
        assert not re.search(r"[\u4e00-\u9fff]", " ".join(shown.columns)) or lang == "zh"
    flags = themes.for_display(pd.DataFrame({"formula": ["五聚五提"], "curated": [True],
                                             "found": [False]}), "zh")
    assert flags.values.tolist() == [["五聚五提", "是", "否"]]


def _table(rows):
    """An intensity table (park, theme, hits, per 1,000 characters, share of sentences)."""
    return pd.DataFrame(rows, columns=["park_id", "theme", "hits", "hits_per_1000_chars",
                                       "sentence_share_pct"])


LEX = {"eco": {"zh": "生态", "en": "ecology", "keywords": ["生态"]},
       "tech": {"zh": "科技", "en": "technology", "keywords": ["科技", "创新"]}}


def test_describe_names_each_parks_strongest_theme_or_says_it_has_none():
    t = _table([("p", "eco", 3, 1.25, 12.5), ("p", "tech", 5, 2.04, 30.0),
                ("q", "eco", 0, 0.0, 0.0), ("q", "tech", 0, 0.0, 0.0)])
    assert themes.strongest_theme(t)["p"] == "tech"  # 2.04 per 1,000 over 1.25
    en = str(themes.describe(t, LEX, {"p": "Park P"}, "en"))
    assert en == ("Park P stresses technology most (2.0 hits per 1,000 characters, 30% of "
                  "sentences). The documents of q contain none of the lexicon's keywords.")
    zh = str(themes.describe(t.iloc[:2], LEX, {"p": "甲园"}))
    assert zh == "甲园最突出的主题是“科技”（每千字2.0次，30%的句子涉及）。"


def test_intensity_matrix_and_tool_mix_matrix_are_labelled():
    t = _table([("p", "eco", 3, 1.5, 10.0), ("p", "tech", 5, 2.5, 20.0),
                ("q", "eco", 1, 0.5, 5.0), ("q", "tech", 0, 0.0, 0.0)])
    m = themes.intensity_matrix(t, LEX, {"p": "Park P"}, "en")
    assert list(m.index) == ["Park P", "q"] and list(m.columns) == ["ecology", "technology"]
    assert m.loc["Park P", "technology"] == 2.5
    assert themes.intensity_matrix(t, LEX, {}, value="hits").loc["q", "生态"] == 1
    tools = {"supply": {"zh": "供给型", "en": "supply"}, "environment": {"zh": "环境型", "en": "environment"},
             "demand": {"zh": "需求型", "en": "demand"}}
    mix = pd.DataFrame({"park_id": ["p", "p", "q"], "tool": ["demand", "supply", "supply"],
                        "sentences": [1, 3, 2], "share_pct": [25.0, 75.0, 100.0]})
    w = themes.tool_mix_matrix(mix, tools, {"p": "甲园"})
    assert list(w.columns) == ["供给型", "需求型"]  # the lexicon's order, tools with sentences
    assert w.loc["q", "需求型"] == 0 and w.loc["甲园", "供给型"] == 75.0
    assert w.index.name is None and w.columns.name is None
    plain = themes.labelled(pd.DataFrame({"x": [1]}, index=["p"]))
    assert list(plain.index) == ["p"] and list(plain.columns) == ["x"]
    zh = themes.labelled(pd.DataFrame({"eco": [1]}, index=["p"]), columns=LEX)
    assert list(zh.columns) == ["生态"]


def test_kwic_strongest_shows_the_most_frequent_keyword_of_the_strongest_theme():
    docs = pd.DataFrame({"source_id": ["d"], "park_id": ["p"],
                         "text": ["推进科技创新。坚持创新驱动。创新引领发展。生态优先。"]})
    corpus = text.prepare(docs)
    t = themes.intensity(corpus, LEX)
    k = themes.kwic_strongest(corpus, t, LEX, n=2)
    assert set(k.theme) == {"tech"} and set(k.keyword) == {"创新"}  # 3 创新, 1 科技
    assert len(k) == 2 and list(k.columns)[:3] == ["park_id", "theme", "source_id"]
    none = themes.kwic_strongest(corpus, t.assign(theme="eco").iloc[0:0], LEX)
    assert none.empty and "keyword" in none


def test_for_display_writes_headers_flags_shares_dates_and_counts():
    t = pd.DataFrame({"park_id": ["p", "q"], "tool": ["supply", "x"], "share_pct": [41.66, None],
                      "found": [True, False], "date": pd.to_datetime(["2024-03-05", "2023-12-31"]),
                      "expected_parts": [3.0, None], "unknown_column": [1, 2]})
    zh = themes.for_display(t, labels={"tool": {"supply": {"zh": "供给型", "en": "supply"}}})
    assert list(zh.columns) == ["园区", "政策工具", "占比（%）", "自动找到", "日期", "数字所示部分数"]
    assert zh.iloc[0].tolist()[:5] == ["p", "供给型", "41.7", "是", "2024-03-05"]
    assert zh.iloc[1].tolist()[:4] == ["q", "x", "", "否"]  # an id without a label stays
    assert zh["数字所示部分数"].iloc[0] == 3 and str(zh["数字所示部分数"].dtype) == "Int64"
    en = themes.for_display(t, "en", columns=["park_id", "found"], park_names={"p": "Park P"})
    assert en.to_dict("list") == {"Park": ["Park P", "q"], "Found by the finder": ["yes", "no"]}
    flags = themes.for_display(pd.DataFrame({"found": [True, None]}), "en")
    assert flags["Found by the finder"].tolist() == ["yes", ""]


# --------------------------------------------------------------- names masked out

def _regex_masked(text: str, names) -> str:
    """The masking as it was: one regex alternation of the names, longest first (the
    independent oracle: Python's own regex engine)."""
    import re

    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return text
    return re.sub("|".join(map(re.escape, names)), lambda m: "\0" * len(m.group()), text)


def _blank(text: str, *spans) -> str:
    """``text`` with the characters of each (start, end) replaced by NULs, by hand."""
    out = list(text)
    for s, e in spans:
        out[s:e] = "\0" * (e - s)
    return "".join(out)


MASK_CASES = [
    # a name inside another: the longer one wins where both start or the outer one starts
    ("宿迁生态化工科技产业园推进生态修复", ["生态", "宿迁生态化工科技产业园"], [(0, 11), (13, 15)]),
    # the inner name alone, where the outer one is not written whole
    ("宿迁生态化工园区", ["宿迁生态化工科技产业园", "生态化工"], [(2, 6)]),
    # names that overlap in the text: the leftmost is taken, the other is cut and stays
    ("南阳高新区产业园", ["南阳高新区", "新区产业园"], [(0, 5)]),
    ("甲乙丙丁", ["乙丙丁", "甲乙"], [(0, 2)]),
    # at one position the longest; after it the scan goes on from its end
    ("ABCDBCD", ["AB", "ABC", "BCD", "CD"], [(0, 3), (4, 7)]),
    # regex metacharacters are plain characters in a name
    ("实施1+3+2工作体系(一期)与a.b*c?及[x]", ["1+3+2工作体系", "(一期)", "a.b*c?", "[x]", "a.b"],
     [(2, 11), (11, 15), (16, 22), (23, 26)]),
    ("ab+c", ["b+", "."], [(1, 3)]),  # '.' matches only a full stop
    # a name repeated, back to back, and the empty name (which is no name)
    ("园区园区，园区", ["园区", ""], [(0, 2), (2, 4), (5, 7)]),
    ("没有名字", [], []),
    ("没有名字", [""], []),
]


@pytest.mark.parametrize("text_, names, spans", MASK_CASES)
def test_names_are_masked_leftmost_longest_as_the_regex_alternation_did(text_, names, spans):
    expected = _blank(text_, *spans)  # worked out by hand
    assert themes._masked(text_, themes._names_matcher(names)) == expected
    assert _regex_masked(text_, names) == expected  # the old rule agrees with the hand


def test_theme_hits_with_names_are_those_of_the_regex_masking():
    """Every case above as sentences of one corpus, with all their names: the hits are
    those found in the regex-masked text, row for row (生态, 园区, 新区 and 1+3 only
    inside names: no hit)."""
    import re

    texts = [c[0] for c in MASK_CASES]
    names = sorted({n for c in MASK_CASES for n in c[1]})
    s = pd.DataFrame({"source_id": ["d"] * len(texts), "park_id": ["p"] * len(texts),
                      "sentence": range(len(texts)), "start": range(0, 100 * len(texts), 100),
                      "text": texts})
    lex = {"eco": {"zh": "生态", "en": "eco", "keywords": ["生态", "园区", "修复", "宿迁"]},
           "other": {"zh": "其他", "en": "other",
                     "keywords": ["新区", "1+3", "产业", "丁", "与", "名字", "c"]}}
    got = themes.theme_hits(s, lex, names=names)
    rows = []
    for key, spec in lex.items():
        rx = re.compile("|".join(map(re.escape, sorted(spec["keywords"], key=len, reverse=True))))
        for no, t in enumerate(texts):
            rows += [(no, key, m.group(), 100 * no + m.start())
                     for m in rx.finditer(_regex_masked(t, names))]
    assert list(zip(got.sentence, got.theme, got.keyword, got.start)) == rows
    assert (got.end - got.start).eq(got.keyword.str.len()).all()
    # 丁: 乙丙丁 is cut by 甲乙, taken first, so 丙丁 is no name
    assert set(got.keyword) == {"修复", "宿迁", "产业", "丁", "与", "名字", "c"}
    assert not set(got.keyword) & {"生态", "园区", "新区", "1+3"}


def _old_top_terms(corpus, by: str = "park_id", n: int = 10) -> pd.DataFrame:
    """top_terms as it was before it segmented each distinct text once: each park's documents
    joined by line breaks and segmented as one text. Kept as the oracle only."""
    excluded = set(corpus.names) | set(corpus.formulas)
    docs = corpus.documents.groupby(by).clean.agg("\n".join)
    weights = themes.tfidf([[w for w in segment.tokens(
        t, drop_stopwords=True, names=corpus.names + corpus.formulas, data_dir=corpus.data_dir)
        if len(w) > 1 and w not in excluded] for t in docs.values])
    rows = []
    for unit, row in zip(docs.index, weights):
        ranked = sorted(row.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        rows += [{by: unit, "rank": rank, "term": term, "tfidf": w}
                 for rank, (term, w) in enumerate(ranked, start=1) if w > 0]
    return pd.DataFrame(rows, columns=[by, "rank", "term", "tfidf"])


def _shared_texts(ds) -> pd.DataFrame:
    """40 parks citing the bundled texts as a national dataset's parks do: one, two or three
    of them, in any order, several parks the same ones (the same order or another)."""
    import random

    rng = random.Random(3)
    docs, rows = ds.documents.reset_index(drop=True), []
    for p in range(40):
        for i in rng.sample(range(len(docs)), rng.choice([1, 2, 2, 3])):
            rows.append(docs.iloc[i].to_dict() | {"park_id": f"p{p:02d}",
                                                  "source_id": f"{docs.source_id[i]}_{p}"})
    return pd.DataFrame(rows)


def test_top_terms_equal_those_of_each_park_segmented_whole(ds, named):
    """Frame-equal, every float to the bit, to the old code: on the bundled parks with their
    names, by park and by document, and on 40 parks sharing the bundled texts."""
    shared = text.prepare(_shared_texts(ds), names=named.names, formulas=named.formulas,
                          progress=False)
    assert shared.documents.groupby("park_id").clean.agg(tuple).duplicated().any()
    for corpus, by, n in [(named, "park_id", 30), (named, "source_id", 10),
                          (shared, "park_id", 10), (shared, "park_id", 1000)]:
        expected = _old_top_terms(corpus, by, n)
        assert expected[by].nunique() == corpus.documents[by].nunique()
        pd.testing.assert_frame_equal(themes.top_terms(corpus, by, n), expected,
                                      check_exact=True)
