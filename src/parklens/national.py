"""A park in the national frame, and the national picture, from the 2018 catalogue.

The computations on the catalogue's tables live in :mod:`parklens.catalogue` (peers,
standing, approval waves, area by type, categories by province); this module puts a
curated park beside its catalogue entry and turns those tidy frames into tables for people
(headers in the report's language, no code names) and charts (titled, units on the axes),
in Chinese or English. Notebook 05 calls it.

>>> entry = link(ds, "nanyang_hitech")
>>> entry.code, entry.type, entry.level
('G412117', 'hitech', 'national')
>>> link(ds, "suqian_eco_chem") is None
True
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import catalogue
from .dataset import Dataset
from .display import localized
from .paths import default_data_dir
from .plotting import CMAP, SERIES_COLOR, category_colors
from .messages import say, text
from .yamlfile import read_yaml

__all__ = ["link", "zone_label", "type_label", "leading_label", "entry_table", "peer_zones",
           "zones_table", "neighbours", "standing_rows", "standing_table", "peer_chart", "province_type_chart",
           "provinces_chart", "waves_chart", "area_table", "area_chart", "categories_table",
           "categories_chart", "province_categories_table", "tile_layout", "tile_map",
           "links_table", "TileLayoutError", "describe_standing", "describe_province",
           "describe_provinces", "describe_waves", "describe_area", "describe_categories"]

PARK_COLOR, PEER_COLOR = "#d62728", "#7fa7c9"  # the park in red among blue peers


# ---------------------------------------------------------------- labels

def link(ds: Dataset, park_id: str) -> pd.Series | None:
    """The catalogue zone a curated park is linked to, or None (no link, or a dataset
    without a catalogue)."""
    park = ds.parks.set_index("park_id").loc[park_id]
    code = park.catalogue_code
    if not isinstance(code, str) or not code or ds.catalogue.empty:
        return None
    name = park.get("catalogue_name_zh")
    return catalogue.zone_of(ds.catalogue, code, name if isinstance(name, str) and name else None)


def zone_label(zone, lang: str) -> str:
    """A zone's name in the report's language."""
    return localized(zone, "name", lang)


def province_label(zone, lang: str) -> str:
    """A zone's province in the report's language (the catalogue names it ``province``)."""
    return localized(zone, "province", lang, zh="province")


def type_label(level: str, type_zh: str, type_en: str | None, lang: str) -> str:
    """国家级高新技术产业开发区 / national High-tech Industrial Development Zone (a type
    without English keeps its Chinese name, as :func:`display.localized` picks it).

    >>> type_label("national", "高新技术产业开发区", "High-tech Industrial Development Zone", "en")
    'national High-tech Industrial Development Zone'
    """
    kind = localized({"type_zh": type_zh, "type_en": type_en}, "type", lang)
    return text("national.type_label", lang, level=text(f"national.level_{level}", lang),
                type=kind)


def _zone_type(zone, lang: str) -> str:
    return type_label(zone["level"], zone["type_zh"], zone["type_en"], lang)


def leading_label(industries: pd.DataFrame, code: str, name_zh: str, lang: str) -> str:
    """A zone's leading industries as the catalogue lists them: the wordings in Chinese;
    in English each wording's category (its first), once, or "not classified"."""
    rows = industries[(industries.code == code) & (industries.name_zh == name_zh)]
    rows = rows.sort_values("position")
    if lang == "zh":
        return "、".join(rows.wording)
    labels = [c if isinstance(c, str) and c else text("national.not_classified", lang)
              for c in rows.category_en]
    return "; ".join(dict.fromkeys(labels))


def _leading_by_zone(industries: pd.DataFrame, lang: str) -> dict[tuple[str, str], str]:
    out = {}
    for (code, name), rows in industries.sort_values("position").groupby(["code", "name_zh"]):
        out[code, name] = leading_label(rows, code, name, lang)
    return out


# ---------------------------------------------------------------- one park

