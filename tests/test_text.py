"""Cleaning: furniture gone, repeats once, column breaks rejoined, offsets back to the original."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from parklens import text


@pytest.fixture(scope="module")
def corpus(ds):
    return text.prepare(ds.documents)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", text.normalize_punctuation(s)).replace("**", "")


def test_no_phone_licence_or_address_left_in_004(corpus):
    clean = corpus.cleaned["s004"].text
    for furniture in ("025-8799064", "86918841", "83755381", "jshghyxh@163.com", "210019",
                      "苏B2-20110130", "苏ICP备13033418号", "梦都大街", "Baidu", "欢迎来到"):
        assert furniture not in clean
    assert "1+8+1" in clean and "96.8%" in clean  # the content stays
    reasons = set(corpus.dropped[corpus.dropped.source_id == "s004"].reason)
    assert {"phone or fax", "e-mail", "address", "licence or registration",
            "navigation"} <= reasons


def test_repeated_paragraphs_of_003_count_once(ds, corpus):
    original, clean = ds.documents.set_index("source_id").text["s003"], corpus.cleaned["s003"].text
    phrase = "预计每年可节省照明耗电量约3.3万度"
    assert original.count(phrase) == 2 and clean.count(phrase) == 1
    assert (corpus.dropped.query("source_id == 's003'").reason == "repeated paragraph").sum() == 2


def test_column_breaks_of_002_are_rejoined(corpus):
    clean = corpus.cleaned["s002"].text
    assert "将突破60亿元，税收突破4.3亿元" in clean
    assert "已于去年11月下旬试产" in clean and "共整改隐患2188项" in clean
    assert "产业项目加快建设\n" in clean  # headings stay paragraphs of their own


def test_photo_captions_and_bylines_removed(corpus):
    clean = corpus.cleaned["s002"].text
    assert "贮料区" not in clean and "本报记者" not in clean and "在建污水管网" not in clean
    assert "本报记者" not in corpus.cleaned["s001"].text


def test_punctuation_normalized_one_for_one():
    assert text.normalize_punctuation("增长7.5%,其中(工业)增长33.9%;时间12:30,共1,200元") == \
        "增长7.5%，其中（工业）增长33.9%；时间12:30，共1,200元"


def test_every_sentence_maps_back_to_the_original(ds, corpus):
    originals = ds.documents.set_index("source_id").text
    assert len(corpus.sentences) > 300
    for s in corpus.sentences.itertuples():
        original = originals[s.source_id][s.orig_start:s.orig_end]
        assert squash(original) == squash(s.text), (s.source_id, s.text)


def test_paragraphs_and_sentences_tables(corpus):
    assert {"source_id", "park_id", "paragraph", "text", "start", "end", "orig_start",
            "orig_end"} <= set(corpus.paragraphs.columns)
    assert corpus.sentences.groupby("source_id").sentence.apply(
        lambda s: list(s) == list(range(len(s)))).all()


@given(st.text(alphabet=st.sampled_from(list("园区企业增长。，,\n 12%多家——：:")), max_size=200))
def test_cleaning_arbitrary_text_keeps_offsets(raw):
    c = text.clean(raw)
    assert len(c.origin) == len(c.text)
    for i, ch in enumerate(c.text):
        if ch != "\n":
            assert squash(raw[c.origin[i]]) == squash(ch) or ch == " "


@pytest.mark.parametrize("raw", ["", " \n\n\u3000 \n"])
def test_an_empty_document_gives_empty_tables_with_their_columns(raw):
    import pandas as pd

    from parklens import themes

    docs = pd.DataFrame({"source_id": ["x"], "park_id": ["p"], "text": [raw]})
    corpus = text.prepare(docs)
    assert corpus.cleaned["x"].text == "" and corpus.documents.n_chars.tolist() == [0]
    for table in (corpus.paragraphs, corpus.sentences, corpus.dropped):
        assert table.empty
    assert {"source_id", "park_id", "text", "start", "end", "orig_start",
            "orig_end"} <= set(corpus.sentences.columns) & set(corpus.paragraphs.columns)
    # the measures built on them give empty (or undefined) results, not errors
    assert themes.theme_hits(corpus.sentences).empty
    assert themes.intensity(corpus).hits_per_1000_chars.isna().all()
    assert themes.top_terms(corpus).empty and themes.kwic(corpus, "企业").empty


def test_prepare_carries_the_names_to_leave_out(ds):
    c = text.prepare(ds.documents.head(1), names=["河南油田"], formulas=["五聚五提"])
    assert c.names == ("河南油田",) and c.formulas == ("五聚五提",)
    assert text.prepare(ds.documents.head(1)).names == ()
