"""The curated dataset as tidy pandas DataFrames.

>>> import parklens as pl
>>> ds = pl.load()
>>> sorted(ds.parks.park_id)
['guanzhuang', 'nanyang_hitech', 'puyang', 'suqian_eco_chem']
"""

from __future__ import annotations

import contextlib
import copy
import gc
import math
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .paths import default_data_dir

if TYPE_CHECKING:
    from .validate import Checked

__all__ = ["Dataset", "load"]

_MEASURE_SUFFIX_ZH = {"level": "", "yoy_growth": "增速", "avg_annual_growth": "年均增速",
                      "change": "增减", "share": "占比", "rank": "排名",
                      "plan_completion": "完成计划比例"}
_MEASURE_SUFFIX_EN = {"level": "", "yoy_growth": ", growth", "avg_annual_growth":
                      ", average annual growth", "change": ", change", "share": ", share",
                      "rank": ", rank", "plan_completion": ", share of plan completed"}


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


def _label(base: str, measure: str, scope: str | None, lang: str) -> str:
    suffix = (_MEASURE_SUFFIX_ZH if lang == "zh" else _MEASURE_SUFFIX_EN)[measure]
    scope_part = f"（{scope}）" if scope and lang == "zh" else (f" ({scope})" if scope else "")
    return f"{base}{scope_part}{suffix}"


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


