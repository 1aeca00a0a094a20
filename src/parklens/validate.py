"""Check a dataset folder and report every problem with file, line and the fix.

``check(data_dir)`` returns the parsed dataset and the list of problems; ``validate`` raises
:class:`DataError` listing them all. :func:`parklens.load` refuses a dataset with problems the
same way, so no caller ever sees half a dataset.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from . import schema
from .cache import file_digest
from .paths import default_data_dir
from .periods import Period, PeriodError, parse_period
from .units import Quantity, QuantityError, Unit, base_flags, parse_factor, parse_quantity
from .yamlfile import Problem, ProblemList, YamlDocument, brief, format_where, read_yaml

__all__ = ["DataError", "Checked", "ParsedFigure", "check", "validate", "normalize_ws"]

_WS = re.compile(r"\s+")
_PERCENT_MEASURES = {"yoy_growth", "avg_annual_growth", "share", "plan_completion"}

#: A quote needs this many letters or digits (punctuation and white space not counted): the
#: shortest quote of the bundled data has 6 (狠抓“三散”治理), and a phrase of fewer than 4
#: characters (一个, 4.7%) occurs all over a document, so "found" would prove nothing.
MIN_QUOTE_CHARS = 4
#: Beyond this length a quote that is not found gets no near-miss hint: the search grows with
#: the square of the quote's length, and a hint longer than a line does not help.
_HINT_MAX_CHARS = 200

#: The values a measure can take, in percent (None: no bound). A share is a part of a whole;
#: a quantity cannot fall by more than all of it; a plan cannot be completed less than not at
#: all (it can be over-fulfilled).
_PERCENT_BOUNDS = {"share": (0.0, 100.0), "yoy_growth": (-100.0, None),
                   "avg_annual_growth": (-100.0, None), "plan_completion": (0.0, None)}


def normalize_ws(text: str) -> str:
    """Text with all white space and line breaks removed: the form quotes are compared in."""
    return _WS.sub("", text)


def _clip(message: str, limit: int = 300) -> str:
    """A parser's message cut to a readable length (it quotes the text it was given)."""
    return message if len(message) <= limit else message[:limit] + "…"


