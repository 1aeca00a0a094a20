"""The facts of a document, one row per figure: what the reader found, with the period,
status, kind, indicator words and quote its sentence gives it."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..units import Unit, load_units
from .context import SentenceContext, period_before, resolve_period
from .dates import as_date
from .layout import DECORATION, Layout, one_line
from .reader import Reader, with_rank_changes
from .words import figure_kind, indicator_words

COLUMNS = ["stated", "value", "unit", "value_base", "unit_base", "value_text", "qualifier",
           "kind", "status", "period_stated", "period", "indicator_words", "quote", "start",
           "end", "value_low", "value_high", "doubt"]
#: Columns of :func:`dropped_candidates`: what the extractor saw and left out, and why.
DROPPED_COLUMNS = ["stated", "start", "end", "reason"]
#: What a figure is: a level, a growth rate, a share, a rank, a count or a change.
KINDS = ("level", "growth", "share", "rank", "count", "change")


_FLOAT_COLUMNS = {"value", "value_base", "value_low", "value_high"}
_INT_COLUMNS = {"start", "end"}
# Text columns where None means "not stated"; pandas would read None as NaN.
_OPTIONAL_COLUMNS = {"unit", "unit_base", "value_text", "period_stated", "period", "doubt"}


def facts_frame(records: list[Mapping], columns: list[str] = COLUMNS) -> pd.DataFrame:
    """The records of :func:`fact_records` (one dict per fact) as a frame with the columns
    and dtypes of :func:`extract_facts`; ``columns`` may add others in front (``document``).

    >>> facts_frame(fact_records("规上企业78家")).stated.tolist()
    ['78家']
    """
    if not records:
        empty = pd.DataFrame(columns=columns)
        return empty.astype({"value": "float64", "value_base": "float64", "start": "int64",
                             "end": "int64", **{c: "float64" for c in ("value_low", "value_high")
                                                if c in columns}})
    # Built column by column with the final dtypes: a frame of dicts that pandas then
    # converts took half the time of extracting a short document.
    data = {}
    for col in columns:
        values = [r[col] for r in records]
        if col in _FLOAT_COLUMNS:
            data[col] = np.array(values, dtype="float64")
        elif col in _INT_COLUMNS:
            data[col] = np.array(values, dtype="int64")
        elif col in _OPTIONAL_COLUMNS:
            data[col] = pd.Series(values, dtype=object)
        else:
            data[col] = values
    return pd.DataFrame(data, columns=columns)


def fact_records(text: str, *, ref_date=None,
                 units: Mapping[str, Unit] | None = None) -> list[dict]:
    """The facts of :func:`extract_facts` as a list of dicts, one per fact (cheaper to
    collect over many documents; :func:`facts_frame` makes the frame)."""
    return read_document(text, ref_date=ref_date, units=units, keep_dropped=False)[0]


def dropped_candidates(text: str, *, units: Mapping[str, Unit] | None = None) -> pd.DataFrame:
    """What the extractor saw in ``text`` and left out, one row per candidate with the
    reason (columns :data:`DROPPED_COLUMNS`): years and dates, slogans and plan names
    (三年攻坚行动), ordinals (第二批), sessions (三中全会), identifiers, and spans the numbers
    grammar refused. A candidate that a figure covers is not listed.

    >>> dropped_candidates("实施三年攻坚行动,新增企业20家").reason.tolist()
    ['a numbered slogan or plan name (三年攻坚行动, 十项举措, 两个健康)']
    """
    return pd.DataFrame(read_document(text, units=units)[1], columns=DROPPED_COLUMNS)


def read_document(text: str, *, ref_date=None, units: Mapping[str, Unit] | None = None,
                   keep_dropped: bool = True) -> tuple[list[dict], list[dict]]:
    """The facts of ``text`` (records of :func:`extract_facts`) and what was dropped (kept
    only with ``keep_dropped``: a 50 MB document drops hundreds of thousands of candidates)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    ref = as_date(ref_date)
    units = load_units() if units is None else units
    layout = Layout(text)
    reader = Reader(text, units, layout, keep_dropped=keep_dropped)
    figures = with_rank_changes(text, list(reader.scan()))
    for fig in figures:
        layout.join(fig.start, fig.end)
    rows = []
    context = None
    for fig in figures:
        q = fig.quantity
        sentence_start, sentence_end = layout.span("sentence", fig.start, fig.end)
        if context is None or context.start != sentence_start:
            context = SentenceContext(text, sentence_start, sentence_end, ref)
        clause_start, clause_end = layout.span("clause", fig.start, fig.end)
        lead = fig.lead if fig.lead >= 0 else fig.start
        phrase_start, _ = layout.span("phrase", lead, lead)
        if len(one_line(text[clause_start:clause_end])) < 10 and clause_start > sentence_start:
            # A clause as short as 增速47.1% says little: quote the one before it too.
            clause_start, _ = layout.span("clause", clause_start - 1, clause_start - 1)
        period = period_before(context, fig.start)
        period_stated, period_code = resolve_period(period, ref) if period else (None, None)
        status = context.status(fig.start, fig.end)
        before = DECORATION.sub("", text[max(phrase_start, lead - 8):lead])
        rows.append({
            "stated": text[fig.start:fig.end], "value": q.value, "unit": q.unit,
            "value_base": q.value_base, "unit_base": q.unit_base, "value_text": q.text_value,
            "qualifier": q.qualifier, "kind": fig.kind or figure_kind(q, before, fig.fall),
            "status": status, "period_stated": period_stated, "period": period_code,
            "indicator_words": indicator_words(text, phrase_start, lead),
            "quote": one_line(text[clause_start:clause_end]),
            "start": fig.start, "end": fig.end,
            "value_low": q.value_low, "value_high": q.value_high, "doubt": fig.doubt,
        })
    dropped = []
    k = 0
    for start, end, reason in reader.dropped:    # both in order of start
        while k < len(figures) and figures[k].end <= start:
            k += 1
        if any(f.start < end and f.end > start for f in figures[k:k + 3]):
            continue                             # a figure read from a later position covers it
        dropped.append({"stated": text[start:end], "start": start, "end": end,
                        "reason": reason})
    return rows, dropped


