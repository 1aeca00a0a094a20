"""The dataset cache: served only while every file it came from is byte for byte the same,
never running code, and private to its user."""

from __future__ import annotations

import os
import pickle
import re
import stat
import warnings
from collections import OrderedDict
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest
import xxhash
import yaml

import parklens as pl
from parklens import cache, dataset, segment

POSIX = hasattr(os, "getuid")


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder, no dataset held in memory, no warning given yet."""
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PARKLENS_CACHE", raising=False)
    monkeypatch.setattr(dataset, "_MEMO", OrderedDict())
    monkeypatch.setattr(cache, "_warned", set(), raising=False)
    return tmp_path / "cache"


def _forbid_validation(monkeypatch):
    import parklens.validate

    def boom(*a, **k):
        raise AssertionError("validated again although nothing changed")

    for name in ("validate", "check", "check_vocabularies", "check_park_file"):
        monkeypatch.setattr(parklens.validate, name, boom)


def _forget_memory(monkeypatch):
    monkeypatch.setattr(dataset, "_MEMO", OrderedDict())


def test_an_unchanged_dataset_comes_from_the_cache(fresh, data_copy, monkeypatch):
    first = pl.load(data_copy)
    assert list(fresh.glob("datasets/*.arrow"))
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
    (entry,) = fresh.glob("datasets/*.arrow")
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
    assert not list(fresh.glob("datasets/*.arrow"))


def test_the_key_covers_names_and_contents(tmp_path):
    for sub in ("parks", "vocab"):
        (tmp_path / sub).mkdir()
    (tmp_path / "parks" / "a.yaml").write_bytes(b"x: 1\n")
    k1 = cache.fingerprint(tmp_path)
    (tmp_path / "parks" / "a.yaml").rename(tmp_path / "parks" / "b.yaml")
    k2 = cache.fingerprint(tmp_path)
    (tmp_path / "parks" / "b.yaml").write_bytes(b"x: 2\n")
    assert len({k1, k2, cache.fingerprint(tmp_path)}) == 3


# -- the cache never runs code ------------------------------------------------------------

class _Payload:
    """Unpickling this creates ``marker``: proof that a cache file was unpickled."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _plant(path: Path, marker: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(_Payload(marker)))


def _old_dataset_entry(cache_folder: Path, data_dir: Path) -> Path:
    """Where parklens before cache format 2 kept a folder's entry (and unpickled it)."""
    return cache_folder / "datasets" / f"{xxhash.xxh3_64_hexdigest(str(data_dir.resolve()).encode())}.pickle"


def _tables(ds: pl.Dataset) -> dict[str, pd.DataFrame]:
    return {f.name: getattr(ds, f.name) for f in fields(ds)
            if isinstance(getattr(ds, f.name), pd.DataFrame)}


def _assert_same(ds: pl.Dataset, expected: pl.Dataset) -> None:
    for name, frame in _tables(expected).items():
        pd.testing.assert_frame_equal(getattr(ds, name), frame, obj=name)
        for col in frame.columns[frame.dtypes == object]:  # lists stay lists, not arrays
            assert (getattr(ds, name)[col].map(type) == frame[col].map(type)).all(), (name, col)
    assert ds.vocab == expected.vocab


def test_a_planted_pickle_is_never_run_by_load(fresh, data_copy, tmp_path, monkeypatch):
    marker = tmp_path / "RAN"
    old = _old_dataset_entry(fresh, data_copy)
    _plant(old, marker)
    _plant(old.with_suffix(".arrow"), marker)  # and at the entry's name in today's format
    expected = pl.load(data_copy, cache=False)
    _assert_same(pl.load(data_copy), expected)
    _forget_memory(monkeypatch)
    _assert_same(pl.load(data_copy), expected)  # from the entry that replaced the plant
    assert not marker.exists()


def test_a_planted_pickle_is_never_run_by_token_lookups(fresh, tmp_path):
    marker = tmp_path / "RAN"
    text = "濮阳工业园区规上工业增加值增长11.2%，专精特新企业达到12家"
    for stop in (b"nostop", b"stop"):
        # the key parklens before cache format 2 gave these words, and unpickled
        key = cache.file_digest(b"\0".join([segment._signature(None).encode(), stop,
                                            text.encode("utf-8")]))
        for suffix in (".pickle", ".json"):
            _plant(fresh / "tokens" / f"{key}{suffix}", marker)
    for _ in range(2):  # computed, then from the cache
        assert "规上工业增加值" in segment.tokens(text)
        assert "规上工业增加值" in segment.tokens(text, drop_stopwords=True)
    assert not marker.exists()


