"""Document text prepared for analysis, with offsets back into the original.

Cleaning removes page furniture (navigation, bylines, phone and fax numbers, addresses,
e-mail, licence and registration numbers, photo captions, page markers), drops paragraphs
that repeat word for word, rejoins sentences broken by page columns, and normalizes
full-/half-width punctuation. Every character of the cleaned text keeps the position it had in
the original, so any hit can be shown in its original sentence.

>>> c = clean("第一段,有逗号。\\n\\n联系我们\\n\\n电话:025-8799064\\n\\n第一段,有逗号。")
>>> c.text
'第一段，有逗号。'
>>> c.original_span(0, 3)
(0, 3)
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

__all__ = ["CleanText", "clean", "Corpus", "prepare", "split_sentences", "FURNITURE"]

#: Paragraphs that are page furniture, with the reason each is dropped.
FURNITURE: list[tuple[str, re.Pattern]] = [
    ("navigation", re.compile(r"^(Hi,欢迎来到|协会介绍|学会介绍|联系我们$|化工园区\s+园区动态|Baidu$|map$|"
                              r"微信二维码$|工业园区新闻$)")),
    ("phone or fax", re.compile(r"(电话|传真|会员服务部|信息部)\s*[:：]")),
    ("e-mail", re.compile(r"(邮箱\s*[:：]|[\w.-]+@[\w-]+\.[\w.]+)")),
    ("address", re.compile(r"^(地址|邮编)\s*[:：]")),
    ("licence or registration", re.compile(r"(许可证\s*[:：]\s*\S*\d|备案号|ICP备|主办单位|技术支持)")),
    ("date line", re.compile(r"^(发布日期\s*[:：].*|\d{4}年\d{1,2}月\d{1,2}日\s*星期.)$")),
    ("byline", re.compile(r"^本报记者\s")),
]
_CAPTION_AFTER = re.compile(r"本报记者.*\s图$")
_TERMINAL = "。！？!?；;：:…”」』）)"
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”」』]?")
_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！",
                               "(": "（", ")": "）"})
_FULLWIDTH_ASCII = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | \
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)} | \
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)} | {"％": "%", "．": "."}
_FW = str.maketrans(_FULLWIDTH_ASCII)
_COMMA_COLON = re.compile(r"[,:]")


def normalize_punctuation(text: str) -> str:
    """Chinese punctuation full-width (,→，  ;→；  :→：  ?→？  !→！  ()→（）) and full-width
    digits and letters half-width; one character for one, so offsets do not move. A ``:`` or
    ``,`` between digits (times, 1,200) is kept."""
    half = text.translate(_FW)
    # The whole text at once, then back to , or : where digits stand either side: a
    # character at a time took half the time of measuring themes.
    full = half.translate(_HALF_TO_FULL)
    kept = [m.start() for m in _COMMA_COLON.finditer(half, 1, len(half) - 1)
            if half[m.start() - 1].isdigit() and half[m.start() + 1].isdigit()]
    if not kept:
        return full
    out = list(full)
    for i in kept:
        out[i] = half[i]
    return "".join(out)


@dataclass
class CleanText:
    """Cleaned text plus, for each of its characters, the offset it had in the original."""

    text: str
    origin: np.ndarray
    original: str
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    dropped: list[tuple[str, int, int, str]] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) in the original text of cleaned characters ``start:end``."""
        if end <= start:
            o = int(self.origin[start]) if start < len(self.origin) else len(self.original)
            return o, o
        return int(self.origin[start]), int(self.origin[end - 1]) + 1


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _is_broken(par: str, nxt: str) -> bool:
    """A paragraph cut mid-sentence by a page column (002: "突破60亿" / "元,税收…")."""
    if len(par) < 30 or par.endswith("——") or par.startswith("——"):
        return False
    if par[-1] in _TERMINAL or not nxt:
        return False
    return bool(re.search(r"[。！？!?]", par)) or len(re.findall(r"[,，]", par)) >= 2


