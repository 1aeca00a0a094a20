"""Segmentation keeps the dictionary terms whole."""

from __future__ import annotations

import time

import pytest

from parklens import segment


@pytest.mark.parametrize("term", ["产城融合", "专精特新", "新质生产力", "规上工业增加值",
                                  "安环一体化"])
def test_dictionary_terms_stay_whole(term):
    sentence = f"我们推进{term}建设，成效明显。"
    assert term in segment.tokens(sentence)


@pytest.mark.parametrize("term, cut_without", [("官庄先进制造业开发区", True),
                                              ("启泰制药", True), ("五聚五提", False)])
def test_the_names_the_caller_gives_stay_whole(ds, term, cut_without):
    sentence = f"我们推进{term}建设，成效明显。"
    names = segment.proper_names(ds) + segment.formula_names(ds)
    assert term in segment.tokens(sentence, names=names)
    if cut_without:  # jieba alone cuts these (五聚五提 it keeps by itself)
        assert term not in segment.tokens(sentence)


def test_stopwords_and_punctuation_dropped():
    words = segment.tokens("我们推进产城融合，加快发展。2024年", drop_stopwords=True)
    assert "我们" not in words and "，" not in words and "2024" not in words
    assert "产城融合" in words


def test_the_global_jieba_dictionary_is_untouched():
    import jieba

    segment.tokenizer()
    assert "官庄先进制造业开发区" not in jieba.lcut("官庄先进制造业开发区")


def test_words_of_a_known_text_come_from_the_cache_without_starting_jieba(monkeypatch,
                                                                          tmp_path):
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path))
    text = "濮阳工业园区规上工业增加值增长11.2%，专精特新企业达到12家"
    words = segment.tokens(text, drop_stopwords=True)
    assert "规上工业增加值" in words

    def no_jieba(*a, **k):
        raise AssertionError("jieba started for a text it has segmented before")

    monkeypatch.setattr(segment, "tokenizer", no_jieba)
    assert segment.tokens(text, drop_stopwords=True) == words
    with pytest.raises(AssertionError, match="jieba started"):
        segment.tokens(text)  # the same text without stopword removal is another entry
    with pytest.raises(AssertionError, match="jieba started"):
        segment.tokens(text + "。")
    monkeypatch.setenv("PARKLENS_CACHE", "0")
    with pytest.raises(AssertionError, match="jieba started"):
        segment.tokens(text, drop_stopwords=True)


def test_generic_words_of_official_writing_are_stopwords():
    stop = segment.stopwords()
    assert {"之势", "取得", "成为"} <= stop  # vocab/stopwords.yaml
    assert {"的", "我们"} <= stop  # text/stopwords.txt
    words = segment.tokens("园区发展呈现强劲之势，取得显著成效，成为化工园区标杆。",
                           drop_stopwords=True)
    assert not {"之势", "取得", "成为", "显著", "成效"} & set(words)


def test_a_broken_stopwords_file_is_named_with_its_fix(data_copy):
    (data_copy / "vocab" / "stopwords.yaml").write_text("groups: [之势", encoding="utf-8")
    with pytest.raises(ValueError, match="stopwords.yaml: not readable YAML"):
        segment.stopwords(str(data_copy))
    (data_copy / "vocab" / "stopwords.yaml").write_text("groups: {a: {words: 3}}",
                                                        encoding="utf-8")
    with pytest.raises(ValueError, match="expected groups"):
        segment.stopwords(str(data_copy))


def test_proper_names_hold_parks_places_enterprises_and_projects(ds):
    names = set(segment.proper_names(ds))
    assert {"宿迁生态化工科技产业园", "官庄开发区", "官庄", "南阳", "濮阳", "宿迁", "河南",
            "河南油田", "国家电投生物质绿色甲醇项目"} <= names
    assert "1+3+2工作体系" in segment.formula_names(ds) and "1+3+2工作体系" not in names
    assert set(segment.proper_names()) == names  # None: the bundled dataset
    assert "产城融合" not in names  # a term of the user dictionary, not a name


# -- segmenting does not load the dataset; caches follow content, not paths --------------

def _forget():
    """Every in-process cache of segment, as a new session would start."""
    for value in vars(segment).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()


@pytest.fixture
def no_dataset_load(monkeypatch, tmp_path):
    import parklens
    from parklens import dataset

    def forbidden(*a, **k):
        raise AssertionError("segmenting loaded the dataset")

    monkeypatch.setattr(dataset, "load", forbidden)
    monkeypatch.setattr(parklens, "load", forbidden)
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    _forget()


def test_segmenting_a_text_does_not_load_the_dataset(no_dataset_load):
    text = "濮阳工业园区规上工业增加值增长11.2%，专精特新企业达到12家"
    assert "规上工业增加值" in segment.tokens(text)
    assert "专精特新" in segment.tokens(text, drop_stopwords=True)
    assert "产城融合" in segment.user_terms() and "的" in segment.stopwords()


@pytest.fixture
def fresh_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    _forget()
    return tmp_path / "cache"


