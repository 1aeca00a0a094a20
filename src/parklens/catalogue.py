"""The 2018 national catalogue of development zones as tidy tables, its checks and helpers.

《中国开发区审核公告目录》（2018年版）(announcement 2018 No. 4 of the NDRC and five ministries) lists
2,543 zones. ``load()`` reads ``data/catalogue/devzones_2018.csv`` (kept byte for byte as
published) with its metadata and the vocabularies in ``data/vocab/`` (provinces, zone types,
name parts and places, the leading-industry mapping) and returns a :class:`Catalogue`:

- ``zones``: one row per zone (``code, name_zh, name_en, province, province_code,
  province_en, level, type, type_zh, type_en, approved, approved_2, area_ha,
  leading_industries``);
- ``industries``: one row per zone × stated leading industry, with its categories,
  GB/T 4754-2017 codes, strategic emerging industry categories, the parks' industry id and
  a confidence.

``check(path)`` returns the file's problems in the style of :mod:`parklens.validate` (file,
line, what is wrong, the fix); the source's own slips listed in the metadata come back as
``severity == "known_slip"``, never silently dropped. The helpers at the end (``peers``,
``standing``, ``industry_profile``, ``by_province_type``) take and return tidy frames.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .paths import default_data_dir
from .yamlfile import Problem, read_yaml

__all__ = [
    "Catalogue", "CatalogueError", "CatalogueProblem", "load", "check", "english_name",
    "peers", "standing", "industry_profile", "by_province_type", "coverage", "empty_tables",
    "zone_names", "zone_of", "approval_waves", "area_by_type", "province_counts", "categories",
    "categories_by_province",
]

COLUMNS = ["序号", "代码", "开发区名称", "省份", "批准级别", "开发区类型", "批准时间", "核准面积_公顷", "主导产业"]
LEVELS = {"国务院": "national", "省政府": "provincial"}
CODE_LETTER = {"national": "G", "provincial": "S"}
# Bounds against hostile files: the real catalogue is 0.3 MB and 2,543 rows
MAX_BYTES = 20_000_000
MAX_ROWS = 100_000
MAX_FIELD = 2_000
_CODE = re.compile(r"[GS]\d{6}")
_DATE = re.compile(r"(\d{4})\.(0[1-9]|1[0-2])")
_AREA = re.compile(r"\d+(\.\d+)?")
FIRST_YEAR, LAST_YEAR = 1984, 2018  # the first zones (Dalian, 1984) to the catalogue's year


@dataclass(frozen=True)
class CatalogueProblem(Problem):
    """A :class:`parklens.yamlfile.Problem` with a severity: ``error`` or ``known_slip``."""

    severity: str = "error"


class CatalogueError(ValueError):
    """The catalogue file has errors; ``problems`` lists each with file, line and fix."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        body = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                         f"in the catalogue:\n{body}")


@dataclass
class Catalogue:
    """The catalogue's tables and the metadata they were read with."""

    zones: pd.DataFrame
    industries: pd.DataFrame
    metadata: dict
    problems: list[CatalogueProblem]


def default_path() -> Path:
    return default_data_dir() / "catalogue" / "devzones_2018.csv"


def resolve(path: str | Path | None) -> Path:
    """The catalogue CSV: ``path`` itself, or the catalogue of a data folder given instead."""
    if path is None:
        return default_path()
    path = Path(path)
    if path.is_dir():
        for candidate in (path / "catalogue" / "devzones_2018.csv", path / "devzones_2018.csv"):
            if candidate.is_file():
                return candidate
    return path


# ---------------------------------------------------------------- vocabularies and metadata

def _vocab_dir(path: Path) -> Path:
    here = path.parent.parent / "vocab"
    return here if (here / "zone_types.yaml").is_file() else default_data_dir() / "vocab"


def _yaml(path: Path):
    """A vocabulary or metadata file, read with parklens's safe YAML reader."""
    doc, problems = read_yaml(path)
    if problems:
        raise CatalogueError(problems)
    return doc.data


