"""Facts and theme measures over a folder: the same for any number of jobs and the same as the
per-document functions, failures named without losing the rest, and the command line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_cli
from parklens import corpus, text, themes
from parklens.extract import COLUMNS, extract_facts
from synthetic import make_corpus

DATE = "2025-01-08"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "docs", n=40, seed=7)


@pytest.fixture(scope="module")
def broken(folder, tmp_path_factory) -> Path:
    """The corpus plus a GBK document and a link to a file that does not exist."""
    out = tmp_path_factory.mktemp("broken") / "docs"
    shutil.copytree(folder, out)
    (out / "doc00007b_gbk.txt").write_bytes("濮阳工业园区产值106亿元。".encode("gbk"))
    os.symlink(out / "gone.txt", out / "doc00020b_link.txt")
    return out


def test_jobs_give_the_same_facts_as_one_process_and_as_each_document(folder):
    one = corpus.extract(folder, ref_date=DATE, jobs=1)
    two = corpus.extract(folder, ref_date=DATE, jobs=2)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    paths = sorted(folder.glob("*.txt"))
    direct = pd.concat(
        [extract_facts(p.read_text(encoding="utf-8"), ref_date=DATE).assign(document=p.name)
         for p in paths], ignore_index=True)[["document"] + COLUMNS]
    pd.testing.assert_frame_equal(one, direct, check_exact=True)
    assert one.document.unique().tolist() == [p.name for p in paths]
    assert one.attrs["documents"] == 40 and one.attrs["errors"] == ()
    assert one.attrs["bytes"] == sum(p.stat().st_size for p in paths)


def test_default_dates_are_the_same_for_any_jobs(folder):
    one = corpus.extract(folder, jobs=1)
    pd.testing.assert_frame_equal(one, corpus.extract(folder, jobs=2), check_exact=True)


def test_theme_measures_are_intensity_per_document_for_any_jobs(folder):
    one = corpus.theme_measures(folder, jobs=1)
    pd.testing.assert_frame_equal(one, corpus.theme_measures(folder, jobs=2), check_exact=True)
    paths = sorted(folder.glob("*.txt"))
    docs = pd.DataFrame({"source_id": [p.name for p in paths], "park_id": "",
                         "text": [p.read_text(encoding="utf-8") for p in paths]})
    prepared = text.prepare(docs)
    expected = themes.intensity(prepared, by="source_id").rename(columns={"source_id": "document"})
    chars = dict(zip(prepared.documents.source_id, prepared.documents.n_chars))
    expected.insert(1, "characters", expected.document.map(chars))
    pd.testing.assert_frame_equal(one, expected, check_exact=True)
    assert len(one) == 40 * len(themes.load_lexicon())


def test_unreadable_documents_are_named_and_the_others_measured(folder, broken):
    with pytest.warns(corpus.UnreadableDocumentsWarning) as caught:
        facts = corpus.extract(broken, ref_date=DATE, jobs=2)
    message = str(caught[0].message)
    assert "doc00007b_gbk.txt: not UTF-8" in message and "iconv -f GBK" in message
    assert "doc00020b_link.txt: a link to" in message
    errors = facts.attrs["errors"]
    assert [e.document for e in errors] == ["doc00007b_gbk.txt", "doc00020b_link.txt"]
    assert all(e.fix for e in errors)
    # Every readable document's facts, exactly as without the broken files.
    pd.testing.assert_frame_equal(facts, corpus.extract(folder, ref_date=DATE, jobs=1),
                                  check_exact=True)
    assert facts.attrs["documents"] == 40

    with pytest.warns(corpus.UnreadableDocumentsWarning, match="doc00007b_gbk.txt"):
        measures = corpus.theme_measures(broken, jobs=2)
    assert measures.document.nunique() == 40
    assert [e.document for e in measures.attrs["errors"]] == ["doc00007b_gbk.txt",
                                                              "doc00020b_link.txt"]


def test_empty_folder_and_name_clashes_are_explained(tmp_path, folder):
    with pytest.raises(ValueError, match="no documents in .*Fix: point at the folder"):
        corpus.extract(tmp_path, jobs=1)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(folder / "doc00001.txt", other)
    with pytest.raises(ValueError, match="two documents are named doc00001.txt"):
        corpus.extract([folder, other], jobs=1)
    with pytest.raises(ValueError, match="jobs must be a positive whole number"):
        corpus.extract(folder, jobs=0)
    with pytest.raises(FileNotFoundError, match="no such folder or file"):
        corpus.theme_measures(tmp_path / "typo", jobs=1)


# --- the command line -------------------------------------------------------------------------

def test_cli_writes_every_document_and_exits_1_naming_the_failures(tmp_path, folder, broken):
    out = tmp_path / "facts.csv"
    result = run_cli("extract", str(broken), "--out", str(out), "--jobs", "2", "--date", DATE)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    err = result.stderr.strip().splitlines()
    assert len(err) == 2 and "doc00007b_gbk.txt: not UTF-8" in err[0] and "Fix:" in err[0]
    assert "doc00020b_link.txt" in err[1]
    assert "40 documents" in result.stdout and "2 failed" in result.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    written = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    expected = corpus.extract(folder, ref_date=DATE, jobs=1)
    assert list(written.columns) == ["document"] + COLUMNS
    for col in ("document", "stated", "quote", "start"):
        assert written[col].tolist() == expected[col].tolist(), col
    assert not list(tmp_path.glob("*.partial"))


def test_cli_on_a_clean_folder_exits_0(tmp_path, folder):
    out = tmp_path / "facts.csv"
    result = run_cli("extract", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 failed" in result.stdout and out.exists()


def test_cli_on_an_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("extract", str(tmp_path / "empty"), "--out", str(tmp_path / "f.csv"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no documents in" in result.stderr and "Fix:" in result.stderr
    assert not (tmp_path / "f.csv").exists()


def test_cli_folder_needs_out_and_draft_needs_one_file(folder):
    result = run_cli("extract", str(folder))
    assert result.returncode == 2 and "--out facts.csv" in result.stderr
    result = run_cli("extract", str(folder), "--out", "x.csv", "--draft", "x.yaml")
    assert result.returncode == 2 and "--draft takes one FILE" in result.stderr


def test_cli_single_file_still_prints_its_table():
    seed = Path(__file__).resolve().parents[1] / "seeds" / "003_84782c2cc07288f7.txt"
    result = run_cli("extract", str(seed), "--date", DATE)
    assert result.returncode == 0, result.stderr
    assert "003_84782c2cc07288f7.txt: 34 figures" in result.stdout


def test_measuring_a_folder_leaves_no_corpus_entries(tmp_path, monkeypatch):
    from parklens.paths import project_root

    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    corpus.theme_measures(project_root() / "seeds" / "003_84782c2cc07288f7.txt", jobs=1)
    assert not list((tmp_path / "cache").glob("corpus/*.json"))
