"""Word segmentation with jieba and a user dictionary, so that park names, enterprise names,
policy formulas and terms such as 产城融合, 专精特新, 新质生产力, 规上工业增加值 and 安环一体化 stay
whole.

The tokenizer is a private ``jieba.Tokenizer`` (jieba's global one is left untouched). Its
dictionary is ``text/userdict.txt`` of the data folder plus the names the caller gives (the
dataset's parks, places, enterprises, projects and policy formulas: :func:`proper_names` and
:func:`formula_names` of a loaded dataset). Segmenting never loads the dataset itself, and
every cache here is keyed on content (the dictionary's terms, the stopwords' bytes), not on
a folder's path, so an edit of the data shows at the next call.

Starting jieba (loading its 350,000-word dictionary and adding ours) takes one to three
seconds, several times longer than segmenting the documents of a few parks. So the words of
each text are kept in the parklens cache (as JSON, see :mod:`parklens.cache`), keyed on the
text, the dictionary, the stopwords and the jieba version: a text segmented once is not
segmented again, and jieba is not even started when every text is known. At most
:data:`MAX_TOKEN_ENTRIES` such entries are kept; the oldest go first.

>>> "规上工业增加值" in tokens("规上工业增加值增长11.2%")
True
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from .paths import default_data_dir

__all__ = ["tokenizer", "tokens", "stopwords", "user_terms", "proper_names", "formula_names"]

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _stem(place: str) -> str:
    """A place without its administrative suffix: 南阳市 → 南阳, 河南省 → 河南."""
    return re.sub(r"(省|市|自治区|特别行政区|县|区)$", "", place)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def proper_names(ds=None) -> tuple[str, ...]:
    """The proper names of the dataset ``ds`` (a :class:`parklens.Dataset`, as the caller
    loaded it; a data folder or None, the bundled data, is loaded), longest first: parks (full and short), the place word of each park's name
    (官庄, from 官庄先进制造业开发区 and 官庄开发区), cities and provinces with and without
    市/省, enterprises and their aliases, projects.

    Words inside a name (生态 in 宿迁生态化工科技产业园, 绿色 in 国家电投生物质绿色甲醇项目)
    are a name's, not the document's emphasis: theme measures and distinctive terms leave
    them out. A project named by what it is (智慧园区, 一企一管) is left out too: it is
    counted once as a project, not again as a theme.

    Computed from ``ds`` at each call (milliseconds at national scale), so nothing here can
    outlive an edit of the data.
    """
    ds = _dataset(ds)
    parks = ds.parks
    places = [p for p in list(parks.city.dropna()) + list(parks.province.dropna()) if p]
    stems = {_stem(p) for p in places}
    # columns as lists at once: iterating a pyarrow-backed column goes value by value
    park_names, shorts = parks.name_zh.tolist(), parks.short_zh.tolist()
    # The place word of a park is the prefix its full and short names share. The stems a
    # park's name starts with (南阳 of 南阳高新技术产业开发区) need no search: every stem is a
    # name already. Trying each stem on each park name added nothing and cost parks × places.
    park_words = [_common_prefix(name, short) for name, short in zip(park_names, shorts)
                  if isinstance(short, str)]
    names = park_names + shorts + park_words + places + list(stems) + \
        ds.enterprises.name_zh.tolist() + \
        [a for al in ds.enterprises.aliases for a in al] + ds.projects.name_zh.tolist()
    return _longest_first(names)


def formula_names(ds=None) -> tuple[str, ...]:
    """The names of the policy formulas and slogans of the dataset ``ds`` (as for
    :func:`proper_names`: 1+3+2工作体系, 五聚五提), quotation marks removed, longest first."""
    return _longest_first(re.sub(r"[“”\"]", "", n) for n in _dataset(ds).policies.name)


def _dataset(ds):
    """``ds`` itself, or the dataset of the folder it names (None: the bundled data)."""
    if ds is None or isinstance(ds, (str, Path)):
        from .dataset import load  # only where the caller has not loaded it

        return load(ds)
    return ds


def _longest_first(names) -> tuple[str, ...]:
    kept = {n for n in names if isinstance(n, str) and 2 <= len(n) <= 40}
    return tuple(sorted(kept, key=lambda n: (-len(n), n)))


def _read(path: Path) -> bytes:
    """The bytes of a vocabulary file, or none where it is missing: the caches below are
    keyed on these bytes, never on the path, so an edit shows at the next call."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def user_terms(data_dir: str | Path | None = None, names=()) -> tuple[str, ...]:
    """Terms kept whole: the user dictionary ``text/userdict.txt`` of ``data_dir`` (None:
    the bundled data) and the ``names`` the caller gives (e.g. :func:`proper_names` and
    :func:`formula_names` of its dataset; those of 2 to 20 characters)."""
    base = Path(data_dir or default_data_dir())
    return _terms(_read(base / "text" / "userdict.txt"), tuple(names))


