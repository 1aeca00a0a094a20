"""Dates: a reference date as callers give it, and the date a document prints for itself."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

def as_date(value) -> dt.date | None:
    """A reference date as callers give it: a date, a datetime (its day) or ``"YYYY-MM-DD"``;
    None stays None. Raises ValueError for a string that is no date, TypeError otherwise."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):  # also pandas.Timestamp
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError(f"ref_date must be a date or 'YYYY-MM-DD', got {type(value).__name__}")

_PRINTED_DATE = re.compile(r"(?<![0-9])([0-9]{4})(?:年|-)([0-9]{1,2})(?:月|-)([0-9]{1,2})(?![0-9])日?")
# A news agency's dateline opens the report itself: 中新社 北京12月12日电, 新华社郑州2023年5月12日电.
_DATELINE = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日\s*(?:电|讯)")
# A page's stamp of publication: 发布时间：2023-05-12, 时间:2011-04-02 11:43:44.
_STAMP = re.compile(r"(?:发布时间|发布日期|发稿时间|发表时间|更新时间|日期|时间)\s*[:：]\s*"
                    r"([0-9]{4})(?:年|-|/|\.)([0-9]{1,2})(?:月|-|/|\.)([0-9]{1,2})")
_HEAD_CHARS = 600   # the head of a document, where its date line stands


@dataclass(frozen=True)
class DocumentDate:
    """The date of a document as :func:`document_date` reads it: ``date`` (None where the
    text gives none), ``basis`` (``printed`` or ``inferred``, as a park file's ``date_basis``)
    and ``how`` (one line for ``date_note``)."""
    date: dt.date | None
    basis: str
    how: str


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def document_date(text: str) -> DocumentDate:
    """The date of a document from its own date line, not from a republishing site's stamp.

    In order: a news agency's dateline in the head (``北京2023年5月12日电``; one without a year,
    ``12月12日电``, takes the latest such day on or before the page's stamp: a site republishes
    after the report); the page's stamp (``发布时间：2023-05-12``) or a full date in the head
    (``2023年5月12日``); else the first full date anywhere (inferred).

    >>> document_date("发布时间:2024-11-15 02:53\\n中新社 北京12月12日电 前三季度…").date
    datetime.date(2023, 12, 12)
    >>> document_date("2023年5月12日\\n开发区召开大会").date
    datetime.date(2023, 5, 12)
    """
    head = text[:_HEAD_CHARS]
    stamp = next((d for m in _STAMP.finditer(head) if (d := _date(*m.groups()))), None)
    first_in_head = next((d for m in _PRINTED_DATE.finditer(head) if (d := _date(*m.groups()))),
                         None)
    if line := _DATELINE.search(head):
        year, month, day = line.groups()
        if year and (d := _date(year, month, day)):
            return DocumentDate(d, "printed", f"the dateline {line.group(0)}")
        known = stamp or first_in_head
        if known is not None:
            d = _date(known.year, month, day)
            if d is not None and d > known:
                d = _date(known.year - 1, month, day)
            if d is not None:
                return DocumentDate(d, "inferred", (
                    f"the dateline {line.group(0)}, which prints no year: the latest {month}月{day}日 "
                    f"on or before the page's date {known.isoformat()} (a republishing "
                    "site's stamp comes after the report)"))
    if stamp is not None:
        return DocumentDate(stamp, "printed", "the date line of the page")
    if first_in_head is not None:
        return DocumentDate(first_in_head, "printed", "the date printed at the top")
    for m in _PRINTED_DATE.finditer(text):
        if d := _date(*m.groups()):
            return DocumentDate(d, "inferred", f"the first date the text prints ({m.group(0)}), "
                                "not at the top: check it is the document's")
    return DocumentDate(None, "inferred", "no date printed")

