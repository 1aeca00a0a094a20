"""Hostile and clumsy data through the loader: whatever a park or vocabulary file holds
(random YAML structures, a real park file with a field dropped, retyped or made huge or odd,
random bytes with invalid UTF-8, byte-order marks and NULs), ``parklens.validate.check``
returns problems that each name a file and a line, and ``pl.load`` raises nothing but
``pl.DataError``. The located cases one by one are in test_validate.py and test_dataset.py."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import parklens as pl
from parklens.validate import check

ROOT = Path(__file__).resolve().parents[1]
PARK_ID = "nanyang_hitech"
VOCABS = ("indicators", "units", "industries", "themes", "terms", "policy_tools")

# A few examples of each kind keep the file under half a minute on a shared machine; each
# runs the full check (and a load), about 0.1-0.3 s.
# The same examples in every run, so a landing never depends on a draw. To search further by
# hand: PARKLENS_FUZZ=400 python -m pytest tests/test_hostile.py (400 random examples each).
_SEARCH = int(os.environ.get("PARKLENS_FUZZ", "0"))
FUZZ = settings(max_examples=_SEARCH or 40, deadline=None, database=None,
                derandomize=not _SEARCH,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])


@functools.cache
def _small_park() -> dict:
    """The real park file of nanyang_hitech cut to a few records of each list (only
    records that refer to nothing that was cut), so one check takes a fraction of a second."""
    park = yaml.safe_load((ROOT / "data" / "parks" / f"{PARK_ID}.yaml").read_text("utf-8"))
    park["metrics"] = [m for m in park["metrics"] if m.get("subject") in (None, PARK_ID)][:12]
    for section in ("industries", "enterprises", "policies"):
        park[section] = park[section][:3]
    park["projects"] = [p for p in park["projects"] if "enterprise" not in p][:2]
    return park


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A dataset folder with the small park and the real vocabularies and seeds; every
    example writes its file into it and puts the original back."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data" / "vocab", root / "data" / "vocab")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "data" / "parks").mkdir()
    write_yaml(root / "data" / "parks" / f"{PARK_ID}.yaml", copy.deepcopy(_small_park()))
    _, problems = check(root / "data")
    assert problems == [], "\n".join(map(str, problems))  # the base itself is sound
    return root / "data"


def write_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@contextlib.contextmanager
def replaced(path: Path, content: bytes):
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield
    finally:
        path.write_bytes(original)


def assert_only_located_problems(data_dir: Path) -> None:
    _, problems = check(data_dir)
    for p in problems:
        assert p.file and isinstance(p.line, int) and p.line >= 1, str(p)
        assert p.message and p.fix, str(p)
        assert len(str(p)) < 2000, "a problem is one readable line, whatever the data holds"
    try:
        pl.load(data_dir, cache=False)
    except pl.DataError as e:
        assert problems, "load refuses only what check reports"
        assert [str(p) for p in e.problems] == [str(p) for p in problems]
    else:
        assert not problems, "a dataset with problems must not load"


# --- strategies ---------------------------------------------------------------------------

odd_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "\u3000", "\t", "\x85", "\u202e", "\ufeff", "0", "-5家",
                     "10000%", "第0位", "2020-13-45", "../../etc/passwd", "/proc/self/environ",
                     "~", "null", "*a", "&a", "!!python/object:os.system", "{", "[", "'",
                     "%", "亿元", "近二十年", "1" * 400 + "家"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.dates(min_value=dt.date(1, 1, 1)), odd_text)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(odd_text, st.integers()), inner,
                                            max_size=4)),
    max_leaves=25)


def dump(data) -> bytes:
    try:
        return yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, UnicodeEncodeError):  # a value YAML cannot represent
        assume(False)
        raise


def _paths(data, loc=()):
    yield loc
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, loc + (i,))


@st.composite
def mutated_park(draw) -> bytes:
    """The small park with one to three edits at random places: a field dropped, a value
    replaced by another type, a string made huge or odd."""
    park = copy.deepcopy(_small_park())
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(park) if p]
        loc = draw(st.sampled_from(paths))
        parent = park
        for part in loc[:-1]:
            parent = parent[part]
        key, old = loc[-1], parent[loc[-1]]
        edit = draw(st.sampled_from(["drop", "retype", "huge", "odd"]))
        if edit == "drop":
            del parent[key]
        elif edit == "retype":
            parent[key] = draw(yaml_values)
        elif edit == "huge":
            # a long value, bounded (a whole list repeated 10,000 times is 50 MB of YAML,
            # minutes to write and read, and tests nothing a 400,000-character string does not)
            parent[key] = (str(old)[:40] or "x") * draw(st.sampled_from([100, 10_000]))
        else:
            parent[key] = str(old) + draw(odd_text)
    return dump(park)


def _real_park_bytes() -> bytes:
    return (ROOT / "data" / "parks" / f"{PARK_ID}.yaml").read_bytes()


@st.composite
def hostile_bytes(draw) -> bytes:
    """Random bytes, or the real park file with bytes flipped, cut or inserted, with
    byte-order marks, NULs and invalid UTF-8 among them."""
    specials = st.sampled_from([b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80",
                                b"\r", b"\t", b"\xe3\x80\x80", b": ", b"- ", b"&a ", b"*a"])
    if draw(st.booleans()):
        return draw(st.one_of(st.binary(max_size=200), specials)) + draw(st.binary(max_size=200))
    data = bytearray(_real_park_bytes()[: draw(st.integers(0, 6000))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        data[at:at + draw(st.integers(0, 3))] = draw(st.one_of(specials, st.binary(max_size=4)))
    return bytes(data)


# --- the properties -----------------------------------------------------------------------

@FUZZ
@given(content=yaml_values)
def test_any_yaml_structure_as_a_park_file(dataset, content):
    with replaced(dataset / "parks" / f"{PARK_ID}.yaml", dump(content)):
        assert_only_located_problems(dataset)


@FUZZ
@given(name=st.sampled_from(VOCABS), content=yaml_values)
def test_any_yaml_structure_as_a_vocabulary(dataset, name, content):
    with replaced(dataset / "vocab" / f"{name}.yaml", dump(content)):
        assert_only_located_problems(dataset)


@FUZZ
@given(content=mutated_park())
def test_a_real_park_file_mutated(dataset, content):
    with replaced(dataset / "parks" / f"{PARK_ID}.yaml", content):
        assert_only_located_problems(dataset)


@FUZZ
@given(name=st.sampled_from([f"parks/{PARK_ID}.yaml"] + [f"vocab/{v}.yaml" for v in VOCABS]),
       content=hostile_bytes())
def test_random_bytes_as_a_data_file(dataset, name, content):
    with replaced(dataset / name, content):
        assert_only_located_problems(dataset)