def real_chars(text: str) -> int:
    """The letters and digits of ``text`` (any script), without punctuation or white space."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


class DataError(ValueError):
    """The dataset has problems; ``problems`` lists each with file, line and fix (the first
    200 of them; ``total`` counts them all)."""

    def __init__(self, problems: list[Problem], data_dir: Path | None = None):
        self.problems = problems
        self.total = getattr(problems, "total", len(problems))
        self.data_dir = data_dir
        head = f"{self.total} problem{'s' if self.total != 1 else ''} in the dataset"
        if data_dir is not None:
            head += f" at {data_dir}"
        body = "\n".join(f"  {p}" for p in problems)
        if self.total > len(problems):
            body += f"\n  ... and {self.total - len(problems)} more (fix these and check again)"
        super().__init__(f"{head}:\n{body}")


@dataclass(frozen=True)
class ParsedFigure:
    """One (metric, cite) pair with its parsed quantity and period."""

    park_id: str
    metric: schema.Metric
    cite: schema.Cite
    quantity: Quantity
    period: Period


@dataclass
class Checked:
    """A dataset folder, parsed and checked."""

    data_dir: Path
    root: Path
    vocab: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    #: base units whose levels may be negative (money, prices, percentages, percentage points)
    signed_bases: set[str] = field(default_factory=set)
    parks: dict[str, schema.ParkFile] = field(default_factory=dict)
    park_files: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    #: the digest of each source file's bytes as read (the dataset cache's key for it)
    document_digests: dict[str, str] = field(default_factory=dict)
    figures: list[ParsedFigure] = field(default_factory=list)
    #: the national catalogue (``catalogue/devzones_2018.csv``), if the folder has one and
    #: it has no errors (its tables are built by :func:`parklens.load`, not by the check)
    catalogue_file: Path | None = None
    #: each code of that catalogue and the zone names printed with it
    catalogue_codes: dict[str, list[str]] = field(default_factory=dict)
    #: what is worth knowing but not wrong: the catalogue source's own known slips, and
    #: parks' catalogue codes that could not be checked (the dataset has no catalogue)
    notes: list[Problem] = field(default_factory=list)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _pydantic_problems(doc: YamlDocument, err: ValidationError, prefix=()) -> list[Problem]:
    out = []
    for e in err.errors(include_url=False):
        loc = prefix + tuple(e["loc"])
        kind = e["type"]
        if kind == "missing":
            msg, fix = f"required field {loc[-1]!r} is missing", f"add `{loc[-1]}:`"
        elif kind == "extra_forbidden":
            msg = f"unknown field {brief(loc[-1])}"
            fix = "remove it or correct its spelling (fields are listed in data/README.md)"
            if not str(loc[-1]).isascii():
                fix = ("put the text in double quotes: inside {...} an unquoted ',' ends the "
                       "value and the rest becomes a field")
        elif kind == "literal_error":
            expected = e.get("ctx", {}).get("expected", "")
            msg, fix = f"{brief(e['input'])} is not allowed here", f"use one of {expected}"
        elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "source"):
            msg = f"id {brief(e['input'])} is not valid"
            fix = "use lower-case ascii letters, digits and _ , starting with a letter"
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            got = type(e["input"]).__name__
            msg, fix = f"wrong type: {e['msg'].lower()} (got {got} {brief(e['input'])})", \
                "write the value in the expected form (quote text in \"...\")"
        elif "fix" in (e.get("ctx") or {}):  # a check of the schema that names its fix
            msg, fix = e["msg"], e["ctx"]["fix"]
        else:
            msg, fix = e["msg"], "see data/README.md for the expected form"
        out.append(Problem(doc.display, doc.line(loc), format_where(loc), msg, fix))
    return out


def _inside(path: Path, root: Path) -> Path | None:
    """``path`` with every link followed, if it lies inside ``root`` (already resolved);
    None for a path that leaves it or cannot be resolved."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL in the name
        return None
    return real if real.is_relative_to(root) else None


def _outside(display: str, what: str, root: Path) -> Problem:
    # Never name the target or show its content: the file is not ours to read.
    return Problem(display, 1, "", f"{what} is a link to a file outside the dataset folder "
                   f"{root}; it is not read", "copy the file into the dataset folder instead "
                   "of linking to it")


def _misnamed(folder: Path, root: Path) -> list[Problem]:
    """Files of ``folder`` that look like YAML but do not end in ``.yaml``: they would be
    silently left out (and the dataset cache, which keys on ``*.yaml``, would not see them)."""
    out = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yaml":
            out.append(Problem(_display(path, root), 1, "",
                               f"data files end in .yaml; {path.name} would be left out",
                               f"rename it to {path.stem}.yaml"))
    return out


