"""Drafting a park file (YAML, the format of ``data/README.md``) from the facts of a new
document, and a ready dataset folder around it."""

from __future__ import annotations

import math
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from .. import numerals
from ..paths import default_data_dir
from ..units import Quantity, QuantityError, Unit, load_units, parse_quantity
from .dates import as_date, document_date
from .facts import read_document
from .layout import SPACE, one_line
from .reader import reading_units

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


_PARK_TYPE_WORDS = (("高新", "hitech_zone"), ("化工园区", "chemical_park"),
                    ("化工科技产业园", "chemical_park"),
                    ("先进制造业开发区", "advanced_manufacturing_zone"),
                    ("产业集聚区", "industrial_cluster_zone"),
                    ("经济技术开发区", "economic_development_zone"),
                    ("经开区", "economic_development_zone"))
_PARK_WORDS = re.compile(r"园区|开发区|高新区|产业园|集聚区")

def _q(text: str) -> str:
    """``text`` as a one-line YAML double-quoted scalar, every odd character escaped."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=sys.maxsize).strip()


def comment_text(text: str) -> str:
    """``text`` fit for a YAML comment: one line, printable characters only."""
    return "".join(ch for ch in re.sub(r"\s+", " ", text) if ch.isprintable()).strip()


@lru_cache(maxsize=1)
def _indicator_labels() -> tuple[tuple[str, str], ...]:
    try:
        vocab = yaml.safe_load((default_data_dir() / "vocab" / "indicators.yaml")
                               .read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()
    pairs = ((ind, spec.get("zh", "")) for ind, spec in (vocab or {}).items()
             if isinstance(spec, dict))
    return tuple(sorted(((ind, zh) for ind, zh in pairs if zh), key=lambda p: -len(p[1])))


def _indicator_hint(words: str) -> str:
    hits = [ind for ind, zh in _indicator_labels() if zh in words]
    return f"; maybe {', '.join(hits[:3])}" if hits else ""


def _measure(fact: Mapping) -> str:
    match fact["kind"]:
        case "growth":
            return "avg_annual_growth" if "年均" in fact["quote"] else "yoy_growth"
        case "share":
            return "plan_completion" if "计划" in fact["quote"] else "share"
        case "rank" | "change":
            return fact["kind"]
    return "level"


def _needs_unit(stated: str, unit: str) -> bool:
    """Whether ``stated`` lacks its unit (三 of 三大产业, 百亿级), so the file must name it."""
    try:
        return parse_quantity(stated).unit != unit
    except QuantityError:
        return True


def _parses(stated: str, unit: str | None, units: Mapping[str, Unit]) -> Quantity | None:
    try:
        return parse_quantity(stated, unit=unit, units=units)
    except (QuantityError, ValueError, ArithmeticError):
        return None


_RANGE_SPLIT = re.compile(rf"(?P<low>{numerals.NUMBER})(?P<big>[万亿萬億]*)\s*"
                          r"(?:[-~～—－]|至|到)\s*(?P<high>.+)$")


def _close(a, b) -> bool:
    return isinstance(a, float) and isinstance(b, float) and not math.isnan(a) and \
        not math.isnan(b) and math.isclose(a, b, rel_tol=1e-9)


def _range_bounds(fact: Mapping, units: Mapping[str, Unit]) -> list[tuple[str, str | None]]:
    """The two bounds of a range written with a separator (10-15亿元 → 10 with unit 亿元, and
    15亿元), each as (stated, unit or None), checked to read the range's own bounds; [] for a
    range whose bounds the text does not write (两三个, 十几家, 数十亿元)."""
    stated = SPACE.sub("", fact["stated"])
    m = _RANGE_SPLIT.match(stated)
    if not m:
        return []
    bounds = []
    high = _parses(m["high"], None, units)
    if high is None or not _close(high.value_base, fact["value_high"]):
        return []
    low_text = m["low"] + m["big"]
    for unit in (high.unit, high.unit[len(m["big"]):] if m["big"] else None):
        low = _parses(low_text, unit, units) if unit else None
        if low is not None and _close(low.value_base, fact["value_low"]):
            bounds.append((low_text, unit))
            break
    if not bounds:
        return []
    return bounds + [(m["high"], None)]


def _draft_figures(fact: Mapping, units: Mapping[str, Unit]) -> tuple[list[dict], str | None]:
    """What the draft writes for one fact: figures (stated, unit or None, review reason or
    None), or none and the reason it is only listed as a comment."""
    stated = SPACE.sub("", fact["stated"])
    if fact["qualifier"] == "range":
        bounds = _range_bounds(fact, units)
        if not bounds:
            return [], (f"{fact['doubt']}; the text writes neither bound alone" if fact["doubt"]
                        else "a range whose bounds the text does not write")
        return [{"stated": st, "unit": u, "review": f"{name} bound of the range {stated}: "
                 "curate it, or delete it", "bound": name}
                for (st, u), name in zip(bounds, ("lower", "upper"))], None
    unit = None if not _needs_unit(stated, fact["unit"]) else fact["unit"]
    if _parses(stated, unit, units) is None:
        return [], fact["doubt"] or "the numbers grammar of park files cannot read it"
    return [{"stated": stated, "unit": unit, "review": fact["doubt"], "bound": None}], None


def draft_park_file(text: str, *, file: str, park_id: str, ref_date=None) -> str:
    """A park-file skeleton (YAML, the format of ``data/README.md``) for a new document.

    ``sources`` names ``file`` (a path relative to the project root); ``metrics`` has one
    entry per fact of :func:`extract_facts`, with ``stated``, ``period``, ``unit`` where the
    text implies it, ``status`` where the wording suggests a target or an estimate, and a cite
    with its quote. A fact the extractor doubted (a rank bound, a unit stated once for a list,
    a measure word the unit table lacks) carries ``review: true`` and ``review_reason``, which
    ``parklens validate`` notes until they are deleted; a range becomes its two bounds, both
    for review. What the extractor saw and dropped (years, slogans, ordinals ...) and any fact
    a park file cannot state is listed at the end as a comment with the reason, so nothing
    disappears. What only a curator can decide is a placeholder ``todo`` on a line marked
    ``# TODO`` (indicator, park names, title, outlet, and the date or period where none is
    known); guessed values (park type, measure, document type) carry a ``# TODO: check``
    comment. ``ref_date`` is the document's date; without it the document's own date line
    is used (:func:`document_date`). Raises ValueError for a ``park_id`` that is not
    lower-case ascii.

    >>> draft = draft_park_file("目前入驻企业120多家。", file="seeds/new.txt",
    ...                         park_id="new_park", ref_date="2025-01-08")
    >>> m = yaml.safe_load(draft)["metrics"][0]
    >>> m["indicator"], m["stated"], m["period"], m["cites"][0]["quote"]
    ('todo', '120多家', '目前', '目前入驻企业120多家')
    """
    if not _ID.match(park_id or ""):
        raise ValueError(f"park id {park_id!r} is not valid: use lower-case ascii letters, "
                         "digits and _, starting with a letter (it is also the file name)")
    ref = as_date(ref_date)
    found = document_date(text)
    date = ref or found.date
    units = load_units()
    records, dropped = read_document(text, ref_date=date, units=units)
    reading = reading_units(tuple(sorted(units.items())))
    source_id = f"{park_id}_src"
    park_type = next((t for word, t in _PARK_TYPE_WORDS if word in text), "industrial_park")
    clauses = [one_line(c) for c in re.split(r"[，,；;。！？!?：:\n]", text)]
    park_quote = next((c for c in clauses if _PARK_WORDS.search(c) and len(c) >= 8), None) or \
        next((c for c in clauses if c), "todo")

    out = [
        f"# Draft park file for {comment_text(file)}, written by `parklens extract --draft`.",
        "# The figures, periods and quotes were found automatically: check each against the",
        "# document and delete what is not a figure of the park. Replace every `todo` (lines",
        "# marked TODO), confirm the guesses marked `TODO: check`, check the figures marked",
        "# `review: true` and delete their review lines, then run `parklens validate`. What",
        "# the extractor saw and left out is listed at the end, each with the reason.",
        "park:",
        f"  id: {park_id}",
        '  name_zh: "todo"  # TODO: the park\'s name as the document writes it',
        '  name_en: "todo"  # TODO: the English name',
        '  province: "todo"  # TODO: e.g. 河南省',
        f"  type: {park_type}  # TODO: check (guessed from the wording); "
        "see vocab/terms.yaml park_type",
        "  leading_industries: []  # TODO: ids of vocab/industries.yaml",
        "  cites:",
        f"    - {{source: {source_id}, quote: {_q(park_quote)}}}  "
        "# TODO: check: where the document describes the park",
        "",
        "sources:",
        f"  - id: {source_id}",
        f"    file: {_q(file)}  # relative to the project root (the folder that holds data/)",
        '    title: "todo"  # TODO: the title as printed, or a descriptive one in [brackets]',
        '    outlet: "todo"  # TODO: who published it',
        "    doc_type: newspaper_report  # TODO: check; see vocab/terms.yaml doc_type",
    ]
    if date is None:
        out += ["    date: todo  # TODO: the document's date, YYYY-MM-DD",
                "    date_basis: inferred  # TODO: check: printed if the document prints it"]
    elif ref is not None:
        out += [f"    date: {date.isoformat()}",
                "    date_basis: inferred  # TODO: check: given with --date"]
    else:
        out += [f"    date: {date.isoformat()}",
                f"    date_basis: {found.basis}  # TODO: check",
                f"    date_note: {_q('Date from ' + found.how)}"]
    entries, not_drafted = [], []
    for fact in records:
        figures, why = _draft_figures(fact, reading)
        if not figures:
            not_drafted.append((fact["start"], fact["stated"], why))
        entries += [(fact, fig) for fig in figures]
    out += ["", "metrics:" if entries else "metrics: []"]
    for n, (fact, fig) in enumerate(entries, start=1):
        words = comment_text(fact["indicator_words"])
        out += [f"  - id: {park_id}_{n:03d}",
                f"    indicator: todo  # TODO: choose from vocab/indicators.yaml "
                f"(the text says: {words or '-'}{_indicator_hint(words)})",
                f"    measure: {_measure(fact)}  # TODO: check (guessed: {fact['kind']})"]
        if fact["period"] is not None:
            out.append(f"    period: {_q(fact['period_stated'])}")
        else:
            hint = f" (the sentence says {comment_text(fact['period_stated'])})" \
                if fact["period_stated"] else ""
            out.append(f"    period: todo  # TODO: the period, e.g. 2023年 or 目前{hint}")
        out.append(f"    stated: {_q(fig['stated'])}")
        if fig["unit"] is not None:
            out.append(f"    unit: {_q(fig['unit'])}  # TODO: check: implied by the wording")
        if fact["status"] != "actual":
            out.append(f"    status: {fact['status']}  # TODO: check (guessed from the wording)")
        if fig["review"]:
            out += ["    review: true  # TODO: check, then delete this line and the next",
                    f"    review_reason: {_q(fig['review'])}"]
        out += ["    cites:",
                f"      - {{source: {source_id}, quote: {_q(fact['quote'])}}}"]
    seen = sorted([(f["start"], f["stated"], f["reason"]) for f in dropped] + not_drafted)
    if seen:
        out += ["", "# Seen and left out: each candidate the extractor did not draft, at its "
                "character offset,", "# with the reason. Add any that is a figure of the park "
                "as a metric above."]
        out += [f"#   at {at}: {comment_text(stated)} -- {comment_text(why)}" for at, stated, why in seen]
    return "\n".join(out) + "\n"


_VOCAB_SUFFIXES = (".yaml", ".csv")


def write_draft_folder(document: Path, text: str, folder: Path, *, park_id: str,
                       ref_date=None) -> Path:
    """A ready dataset at ``folder`` for one new document, wherever it lies: the document
    copied byte for byte to ``folder/seeds/``, the draft to ``folder/data/parks/<park_id>.yaml``
    and the bundled vocabularies to ``folder/data/vocab/``, so ``parklens validate
    folder/data`` checks it (reporting only what the curator must fill in). Each file is
    written atomically; an existing park file or document of another content is never
    overwritten (FileExistsError). Returns the park file's path."""
    from ..export import write_bytes, write_text

    folder = Path(folder)
    seeds, parks, vocab = folder / "seeds", folder / "data" / "parks", folder / "data" / "vocab"
    copy = seeds / document.name
    draft = parks / f"{park_id}.yaml"
    data = document.read_bytes()
    if draft.exists():
        raise FileExistsError(f"{draft} exists")
    if copy.exists() and copy.read_bytes() != data:
        raise FileExistsError(f"{copy} exists with other content")
    for sub in (seeds, parks, vocab):
        sub.mkdir(parents=True, exist_ok=True)
    if not copy.exists():
        write_bytes(data, copy)
    for src in sorted((default_data_dir() / "vocab").iterdir()):
        target = vocab / src.name
        if src.suffix in _VOCAB_SUFFIXES and src.is_file() and not target.exists():
            write_bytes(src.read_bytes(), target)
    write_text(draft_park_file(text, file=f"seeds/{document.name}", park_id=park_id,
                               ref_date=ref_date), draft)
    return draft


def park_id_for(path: Path) -> str:
    """The park id a draft for ``path`` gets: its name in lower-case ascii (a valid id)."""
    ident = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")[:60]
    return ident if _ID.match(ident) else f"park_{ident}".rstrip("_")