def entry_table(ds: Dataset, park_id: str, lang: str) -> pd.DataFrame:
    """The park's catalogue entry (2018) beside what its own documents say: name, code,
    level, type, approval date, approved area and leading industries, one row each."""
    park = ds.parks.set_index("park_id").loc[park_id]
    zone = link(ds, park_id)
    none = text("common.not_stated", lang)
    terms = ds.vocab["terms"]
    level = park.level if isinstance(park.level, str) else None
    level_doc = terms["level"][level][lang] if level in terms["level"] else none
    industries = ds.industries[(ds.industries.park_id == park_id) & (ds.industries.role == "leading")]
    now = ("、" if lang == "zh" else "; ").join(localized(industries, "label", lang)) or none
    if zone is None:
        cat = [text("national.no_entry", lang)] + [""] * 6
    else:
        approved = zone.approved + (f" / {zone.approved_2}" if isinstance(zone.approved_2, str) else "")
        cat = [zone_label(zone, lang), zone.code, text(f"national.level_{zone.level}", lang),
               localized(zone, "type", lang), approved,
               text("national.hectares", lang, area=f"{zone.area_ha:,.2f}"),
               leading_label(ds.catalogue_industries, zone.code, zone.name_zh, lang)]
    docs = [localized(park, "name", lang), none, level_doc, localized(park, "type", lang),
            none, none, now]
    items = ["name", "code", "level", "type", "approved", "area", "leading"]
    return pd.DataFrame({
        text("national.col_item", lang): [text(f"national.item_{i}", lang) for i in items],
        text("national.col_catalogue", lang): cat,
        text("national.col_documents", lang): docs,
    })


def peer_zones(ds: Dataset, zone: pd.Series, by: str = "type") -> pd.DataFrame:
    """The zone's peers in the catalogue (``by``: type and level, province or industry)."""
    return catalogue.peers(ds.catalogue, zone.code, by=by, industries=ds.catalogue_industries,
                           name_zh=zone.name_zh)


def zones_table(zones: pd.DataFrame, industries: pd.DataFrame, lang: str,
                mark: pd.Series | None = None) -> pd.DataFrame:
    """Zones for people: code, name (in English also the Chinese name, on purpose: it is
    how the zone is found), province, type, approval, area in hectares and leading
    industries, in the order of ``zones``; ``mark``, a zone, is flagged."""
    leading = _leading_by_zone(industries[industries.code.isin(zones.code)], lang)
    frame = zones
    columns = {
        text("national.col_code", lang): frame.code,
        text("national.col_zone", lang): localized(frame, "name", lang),
    }
    if lang != "zh":
        columns[text("national.col_name_zh", lang)] = frame.name_zh
    columns.update({
        text("national.col_province", lang): province_label(frame, lang),
        text("national.col_type", lang): [_zone_type(z, lang) for _, z in frame.iterrows()],
        text("national.col_approved", lang): frame.approved,
        text("national.col_area", lang): frame.area_ha,
        text("national.col_leading", lang): [leading.get((c, n), "") for c, n in
                                            zip(frame.code, frame.name_zh)],
    })
    out = pd.DataFrame({k: list(v) for k, v in columns.items()})
    if mark is not None:
        flag = [text("national.this_park", lang) if (c, n) == (mark.code, mark.name_zh) else ""
                for c, n in zip(frame.code, frame.name_zh)]
        out.insert(0, text("national.col_mark", lang), flag)
    return out


