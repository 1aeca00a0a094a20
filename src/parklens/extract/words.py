"""What the words right before a figure say of it: its kind (a level, a growth rate, a
share, a rank, a count or a change) and the words that name its indicator."""

from __future__ import annotations

import re

from ..units import DIRECTION_WORDS, Quantity
from .context import PERIOD
from .layout import DECORATION
from .patterns import alternation

_COUNT_BASES = {"establishments", "items", "households", "persons", "person_times", "buildings",
                "copies", "times", "machines", "sets", "pieces", "sheets", "vehicles", "vessels",
                "aircraft", "phases", "institutions", "batches", "kinds", "events",
                "transactions", "parcels"}

_GROWTH_BEFORE = re.compile(
    r"(?:增长|增速|增幅|同比|环比|下降|上涨|上升|提高|提升|降低|减少|增加|回落|下滑)"
    r"(?:了|为|达到|达|至)?$")
_CHANGE_BEFORE = re.compile(rf"(?:{alternation(DIRECTION_WORDS)})(?:了)?$")
_LEADING_WORDS = re.compile(r"^(?:其中|共计|共有|共|已经|已|预计|同时|此外|另外|并且|并|以及|和|及|"
                            r"全部|均|实现|完成)+")
_TRAILING_WORDS = re.compile(
    r"(?:同比|比上年|较上年|年均|分别|共计|共有|共|累计|已经|已|达到|达|为|是|拥有|有|完成|实现|"
    r"增长|增加|下降|减少|提高|提升|上升|降低|增产|减产|缩短|增速|增幅|增至|从|至|了|的|约)+$")
_FILLER = re.compile(r"了|的|为|是|达到|达|有|共|已")

def indicator_words(text: str, phrase_start: int, start: int) -> str:
    words = DECORATION.sub("", PERIOD.sub("", text[phrase_start:start]))
    words = _LEADING_WORDS.sub("", words)
    # Where nothing but the trailing words is left, they are the indicator (增速47.1%).
    return (_TRAILING_WORDS.sub("", words) or _FILLER.sub("", words))[-16:]


def figure_kind(q: Quantity, before: str, fall: bool) -> str:
    if q.ordinal:
        return "rank"
    if q.unit_base == "pp":
        return "change"
    if q.unit_base == "percent":
        # A percentage is never a level: without a word of growth it is a share (占比, 达标率).
        return "growth" if fall or _GROWTH_BEFORE.search(before) else "share"
    if fall or _CHANGE_BEFORE.search(before):
        return "change"
    if q.unit_base == "rank":
        return "rank"
    return "count" if q.unit_base in _COUNT_BASES else "level"


