"""Check a dataset folder and report every problem with file, line and the fix.

``check(data_dir)`` returns the parsed dataset and the list of problems; ``validate`` raises
:class:`DataError` listing them all. :func:`parklens.load` refuses a dataset with problems the
same way, so no caller ever sees half a dataset.
"""

from __future__ import annotations

import difflib
import math
import os
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

__all__ = ["DataError", "Checked", "ParsedFigure", "ParkCheck", "check", "validate",
           "check_vocabularies", "check_park_file", "check_across_files", "normalize_ws"]

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
    """``path`` as shown in a problem: relative to ``root`` where it lies in it. Links are
    not followed: a file of the dataset that links elsewhere is shown where it is."""
    try:
        return str(Path(os.path.normpath(path.absolute())).relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _pydantic_problems(doc: YamlDocument, err: ValidationError, prefix=()) -> list[Problem]:
    out = []
    for e in err.errors(include_url=False):  # pragma: no mutate (the url is never read)
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
            # pydantic's literal_error always carries ctx.expected: the defaults never apply
            expected = e.get("ctx", {}).get("expected", "")  # pragma: no mutate
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
        doc = _read_vocab_file(c, path, problems)
        if doc is None:
            continue
        try:
            c.vocab[name] = TypeAdapter(model).validate_python(doc.data)
        except ValidationError as e:
            problems += _pydantic_problems(doc, e)
            continue
        if name == "units":
            problems += check_units(c, doc)
        if name == "terms":
            problems += check_terms(c.vocab[name], doc)
    problems += check_stopwords(c)


def _read_vocab_file(c: Checked, path: Path, problems: list[Problem]) -> YamlDocument | None:
    """The parsed YAML of a vocabulary file of the dataset (None, with its problems, if it
    is a link to a file outside the dataset or not readable YAML)."""
    if _inside(path, c.root) is None:
        problems.append(_outside(_display(path, c.root), f"vocab/{path.name}", c.root))
        return None
    doc, probs = read_yaml(path, _display(path, c.root))
    problems += probs
    return doc


def check_units(c: Checked, doc: YamlDocument) -> list[Problem]:
    """The rules of ``vocab/units.yaml`` beyond its shape: each unit's base is a base unit
    and its factor a positive number. Fills ``c.units`` and ``c.signed_bases``."""
    problems = []
    units_file: schema.UnitsFile = c.vocab["units"]
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
    return problems


def check_terms(terms: dict[str, dict[str, schema.Term]], doc: YamlDocument) -> list[Problem]:
    """``vocab/terms.yaml`` labels every code of the data model (``schema.TERM_CODES``)."""
    problems = []
    for group, codes in schema.TERM_CODES.items():
        missing = [k for k in codes if k not in terms.get(group, {})]
        if missing:
            problems.append(Problem(doc.display, doc.line((group,)), group,
                                    f"no labels for {', '.join(missing)}",
                                    "add a zh and en label for each"))
    return problems


def check_stopwords(c: Checked) -> list[Problem]:
    """``vocab/stopwords.yaml``, if the dataset has one, is groups of words (as
    :func:`parklens.segment.stopwords` reads it): checked here so that a mistake in it is a
    located problem of ``parklens validate``, not an error of the first notebook that
    segments a text. The file is optional: without it only ``text/stopwords.txt`` is used."""
    path = c.data_dir / "vocab" / "stopwords.yaml"
    if not path.is_file() and not path.is_symlink():
        return []
    problems: list[Problem] = []
    doc = _read_vocab_file(c, path, problems)
    if doc is not None:
        try:
            schema.StopwordsFile.model_validate(doc.data)
        except ValidationError as e:
            problems += _pydantic_problems(doc, e)
    return problems


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


@dataclass
class ParkCheck:
    """One park file, parsed and checked on its own, against the vocabularies and the
    documents its sources name (what :func:`check_park_file` returns). Its findings depend
    on nothing else: the file's bytes, the vocabularies (and catalogue) and those documents.
    What only the whole dataset can tell (an id given in two files) is
    :func:`check_across_files`' part."""

    path: Path
    display: str
    #: the parsed file; None where it cannot be read, does not fit the schema or is misnamed
    park: schema.ParkFile | None = None
    doc: YamlDocument | None = None
    problems: ProblemList = field(default_factory=ProblemList)
    notes: list[Problem] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    #: the text of each source of the file whose document could be read, by source id
    documents: dict[str, str] = field(default_factory=dict)
    #: the digest of each document's bytes as read, by the ``file`` its source names
    document_digests: dict[str, str] = field(default_factory=dict)
    #: each (kind, id) the file gives, with where it first gives it (a path into the file)
    ids: dict[tuple[str, str], tuple] = field(default_factory=dict)
    #: each source's document without white space (what quotes are looked for in)
    normalized: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def park_id(self) -> str | None:
        return self.park.park.id if self.park is not None else None

    def problem(self, loc: tuple, message: str, fix: str) -> None:
        """A problem at ``loc`` (a path of keys and indices into the file)."""
        self.problems.append(Problem(self.doc.display, self.doc.line(loc), format_where(loc),
                                     message, fix))

    def cites(self, loc: tuple, items: list[schema.Cite]) -> list[bool]:
        """Check the cites of the entry at ``loc``; for each, whether its quote was found."""
        return [self.cite(loc + ("cites", j), ct) for j, ct in enumerate(items)]

    def cite(self, loc: tuple, cite: schema.Cite) -> bool:
        return _check_cite(self, loc, cite)

    def reference(self, ok: bool, loc: tuple, what: str, value: str, fix: str) -> None:
        """An id that names nothing: ``unknown <what> '<value>'``."""
        if not ok:
            self.problem(loc, f"unknown {what} {value!r}", fix)


#: Each document read so far, by the path of its file: its text, that text without white
#: space and the digest of its bytes. Sources that name one file (in one park file or many)
#: share one string.
Texts = dict[Path, tuple[str, str, str]]


def check_park_file(path: Path, vocab: Checked, texts: Texts | None = None) -> ParkCheck:
    """Check one park file on its own: its shape, its ids, its sources' documents, every
    reference into the vocabularies of ``vocab`` (a :class:`Checked` with its vocabularies
    and catalogue read, as :func:`check_vocabularies` returns it), every quote and figure.
    ``texts`` shares the documents read between calls. Ids given in other files are not
    seen here: :func:`check_across_files` checks those."""
    out = read_park_file(path, vocab)
    if out.park is None:
        return out
    check_ids(out)
    check_sources(out, vocab, {} if texts is None else texts)
    check_park_header(out, vocab)
    check_industries(out, vocab)
    check_enterprises(out, vocab)
    check_projects(out, vocab)
    check_policies(out, vocab)
    check_metrics(out, vocab)
    return out


def read_park_file(path: Path, vocab: Checked) -> ParkCheck:
    """The park file's shape: a file of the dataset (not a link out of it), readable YAML
    that fits :class:`schema.ParkFile`, named after its park id. ``park`` is None if not."""
    out = ParkCheck(path, _display(path, vocab.root))
    if _inside(path, vocab.root) is None:
        out.problems.append(_outside(out.display, f"parks/{path.name}", vocab.root))
        return out
    doc, probs = read_yaml(path, out.display)
    out.problems += probs
    if doc is None:
        return out
    try:
        pf = schema.ParkFile.model_validate(doc.data)
    except ValidationError as e:
        out.problems += _pydantic_problems(doc, e)
        return out
    if pf.park.id != path.stem:
        out.problems.append(Problem(doc.display, doc.line(("park", "id")), "park.id",
                                    f"park id {pf.park.id!r} differs from the file name",
                                    f"name the file {pf.park.id}.yaml or set id: {path.stem}"))
        return out
    out.park, out.doc = pf, doc
    return out


#: The lists of a park file whose entries have ids, and the kind of thing each id names.
_ID_SECTIONS = (("sources", "source"), ("metrics", "metric"), ("enterprises", "enterprise"),
                ("projects", "project"), ("policies", "policy"))


def check_ids(out: ParkCheck) -> None:
    """Each id is given once in the file (``out.ids`` keeps where each was given, for
    :func:`check_across_files`), and each industry is listed once."""
    pf, doc = out.park, out.doc
    for section, kind in _ID_SECTIONS:
        for i, item in enumerate(getattr(pf, section)):
            loc = (section, i, "id")
            key = (kind, item.id)
            if key in out.ids:
                also = f"{doc.display}:{doc.line(out.ids[key])}"
                out.problem(loc, f"duplicate {kind} id {item.id!r} (also at {also})",
                            "give each a unique id")
            else:
                out.ids[key] = loc
    inds = [e.industry for e in pf.industries]
    for i, ind in enumerate(inds):
        if inds.index(ind) != i:
            out.problems.append(Problem(doc.display, doc.line(("industries", i, "industry")),
                                        f"industries[{i}].industry",
                                        f"industry {ind!r} listed twice",
                                        "keep one entry per industry"))


def check_across_files(parks: list[ParkCheck]) -> list[Problem]:
    """What no park file shows on its own: an id (of a source, metric, enterprise, project
    or policy) given in two files. The first file (in the order given) keeps it; each later
    one is a problem at its id."""
    problems = []
    first: dict[tuple[str, str], tuple[ParkCheck, tuple]] = {}
    for out in parks:
        for key, loc in out.ids.items():
            if key not in first:
                first[key] = (out, loc)
                continue
            kind, ident = key
            other, other_loc = first[key]
            problems.append(Problem(out.doc.display, out.doc.line(loc), format_where(loc),
                                    f"duplicate {kind} id {ident!r} (also at "
                                    f"{other.doc.display}:{other.doc.line(other_loc)})",
                                    "give each a unique id"))
    return problems


def check_catalogue_link(out: ParkCheck, vocab: Checked) -> None:
    """A park's ``catalogue.code`` names a zone of the dataset's catalogue (and
    ``catalogue.name_zh``, where given, is that zone's name)."""
    link = out.park.catalogue
    if link is None or link.code is None:
        return
    loc = ("catalogue", "code")
    if not (vocab.data_dir / "catalogue").is_dir():
        # Not an error: a dataset may leave the catalogue out (its tables are then empty),
        # and a park file copied from one that has it keeps its link. Said, not hidden.
        out.notes.append(Problem(out.doc.display, out.doc.line(loc), format_where(loc),
                                 f"catalogue code {link.code} not checked: the dataset has no "
                                 f"{CATALOGUE_FILE}", "add the catalogue to check it"))
        return
    if vocab.catalogue_file is None:
        return  # the catalogue's own problems are reported; codes cannot be checked
    # no default and None are alike here: only `not names` reads a code that is not there
    names = vocab.catalogue_codes.get(link.code, [])  # pragma: no mutate
    if not names:
        out.problem(loc, f"catalogue code {link.code} is not in {CATALOGUE_FILE}",
                    "copy the 代码 of the zone from the catalogue, or write `code: null` "
                    "with why_none")
    elif link.name_zh is not None and link.name_zh not in names:
        out.problem(("catalogue", "name_zh"), f"catalogue zone {link.code} is "
                    f"{brief('、'.join(names))}, not {brief(link.name_zh)}",
                    "check the code, or copy the 开发区名称 of that code exactly")
    elif len(names) > 1 and link.name_zh is None:
        out.problem(loc, f"catalogue code {link.code} is printed on {len(names)} zones "
                    f"({brief('、'.join(names))}), a slip of the source",
                    "add `name_zh:` with the name of the zone meant")


def check_sources(out: ParkCheck, vocab: Checked, texts: Texts) -> None:
    """Each source names a readable UTF-8 document of the dataset (never a file outside
    it: nothing of such a file is read or shown). Fills ``out.documents``, keeping one
    string for every source that names one file (``texts`` is shared between files)."""
    root, doc = vocab.root, out.doc
    for i, src in enumerate(out.park.sources):
        if src.id in out.normalized or any(s.id == src.id for s in out.park.sources[:i]):
            continue  # a duplicate id (a problem of check_ids): the first one is read
        where = ("sources", i, "file")
        named = brief(src.file)
        relative = ("give the path relative to the project root (the folder that holds "
                    "data/), e.g. seeds/000_1081b11f9708eb87.txt")
        if "\0" in src.file or Path(src.file).is_absolute():
            out.problem(where, f"source file {named} is not a path inside the dataset folder "
                        f"{root}", relative)
            continue
        # Every link followed: a source must be a file of the dataset, not /etc/passwd by way
        # of ../.., an absolute path or a symlink. Nothing of a file outside is read or shown.
        path = _inside(root / src.file, root)
        if path is None:
            out.problem(where, f"source file {named} lies outside the dataset folder {root}; "
                        "it is not read", f"{relative}, and copy the document into seeds/ (a "
                        "link to a file elsewhere is refused too)")
            continue
        if path not in texts:
            read = _read_document(out, where, named, path, root, relative)
            if read is None:
                continue
            texts[path] = read
        out.documents[src.id], out.normalized[src.id], digest = texts[path]
        out.document_digests[src.file] = digest


def _read_document(out: ParkCheck, where: tuple, named: str, path: Path, root: Path,
                   relative: str) -> tuple[str, str, str] | None:
    """The text of a source's document, that text without white space and the digest of the
    file's bytes (None, with the problem at ``where``, if it cannot be used)."""
    if not path.is_file():
        out.problem(where, f"source file {named} not found (looked in {root})",
                    f"{relative}, and add the file")
        return None
    try:
        raw = path.read_bytes()
    except OSError as e:
        out.problem(where, f"source file {named} cannot be read ({e.strerror})",
                    "make the file readable")
        return None
    digest = file_digest(raw)
    try:
        # A byte-order mark marks the encoding, it is not text: offsets count from after it.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        out.problem(where, f"source file {named} is not UTF-8 (byte {e.start})",
                    "convert it to UTF-8 (e.g. iconv -f GBK -t UTF-8)")
        return None
    if not text.strip():  # one problem here, not one "quote not found" per cite
        out.problem(where, f"source file {named} is empty",
                    "restore the document's text (a failed download or copy leaves an empty "
                    "file), or remove the source and its cites")
        return None
    return text, normalize_ws(text), digest