def neighbours(zone: pd.Series, peers: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """The zone and the ``k`` peers just larger and ``k`` just smaller in approved area
    (fewer at either end), largest first: where it stands, in a table a page can hold
    (a provincial type has up to 986 zones; the CSV keeps them all).

    >>> z = pd.DataFrame({"code": list("ABCDE"), "name_zh": list("甲乙丙丁戊"),
    ...                   "area_ha": [50.0, 40.0, 30.0, 20.0, 10.0]})
    >>> list(neighbours(z.iloc[3], z[z.code != "D"], k=1).code)
    ['C', 'D', 'E']
    """
    own = peers[~((peers.code == zone.code) & (peers.name_zh == zone.name_zh))]
    larger = own[own.area_ha > zone.area_ha].sort_values("area_ha", kind="stable").head(k)
    smaller = own[own.area_ha <= zone.area_ha].sort_values("area_ha", ascending=False,
                                                            kind="stable").head(k)
    rows = pd.concat([larger, zone.to_frame().T, smaller])
    return rows.astype({"area_ha": float}).sort_values("area_ha", ascending=False,
                                                        kind="stable").reset_index(drop=True)


def standing_rows(ds: Dataset, zone: pd.Series, peers: pd.DataFrame) -> pd.DataFrame:
    """:func:`catalogue.standing` of the zone among its peers on approved area and on
    approval year: two tidy rows (``column, value, rank, n, percentile, peer_median``)."""
    return pd.concat([catalogue.standing(ds.catalogue, zone.code, peers, column, name_zh=zone.name_zh)
                      for column in ("area_ha", "approved_year")], ignore_index=True)


def standing_table(standing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`standing_rows` for people: the measure, the zone's value, its rank (1: the
    largest; the latest approved) out of how many, the share of the group at or below it
    and the peers' median."""
    rows = []
    for s in standing.itertuples():
        value, median = s.value, s.peer_median
        if s.column == "approved_year":
            value, median = str(int(value)), "" if math.isnan(median) else f"{median:.0f}"
        rows.append({
            text("national.col_measure", lang): text(f"national.measure_{s.column}", lang),
            text("national.col_value", lang): value,
            text("national.col_rank", lang): text("national.rank_of", lang, rank=int(s.rank), n=int(s.n)),
            text("national.col_percentile", lang): round(float(s.percentile), 1),
            text("national.col_peer_median", lang): median,
        })
    return pd.DataFrame(rows)


def peer_chart(zone: pd.Series, peers: pd.DataFrame, lang: str):
    """Approval year against approved area (log scale) of the zone's peers, the zone
    marked and named: where it stands in age and size at once."""
    fig, ax = plt.subplots(figsize=(9, 5.2))
    ax.scatter(peers.approved_year, peers.area_ha, s=18, color=PEER_COLOR, alpha=0.7,
               edgecolors="none", label=text("national.peers_label", lang, n=len(peers)))
    ax.scatter([zone.approved_year], [zone.area_ha], s=140, marker="*", color=PARK_COLOR,
               zorder=3, label=zone_label(zone, lang))
    ax.annotate(zone_label(zone, lang), (zone.approved_year, zone.area_ha), xytext=(8, 8),
                textcoords="offset points", color=PARK_COLOR, fontsize=10)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlim(catalogue.FIRST_YEAR - 1, catalogue.LAST_YEAR + 1)
    ax.set_xlabel(text("national.axis_year", lang))
    ax.set_ylabel(text("national.axis_area_log", lang))
    ax.set_title(text("national.peer_chart_title", lang, type=_zone_type(zone, lang)))
    ax.legend(loc="lower left", frameon=True, fontsize=9)
    return ax


# ---------------------------------------------------------------- types and provinces

def _type_columns(zones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One column per (level, type) of ``zones``, national first, in the vocabulary's order
    of the code digit, labelled in ``lang``."""
    kinds = (zones[["level", "type", "type_zh", "type_en", "code"]]
             .assign(digit=zones.code.str[3]).drop_duplicates(["level", "type"])
             .sort_values("digit"))
    return kinds.assign(label=[type_label(k.level, k.type_zh, k.type_en, lang)
                               for k in kinds.itertuples()])


#: The type digit of a zone code (1–6 national, 7–9 provincial types) → its colour: the same
#: type has the same colour in every chart, whichever types a chart shows.
TYPE_COLORS = category_colors([str(d) for d in range(1, 10)])


def province_type_chart(zones: pd.DataFrame, lang: str, *, title: str):
    """Zones by type (and level), one bar per type: the zones of a province."""
    kinds = _type_columns(zones, lang)
    counts = zones.groupby(["level", "type"]).size()
    data = pd.DataFrame({"label": kinds.label, "color": [TYPE_COLORS[d] for d in kinds.digit],
                         "zones": [int(counts.get((k.level, k.type), 0)) for k in kinds.itertuples()]})
    data = data.sort_values("zones", ascending=False)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(data) + 1.4))
    y = np.arange(len(data))
    bars = ax.barh(y, data.zones, color=list(data.color), height=0.7)
    for bar, n in zip(bars, data.zones):
        ax.annotate(f" {n:,}", (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                    fontsize=9)
    ax.set_yticks(y, labels=list(data.label))
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(0, max(1, data.zones.max()) * 1.15)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(text("national.axis_zones", lang))
    ax.set_title(title)
    return ax


def provinces_chart(zones: pd.DataFrame, lang: str):
    """Zones by province, each bar stacked by type and level: 31 bars, most zones on top."""
    kinds = _type_columns(zones, lang)
    matrix = (zones.assign(_province=province_label(zones, lang))
              .groupby(["_province", "level", "type"]).size().unstack(["level", "type"], fill_value=0)
              .reindex(columns=pd.MultiIndex.from_frame(kinds[["level", "type"]]), fill_value=0))
    matrix.columns = list(kinds.label)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    fig, ax = plt.subplots(figsize=(11, 0.32 * len(matrix) + 1.8))
    y = np.arange(len(matrix))
    left = np.zeros(len(matrix))
    for column, digit in zip(matrix.columns, kinds.digit):
        values = matrix[column].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=TYPE_COLORS[digit], height=0.75, label=column)
        left += values
    for yy, total in zip(y, left):
        ax.annotate(f" {int(total):,}", (total, yy), va="center", fontsize=8)
    ax.set_yticks(y, labels=list(matrix.index), fontsize=9)
    ax.set_ylim(len(matrix) - 0.5, -0.5)
    ax.set_xlim(0, left.max() * 1.1)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", frameon=True, fontsize=8, title=text("national.legend_type", lang))
    ax.set_xlabel(text("national.axis_zones", lang))
    ax.set_title(text("national.provinces_title", lang, n=f"{len(zones):,}"))
    return ax


def waves_chart(waves: pd.DataFrame, lang: str):
    """Zones approved each year, 1984–2018, national and provincial stacked: a bar a year."""
    wide = waves.pivot(index="year", columns="level", values="zones").fillna(0)
    fig, ax = plt.subplots(figsize=(12, 4.8))
    bottom = np.zeros(len(wide))
    for level, color in zip(("national", "provincial"), (PARK_COLOR, PEER_COLOR)):
        values = wide.get(level, pd.Series(0, index=wide.index)).to_numpy(dtype=float)
        ax.bar(wide.index, values, bottom=bottom, color=color, width=0.8,
               label=text(f"national.level_{level}_zones", lang))
        bottom += values
    ax.set_xticks(wide.index, labels=[str(y) for y in wide.index], rotation=90, fontsize=9)
    ax.set_xlim(wide.index.min() - 0.7, wide.index.max() + 0.7)
    ax.grid(axis="x", visible=False)
    ax.set_xlabel(text("national.axis_year", lang))
    ax.set_ylabel(text("national.axis_zones_approved", lang))
    ax.set_title(text("national.waves_title", lang, first=int(wide.index.min()),
                      last=int(wide.index.max())))
    ax.legend(loc="upper left", frameon=True)
    return ax


def area_table(area: pd.DataFrame, zones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`catalogue.area_by_type` for people: type, zones, total, median and largest
    area in hectares, share of the national total in %."""
    labels = _type_columns(zones, lang).set_index(["level", "type"]).label
    return pd.DataFrame({
        text("national.col_type", lang): [labels[(r.level, r.type)] for r in area.itertuples()],
        text("national.col_zones", lang): area.zones.to_numpy(),
        text("national.col_total_area", lang): area.area_ha.round(0).to_numpy(),
        text("national.col_median_area", lang): area.median_ha.to_numpy(),
        text("national.col_max_area", lang): area.max_ha.to_numpy(),
        text("national.col_area_share", lang): (100 * area.share).round(1).to_numpy(),
    })


def area_chart(area: pd.DataFrame, zones: pd.DataFrame, lang: str):
    """Approved area by type: total hectares, each bar annotated with its zones and median."""
    kinds = _type_columns(zones, lang).set_index(["level", "type"])
    labels = kinds.label
    data = area.sort_values("area_ha", ascending=False)
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(data) + 1.6))
    y = np.arange(len(data))
    colors = [TYPE_COLORS[kinds.digit[(r.level, r.type)]] for r in data.itertuples()]
    bars = ax.barh(y, data.area_ha, color=colors, height=0.7)
    for bar, r in zip(bars, data.itertuples()):
        ax.annotate(" " + text("national.area_note", lang, zones=f"{r.zones:,}",
                                         median=f"{r.median_ha:,.0f}"),
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center", fontsize=9)
    ax.set_yticks(y, labels=[labels[(r.level, r.type)] for r in data.itertuples()])
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(0, data.area_ha.max() * 1.45)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(text("national.axis_area_total", lang))
    ax.set_title(text("national.area_title", lang))
    return ax


# ---------------------------------------------------------------- leading industries

def _category_label(labels: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(labels.category, labels[lang]))


def _by_zones(profile: pd.DataFrame) -> pd.DataFrame:
    """Categories by the zones naming them (then mentions): "most common" counts zones."""
    return profile.sort_values(["zones", "mentions"], ascending=False, kind="stable")


def categories_table(profile: pd.DataFrame, labels: pd.DataFrame, lang: str, n_zones: int,
                     top: int = 15) -> pd.DataFrame:
    """The ``top`` categories of :func:`catalogue.industry_profile` for people: category,
    zones naming it, share of all zones (%), mentions."""
    names = _category_label(labels, lang)
    data = _by_zones(profile).head(top)
    return pd.DataFrame({
        text("national.col_rank_short", lang): range(1, len(data) + 1),
        text("national.col_category", lang): [names.get(c, c) for c in data.category],
        text("national.col_zones_naming", lang): data.zones.to_numpy(),
        text("national.col_zone_share", lang): (100 * data.zones / n_zones).round(1).to_numpy(),
        text("national.col_mentions", lang): data.mentions.to_numpy(),
    })


def categories_chart(profile: pd.DataFrame, labels: pd.DataFrame, lang: str, n_zones: int,
                     top: int = 15):
    """The ``top`` leading-industry categories nationally: zones naming each."""
    names = _category_label(labels, lang)
    data = _by_zones(profile).head(top)
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(data) + 1.5))
    y = np.arange(len(data))
    bars = ax.barh(y, data.zones, color=SERIES_COLOR, height=0.75)
    for bar, zones in zip(bars, data.zones):
        ax.annotate(f" {zones:,} ({100 * zones / n_zones:.0f}%)",
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center", fontsize=9)
    ax.set_yticks(y, labels=[names.get(c, c) for c in data.category])
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(0, data.zones.max() * 1.25)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(text("national.axis_zones_naming", lang))
    ax.set_title(text("national.categories_title", lang, top=len(data), n=f"{n_zones:,}"))
    return ax


def province_categories_table(by_province: pd.DataFrame, zones: pd.DataFrame,
                              labels: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`catalogue.categories_by_province` for people: one row per province (by
    code), its zones and its first categories, each with the share of its zones naming it."""
    names = _category_label(labels, lang)
    counts = zones.groupby("province").size()
    shown = dict(zip(zones.province, province_label(zones, lang)))
    rows = []
    for province, group in by_province.groupby("province", sort=False):
        row = {text("national.col_province", lang): shown[province],
               text("national.col_zones", lang): int(counts[province])}
        for r in group.itertuples():
            row[text("national.col_nth", lang, n=r.rank)] = text(
                "national.category_share", lang, category=names.get(r.category, r.category),
                share=f"{100 * r.zone_share:.0f}")
        rows.append(row)
    return pd.DataFrame(rows).fillna("")


# ---------------------------------------------------------------- the tile-grid map

class TileLayoutError(ValueError):
    """The tile layout file cannot be used; the message names the file and the fix."""


def _layout_path(data_dir: Path | None) -> Path:
    if data_dir is not None and (Path(data_dir) / "vocab" / "province_tiles.yaml").is_file():
        return Path(data_dir) / "vocab" / "province_tiles.yaml"
    return default_data_dir() / "vocab" / "province_tiles.yaml"


def tile_layout(data_dir: Path | None = None) -> pd.DataFrame:
    """The tile-grid layout of ``vocab/province_tiles.yaml`` (the data folder's, else the
    bundled one): ``province_code, col, row``, one square each; raises
    :class:`TileLayoutError` naming the file, the entry and the fix.

    >>> layout = tile_layout()
    >>> len(layout), layout.set_index("province_code").loc["31", ["col", "row"]].tolist()
    (31, [8, 4])
    """
    path = _layout_path(data_dir)
    doc, problems = read_yaml(path)
    if problems:
        raise TileLayoutError("\n".join(str(p) for p in problems))
    data = doc.data
    fix = "give each province as \"CODE\": {zh: NAME, col: N, row: N} with whole numbers 0–20"
    if not isinstance(data, dict) or not data:
        raise TileLayoutError(f"{path}: not a mapping of province codes to squares; {fix}")
    rows, seen = [], {}
    for code, entry in data.items():
        ok = (isinstance(entry, dict) and all(isinstance(entry.get(k), int) and
                                              not isinstance(entry.get(k), bool) and
                                              0 <= entry[k] <= 20 for k in ("col", "row")))
        if not ok:
            raise TileLayoutError(f"{path}: entry {str(code)!r} has no whole col and row; {fix}")
        cell = (entry["col"], entry["row"])
        if cell in seen:
            raise TileLayoutError(f"{path}: {str(code)!r} and {seen[cell]!r} share the square "
                                  f"col {cell[0]}, row {cell[1]}; move one of them")
        seen[cell] = str(code)
        rows.append({"province_code": str(code), "col": cell[0], "row": cell[1]})
    return pd.DataFrame(rows)


def tile_map(counts: pd.DataFrame, layout: pd.DataFrame, lang: str, *, value: str = "zones",
             title: str | None = None):
    """A tile-grid map: each province a square at its place in ``layout``, shaded by
    ``value`` of ``counts`` (:func:`catalogue.province_counts`) and labelled with its short
    name and the number. A province of the layout without zones shows 0."""
    data = layout.merge(counts, on="province_code", how="left")
    data[value] = data[value].fillna(0).astype(int)
    short_zh = data.province.fillna("").str.replace(
        r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", regex=True)
    short = localized(data.assign(short_zh=short_zh), "short", lang, en="province_en")
    data = data.assign(short=short.where(short != "", data.province_code))
    ncols, nrows = data.col.max() + 1, data.row.max() + 1
    fig, ax = plt.subplots(figsize=(1.15 * ncols + 1.6, 1.0 * nrows + 1.0))
    cmap = plt.get_cmap(CMAP)
    top = max(1, data[value].max())
    for r in data.itertuples():
        level = getattr(r, value) / top
        r_, g, b, _ = cmap(0.1 + 0.85 * level)
        ax.add_patch(plt.Rectangle((r.col + 0.04, r.row + 0.04), 0.92, 0.92, color=(r_, g, b),
                                   linewidth=0))
        dark = 0.2126 * r_ + 0.7152 * g + 0.0722 * b < 0.408
        color = "white" if dark else "#222222"
        ax.text(r.col + 0.5, r.row + 0.36, r.short, ha="center", va="center", color=color,
                fontsize=9 if lang == "zh" else 7.5)
        ax.text(r.col + 0.5, r.row + 0.66, f"{getattr(r, value):,}", ha="center", va="center",
                color=color, fontsize=11)  # the CJK font ships one weight only
    ax.set_xlim(0, ncols)
    ax.set_ylim(nrows, 0)  # row 0 at the top: north up
    ax.set_aspect("equal")
    ax.axis("off")
    mappable = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(0, top))
    bar = fig.colorbar(mappable, ax=ax, fraction=0.03, pad=0.02)
    bar.set_label(text("national.axis_zones", lang))
    ax.set_title(title or text("national.map_title", lang))
    return ax


# ---------------------------------------------------------------- the curated parks

def links_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """Each curated park and its catalogue zone (or none), with the link's confidence."""
    rows = []
    for p, name in zip(ds.parks.itertuples(), localized(ds.parks, "name", lang)):
        zone = link(ds, p.park_id)
        rows.append({
            text("national.col_park", lang): name,
            text("national.col_code", lang): "" if zone is None else zone.code,
            text("national.col_zone", lang): text("national.no_entry", lang) if zone is None
            else zone_label(zone, lang),
            text("national.col_type", lang): "" if zone is None else _zone_type(zone, lang),
            text("national.col_confidence", lang): text(f"national.confidence_{p.catalogue_confidence}", lang)
            if isinstance(p.catalogue_confidence, str) else "",
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- what the numbers say

def _fmt(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def describe_standing(ds: Dataset, zone: pd.Series, peers: pd.DataFrame, lang: str):
    """One sentence: the zone's rank by area among its peers and its approval year
    against theirs."""
    area = catalogue.standing(ds.catalogue, zone.code, peers, "area_ha", name_zh=zone.name_zh).iloc[0]
    year = catalogue.standing(ds.catalogue, zone.code, peers, "approved_year",
                              name_zh=zone.name_zh).iloc[0]
    none = text("common.not_stated", lang)
    return say("national.standing", lang, zone=zone_label(zone, lang), rank=int(area["rank"]),
               n=int(area.n), pct=_fmt(area.percentile, 1),
               median=none if math.isnan(area.peer_median) else _fmt(area.peer_median, 2),
               year=int(zone.approved_year),
               median_year=none if math.isnan(year.peer_median) else f"{year.peer_median:.0f}")


def describe_province(zones: pd.DataFrame, province: str, lang: str):
    """How many zones a province has, by level, and its share of the country's."""
    own = zones[zones.province == province]
    name = province if own.empty else province_label(own.iloc[0], lang)
    return say("national.province_intro", lang, province=name, n=len(own),
               national=int((own.level == "national").sum()),
               provincial=int((own.level == "provincial").sum()),
               share=_fmt(100 * len(own) / max(1, len(zones)), 1))


def describe_provinces(counts: pd.DataFrame, lang: str):
    """The national totals and the provinces with the most and the fewest zones."""
    first, last = counts.iloc[0], counts.iloc[-1]
    return say("national.provinces_intro", lang, n=_fmt(counts.zones.sum()),
               national=_fmt(counts.national.sum()), provincial=_fmt(counts.provincial.sum()),
               first=province_label(first, lang), first_n=int(first.zones),
               last=province_label(last, lang), last_n=int(last.zones))


def describe_waves(waves: pd.DataFrame, lang: str, since: int = 2006):
    """The busiest year of approvals, and the share approved from ``since`` on (default
    2006: the year of the previous catalogue, after the 2003–2006 review of zones)."""
    by_year = waves.groupby("year").zones.sum()
    peak = int(by_year.idxmax())
    national = waves[(waves.year == peak) & (waves.level == "national")].zones.sum()
    return say("national.waves_intro", lang, peak=peak, peak_n=int(by_year.max()),
               peak_national=int(national), since=since,
               share=_fmt(100 * by_year[by_year.index >= since].sum() / max(1, by_year.sum()), 1))


def describe_area(area: pd.DataFrame, zones: pd.DataFrame, lang: str):
    """The total approved area and the type that holds the most of it."""
    labels = _type_columns(zones, lang).set_index(["level", "type"]).label
    first = area.iloc[0]
    return say("national.area_intro", lang, total=_fmt(area.area_ha.sum()),
               first=labels[(first.level, first.type)], share=_fmt(100 * first.share, 1))


def describe_categories(profile: pd.DataFrame, industries: pd.DataFrame, labels: pd.DataFrame,
                        lang: str, n_zones: int):
    """The mentions, the share mapped and the most common category nationally."""
    first = _by_zones(profile).iloc[0]
    cover = catalogue.coverage(industries)
    return say("national.categories_intro", lang, mentions=_fmt(cover["mentions"]),
               mapped=_fmt(100 * cover["share"], 1),
               first=_category_label(labels, lang).get(first.category, first.category),
               zones=_fmt(first.zones), share=_fmt(100 * first.zones / n_zones, 1))
