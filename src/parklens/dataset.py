"""The curated dataset as tidy pandas DataFrames.

>>> import parklens as pl
>>> ds = pl.load()
>>> sorted(ds.parks.park_id)
['guanzhuang', 'nanyang_hitech', 'puyang', 'suqian_eco_chem']
"""

from __future__ import annotations

import copy
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .paths import default_data_dir

if TYPE_CHECKING:
    from .validate import Checked, ParkCheck

__all__ = ["Dataset", "load"]

_DATE, _FLOAT, _INT, _LIST = "datetime64[s]", "float64", "int64", "object"

#: Every table's columns and the dtype each has when the table is empty (text: "str"). A
#: park file may leave any list out (no metrics, no enterprises ...): its tables must still
#: have their columns and types, or the first ``ds.metrics.year`` is a KeyError.
_COLUMNS: dict[str, dict[str, str]] = {
    name: {col: dict(types).get(col, "str") for col in cols.split()}
    for name, cols, types in (
        ("parks", "park_id name_zh name_en short_zh province province_en city city_en type "
         "type_zh type_en level leading_industries leading_industries_zh catalogue_code "
         "catalogue_name_zh catalogue_confidence catalogue_evidence catalogue_why_none",
         [("leading_industries", _LIST)]),
        ("sources", "source_id park_id file title outlet title_en outlet_en doc_type date date_basis "
         "date_note",
         [("date", _DATE)]),
        ("documents", "source_id park_id file text", []),
        ("metrics", "metric_id park_id subject subject_type subject_name subject_name_en "
         "indicator label_zh label_en group measure scope scope_en extent period period_type "
         "period_start period_end period_stated period_en year value unit unit_en value_base "
         "unit_base value_low value_high value_text qualifier qualifier_sign status stated "
         "source_id quote note",
         [("period_start", _DATE), ("period_end", _DATE), ("year", _INT), ("value", _FLOAT),
          ("value_base", _FLOAT), ("value_low", _FLOAT), ("value_high", _FLOAT)]),
        ("industries", "park_id industry label_zh label_en role name_stated gbt4754 "
         "gbt4754_confidence sei source_id quote output_cny output_stated",
         [("output_cny", _FLOAT)]),
        ("industry_codes", "industry label_zh label_en code code_zh confidence sei", []),
        ("enterprises", "park_id enterprise_id name_zh name_en aliases role role_zh industry "
         "source_id quote note", [("aliases", _LIST)]),
        ("projects", "park_id project_id name_zh name_en enterprise_id industry status "
         "status_zh source_id quote note investment_cny output_cny",
         [("investment_cny", _FLOAT), ("output_cny", _FLOAT)]),
        ("policies", "park_id policy_id name name_en kind themes n_parts source_id quote note",
         [("themes", _LIST), ("n_parts", _INT)]),
        ("policy_parts", "park_id policy_id policy position key text", [("position", _INT)]),
    )
}


