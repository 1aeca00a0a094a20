"""What the parks' own words emphasise: policy themes, policy tools, top terms.

Themes and tools are keyword lexicons (``data/vocab/themes.yaml``,
``data/vocab/policy_tools.yaml``; another lexicon of the same shape can be passed). Measures
work on the sentence table of :func:`parklens.text.prepare`, so every hit keeps its offsets
in the cleaned and the original text.

>>> corpus = pl.text.prepare(ds.documents)
>>> hits = theme_hits(corpus.sentences)
>>> sorted(set(hits.theme))[:2]
['business_environment', 'digital_smart']
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import messages
from .markup import MarkdownText, join
from .paths import default_data_dir

__all__ = ["load_lexicon", "theme_hits", "intensity", "cooccurrence", "tool_hits",
           "theme_tool_crosstab", "top_terms", "tfidf", "kwic", "strongest_theme", "describe",
           "intensity_matrix", "kwic_strongest", "tool_mix", "tool_mix_matrix", "labelled",
           "for_display"]


def load_lexicon(path: str | Path | None = None, kind: str = "themes",
                 data_dir: str | Path | None = None) -> dict[str, dict]:
    """A lexicon ``{id: {zh, en, keywords}}``: the themes (``kind="themes"``) or policy
    tools (``kind="policy_tools"``) of the data folder ``data_dir`` (None: the bundled
    data), or a YAML file of the same shape.

    >>> load_lexicon()["green_low_carbon"]["en"]
    'green and low-carbon'
    """
    path = Path(path) if path else Path(data_dir or default_data_dir()) / "vocab" / f"{kind}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ValueError(f"cannot read lexicon {path}: {e}") from None
    if not isinstance(data, dict) or not all(
            isinstance(v, dict) and v.get("keywords") for v in data.values()):
        raise ValueError(f"{path}: a lexicon maps ids to {{zh, en, keywords: [...]}}; "
                         "every entry needs keywords")
    return data


class _NameMatcher:
    """Where the names lie in a text, as one regex alternation of them, longest first, finds
    them (the leftmost name, the longest of those starting there, then on after it), but in
    time linear in the text: an Aho-Corasick automaton (pyahocorasick) reports every
    occurrence, and the leftmost-longest ones are kept. The alternation cost names ×
    characters: minutes at national scale (2,778 names). ``iter_long`` of pyahocorasick is
    not used: it has missed matches (its issues 133, 185, 189)."""

    def __init__(self, names):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for name in {n for n in names if n}:
            self.automaton.add_word(name, len(name))
        self.automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each name in ``text``, left to right, none overlapping."""
        longest: dict[int, int] = {}
        for end, length in self.automaton.iter(text):
            start = end + 1 - length
            if length > longest.get(start, 0):
                longest[start] = length
        out, free = [], 0
        for start in sorted(longest):
            if start >= free:
                free = start + longest[start]
                out.append((start, free))
        return out

    def masked(self, text: str) -> str:
        """``text`` with every name blanked out character for character (offsets
        unchanged), so no keyword is found inside a name."""
        spans = self.spans(text)
        if not spans:
            return text
        parts, at = [], 0
        for s, e in spans:
            parts += [text[at:s], "\0" * (e - s)]
            at = e
        parts.append(text[at:])
        return "".join(parts)


def _names_matcher(names) -> _NameMatcher | None:
    names = [n for n in names if n]
    return _NameMatcher(names) if names else None


def _masked(text: str, matcher: _NameMatcher | None) -> str:
    """``text`` with every name of ``matcher`` blanked out (offsets unchanged)."""
    return text if matcher is None else matcher.masked(text)