# 由第176位上升至第98位: a change of rank that the text states by its two ends. As in

def extract_facts(text: str, *, ref_date=None,
                  units: Mapping[str, Unit] | None = None) -> pd.DataFrame:
    """One row per quantitative statement of ``text``, in document order.

    Columns: ``stated`` (exactly ``text[start:end]``, line breaks and all), ``value`` and
    ``unit`` as stated, ``value_base``/``unit_base`` normalized (None and NaN where the unit
    table does not know the measure word, 3只, or the unit is 万/亿 alone), ``value_text`` (a grade
    letter), ``qualifier``, ``kind`` (one of :data:`KINDS`), ``status`` (a guess from the
    wording: ``target`` after 计划/力争/目标是/确保/争取/到20XX年 or before 的目标, ``estimate``
    after 预计/将/有望/可望/投产后, else ``actual``; the nearest word in the sentence decides,
    up to a ；),
    ``period_stated`` and ``period`` (the nearest period expression before the figure in its
    sentence and its code; ``period`` is None where it cannot be resolved, e.g. 今年 without
    ``ref_date``), ``indicator_words`` (the words just before the figure in its clause),
    ``quote`` (the clause, line breaks removed) and ``start``/``end``.

    ``ref_date`` (a date or ``"YYYY-MM-DD"``) is the document's date, for 今年, 去年, 目前 and
    近3年. ``units`` is the unit table (default: the bundled ``vocab/units.yaml``). Never
    raises on any text; a non-string raises TypeError.

    >>> text = "天能濮阳基地年主营业务收入将突破60亿\\n\\n元,税收突破4.3亿元。"
    >>> f = extract_facts(text, ref_date="2020-04-08")
    >>> f[["stated", "value_base", "qualifier", "status"]].to_numpy().tolist()[0]
    ['突破60亿\\n\\n元', 6000000000.0, 'at_least', 'estimate']
    >>> all(text[s:e] == stated for s, e, stated in zip(f.start, f.end, f.stated))
    True
    """
    return facts_frame(fact_records(text, ref_date=ref_date, units=units))

