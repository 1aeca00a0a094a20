"""The shape of the curated data: park files and vocabularies, as pydantic models.

The models check structure and types (unknown or missing fields, wrong types, codes outside
their lists). Cross-references, quotes and the parsing of figures are checked in
:mod:`parklens.validate`, which reports every problem with file and line.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints,
                      model_validator)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict  # extra_items (PEP 728): not in typing of 3.11

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]

Measure = Literal["level", "yoy_growth", "avg_annual_growth", "change", "share", "rank",
                  "plan_completion"]
Qualifier = Literal["exact", "more_than", "nearly", "about", "at_least", "at_most",
                    "less_than", "magnitude"]
Status = Literal["actual", "estimate", "target"]
DocType = Literal["press_conference_transcript", "newspaper_report", "newspaper_feature",
                  "association_web_page", "government_report"]
ParkType = Literal["advanced_manufacturing_zone", "industrial_cluster_zone", "hitech_zone",
                   "economic_development_zone", "chemical_park", "industrial_park"]
Level = Literal["national", "provincial", "municipal", "county"]
IndustryRole = Literal["leading", "traditional", "emerging", "future", "supporting"]
EnterpriseRole = Literal["anchor", "chain_leader", "key", "member", "partner"]
ProjectStatus = Literal["planned", "signed", "under_construction", "trial_production",
                        "in_operation", "completed"]
PolicyKind = Literal["formula", "slogan", "mechanism", "document", "campaign"]
Confidence = Literal["high", "medium", "low"]
Extent = Literal["park", "city", "province", "country"]
IndicatorGroup = Literal["economy", "enterprises", "innovation", "investment",
                         "land_environment", "infrastructure", "safety", "governance",
                         "resources", "livelihoods", "time"]

#: Codes of the data model whose labels live in ``vocab/terms.yaml``.
TERM_CODES: dict[str, tuple[str, ...]] = {
    "measure": Measure.__args__,
    # the words a measure adds to an indicator's label; a level adds none
    "measure_suffix": tuple(m for m in Measure.__args__ if m != "level"),
    "qualifier": Qualifier.__args__,
    "status": Status.__args__,
    "doc_type": DocType.__args__,
    "park_type": ParkType.__args__,
    "level": Level.__args__,
    "industry_role": IndustryRole.__args__,
    "enterprise_role": EnterpriseRole.__args__,
    "project_status": ProjectStatus.__args__,
    "policy_kind": PolicyKind.__args__,
    "code_confidence": Confidence.__args__,
    "extent": Extent.__args__,
    "period_type": ("year", "ytd", "as_of", "cumulative", "multi_year", "month", "unstated"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cite(_Strict):
    source: Id
    quote: Text
    stated: Text | None = None


class _Cited(_Strict):
    cites: list[Cite] = Field(min_length=1)
    note: str | None = None


class ParkInfo(_Cited):
    id: Id
    name_zh: Text
    name_en: Text
    short_zh: Text | None = None
    province: Text
    city: Text | None = None
    type: ParkType
    level: Level | None = None
    leading_industries: list[Id] = Field(default_factory=list)


class Source(_Strict):
    id: Id
    file: Text
    title: Text
    outlet: Text
    title_en: Text | None = None   # the title and outlet in English, for en reports
    outlet_en: Text | None = None
    doc_type: DocType
    date: dt.date
    date_basis: Literal["printed", "inferred"]
    date_note: str | None = None


class Metric(_Cited):
    id: Id
    subject: Id | None = None
    indicator: Id
    measure: Measure = "level"
    scope: Text | None = None
    scope_en: Text | None = None  # the scope in English, for the en label (no Chinese)
    #: the territory a count covers where it is not the park's own: 全市179个..., 我市唯一一家
    extent: Extent = "park"
    period: Text
    stated: Text
    unit: Text | None = None
    qualifier: Qualifier | None = None
    status: Status = "actual"
    #: a drafted figure the extractor doubted (a rank bound, a range's bound, a unit stated
    #: once for a list): validate notes it until a curator has checked it and removed both
    review: bool = False
    review_reason: Text | None = None


class IndustryEntry(_Cited):
    industry: Id
    role: IndustryRole
    name_stated: Text | None = None


class Enterprise(_Cited):
    id: Id
    name_zh: Text
    name_en: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    role: EnterpriseRole
    industry: Id | None = None


class Project(_Cited):
    id: Id
    name_zh: Text
    name_en: Text | None = None
    enterprise: Id | None = None
    industry: Id | None = None
    status: ProjectStatus


class PolicyPart(_Strict):
    key: Text
    text: Text


class Policy(_Cited):
    id: Id
    name: Text
    name_en: Text | None = None
    kind: PolicyKind
    themes: list[Id] = Field(default_factory=list)
    parts: list[PolicyPart] = Field(default_factory=list)


#: A zone code of the national catalogue: G (State Council) or S (province), then 6 digits.
CatalogueCode = Annotated[str, StringConstraints(pattern=r"^[GS]\d{6}$")]


class CatalogueLink(_Strict):
    """The park's entry in the 2018 national catalogue (``catalogue/devzones_2018.csv``), or
    ``code: null`` and why it has none. Whether the code exists is checked by the validator."""

    code: CatalogueCode | None
    name_zh: Text | None = None  # the zone's name as the catalogue prints it (checked)
    confidence: Confidence
    evidence: Text | None = None
    why_none: Text | None = None
    cites: list[Cite] = Field(min_length=1)

    @model_validator(mode="after")
    def _evidence_or_why_none(self) -> "CatalogueLink":
        # The error carries its own fix in ``ctx``, which validate shows as the fix.
        if self.code is None and self.why_none is None:
            raise PydanticCustomError(
                "catalogue_link", "code: null without why_none",
                {"fix": "say in `why_none:` why the park has no catalogue entry (renamed or "
                        "created after 2018, recognised on another list ...)"})
        if self.code is not None and self.why_none is not None:
            raise PydanticCustomError(
                "catalogue_link", "why_none given with a catalogue code",
                {"fix": "keep why_none only with `code: null`; say why the code fits in "
                        "`evidence:`"})
        if self.code is not None and self.evidence is None:
            raise PydanticCustomError(
                "catalogue_link", "a catalogue code without evidence",
                {"fix": "say in `evidence:` what ties the park to the zone (name, province, "
                        "type, what the documents say)"})
        return self


class ParkFile(_Strict):
    park: ParkInfo
    catalogue: CatalogueLink | None = None
    sources: list[Source] = Field(min_length=1)
    metrics: list[Metric] = Field(default_factory=list)
    industries: list[IndustryEntry] = Field(default_factory=list)
    enterprises: list[Enterprise] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)


# --- vocabularies -------------------------------------------------------------------------

class Label(_Strict):
    zh: Text
    en: Text


class CountNoun(_Strict):
    """An English noun in the singular (one) and the plural (other)."""

    one: Text
    other: Text


class Indicator(Label):
    group: IndicatorGroup
    #: what one counts, in English, where the unit is a measure word that names no thing
    #: (家 counts firms but also platforms and incubators; 个 anything): platform(s)
    counts_en: CountNoun | None = None


#: How an English table writes a unit beside its number: after it (120 enterprises, 300 m²),
#: in brackets where the unit is itself a multiple (88.7 (CNY 100 million)), or joined (36.4%).
EnglishUnitStyle = Literal["after", "brackets", "joined"]


class UnitSpec(_Strict):
    base: Text
    factor: float | int | str
    en: Text
    en_style: EnglishUnitStyle = "after"


class BaseUnit(Label):
    #: whether a level in this unit can be below zero (money: a loss; a price, as oil's in
    #: April 2020); a count, an amount of goods or a duration cannot
    signed: bool = False
    #: a currency: its English unit puts the code first (CNY 100 million, USD 10,000)
    currency: bool = False
    #: a measure word's count (家, 个): the English unit is what the indicator counts
    #: (``counts_en``), as 251家 platforms are not 251 enterprises
    measure_word: bool = False


class UnitsFile(_Strict):
    base_units: dict[str, BaseUnit]
    units: dict[str, UnitSpec]


class IndustryCode(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-T]\d{0,4}$")]
    zh: Text
    confidence: Confidence


class Industry(Label):
    gbt4754: list[IndustryCode] = Field(min_length=1)
    sei: str | None = None


class Theme(Label):
    keywords: list[Text] = Field(default_factory=list)


class Term(Label):
    sign: str | None = None


class RoleTerm(Term):
    """An industry role (``industry_role`` of terms.yaml): its label, its strength as the
    documents rank the roles (``order``, 1 the strongest) and the number a heatmap colours
    it by (``score``, higher is stronger)."""

    order: Annotated[int, Field(ge=1)]
    score: Annotated[float, Field(ge=0)]


def _one_order_per_role(roles: dict[str, RoleTerm]) -> dict[str, RoleTerm]:
    orders = [r.order for r in roles.values()]
    if len(set(orders)) != len(orders):
        twice = sorted({o for o in orders if orders.count(o) > 1})
        raise PydanticCustomError(
            "role_order", "two roles share the order {orders}",
            {"orders": ", ".join(map(str, twice)),
             "fix": "give each role of industry_role its own `order:` (1 is the strongest)"})
    return roles


class TermsFile(TypedDict, extra_items=dict[str, Term]):
    """``vocab/terms.yaml``: a group of labels per code list (``TERM_CODES``); the industry
    roles also carry their order and score, required, so that a missing or wrong one is a
    problem of validate with its line, not a guess in the analysis."""

    industry_role: Annotated[dict[str, RoleTerm], AfterValidator(_one_order_per_role)]


class PolicyTool(Label):
    note: str | None = None
    keywords: list[Text] = Field(min_length=1)


class StopwordGroup(_Strict):
    why: Text  # what the words of the group have in common (why they say nothing)
    words: list[Text] = Field(min_length=1)


class StopwordsFile(_Strict):
    """``vocab/stopwords.yaml``: the generic words of official writing, by group. Optional
    (not in ``VOCAB_MODELS``): :mod:`parklens.segment` reads it where it exists."""

    source: Text | None = None
    groups: dict[str, StopwordGroup] = Field(min_length=1)


VOCAB_MODELS = {
    "indicators": dict[Id, Indicator],
    "units": UnitsFile,
    "industries": dict[Id, Industry],
    "themes": dict[Id, Theme],
    "terms": TermsFile,
    "policy_tools": dict[Id, PolicyTool],
}