def _load_vocab(c: Checked, problems: list[Problem]) -> None:
    vocab_dir = c.data_dir / "vocab"
    problems += _misnamed(vocab_dir, c.root)
    for name, model in schema.VOCAB_MODELS.items():
        path = vocab_dir / f"{name}.yaml"
        if not path.is_file():
            problems.append(Problem(_display(path, c.root), None, "", "vocabulary file missing",
                                    f"create vocab/{name}.yaml (see data/README.md)"))
            continue
        if _inside(path, c.root) is None:
            problems.append(_outside(_display(path, c.root), f"vocab/{name}.yaml", c.root))
            continue
        doc, probs = read_yaml(path, _display(path, c.root))
        problems += probs
        if doc is None:
            continue
        try:
            c.vocab[name] = TypeAdapter(model).validate_python(doc.data)
        except ValidationError as e:
            problems += _pydantic_problems(doc, e)
            continue
        if name == "units":
            units_file: schema.UnitsFile = c.vocab[name]
            c.signed_bases = {b for b, spec in units_file.base_units.items() if spec.signed}
            for unit, spec in units_file.units.items():
                loc = ("units", unit)
                if spec.base not in units_file.base_units:
                    problems.append(Problem(doc.display, doc.line(loc + ("base",)),
                                            format_where(loc + ("base",)),
                                            f"base unit {brief(spec.base)} is not in base_units",
                                            "add it to base_units or use an existing one"))
                try:
                    c.units[unit] = Unit(unit, spec.base, parse_factor(spec.factor), spec.en,
                                         **base_flags(units_file.base_units.get(spec.base)))
                except QuantityError as e:
                    problems.append(Problem(doc.display, doc.line(loc + ("factor",)),
                                            format_where(loc + ("factor",)), _clip(str(e)),
                                            "write a positive number or a/b"))
        if name == "terms":
            for group, codes in schema.TERM_CODES.items():
                missing = [k for k in codes if k not in c.vocab[name].get(group, {})]
                if missing:
                    problems.append(Problem(doc.display, doc.line((group,)), group,
                                            f"no labels for {', '.join(missing)}",
                                            "add a zh and en label for each"))


#: The files the catalogue is read with, besides the CSV: its metadata and vocabularies.
_CATALOGUE_VOCAB = ("provinces.yaml", "zone_types.yaml", "zone_names.yaml",
                    "catalogue_categories.yaml", "catalogue_industries.csv")
CATALOGUE_FILE = "catalogue/devzones_2018.csv"


def _check_catalogue(c: Checked, problems: list[Problem]) -> None:
    """Check ``catalogue/`` with :func:`parklens.catalogue.check` (errors are problems, the
    source's known slips notes) and, if it has no error, keep its path and codes in ``c``.
    A folder without ``catalogue/`` has no catalogue, which is not a problem. The tables
    (0.1-0.3 s to build) are left to a load that passes: a check that fails needs none."""
    folder = c.data_dir / "catalogue"
    if not folder.is_dir():
        return
    csv_path = c.data_dir / CATALOGUE_FILE
    display = _display(csv_path, c.root)
    if not csv_path.is_file():
        problems.append(Problem(display, None, "", "catalogue/ holds no devzones_2018.csv",
                                "put the catalogue CSV there (see data/README.md), or remove "
                                "the catalogue/ folder"))
        return
    # Every file the catalogue reader opens must be the dataset's own (it falls back to the
    # bundled vocabularies where the folder has none: here that is a missing file instead).
    blocked = False
    for path, required in [(csv_path, True), (csv_path.with_suffix(".yaml"), False)] + [
            (c.data_dir / "vocab" / name, True) for name in _CATALOGUE_VOCAB] + [
            (c.data_dir / "vocab" / "zone_places.csv", False)]:
        shown = _display(path, c.root)
        if not path.exists() and not path.is_symlink():
            if required:
                problems.append(Problem(shown, None, "", "a file the catalogue is read "
                                        "with is missing", f"copy vocab/{path.name} from "
                                        "the bundled data/vocab/ into this dataset"))
                blocked = True
        elif _inside(path, c.root) is None:
            problems.append(_outside(shown, path.relative_to(c.data_dir).as_posix(), c.root))
            blocked = True
    if blocked:
        return
    from dataclasses import replace

    from . import catalogue

    errors = 0
    for p in catalogue.check(csv_path):
        p = replace(p, file=_display(Path(p.file), c.root))
        if p.severity == "known_slip":
            c.notes.append(p)
        else:
            problems.append(p)
            errors += 1
    if not errors:
        c.catalogue_file = csv_path
        c.catalogue_codes = catalogue.zone_names(csv_path)