@lru_cache(maxsize=8)
def _terms(userdict: bytes, names: tuple) -> tuple[str, ...]:
    lines = userdict.decode("utf-8").splitlines()
    terms = [ln.split()[0] for ln in lines if ln.strip() and not ln.startswith("#")]
    terms += [n for n in names if isinstance(n, str) and 2 <= len(n) <= 20]
    return tuple(dict.fromkeys(terms))


@lru_cache(maxsize=4)
def tokenizer(terms: tuple[str, ...] | None = None):
    """A jieba tokenizer that keeps ``terms`` whole (None: the bundled user dictionary),
    built once per set of terms: the key is the terms themselves, not where they came from."""
    import jieba

    if terms is None:
        terms = user_terms()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for term in terms:
        tok.add_word(term, freq=10**6)
    return tok


def stopwords(data_dir: str | Path | None = None) -> frozenset[str]:
    """The stopwords: the function words of ``text/stopwords.txt`` and the generic words of
    official writing of ``vocab/stopwords.yaml`` (its groups say why each is there), of
    ``data_dir`` (None: the bundled data). Read at each call and parsed once per content.

    A stopwords file that cannot be used raises ``ValueError`` naming the file and the fix.
    """
    base = Path(data_dir or default_data_dir())
    vocab = base / "vocab" / "stopwords.yaml"
    return _parse_stopwords(_read(base / "text" / "stopwords.txt"), _read(vocab), str(vocab))


@lru_cache(maxsize=8)
def _parse_stopwords(txt: bytes, yaml_raw: bytes, vocab: str) -> frozenset[str]:
    words = txt.decode("utf-8").splitlines()
    out = {w.strip() for w in words if w.strip() and not w.startswith("#")}
    if yaml_raw:
        import yaml

        try:
            doc = yaml.safe_load(yaml_raw.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            raise ValueError(f"{vocab}: not readable YAML ({e}); fix the file or remove it")
        groups = doc.get("groups") if isinstance(doc, dict) else None
        if not isinstance(groups, dict) or not all(
                isinstance(g, dict) and isinstance(g.get("words"), list) and
                all(isinstance(w, str) for w in g["words"]) for g in groups.values()):
            raise ValueError(f"{vocab}: expected groups: {{name: {{why: ..., words: [...]}}}} "
                             "with words as text; fix the file as data/vocab/stopwords.yaml")
        out |= {w.strip() for g in groups.values() for w in g["words"] if w.strip()}
    return frozenset(out)


#: Token entries kept on disk; beyond this the least recently written go (see cache.prune).
MAX_TOKEN_ENTRIES = 50_000
_PRUNE_EVERY = 1_000  # writes between two prunings: counting the folder is not free
_writes = 0


def tokens(text: str, *, drop_stopwords: bool = False, data_dir: str | Path | None = None,
           names=()) -> list[str]:
    """The words of ``text`` (punctuation, numbers and white space left out), segmented with
    the user dictionary of ``data_dir`` (None: the bundled data) and the ``names`` given
    (see :func:`user_terms`); with ``drop_stopwords``, without the stopwords of ``data_dir``.
    Nothing here loads the dataset: its names come from the caller."""
    from . import cache

    terms = user_terms(data_dir, names)
    stop = stopwords(data_dir) if drop_stopwords else frozenset()
    key = None
    if cache.enabled():
        key = cache.file_digest(b"\0".join([_signature(terms, stop).encode(),
                                             b"nostop" if not drop_stopwords else b"stop",
                                             text.encode("utf-8")]))
        words = cache.read_value("tokens", key)  # JSON: a damaged entry is only recomputed
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return words
    words = [w for w in tokenizer(terms).lcut(text, HMM=True)
             if _WORD.search(w) and w not in stop]
    if key is not None:
        cache.write_value("tokens", key, words)
        _count_write(cache)
    return words


def _count_write(cache) -> None:
    global _writes
    if _writes % _PRUNE_EVERY == 0:  # the first write of a process, then every 1,000th
        cache.prune("tokens", MAX_TOKEN_ENTRIES)
    _writes += 1


@lru_cache(maxsize=8)
def _signature(terms: tuple[str, ...] | None = None, stop: frozenset[str] = frozenset()) -> str:
    """What the words of a text depend on besides the text: the dictionary's terms (None:
    the bundled user dictionary), the stopwords and the jieba version (read without
    importing jieba, which is slow to import). Keyed on that content itself."""
    from importlib.metadata import version

    from .cache import file_digest

    if terms is None:
        terms = user_terms()

    parts = ["\n".join(terms), "\n".join(sorted(stop)), version("jieba"), "HMM", "v2"]
    return file_digest("\0".join(parts).encode("utf-8"))
