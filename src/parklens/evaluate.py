"""How well the extractor reads documents its rules were not written from.

A development set is a folder with the documents (``docs/<doc>.txt``, UTF-8) and one file of
hand-written labels, ``labels.csv``: one row per figure, in reading order, with the columns
``doc,stated,value,unit,qualifier,status`` (``stated`` exactly as in the document, ``value``
and ``unit`` as written; an empty unit for a bare rank or an implied count). A label stands at
the first place its ``stated`` occurs after the previous label of its document, so a figure
stated twice maps to both places in turn.

A label counts as **found** when an extracted fact has the same value and unit (full- and
half-width forms alike; any unit where the label has none) and its span overlaps the label's;
a range (``10-15亿元``, one fact with bounds and no value) finds the labels of its bounds.
**Recall** is the share of labels found, **precision** the share of extracted facts that find
some label, and the **qualifier** and **status accuracies** the share of found labels whose
fact reads them as the label does. The measure lives here, outside the extractor, so that the
extractor cannot be tuned against its own yardstick; :func:`evaluate` takes any extractor with
the signature of :func:`parklens.extract.extract_facts`.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "docs").mkdir()
>>> _ = (folder / "docs" / "a.txt").write_text("目前入驻企业120多家,力争引进项目10个。",
...                                            encoding="utf-8")
>>> _ = (folder / "labels.csv").write_text(
...     "doc,stated,value,unit,qualifier,status\\n"
...     "a,120多家,120,家,more_than,actual\\na,10个,10,个,exact,target\\n", encoding="utf-8")
>>> r = evaluate(folder)
>>> r["recall"], r["precision"], r["qualifier_accuracy"], r["status_accuracy"]
(1.0, 1.0, 1.0, 1.0)
"""

from __future__ import annotations

import csv
import math
import os
import re
import unicodedata
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd

from .extract import COLUMNS, document_date, extract_facts
from .units import load_units

__all__ = ["DevsetError", "LABEL_COLUMNS", "read_labels", "evaluate", "recall",
           "shared_folder"]

#: Columns of ``labels.csv``, in order.
LABEL_COLUMNS = ["doc", "stated", "value", "unit", "qualifier", "status"]


class DevsetError(ValueError):
    """A development set that cannot be read: the message names the file, the line and the
    fix."""


def shared_folder(repo_root: Path) -> Path:
    """The folder of material shared beside the repository (the development set is
    ``<shared>/devset``): ``PARKLENS_SHARED`` where set, else ``<repo_root>/../shared``. It is
    no part of the repository: its texts belong to their publishers."""
    env = os.environ.get("PARKLENS_SHARED")
    return Path(env).expanduser() if env else Path(repo_root).resolve().parent / "shared"


def _fold(unit: str) -> str:
    # Labels write units as the document does (％, full-width letters); the extractor may
    # give the half-width form: one unit either way.
    return "".join(unicodedata.normalize("NFKC", unit or "").split())


_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.．")


def _find_label(text: str, stated: str, start: int) -> int:
    """Where ``stated`` first stands in ``text`` from ``start``, not inside a longer number:
    a label 6亿元 after 6.6亿元 is the next 6亿元, not the tail of 6.6亿元."""
    at = text.find(stated, start)
    while at >= 0:
        inside = (stated[0] in _NUMBER_CHARS and at > 0 and text[at - 1] in _NUMBER_CHARS) or \
            (stated[-1] in _NUMBER_CHARS and text[at + len(stated):at + len(stated) + 1] in
             _NUMBER_CHARS and at + len(stated) < len(text))
        if not inside:
            return at
        at = text.find(stated, at + 1)
    return -1