def _check_catalogue_link(c: Checked, doc: YamlDocument, link: schema.CatalogueLink,
                          problems: list[Problem]) -> None:
    """A park's ``catalogue.code`` names a zone of the dataset's catalogue (and
    ``catalogue.name_zh``, where given, is that zone's name)."""
    if link.code is None:
        return
    loc = ("catalogue", "code")
    if not (c.data_dir / "catalogue").is_dir():
        # Not an error: a dataset may leave the catalogue out (its tables are then empty),
        # and a park file copied from one that has it keeps its link. Said, not hidden.
        c.notes.append(Problem(doc.display, doc.line(loc), format_where(loc),
                               f"catalogue code {link.code} not checked: the dataset has no "
                               f"{CATALOGUE_FILE}", "add the catalogue to check it"))
        return
    if c.catalogue_file is None:
        return  # the catalogue's own problems are reported; codes cannot be checked
    names = c.catalogue_codes.get(link.code, [])
    if not names:
        problems.append(Problem(doc.display, doc.line(loc), format_where(loc),
                                f"catalogue code {link.code} is not in {CATALOGUE_FILE}",
                                "copy the 代码 of the zone from the catalogue, or write "
                                "`code: null` with why_none"))
    elif link.name_zh is not None and link.name_zh not in names:
        nloc = ("catalogue", "name_zh")
        problems.append(Problem(doc.display, doc.line(nloc), format_where(nloc),
                                f"catalogue zone {link.code} is {brief('、'.join(names))}, not "
                                f"{brief(link.name_zh)}", "check the code, or copy the "
                                "开发区名称 of that code exactly"))
    elif len(names) > 1 and link.name_zh is None:
        problems.append(Problem(doc.display, doc.line(loc), format_where(loc),
                                f"catalogue code {link.code} is printed on {len(names)} zones "
                                f"({brief('、'.join(names))}), a slip of the source",
                                "add `name_zh:` with the name of the zone meant"))


def _read_documents(c: Checked, sources: dict[str, tuple[str, schema.Source, YamlDocument, tuple]],
                    problems: list[Problem]) -> None:
    texts: dict[Path, str] = {}  # one string per file, however many sources name it
    for sid, (park_id, src, doc, loc) in sources.items():
        where = loc + ("file",)

        def problem(message: str, fix: str) -> None:
            problems.append(Problem(doc.display, doc.line(where), format_where(where),
                                    message, fix))

        named = brief(src.file)
        relative = ("give the path relative to the project root (the folder that holds "
                    "data/), e.g. seeds/000_1081b11f9708eb87.txt")
        if "\0" in src.file or Path(src.file).is_absolute():
            problem(f"source file {named} is not a path inside the dataset folder {c.root}",
                    relative)
            continue
        # Every link followed: a source must be a file of the dataset, not /etc/passwd by way
        # of ../.., an absolute path or a symlink. Nothing of a file outside is read or shown.
        path = _inside(c.root / src.file, c.root)
        if path is None:
            problem(f"source file {named} lies outside the dataset folder {c.root}; it is "
                    "not read", f"{relative}, and copy the document into seeds/ (a link to a "
                    "file elsewhere is refused too)")
            continue
        if path in texts:
            c.documents[sid] = texts[path]
            continue
        if not path.is_file():
            problem(f"source file {named} not found (looked in {c.root})",
                    f"{relative}, and add the file")
            continue
        try:
            raw = path.read_bytes()
        except OSError as e:
            problem(f"source file {named} cannot be read ({e.strerror})",
                    "make the file readable")
            continue
        c.document_digests[src.file] = file_digest(raw)
        try:
            # A byte-order mark marks the encoding, it is not text: offsets count from after it.
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            problem(f"source file {named} is not UTF-8 (byte {e.start})",
                    "convert it to UTF-8 (e.g. iconv -f GBK -t UTF-8)")
            continue
        if not text.strip():  # one problem here, not one "quote not found" per cite
            problem(f"source file {named} is empty",
                    "restore the document's text (a failed download or copy leaves an empty "
                    "file), or remove the source and its cites")
            continue
        c.documents[sid] = texts[path] = text