@dataclass
class Dataset:
    """The curated parks as tidy DataFrames. Build it with :func:`load`.

    Attributes: ``parks``, ``sources``, ``documents`` (one row per seed, ``text`` exactly as in
    the file), ``metrics`` (one row per figure and source), ``industries`` (one row per park
    and industry), ``industry_codes`` (industry × GB/T 4754 code), ``enterprises``,
    ``projects``, ``policies``, ``policy_parts``, ``catalogue`` (one row per zone of the 2018
    national catalogue, ``catalogue/devzones_2018.csv``; empty for a dataset without one),
    ``catalogue_industries`` (zone × stated leading industry, mapped to categories) and
    ``vocab`` (the vocabularies as dicts). ``parks.catalogue_code`` links a park to its zone.
    """

    data_dir: Path
    parks: pd.DataFrame
    sources: pd.DataFrame
    documents: pd.DataFrame
    metrics: pd.DataFrame
    industries: pd.DataFrame
    industry_codes: pd.DataFrame
    enterprises: pd.DataFrame
    projects: pd.DataFrame
    policies: pd.DataFrame
    policy_parts: pd.DataFrame
    catalogue: pd.DataFrame
    catalogue_industries: pd.DataFrame
    vocab: dict

    def __repr__(self) -> str:
        return (f"<parklens.Dataset {len(self.parks)} parks, {len(self.sources)} sources, "
                f"{self.metrics.metric_id.nunique()} figures ({len(self.metrics)} figure-source "
                f"rows) from {self.data_dir}>")

    def copy(self) -> "Dataset":
        """A copy whose frames can be changed without changing this one (pandas
        copy-on-write makes this cheap: data is copied only when it is written). List cells
        (``leading_industries``, ``aliases``, ``themes``) are Python objects that
        copy-on-write, and even ``copy(deep=True)``, would share: they are copied."""
        frames = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in frames.items():
            if isinstance(value, pd.DataFrame):
                frames[name] = _own_lists(value.copy(deep=False))
        frames["vocab"] = copy.deepcopy(self.vocab)
        return Dataset(**frames)

    def summary(self) -> pd.DataFrame:
        """One row per park: sources, figures, and the counts of the other tables."""
        def count(df: pd.DataFrame, col: str = "park_id") -> pd.Series:
            return df.groupby(col).size() if len(df) else pd.Series(dtype="int64")

        out = self.parks.set_index("park_id")[["name_zh", "province"]].copy()
        out["sources"] = count(self.sources)
        out["figures"] = self.metrics.groupby("park_id").metric_id.nunique()
        out["figure_rows"] = count(self.metrics)
        out["industries"] = count(self.industries)
        out["enterprises"] = count(self.enterprises)
        out["projects"] = count(self.projects)
        out["policies"] = count(self.policies)
        return out.fillna(0).astype({c: "int64" for c in out.columns[2:]})

    def conflicts(self) -> pd.DataFrame:
        """One row per disagreement: the same subject, indicator, measure, scope and period
        stated with different values, by different sources or within one.

        Each row carries both values, units, sources, quotes and curators' notes (``_a`` and
        ``_b``: a note may say the two count different bases); ``within_source`` says whether
        both come from the same document and ``within_statement`` whether both come from one
        sentence of it (one quote, or one inside the other): a statement that contradicts
        itself, as 较低安全风险(C级) does (较低 is grade D), not two statements that disagree.
        The same value stated once as achieved and once as a target (实现8横8纵贯通 /
        加速构建8横8纵贯通路网) disagrees too.
        """
        keys = ["park_id", "subject", "indicator", "measure", "scope", "period"]
        cols = ["metric_id", "stated", "value", "unit", "qualifier", "status", "value_base",
                "value_text", "source_id", "quote", "note"]
        m = self.metrics.fillna({"scope": ""})
        m = m[m.duplicated(keys, keep=False)]  # only figures that share their keys can clash
        group = m.groupby(keys, sort=True, dropna=False).ngroup().tolist()
        groups: dict[int, list[dict]] = {}
        for g, rec in sorted(zip(group, m.to_dict("records")), key=lambda x: x[0]):
            groups.setdefault(g, []).append(rec)
        rows = []
        for recs in groups.values():
            for i, a in enumerate(recs):
                for b in recs[i + 1:]:
                    if _same_value(a, b):
                        continue
                    row = {k: a[k] for k in keys}
                    row["label_zh"], row["label_en"] = a["label_zh"], a["label_en"]
                    row.update({f"{c}_a": a[c] for c in cols})
                    row.update({f"{c}_b": b[c] for c in cols})
                    row["within_source"] = a["source_id"] == b["source_id"]
                    row["within_statement"] = row["within_source"] and _one_statement(
                        a["quote"], b["quote"])
                    rows.append(row)
        columns = keys + ["label_zh", "label_en"] + [f"{c}_{s}" for s in "ab" for c in cols] + [
            "within_source", "within_statement"]
        out = pd.DataFrame(rows, columns=columns)
        out["scope"] = out["scope"].replace("", None)
        return out.reset_index(drop=True)


