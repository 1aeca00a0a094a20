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


# -- a per-document cache: a second run reads the work of the first ----------------------

def _same_corpus(a, b):
    import pandas as pd

    for name in ("documents", "paragraphs", "sentences", "dropped"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.cleaned.keys() == b.cleaned.keys()
    for sid, c in a.cleaned.items():
        assert c.text == b.cleaned[sid].text and c.original == b.cleaned[sid].original
        assert c.origin.tolist() == b.cleaned[sid].origin.tolist()
        assert c.paragraphs == b.cleaned[sid].paragraphs and c.dropped == b.cleaned[sid].dropped


def _forbid_cleaning(monkeypatch):
    def no_clean(raw):
        raise AssertionError("a document was cleaned again")

    monkeypatch.setattr(text, "clean", no_clean)


@pytest.fixture
def fresh_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_second_prepare_reads_every_document_from_the_cache(ds, fresh_cache, monkeypatch):
    monkeypatch.setenv("PARKLENS_CACHE", "0")
    expected = text.prepare(ds.documents)  # the independent answer: no cache at all
    monkeypatch.delenv("PARKLENS_CACHE")
    first = text.prepare(ds.documents)
    assert len(list((fresh_cache / "corpus").glob("*.json"))) == ds.documents.text.nunique()
    _forbid_cleaning(monkeypatch)
    second = text.prepare(ds.documents)
    _same_corpus(first, expected)
    _same_corpus(second, expected)
    assert second.stats["from_cache"] == second.stats["distinct"] == len(ds.documents)


def test_an_edited_document_is_cleaned_again_and_only_it(ds, fresh_cache, monkeypatch):
    text.prepare(ds.documents)
    docs = ds.documents.copy()
    docs.loc[0, "text"] = docs.loc[0, "text"] + "\n\n园区新增一段文字。"
    calls = []
    real = text.clean
    monkeypatch.setattr(text, "clean", lambda raw: calls.append(raw) or real(raw))
    corpus = text.prepare(docs)
    assert calls == [docs.loc[0, "text"]]
    assert corpus.cleaned[docs.loc[0, "source_id"]].text.endswith("园区新增一段文字。")


def test_a_text_cited_by_many_documents_is_cleaned_once(ds, monkeypatch):
    import pandas as pd

    monkeypatch.setenv("PARKLENS_CACHE", "0")
    one = ds.documents.iloc[[2]]
    many = pd.DataFrame({"source_id": [f"x{i}" for i in range(50)],
                         "park_id": [f"p{i % 7}" for i in range(50)],
                         "text": one.text.iloc[0]})
    calls = []
    real = text.clean
    monkeypatch.setattr(text, "clean", lambda raw: calls.append(1) or real(raw))
    corpus = text.prepare(many)
    assert len(calls) == 1
    single = text.prepare(one)
    # every document has the rows of the one text, under its own source and park
    n = len(single.sentences)
    assert len(corpus.sentences) == 50 * n
    x7 = corpus.sentences[corpus.sentences.source_id == "x7"]
    assert x7.park_id.unique().tolist() == ["p0"]
    assert x7.text.tolist() == single.sentences.text.tolist()
    assert x7.orig_start.tolist() == single.sentences.orig_start.tolist()


@pytest.mark.parametrize("damage", ["not json", "[1, 2]", "{}", "origin beyond the text",
                                    "a sentence beyond the text"])
def test_a_damaged_corpus_entry_is_recomputed(ds, fresh_cache, monkeypatch, damage):
    import json

    monkeypatch.setenv("PARKLENS_CACHE", "0")
    expected = text.prepare(ds.documents.head(1))
    monkeypatch.delenv("PARKLENS_CACHE")
    text.prepare(ds.documents.head(1))
    (entry,) = (fresh_cache / "corpus").glob("*.json")
    value = json.loads(entry.read_text(encoding="utf-8"))
    if damage == "origin beyond the text":
        value["origin"][-1][1] += 10**7
        entry.write_text(json.dumps(value), encoding="utf-8")
    elif damage == "a sentence beyond the text":
        value["sentences"][0][2] = 10**7
        entry.write_text(json.dumps(value), encoding="utf-8")
    else:
        entry.write_text(damage, encoding="utf-8")
    again = text.prepare(ds.documents.head(1))
    _same_corpus(again, expected)
    assert again.stats["from_cache"] == 0


def test_a_long_first_run_shows_its_progress(ds, fresh_cache, monkeypatch, capsys):
    monkeypatch.setattr(text, "_BAR_DELAY", 0)
    text.prepare(ds.documents)
    err = capsys.readouterr().err
    assert "preparing documents" in err and f"/{ds.documents.text.nunique()} " in err
    text.prepare(ds.documents, progress=False)
    assert "preparing documents" not in capsys.readouterr().err


def test_the_corpus_cache_is_bounded(ds, fresh_cache, monkeypatch):
    import time

    import pandas as pd

    monkeypatch.setattr(text, "MAX_CORPUS_ENTRIES", 2)
    for i in range(4):
        text.prepare(pd.DataFrame({"source_id": ["a"], "park_id": ["p"],
                                   "text": [f"园区第{i}段文字，有逗号。"]}))
        time.sleep(0.02)
    assert len(list((fresh_cache / "corpus").glob("*.json"))) == 2


def test_prepare_without_the_cache_writes_nothing(ds, fresh_cache):
    corpus = text.prepare(ds.documents, cache=False)
    assert not (fresh_cache / "corpus").exists() and corpus.stats["from_cache"] == 0