def closest_passage(quote: str, text: str) -> str | None:
    """The passage of ``text`` (both without white space) most like ``quote``, if any is
    reasonably close: shown beside a quote that is not found, so the fix is a copy away."""
    n = len(quote)
    if not n or not text:
        return None
    starts = {i for i in range(len(text) - n + 1) if text[i] == quote[0]}
    starts |= {i - n + 1 for i in range(n - 1, len(text)) if text[i] == quote[-1]}
    best, best_ratio = None, 0.6
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    slack = max(2, n // 10)  # the quote may have lost or gained a few characters
    for i in sorted(starts):
        for size in range(max(1, n - slack), n + slack + 1):
            window = text[max(i, 0): max(i, 0) + size]
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = window, ratio
    return best


def _check_cite(c: Checked, doc: YamlDocument, loc: tuple, cite: schema.Cite,
                normalized: dict[str, str], known: set[str], problems: list[Problem]) -> bool:
    if cite.source not in normalized:
        if cite.source not in known:
            problems.append(Problem(doc.display, doc.line(loc + ("source",)),
                                    format_where(loc + ("source",)),
                                    f"unknown source {cite.source!r}",
                                    "use the id of an entry under `sources:`"))
        return False
    text = normalized[cite.source]
    quote = normalize_ws(cite.quote)
    if real_chars(quote) < MIN_QUOTE_CHARS:  # white space only, or a word found anywhere
        problems.append(Problem(doc.display, doc.line(loc + ("quote",)),
                                format_where(loc + ("quote",)),
                                f"quote {brief(cite.quote)} is too short to locate the "
                                f"statement (fewer than {MIN_QUOTE_CHARS} letters or digits)",
                                "copy the whole phrase or sentence that states it from the "
                                "document"))
        return False
    if quote not in text:
        # The hint shows a passage of a document of the dataset (never of a file outside it:
        # those are refused before they are read), no longer than the quote itself and at
        # most _HINT_MAX_CHARS; none once the problem list is full.
        full = getattr(problems, "full", False)
        near = closest_passage(quote, text) if len(quote) <= _HINT_MAX_CHARS and not full \
            else None
        hint = f"; the document has {near!r}" if near else ""
        problems.append(Problem(doc.display, doc.line(loc + ("quote",)),
                                format_where(loc + ("quote",)),
                                f"quote not found in source {cite.source}: {brief(cite.quote)}"
                                f"{hint}",
                                "copy the words exactly from the document (only white space "
                                "may differ; keep its punctuation, full- or half-width)"))
        return False
    return True


_PROGRESS_FROM = 200  # park files: below this a load takes seconds and shows no bar


def _progress(paths: list[Path]):
    """``paths``, with a progress bar on stderr when there are many (a first load of a
    national-scale dataset takes minutes; later loads come from the cache)."""
    if len(paths) < _PROGRESS_FROM:
        return paths
    from tqdm.auto import tqdm

    return tqdm(paths, desc="parklens: checking park files", unit="file", leave=False,
                mininterval=1.0)


def check(data_dir: str | Path | None = None, *,
          parks: list[Path] | None = None) -> tuple[Checked, list[Problem]]:
    """Parse and check a dataset folder (``parks/`` and ``vocab/``; source files relative to
    its parent). Returns the parsed data and every problem found. ``parks`` checks only those
    park files (with the vocabularies): what :func:`parklens.load` re-checks after an edit."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    data_dir = data_dir.resolve()
    c = Checked(data_dir=data_dir, root=data_dir.parent)
    problems = ProblemList()
    if not (data_dir / "parks").is_dir():
        problems.append(Problem(str(data_dir), None, "", "no parks/ folder here",
                                "point to a folder laid out like data/ (parks/, vocab/)"))
        return c, problems
    _load_vocab(c, problems)
    _check_catalogue(c, problems)

    # Pass 1: structure of each park file; collect ids.
    docs: dict[str, YamlDocument] = {}
    sources: dict[str, tuple[str, schema.Source, YamlDocument, tuple]] = {}
    seen_ids: dict[tuple[str, str], str] = {}
    park_paths = sorted((data_dir / "parks").glob("*.yaml") if parks is None else parks)
    misnamed = _misnamed(data_dir / "parks", c.root)
    problems += misnamed
    if not park_paths and not misnamed and parks is None:
        problems.append(Problem(_display(data_dir / "parks", c.root), None, "",
                                "no park files (*.yaml)", "add one file per park"))
    for path in _progress(park_paths):
        if _inside(path, c.root) is None:
            problems.append(_outside(_display(path, c.root), f"parks/{path.name}", c.root))
            continue
        doc, probs = read_yaml(path, _display(path, c.root))
        problems += probs
        if doc is None:
            continue
        try:
            pf = schema.ParkFile.model_validate(doc.data)
        except ValidationError as e:
            problems += _pydantic_problems(doc, e)
            continue
        if pf.park.id != path.stem:
            problems.append(Problem(doc.display, doc.line(("park", "id")), "park.id",
                                    f"park id {pf.park.id!r} differs from the file name",
                                    f"name the file {pf.park.id}.yaml or set id: {path.stem}"))
            continue
        docs[pf.park.id] = doc
        c.parks[pf.park.id] = pf
        c.park_files[pf.park.id] = doc.display

        def claim(kind: str, ident: str, loc: tuple) -> None:
            key = (kind, ident)
            here = f"{doc.display}:{doc.line(loc)}"
            if key in seen_ids:
                problems.append(Problem(doc.display, doc.line(loc), format_where(loc),
                                        f"duplicate {kind} id {ident!r} (also at {seen_ids[key]})",
                                        "give each a unique id"))
            else:
                seen_ids[key] = here

        for i, src in enumerate(pf.sources):
            claim("source", src.id, ("sources", i, "id"))
            sources.setdefault(src.id, (pf.park.id, src, doc, ("sources", i)))
        for section, kind in (("metrics", "metric"), ("enterprises", "enterprise"),
                              ("projects", "project"), ("policies", "policy")):
            for i, item in enumerate(getattr(pf, section)):
                claim(kind, item.id, (section, i, "id"))
        inds = [e.industry for e in pf.industries]
        for i, ind in enumerate(inds):
            if inds.index(ind) != i:
                problems.append(Problem(doc.display, doc.line(("industries", i, "industry")),
                                        f"industries[{i}].industry",
                                        f"industry {ind!r} listed twice",
                                        "keep one entry per industry"))

    _read_documents(c, sources, problems)
    normalized: dict[str, str] = {}
    of_text: dict[int, str] = {}  # sources that name the same file share its text object
    for sid, text in c.documents.items():
        if id(text) not in of_text:
            of_text[id(text)] = normalize_ws(text)
        normalized[sid] = of_text[id(text)]
    source_date = {sid: s.date for sid, (_, s, _, _) in sources.items()}
    vocab_ok = all(k in c.vocab for k in ("indicators", "industries", "themes"))
    indicators = c.vocab.get("indicators", {})
    industries = c.vocab.get("industries", {})
    themes = c.vocab.get("themes", {})

    # Pass 2: references, quotes and figures.
    known_sources = set(sources)
    for park_id, pf in c.parks.items():
        doc = docs[park_id]

        def ref(ok: bool, loc: tuple, what: str, value: str, fix: str) -> None:
            if not ok:
                problems.append(Problem(doc.display, doc.line(loc), format_where(loc),
                                        f"unknown {what} {value!r}", fix))

        def cites(loc: tuple, items: list[schema.Cite]) -> list[bool]:
            return [_check_cite(c, doc, loc + ("cites", j), ct, normalized, known_sources,
                                problems)
                    for j, ct in enumerate(items)]

        cites(("park",), pf.park.cites)
        if pf.catalogue is not None:
            cites(("catalogue",), pf.catalogue.cites)
            _check_catalogue_link(c, doc, pf.catalogue, problems)
        if vocab_ok:
            for j, ind in enumerate(pf.park.leading_industries):
                ref(ind in industries, ("park", "leading_industries", j), "industry", ind,
                    "use an id of vocab/industries.yaml or add the industry there")
        own_industries = {e.industry for e in pf.industries}
        enterprises = {e.id for e in pf.enterprises}
        subjects = {park_id} | enterprises | {p.id for p in pf.projects} | own_industries
        for i, e in enumerate(pf.industries):
            cites(("industries", i), e.cites)
            if vocab_ok:
                ref(e.industry in industries, ("industries", i, "industry"), "industry",
                    e.industry, "use an id of vocab/industries.yaml or add the industry there")
        for i, e in enumerate(pf.enterprises):
            cites(("enterprises", i), e.cites)
            if vocab_ok and e.industry is not None:
                ref(e.industry in industries, ("enterprises", i, "industry"), "industry",
                    e.industry, "use an id of vocab/industries.yaml")
        for i, p in enumerate(pf.projects):
            cites(("projects", i), p.cites)
            if p.enterprise is not None:
                ref(p.enterprise in enterprises, ("projects", i, "enterprise"), "enterprise",
                    p.enterprise, "use the id of an entry under `enterprises:` of this file")
            if vocab_ok and p.industry is not None:
                ref(p.industry in industries, ("projects", i, "industry"), "industry",
                    p.industry, "use an id of vocab/industries.yaml")
        for i, p in enumerate(pf.policies):
            cites(("policies", i), p.cites)
            if vocab_ok:
                for j, t in enumerate(p.themes):
                    ref(t in themes, ("policies", i, "themes", j), "theme", t,
                        "use an id of vocab/themes.yaml")

        for i, m in enumerate(pf.metrics):
            loc = ("metrics", i)
            if m.review or m.review_reason:
                _note_review(c, doc, loc, m)
            if vocab_ok:
                ref(m.indicator in indicators, loc + ("indicator",), "indicator", m.indicator,
                    "use an id of vocab/indicators.yaml or add the indicator there")
            ref(m.subject is None or m.subject in subjects, loc + ("subject",), "subject",
                str(m.subject), "use this park's id or the id of an enterprise, project or "
                "industry listed in this file")
            found = cites(loc, m.cites)
            cited = [ct.source for ct in m.cites]
            for j, sid in enumerate(cited):
                if sid in cited[:j]:
                    where = loc + ("cites", j, "source")
                    problems.append(Problem(
                        doc.display, doc.line(where), format_where(where),
                        f"source {sid} is cited twice for one figure",
                        "cite each source once; where a document states the figure twice, "
                        "make the second statement a metric of its own"))
            ref_date = source_date.get(m.cites[0].source)
            try:
                period = parse_period(m.period, ref=ref_date)
            except PeriodError as e:
                problems.append(Problem(doc.display, doc.line(loc + ("period",)),
                                        format_where(loc + ("period",)), _clip(str(e)),
                                        "write the period in a form listed in data/README.md"))
                period = None
            if c.units and m.unit is not None and m.unit not in c.units:
                uloc = loc + ("unit",)  # the mistake is in `unit`, not in every `stated`
                problems.append(Problem(doc.display, doc.line(uloc), format_where(uloc),
                                        f"unknown unit {brief(m.unit)}",
                                        "use a unit of vocab/units.yaml or add it there (with "
                                        "its base unit and factor)"))
                continue
            # a measure that does not fit the figure is reported at `measure` if it is written
            mloc = loc + ("measure",) if loc + ("measure",) in doc.lines else None
            for j, ct in enumerate(m.cites):
                stated = ct.stated or m.stated
                sloc = loc + ("cites", j, "stated") if ct.stated else loc + ("stated",)
                if found[j] and normalize_ws(stated) not in normalize_ws(ct.quote):
                    problems.append(Problem(doc.display, doc.line(sloc), format_where(sloc),
                                            f"stated {brief(stated)} does not occur in its "
                                            f"quote {brief(ct.quote)}",
                                            "copy number, qualifier and unit exactly as the "
                                            "quote has them"))
                if not c.units:
                    continue
                try:
                    q = parse_quantity(stated, unit=m.unit, qualifier=m.qualifier, units=c.units)
                except QuantityError as e:
                    problems.append(Problem(doc.display, doc.line(sloc), format_where(sloc),
                                            _clip(str(e)),
                                            "see the stated forms in data/README.md"))
                    continue
                at = mloc or sloc
                if q.unit_base == "percent" and m.measure not in _PERCENT_MEASURES | {"change"}:
                    problems.append(Problem(
                        doc.display, doc.line(at), format_where(at),
                        f"a percentage ({brief(stated)}) with measure {m.measure!r}",
                        "set measure to yoy_growth, avg_annual_growth, share, plan_completion "
                        "or change"))
                elif q.unit_base != "percent" and m.measure in _PERCENT_MEASURES:
                    problems.append(Problem(
                        doc.display, doc.line(at), format_where(at),
                        f"measure {m.measure!r} needs a percentage, got {brief(stated)}",
                        "state the figure in % or change the measure"))
                if m.measure == "rank" and q.unit_base != "rank":
                    problems.append(Problem(doc.display, doc.line(at), format_where(at),
                                            f"measure 'rank' needs a rank such as 第98位, got "
                                            f"{brief(stated)}",
                                            "state the rank with 第 or a rank unit"))
                bound = _out_of_bounds(m.measure, q, c.signed_bases)
                if bound:
                    problems.append(Problem(doc.display, doc.line(sloc), format_where(sloc),
                                            f"{brief(stated)} {bound[0]}", bound[1]))
                    continue
                if period is not None and found[j]:
                    c.figures.append(ParsedFigure(park_id, m, ct, q, period))
    return c, problems


def _out_of_bounds(measure: str, q: Quantity, signed: set[str]) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a figure outside the values its measure can take."""
    v = q.value_base
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None  # a grade or a magnitude class: no value to bound
    if q.unit_base == "percent" and measure in _PERCENT_BOUNDS:
        low, high = _PERCENT_BOUNDS[measure]
        if (low is not None and v < low) or (high is not None and v > high):
            span = f"between {low:g}% and {high:g}%" if high is not None else \
                f"at least {low:g}%"
            return (f"is outside the range of a {measure} ({span})",
                    "correct the figure as the document states it, or the measure (a rise "
                    "of more than 100% is a yoy_growth, not a share)")
    if q.unit_base == "rank" and measure == "change":
        if v != int(v):   # places gained (-) or lost (+): whole, of either sign
            return ("is not a whole number of places",
                    "state the change as the document does, e.g. 上升3个位次")
    elif q.unit_base == "rank" and (v < 1 or v != int(v)):
        return ("is not a rank (a rank is a whole number from 1)",
                "state the place as the document does, e.g. 第3位")
    # which base units may go below zero is said in vocab/units.yaml (`signed: true`)
    if measure == "level" and v < 0 and q.unit_base not in signed:
        return (f"is a negative level of {q.unit_base}",
                "a stated rise or fall (增加/减少) is measure: change")
    return None


def _note_review(c: Checked, doc: YamlDocument, loc: tuple, m: schema.Metric) -> None:
    """A figure marked for review (``review: true``, as ``parklens extract --draft`` marks
    what it doubted) is noted, not refused: the note stays until the curator removes the mark."""
    where = loc + ("review",) if loc + ("review",) in doc.lines else loc + ("review_reason",)
    reason = f": {brief(m.review_reason)}" if m.review_reason else ""
    c.notes.append(Problem(doc.display, doc.line(where), format_where(where),
                           f"figure {m.id} is marked for review{reason}",
                           "check it against its quote, then delete `review` and "
                           "`review_reason`"))


def validate(data_dir: str | Path | None = None) -> Checked:
    """Check a dataset folder; raise :class:`DataError` listing every problem if any."""
    c, problems = check(data_dir)
    if problems:
        raise DataError(problems, c.data_dir)
    return c