def _frames(c: Checked) -> dict[str, pd.DataFrame]:
    from .units import english_unit

    v = c.vocab
    ind_vocab, industries, terms = v["indicators"], v["industries"], v["terms"]
    place_en = _place_reader(c.data_dir / "vocab")
    parks, sources, documents, metrics = [], [], [], []
    inds, codes, ents, projs, pols, parts = [], [], [], [], [], []
    figures_of: dict[str, list] = {}
    for f in c.figures:
        figures_of.setdefault(f.park_id, []).append(f)
    for park_id, pf in c.parks.items():
        p = pf.park
        parks.append({
            "park_id": park_id, "name_zh": p.name_zh, "name_en": p.name_en,
            "short_zh": p.short_zh, "province": p.province,
            "province_en": place_en(p.province), "city": p.city, "city_en": place_en(p.city),
            "type": p.type,
            "type_zh": terms["park_type"][p.type].zh, "type_en": terms["park_type"][p.type].en,
            "level": p.level, "leading_industries": list(p.leading_industries),
            "leading_industries_zh": "、".join(industries[i].zh for i in p.leading_industries),
            "catalogue_code": pf.catalogue.code if pf.catalogue else None,
            "catalogue_name_zh": pf.catalogue.name_zh if pf.catalogue else None,
            "catalogue_confidence": pf.catalogue.confidence if pf.catalogue else None,
            # the curator's reasons travel with the link, for the reports to show
            "catalogue_evidence": pf.catalogue.evidence if pf.catalogue else None,
            "catalogue_why_none": pf.catalogue.why_none if pf.catalogue else None,
        })
        for s in pf.sources:
            sources.append({"source_id": s.id, "park_id": park_id, "file": s.file,
                            "title": s.title, "outlet": s.outlet, "title_en": s.title_en,
                            "outlet_en": s.outlet_en, "doc_type": s.doc_type,
                            "date": pd.Timestamp(s.date), "date_basis": s.date_basis,
                            "date_note": s.date_note})
            if s.id in c.documents:
                documents.append({"source_id": s.id, "park_id": park_id, "file": s.file,
                                  "text": c.documents[s.id]})
        subject_names = {park_id: p.name_zh}
        subject_names_en = {park_id: p.name_en}
        subject_types = {park_id: "park"}
        for e in pf.industries:
            subject_names[e.industry] = industries[e.industry].zh
            subject_names_en[e.industry] = industries[e.industry].en
            subject_types[e.industry] = "industry"
            first = e.cites[0]
            inds.append({"park_id": park_id, "industry": e.industry,
                         "label_zh": industries[e.industry].zh,
                         "label_en": industries[e.industry].en, "role": e.role,
                         "name_stated": e.name_stated,
                         "gbt4754": industries[e.industry].gbt4754[0].code,
                         "gbt4754_confidence": industries[e.industry].gbt4754[0].confidence,
                         "sei": industries[e.industry].sei,
                         "source_id": first.source, "quote": first.quote})
        for e in pf.enterprises:
            subject_names[e.id], subject_types[e.id] = e.name_zh, "enterprise"
            subject_names_en[e.id] = e.name_en or e.name_zh
            ents.append({"park_id": park_id, "enterprise_id": e.id, "name_zh": e.name_zh,
                         "name_en": e.name_en, "aliases": list(e.aliases), "role": e.role,
                         "role_zh": terms["enterprise_role"][e.role].zh,
                         "industry": e.industry, "source_id": e.cites[0].source,
                         "quote": e.cites[0].quote, "note": e.note})
        for pr in pf.projects:
            subject_names[pr.id], subject_types[pr.id] = pr.name_zh, "project"
            subject_names_en[pr.id] = pr.name_en or pr.name_zh
            projs.append({"park_id": park_id, "project_id": pr.id, "name_zh": pr.name_zh,
                          "name_en": pr.name_en, "enterprise_id": pr.enterprise,
                          "industry": pr.industry, "status": pr.status,
                          "status_zh": terms["project_status"][pr.status].zh,
                          "source_id": pr.cites[0].source, "quote": pr.cites[0].quote,
                          "note": pr.note})
        for po in pf.policies:
            pols.append({"park_id": park_id, "policy_id": po.id, "name": po.name,
                         "name_en": po.name_en, "kind": po.kind, "themes": list(po.themes),
                         "n_parts": len(po.parts), "source_id": po.cites[0].source,
                         "quote": po.cites[0].quote, "note": po.note})
            for k, part in enumerate(po.parts):
                parts.append({"park_id": park_id, "policy_id": po.id, "policy": po.name,
                              "position": k + 1, "key": part.key, "text": part.text})
        for f in figures_of.get(park_id, ()):
            m, q, per = f.metric, f.quantity, f.period
            ind = ind_vocab[m.indicator]
            subject = m.subject or park_id
            metrics.append({
                "metric_id": m.id, "park_id": park_id, "subject": subject,
                "subject_type": subject_types[subject], "subject_name": subject_names[subject],
                "subject_name_en": subject_names_en[subject],
                "indicator": m.indicator,
                "label_zh": _label(ind.zh, m.measure, m.scope, "zh"),
                "label_en": _label(ind.en, m.measure, m.scope_en or m.scope, "en"),
                "group": ind.group, "measure": m.measure, "scope": m.scope,
                "scope_en": m.scope_en, "extent": m.extent,
                "period": per.code, "period_type": per.kind,
                "period_start": pd.Timestamp(per.start) if per.start else pd.NaT,
                "period_end": pd.Timestamp(per.end), "period_stated": m.period,
                "period_en": per.en, "year": per.year, "value": q.value, "unit": q.unit,
                # 第98位, 第一名: a place in a ranking, whatever the measure word
                "unit_en": ("rank" if q.ordinal else english_unit(q.unit, c.units,
                                                                  ind.counts_en, q.value)
                            if q.unit else None),
                "value_base": q.value_base, "unit_base": q.unit_base,
                "value_low": q.value_low, "value_high": q.value_high,
                "value_text": q.text_value, "qualifier": q.qualifier,
                "qualifier_sign": terms["qualifier"][q.qualifier].sign or "",
                "status": m.status, "stated": f.cite.stated or m.stated,
                "source_id": f.cite.source, "quote": f.cite.quote, "note": m.note,
            })
    for ind_id, spec in industries.items():
        for code in spec.gbt4754:
            codes.append({"industry": ind_id, "label_zh": spec.zh, "label_en": spec.en,
                          "code": code.code, "code_zh": code.zh,
                          "confidence": code.confidence, "sei": spec.sei})

    def frame(rows: list[dict], name: str) -> pd.DataFrame:
        columns = _COLUMNS[name]
        if not rows:
            return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
        # columns the rows do not carry (added below from the metrics) start empty
        return pd.DataFrame(rows, columns=[c for c in columns if c in rows[0]])

    metrics_df = frame(metrics, "metrics")
    metrics_df["year"] = metrics_df["year"].astype("int64")
    projects_df = frame(projs, "projects")
    # Investment and expected output of projects, where a figure states them.
    for col, indicator in (("investment_cny", "investment"), ("output_cny", "output_value")):
        sel = metrics_df[(metrics_df.subject_type == "project") &
                         (metrics_df.indicator == indicator) & (metrics_df.unit_base == "CNY")]
        first = sel.drop_duplicates("subject").set_index("subject").value_base
        if len(projects_df):
            projects_df[col] = projects_df.project_id.map(first).astype("float64")
    industries_df = frame(inds, "industries")
    sel = metrics_df[(metrics_df.subject_type == "industry") &
                     (metrics_df.indicator == "output_value") & (metrics_df.measure == "level")]
    first = sel.drop_duplicates(["park_id", "subject"]).set_index(["park_id", "subject"])
    if len(industries_df):
        idx = pd.MultiIndex.from_frame(industries_df[["park_id", "industry"]])
        industries_df["output_cny"] = first.value_base.reindex(idx).to_numpy()
        industries_df["output_stated"] = first.stated.reindex(idx).to_numpy()
    from . import catalogue

    if c.catalogue_file is not None:
        try:
            cat = catalogue.load(c.catalogue_file)
        except catalogue.CatalogueError as e:  # changed on disk since it was checked
            from .validate import DataError

            raise DataError(e.problems, c.data_dir) from None
        zones, zone_industries = cat.zones, cat.industries
    else:  # a dataset without catalogue/: both tables, empty
        zones, zone_industries = catalogue.empty_tables()
    return {
        "catalogue": zones, "catalogue_industries": zone_industries,
        "parks": frame(parks, "parks"), "sources": frame(sources, "sources"),
        "documents": frame(documents, "documents"), "metrics": metrics_df,
        "industries": industries_df, "industry_codes": frame(codes, "industry_codes"),
        "enterprises": frame(ents, "enterprises"), "projects": projects_df,
        "policies": frame(pols, "policies"), "policy_parts": frame(parts, "policy_parts"),
    }