def clean(text: str) -> CleanText:
    """Clean one document; see the module docstring for what is removed."""
    spans = _paragraph_spans(text)
    dropped: list[tuple[str, int, int, str]] = []
    kept: list[list[tuple[int, int]]] = []  # each paragraph: its pieces of original text
    caption_zone = False
    for s, e in spans:
        par = text[s:e]
        reason = next((name for name, rx in FURNITURE if rx.search(par)), None)
        if _CAPTION_AFTER.search(par):
            caption_zone, reason = True, "byline"
        elif reason is None and caption_zone and len(par) <= 60:
            reason = "photo caption"
        if reason:
            dropped.append((reason, s, e, par))
            continue
        # a trailing page marker such as ③7
        m = re.search(r"[①②③④⑤⑥⑦⑧⑨⑩]\d*$", par)
        if m:
            dropped.append(("page marker", s + m.start(), e, m.group()))
            e = s + m.start()
        kept.append([(s, e)])
    # rejoin paragraphs cut by page columns
    joined: list[list[tuple[int, int]]] = []
    for pieces in kept:
        if joined:
            prev = "".join(text[a:b] for a, b in joined[-1])
            if _is_broken(prev, text[pieces[0][0]:pieces[0][1]]):
                joined[-1] += pieces
                continue
        joined.append(pieces)
    # drop paragraphs that repeat word for word
    seen: set[str] = set()
    # The kept text and the original offset of each of its characters, a piece at a time
    # (a character at a time took a fifth of the time of measuring themes).
    out: list[str] = []
    origin: list[Iterable[int]] = []
    n = 0
    paragraphs: list[tuple[int, int]] = []
    for pieces in joined:
        par = "".join(text[a:b] for a, b in pieces)
        key = re.sub(r"\s+", "", normalize_punctuation(par))
        if key in seen:
            dropped.append(("repeated paragraph", pieces[0][0], pieces[-1][1], par))
            continue
        seen.add(key)
        if n:
            out.append("\n")
            origin.append((pieces[0][0],))
            n += 1
        start = n
        for a, b in pieces:
            piece = text[a:b]
            if "\r" in piece or "\n" in piece:
                at = [i for i in range(a, b) if text[i] not in "\r\n"]
                piece = "".join(text[i] for i in at)
            else:
                at = range(a, b)
            out.append(piece)
            origin.append(at)
            n += len(piece)
        paragraphs.append((start, n))
    cleaned = normalize_punctuation("".join(out)).replace("**", "  ")
    offsets = np.fromiter(itertools.chain.from_iterable(origin), dtype=np.int64, count=n)
    return CleanText(cleaned, offsets, text, paragraphs, sorted(dropped, key=lambda d: d[1]))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends at 。！？； (and a closing quote after it)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    # trim white space at the edges
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append((s, e))
    return trimmed


@dataclass
class Corpus:
    """Cleaned documents with paragraph and sentence tables (offsets in both texts)."""

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    dropped: pd.DataFrame
    cleaned: dict[str, CleanText]
    #: Proper names (parks, places, enterprises, projects) whose words the theme measures
    #: and the distinctive terms leave out; see :func:`parklens.segment.proper_names`.
    names: tuple[str, ...] = ()
    #: Names of policy formulas, left out of the distinctive terms (they have a section of
    #: their own) but not of the themes: a slogan's words are the policy's language.
    formulas: tuple[str, ...] = ()
    #: The data folder whose user dictionary and stopwords segment the words (None: bundled).
    data_dir: str | None = None
    #: How the documents were prepared: ``documents``, ``distinct`` texts, ``from_cache``,
    #: ``cleaned`` (the rest) and ``seconds``.
    stats: dict = field(default_factory=dict)


#: Documents cleaned before a progress bar shows (short runs stay quiet) and its delay.
_BAR_DELAY = 2.0


def _code_version() -> str:
    """What a cached cleaning depends on besides the text: this module's code."""
    from .cache import file_digest

    return file_digest(Path(__file__).read_bytes())