def _damage(kind: str, entry: Path) -> None:
    data = entry.read_bytes()
    header_end = len(cache._MAGIC) + 8 + int.from_bytes(data[len(cache._MAGIC):][:8], "little")
    assert data[header_end - 1:header_end] == b"}"  # the JSON header ends there
    if kind == "random bytes":
        entry.write_bytes(os.urandom(len(data)))
    elif kind == "a dict pickle":
        entry.write_bytes(pickle.dumps({"key": "x", "payload": {}}))
    elif kind == "empty":
        entry.write_bytes(b"")
    elif kind == "a header length of 2**62":
        entry.write_bytes(cache._MAGIC + (2**62).to_bytes(8, "little") + data[header_end:])
    elif kind == "header not JSON":
        entry.write_bytes(data[:len(cache._MAGIC) + 8] + b"{" * (header_end - len(cache._MAGIC) - 8)
                          + data[header_end:])
    elif kind == "tables cut short":
        entry.write_bytes(data[:header_end + 100])
    elif kind == "tables overwritten":
        entry.write_bytes(data[:header_end] + os.urandom(len(data) - header_end))


@pytest.mark.parametrize("kind", ["random bytes", "a dict pickle", "empty",
                                  "a header length of 2**62", "header not JSON",
                                  "tables cut short", "tables overwritten"])
def test_a_damaged_entry_in_the_new_format_is_rebuilt(fresh, data_copy, monkeypatch, kind):
    expected = pl.load(data_copy)
    (entry,) = fresh.glob("datasets/*.arrow")
    good = entry.read_bytes()
    _damage(kind, entry)
    assert entry.read_bytes() != good
    _forget_memory(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # quietly rebuilt: nothing for the user to fix
        _assert_same(pl.load(data_copy), expected)
    assert entry.read_bytes()[:len(cache._MAGIC)] == cache._MAGIC
    _forget_memory(monkeypatch)
    _forbid_validation(monkeypatch)  # the rebuilt entry serves the next load
    _assert_same(pl.load(data_copy), expected)


@pytest.mark.parametrize("garbage", [b"not json", b"[1, 2]", b"{\"a\": 1}", b"\xff\xfe"])
def test_a_damaged_token_entry_is_recomputed(fresh, monkeypatch, garbage):
    text = "我们推进产城融合，加快发展"
    words = segment.tokens(text)
    (entry,) = fresh.glob("tokens/*.json")
    entry.write_bytes(garbage)
    assert segment.tokens(text) == words
    assert entry.read_bytes() != garbage


# -- round trip ---------------------------------------------------------------------------

def _without_enterprises_projects_policies(data_dir: Path) -> Path:
    """One park with no enterprises, projects or policies: tables with no rows."""
    for path in (data_dir / "parks").glob("*.yaml"):
        if path.stem != "suqian_eco_chem":
            path.unlink()
    path = data_dir / "parks" / "suqian_eco_chem.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("enterprises", "projects", "policies"):
        doc.pop(section)
    doc["metrics"] = [m for m in doc["metrics"] if m.get("subject") in (None, "suqian_eco_chem")]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data_dir


@pytest.mark.parametrize("variant", ["bundled", "empty tables"])
def test_a_dataset_from_the_cache_equals_the_uncached_load(fresh, data_copy, monkeypatch,
                                                           variant):
    if variant == "empty tables":
        _without_enterprises_projects_policies(data_copy)
    expected = pl.load(data_copy, cache=False)
    if variant == "empty tables":
        assert expected.projects.empty and expected.policies.empty and len(expected.metrics)
    else:  # what Arrow alone would not give back: list cells; and dates
        assert expected.parks.leading_industries.map(type).eq(list).all()
        assert expected.sources.date.dtype.kind == "M"
    pl.load(data_copy)
    (entry,) = fresh.glob("datasets/*.arrow")
    assert entry.read_bytes()[:len(cache._MAGIC)] == cache._MAGIC
    _forget_memory(monkeypatch)
    _forbid_validation(monkeypatch)
    _assert_same(pl.load(data_copy), expected)  # from disk
    _assert_same(pl.load(data_copy), expected)  # from memory


# -- the cache folder is private ----------------------------------------------------------

@pytest.fixture
def umask_022():
    old = os.umask(0o022)  # the usual umask, under which files are world-readable
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_the_cache_folder_and_its_entries_are_private(fresh, data_copy, umask_022):
    pl.load(data_copy)
    segment.tokens("我们推进产城融合，加快发展")
    folders = [fresh, fresh / "datasets", fresh / "parks", fresh / "tokens"]
    entries = list(fresh.rglob("*.*"))
    assert {p.parent.name for p in entries} == {"datasets", "parks", "tokens"}
    assert {oct(_mode(p)) for p in folders} == {oct(0o700)}
    assert {oct(_mode(p)) for p in entries} == {oct(0o600)}


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_a_cache_folder_readable_by_others_is_closed(fresh, data_copy, umask_022):
    fresh.mkdir(mode=0o755)
    os.chmod(fresh, 0o755)  # as parklens made it before: others could read the documents
    pl.load(data_copy)
    assert _mode(fresh) == 0o700


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o770, 0o722])
def test_a_cache_folder_others_can_write_is_refused(fresh, data_copy, tmp_path, mode):
    marker = tmp_path / "RAN"
    old = _old_dataset_entry(fresh, data_copy)
    _plant(old, marker)
    _plant(old.with_suffix(".arrow"), marker)
    os.chmod(fresh, mode)
    before = sorted(p.name for p in fresh.rglob("*"))
    expected = pl.load(data_copy, cache=False)
    with pytest.warns(RuntimeWarning) as caught:
        _assert_same(pl.load(data_copy), expected)
        segment.tokens("我们推进产城融合，加快发展")
        dataset._MEMO.clear()
        _assert_same(pl.load(data_copy), expected)
    (warning,) = [w for w in caught if "cache" in str(w.message)]  # one, naming folder and fix
    message = str(warning.message)
    assert str(fresh) in message and "can be written by other users" in message
    assert f"chmod 700 {fresh}" in message and "PARKLENS_CACHE_DIR" in message
    assert warning.filename == __file__  # shown at the user's pl.load() line, not parklens'
    assert not marker.exists()
    assert sorted(p.name for p in fresh.rglob("*")) == before  # nothing written either
    assert _mode(fresh) == mode  # and its mode left as the user set it


@pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="needs root to give a folder away")
def test_a_cache_folder_of_another_user_is_refused(fresh, data_copy, tmp_path):
    marker = tmp_path / "RAN"
    old = _old_dataset_entry(fresh, data_copy)
    _plant(old, marker)
    for path in (fresh, old.parent, old):
        os.chown(path, 4321, 4321)
    expected = pl.load(data_copy, cache=False)
    with pytest.warns(RuntimeWarning, match=re.escape(f"{fresh} is owned by another user")):
        _assert_same(pl.load(data_copy), expected)
    assert not marker.exists()
    assert [p.name for p in fresh.rglob("*")] == ["datasets", old.name]


# -- what one load hands out is its own ---------------------------------------------------

@pytest.mark.parametrize("source", ["memory", "disk"])
def test_changing_list_cells_does_not_change_the_next_load(fresh, data_copy, monkeypatch,
                                                           source):
    expected = pl.load(data_copy, cache=False)
    ds = pl.load(data_copy)
    if source == "disk":
        _forget_memory(monkeypatch)
        ds = pl.load(data_copy)
    ds.parks.leading_industries.iloc[0].append("changed")
    ds.enterprises.aliases.iloc[0].append("changed")
    ds.policies.themes.iloc[0].clear()
    ds.parks.loc[0, "name_zh"] = "changed"
    ds.metrics["value"] *= 2
    ds.documents.loc[0, "text"] = "changed"
    _assert_same(pl.load(data_copy), expected)


# -- the national catalogue is part of the key (issue 10) -----------------------------------