def _hits(sentences: pd.DataFrame, lexicon: dict[str, dict], col: str,
          names=()) -> pd.DataFrame:
    columns = ["source_id", "park_id", "sentence", col, "keyword", "start", "end"]
    matcher = _names_matcher(names)
    # Each distinct sentence text is masked and searched once: documents cited by many
    # parks repeat their sentences (6,381 documents of 5 texts at national scale).
    codes, distinct = pd.factorize(sentences.text, use_na_sentinel=False)
    masked = [_masked(t, matcher) for t in distinct]
    patterns = [(key, re.compile("|".join(map(re.escape, sorted(
        spec["keywords"], key=len, reverse=True))))) for key, spec in lexicon.items()]
    # per theme, the hits of each distinct text: (text code, keyword, start, end)
    found = {k: [] for k in ("theme", "code", "keyword", "start", "end")}
    for t_no, (key, rx) in enumerate(patterns):
        for code, text in enumerate(masked):
            for m in rx.finditer(text):
                found["theme"].append(t_no)
                found["code"].append(code)
                found["keyword"].append(m.group())
                found["start"].append(m.start())
                found["end"].append(m.end())
    if not found["theme"]:
        return pd.DataFrame(columns=columns)
    per_text = pd.DataFrame(found)
    rows = pd.DataFrame({"code": codes, "row": range(len(codes))})
    # every sentence with the hits of its text, in the order the per-sentence loop gave:
    # theme (lexicon order), then sentence (table order), then position in the sentence
    both = rows.merge(per_text.reset_index(names="k"), on="code").sort_values(
        ["theme", "row", "k"], kind="stable")
    at = both.row.to_numpy()

    def taken(column: str) -> pd.Series:  # the sentences' column, one value per hit
        return sentences[column].iloc[at].reset_index(drop=True)

    start = taken("start")
    keys = list(lexicon)
    return pd.DataFrame({
        "source_id": taken("source_id"), "park_id": taken("park_id"),
        "sentence": taken("sentence"), col: [keys[t] for t in both.theme],
        "keyword": both.keyword.reset_index(drop=True),
        "start": start + both.start.to_numpy(), "end": start + both.end.to_numpy()},
        columns=columns)


def theme_hits(sentences: pd.DataFrame, lexicon: dict | None = None,
               names=()) -> pd.DataFrame:
    """One row per keyword hit: document, sentence, theme, keyword and cleaned offsets.
    A keyword inside one of ``names`` (生态 in 宿迁生态化工科技产业园) is no hit.

    >>> s = pd.DataFrame({"source_id": ["d"], "park_id": ["p"], "sentence": [0], "start": [0],
    ...                   "text": ["宿迁生态化工科技产业园推进生态修复"]})
    >>> lex = {"eco": {"zh": "生态", "en": "ecology", "keywords": ["生态"]}}
    >>> len(theme_hits(s, lex)), len(theme_hits(s, lex, names=["宿迁生态化工科技产业园"]))
    (2, 1)
    """
    return _hits(sentences, lexicon or load_lexicon(), "theme", names)


def tool_hits(sentences: pd.DataFrame, tools: dict | None = None, names=()) -> pd.DataFrame:
    """One row per policy-tool keyword hit (supply / environment / demand), none inside
    one of ``names``."""
    return _hits(sentences, tools or load_lexicon(kind="policy_tools"), "tool", names)


def intensity(corpus, lexicon: dict | None = None, by: str = "park_id") -> pd.DataFrame:
    """Theme intensity per document (``by="source_id"``) or park: hits per 1,000 characters
    of cleaned text, and the share (%) of sentences touching the theme.

    >>> t = intensity(pl.text.prepare(ds.documents))
    >>> sorted(t.columns)
    ['hits', 'hits_per_1000_chars', 'park_id', 'sentence_share_pct', 'sentences', 'theme']
    """
    lexicon = lexicon or load_lexicon()
    hits = theme_hits(corpus.sentences, lexicon, getattr(corpus, "names", ()))
    chars = corpus.documents.groupby(by).n_chars.sum()
    n_sent = corpus.sentences.groupby(by).size()
    # Every unit × theme, counted by group: a filter per unit and theme took time quadratic
    # in the number of documents.
    grid = pd.MultiIndex.from_product([chars.index, list(lexicon)], names=[by, "theme"])
    n_hits = hits.groupby([by, "theme"]).size().reindex(grid, fill_value=0)
    touched = hits.drop_duplicates(list(dict.fromkeys([by, "theme", "source_id", "sentence"])))
    n_touched = touched.groupby([by, "theme"]).size().reindex(grid, fill_value=0)
    # an empty document has no rate (NaN), not a division warning
    per_char = chars.where(chars != 0).reindex(grid.get_level_values(by)).to_numpy()
    out = pd.DataFrame({by: grid.get_level_values(by), "theme": grid.get_level_values("theme"),
                        "hits": n_hits.to_numpy(),
                        "hits_per_1000_chars": n_hits.to_numpy() / per_char * 1000,
                        "sentences": n_touched.to_numpy()})
    out["sentence_share_pct"] = out.sentences / out[by].map(n_sent) * 100
    return out