def _own_lists(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a new list object in every list cell (the columns are replaced, so the
    frame ``df`` was copied from keeps its own)."""
    for col in df.columns[df.dtypes == object]:
        if pd.api.types.infer_dtype(df[col], skipna=True) != "mixed":
            continue  # no lists in it (strings, or only missing values): skip the scan
        cells = df[col].tolist()
        if any(type(x) is list for x in cells):
            try:  # a column of lists only (the usual case): copied in C
                fresh = list(map(list.copy, cells))
            except TypeError:
                fresh = [x.copy() if type(x) is list else x for x in cells]
            df[col] = pd.Series(fresh, index=df.index, dtype=object)
    return df


def _one_statement(quote_a: str, quote_b: str) -> bool:
    """Whether two quotes of one document are the same sentence: equal, or one inside the
    other, white space ignored (as the validator compares quotes)."""
    qa, qb = ("".join(q.split()) for q in (quote_a, quote_b))
    return qa in qb or qb in qa


def _same_value(a: dict, b: dict) -> bool:
    """Whether two figure rows state the same value (text values such as grades compare as
    text; magnitude classes, which have no base value, compare by class). A value stated as
    achieved and the same value as a target or estimate are not the same statement."""
    if a["status"] != b["status"]:
        return False
    ta, tb = (r["value_text"] if isinstance(r["value_text"], str) else None for r in (a, b))
    if ta or tb:
        return ta == tb
    va, vb = a["value_base"], b["value_base"]
    if _isnan(va) or _isnan(vb):
        return _isnan(va) and _isnan(vb) and (a["value"], a["unit_base"]) == (
            b["value"], b["unit_base"])
    return math.isclose(va, vb, rel_tol=1e-9) and a["qualifier"] == b["qualifier"]


def _isnan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _place_reader(vocab_dir: Path):
    """A function that writes a province or city of a park file in English: the province as
    ``vocab/provinces.yaml`` names it (河南省 → Henan), a city from ``vocab/zone_places.csv``
    (南阳市 → Nanyang), pinyin where neither file has it. Only the dataset's own files are
    read; a dataset without them gets pinyin."""
    from . import catalogue
    from .yamlfile import read_yaml

    provinces: dict = {}
    doc, problems = (read_yaml(vocab_dir / "provinces.yaml") if (vocab_dir / "provinces.yaml")
                     .is_file() else (None, []))
    if doc is not None and not problems and isinstance(doc.data, list):
        provinces = {p["zh"]: p for p in doc.data if isinstance(p, dict) and "zh" in p and
                     "en" in p and "short" in p}
    places: dict[str, str] = {}
    if (vocab_dir / "zone_places.csv").is_file():
        places = {r.get("place_zh"): r.get("place_en") for r in
                  catalogue.csv_rows(vocab_dir / "zone_places.csv")}

    def english(place: str | None) -> str | None:
        if not place:
            return None
        if place in provinces:
            return provinces[place]["en"]
        # the level of the division stays out of the English name: 南阳市 → Nanyang
        short = re.sub(r"(?<=..)(?:市|省|地区|盟|自治州|(?:壮族|回族|维吾尔)?自治区)$", "", place)
        return places.get(short) or catalogue.romanize_place(short, {}, provinces)

    return english


# -- a checked park file as table rows: one function per table ------------------------------
# Rows hold only what JSON holds (dates as ISO text), so the rows of a park kept in the cache
# (:func:`_park_entry`) build exactly the frames its fresh check builds.

def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def label(base: str, measure: str, scope: str | None, lang: str, terms: dict) -> str:
    """An indicator's label for one measure and scope, in ``lang``: the suffix of each
    measure is ``measure_suffix`` of ``vocab/terms.yaml`` (a level has none).

    >>> terms = ds.vocab["terms"]
    >>> label("规上工业增加值", "yoy_growth", None, "zh", terms)
    '规上工业增加值增速'
    >>> label("GDP", "share", "of the city", "en", terms)
    'GDP (of the city), share'
    """
    if measure == "level":
        suffix = ""
    else:
        term = terms["measure_suffix"][measure]
        suffix = term["zh" if lang == "zh" else "en"] if isinstance(term, dict) else (
            term.zh if lang == "zh" else term.en)
    scope_part = f"（{scope}）" if scope and lang == "zh" else (f" ({scope})" if scope else "")
    return f"{base}{scope_part}{suffix}"


def park_row(park_id: str, pf, vocab: dict, place_en) -> dict:
    """The row of ``parks``: the park, its labels, and its link to the national catalogue."""
    p, link = pf.park, pf.catalogue
    terms, industries = vocab["terms"], vocab["industries"]
    return {
        "park_id": park_id, "name_zh": p.name_zh, "name_en": p.name_en,
        "short_zh": p.short_zh, "province": p.province,
        "province_en": place_en(p.province), "city": p.city, "city_en": place_en(p.city),
        "type": p.type,
        "type_zh": terms["park_type"][p.type].zh, "type_en": terms["park_type"][p.type].en,
        "level": p.level, "leading_industries": list(p.leading_industries),
        "leading_industries_zh": "、".join(industries[i].zh for i in p.leading_industries),
        "catalogue_code": link.code if link else None,
        "catalogue_name_zh": link.name_zh if link else None,
        "catalogue_confidence": link.confidence if link else None,
        # the curator's reasons travel with the link, for the reports to show
        "catalogue_evidence": link.evidence if link else None,
        "catalogue_why_none": link.why_none if link else None,
    }


def source_rows(park_id: str, pf) -> list[dict]:
    return [{"source_id": s.id, "park_id": park_id, "file": s.file, "title": s.title,
             "outlet": s.outlet, "title_en": s.title_en, "outlet_en": s.outlet_en,
             "doc_type": s.doc_type, "date": _iso(s.date), "date_basis": s.date_basis,
             "date_note": s.date_note} for s in pf.sources]


def document_rows(park_id: str, pf, read: set[str]) -> list[dict]:
    """One row per source whose document was read (``read``: the source ids); the text is
    added when the tables are put together, from the file (:func:`_tables`)."""
    return [{"source_id": s.id, "park_id": park_id, "file": s.file}
            for s in pf.sources if s.id in read]


def industry_rows(park_id: str, pf, vocab: dict) -> list[dict]:
    industries = vocab["industries"]
    rows = []
    for e in pf.industries:
        spec, first = industries[e.industry], e.cites[0]
        rows.append({"park_id": park_id, "industry": e.industry, "label_zh": spec.zh,
                     "label_en": spec.en, "role": e.role, "name_stated": e.name_stated,
                     "gbt4754": spec.gbt4754[0].code,
                     "gbt4754_confidence": spec.gbt4754[0].confidence, "sei": spec.sei,
                     "source_id": first.source, "quote": first.quote})
    return rows


def enterprise_rows(park_id: str, pf, vocab: dict) -> list[dict]:
    roles = vocab["terms"]["enterprise_role"]
    return [{"park_id": park_id, "enterprise_id": e.id, "name_zh": e.name_zh,
             "name_en": e.name_en, "aliases": list(e.aliases), "role": e.role,
             "role_zh": roles[e.role].zh, "industry": e.industry,
             "source_id": e.cites[0].source, "quote": e.cites[0].quote, "note": e.note}
            for e in pf.enterprises]


def project_rows(park_id: str, pf, vocab: dict) -> list[dict]:
    statuses = vocab["terms"]["project_status"]
    return [{"park_id": park_id, "project_id": p.id, "name_zh": p.name_zh,
             "name_en": p.name_en, "enterprise_id": p.enterprise, "industry": p.industry,
             "status": p.status, "status_zh": statuses[p.status].zh,
             "source_id": p.cites[0].source, "quote": p.cites[0].quote, "note": p.note}
            for p in pf.projects]


def policy_rows(park_id: str, pf) -> list[dict]:
    return [{"park_id": park_id, "policy_id": p.id, "name": p.name, "name_en": p.name_en,
             "kind": p.kind, "themes": list(p.themes), "n_parts": len(p.parts),
             "source_id": p.cites[0].source, "quote": p.cites[0].quote, "note": p.note}
            for p in pf.policies]


def policy_part_rows(park_id: str, pf) -> list[dict]:
    return [{"park_id": park_id, "policy_id": p.id, "policy": p.name, "position": k + 1,
             "key": part.key, "text": part.text}
            for p in pf.policies for k, part in enumerate(p.parts)]


def _subjects(park_id: str, pf, vocab: dict) -> dict[str, tuple[str, str, str]]:
    """What a figure's ``subject`` may name in this park file: id -> (type, zh, en)."""
    industries = vocab["industries"]
    out = {park_id: ("park", pf.park.name_zh, pf.park.name_en)}
    for e in pf.industries:
        out[e.industry] = ("industry", industries[e.industry].zh, industries[e.industry].en)
    for e in pf.enterprises:
        out[e.id] = ("enterprise", e.name_zh, e.name_en or e.name_zh)
    for p in pf.projects:
        out[p.id] = ("project", p.name_zh, p.name_en or p.name_zh)
    return out


def metric_rows(park_id: str, pf, figures, vocab: dict, units: dict) -> list[dict]:
    """One row per figure and source (``figures``: the park's parsed figures)."""
    from .units import english_unit

    indicators, terms = vocab["indicators"], vocab["terms"]
    subjects = _subjects(park_id, pf, vocab)
    rows = []
    for f in figures:
        m, q, per = f.metric, f.quantity, f.period
        ind = indicators[m.indicator]
        subject = m.subject or park_id
        kind, name_zh, name_en = subjects[subject]
        rows.append({
            "metric_id": m.id, "park_id": park_id, "subject": subject,
            "subject_type": kind, "subject_name": name_zh, "subject_name_en": name_en,
            "indicator": m.indicator,
            "label_zh": label(ind.zh, m.measure, m.scope, "zh", terms),
            "label_en": label(ind.en, m.measure, m.scope_en or m.scope, "en", terms),
            "group": ind.group, "measure": m.measure, "scope": m.scope,
            "scope_en": m.scope_en, "extent": m.extent,
            "period": per.code, "period_type": per.kind,
            "period_start": _iso(per.start), "period_end": _iso(per.end),
            "period_stated": m.period,
            "period_en": per.en, "year": per.year, "value": q.value, "unit": q.unit,
            # 第98位, 第一名: a place in a ranking, whatever the measure word
            "unit_en": ("rank" if q.ordinal else english_unit(q.unit, units, ind.counts_en,
                                                              q.value) if q.unit else None),
            "value_base": q.value_base, "unit_base": q.unit_base,
            "value_low": q.value_low, "value_high": q.value_high,
            "value_text": q.text_value, "qualifier": q.qualifier,
            "qualifier_sign": terms["qualifier"][q.qualifier].sign or "",
            "status": m.status, "stated": f.cite.stated or m.stated,
            "source_id": f.cite.source, "quote": f.cite.quote, "note": m.note,
        })
    return rows


def industry_code_rows(vocab: dict) -> list[dict]:
    """One row per industry of the vocabulary and GB/T 4754 code."""
    return [{"industry": ind_id, "label_zh": spec.zh, "label_en": spec.en, "code": code.code,
             "code_zh": code.zh, "confidence": code.confidence, "sei": spec.sei}
            for ind_id, spec in vocab["industries"].items() for code in spec.gbt4754]


#: the tables made from each park file, in the order of its entry in the cache
_PARK_TABLES = ("parks", "sources", "documents", "metrics", "industries", "enterprises",
                "projects", "policies", "policy_parts")


def _park_entry(out: ParkCheck, c: Checked, place_en) -> dict:
    """What one checked park file (``out``, checked against the vocabularies of ``c``)
    contributes to the dataset, as JSON values: its tables' columns, the ids it claims (for
    the checks across files) and the digests of the documents it cites (an entry is used only
    while they are unchanged)."""
    pf, v, park_id = out.park, c.vocab, out.park_id
    rows = {
        "parks": [park_row(park_id, pf, v, place_en)], "sources": source_rows(park_id, pf),
        "documents": document_rows(park_id, pf, set(out.documents)),
        "metrics": metric_rows(park_id, pf, out.figures, v, c.units),
        "industries": industry_rows(park_id, pf, v),
        "enterprises": enterprise_rows(park_id, pf, v),
        "projects": project_rows(park_id, pf, v), "policies": policy_rows(park_id, pf),
        "policy_parts": policy_part_rows(park_id, pf),
    }
    return {
        "park_id": park_id,
        "tables": {name: _columns(rows[name], name) for name in _PARK_TABLES},
        "ids": {"source": [s.id for s in pf.sources], "metric": [m.id for m in pf.metrics],
                "enterprise": [e.id for e in pf.enterprises],
                "project": [p.id for p in pf.projects], "policy": [p.id for p in pf.policies]},
        "documents": dict(out.document_digests),
    }


def _columns(rows: list[dict], name: str) -> dict[str, list]:
    """Rows as columns (every column of the table, in its order; a column the rows do not
    carry, such as ``output_cny``, is left out and added from the metrics)."""
    cols = [col for col in _COLUMNS[name] if not rows or col in rows[0]]
    return {col: [r[col] for r in rows] for col in cols} if rows else {}


def _frame(columns: dict[str, list], name: str) -> pd.DataFrame:
    """A table from its columns (see :func:`_columns`), typed as :data:`_COLUMNS` says."""
    spec = _COLUMNS[name]
    if not columns or not len(next(iter(columns.values()))):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in spec.items()})
    df = pd.DataFrame(columns)
    for col in df.columns:
        if spec[col] == _DATE:
            df[col] = pd.to_datetime(df[col], format="ISO8601").astype(_DATE)
    if name == "metrics":
        df["year"] = df["year"].astype("int64")
    return df