def load(data_dir: str | Path | None = None, *, cache: bool | None = None) -> Dataset:
    """Load a dataset folder (default: the bundled ``data/``) into a :class:`Dataset`.

    The folder holds ``parks/*.yaml`` and ``vocab/*.yaml``; source files are named relative
    to its parent folder. Every check of ``parklens validate`` runs first: a dataset with any
    problem raises :class:`parklens.DataError` listing them all, never a partial dataset.

    A dataset that passed is kept in a cache keyed on the contents of all its files
    (:mod:`parklens.cache`): loading it again, in this process or another, skips the checks
    until any of those files changes. ``cache=False`` (or ``PARKLENS_CACHE=0``) always checks.

    >>> ds = load()
    >>> gdp = ds.metrics.query("park_id == 'guanzhuang' and indicator == 'gdp' and measure == 'level'")
    >>> sorted(set(zip(gdp.period, gdp.value, gdp.unit, gdp.value_base)))
    [('2020', 76.0, '亿元', 7600000000.0), ('2023', 88.7, '亿元', 8870000000.0)]
    """
    with _no_gc():
        return _load(data_dir, cache)


def _load(data_dir, cache):
    from . import cache as _cache

    data_dir = (Path(data_dir) if data_dir is not None else default_data_dir()).resolve()
    use_cache = _cache.enabled(cache) and (data_dir / "parks").is_dir()
    key = _cache.fingerprint(data_dir) if use_cache else None
    if use_cache:
        held = _MEMO.get(data_dir)
        if held is not None and held[0] == key and _cache.documents_unchanged(
                data_dir.parent, held[1]):
            return held[2].copy()
        hit = _cache.read(data_dir, key)
        if hit is not None:
            payload, documents = hit
            ds = Dataset(data_dir=data_dir, **payload)
            _MEMO[data_dir] = (key, documents, ds)
            return ds.copy()
    from pydantic import TypeAdapter

    from .schema import VOCAB_MODELS
    from .validate import validate

    checked = validate(data_dir)
    frames = _frames(checked)
    vocab = {k: TypeAdapter(VOCAB_MODELS[k]).dump_python(v) for k, v in checked.vocab.items()}
    ds = Dataset(data_dir=checked.data_dir, vocab=vocab, **frames)
    if use_cache:
        documents = checked.document_digests
        _cache.write(data_dir, key, documents, {"vocab": vocab, **frames})
        _MEMO[data_dir] = (key, documents, ds)
        return ds.copy()
    return ds


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: a load creates millions of objects and no cycles,
    and at national scale collections scanning them took a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# data_dir -> (key, document digests, Dataset): the last dataset loaded from each folder
_MEMO: dict[Path, tuple[str, dict[str, str], Dataset]] = {}