def cooccurrence(hits: pd.DataFrame) -> pd.DataFrame:
    """Theme × theme: the number of sentences in which both themes occur (diagonal: the
    sentences touching the theme)."""
    per_sentence = hits.drop_duplicates(["source_id", "sentence", "theme"])
    pairs = per_sentence.merge(per_sentence, on=["source_id", "sentence"])
    return pd.crosstab(pairs.theme_x, pairs.theme_y).rename_axis(index=None, columns=None)


def theme_tool_crosstab(sentences: pd.DataFrame, lexicon: dict | None = None,
                        tools: dict | None = None, names=()) -> pd.DataFrame:
    """Theme × policy tool: sentences where a theme and a tool occur together (keywords
    inside ``names`` not counted)."""
    th = theme_hits(sentences, lexicon, names).drop_duplicates(
        ["source_id", "sentence", "theme"])
    to = tool_hits(sentences, tools, names).drop_duplicates(["source_id", "sentence", "tool"])
    both = th.merge(to, on=["source_id", "sentence"])
    return pd.crosstab(both.theme, both.tool).rename_axis(index=None, columns=None)


def top_terms(corpus, by: str = "park_id", n: int = 10) -> pd.DataFrame:
    """The ``n`` terms with the highest TF-IDF in each park (or document), words segmented
    with the parklens dictionary, without stopwords (function words and the generic words of
    official writing, ``vocab/stopwords.yaml``) and without the names that travel with the
    corpus (parks, places, enterprises, projects, formulas): what a park's documents talk
    about, not what they are called.

    >>> t = top_terms(pl.text.prepare(ds.documents), n=3)
    >>> t.groupby("park_id").size().tolist()
    [3, 3, 3, 3]
    """
    from collections import Counter

    from .segment import tokens

    excluded = set(getattr(corpus, "names", ())) | set(getattr(corpus, "formulas", ()))
    # The corpus's names also keep them whole in segmenting; its data folder gives the user
    # dictionary and stopwords.
    keep_whole = tuple(getattr(corpus, "names", ())) + tuple(getattr(corpus, "formulas", ()))
    data_dir = getattr(corpus, "data_dir", None)
    documents = corpus.documents[corpus.documents[by].notna()]
    # A park's words are those of its documents one after the other: jieba cuts a text at
    # every line break, so segmenting the documents joined by "\n" gives the same words.
    # Each distinct text is segmented and counted once: a park at a time read and counted
    # the words of 6,381 documents of 5 texts at national scale.
    codes, texts = pd.factorize(documents.clean, use_na_sentinel=False)
    # single characters (乘, 类, 蜡) say little on their own in a ranking of terms
    counted = [Counter(w for w in tokens(t, drop_stopwords=True, names=keep_whole,
                                         data_dir=data_dir)
                       if len(w) > 1 and w not in excluded) for t in texts]
    of_unit: dict = {}
    for unit, code in zip(documents[by].tolist(), codes):
        of_unit.setdefault(unit, []).append(code)
    units = sorted(of_unit)  # as groupby orders its groups
    # Units citing the same texts in the same order have the same counts, weights and
    # ranking: each such sequence is counted, weighed and ranked once (2,543 parks of 5
    # texts at national scale), each unit counting once in the document frequencies.
    sequences = [tuple(of_unit[u]) for u in units]
    repeats = Counter(sequences)
    distinct = list(repeats)
    per_sequence = []
    for first, *rest in distinct:
        c = Counter(counted[first])
        for code in rest:  # terms new to the unit in the order they come: as one text gave
            c.update(counted[code])
        per_sequence.append(c)
    weights = _tfidf_of_counts(per_sequence, [repeats[q] for q in distinct])
    ranked = {q: sorted(row.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
              for q, row in zip(distinct, weights)}
    rows = []
    for unit, q in zip(units, sequences):
        rows += [{by: unit, "rank": rank, "term": term, "tfidf": w}
                 for rank, (term, w) in enumerate(ranked[q], start=1) if w > 0]
    return pd.DataFrame(rows, columns=[by, "rank", "term", "tfidf"])


def tfidf(documents: list[list[str]]) -> list[dict[str, float]]:
    """TF-IDF weights of each document's terms, as scikit-learn's ``TfidfVectorizer(
    sublinear_tf=True)`` computes them (tf = 1 + ln count, idf = ln((1 + n) / (1 + df)) + 1,
    each document scaled to unit length); the tests check the two agree.

    Written out because importing scikit-learn (and the scipy.stats it pulls in) took 2.2 s
    of every run of the themes notebook, more than the analysis itself.

    >>> w = tfidf([["园区", "园区", "化工"], ["园区"]])
    >>> round(w[0]["化工"], 4), round(w[1]["园区"], 4)
    (0.6387, 1.0)
    """
    from collections import Counter

    return _tfidf_of_counts([Counter(doc) for doc in documents])


def _tfidf_of_counts(counts: list, repeats: list[int] | None = None) -> list[dict[str, float]]:
    """:func:`tfidf` of documents given as term counts (a Counter each), each standing for
    ``repeats`` documents of the same words (one each where None): those count as many
    times in the document frequencies, and their weights are computed once."""
    from collections import Counter

    repeats = [1] * len(counts) if repeats is None else repeats
    df = Counter()
    for c, r in zip(counts, repeats):
        for term in c:
            df[term] += r
    n = sum(repeats)
    idf = {term: math.log((1 + n) / (1 + k)) + 1 for term, k in df.items()}
    out = []
    for c in counts:
        w = {term: (1 + math.log(k)) * idf[term] for term, k in c.items()}
        norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
        out.append({term: v / norm for term, v in w.items()})
    return out


class _Contexts:
    """What keyword-in-context needs of a corpus, built once for any number of keywords and
    parks: its names' matcher, each distinct cleaned text masked once, the sentences and the
    documents of each source and park. A look-up per occurrence over the whole sentence
    table, and the masking of every document per park, cost parks × sentences."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.matcher = _names_matcher(getattr(corpus, "names", ()))
        self._masked: dict[str, str] = {}
        sents = corpus.sentences
        self.sentences = {k: sents[k].to_numpy() for k in ("start", "end", "orig_start",
                                                          "orig_end")}
        self.of_source = sents.groupby("source_id", sort=False).indices
        self.documents = list(zip(corpus.documents.source_id, corpus.documents.park_id))
        self.of_park: dict[str, list[tuple]] = {}
        for source_id, park in self.documents:
            self.of_park.setdefault(park, []).append((source_id, park))

    def masked(self, text: str) -> str:
        if text not in self._masked:
            self._masked[text] = _masked(text, self.matcher)
        return self._masked[text]

    def sentence(self, source_id, s: int, e: int) -> int | None:
        """The row of the first sentence of ``source_id`` that holds ``s:e``, or None."""
        rows = self.of_source.get(source_id)
        if rows is None:
            return None
        starts, ends = self.sentences["start"][rows], self.sentences["end"][rows]
        inside = np.flatnonzero((starts <= s) & (ends >= e))
        return int(rows[inside[0]]) if len(inside) else None

    def rows(self, keyword: str, width: int, park_id: str | None,
             limit: int | None = None) -> list[dict]:
        """The occurrences of ``keyword`` (in the documents of ``park_id``; the first
        ``limit``), as rows of :func:`kwic`."""
        docs = self.documents if park_id is None else self.of_park.get(park_id, [])
        out = []
        rx = re.compile(re.escape(keyword))
        for source_id, park in docs:
            c = self.corpus.cleaned[source_id]
            for m in rx.finditer(self.masked(c.text)):
                if limit is not None and len(out) >= limit:
                    return out
                s, e = m.span()
                orig_s, orig_e = c.original_span(s, e)
                r = self.sentence(source_id, s, e)
                original_sentence = "" if r is None else c.original[
                    self.sentences["orig_start"][r]:self.sentences["orig_end"][r]]
                out.append({"source_id": source_id, "park_id": park,
                            "left": c.text[max(0, s - width):s].replace("\n", " "),
                            "keyword": m.group(), "right": c.text[e:e + width].replace("\n", " "),
                            "orig_start": orig_s, "orig_end": orig_e,
                            "original_sentence": original_sentence})
        return out


_KWIC_COLUMNS = ["source_id", "park_id", "left", "keyword", "right", "orig_start", "orig_end",
                 "original_sentence"]


def kwic(corpus, keyword: str, *, width: int = 18, park_id: str | None = None) -> pd.DataFrame:
    """Keyword in context: each occurrence with ``width`` characters either side, in the
    cleaned text, plus its offsets and its sentence in the original document; an occurrence
    inside one of the corpus's names is not the keyword (生态 in 宿迁生态化工科技产业园).

    >>> k = kwic(pl.text.prepare(ds.documents), "产城融合", park_id="nanyang_hitech")
    >>> k.keyword.iloc[0], len(k) > 0
    ('产城融合', True)
    """
    return pd.DataFrame(_Contexts(corpus).rows(keyword, width, park_id), columns=_KWIC_COLUMNS)


def strongest_theme(table: pd.DataFrame, by: str = "park_id") -> pd.Series:
    """The theme with the highest intensity for each park (or document)."""
    best = table.sort_values("hits_per_1000_chars", ascending=False).drop_duplicates(by)
    return best.set_index(by).theme


def describe(table: pd.DataFrame, lexicon: dict, park_names: dict[str, str],
             lang: str = "zh") -> MarkdownText:
    """A sentence per park naming its strongest theme (names and labels escaped: a lexicon
    may come from anyone), from ``messages/themes.yaml``; a park without any hit says so.

    >>> t = pd.DataFrame({"park_id": ["p"], "theme": ["eco"], "hits": [3],
    ...                   "hits_per_1000_chars": [1.25], "sentence_share_pct": [12.5]})
    >>> print(describe(t, {"eco": {"zh": "生态", "en": "ecology"}}, {"p": "Park P"}, "en"))
    Park P stresses ecology most (1.2 hits per 1,000 characters, 12% of sentences).
    """
    out = []
    # each (park, theme)'s first row, looked up by key: a filter per park cost parks²
    first = table.drop_duplicates(["park_id", "theme"]).set_index(["park_id", "theme"])
    for park, theme in strongest_theme(table).items():
        row = first.loc[(park, theme)]
        name = park_names.get(park, park)
        if not row.hits:
            out.append(messages.say("themes.no_hits", lang, park=name))
            continue
        out.append(messages.say(
            "themes.strongest", lang, park=name, label=lexicon[theme][lang],
            hits=f"{row.hits_per_1000_chars:.1f}", share=f"{row.sentence_share_pct:.0f}"))
    return join(" ", out)


def intensity_matrix(table: pd.DataFrame, lexicon: dict, park_names: dict[str, str],
                     lang: str = "zh", value: str = "hits_per_1000_chars") -> pd.DataFrame:
    """Park × theme matrix of :func:`intensity` with labels in ``lang`` (for a heatmap)."""
    m = table.pivot(index="park_id", columns="theme", values=value)
    return labelled(m, lang, index=park_names, columns=lexicon)


def labelled(table: pd.DataFrame, lang: str = "zh", *, index: dict | None = None,
             columns: dict | None = None) -> pd.DataFrame:
    """``table`` with its row and column ids replaced by their labels in ``lang``, for
    showing. ``index`` and ``columns`` map ids either to a label (park names) or to a
    lexicon entry (``{"zh": …, "en": …}``); ids they do not know stay as they are.

    >>> labelled(pd.DataFrame({"supply": [1]}, index=["puyang"]), "en",
    ...          index={"puyang": "Puyang"}, columns={"supply": {"zh": "供给型", "en": "supply"}})
            supply
    Puyang       1
    """
    def label(mapping, key):
        v = mapping.get(key, key)
        return v[lang] if isinstance(v, dict) else v

    out = table.copy()
    if index is not None:
        out.index = [label(index, k) for k in out.index]
    if columns is not None:
        out.columns = [label(columns, k) for k in out.columns]
    return out


def kwic_strongest(corpus, table: pd.DataFrame, lexicon: dict, *, n: int = 5,
                   width: int = 18) -> pd.DataFrame:
    """Keyword-in-context examples of each park's strongest theme: its most frequent
    keyword, up to ``n`` occurrences."""
    hits = theme_hits(corpus.sentences, lexicon, getattr(corpus, "names", ()))
    # Each park and theme's most frequent keyword (of equals, the first to occur, as
    # value_counts() gives it) counted at once, and the corpus's contexts found once: a
    # filter of the hits and a kwic() per park cost parks × hits and parks × sentences.
    counts = hits.groupby(["park_id", "theme", "keyword"], sort=False).size().rename(
        "n").reset_index()
    top = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(
        ["park_id", "theme"])
    keyword_of = dict(zip(zip(top.park_id, top.theme), top.keyword))
    contexts = _Contexts(corpus)
    out = []  # one frame at the end, not one per park
    for park, theme in strongest_theme(table).items():
        keyword = keyword_of.get((park, theme))
        if keyword is None:
            continue
        out += [{**r, "theme": theme} for r in contexts.rows(keyword, width, park, limit=n)]
    cols = ["park_id", "theme", "source_id", "left", "keyword", "right", "orig_start",
            "orig_end", "original_sentence"]
    return pd.DataFrame(out, columns=cols)


def tool_mix(corpus, tools: dict | None = None) -> pd.DataFrame:
    """Per park, the sentences coded with each policy tool and their share (%) of all coded
    sentences."""
    tools = tools or load_lexicon(kind="policy_tools")
    h = tool_hits(corpus.sentences, tools, getattr(corpus, "names", ())).drop_duplicates(
        ["source_id", "sentence", "tool"])
    counts = h.groupby(["park_id", "tool"]).size().rename("sentences").reset_index()
    counts["share_pct"] = counts.sentences / counts.groupby("park_id").sentences.transform(
        "sum") * 100
    return counts


def tool_mix_matrix(mix: pd.DataFrame, tools: dict, park_names: dict[str, str],
                    lang: str = "zh") -> pd.DataFrame:
    """Park × policy tool: the share (%) of each park's coded sentences, from
    :func:`tool_mix`, labelled in ``lang`` (for a stacked bar chart); tools in the order of
    the lexicon (supply, environment, demand), 0 where a park has no sentence with that
    tool."""
    wide = mix.pivot(index="park_id", columns="tool", values="share_pct").fillna(0)
    wide = wide.reindex(columns=[t for t in tools if t in wide.columns])  # lexicon order
    wide = wide.rename_axis(index=None, columns=None)
    return labelled(wide, lang, index=park_names, columns=tools)


def for_display(table: pd.DataFrame, lang: str = "zh", *, columns: list[str] | None = None,
                park_names: dict[str, str] | None = None,
                labels: dict[str, dict] | None = None) -> pd.DataFrame:
    """A table of this module (or of :mod:`parklens.formulas`) for a reader of ``lang``:
    ``columns`` in that order (default: every column with a header in
    ``messages/themes.yaml``), headers from the catalogue, parks by name, ids of ``labels``
    (``{"theme": lexicon, "tool": tools, "doc_type": terms}``) by their label, yes/no for
    flags, shares to one decimal and dates as dates. The raw table goes to the CSV.

    >>> t = pd.DataFrame({"park_id": ["puyang"], "tool": ["supply"], "share_pct": [41.666],
    ...                   "found": [True]})
    >>> for_display(t.assign(expected_parts=[3.0]), "en", park_names={"puyang": "Puyang"},
    ...             labels={"tool": {"supply": {"zh": "供给型", "en": "supply-side"}}})
         Park         Tool Share (%) Found by the finder  Parts the numerals give
    0  Puyang  supply-side      41.7                 yes                        3
    """
    def header(col: str) -> str:
        return messages.text(f"themes.col_{col}", lang)

    def known(col: str) -> bool:
        try:
            header(col)
        except messages.MessageError:
            return False
        return True

    columns = [c for c in table.columns if known(c)] if columns is None else columns
    out = table[columns].copy()
    labels = labels or {}
    for col in columns:
        if col == "park_id" and park_names is not None:
            out[col] = out[col].map(lambda p: park_names.get(p, p))
        elif col in labels:
            out[col] = out[col].map(lambda k, m=labels[col]: m[k][lang] if isinstance(
                m.get(k), dict) else m.get(k, k))
        elif out[col].dtype == bool or out[col].map(
                lambda v: isinstance(v, bool) or v is None).all() and out[col].notna().any():
            out[col] = out[col].map(lambda v: "" if v is None else messages.text(
                "themes.flag_yes" if v else "themes.flag_no", lang))
        elif col.endswith("_pct"):  # shares of counts: one decimal is all they carry
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(out[col]) and (
                out[col].dropna() == out[col].dropna().round()).all():
            out[col] = out[col].astype("Int64")  # counts held as floats (NaN): 3, not 3.00
    return out.rename(columns={c: header(c) for c in columns}).reset_index(drop=True)