def _with_project_figures(projects: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Investment and expected output of projects, where a figure states them in CNY (the
    first figure of each project)."""
    for col, indicator in (("investment_cny", "investment"), ("output_cny", "output_value")):
        sel = metrics[(metrics.subject_type == "project") & (metrics.indicator == indicator) &
                      (metrics.unit_base == "CNY")]
        first = sel.drop_duplicates("subject").set_index("subject").value_base
        if len(projects):
            projects[col] = projects.project_id.map(first).astype("float64")
    return projects


def _with_industry_output(industries: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Each park industry's stated output level (its first figure), value and as stated."""
    sel = metrics[(metrics.subject_type == "industry") &
                  (metrics.indicator == "output_value") & (metrics.measure == "level")]
    first = sel.drop_duplicates(["park_id", "subject"]).set_index(["park_id", "subject"])
    if len(industries):
        idx = pd.MultiIndex.from_frame(industries[["park_id", "industry"]])
        industries["output_cny"] = first.value_base.reindex(idx).to_numpy()
        industries["output_stated"] = first.stated.reindex(idx).to_numpy()
    return industries


def _catalogue_tables(data_dir: Path, catalogue_file: Path | None):
    from . import catalogue

    if catalogue_file is None:  # a dataset without catalogue/: both tables, empty
        return catalogue.empty_tables()
    try:
        cat = catalogue.load(catalogue_file)
    except catalogue.CatalogueError as e:  # changed on disk since it was checked
        from .validate import DataError

        raise DataError(e.problems, data_dir) from None
    return cat.zones, cat.industries


def _tables(entries: list[dict], texts: dict[str, str], vocab: dict, data_dir: Path,
            catalogue_file: Path | None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset from its parks' entries (fresh or cached), the text of
    each document file (``texts``) and the vocabularies. The entries' tables are used up
    (at national scale they and the frames would not fit in memory together)."""
    frames = {}
    for name in _PARK_TABLES:  # one table at a time, its columns let go once it is a frame
        cols: dict[str, list] = {}
        for entry in entries:
            for col, values in entry["tables"].pop(name).items():
                cols.setdefault(col, []).extend(values)
        if name == "documents" and cols:
            cols["text"] = [texts[f] for f in cols["file"]]
        frames[name] = _frame(cols, name)
        del cols
    frames["projects"] = _with_project_figures(frames["projects"], frames["metrics"])
    frames["industries"] = _with_industry_output(frames["industries"], frames["metrics"])
    frames["industry_codes"] = _frame(_columns(industry_code_rows(vocab), "industry_codes"),
                                      "industry_codes")
    frames["catalogue"], frames["catalogue_industries"] = _catalogue_tables(
        data_dir, catalogue_file)
    return frames


# -- loading: the dataset checked and kept park file by park file ----------------------------

#: park files checked before the documents read so far are let go (documents that several
#: parks cite are read once within a run of files; all at once, 2,543 parks peaked at 3.3 GB)
_DOCUMENTS_KEPT_FOR = 64


#: park entries kept in the cache, the most recently written (at least one dataset's worth):
#: a few national datasets, or many edits; an entry pruned is only a park checked again
_PARK_ENTRIES_KEPT = 20_000


def _check_vocabularies(data_dir: Path):
    """The vocabularies, the catalogue and the folder of park files, checked once per load:
    (checked, problems), where ``checked`` is what each park file is checked against."""
    from .validate import check_park_folder, check_vocabularies

    checked, problems = check_vocabularies(data_dir)
    if (data_dir / "parks").is_dir():
        problems += check_park_folder(checked)
    return checked, problems


def _check_park(path: Path, vocab: Checked, texts: dict) -> ParkCheck:
    """The one place the dataset asks :mod:`parklens.validate` to check a park file (on its
    own, against the checked vocabularies; ``texts`` shares the documents read)."""
    from .validate import check_park_file

    return check_park_file(path, vocab, texts)


def load(data_dir: str | Path | None = None, *, cache: bool | None = None) -> Dataset:
    """Load a dataset folder (default: the bundled ``data/``) into a :class:`Dataset`.

    The folder holds ``parks/*.yaml`` and ``vocab/*.yaml``; source files are named relative
    to its parent folder. Every check of ``parklens validate`` runs first: a dataset with any
    problem raises :class:`parklens.DataError` listing them all, never a partial dataset.

    A dataset that passed is kept in a cache keyed on the contents of all its files
    (:mod:`parklens.cache`): loading it again, in this process or another, skips the checks
    until any of those files changes. Each park file is kept too, keyed on its bytes and the
    vocabularies': after an edit of one park only that park is checked again (an edit of a
    vocabulary checks them all). ``cache=False`` (or ``PARKLENS_CACHE=0``) always checks.

    >>> ds = load()
    >>> gdp = ds.metrics.query("park_id == 'guanzhuang' and indicator == 'gdp' and measure == 'level'")
    >>> sorted(set(zip(gdp.period, gdp.value, gdp.unit, gdp.value_base)))
    [('2020', 76.0, '亿元', 7600000000.0), ('2023', 88.7, '亿元', 8870000000.0)]
    """
    from . import cache as _cache

    data_dir = (Path(data_dir) if data_dir is not None else default_data_dir()).resolve()
    use_cache = _cache.enabled(cache) and (data_dir / "parks").is_dir()
    if not use_cache:
        return _build(data_dir, use_cache=False)[0]
    key = _cache.fingerprint(data_dir)
    held = _memo_get(data_dir, key)
    if held is not None and _cache.documents_unchanged(data_dir.parent, held[0]):
        return held[1].copy()
    hit = _cache.read(data_dir, key)
    if hit is not None:
        payload, documents = hit
        ds = Dataset(data_dir=data_dir, **payload)
    else:
        ds, documents = _build(data_dir, use_cache=True)
        _cache.write(data_dir, key, documents, {"vocab": ds.vocab, **_frames_of(ds)})
    _memo_put(data_dir, key, documents, ds)
    return ds.copy()


def _frames_of(ds: Dataset) -> dict[str, pd.DataFrame]:
    return {f.name: getattr(ds, f.name) for f in fields(ds)
            if isinstance(getattr(ds, f.name), pd.DataFrame)}


def _build(data_dir: Path, use_cache: bool) -> tuple[Dataset, dict[str, str]]:
    """The dataset from its park files: each from its cache entry while its file, the
    vocabularies and its documents are unchanged, the others checked one by one against the
    vocabularies, which are checked once. Returns the dataset and the digest of every
    document it read."""
    from pydantic import TypeAdapter

    from . import cache as _cache
    from .schema import VOCAB_MODELS
    from .validate import DataError, progress

    paths = sorted((data_dir / "parks").glob("*.yaml"))
    shared = _cache.shared_fingerprint(data_dir) if use_cache else None
    keys: dict[Path, str] = {}
    entries: dict[Path, dict] = {}
    documents = _Documents(data_dir.parent)
    strings: dict[str, str] = {}
    todo = []
    for path in paths:
        if use_cache:
            keys[path] = _cache.park_key(shared, path)
            entry = _cached_entry(_cache.read_value("parks", keys[path]), keys[path], path)
            if entry is not None and documents.unchanged(entry["documents"]):
                entries[path] = _shared_strings(entry, strings)
                continue
        todo.append(path)

    checked, problems = _check_vocabularies(data_dir)
    # with a vocabulary wrong, the parks are still checked (every problem is shown at once)
    # but no table is built from them
    building = not problems
    place_en = _place_reader(data_dir / "vocab") if todo and building else None
    texts: dict = {}
    for i, path in enumerate(progress(todo)):
        if i % _DOCUMENTS_KEPT_FOR == 0:
            texts = {}
        out = _check_park(path, checked, texts)
        problems += out.problems
        if not building or out.problems or out.park is None:
            continue  # a good park's entry is still kept: fixing the bad one re-checks it alone
        documents.add(out)
        entry = _park_entry(out, checked, place_en)
        if use_cache:
            _cache.write_value("parks", keys[path], {"key": keys[path], **entry})
        entries[path] = _shared_strings(entry, strings)
    if use_cache and todo:  # the entries of older states of park files go in time
        _cache.prune("parks", max(_PARK_ENTRIES_KEPT, len(paths)))
    if not problems:
        problems = _across_parks(checked, entries)
    if problems:
        raise DataError(problems, data_dir)
    vocab = {k: TypeAdapter(VOCAB_MODELS[k]).dump_python(v) for k, v in checked.vocab.items()}
    ordered = [entries[p] for p in paths]
    frames = _tables(ordered, documents.text, checked.vocab, data_dir, checked.catalogue_file)
    return Dataset(data_dir=data_dir, vocab=vocab, **frames), documents.digests_of(ordered)


def _shared_strings(entry: dict, strings: dict[str, str]) -> dict:
    """``entry`` kept compact until its tables are built: each string of its tables one
    object per distinct value (``strings`` holds them; ids, units, periods, labels and
    quotes repeat across rows and parks, and 2,543 parks' entries held apart did not fit in
    1 GB), each column a tuple."""
    for cols in entry["tables"].values():
        for col, values in cols.items():
            # a tuple of strings and numbers is left out of the garbage collector's passes
            # (a list is not): the entries of 2,543 parks then cost no time at every pass
            cols[col] = tuple([strings.setdefault(v, v) if type(v) is str else v
                               for v in values])
    return entry


def _across_parks(vocab: Checked, entries: dict[Path, dict]) -> list:
    """The checks across park files, on what each file claims: an id (of a source, metric,
    enterprise, project or policy) given in two files. The files that share one are
    checked again together, so the problems are validate's own, with both places."""
    from .validate import check_across_files

    owner: dict[tuple[str, str], Path] = {}
    clashing: set[Path] = set()
    for path, entry in entries.items():
        for kind, ids in entry["ids"].items():
            for ident in ids:
                first = owner.setdefault((kind, ident), path)
                if first != path:
                    clashing |= {first, path}
    if not clashing:
        return []
    texts: dict = {}
    outs = [_check_park(path, vocab, texts) for path in sorted(clashing)]
    return check_across_files([out for out in outs if out.park is not None])


class _Documents:
    """The text and digest of each document file (named relative to ``root``) the parks
    cite, each file read once."""

    def __init__(self, root: Path):
        self.root = root
        self.text: dict[str, str] = {}
        self.digest: dict[str, str] = {}

    def unchanged(self, digests: dict[str, str]) -> bool:
        """Whether every file of ``digests`` still has that digest (and its text is read)."""
        from .cache import file_digest

        for rel, digest in digests.items():
            if rel not in self.digest:
                try:
                    raw = (self.root / rel).read_bytes()
                    # as validate reads it: a byte-order mark is not text
                    self.text[rel], self.digest[rel] = raw.decode("utf-8-sig"), file_digest(raw)
                except (OSError, UnicodeDecodeError):
                    return False
            if self.digest[rel] != digest:
                return False
        return True

    def add(self, out: ParkCheck) -> None:
        """The documents of a checked park file."""
        for s in out.park.sources:
            if s.id in out.documents and s.file in out.document_digests:
                self.text[s.file] = out.documents[s.id]
                self.digest[s.file] = out.document_digests[s.file]

    def digests_of(self, entries: list[dict]) -> dict[str, str]:
        return {rel: d for e in entries for rel, d in e["documents"].items()}


def _cached_entry(value, key: str, path: Path) -> dict | None:
    """A park's cache entry if it has the shape :func:`_park_entry` gives, for this key and
    park; None for anything else (damaged, planted, of another park): checked again."""
    try:
        if value["key"] != key or value["park_id"] != path.stem:
            return None
        tables, ids, documents = value["tables"], value["ids"], value["documents"]
        for name in _PARK_TABLES:
            cols = tables[name]
            if not set(cols) <= set(_COLUMNS[name]) or len({len(v) for v in cols.values()
                                                            if type(v) is list}) > 1:
                return None
            if any(type(v) is not list for v in cols.values()):
                return None
        if set(tables) != set(_PARK_TABLES) or not all(
                type(v) is list and all(type(i) is str for i in v) for v in ids.values()):
            return None
        if not all(type(k) is str and type(d) is str for k, d in documents.items()):
            return None
        if any(".." in Path(rel).parts or Path(rel).is_absolute() for rel in documents):
            return None  # only validate decides which files are read
    except (KeyError, TypeError, AttributeError):
        return None
    return value


# (data_dir, key of its contents) -> (document digests, Dataset), the most recent last: the
# datasets loaded in this process, at most _MEMO_SIZE (each national one holds ~300 MB)
_MEMO: OrderedDict = OrderedDict()
_MEMO_SIZE = 4


def _memo_get(data_dir: Path, key: str):
    held = _MEMO.get((data_dir, key))
    if held is not None:
        _MEMO.move_to_end((data_dir, key))
    return held


def _memo_put(data_dir: Path, key: str, documents: dict[str, str], ds: Dataset) -> None:
    for old in [k for k in _MEMO if k[0] == data_dir]:  # an older state of this folder
        del _MEMO[old]
    _MEMO[data_dir, key] = (documents, ds)
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