def _append(path, line):
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_an_edit_of_the_user_dictionary_shows_in_the_next_call(fresh_cache, data_copy):
    text = "园区发展夜间经济带动消费"
    assert "园区发展夜间经济" not in segment.tokens(text, data_dir=str(data_copy))
    _append(data_copy / "text" / "userdict.txt", "园区发展夜间经济 10 n")
    assert "园区发展夜间经济" in segment.tokens(text, data_dir=str(data_copy))
    assert "园区发展夜间经济" not in segment.tokens(text)  # the bundled dictionary: not there


def test_a_data_folders_own_user_dictionary_is_used(fresh_cache, data_copy):
    _append(data_copy / "text" / "userdict.txt", "夜间经济带 10 n")
    assert "夜间经济带" in segment.tokens("发展夜间经济带动消费", data_dir=data_copy)


def test_an_edit_of_the_stopwords_shows_in_the_next_call(fresh_cache, data_copy):
    text = "园区推进产城融合，打造化工标杆"
    assert "标杆" in segment.tokens(text, drop_stopwords=True, data_dir=str(data_copy))
    _append(data_copy / "text" / "stopwords.txt", "标杆")
    assert "标杆" in segment.stopwords(str(data_copy))
    assert "标杆" not in segment.tokens(text, drop_stopwords=True, data_dir=str(data_copy))
    assert "标杆" in segment.tokens(text, drop_stopwords=True)  # the bundled stopwords


def test_an_edit_of_a_park_name_shows_in_the_next_call(fresh_cache, data_copy):
    path = data_copy / "parks" / "puyang.yaml"
    assert "濮阳工业园区" in segment.proper_names(str(data_copy))
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  name_zh: 濮阳工业园区\n", "  name_zh: 濮阳新型工业园区\n", 1), encoding="utf-8")
    names = segment.proper_names(str(data_copy))
    assert "濮阳新型工业园区" in names and "濮阳工业园区" not in names


def test_distinctive_terms_use_the_data_folders_stopwords(fresh_cache, data_copy):
    import parklens as pl
    from parklens import text, themes

    ds = pl.load(data_copy)
    docs = ds.documents[ds.documents.park_id == "suqian_eco_chem"]
    corpus = text.prepare(docs, data_dir=data_copy)
    first = themes.top_terms(corpus, n=3).term.iloc[0]
    _append(data_copy / "text" / "stopwords.txt", first)
    assert first not in set(themes.top_terms(text.prepare(docs, data_dir=data_copy), n=3).term)
    assert first in set(themes.top_terms(text.prepare(docs), n=3).term)  # bundled: kept


def test_the_token_cache_is_bounded(fresh_cache, monkeypatch):
    monkeypatch.setattr(segment, "MAX_TOKEN_ENTRIES", 3)
    monkeypatch.setattr(segment, "_PRUNE_EVERY", 1)
    texts = [f"园区第{n}号项目推进产城融合" for n in "一二三四五六七八"]
    for t in texts:
        segment.tokens(t)
        time.sleep(0.02)  # entries a clock tick apart: the oldest is well defined
    assert len(list((fresh_cache / "tokens").glob("*.json"))) == 3

    def no_jieba(*a, **k):
        raise AssertionError("jieba started")

    monkeypatch.setattr(segment, "tokenizer", no_jieba)
    assert "产城融合" in segment.tokens(texts[-1])  # the latest entries are the ones kept
    with pytest.raises(AssertionError, match="jieba started"):
        segment.tokens(texts[0])


# -- proper_names at national scale: the same names, in time linear in the parks ---------

def _old_proper_names(ds) -> tuple[str, ...]:
    """proper_names as it was before it looked up prefixes (every stem tried on every park
    name, parks × places): kept as the oracle only."""
    parks = ds.parks
    places = [p for p in list(parks.city.dropna()) + list(parks.province.dropna()) if p]
    stems = [segment._stem(p) for p in places]
    park_words = []
    for name, short in zip(parks.name_zh, parks.short_zh):
        if isinstance(short, str):
            park_words.append(segment._common_prefix(name, short))
        park_words += [s for s in stems if name.startswith(s)]
    names = list(parks.name_zh) + list(parks.short_zh.dropna()) + park_words + places + \
        stems + list(ds.enterprises.name_zh) + \
        [a for al in ds.enterprises.aliases for a in al] + list(ds.projects.name_zh)
    kept = {n for n in names if isinstance(n, str) and 2 <= len(n) <= 40}
    return tuple(sorted(kept, key=lambda n: (-len(n), n)))


def test_proper_names_equal_the_old_ones_on_the_bundled_and_300_synthetic_parks(
        ds, tmp_path):
    import parklens as pl
    from synthetic import make_parks

    synth = pl.load(make_parks(tmp_path / "synth", n=300, seed=12), cache=False)
    for data in (ds, synth):
        expected = _old_proper_names(data)
        assert segment.proper_names(data) == expected
    # among them, the stems of the provinces the synthetic park names start with (浙江 of
    # 浙江海宁经济开发区: these parks have a province, no city)
    stems = {segment._stem(p) for p in synth.parks.province.dropna()}
    starting = {s for s in stems for n in synth.parks.name_zh if n.startswith(s) and len(s) > 1}
    assert len(starting) > 10 and starting <= set(expected)