def test_an_edited_catalogue_mapping_is_not_served_stale(fresh, data_copy, monkeypatch):
    before = pl.load(data_copy)
    food = before.catalogue_industries[before.catalogue_industries.wording == "食品"]
    assert len(food) and set(food.confidence) == {"high"}
    path = data_copy / "vocab" / "catalogue_industries.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    (at,) = [i for i, ln in enumerate(lines) if ln.startswith("食品,")]
    assert lines[at] == "食品,food,high,"
    lines[at] = "食品,food,low,"
    st = path.stat()
    path.write_text("\n".join(lines), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same time stamp
    _forget_memory(monkeypatch)  # as in a new process
    after = pl.load(data_copy)
    food = after.catalogue_industries[after.catalogue_industries.wording == "食品"]
    assert set(food.confidence) == {"low"}


def test_an_edited_catalogue_is_not_served_stale(fresh, data_copy, monkeypatch):
    pl.load(data_copy)
    path = data_copy / "catalogue" / "devzones_2018.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2010.09,920.0,", ",2010.09,930.0,", 1),
                    encoding="utf-8")
    _forget_memory(monkeypatch)
    ds = pl.load(data_copy)
    assert ds.catalogue.set_index("code").area_ha["G412117"] == 930.0


def test_a_link_to_a_zone_removed_from_the_catalogue_is_seen(fresh, data_copy, monkeypatch):
    pl.load(data_copy)
    path = data_copy / "catalogue" / "devzones_2018.csv"
    _forget_memory(monkeypatch)
    path.write_text("\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines()
                              if ",G412117," not in ln) + "\n", encoding="utf-8")
    with pytest.raises(pl.DataError, match="G412117 is not in catalogue"):
        pl.load(data_copy)


def test_the_catalogue_comes_from_the_cache(fresh, data_copy, monkeypatch):
    first = pl.load(data_copy)
    _forget_memory(monkeypatch)
    _forbid_validation(monkeypatch)
    again = pl.load(data_copy)
    pd.testing.assert_frame_equal(again.catalogue, first.catalogue)
    pd.testing.assert_frame_equal(again.catalogue_industries, first.catalogue_industries)
    assert list(again.parks.catalogue_code.fillna("")) == list(first.parks.catalogue_code.fillna(""))


# -- park by park: an edit checks again only what it touched --------------------------------

#: what ``checked_parks`` records for a check of the vocabularies
VOCAB = "<vocabularies>"


@pytest.fixture
def checked_parks(monkeypatch):
    """Every check the load asks validate for, in order: each park file checked (its name)
    and each check of the vocabularies (:data:`VOCAB`)."""
    calls: list[str] = []
    check_park, check_vocabularies = dataset._check_park, dataset._check_vocabularies

    def park(path, vocab, texts):
        calls.append(path.name)
        return check_park(path, vocab, texts)

    def vocabularies(data_dir):
        calls.append(VOCAB)
        return check_vocabularies(data_dir)

    monkeypatch.setattr(dataset, "_check_park", park)
    monkeypatch.setattr(dataset, "_check_vocabularies", vocabularies)
    return calls


PARK_FILES = {"guanzhuang.yaml", "nanyang_hitech.yaml", "puyang.yaml", "suqian_eco_chem.yaml"}


def _edit_gdp_2023(data_copy: Path) -> None:
    """The figure gz_gdp_2023 (88.7亿元 in 2023) made the other figure of its quote (76亿元,
    2020), which the reload must show."""
    path = data_copy / "parks" / "guanzhuang.yaml"
    text = path.read_text(encoding="utf-8")
    old = '  - id: gz_gdp_2023\n    indicator: gdp\n    period: "2023年"\n    stated: "88.7亿元"\n'
    assert old in text
    path.write_text(text.replace(old, old.replace("2023年", "2020年").replace("88.7", "76")),
                    encoding="utf-8")


