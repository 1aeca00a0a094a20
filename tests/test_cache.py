"""The dataset cache: served only while every file it came from is byte for byte the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import parklens as pl
from parklens import cache, dataset


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder and no dataset held in memory."""
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PARKLENS_CACHE", raising=False)
    monkeypatch.setattr(dataset, "_MEMO", {})
    return tmp_path / "cache"


def _forbid_validation(monkeypatch):
    import parklens.validate

    def boom(*a, **k):
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr(parklens.validate, "validate", boom)


def _forget_memory(monkeypatch):
    monkeypatch.setattr(dataset, "_MEMO", {})


def test_an_unchanged_dataset_comes_from_the_cache(fresh, data_copy, monkeypatch):
    first = pl.load(data_copy)
    assert list(fresh.glob("datasets/*.pickle"))
    _forget_memory(monkeypatch)  # as in a new process: only the file on disk remains
    _forbid_validation(monkeypatch)
    again = pl.load(data_copy)
    for name in ("parks", "sources", "documents", "metrics", "industries", "projects",
                 "policies", "policy_parts"):
        assert getattr(again, name).equals(getattr(first, name)), name
    assert again.vocab == first.vocab
    assert len(again.conflicts()) == len(first.conflicts())


def test_an_edit_that_keeps_size_and_time_stamp_is_seen(fresh, data_copy, monkeypatch):
    path = data_copy / "parks" / "guanzhuang.yaml"
    pl.load(data_copy)
    text = path.read_text(encoding="utf-8")
    st = path.stat()
    assert 'stated: "88.7亿元"' in text
    path.write_text(text.replace('stated: "88.7亿元"', 'stated: "77.8亿元"', 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    _forget_memory(monkeypatch)
    with pytest.raises(pl.DataError, match="77.8亿元"):  # not in its quote: checked again
        pl.load(data_copy)
    path.write_text(text, encoding="utf-8")
    assert 8870000000.0 in set(pl.load(data_copy).metrics.value_base)


def test_an_edited_document_is_seen(fresh, data_copy):
    pl.load(data_copy)
    seed = next((data_copy.parent / "seeds").glob("002_*.txt"))
    seed.chmod(0o644)
    seed.write_text(seed.read_text(encoding="utf-8").replace("第98位", "第99位"),
                    encoding="utf-8")
    with pytest.raises(pl.DataError, match="quote not found"):
        pl.load(data_copy)  # held in memory, but its document changed


def test_an_edited_vocabulary_is_seen(fresh, data_copy):
    before = pl.load(data_copy)
    path = data_copy / "vocab" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    gdp_zh = before.vocab["indicators"]["gdp"]["zh"]
    path.write_text(text.replace(f"gdp: {{zh: {gdp_zh},", "gdp: {zh: 生产总值GDP,", 1),
                    encoding="utf-8")
    after = pl.load(data_copy)
    assert after.vocab["indicators"]["gdp"]["zh"] == "生产总值GDP"
    assert "生产总值GDP" in set(after.metrics.label_zh)


def test_a_damaged_cache_file_is_rebuilt(fresh, data_copy, monkeypatch):
    pl.load(data_copy)
    (entry,) = fresh.glob("datasets/*.pickle")
    entry.write_bytes(entry.read_bytes()[:1000])
    _forget_memory(monkeypatch)
    assert len(pl.load(data_copy).parks) == 4
    assert entry.stat().st_size > 1000


def test_a_cache_folder_that_cannot_be_written_costs_only_speed(monkeypatch, tmp_path,
                                                                 data_copy):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(blocker / "cache"))
    _forget_memory(monkeypatch)
    assert len(pl.load(data_copy).parks) == 4


def test_changing_a_loaded_dataset_does_not_change_the_next_load(fresh, data_copy):
    ds = pl.load(data_copy)
    ds.metrics.loc[:, "value"] = -1.0
    ds.vocab["indicators"]["gdp"]["zh"] = "changed"
    again = pl.load(data_copy)
    assert (again.metrics.value.dropna() != -1.0).all()
    assert again.vocab["indicators"]["gdp"]["zh"] != "changed"


def test_cache_off_always_validates(fresh, data_copy, monkeypatch):
    pl.load(data_copy)
    _forbid_validation(monkeypatch)
    with pytest.raises(AssertionError, match="validated again"):
        pl.load(data_copy, cache=False)
    monkeypatch.setenv("PARKLENS_CACHE", "0")
    with pytest.raises(AssertionError, match="validated again"):
        pl.load(data_copy)


def test_problems_are_never_cached(fresh, data_copy, monkeypatch):
    path = data_copy / "parks" / "puyang.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("indicator: city_first_places", "indicator: city_first_plac", 1),
                    encoding="utf-8")
    for _ in range(2):
        with pytest.raises(pl.DataError):
            pl.load(data_copy)
    assert not list(fresh.glob("datasets/*.pickle"))


def test_the_key_covers_names_and_contents(tmp_path):
    for sub in ("parks", "vocab"):
        (tmp_path / sub).mkdir()
    (tmp_path / "parks" / "a.yaml").write_bytes(b"x: 1\n")
    k1 = cache.fingerprint(tmp_path)
    (tmp_path / "parks" / "a.yaml").rename(tmp_path / "parks" / "b.yaml")
    k2 = cache.fingerprint(tmp_path)
    (tmp_path / "parks" / "b.yaml").write_bytes(b"x: 2\n")
    assert len({k1, k2, cache.fingerprint(tmp_path)}) == 3