def closest_passage(quote: str, text: str) -> str | None:
    """The passage of ``text`` (both without white space) most like ``quote``, if any is
    reasonably close: shown beside a quote that is not found, so the fix is a copy away."""
    n = len(quote)
    if not n or not text:
        return None
    starts = {i for i in range(len(text) - n + 1) if text[i] == quote[0]}
    starts |= {i - n + 1 for i in range(n - 1, len(text)) if text[i] == quote[-1]}
    best, best_ratio = None, 0.6
    # autojunk acts on sequences of 200 or more: the quote has at most _HINT_MAX_CHARS (200)
    matcher = difflib.SequenceMatcher(autojunk=False)  # pragma: no mutate
    matcher.set_seq2(quote)
    slack = max(2, n // 10)  # the quote may have lost or gained a few characters
    for i in sorted(starts):
        for size in range(max(1, n - slack), n + slack + 1):
            window = text[max(i, 0): max(i, 0) + size]
            matcher.set_seq1(window)
            if _may_beat(matcher, best_ratio):
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = window, ratio
    return best


def _may_beat(matcher: difflib.SequenceMatcher, ratio: float) -> bool:
    """Whether ``matcher.ratio()`` may exceed ``ratio``, by its two cheap upper bounds: a
    filter that saves time and decides nothing (the caller compares ``ratio()`` itself), so a
    change that lets more windows through cannot be seen from outside."""
    return matcher.real_quick_ratio() > ratio and matcher.quick_ratio() > ratio  # pragma: no mutate


def _check_cite(out: ParkCheck, loc: tuple, cite: schema.Cite) -> bool:
    """A cite names a source of its file and quotes its document (white space aside);
    whether the quote was found."""
    if cite.source not in out.normalized:
        if not any(s.id == cite.source for s in out.park.sources):  # else: its file failed
            out.problem(loc + ("source",), f"unknown source {cite.source!r}",
                        "use the id of an entry under `sources:`")
        return False
    text = out.normalized[cite.source]
    quote = normalize_ws(cite.quote)
    if real_chars(quote) < MIN_QUOTE_CHARS:  # white space only, or a word found anywhere
        out.problem(loc + ("quote",), f"quote {brief(cite.quote)} is too short to locate the "
                    f"statement (fewer than {MIN_QUOTE_CHARS} letters or digits)",
                    "copy the whole phrase or sentence that states it from the document")
        return False
    if quote not in text:
        # The hint shows a passage of a document of the dataset (never of a file outside it:
        # those are refused before they are read), no longer than the quote itself and at
        # most _HINT_MAX_CHARS; none once the problem list is full.
        near = closest_passage(quote, text) \
            if len(quote) <= _HINT_MAX_CHARS and not out.problems.full else None
        hint = f"; the document has {near!r}" if near else ""
        out.problem(loc + ("quote",), f"quote not found in source {cite.source}: "
                    f"{brief(cite.quote)}{hint}",
                    "copy the words exactly from the document (only white space may differ; "
                    "keep its punctuation, full- or half-width)")
        return False
    return True


_INDUSTRY_FIX = "use an id of vocab/industries.yaml"
_INDUSTRY_OR_ADD = _INDUSTRY_FIX + " or add the industry there"


def _has_vocab(vocab: Checked) -> bool:
    """Whether the vocabularies that park files refer to were read (if one was not, its
    own problem is reported and references into it are not checked)."""
    return all(k in vocab.vocab for k in ("indicators", "industries", "themes"))


def check_park_header(out: ParkCheck, vocab: Checked) -> None:
    """``park:`` and ``catalogue:``: their cites, the leading industries, the catalogue
    link. Notes a catalogue code that cannot be checked (the dataset has no catalogue)."""
    pf = out.park
    out.cites(("park",), pf.park.cites)
    if pf.catalogue is not None:
        out.cites(("catalogue",), pf.catalogue.cites)
        check_catalogue_link(out, vocab)
    if _has_vocab(vocab):
        for j, ind in enumerate(pf.park.leading_industries):
            out.reference(ind in vocab.vocab["industries"], ("park", "leading_industries", j),
                          "industry", ind, _INDUSTRY_OR_ADD)


def check_industries(out: ParkCheck, vocab: Checked) -> None:
    """``industries:``: each entry's cites and industry id."""
    for i, e in enumerate(out.park.industries):
        out.cites(("industries", i), e.cites)
        if _has_vocab(vocab):
            out.reference(e.industry in vocab.vocab["industries"], ("industries", i, "industry"),
                          "industry", e.industry, _INDUSTRY_OR_ADD)


def check_enterprises(out: ParkCheck, vocab: Checked) -> None:
    """``enterprises:``: each entry's cites and industry id (where given)."""
    for i, e in enumerate(out.park.enterprises):
        out.cites(("enterprises", i), e.cites)
        if _has_vocab(vocab) and e.industry is not None:
            out.reference(e.industry in vocab.vocab["industries"],
                          ("enterprises", i, "industry"), "industry", e.industry, _INDUSTRY_FIX)


def check_projects(out: ParkCheck, vocab: Checked) -> None:
    """``projects:``: each entry's cites, its enterprise (an entry of the same file) and its
    industry id."""
    enterprises = {e.id for e in out.park.enterprises}
    for i, p in enumerate(out.park.projects):
        out.cites(("projects", i), p.cites)
        if p.enterprise is not None:
            out.reference(p.enterprise in enterprises, ("projects", i, "enterprise"),
                          "enterprise", p.enterprise,
                          "use the id of an entry under `enterprises:` of this file")
        if _has_vocab(vocab) and p.industry is not None:
            out.reference(p.industry in vocab.vocab["industries"], ("projects", i, "industry"),
                          "industry", p.industry, _INDUSTRY_FIX)


def check_policies(out: ParkCheck, vocab: Checked) -> None:
    """``policies:`` (formulas, slogans, mechanisms...): each entry's cites and theme ids."""
    for i, p in enumerate(out.park.policies):
        out.cites(("policies", i), p.cites)
        if _has_vocab(vocab):
            for j, t in enumerate(p.themes):
                out.reference(t in vocab.vocab["themes"], ("policies", i, "themes", j), "theme",
                              t, "use an id of vocab/themes.yaml")


def check_metrics(out: ParkCheck, vocab: Checked) -> None:
    """``metrics:``: each figure (:func:`check_metric`); the figures that pass go to
    ``out.figures``."""
    pf = out.park
    subjects = ({pf.park.id} | {e.id for e in pf.enterprises} | {p.id for p in pf.projects}
                | {e.industry for e in pf.industries})
    for i, m in enumerate(pf.metrics):
        check_metric(out, vocab, i, m, subjects)


def check_metric(out: ParkCheck, vocab: Checked, i: int, m: schema.Metric,
                 subjects: set[str]) -> None:
    """One figure, ``metrics[i]``: review mark, indicator, subject, cites (each source once),
    period, unit, and for each cite its stated form: found in the quote, parsed, fitting the
    measure and within the measure's bounds."""
    loc = ("metrics", i)
    doc = out.doc
    if m.review or m.review_reason:
        _note_review(out, loc, m)
    if _has_vocab(vocab):
        out.reference(m.indicator in vocab.vocab["indicators"], loc + ("indicator",),
                      "indicator", m.indicator,
                      "use an id of vocab/indicators.yaml or add the indicator there")
    out.reference(m.subject is None or m.subject in subjects, loc + ("subject",), "subject",
                  str(m.subject), "use this park's id or the id of an enterprise, project or "
                  "industry listed in this file")
    found = out.cites(loc, m.cites)
    cited = [ct.source for ct in m.cites]
    for j, sid in enumerate(cited):
        if sid in cited[:j]:
            out.problem(loc + ("cites", j, "source"),
                        f"source {sid} is cited twice for one figure",
                        "cite each source once; where a document states the figure twice, "
                        "make the second statement a metric of its own")
    period = _metric_period(out, loc, m)
    if vocab.units and m.unit is not None and m.unit not in vocab.units:
        # the mistake is in `unit`, not in every `stated`
        out.problem(loc + ("unit",), f"unknown unit {brief(m.unit)}",
                    "use a unit of vocab/units.yaml or add it there (with its base unit and "
                    "factor)")
        return
    # a measure that does not fit the figure is reported at `measure` if it is written
    mloc = loc + ("measure",) if loc + ("measure",) in doc.lines else None
    for j, ct in enumerate(m.cites):
        stated = ct.stated or m.stated
        sloc = loc + ("cites", j, "stated") if ct.stated else loc + ("stated",)
        if found[j] and normalize_ws(stated) not in normalize_ws(ct.quote):
            out.problem(sloc, f"stated {brief(stated)} does not occur in its quote "
                        f"{brief(ct.quote)}",
                        "copy number, qualifier and unit exactly as the quote has them")
        if not vocab.units:
            continue
        try:
            q = parse_quantity(stated, unit=m.unit, qualifier=m.qualifier, units=vocab.units)
        except QuantityError as e:
            out.problem(sloc, _clip(str(e)), e.fix or "see the stated forms in data/README.md")
            continue
        _check_measure_fits(out, mloc or sloc, m.measure, q, stated)
        bound = _out_of_bounds(m.measure, q, vocab.signed_bases)
        if bound:
            out.problem(sloc, f"{brief(stated)} {bound[0]}", bound[1])
            continue
        if period is not None and found[j]:
            out.figures.append(ParsedFigure(out.park.park.id, m, ct, q, period))


def _metric_period(out: ParkCheck, loc: tuple, m: schema.Metric) -> Period | None:
    """The figure's period, read relative to the date of its first cite's source (so
    今年 is that document's year); None, with the problem, if it does not parse."""
    ref_date = next((s.date for s in out.park.sources if s.id == m.cites[0].source), None)
    try:
        return parse_period(m.period, ref=ref_date)
    except PeriodError as e:
        out.problem(loc + ("period",), _clip(str(e)),
                    "write the period in a form listed in data/README.md")
        return None


def _check_measure_fits(out: ParkCheck, at: tuple, measure: str, q: Quantity,
                        stated: str) -> None:
    """A percentage goes with a measure in percent (or a change), a measure in percent
    with a percentage, a rank with a rank."""
    if q.unit_base == "percent" and measure not in _PERCENT_MEASURES | {"change"}:
        out.problem(at, f"a percentage ({brief(stated)}) with measure {measure!r}",
                    "set measure to yoy_growth, avg_annual_growth, share, plan_completion "
                    "or change")
    elif q.unit_base != "percent" and measure in _PERCENT_MEASURES:
        out.problem(at, f"measure {measure!r} needs a percentage, got {brief(stated)}",
                    "state the figure in % or change the measure")
    if measure == "rank" and q.unit_base != "rank":
        out.problem(at, f"measure 'rank' needs a rank such as 第98位, got {brief(stated)}",
                    "state the rank with 第 or a rank unit")


_PROGRESS_FROM = 200  # park files: below this a load takes seconds and shows no bar


def progress(paths: list[Path]):
    """``paths``, with a progress bar on stderr when there are many (a first load of a
    national-scale dataset takes minutes; later loads come from the cache)."""
    if len(paths) < _PROGRESS_FROM:
        return paths
    from tqdm.auto import tqdm

    return tqdm(paths, desc="parklens: checking park files", unit="file", leave=False,
                mininterval=1.0)


def check_park_folder(c: Checked) -> list[Problem]:
    """What the folder ``parks/`` of ``c`` says as a whole: a file that looks like a park
    file but would be left out (``.yml``), or no park file at all."""
    parks_dir = c.data_dir / "parks"
    misnamed = _misnamed(parks_dir, c.root)
    if misnamed or any(parks_dir.glob("*.yaml")):
        return misnamed
    return [Problem(_display(parks_dir, c.root), None, "", "no park files (*.yaml)",
                    "add one file per park")]


def check_vocabularies(data_dir: str | Path | None = None) -> tuple[Checked, list[Problem]]:
    """Read and check the vocabularies (``vocab/``) and the catalogue (``catalogue/``) of a
    dataset folder: the :class:`Checked` that :func:`check_park_file` checks park files
    against (its parks still empty), and the problems found."""
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
    return c, problems


def check(data_dir: str | Path | None = None, *,
          parks: list[Path] | None = None) -> tuple[Checked, list[Problem]]:
    """Parse and check a dataset folder (``parks/`` and ``vocab/``; source files relative to
    its parent). Returns the parsed data and every problem found. ``parks`` checks only those
    park files (with the vocabularies): what :func:`parklens.load` re-checks after an edit."""
    c, problems = check_vocabularies(data_dir)
    parks_dir = c.data_dir / "parks"
    if not parks_dir.is_dir():
        return c, problems
    park_paths = sorted(parks_dir.glob("*.yaml") if parks is None else parks)
    if parks is None:
        problems += check_park_folder(c)
    texts: Texts = {}
    checked = [check_park_file(path, c, texts) for path in progress(park_paths)]
    for out in checked:
        problems += out.problems
        c.notes += out.notes
        if out.park is None:
            continue
        c.parks[out.park_id] = out.park
        c.park_files[out.park_id] = out.display
        c.documents.update(out.documents)
        c.document_digests.update(out.document_digests)
        c.figures += out.figures
    problems += check_across_files([out for out in checked if out.park is not None])
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


def _note_review(out: ParkCheck, loc: tuple, m: schema.Metric) -> None:
    """A figure marked for review (``review: true``, as ``parklens extract --draft`` marks
    what it doubted) is noted, not refused: the note stays until the curator removes the mark."""
    doc = out.doc
    where = loc + ("review",) if loc + ("review",) in doc.lines else loc + ("review_reason",)
    reason = f": {brief(m.review_reason)}" if m.review_reason else ""
    out.notes.append(Problem(doc.display, doc.line(where), format_where(where),
                             f"figure {m.id} is marked for review{reason}",
                             "check it against its quote, then delete `review` and "
                             "`review_reason`"))


def validate(data_dir: str | Path | None = None) -> Checked:
    """Check a dataset folder; raise :class:`DataError` listing every problem if any."""
    c, problems = check(data_dir)
    if problems:
        raise DataError(problems, c.data_dir)
    return c