def test_an_edit_of_one_park_checks_that_park_alone(fresh, data_copy, monkeypatch,
                                                    checked_parks):
    first = pl.load(data_copy)
    assert checked_parks == [VOCAB, *sorted(PARK_FILES)]  # the first load checks every park
    _edit_gdp_2023(data_copy)
    _forget_memory(monkeypatch)  # a new process: only the cache on disk is left
    checked_parks.clear()
    after = pl.load(data_copy)
    assert checked_parks == [VOCAB, "guanzhuang.yaml"]
    row = after.metrics[after.metrics.metric_id == "gz_gdp_2023"]
    assert row[["period", "value", "value_base"]].values.tolist() == [["2020", 76.0, 7.6e9]]
    # the other parks, from their entries, are exactly as checked
    for name in ("metrics", "sources", "documents", "industries", "enterprises", "projects",
                 "policies", "policy_parts", "parks"):
        keep_old = getattr(first, name)[getattr(first, name).park_id != "guanzhuang"]
        keep_new = getattr(after, name)[getattr(after, name).park_id != "guanzhuang"]
        pd.testing.assert_frame_equal(keep_new, keep_old, obj=name)
    uncached = pl.load(data_copy, cache=False)
    for f in fields(after):
        if isinstance(getattr(after, f.name), pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(after, f.name), getattr(uncached, f.name),
                                          obj=f.name)


def test_fixing_a_bad_park_checks_that_park_alone(fresh, data_copy, monkeypatch,
                                                  checked_parks):
    """A first load that fails on one park still keeps the other parks' entries: after the
    fix, only the park that was wrong is checked again."""
    path = data_copy / "parks" / "puyang.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("  - id: ", "  - id: [not an id]\n    x: ", 1),
                    encoding="utf-8")
    with pytest.raises(pl.DataError) as err:
        pl.load(data_copy)
    assert "puyang.yaml" in str(err.value)
    path.write_text(good, encoding="utf-8")
    _forget_memory(monkeypatch)
    checked_parks.clear()
    pl.load(data_copy)
    assert checked_parks == [VOCAB, "puyang.yaml"]


def test_park_entries_of_older_states_are_pruned(fresh, data_copy, monkeypatch,
                                                checked_parks):
    monkeypatch.setattr(dataset, "_PARK_ENTRIES_KEPT", 4)
    pl.load(data_copy)
    assert len(_park_entries(fresh)) == 4
    _edit_gdp_2023(data_copy)
    _forget_memory(monkeypatch)
    pl.load(data_copy)  # guanzhuang's new state written, its old one pruned
    assert len(_park_entries(fresh)) == 4
    for f in (fresh / "datasets").glob("*.arrow"):
        f.unlink()
    _forget_memory(monkeypatch)
    checked_parks.clear()
    pl.load(data_copy)
    assert checked_parks == [VOCAB]  # what is kept is what this dataset uses


def test_parks_from_their_entries_are_not_checked_again(fresh, data_copy, monkeypatch,
                                                      checked_parks):
    first = pl.load(data_copy)
    for f in (fresh / "datasets").glob("*.arrow"):
        f.unlink()  # the whole dataset's entry gone: each park comes from its own
    _forget_memory(monkeypatch)
    checked_parks.clear()
    again = pl.load(data_copy)
    assert checked_parks == [VOCAB]  # the vocabularies alone
    pd.testing.assert_frame_equal(again.metrics, first.metrics)


def test_an_edited_vocabulary_checks_every_park(fresh, data_copy, monkeypatch, checked_parks):
    pl.load(data_copy)
    path = data_copy / "vocab" / "units.yaml"
    text = path.read_text(encoding="utf-8")
    assert "en: CNY 100 million," in text
    path.write_text(text.replace("en: CNY 100 million,", "en: hundred million yuan,", 1),
                    encoding="utf-8")
    _forget_memory(monkeypatch)
    checked_parks.clear()
    after = pl.load(data_copy)
    assert checked_parks == [VOCAB, *sorted(PARK_FILES)]
    assert (after.metrics[after.metrics.unit == "亿元"].unit_en == "hundred million yuan").all()


def test_an_edit_is_seen_in_the_same_process(fresh, data_copy):
    """Held in memory, a dataset is still served only while its files are unchanged."""
    before = pl.load(data_copy)
    assert 8.87e9 in set(before.metrics.value_base)
    _edit_gdp_2023(data_copy)
    after = pl.load(data_copy)
    row = after.metrics[after.metrics.metric_id == "gz_gdp_2023"]
    assert row.value_base.tolist() == [7.6e9]


def _park_entries(fresh: Path) -> list[Path]:
    return sorted((fresh / "parks").glob("*.json"))


def _entry_of(fresh: Path, park_id: str) -> Path:
    import json

    return next(p for p in _park_entries(fresh)
                if json.loads(p.read_text(encoding="utf-8"))["park_id"] == park_id)