def read_labels(folder) -> tuple[pd.DataFrame, dict[str, str]]:
    """The labels of the development set in ``folder``, each with the ``start``/``end`` of its
    place in its document and the ``line`` of ``labels.csv`` it comes from, and the texts of
    the documents (by ``doc``). Raises :class:`DevsetError` for a missing file, a missing or
    unknown column, a value that is no number, or a ``stated`` not found in its document."""
    folder = Path(folder)
    path = folder / "labels.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
            header = list(rows[0]) if rows else []
    except FileNotFoundError:
        raise DevsetError(f"{path}: no such file. Fix: give the folder that holds labels.csv "
                          "and docs/") from None
    except UnicodeDecodeError as e:
        raise DevsetError(f"{path} is not UTF-8 (byte {e.start}). Fix: save it as UTF-8") from None
    if header and header[:len(LABEL_COLUMNS)] != LABEL_COLUMNS:
        raise DevsetError(f"{path}:1: the columns are {','.join(header)}. Fix: the first line "
                          f"must be {','.join(LABEL_COLUMNS)}")
    texts: dict[str, str] = {}
    records, at = [], {}
    for line, row in enumerate(rows, start=2):
        doc = row["doc"] or ""
        if doc not in texts:
            doc_path = folder / "docs" / f"{doc}.txt"
            if Path(doc).name != doc or not doc_path.is_file():
                raise DevsetError(f"{path}:{line}: no document {doc_path}. Fix: name a file of "
                                  f"{folder / 'docs'} without its .txt")
            try:
                texts[doc] = doc_path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as e:
                raise DevsetError(f"{doc_path} is not UTF-8 (byte {e.start}). Fix: convert "
                                  "it to UTF-8") from None
        stated = row["stated"] or ""
        start = _find_label(texts[doc], stated, at.get(doc, 0)) if stated else -1
        if start < 0:
            raise DevsetError(f"{path}:{line}: {stated!r} is not in {doc_path.name} after the "
                              "document's previous label. Fix: copy `stated` exactly from the "
                              "text, and keep the labels in reading order")
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            raise DevsetError(f"{path}:{line}: value {row['value']!r} is not a number. Fix: "
                              "write the number as stated, e.g. 2 for 2万余台") from None
        at[doc] = start + 1
        records.append({"doc": doc, "stated": stated, "value": value, "unit": row["unit"] or "",
                        "qualifier": row["qualifier"], "status": row["status"],
                        "start": start, "end": start + len(stated), "line": line})
    return pd.DataFrame(records, columns=LABEL_COLUMNS + ["start", "end", "line"]), texts


def _bound_matches(label: dict, fact: dict) -> bool:
    """A range (10-15亿元: one fact, no single value) finds the labels of its bounds: the
    label's value in base units is the fact's ``value_low`` or ``value_high``."""
    unit = load_units().get(_fold(label["unit"]))
    if unit is None or unit.base != fact.get("unit_base"):
        return False
    base = label["value"] * float(unit.factor)
    return any(isinstance(b, float) and not math.isnan(b) and math.isclose(b, base, rel_tol=1e-9)
               for b in (fact.get("value_low"), fact.get("value_high")))


def _matches(label: dict, fact: dict) -> bool:
    if not (fact["start"] < label["end"] and fact["end"] > label["start"]):
        return False
    if fact.get("qualifier") == "range":
        return _bound_matches(label, fact)
    value = fact["value"]
    if not isinstance(value, float) or math.isnan(value) or \
            not math.isclose(value, label["value"], rel_tol=1e-9):
        return False
    return not label["unit"] or _fold(fact["unit"]) == _fold(label["unit"])


def evaluate(folder, extract: Callable[..., pd.DataFrame] = extract_facts) -> dict:
    """Recall, precision and qualifier/status accuracy of ``extract`` on the development set
    in ``folder`` (see the module's docstring for the rules).

    Each document is read with the date it prints as its reference date, as
    ``parklens extract`` does. The result holds the four shares, the counts behind them
    (``labels``, ``found``, ``facts``, ``facts_matched``, ``qualifier_right``,
    ``status_right``), ``per_doc`` (recall and precision by document), ``labels_table`` (every
    label with ``found`` and the qualifier and status its fact gives), ``missed`` (the labels
    not found), ``unmatched`` (the facts that match no label) and ``misread`` (found labels
    whose qualifier or status differs)."""
    labels, texts = read_labels(folder)
    by_doc = {doc: group.to_dict("records") for doc, group in labels.groupby("doc", sort=False)}
    label_rows, unmatched, per_doc = [], [], []
    n_facts = n_matched = 0
    for doc, doc_labels in by_doc.items():
        text = texts[doc]
        facts = extract(text, ref_date=document_date(text).date).to_dict("records")
        matched = set()
        for label in doc_labels:
            hits = [i for i, fact in enumerate(facts) if _matches(label, fact)]
            matched.update(hits)
            # The fact that covers most of the label speaks for it.
            best = max(hits, key=lambda i: min(facts[i]["end"], label["end"]) -
                       max(facts[i]["start"], label["start"]), default=None)
            fact = facts[best] if best is not None else {}
            label_rows.append({**label, "found": best is not None,
                               "fact_stated": fact.get("stated"),
                               "fact_qualifier": fact.get("qualifier"),
                               "fact_status": fact.get("status")})
        unmatched += [{"doc": doc, **f} for i, f in enumerate(facts) if i not in matched]
        n_facts += len(facts)
        n_matched += len(matched)
        found = sum(r["found"] for r in label_rows[-len(doc_labels):])
        per_doc.append({"doc": doc, "labels": len(doc_labels), "found": found,
                        "facts": len(facts), "facts_matched": len(matched),
                        "recall": found / len(doc_labels),
                        "precision": len(matched) / len(facts) if facts else math.nan})
    table = pd.DataFrame(label_rows)
    found = table[table.found] if len(table) else table
    qualifier_right = int((found.qualifier == found.fact_qualifier).sum()) if len(found) else 0
    status_right = int((found.status == found.fact_status).sum()) if len(found) else 0
    misread = found[(found.qualifier != found.fact_qualifier) |
                    (found.status != found.fact_status)] if len(found) else found

    def share(part: int, whole: int) -> float:
        return part / whole if whole else math.nan

    return {
        "recall": share(len(found), len(table)),
        "precision": share(n_matched, n_facts),
        "qualifier_accuracy": share(qualifier_right, len(found)),
        "status_accuracy": share(status_right, len(found)),
        "labels": len(table), "found": len(found), "facts": n_facts,
        "facts_matched": n_matched, "qualifier_right": qualifier_right,
        "status_right": status_right,
        "per_doc": pd.DataFrame(per_doc),
        "labels_table": table,
        "missed": table[~table.found].reset_index(drop=True) if len(table) else table,
        "unmatched": pd.DataFrame(unmatched),
        "misread": misread.reset_index(drop=True),
    }