def csv_rows(path: Path) -> list[dict]:
    """The rows of a vocabulary CSV (``#`` lines are comments) as dicts by its header;
    CatalogueError names a file that cannot be read."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = csv.reader(line for line in f if not line.startswith("#"))
            header = next(rows, [])
            return [dict(zip(header, row)) for row in rows]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogueError([Problem(str(path), None, "", f"cannot read the file ({exc})",
                                      "save it as UTF-8 CSV with its header line")]) from None


def _read_vocab(vocab: Path) -> dict:
    """The vocabularies the catalogue is read with; CatalogueError names a file that is wrong."""
    current = vocab
    try:
        current = vocab / "provinces.yaml"
        provinces = {p["zh"]: p for p in _yaml(current)}
        current = vocab / "zone_types.yaml"
        types = _yaml(current)
        {(t["zh"], t["level"]): (t["id"], t["digit"], t["en"]) for t in types["types"]}
        current = vocab / "zone_names.yaml"
        names = _yaml(current)
        names["splitter"] = _splitter(dict(names["parts"]), dict(names["joiners"]))
        current = vocab / "catalogue_categories.yaml"
        categories = _yaml(current)
        for c in categories.values():
            [g["code"] for g in c.get("gbt4754") or []]
        current = vocab / "catalogue_industries.csv"
        mapping = {r["wording"]: r for r in csv_rows(current)}
        for line, r in enumerate(mapping.values(), start=2):
            unknown = [c for c in (r["categories"] or "").split("|") if c and c not in categories]
            if unknown:
                raise CatalogueError([Problem(str(current), None, r["wording"],
                                              f"unknown categories {unknown}",
                                              "use the ids of catalogue_categories.yaml")])
        current = vocab / "zone_places.csv"
        places = {r["place_zh"]: r["place_en"] for r in csv_rows(current)} if current.is_file() else {}
    except CatalogueError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise CatalogueError([Problem(str(current), None, "", f"the file is not laid out as expected "
                                      f"({type(exc).__name__}: {exc})",
                                      "compare it with the bundled file of the same name")]) from None
    return {"provinces": provinces, "types": types, "names": names, "categories": categories,
            "mapping": mapping, "places": places}


def _metadata(path: Path) -> dict:
    meta = path.with_suffix(".yaml")
    data = _yaml(meta) if meta.is_file() else {}
    if not isinstance(data, dict) or not isinstance(data.get("known_slips") or [], list):
        raise CatalogueError([Problem(str(meta), None, "", "the metadata is not a mapping with a "
                                      "known_slips list", "compare it with data/catalogue/devzones_2018.yaml")])
    return data


# ---------------------------------------------------------------- reading and checking

def _read_rows(path: Path, display: str) -> tuple[list[tuple[int, list[str]]], list[CatalogueProblem]]:
    """The data rows with their line numbers, or the problem that stops reading."""

    def stop(message: str, fix: str, line: int | None = None):
        return [], [CatalogueProblem(display, line, "", message, fix)]

    try:
        size = path.stat().st_size
    except OSError as exc:
        return stop(f"cannot read the file ({exc.strerror})", "give the path of the catalogue CSV")
    if size > MAX_BYTES:
        return stop(f"the file is {size:,} bytes, more than the {MAX_BYTES:,} a catalogue can be",
                    "give the catalogue CSV, not another file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return stop(f"cannot read the file ({exc.strerror})", "give the path of the catalogue CSV")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return stop("the file is not UTF-8", "save it as UTF-8 (e.g. iconv -f GBK -t UTF-8)", line)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        header = next(reader, None)
        if header != COLUMNS:
            return stop(f"the header is {','.join(header or [])!r}",
                        f"the first line must be {','.join(COLUMNS)}", 1)
        for fields in reader:
            if len(rows) >= MAX_ROWS:
                return stop(f"more than {MAX_ROWS:,} rows", "give the catalogue CSV, not another file",
                            reader.line_num)
            rows.append((reader.line_num, fields))
    except csv.Error as exc:
        return stop(f"the CSV cannot be parsed ({exc})", "fix the quoting on that line", reader.line_num)
    return rows, []


def _problems(rows, display: str, vocab: dict, metadata: dict) -> list[CatalogueProblem]:
    provinces = vocab["provinces"]
    types = {(t["zh"], t["level"]): t for t in vocab["types"]["types"]}
    slips = metadata.get("known_slips") or []
    known_duplicates = {s["code"]: set(s.get("names") or []) for s in slips if s.get("kind") == "duplicate_code"}
    problems: list[CatalogueProblem] = []

    def add(line, code, message, fix, severity="error"):
        problems.append(CatalogueProblem(display, line, code, message, fix, severity))

    seen: dict[str, list[tuple[int, str]]] = {}
    for line, f in rows:
        if len(f) != len(COLUMNS):
            add(line, "", f"{len(f)} fields instead of {len(COLUMNS)}",
                "one zone a line, fields separated by commas; quote a field that holds a comma")
            continue
        if max(map(len, f)) > MAX_FIELD:
            add(line, "", f"a field is longer than {MAX_FIELD} characters", "check the line")
            continue
        _, code, name, province, level_zh, type_zh, approved, area, leading = f
        where = code or name
        level = LEVELS.get(level_zh)
        if level is None:
            add(line, where, f"批准级别 {level_zh!r} is unknown", "write 国务院 or 省政府")
        prov = provinces.get(province)
        if prov is None:
            add(line, where, f"省份 {province!r} is unknown",
                "write the province as data/vocab/provinces.yaml names it, e.g. 河南省")
        ztype = types.get((type_zh, level)) if level else None
        if level and ztype is None:
            valid = "、".join(t for t, lv in types if lv == level)
            add(line, where, f"开发区类型 {type_zh!r} is not a type of {level_zh}-approved zones",
                f"write one of {valid}")
        if not _CODE.fullmatch(code):
            add(line, where, f"代码 {code!r} is not G or S followed by 6 digits", "write e.g. G411001")
        else:
            seen.setdefault(code, []).append((line, name))
            if level and code[0] != CODE_LETTER[level]:
                add(line, code, f"the code starts with {code[0]} but the zone is approved by {level_zh}",
                    f"a {level} zone's code starts with {CODE_LETTER[level]}")
            if prov and code[1:3] != prov["code"]:
                add(line, code, f"the code's province digits {code[1:3]} do not agree with {province} "
                    f"({prov['code']})", f"correct the code or the province")
            if ztype and code[3] != ztype["digit"]:
                add(line, code, f"the code's type digit {code[3]} does not agree with {type_zh} "
                    f"({ztype['digit']})", "correct the code or the type")
        for date in approved.split("/"):
            m = _DATE.fullmatch(date)
            if not m:
                add(line, where, f"批准时间 {approved!r} is not YYYY.MM",
                    "write the year and the two-digit month, e.g. 1992.10; two dates joined by /")
                break
            if not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
                add(line, where, f"批准时间 {date} is outside {FIRST_YEAR}–{LAST_YEAR}",
                    "check the year against the announcement")
        if not _AREA.fullmatch(area) or not float(area) > 0 or not math.isfinite(float(area)):
            add(line, where, f"核准面积_公顷 {area!r} is not a positive number of hectares",
                "write the approved area in hectares, e.g. 3980.0")
        if not leading.strip():
            add(line, where, "主导产业 is empty", "list the leading industries joined by 、")
    for code, entries in seen.items():
        if len(entries) < 2:
            continue
        names = {n for _, n in entries}
        lines = ", ".join(str(ln) for ln, _ in entries)
        if code in known_duplicates and names == known_duplicates[code]:
            for line, name in entries:
                add(line, code, f"the code is printed on {len(entries)} zones (lines {lines}); "
                    f"a known slip of the source, both kept", "none: kept as printed", "known_slip")
        else:
            for line, name in entries[1:]:
                add(line, code, f"the code {code} is used again (lines {lines})",
                    "give each zone its own code, or list the duplicate under known_slips in the metadata")
    return problems


def check(path: str | Path | None = None) -> list[CatalogueProblem]:
    """Every problem of a catalogue CSV: file, line, the zone, what is wrong and the fix.

    Known slips of the source (listed in the metadata file beside the CSV) come back with
    ``severity == "known_slip"``; everything else is an error.
    """
    path = resolve(path)
    rows, problems = _read_rows(path, str(path))
    if problems:
        return problems
    try:
        return _problems(rows, str(path), _read_vocab(_vocab_dir(path)), _metadata(path))
    except CatalogueError as exc:
        return [CatalogueProblem(p.file, p.line, p.where, p.message, p.fix) for p in exc.problems]


def zone_names(path: str | Path | None = None) -> dict[str, list[str]]:
    """Each code of a catalogue CSV and the names printed with it (two for a duplicated
    code), without building the tables: what a park's link is checked against. Read it
    after :func:`check` found no error; a file that cannot be read gives ``{}``.

    >>> zone_names()["G412117"]
    ['南阳高新技术产业开发区']
    """
    path = resolve(path)
    rows, problems = _read_rows(path, str(path))
    out: dict[str, list[str]] = {}
    for _, f in rows if not problems else ():
        if len(f) == len(COLUMNS):
            out.setdefault(f[1], []).append(f[2])
    return out


# ---------------------------------------------------------------- English names

def _splitter(parts: dict, joiners: dict) -> re.Pattern:
    """One pattern for every name part and joiner, longest first."""
    long = sorted([k for k in parts if len(k) > 1] + list(joiners), key=len, reverse=True)
    # a one-character part (区, 园, 片) only closes a name or a name before a joiner:
    # elsewhere it belongs to a place (坡头区科技产业园)
    short = [k for k in parts if len(k) == 1]
    ends = "|".join(re.escape(j) for j in joiners)
    alternatives = [re.escape(k) for k in long] + [f"{re.escape(k)}(?=$|{ends})" for k in short]
    return re.compile("|".join(alternatives))


def _split_name(name: str, names: dict) -> list[tuple[str, str]]:
    """``name`` as (kind, text) tokens: kind ``part``, ``join`` or ``place``."""
    joiners = names["joiners"]
    tokens: list[tuple[str, str]] = []
    end = 0
    for m in names["splitter"].finditer(name):
        if m.start() > end:
            tokens.append(("place", name[end:m.start()]))
        tokens.append(("join" if m.group() in joiners else "part", m.group()))
        end = m.end()
    if end < len(name):
        tokens.append(("place", name[end:]))
    return tokens


def romanize_place(place: str, readings: dict, provinces: dict, characters: dict | None = None) -> str:
    """A place name in pinyin, one capitalized word per place word (pypinyin and jieba).

    Slow (it imports pypinyin and jieba): :func:`load` uses ``data/vocab/zone_places.csv``,
    which this function generates, and calls it only for a place missing from that file.
    """
    if place in readings:
        return readings[place]
    import jieba
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(logging.WARNING)    # its dictionary-loading chatter is not for the user
    characters = characters or {}
    ordered = sorted(((p["zh"], p["short"], p["en"]) for p in provinces.values()),
                     key=lambda x: -len(x[1]))
    # province names at the start, one after another (a loop: a name from another person's
    # file may repeat one ten thousand times, past any depth of recursion)
    head = []
    while place:
        found = next(((prefix, en) for zh, short, en in ordered for prefix in (zh, short)
                      if place.startswith(prefix)), None)
        if found is None:
            break
        head.append(found[1])
        place = place[len(found[0]):]
        if place in readings:
            return " ".join(head + [readings[place]])
    if head:
        return " ".join(head + ([romanize_place(place, readings, provinces, characters)]
                                if place else []))
    # an administrative 市 or 县 inside a place ends a word: 鹤壁市宝山 → Hebi Baoshan
    pieces = [x for x in re.split(r"(?<=[市县])", place) if x]
    if len(pieces) > 1:
        return " ".join(romanize_place(x, readings, provinces, characters) for x in pieces)
    # 市, and 县 or 区 after a name of two or more characters, stay out of the English name
    # (南阳市 → Nanyang, 通许县 → Tongxu); a one-character county keeps it (邱县 → Qiuxian)
    if len(place) > 2 and place[-1] in "市县区":
        place = place[:-1]
    if place in readings:
        return readings[place]
    # jieba keeps known names of three or more characters whole (呼和浩特, 张家港); the rest of
    # a place is read as two-character words, a run of three as one (内江东兴 → Neijiang Dongxing,
    # 前海湾 → Qianhaiwan), which is how most Chinese place names are built
    words: list[str] = []
    run = ""
    for token in jieba.lcut(place, HMM=False) + [""]:
        if len(token) >= 3 or token in readings or not token:
            while len(run) > 3:
                words.append(run[:2])
                run = run[2:]
            if run:
                words.append(run)
            run = ""
            if token:
                words.append(token)
        else:
            run += token
    out = []
    for word in words:
        if word in readings:
            out.append(readings[word])
            continue
        syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
        if len(syllables) == len(word):
            syllables = [characters.get(ch, syl) for ch, syl in zip(word, syllables)]
        text = syllables[0] if syllables else word
        for syl in syllables[1:]:
            text += ("'" if syl[:1] in "aoe" else "") + syl
        out.append(text.capitalize())
    return " ".join(out)


def english_name(name_zh: str, vocab: dict | None = None) -> str:
    """The systematic English name of a zone.

    >>> english_name("南阳高新技术产业开发区")
    'Nanyang High-tech Industrial Development Zone'
    >>> english_name("沈阳—欧盟经济开发区")
    'Shenyang–EU Economic Development Zone'
    """
    vocab = vocab or _default_vocab()
    names = vocab["names"]
    parts, joiners, places = names["parts"], names["joiners"], vocab["places"]
    out = ""
    for kind, text in _split_name(name_zh, names):
        if kind == "join":
            out = out.rstrip() + joiners[text]
            continue
        if kind == "part":
            en = parts[text]
        else:
            en = places.get(text) or romanize_place(text, names.get("readings") or {}, vocab["provinces"],
                                                    names.get("characters") or {})
        sep = "" if (not out or out.endswith((" ", "(", "–", "Eco-"))) else " "
        out += sep + en
    return re.sub(r"\s+", " ", out).strip()


#: The files :func:`_read_vocab` reads: the key of its cache is their bytes.
_VOCAB_FILES = ("provinces.yaml", "zone_types.yaml", "zone_names.yaml",
                "catalogue_categories.yaml", "catalogue_industries.csv", "zone_places.csv")


def _default_vocab() -> dict:
    """The bundled vocabularies, parsed once per content: an edit of one of their files in
    this session is read at the next call (a key on the folder's path would serve the old)."""
    vocab = default_data_dir() / "vocab"
    return _vocab_by_content(vocab, _vocab_digest(vocab))


def _vocab_digest(vocab: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for name in _VOCAB_FILES:
        try:
            data = (vocab / name).read_bytes()
        except FileNotFoundError:  # zone_places.csv is optional; _read_vocab names the others
            data = b"\0missing"
        digest.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _vocab_by_content(vocab: Path, digest: str) -> dict:  # noqa: ARG001 - digest is the key
    return _read_vocab(vocab)


def place_names(path: str | Path | None = None) -> pd.DataFrame:
    """Every place word of the catalogue's names and its pinyin: the rows of zone_places.csv."""
    path = resolve(path)
    vocab = _read_vocab(_vocab_dir(path))
    rows, problems = _read_rows(path, str(path))
    if problems:
        raise CatalogueError(problems)
    names = vocab["names"]
    metadata = _metadata(path)
    misprints = _misprints(metadata)
    keys = sorted({text for _, f in rows
                   for kind, text in _split_name(misprints.get((f[1], f[2]), f[2]), names)
                   if kind == "place"})
    return pd.DataFrame({"place_zh": keys, "place_en": [
        romanize_place(k, names.get("readings") or {}, vocab["provinces"], names.get("characters") or {})
        for k in keys]})


def _misprints(metadata: dict) -> dict[tuple[str, str], str]:
    """(code, name as printed) → the name meant, for the misprints the metadata lists."""
    return {(s.get("code"), s.get("printed")): s["meant"] for s in metadata.get("known_slips") or []
            if s.get("kind") == "misprint" and s.get("meant")}


# ---------------------------------------------------------------- the tables

def load(path: str | Path | None = None) -> Catalogue:
    """The catalogue's tables; raises :class:`CatalogueError` listing every error.

    >>> cat = load()
    >>> len(cat.zones), int((cat.zones.level == "national").sum())
    (2543, 552)
    """
    path = resolve(path)
    display = str(path)
    rows, problems = _read_rows(path, display)
    if problems:
        raise CatalogueError(problems)
    vocab = _read_vocab(_vocab_dir(path))
    metadata = _metadata(path)
    problems = _problems(rows, display, vocab, metadata)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CatalogueError(errors)
    types = {(t["zh"], t["level"]): t for t in vocab["types"]["types"]}
    provinces = vocab["provinces"]
    fields = list(zip(*(f for _, f in rows))) if rows else [()] * len(COLUMNS)
    number, code, name, province, level_zh, type_zh, approved, area, leading = fields
    level = [LEVELS[x] for x in level_zh]
    ztype = [types[key] for key in zip(type_zh, level)]
    dates = [a.replace(".", "-").split("/") for a in approved]
    misprints = _misprints(metadata)
    zones = pd.DataFrame({
        "code": code, "number": [int(n) if n.isdigit() else None for n in number],
        "name_zh": name,
        "name_en": [english_name(misprints.get((c, n), n), vocab) for c, n in zip(code, name)],
        "province": province, "province_code": [provinces[p]["code"] for p in province],
        "province_en": [provinces[p]["en"] for p in province],
        "level": level, "type": [t["id"] for t in ztype], "type_zh": type_zh,
        "type_en": [t["en"] for t in ztype],
        "approved": [d[0] for d in dates], "approved_2": [d[1] if len(d) > 1 else None for d in dates],
        "approved_year": [int(d[0][:4]) for d in dates], "area_ha": [float(x) for x in area],
        "leading_industries": [x.split("、") for x in leading],
    })
    return Catalogue(zones, _industries(zones, vocab), metadata, problems)


#: The columns of the two tables, in order, and their dtypes (text: "str"), so that a dataset
#: without a catalogue still has both tables, empty, with the columns code expects.
ZONE_COLUMNS = {c: {"number": "int64", "approved_year": "int64", "area_ha": "float64",
                    "leading_industries": "object"}.get(c, "str")
                for c in ("code number name_zh name_en province province_code province_en level type "
                          "type_zh type_en approved approved_2 approved_year area_ha "
                          "leading_industries").split()}
INDUSTRY_COLUMNS = {c: {"position": "int64", "categories": "object", "gbt4754": "object",
                        "gbt4754_confidence": "object", "sei": "object", "mapped": "bool"}.get(c, "str")
                    for c in ("code name_zh position wording category categories category_zh "
                              "category_en gbt4754 gbt4754_confidence sei industry confidence mapped "
                              "note").split()}


def empty_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``zones`` and ``industries`` tables of a catalogue without a zone: the columns of
    :func:`load`'s tables, in its order, with their dtypes.

    >>> zones, industries = empty_tables()
    >>> len(zones), str(zones.area_ha.dtype), list(industries.columns[:4])
    (0, 'float64', ['code', 'name_zh', 'position', 'wording'])
    """
    return tuple(pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
                 for columns in (ZONE_COLUMNS, INDUSTRY_COLUMNS))


def _wording_table(vocab: dict) -> pd.DataFrame:
    """One row per wording of the mapping file with the columns it gives a mention."""
    categories = vocab["categories"]
    records = {}
    for wording, row in vocab["mapping"].items():
        cats = [c for c in (row["categories"] or "").split("|") if c]
        codes, code_conf, sei = [], [], []
        for c in cats:
            for g in categories[c].get("gbt4754") or []:
                if g["code"] not in codes:
                    codes.append(g["code"])
                    code_conf.append(g["confidence"])
            s = categories[c].get("sei")
            if s and s["code"] not in sei:
                sei.append(s["code"])
        first = categories[cats[0]] if cats else {}
        records[wording] = {
            "category": cats[0] if cats else None, "categories": cats,
            "category_zh": first.get("zh"), "category_en": first.get("en"),
            "gbt4754": codes, "gbt4754_confidence": code_conf, "sei": sei,
            "industry": first.get("industry"),
            "confidence": (row["confidence"] or None) if cats else None,
            "mapped": bool(cats), "note": row.get("note") or None,
        }
    return pd.DataFrame.from_dict(records, orient="index")


def _industries(zones: pd.DataFrame, vocab: dict) -> pd.DataFrame:
    long = zones[["code", "name_zh", "leading_industries"]].explode("leading_industries")
    long = long.rename(columns={"leading_industries": "wording"}).reset_index(names="zone_row")
    long.insert(3, "position", long.groupby("zone_row").cumcount() + 1)
    table = _wording_table(vocab)
    out = long.drop(columns="zone_row").join(table, on="wording")
    # a wording missing from the mapping file is a mention not mapped, listed by coverage()
    missing = out.mapped.isna()
    if missing.any():
        out.loc[missing, "mapped"] = False
        for column in ("categories", "gbt4754", "gbt4754_confidence", "sei"):
            out.loc[missing, column] = pd.Series([[] for _ in range(int(missing.sum()))],
                                                 index=out.index[missing], dtype=object)
    out["mapped"] = out.mapped.astype(bool)
    return out.reset_index(drop=True)


def coverage(industries: pd.DataFrame) -> dict:
    """The share of leading-industry mentions mapped, and the wordings left unmapped.

    >>> coverage(pd.DataFrame({"wording": ["食品", "在建", "食品"], "mapped": [True, False, True]}))
    {'mentions': 3, 'mapped': 2, 'share': 0.6666666666666666, 'unmapped': {'在建': 1}}
    """
    unmapped = industries.loc[~industries.mapped, "wording"].value_counts()
    return {"mentions": len(industries), "mapped": int(industries.mapped.sum()),
            "share": float(industries.mapped.mean()), "unmapped": {k: int(v) for k, v in unmapped.items()}}


# ---------------------------------------------------------------- helpers

def _zone(zones: pd.DataFrame, code: str, name_zh: str | None) -> pd.Series:
    hit = zones[zones.code == code]
    if name_zh is not None:
        hit = hit[hit.name_zh == name_zh]
    if len(hit) != 1:
        names = "、".join(hit.name_zh) or "none"
        raise ValueError(f"code {code!r} names {len(hit)} zones ({names}); give name_zh as well"
                         if len(hit) else f"no zone with code {code!r}")
    return hit.iloc[0]


def peers(zones: pd.DataFrame, code: str, by: str = "type", industries: pd.DataFrame | None = None,
          name_zh: str | None = None) -> pd.DataFrame:
    """The other zones that share ``by`` with zone ``code``.

    ``by``: ``"type"`` (same type and level), ``"province"``, or ``"industry"`` (sharing a
    leading-industry category; needs ``industries``).

    >>> z = pd.DataFrame({"code": ["G1", "G2", "S3"], "name_zh": ["甲", "乙", "丙"],
    ...                   "type": ["hitech", "hitech", "hitech"],
    ...                   "level": ["national", "national", "provincial"],
    ...                   "province": ["河南省", "江苏省", "河南省"]})
    >>> list(peers(z, "G1").code), list(peers(z, "G1", by="province").code)
    (['G2'], ['S3'])
    >>> ind = pd.DataFrame({"code": ["G1", "G2", "S3"], "name_zh": ["甲", "乙", "丙"],
    ...                     "categories": [["food"], ["chemicals"], ["food", "textiles"]]})
    >>> list(peers(z, "G1", by="industry", industries=ind).code)
    ['S3']
    """
    zone = _zone(zones, code, name_zh)
    others = ~((zones.code == zone.code) & (zones.name_zh == zone.name_zh))
    if by == "type":
        mask = (zones.type == zone.type) & (zones.level == zone.level)
    elif by == "province":
        mask = zones.province == zone.province
    elif by == "industry":
        if industries is None:
            raise ValueError("peers by industry needs the industries table (Catalogue.industries)")
        cats = industries.explode("categories").dropna(subset=["categories"])
        own = set(cats.loc[(cats.code == zone.code) & (cats.name_zh == zone.name_zh), "categories"])
        sharing = cats[cats.categories.isin(own)][["code", "name_zh"]].drop_duplicates()
        mask = pd.Series(list(zip(zones.code, zones.name_zh)), index=zones.index).isin(
            set(zip(sharing.code, sharing.name_zh)))
    else:
        raise ValueError(f"by must be 'type', 'province' or 'industry', not {by!r}")
    return zones[mask & others].reset_index(drop=True)


def standing(zones: pd.DataFrame, code: str, peer_zones: pd.DataFrame, column: str = "area_ha",
             name_zh: str | None = None) -> pd.DataFrame:
    """Where zone ``code`` stands among ``peer_zones`` on ``column``: one row.

    ``rank`` 1 is the largest value (for ``approved_year``: the latest); ``percentile`` is
    the share of the group (the zone and its peers) at or below the zone's value, in %.

    >>> z = pd.DataFrame({"code": ["A", "B", "C", "D"], "name_zh": list("甲乙丙丁"),
    ...                   "area_ha": [50.0, 10.0, 30.0, 50.0]})
    >>> standing(z, "C", z[z.code != "C"]).iloc[0].to_dict()
    {'code': 'C', 'column': 'area_ha', 'value': 30.0, 'rank': 3, 'n': 4, 'percentile': 50.0, 'peer_median': 50.0}
    """
    zone = _zone(zones, code, name_zh)
    value = zone[column]
    others = peer_zones[column].dropna()
    group = pd.concat([others, pd.Series([value])], ignore_index=True)
    return pd.DataFrame([{
        "code": zone.code, "column": column, "value": value,
        "rank": int((others > value).sum()) + 1, "n": len(group),
        "percentile": 100.0 * float((group <= value).sum()) / len(group),
        "peer_median": float(others.median()) if len(others) else math.nan,
    }])


def industry_profile(industries: pd.DataFrame, codes=None, by: str = "category") -> pd.DataFrame:
    """Counts and shares of the leading-industry categories of a set of zones.

    ``by``: ``"category"`` (every category a wording maps to) or ``"sei"`` (strategic emerging
    industry categories). ``zones`` counts the zones naming it, ``mentions`` the wordings;
    ``share`` is mentions over all mentions of the set (a wording in two categories counts in
    both), ``zone_share`` the zones naming it over the zones of the set.

    >>> ind = pd.DataFrame({"code": ["A", "A", "B"], "categories": [["food"], ["food", "beverages"], ["textiles"]]})
    >>> industry_profile(ind).to_dict("list")
    {'category': ['food', 'beverages', 'textiles'], 'zones': [1, 1, 1], 'mentions': [2, 1, 1], 'share': [0.5, 0.25, 0.25], 'zone_share': [0.5, 0.5, 0.5]}
    """
    frame = industries if codes is None else industries[industries.code.isin(list(codes))]
    column = {"category": "categories", "sei": "sei"}[by]
    key = ["code", "name_zh"] if "name_zh" in frame else ["code"]
    n_zones = len(frame[key].drop_duplicates())
    long = frame[key + [column]].explode(column).dropna(subset=[column])
    long["zone"] = list(zip(*(long[k] for k in key)))
    out = (long.groupby(column, sort=False)
           .agg(zones=("zone", "nunique"), mentions=("zone", "size"))
           .reset_index().rename(columns={column: by}))
    out["share"] = out.mentions / out.mentions.sum()
    out["zone_share"] = out.zones / n_zones
    return out.sort_values(["mentions", "zones"], ascending=False, kind="stable").reset_index(drop=True)


def by_province_type(zones: pd.DataFrame) -> pd.DataFrame:
    """Zones counted by province, level and type, with their approved area: tidy.

    >>> z = pd.DataFrame({"province": ["河南省", "河南省", "江苏省"], "level": ["national"] * 3,
    ...                   "type": ["hitech", "hitech", "other"], "area_ha": [1.0, 2.0, 4.0]})
    >>> by_province_type(z).to_dict("list")
    {'province': ['江苏省', '河南省'], 'level': ['national', 'national'], 'type': ['other', 'hitech'], 'zones': [1, 2], 'area_ha': [4.0, 3.0]}
    """
    return (zones.groupby(["province", "level", "type"], sort=True)
            .agg(zones=("area_ha", "size"), area_ha=("area_ha", "sum")).reset_index())


def zone_of(zones: pd.DataFrame, code: str, name_zh: str | None = None) -> pd.Series:
    """The one zone with ``code`` (and ``name_zh``, needed for the code printed twice).

    >>> z = pd.DataFrame({"code": ["G1"], "name_zh": ["甲"]})
    >>> zone_of(z, "G1").name_zh
    '甲'
    """
    return _zone(zones, code, name_zh)


def approval_waves(zones: pd.DataFrame, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> pd.DataFrame:
    """Zones approved each year from ``first`` to ``last``, by level: tidy, every year and
    level present (0 where none was approved), so that a chart has a bar per year.

    A zone counts in the year of its first approval date (``approved``).

    >>> z = pd.DataFrame({"approved_year": [1984, 1984, 1986], "level": ["national", "provincial", "national"]})
    >>> approval_waves(z, 1984, 1986).to_dict("list")
    {'year': [1984, 1984, 1985, 1985, 1986, 1986], 'level': ['national', 'provincial', 'national', 'provincial', 'national', 'provincial'], 'zones': [1, 1, 0, 0, 1, 0]}
    """
    grid = pd.MultiIndex.from_product([range(first, last + 1), list(LEVELS.values())],
                                      names=["year", "level"])
    counts = zones.groupby(["approved_year", "level"]).size()
    counts.index = counts.index.set_names(["year", "level"])
    return counts.reindex(grid, fill_value=0).rename("zones").reset_index()


def area_by_type(zones: pd.DataFrame) -> pd.DataFrame:
    """Approved area by level and type: zones, total, median and largest area (hectares),
    and each type's share of the total; largest total first.

    >>> z = pd.DataFrame({"level": ["national", "national", "provincial"], "type": ["hitech"] * 3,
    ...                   "area_ha": [100.0, 300.0, 600.0]})
    >>> area_by_type(z).to_dict("list")
    {'level': ['provincial', 'national'], 'type': ['hitech', 'hitech'], 'zones': [1, 2], 'area_ha': [600.0, 400.0], 'median_ha': [600.0, 200.0], 'max_ha': [600.0, 300.0], 'share': [0.6, 0.4]}
    """
    out = (zones.groupby(["level", "type"], sort=False)
           .agg(zones=("area_ha", "size"), area_ha=("area_ha", "sum"),
                median_ha=("area_ha", "median"), max_ha=("area_ha", "max")).reset_index())
    out["share"] = out.area_ha / out.area_ha.sum()
    return out.sort_values("area_ha", ascending=False, kind="stable").reset_index(drop=True)


def province_counts(zones: pd.DataFrame) -> pd.DataFrame:
    """Zones per province: all, national and provincial, with the province's code and
    English name; most zones first (ties by province code).

    >>> z = pd.DataFrame({"province": ["河南省", "河南省", "北京市"], "province_code": ["41", "41", "11"],
    ...                   "province_en": ["Henan", "Henan", "Beijing"], "level": ["national", "provincial", "national"]})
    >>> province_counts(z).to_dict("list")
    {'province': ['河南省', '北京市'], 'province_code': ['41', '11'], 'province_en': ['Henan', 'Beijing'], 'zones': [2, 1], 'national': [1, 1], 'provincial': [1, 0]}
    """
    key = ["province", "province_code", "province_en"]
    levels = list(LEVELS.values())
    wide = (zones.groupby(key + ["level"]).size().unstack("level", fill_value=0)
            .reindex(columns=levels, fill_value=0))
    wide.columns.name = None
    wide.insert(0, "zones", wide.sum(axis=1))
    out = wide.reset_index()
    return out.sort_values(["zones", "province_code"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def categories(path: str | Path | None = None) -> pd.DataFrame:
    """The leading-industry categories the catalogue's wordings map to, with their labels:
    ``category, zh, en`` (from ``vocab/catalogue_categories.yaml`` of the catalogue's data
    folder), in the vocabulary's order.

    >>> categories().set_index("category").loc["automobiles", "en"]
    'automobiles'
    """
    vocab = _read_vocab(_vocab_dir(resolve(path)))
    return pd.DataFrame([{"category": k, "zh": v.get("zh"), "en": v.get("en")}
                         for k, v in vocab["categories"].items()])


def categories_by_province(industries: pd.DataFrame, zones: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The ``top`` leading-industry categories of each province: the categories named by
    the most of its zones (ties: more mentions, then the category id), with ``zones``,
    ``zone_share`` (of the province's zones) and ``rank``; provinces by code.

    >>> z = pd.DataFrame({"code": ["A", "B", "C"], "name_zh": list("甲乙丙"),
    ...                   "province": ["河南省", "河南省", "北京市"], "province_code": ["41", "41", "11"]})
    >>> ind = pd.DataFrame({"code": ["A", "B", "B", "C"], "name_zh": list("甲乙乙丙"),
    ...                     "categories": [["food"], ["food"], ["textiles"], ["software"]]})
    >>> categories_by_province(ind, z, top=1)[["province", "category", "zones", "zone_share"]].to_dict("list")
    {'province': ['北京市', '河南省'], 'category': ['software', 'food'], 'zones': [1, 2], 'zone_share': [1.0, 1.0]}
    """
    key = ["code", "name_zh"]
    where = zones[key + ["province", "province_code"]].drop_duplicates(subset=key)
    rows = []
    for (province, code), members in where.groupby(["province", "province_code"], sort=False):
        profile = industry_profile(industries.merge(members[key], on=key), by="category")
        profile = profile.sort_values(["zones", "mentions", "category"],
                                      ascending=[False, False, True], kind="stable").head(top)
        profile.insert(0, "province", province)
        profile.insert(1, "province_code", code)
        profile["zone_share"] = profile.zones / len(members)
        profile["rank"] = range(1, len(profile) + 1)
        rows.append(profile)
    if not rows:
        return pd.DataFrame(columns=["province", "province_code", "category", "zones", "mentions",
                                     "share", "zone_share", "rank"])
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["province_code", "rank"], kind="stable").reset_index(drop=True)


def _write_places(out: Path) -> None:
    frame = place_names()
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("# Place words of the catalogue's zone names and their pinyin, generated by\n"
                "# `python -m parklens.catalogue places` (pypinyin and jieba, with the readings of\n"
                "# data/vocab/zone_names.yaml); regenerate it rather than edit it.\n")
        frame.to_csv(f, index=False, lineterminator="\n")


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["places"]:
        _write_places(default_data_dir() / "vocab" / "zone_places.csv")
    elif sys.argv[1:] == ["coverage"]:
        report = coverage(load().industries)
        print(f"{report['mapped']:,} of {report['mentions']:,} leading-industry mentions mapped "
              f"({report['share']:.2%}); not mapped:")
        for wording, n in report["unmapped"].items():
            print(f"  {wording}\t{n}")
    else:
        print("usage: python -m parklens.catalogue places|coverage", file=sys.stderr)
        sys.exit(2)
