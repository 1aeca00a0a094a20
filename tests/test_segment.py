"""Segmentation keeps the dictionary terms whole."""

from __future__ import annotations

import pytest

from parklens import segment


@pytest.mark.parametrize("term", ["产城融合", "专精特新", "新质生产力", "规上工业增加值",
                                  "安环一体化", "官庄先进制造业开发区", "启泰制药", "五聚五提"])
def test_dictionary_terms_stay_whole(term):
    sentence = f"我们推进{term}建设，成效明显。"
    assert term in segment.tokens(sentence)


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
    segment.stopwords.cache_clear()
    with pytest.raises(ValueError, match="expected groups"):
        segment.stopwords(str(data_copy))


def test_proper_names_hold_parks_places_enterprises_and_projects():
    names = set(segment.proper_names())
    assert {"宿迁生态化工科技产业园", "官庄开发区", "官庄", "南阳", "濮阳", "宿迁", "河南",
            "河南油田", "国家电投生物质绿色甲醇项目"} <= names
    assert "1+3+2工作体系" in segment.formula_names() and "1+3+2工作体系" not in names
    assert "产城融合" not in names  # a term of the user dictionary, not a name
