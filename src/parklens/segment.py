"""Word segmentation with jieba and a user dictionary, so that park names, enterprise names,
policy formulas and terms such as 产城融合, 专精特新, 新质生产力, 规上工业增加值 and 安环一体化 stay
whole.

The tokenizer is a private ``jieba.Tokenizer`` (jieba's global one is left untouched). Its
dictionary is ``data/text/userdict.txt`` plus every name the dataset knows (parks,
enterprises, projects, policy formulas).

Starting jieba (loading its 350,000-word dictionary and adding ours) takes one to three
seconds, several times longer than segmenting the documents of a few parks. So the words of
each text are kept in the parklens cache (as JSON, see :mod:`parklens.cache`), keyed on the
text, the dictionary, the stopwords and the jieba version: a text segmented once is not
segmented again, and jieba is not even started when every text is known.

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


@lru_cache(maxsize=4)
def proper_names(data_dir: str | None = None) -> tuple[str, ...]:
    """The proper names of the dataset, longest first: parks (full and short), the place
    word of each park's name (官庄, from 官庄先进制造业开发区 and 官庄开发区), cities and
    provinces with and without 市/省, enterprises and their aliases, projects.

    Words inside a name (生态 in 宿迁生态化工科技产业园, 绿色 in 国家电投生物质绿色甲醇项目)
    are a name's, not the document's emphasis: theme measures and distinctive terms leave
    them out. A project named by what it is (智慧园区, 一企一管) is left out too: it is
    counted once as a project, not again as a theme.
    """
    from .dataset import load  # the names of the curated data

    ds = load(Path(data_dir) if data_dir else None)
    parks = ds.parks
    places = [p for p in list(parks.city.dropna()) + list(parks.province.dropna()) if p]
    stems = [_stem(p) for p in places]
    park_words = []
    for name, short in zip(parks.name_zh, parks.short_zh):
        if isinstance(short, str):
            park_words.append(_common_prefix(name, short))
        park_words += [s for s in stems if name.startswith(s)]
    names = list(parks.name_zh) + list(parks.short_zh.dropna()) + park_words + places + \
        stems + list(ds.enterprises.name_zh) + \
        [a for al in ds.enterprises.aliases for a in al] + list(ds.projects.name_zh)
    names = {n for n in names if isinstance(n, str) and 2 <= len(n) <= 40}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=4)
def formula_names(data_dir: str | None = None) -> tuple[str, ...]:
    """The names of the dataset's policy formulas and slogans (1+3+2工作体系, 五聚五提),
    quotation marks removed."""
    from .dataset import load

    ds = load(Path(data_dir) if data_dir else None)
    names = {re.sub(r"[“”\"]", "", n) for n in ds.policies.name}
    return tuple(sorted((n for n in names if 2 <= len(n) <= 40), key=lambda n: (-len(n), n)))


def user_terms(data_dir: Path | None = None) -> list[str]:
    """Terms kept whole: the user dictionary plus names from the dataset."""
    data_dir = Path(data_dir or default_data_dir())
    terms = []
    path = data_dir / "text" / "userdict.txt"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                terms.append(line.split()[0])
    from .dataset import load  # the names of the curated data

    ds = load(data_dir)
    names = list(ds.parks.name_zh) + list(ds.parks.short_zh.dropna()) + \
        list(ds.enterprises.name_zh) + [a for al in ds.enterprises.aliases for a in al] + \
        list(ds.projects.name_zh) + [re.sub(r"[“”\"]", "", n) for n in ds.policies.name]
    terms += [n for n in names if 2 <= len(n) <= 20]
    return list(dict.fromkeys(terms))


@lru_cache(maxsize=4)
def tokenizer(data_dir: str | None = None):
    """A jieba tokenizer with parklens's dictionary (built once per data folder)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for term in user_terms(Path(data_dir) if data_dir else None):
        tok.add_word(term, freq=10**6)
    return tok


@lru_cache(maxsize=4)
def stopwords(data_dir: str | None = None) -> frozenset[str]:
    """The stopwords: the function words of ``text/stopwords.txt`` and the generic words of
    official writing of ``vocab/stopwords.yaml`` (its groups say why each is there).

    A stopwords file that cannot be used raises ``ValueError`` naming the file and the fix.
    """
    base = Path(data_dir or default_data_dir())
    path = base / "text" / "stopwords.txt"
    words = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    out = {w.strip() for w in words if w.strip() and not w.startswith("#")}
    vocab = base / "vocab" / "stopwords.yaml"
    if vocab.is_file():
        import yaml

        try:
            doc = yaml.safe_load(vocab.read_text(encoding="utf-8"))
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


def tokens(text: str, *, drop_stopwords: bool = False, data_dir: str | None = None) -> list[str]:
    """The words of ``text`` (punctuation, numbers and white space left out)."""
    from . import cache

    key = None
    if cache.enabled():
        key = cache.file_digest(b"\0".join([_signature(data_dir).encode(),
                                             b"nostop" if not drop_stopwords else b"stop",
                                             text.encode("utf-8")]))
        words = cache.read_value("tokens", key)  # JSON: a damaged entry is only recomputed
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return words
    stop = stopwords(data_dir) if drop_stopwords else frozenset()
    words = [w for w in tokenizer(data_dir).lcut(text, HMM=True)
             if _WORD.search(w) and w not in stop]
    if key is not None:
        cache.write_value("tokens", key, words)
    return words


@lru_cache(maxsize=4)
def _signature(data_dir: str | None = None) -> str:
    """What the words of a text depend on besides the text: the dictionary, the stopwords
    and the jieba version (read without importing jieba, which is slow to import)."""
    from importlib.metadata import version

    from .cache import file_digest

    parts = ["\n".join(user_terms(Path(data_dir) if data_dir else None)),
             "\n".join(sorted(stopwords(data_dir))), version("jieba"), "HMM", "v1"]
    return file_digest("\0".join(parts).encode("utf-8"))
