"""Tables for people: figures with their qualifier, unit and status visible, numbers rounded to
what they support, codes written as the vocabulary's labels, headers in the report's language.

The raw frames (codes, ids, full precision) are what a program or a CSV wants; a reader wants
``120+ 家`` and "主导产业". :func:`present` turns the first into the second; every header and
word it writes comes from the message catalogue or the vocabularies.

>>> format_figure({"value": 70.0, "unit": "亿元", "qualifier": "nearly", "status": "actual"})
'<70 亿元'
>>> format_count(8.0), round_to_inputs(82.3529, [70.0, 15.0])
('8', 82.0)
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from .messages import text

__all__ = ["format_figure", "figures_table", "format_count", "format_number",
           "significant_digits", "round_to_inputs", "present", "is_missing", "localized",
           "english_style"]

_SIGNS = {"more_than": "{}+", "nearly": "<{}", "about": "≈{}", "at_least": "≥{}",
          "at_most": "≤{}", "less_than": "<{}", "magnitude": "~{}"}


def is_missing(value: Any) -> bool:
    """Whether a cell holds nothing (None, NaN, NaT, pandas' NA)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: something is there
        return False


def localized(frame, column: str, lang: str, *, zh: str | None = None,
              en: str | None = None):
    """The ``column`` of ``frame`` (a DataFrame, one row of it, or a dict) in the report's language:
    ``<column>_zh`` in zh; in en ``<column>_en``, with the Chinese where the English is
    missing (a name nobody translated is still a name). ``zh``/``en`` name the two columns
    where they are not spelled that way (the catalogue's ``province`` and ``province_en``).

    >>> parks = pd.DataFrame({"name_zh": ["甲园", "乙园"], "name_en": ["Jia Park", None]})
    >>> localized(parks, "name", "en").tolist(), localized(parks, "name", "zh").tolist()
    (['Jia Park', '乙园'], ['甲园', '乙园'])
    >>> localized(parks.iloc[1], "name", "en")
    '乙园'
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    chinese = frame[zh or f"{column}_zh"]
    if lang == "zh":
        return chinese
    english = frame[en or f"{column}_en"]
    if isinstance(frame, pd.DataFrame):
        return english.where(english.notna() & (english != ""), chinese)
    return chinese if is_missing(english) or english == "" else english


def format_count(value: Any) -> str:
    """A count as a whole number with thousands separators (``8.0`` → ``8``; empty: "").

    >>> format_count(3006.0), format_count(None)
    ('3,006', '')
    """
    return "" if is_missing(value) else f"{round(float(value)):,}"


def format_number(value: Any, decimals: int | None = None) -> str:
    """A number with thousands separators: ``decimals`` places, or as many as it has (up to
    ten significant digits, no trailing zeros) when None.

    >>> format_number(7000000000.0), format_number(88.70), format_number(82.35, 0)
    ('7,000,000,000', '88.7', '82')
    """
    if is_missing(value):
        return ""
    if decimals is not None:
        return f"{float(value):,.{decimals}f}"
    return f"{float(value):,.10g}"


def significant_digits(value: float) -> int:
    """The significant digits of a number as a document states it (``88.7`` → 3, ``70`` → 2,
    ``0.05`` → 1). Trailing zeros of a whole number count (``1500`` → 4): a document's
    ``1500家`` is read as exact, so a derived value keeps the most digits it can support.

    >>> significant_digits(88.7), significant_digits(70.0), significant_digits(0.05)
    (3, 2, 1)
    """
    digits = f"{abs(float(value)):.10g}"
    if "e" in digits:
        digits = digits.split("e")[0]
    digits = digits.replace(".", "").lstrip("0")
    return max(1, len(digits))


def round_to_inputs(value: float, inputs: Iterable[float]) -> float:
    """``value`` rounded to the significant digits of its least precise input: a share of
    近70亿元 and 15亿元 has two (82.35…% → 82%), not the float's sixteen.

    >>> round_to_inputs(7093.4, [70.0, 15.0]), round_to_inputs(5.3312, [88.7, 76.4])
    (7100.0, 5.33)
    """
    if is_missing(value) or value == 0:
        return value
    known = [significant_digits(v) for v in inputs if not is_missing(v) and v != 0]
    digits = min(known) if known else 10
    magnitude = math.floor(math.log10(abs(value)))
    return round(value, digits - 1 - magnitude)


def _status_suffix(status: str | None, lang: str) -> str:
    if status in ("estimate", "target"):
        return text(f"display.{status}_suffix", lang)
    return ""


def format_figure(row, lang: str = "zh", *, units: Mapping | None = None) -> str:
    """A figure for display with its qualifier, unit and status visible:
    ``120+ 家``, ``≈3.3 万度``, ``<70 亿元``, ``≥500 亿元（目标）``, ``C级``. The number is shown
    with the digits it was stated with (``88.7``, not ``88.70``).

    In English the unit is written as its ``en_style`` in ``units`` (the dataset's units
    vocabulary, ``ds.vocab["units"]``; None: the bundled one) says: ``88.7 (CNY 100 million)``,
    ``300 m²``, ``36.4%``; a place in a ranking as ``No. 98``.

    >>> format_figure({"value": 120.0, "unit": "家", "qualifier": "more_than",
    ...                "status": "actual", "value_text": None})
    '120+ 家'
    >>> format_figure({"value": 300.0, "unit": "平方米", "unit_en": "m²", "qualifier": "exact",
    ...                "status": "actual", "value_text": None}, "en", units=ds.vocab["units"])
    '300 m²'
    """
    get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
    value_text = get("value_text")
    unit = get("unit")
    unit = unit if isinstance(unit, str) else ""
    unit_en = get("unit_en")
    english = lang == "en" and isinstance(unit_en, str) and unit_en != ""
    if isinstance(value_text, str):
        shown = (text("display.grade", lang, grade=value_text) if english
                 else f"{value_text}{unit}")
    else:
        number = format_number(get("value"))
        shown = _SIGNS.get(get("qualifier") or "exact", "{}").format(number)
        shown = (_with_english_unit(shown, unit, unit_en, units) if english
                 else f"{shown} {unit}".strip())
    return shown + _status_suffix(get("status"), lang)


#: The English unit the dataset gives a place in a ranking (第98位, 第一名), whatever the
#: measure word (dataset.py writes it for an ordinal figure).
_PLACE_IN_RANKING = "rank"


def _with_english_unit(number: str, unit: str, unit_en: str, units: Mapping | None) -> str:
    if unit_en == _PLACE_IN_RANKING:
        return text("display.place", "en", number=number)
    style = english_style(unit, units)
    if style == "joined":
        return f"{number}{unit_en}"
    if style == "brackets":
        return f"{number} ({unit_en})"
    return f"{number} {unit_en}"


def english_style(unit: str, units: Mapping | None = None) -> str:
    """How an English table writes ``unit`` (as stated: ``亿元``) beside a number: its
    ``en_style`` in ``units`` (the dataset's units vocabulary; None: the bundled one).
    A unit not in the table is a big unit before one of it (亿美元, 万家), a multiple of a
    unit: in brackets.

    >>> english_style("亿元"), english_style("平方米"), english_style("%"), english_style("亿吨")
    ('brackets', 'after', 'joined', 'brackets')
    """
    table = (units if units is not None else _bundled_units())["units"]
    spec = table.get(unit)
    if spec is None:
        return "brackets"
    get = spec.get if isinstance(spec, Mapping) else (lambda k, d=None: getattr(spec, k, d))
    return get("en_style", None) or "after"


def _bundled_units() -> dict:
    from .paths import default_data_dir

    return _parsed_units((default_data_dir() / "vocab" / "units.yaml").read_bytes())


@lru_cache(maxsize=4)
def _parsed_units(raw: bytes) -> dict:
    """The bundled units vocabulary, checked by its schema; keyed on its bytes, so an edit
    is read at the next call."""
    import yaml
    from pydantic import TypeAdapter

    from .schema import UnitsFile

    adapter = TypeAdapter(UnitsFile)
    return adapter.dump_python(adapter.validate_python(yaml.safe_load(raw)))


def present(df: pd.DataFrame, columns: Mapping[str, str], lang: str, *,
            labels: Mapping[str, Mapping[str, Any]] | None = None,
            formats: Mapping[str, Callable[[Any], str]] | None = None,
            fill: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A table for people from a raw frame: the ``columns`` kept, in that order, each under
    its header (a message key of the catalogue, e.g. ``"display.park"``, written in ``lang``).

    ``labels``: for a column of codes, the vocabulary's entries (``{code: {"zh": .., "en":
    ..}}``, as ``ds.vocab["terms"]["industry_role"]``) or ``{code: text}``: each code is shown
    as its label in ``lang`` (a code without one stays as it is, so a gap in a vocabulary
    shows instead of vanishing). ``formats``: a function per column that writes a value
    (:func:`format_count`, :func:`format_figure` …). ``fill``: a message key per column for
    its empty cells (e.g. ``"common.not_stated"``); other empty cells stay blank.

    >>> raw = pd.DataFrame({"role": ["leading", None], "n": [8.0, 12.0]})
    >>> present(raw, {"role": "structure.role", "n": "structure.named_enterprises"}, "en",
    ...         labels={"role": ds.vocab["terms"]["industry_role"]},
    ...         formats={"n": format_count}, fill={"role": "common.not_stated"}).to_dict("list")
    {'Role': ['leading', 'not stated'], 'Named enterprises': ['8', '12']}
    """
    labels, formats, fill = labels or {}, formats or {}, fill or {}
    out = {}
    for column, header in columns.items():
        values = df[column]
        if column in labels:
            table = labels[column]

            def label(code, table=table):
                if is_missing(code):
                    return code
                entry = table.get(code, code)
                if isinstance(entry, dict):
                    return entry.get(lang, code)
                return getattr(entry, lang, entry)

            values = values.map(label)
        if column in formats:
            values = values.map(lambda v, f=formats[column]: "" if is_missing(v) else f(v))
        if column in fill:
            blank = text(fill[column], lang)
            values = values.map(lambda v: blank if is_missing(v) or v == "" else v)
        out[text(header, lang)] = values.to_numpy()
    return pd.DataFrame(out)


def figures_table(metrics: pd.DataFrame, lang: str = "zh", *, quotes: bool = False,
                  sources: pd.DataFrame | None = None,
                  units: Mapping | None = None) -> pd.DataFrame:
    """A presentation table of figures in ``lang``: subject, indicator, period (as stated and
    normalized), the figure with qualifier and status, and the source document. ``units``:
    the dataset's units vocabulary (``ds.vocab["units"]``), for :func:`format_figure`.

    >>> figures_table(ds.metrics.query("metric_id == 'gz_enterprises'"), "en").Figure.iloc[0]
    '120+ enterprises'
    >>> figures_table(ds.metrics.query("metric_id == 'gz_enterprises'"), "zh")["数值"].iloc[0]
    '120+ 家'
    """
    h = {k: text(f"display.{k}", lang) for k in ("subject", "indicator", "period", "figure",
                                                   "source", "quote")}
    rows = metrics.drop_duplicates("metric_id")
    # the normalized code only where it adds something (今年 → 2024, 前三季度 → 2024-01/2024-09)
    if lang == "en" and "period_en" in rows:
        period = rows.period_en.where(rows.period_en.notna(), rows.period_stated).tolist()
    else:
        period = [stated if code in stated else
                  text("display.period_normalized", lang, stated=stated, code=code)
                  for code, stated in zip(rows.period, rows.period_stated)]
    subject = rows.subject_name
    if lang == "en" and "subject_name_en" in rows:
        subject = rows.subject_name_en.where(rows.subject_name_en.notna(), rows.subject_name)
    out = pd.DataFrame({
        h["subject"]: subject.to_numpy(),
        h["indicator"]: rows[f"label_{lang}"].to_numpy(),
        h["period"]: period,
        h["figure"]: [format_figure(r, lang, units=units) for r in rows.itertuples()],
        h["source"]: rows.source_id.to_numpy(),
    })
    if sources is not None:
        when = sources.set_index("source_id").date.dt.strftime("%Y-%m-%d")
        out[h["source"]] = (rows.source_id + " " + rows.source_id.map(when).fillna("")
                            ).str.strip().to_numpy()
    if quotes:
        out[h["quote"]] = rows.quote.to_numpy()
    return out