def _other_park(path: Path, fresh: Path) -> None:
    import json

    other = json.loads(_entry_of(fresh, "puyang").read_text(encoding="utf-8"))
    mine = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**other, "key": mine["key"]}), encoding="utf-8")


def _foreign_file(path: Path, fresh: Path) -> None:
    import json

    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["documents"] = {"../../../etc/passwd": "0" * 32}
    path.write_text(json.dumps(entry), encoding="utf-8")


def _ragged(path: Path, fresh: Path) -> None:
    import json

    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["tables"]["metrics"]["value"].pop()
    path.write_text(json.dumps(entry), encoding="utf-8")


def _truncated(path: Path, fresh: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def _planted_pickle(path: Path, fresh: Path) -> None:
    _plant(path, fresh / "RAN")


@pytest.mark.parametrize("damage", [_other_park, _foreign_file, _ragged, _truncated,
                                    _planted_pickle])
def test_a_hostile_park_entry_is_refused_and_the_park_checked(fresh, data_copy, monkeypatch,
                                                              checked_parks, damage):
    first = pl.load(data_copy)
    entry = _entry_of(fresh, "guanzhuang")
    damage(entry, fresh)
    for f in (fresh / "datasets").glob("*.arrow"):
        f.unlink()  # the whole dataset's entry gone: the parks' entries are read
    _forget_memory(monkeypatch)
    checked_parks.clear()
    again = pl.load(data_copy)
    assert checked_parks == [VOCAB, "guanzhuang.yaml"]
    assert not (fresh / "RAN").exists()
    for f in fields(first):
        if isinstance(getattr(first, f.name), pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(again, f.name), getattr(first, f.name),
                                          obj=f.name)


def test_an_id_given_in_two_park_files_is_found_across_cached_parks(fresh, data_copy,
                                                                     monkeypatch):
    pl.load(data_copy)
    path = data_copy / "parks" / "puyang.yaml"
    text = path.read_text(encoding="utf-8")
    first_metric = re.search(r"^  - id: (py_\w+)$", text, re.M).group(1)
    path.write_text(text.replace(f"id: {first_metric}\n", "id: gz_gdp_2023\n", 1),
                    encoding="utf-8")
    _forget_memory(monkeypatch)
    with pytest.raises(pl.DataError) as err:
        pl.load(data_copy)  # guanzhuang, from its entry, claims gz_gdp_2023 too
    assert "duplicate metric id 'gz_gdp_2023'" in str(err.value)
    assert "guanzhuang.yaml:" in str(err.value) and "puyang.yaml" in str(err.value)


def test_a_load_never_switches_the_garbage_collector_off(fresh, data_copy, monkeypatch):
    import gc

    seen = []
    original = dataset._check_park

    def watching(path, vocab, texts):
        seen.append(gc.isenabled())
        return original(path, vocab, texts)

    monkeypatch.setattr(dataset, "_check_park", watching)
    thresholds = gc.get_threshold()
    pl.load(data_copy)
    assert seen and all(seen)
    assert gc.isenabled() and gc.get_threshold() == thresholds


def test_the_vocabularies_are_checked_once_however_many_parks(fresh, tmp_path, checked_parks):
    """A first load checks the vocabularies and the catalogue once, then each park file
    once: its cost is one vocabulary check plus one check per park (it was one vocabulary
    check per 64 parks, minutes at 2,543 parks)."""
    from synthetic import make_parks

    data = make_parks(tmp_path / "many", n=150)
    ds = pl.load(data)
    assert len(ds.parks) == 150
    names = sorted(p.name for p in (data / "parks").glob("*.yaml"))
    assert checked_parks == [VOCAB, *names]


def test_the_memory_holds_a_few_datasets_not_every_one(fresh, tmp_path, data_copy):
    import shutil

    folders = []
    for i in range(dataset._MEMO_SIZE + 2):
        project = tmp_path / f"p{i}"
        shutil.copytree(data_copy.parent, project)
        folders.append(project / "data")
        pl.load(project / "data")
    assert len(dataset._MEMO) == dataset._MEMO_SIZE
    held = {d for d, _ in dataset._MEMO}
    assert held == {f.resolve() for f in folders[-dataset._MEMO_SIZE:]}
