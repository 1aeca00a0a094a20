"""Numbered policy formulas: 1+3+2工作体系, 12345工作法, 五聚五提, 三区一中心一高地, 四个园区…

:func:`find_formulas` finds them in any text, with their context and offsets, and, where the
text spells the parts out (“1”即…，“3”即…), returns the parts and checks their count against
the numerals.

>>> f = find_formulas("构建“1+3+2”工作体系(“1”即聚力打造百亿级化工园区,“3”即实施三大工程,“2”即建设两个平台)")
>>> f.formula.iloc[0], int(f.n_parts.iloc[0]), f.parts_match.iloc[0]
('1+3+2工作体系', 3, True)
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["find_formulas", "compare_with_curation", "expected_parts"]

_CN = "一二两三四五六七八九十"
# the name after the numerals: up to six characters ending in a system word
_SUFFIX = r"[\u4e00-\u9fff]{0,8}?(?:工作体系|体系|工作法|机制|架构|构架|产业链群)"
_PATTERNS = [
    # arithmetic: 1+3+2, 7+17, 1+1+X, 1+1+4+1
    ("arithmetic", re.compile(r"[“\"]?(\d+(?:\s*\+\s*(?:\d+|[Xx]))+)[”\"]?" + f"(?:{_SUFFIX})?")),
    # a digit string with a method word: 12345工作法
    ("digits", re.compile(r"[“\"]?(\d{3,6})[”\"]?\s*(工作法|法)")),
    # 四个园区, 两个确保, 十大战略, 三大工程, 四个一, 三篇文章
    ("counted", re.compile(rf"[“\"]?([{_CN}]+(?:个|大|项|类|篇)[\u4e00-\u9fff]{{1,4}})[”\"]?"
                           r"(?=[”\"]|[，,。、；;）)\s]|体系|要求|总抓手|创建|目标)")),
    # a count in digits before a quoted word: 3个“聚焦” (only quoted: 3个平台 is a quantity)
    ("counted", re.compile(r"(\d+(?:个|大|项|篇)[“\"][\u4e00-\u9fff]{1,4}[”\"])")),
    # alternating numeral and word: 五聚五提, 三区一中心一高地, 一企三岗, 三化三制, 四供一业;
    # quoted, or one item of a list of mechanisms (实行项目分包、一企一档、全程跟踪)
    ("alternating", re.compile(rf"((?:[{_CN}][\u4e00-\u9fff]{{1,2}}?){{2,3}}(?:[{_CN}][\u4e00-\u9fff]{{1,2}})?)"
                               r"(?=[”\"])")),
    ("alternating", re.compile(rf"(?<=、)([{_CN}][\u4e00-\u9fff][{_CN}][\u4e00-\u9fff])(?=、)")),
    # a quoted list of numbered parts: “一心带动、两轴扩展、两河相拥、四区互动”
    ("list", re.compile(rf"[“\"]((?:[{_CN}][\u4e00-\u9fff]{{1,3}}、){{1,5}}[{_CN}][\u4e00-\u9fff]{{1,3}})[”\"]")),
    # parts that act together: 四区联动, 三区协同
    ("counted", re.compile(rf"([{_CN}](?:区|园|片|链|带|轴)(?:联动|协同|互动|融合|贯通))")),
    # tiers: 三级风险防控体系
    ("counted", re.compile(rf"([{_CN}]级[\u4e00-\u9fff]{{0,6}}?(?:体系|机制))")),
    # a quoted numbered short word before what it qualifies: “两新”党建
    ("counted", re.compile(rf"([“\"][{_CN}][\u4e00-\u9fff][”\"](?:党建|建设|工作|行动|工程))")),
]
# words that look like formulas but are ordinals or quantities
_NOT_FORMULA = re.compile(r"^(一是|二是|三是|四是|一批|一个|一天|一日|一封|一心|一期|二期|一项|二十大|"
                          r"[一二两三四五六七八九十]+(?:个|大)(?:方面|月|年|部门|企业|片区))")
_PART = re.compile(r"[“\"]([0-9]|[一二两三四五六七八九十])[”\"]即(.+?)(?=[，,。；;]?[“\"][0-9一二两三四五六七八九十][”\"]即|[。）)]|$)",
                   re.S)


def expected_parts(formula: str) -> int | None:
    """How many parts the numerals announce: 1+3+2 → 3, 12345 → 5; None if not countable.

    >>> expected_parts("1+3+2工作体系"), expected_parts("12345工作法"), expected_parts("五聚五提")
    (3, 5, None)
    """
    if m := re.match(r"\d+(?:\+(?:\d+|[Xx]))+", formula):
        return len(m.group().split("+"))
    if m := re.match(r"\d{3,6}", formula):
        return len(m.group())
    return None


def _norm(formula: str) -> str:
    return re.sub(r"[“”\"\s]", "", formula)


def find_formulas(text: str) -> pd.DataFrame:
    """One row per numbered formula in ``text``: ``formula`` (normalized: quotes removed),
    ``kind``, ``start``/``end`` offsets of the match, ``context`` (the sentence around it),
    and, where the parts are spelled out right after it, ``parts`` (key → text),
    ``n_parts``, ``expected_parts`` and ``parts_match``."""
    rows, taken = [], []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            formula = _norm(m.group(0))
            # (a list of numbered parts is a formula even when one part reads like an
            # ordinal: 一心带动、两轴扩展)
            if len(formula) < 3 or (kind != "list" and _NOT_FORMULA.match(formula)):
                continue
            if kind == "alternating" and sum(ch in _CN for ch in formula) < 2:
                continue
            taken.append((s, e))
            sent_start = max(text.rfind(c, 0, s) for c in "。！？\n") + 1
            ends = [i for i in (text.find(c, e) for c in "。！？\n") if i >= 0]
            sent_end = min(ends) + 1 if ends else len(text)
            parts = _parts(text[e:e + 600], formula) if kind in ("arithmetic", "digits") else {}
            exp = expected_parts(formula)
            rows.append({"formula": formula, "kind": kind, "start": s, "end": e,
                         "context": text[sent_start:sent_end].strip(),
                         "parts": parts, "n_parts": len(parts), "expected_parts": exp,
                         "parts_match": (len(parts) == exp) if parts and exp else None})
    out = pd.DataFrame(rows, columns=["formula", "kind", "start", "end", "context", "parts",
                                      "n_parts", "expected_parts", "parts_match"])
    return out.sort_values("start").reset_index(drop=True)


def _parts(after: str, formula: str) -> dict[str, str]:
    """Parts spelled out as “1”即…，“3”即… starting right after a formula (within a few
    characters, e.g. after an opening bracket or 中的), keyed by its numerals in order."""
    numerals = re.match(r"[\dXx+]+", formula).group()
    keys = numerals.split("+") if "+" in numerals else list(numerals)
    parts: dict[str, str] = {}
    for m in _PART.finditer(after):
        if not parts and m.start() > 40:
            break  # the spelled-out list must follow the formula
        key, body = m.group(1), m.group(2).strip(" ，,;；")
        if len(parts) >= len(keys) or key != keys[len(parts)]:
            break
        parts[key] = body
    return parts


def compare_with_curation(ds, corpus=None) -> pd.DataFrame:
    """Per park, each numbered formula the curation lists (kind ``formula``) or the finder
    finds, and which of the two has it: what the curation missed and what the finder missed.

    >>> c = compare_with_curation(ds)
    >>> bool(c[(c.park_id == "guanzhuang") & (c.formula == "1+3+2工作体系")].found.iloc[0])
    True
    """
    rows = []
    texts = ds.documents.groupby("park_id").text.agg("\n".join)
    pol = ds.policies
    # numbered formulas only: slogans and documents are curated but not numbered
    numbered = pol[(pol.kind == "formula") & pol.name.str.contains(rf"[\d{_CN}]")]
    # each park's curated formulas, grouped once: a filter of the policies per park cost
    # parks × policies
    curated_of: dict[str, set[str]] = {}
    for park_id, name in zip(numbered.park_id, numbered.name):
        curated_of.setdefault(park_id, set()).add(_norm(name))
    # parks whose documents are the same texts share one reading of them (at national scale
    # 2,543 parks cite 12 combinations of 5 texts)
    found_in: dict[str, set[str]] = {}

    def matches(a: str, pool: set[str]) -> bool:
        return any(a == b or a in b or b in a for b in pool)

    for park_id, text in texts.items():
        if text not in found_in:
            found_in[text] = set(find_formulas(text).formula)
        found = found_in[text]
        curated = curated_of.get(park_id, set())
        for f in sorted(found | curated):
            rows.append({"park_id": park_id, "formula": f, "curated": matches(f, curated),
                         "found": matches(f, found)})
    return pd.DataFrame(rows, columns=["park_id", "formula", "curated", "found"])


def formulas_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per park and formula: how often it occurs, its parts where some occurrence
    spells them out, whether their count matches the numerals, and one context sentence.

    >>> t = formulas_table(ds.documents)
    >>> t[t.formula == "12345工作法"].parts.iloc[0].split("；")[:2]
    ['1：“一把手”一盯到底', '2：“二号章”就近简办']
    """
    cols = ["park_id", "formula", "kind", "occurrences", "sources", "parts", "n_parts",
            "expected_parts", "parts_match", "context"]
    # Each distinct text read once (documents cited by many parks share their text), then
    # each document given its text's formulas by a merge, and each park and formula's best
    # occurrence by a sort: a frame per document and a filter per formula cost seconds per
    # thousand parks.
    codes, distinct = pd.factorize(documents.text, use_na_sentinel=False)
    per_text = [find_formulas(t).assign(code=i) for i, t in enumerate(distinct)]
    per_text = [f for f in per_text if len(f)]
    if not per_text:
        return pd.DataFrame(columns=cols)
    found = pd.concat(per_text, ignore_index=True).reset_index(names="k")
    docs = pd.DataFrame({"park_id": documents.park_id.to_numpy(),
                         "source_id": documents.source_id.to_numpy(), "code": codes,
                         "doc": range(len(codes))})
    # every occurrence, in document order and within a document in order of position
    allf = docs.merge(found, on="code").sort_values(["doc", "k"], kind="stable")
    keys = ["park_id", "formula"]
    order = allf.drop_duplicates(keys)[keys]  # groups in order of first occurrence
    # the occurrence that spells out the most parts (the first of equals), else the first
    best = allf.sort_values("n_parts", ascending=False, kind="stable").drop_duplicates(keys)
    best = order.merge(best, on=keys, how="left")
    occurrences: dict[tuple, int] = {}
    sources: dict[tuple, dict] = {}  # as ordered sets: each source once, in order
    for key in zip(allf.park_id, allf.formula, allf.source_id):
        occurrences[key[:2]] = occurrences.get(key[:2], 0) + 1
        sources.setdefault(key[:2], {})[key[2]] = None
    out = []
    for b in best.itertuples(index=False):
        out.append({"park_id": b.park_id, "formula": b.formula, "kind": b.kind,
                    "occurrences": occurrences[(b.park_id, b.formula)],
                    "sources": "; ".join(sources[(b.park_id, b.formula)]),
                    "parts": "；".join(f"{k}：{v}" for k, v in b.parts.items()),
                    "n_parts": b.n_parts, "expected_parts": b.expected_parts,
                    "parts_match": b.parts_match, "context": b.context})
    return pd.DataFrame(out, columns=cols)