# ---------------------------------------------------------------------------------------------
# Recall and precision against the curated data

def _same_figure(fact: Mapping, metric: Mapping) -> bool:
    text = metric["value_text"]
    if isinstance(text, str):
        return fact["value_text"] == text and fact["unit_base"] == metric["unit_base"]
    if fact["unit"] == metric["unit"] and _close(fact["value"], metric["value"]):
        return True
    return fact["unit_base"] == metric["unit_base"] and \
        _close(fact["value_base"], metric["value_base"])


def _close(a, b) -> bool:
    return isinstance(a, float) and isinstance(b, float) and not math.isnan(a) and \
        not math.isnan(b) and math.isclose(a, b, rel_tol=1e-9)


class _Squeezed:
    """A text without its white space, for finding quotes as the validator does (white space
    ignored), with the way back to offsets in the text."""

    def __init__(self, text: str):
        self.kept = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.kept)

    def spans(self, quote: str) -> list[tuple[int, int]]:
        """Every place ``quote`` stands, as (start, end) offsets into the original text."""
        needle = re.sub(r"\s+", "", quote)
        spans, at = [], self.text.find(needle) if needle else -1
        while at >= 0:
            spans.append((self.kept[at], self.kept[at + len(needle) - 1] + 1))
            at = self.text.find(needle, at + 1)
        return spans


def recall(ds=None) -> dict:
    """How many curated figures the extractor finds, and how many of its facts are curated.

    For every row of ``ds.metrics`` (one per figure and source) a fact of the same source
    document must have the same value and unit (or the same normalized value and base unit;
    the same letter for grades). ``recall`` is the share of rows found; ``precision`` the share
    of extracted facts that match some curated row of their document. The ``_in_quote``
    variants also require the fact to stand inside the row's quote. ``missed`` and
    ``unmatched`` list the rows and facts behind the numbers.

    >>> r = recall()
    >>> r["recall"] >= 0.9, r["curated"] == len(r["missed"]) + r["found"]
    (True, True)
    """
    if ds is None:
        from .dataset import load

        ds = load()
    units = load_units(ds.data_dir)
    dates = dict(zip(ds.sources.source_id, ds.sources.date))
    facts, squeezed, found, found_in_quote = {}, {}, [], []
    matched: set[tuple[str, int]] = set()
    matched_in_quote: set[tuple[str, int]] = set()
    for sid, text in zip(ds.documents.source_id, ds.documents.text):
        facts[sid] = extract_facts(text, ref_date=dates[sid], units=units).to_dict("records")
        squeezed[sid] = _Squeezed(text)
    for metric in ds.metrics.to_dict("records"):
        sid = metric["source_id"]
        hits = [i for i, f in enumerate(facts.get(sid, [])) if _same_figure(f, metric)]
        spans = squeezed[sid].spans(metric["quote"]) if sid in squeezed else []
        in_quote = [i for i in hits if any(facts[sid][i]["start"] < e and facts[sid][i]["end"] > s
                                           for s, e in spans)]
        found.append(bool(hits))
        found_in_quote.append(bool(in_quote))
        matched.update((sid, i) for i in hits)
        matched_in_quote.update((sid, i) for i in in_quote)
    n_facts = sum(len(f) for f in facts.values())
    metrics = ds.metrics.assign(found=found, found_in_quote=found_in_quote)
    unmatched = pd.DataFrame(
        [{"source_id": sid, **f} for sid, rows in facts.items()
         for i, f in enumerate(rows) if (sid, i) not in matched],
        columns=["source_id"] + COLUMNS)
    return {
        "recall": sum(found) / len(found) if found else math.nan,
        "precision": len(matched) / n_facts if n_facts else math.nan,
        "recall_in_quote": sum(found_in_quote) / len(found) if found else math.nan,
        "precision_in_quote": len(matched_in_quote) / n_facts if n_facts else math.nan,
        "curated": len(found), "found": sum(found), "facts": n_facts,
        "facts_matched": len(matched),
        "missed": metrics.loc[~metrics.found, ["metric_id", "source_id", "stated", "unit",
                                               "quote"]].reset_index(drop=True),
        "unmatched": unmatched,
    }