@dataclass
class _Prepared:
    """One distinct text, cleaned and split: what the tables of a document are made of."""

    clean: CleanText
    sentences: list[tuple[int, int, int]]  # (paragraph, start, end) in the cleaned text

    def to_json(self) -> dict:
        o = self.clean.origin
        # The offsets as runs (cleaned start, original start, length): mostly one per piece
        # of paragraph, so an entry is about the size of the text, not five times it.
        breaks = np.flatnonzero(np.diff(o) != 1) + 1 if len(o) else np.array([], int)
        starts = np.concatenate([[0], breaks]) if len(o) else np.array([], int)
        ends = np.concatenate([breaks, [len(o)]]) if len(o) else np.array([], int)
        runs = [[int(s), int(o[s]), int(e - s)] for s, e in zip(starts, ends)]
        return {"text": self.clean.text, "origin": runs,
                "paragraphs": [list(p) for p in self.clean.paragraphs],
                "dropped": [list(d) for d in self.clean.dropped],
                "sentences": [list(x) for x in self.sentences]}

    @classmethod
    def from_json(cls, value, original: str) -> "_Prepared | None":
        """The entry back, or None if it is not one (damaged, planted): recomputed then."""
        try:
            text = value["text"]
            n = len(text)
            origin = np.zeros(n, dtype=np.int64)
            at = 0
            for s, o, length in value["origin"]:
                if s != at or length < 1 or o < 0 or o + length > len(original):
                    return None
                origin[s:s + length] = np.arange(o, o + length)
                at = s + length
            if at != n or not isinstance(text, str):
                return None
            pars = [(int(s), int(e)) for s, e in value["paragraphs"]]
            dropped = [(str(r), int(s), int(e), str(t)) for r, s, e, t in value["dropped"]]
            sents = [(int(p), int(s), int(e)) for p, s, e in value["sentences"]]
        except (KeyError, TypeError, ValueError):
            return None
        if not all(0 <= s <= e <= n for s, e in pars) or \
                not all(0 <= p < len(pars) and 0 <= s <= e <= n for p, s, e in sents):
            return None
        return cls(CleanText(text, origin, original, pars, dropped), sents)


def _prepare_one(raw: str) -> _Prepared:
    c = clean(raw)
    sents = [(p_no, ps + s, ps + e) for p_no, (ps, pe) in enumerate(c.paragraphs)
             for s, e in split_sentences(c.text[ps:pe])]
    return _Prepared(c, sents)


def _prepared_texts(texts: list[str], *, progress: bool,
                    use_cache: bool | None) -> tuple[dict[str, _Prepared], dict]:
    """Each distinct text of ``texts`` cleaned and split: from the parklens cache where it
    was seen before (keyed on the text and this module's code), else computed and kept.
    The cost is linear in the distinct text: a document cited by many parks is cleaned once."""
    import time

    # tqdm's text bar, not tqdm.auto's: in a notebook kernel without ipywidgets that one
    # warns into the cell's output, so into every report of notebook 03.
    from tqdm import tqdm

    from . import cache

    start = time.perf_counter()
    distinct = list(dict.fromkeys(texts))
    out: dict[str, _Prepared] = {}
    use_cache = cache.enabled(use_cache)
    version = _code_version().encode() if use_cache else b""
    from_cache = 0
    with tqdm(total=len(distinct), desc="parklens: preparing documents", unit="doc",
              disable=not progress, delay=_BAR_DELAY, leave=False, file=sys.stderr) as bar:
        for raw in distinct:
            key = cache.file_digest(version + b"\0" + raw.encode("utf-8")) if use_cache else None
            got = None
            if key is not None:
                value = cache.read_value("corpus", key)
                got = _Prepared.from_json(value, raw) if isinstance(value, dict) else None
            if got is None:
                got = _prepare_one(raw)
                if key is not None:
                    cache.write_value("corpus", key, got.to_json())
            else:
                from_cache += 1
            out[raw] = got
            bar.update(1)
    if use_cache and len(distinct) > from_cache:
        cache.prune("corpus", MAX_CORPUS_ENTRIES)
    stats = {"documents": len(texts), "distinct": len(distinct), "from_cache": from_cache,
             "cleaned": len(distinct) - from_cache,
             "seconds": round(time.perf_counter() - start, 3)}
    return out, stats


#: Prepared documents kept in the parklens cache; beyond this the oldest go.
MAX_CORPUS_ENTRIES = 50_000


def prepare(documents: pd.DataFrame, *, names=(), formulas=(), data_dir=None,
            progress: bool = True, cache: bool | None = None) -> Corpus:
    """Clean every document of a ``documents`` table (``source_id``, ``park_id``, ``text``,
    as in :attr:`parklens.Dataset.documents`) and split it into paragraphs and sentences.
    ``names`` and ``formulas`` (e.g. :func:`parklens.segment.proper_names` and
    :func:`~parklens.segment.formula_names` of the dataset) and ``data_dir`` (whose user
    dictionary and stopwords segment the words) travel with the corpus, so the measures of
    :mod:`parklens.themes` leave the names out.

    Each distinct text is cleaned once and kept in the parklens cache (JSON, keyed on the
    text and the cleaning code), so a second run reads it back instead; a first run of more
    than a few seconds shows a progress bar (``progress=False``: none). ``cache=False`` (or
    ``PARKLENS_CACHE=0``) neither reads nor writes entries. ``stats`` says how many
    documents came from the cache.

    >>> corpus = prepare(ds.documents)
    >>> corpus.dropped.query("source_id == 's003'").reason.value_counts()["repeated paragraph"]
    np.int64(2)
    """
    sources = documents.source_id.tolist()
    parks = documents.park_id.tolist()
    texts = documents.text.tolist()
    prepared, stats = _prepared_texts(texts, progress=progress, use_cache=cache)
    cleaned = {}
    docs = {k: [] for k in ("source_id", "park_id", "clean", "n_chars", "n_original_chars",
                            "n_paragraphs", "n_dropped")}
    span = ["text", "start", "end", "orig_start", "orig_end"]
    pars = {k: [] for k in ("source_id", "park_id", "paragraph", *span)}
    sents = {k: [] for k in ("source_id", "park_id", "paragraph", "sentence", *span)}
    drops = {k: [] for k in ("source_id", "park_id", "reason", "orig_start", "orig_end",
                             "text")}
    rows = {}  # the rows of each distinct text, built once and repeated for its documents
    for sid, pid, raw in zip(sources, parks, texts):
        p = prepared[raw]
        c = p.clean
        cleaned[sid] = c
        if raw not in rows:
            rows[raw] = _rows(p)
        doc, par, sen, drop = rows[raw]
        for table, cols in ((pars, par), (sents, sen), (drops, drop)):
            n = len(next(iter(cols.values())))
            table["source_id"] += [sid] * n
            table["park_id"] += [pid] * n
            for k, v in cols.items():
                table[k] += v
        for k, v in (("source_id", sid), ("park_id", pid), *doc.items()):
            docs[k].append(v)
    return Corpus(pd.DataFrame(docs), pd.DataFrame(pars), pd.DataFrame(sents),
                  pd.DataFrame(drops), cleaned, names=tuple(names), formulas=tuple(formulas),
                  data_dir=None if data_dir is None else str(data_dir), stats=stats)


def _rows(p: _Prepared) -> tuple[dict, dict, dict, dict]:
    """The document, paragraph, sentence and dropped rows of one prepared text (columns as
    lists, without source and park, which each document citing the text adds)."""
    c = p.clean
    doc = {"clean": c.text, "n_chars": len(re.sub(r"\s+", "", c.text)),
           "n_original_chars": len(re.sub(r"\s+", "", c.original)),
           "n_paragraphs": len(c.paragraphs), "n_dropped": len(c.dropped)}
    par = {k: [] for k in ("paragraph", "text", "start", "end", "orig_start", "orig_end")}
    for p_no, (ps, pe) in enumerate(c.paragraphs):
        os_, oe = c.original_span(ps, pe)
        for k, v in zip(par, (p_no, c.text[ps:pe], ps, pe, os_, oe)):
            par[k].append(v)
    sen = {k: [] for k in ("paragraph", "sentence", "text", "start", "end", "orig_start",
                           "orig_end")}
    for no, (p_no, s, e) in enumerate(p.sentences):
        os_, oe = c.original_span(s, e)
        for k, v in zip(sen, (p_no, no, c.text[s:e], s, e, os_, oe)):
            sen[k].append(v)
    drop = {"reason": [d[0] for d in c.dropped], "orig_start": [d[1] for d in c.dropped],
            "orig_end": [d[2] for d in c.dropped], "text": [d[3] for d in c.dropped]}
    return doc, par, sen, drop
