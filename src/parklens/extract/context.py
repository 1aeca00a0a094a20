"""The words of a figure's sentence that bear on it: the period it is stated for (2023年,
前三季度, 目前) and its status (a target after 力争 or before 的目标, an estimate after 预计,
else actual)."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from .. import numerals
from ..periods import PeriodError, parse_period


_N = rf"[0-9０-９{numerals.NUMERAL_CHARS}]+"
_MONTH = rf"(?:[0-9]{{1,2}}|[{numerals.NUMERAL_CHARS}]{{1,3}})"
_YTD = rf"(?:前三季度|前两季度|上半年|第?一季度|1季度|[二三]季度末|1-3季度|[1一][-—~至]{_MONTH}月份?)"
_PART = rf"(?:{_YTD}|(?:截止到|截止|截至|至){_MONTH}月[底末]|{_MONTH}月份?|[末底])"
_YEAR = r"(?:[0-9]{4}年|今年|去年|上年|上一年|本年|明年|来年|前年|当年)"
PERIOD = re.compile(
    rf"(?P<span>[0-9]{{4}}年?[至到\-—~～][0-9]{{4}}年(?:{_PART})?)"
    rf"|(?P<multi>(?:最近|近){_N}年来?|{_N}年(?:以来|来))"
    rf"|(?P<year>{_YEAR})(?:的?(?P<part>{_PART}))?"
    rf"|(?P<ytd>{_YTD})"
    rf"|(?P<now>截至目前|截止目前|目前|现有|当前|至今|历年累计|累计|年内|全年)")
# The words of status as documents write them. Each governs the rest of its sentence, so a
# 预计 governs every clause of a list after it (预计新增产值572亿元、税收31亿元), up to the
# sentence end or a ；(each part of a sentence split by ；states its own case: 预计总产值106亿元；
# 工业增加值完成29.2亿元). The nearest one before a figure decides: 预期目标为 is a target.
# 将 counts before a verb (将突破, 将形成: "will"), not where it brings an object forward
# (将办理时间缩短4天: done). Words that only look alike are left out: 计划 as a noun
# (“三年跨越计划”, 完成年度计划的105%) or in a project's planned investment (计划总投资 is what
# the project costs); 目标 as a noun (目标企业, 以…为目标: a target is stated by 目标是/为/：or
# after its figure); 争取到 and 争取资金 (funds secured); 到2024年 after a year (2020年到2024年:
# a span) or after 截至 (a stock up to then), or of a year before the document's.
_STATUS = re.compile(
    r"(?P<target>力争|确保|争取(?!到|了|[^，,。；;]{0,6}资金)|目标(?:是|为|[：:])"
    r"|(?<![年度成按照原])计划(?![”\"’》」、的，,。；;]|单列|生育|(?:一期|二期|三期|首期)?总?投资)"
    r"|(?<![0-9]年)(?<!截至)(?<!截止)(?<![0-9])到\s*(?P<year>20[0-9]{2})\s*年"
    r"|到“?十[一二三四五六七八九]五”?末|(?P<aim>(?<![已])打造(?!了|成|出)))"
    r"|(?P<estimate>预计|预期|有望|可望|可实现|(?:投产|建成|达产|达效|竣工)后"
    r"|(?<![已曾])将(?=(?:要|会|可|于|在|进一步|全面|继续|逐步)?"
    r"(?:突破|达到|达|实现|超过|完成|形成|新增|建成|带动|投入|落户|增加|增长|提高|提升|拥有|具备|"
    r"成为|吸引|引进|年产|产生|创造|提供|容纳|解决|覆盖|投资|入驻|集聚|建设|打造|开工|投产)))")
_PART_END = re.compile(r"[；;]")
# The verb a word of status governs, after the period it may name (预计全年实现, 计划新增).
_GOVERNED_VERB = re.compile(r"\s*(?:全年|今年|年内|明年|当年)?\s*(?P<verb>实现|完成|新增|达到|引进|签约)")
# 打造 (build up to) aims only at what its own clause names (打造千亿级产业基地), and is common
# enough in narrative (围绕打造…，全年实现…) that it must not govern the clauses after it.
_CLAUSE_END = re.compile(r"[，,；;：:]")
# 目标任务6亿元, 目标值为20%: the target named right before its figure (and only that figure:
# 占目标任务6亿元的110% states a completion of 110%, no target).
_TARGET_JUST_BEFORE = re.compile(r"目标(?:任务|值|数)(?:为|是)?\s*$")
# 6亿元的目标, 建设百亿级化工园区目标: the target named after its figure, in its clause
# (目标企业 is a prospect, no target).
_TARGET_AFTER = re.compile(r"[^，,。；;：:！？!?、]{0,6}?目标(?!企业|客户|市场|群体)")

def resolve_period(match: re.Match, ref: dt.date | None) -> tuple[str, str | None]:
    """The period expression and its code; the code is None where it cannot be resolved
    (a relative period without ``ref``). A part the parser does not read (今年底) falls back to
    the year it belongs to."""
    tries = [match.group(0)]
    if match.group("part"):
        tries.append(match.group("year"))
    for stated in tries:
        try:
            return stated, parse_period(stated, ref=ref).code
        except (PeriodError, KeyError, ValueError):  # KeyError, ValueError: odd numerals/dates
            continue
    return match.group(0), None

class SentenceContext:
    """The words of one sentence that bear on each of its figures: the period expressions
    and the words of status, found in one scan of the sentence.

    Rescanning the sentence up to each figure made extraction quadratic in sentence length:
    clauses joined by ，(as PDF-to-text conversions join them) put thousands of figures in one
    sentence. Here each figure costs a binary search and, at most, a rescan of the one period
    expression that runs across its start.
    """

    def __init__(self, text: str, start: int, end: int, ref: dt.date | None = None):
        self.text, self.start, self.end = text, start, end
        self._periods = list(PERIOD.finditer(text, start, end))
        self._period_ends = [m.end() for m in self._periods]
        # The words of status in order, with where each stops governing (the next ；, or the
        # clause end for 打造): the last word before a figure is the nearest, and it governs
        # the figure if its reach holds it, else an earlier word of longer reach may.
        self._status: list[tuple[int, int, str]] = []   # (end, reach, status), by end
        self._long_before: list[int] = []
        part_ends = [m.start() for m in _PART_END.finditer(text, start, end)]
        clause_ends = [m.start() for m in _CLAUSE_END.finditer(text, start, end)]
        for m in _STATUS.finditer(text, start, end):
            if m.group("year") and ref is not None and int(m.group("year")) < ref.year:
                continue
            stops = clause_ends if m.group("aim") else part_ends
            k = bisect.bisect_left(stops, m.end())
            reach = stops[k] if k < len(stops) else end
            if not m.group("aim"):
                reach = self._parallel_reach(m.end(), reach, part_ends, end)
            self._status.append((m.end(), reach,
                                 "target" if m.group("target") else "estimate"))
            # The nearest word up to here that reaches past its own clause (its index, or
            # -1): where a clause-bound word has stopped, that one may still govern.
            if m.group("aim"):
                self._long_before.append(self._long_before[-1] if self._long_before else -1)
            else:
                self._long_before.append(len(self._status) - 1)
        self._status_ends = [e for e, _, _ in self._status]

    def _parallel_reach(self, word_end: int, reach: int, part_ends: list[int], end: int) -> int:
        """How far a word of status governs: past a ； into each next part that repeats the
        verb it governs (预计全年实现…；实现…；实现…: one estimate, stated part by part), never
        into a part with its own verb (预计总产值106亿元；工业增加值完成29.2亿元)."""
        verb = _GOVERNED_VERB.match(self.text, word_end, reach)
        if not verb:
            return reach
        k = bisect.bisect_left(part_ends, reach)
        while reach < end and self.text.startswith(verb.group("verb"), reach + 1):
            k += 1
            reach = part_ends[k] if k < len(part_ends) else end
        return reach

    def periods_before(self, pos: int) -> list[re.Match]:
        """The last two period expressions found scanning the sentence up to ``pos``: the
        same matches as ``PERIOD.finditer(text, sentence_start, pos)`` gives at its end.

        Matches of the whole sentence that end by ``pos`` are the ones a scan cut at ``pos``
        finds (the pattern has no look-ahead or anchor that the cut could change); a match
        that runs across ``pos`` is replaced by what the cut scan finds from its start."""
        k = bisect.bisect_right(self._period_ends, pos)
        found = self._periods[max(0, k - 2):k]
        if k < len(self._periods) and self._periods[k].start() < pos:
            found += list(PERIOD.finditer(self.text, self._periods[k].start(), pos))
        return found[-2:]

    def status(self, start: int, end: int) -> str:
        """The status of the figure ``text[start:end]``: named by a 目标 right before it
        (目标任务6亿元) or right after it (6亿元的目标), or by the nearest word of status before
        it whose reach holds it; else actual."""
        if _TARGET_JUST_BEFORE.search(self.text, max(0, start - 8), start) or \
                _TARGET_AFTER.match(self.text, end, self.end):
            return "target"
        k = bisect.bisect_right(self._status_ends, end) - 1
        for i in (k, self._long_before[k] if k >= 0 else -1):
            if i >= 0 and self._status[i][1] >= end:
                return self._status[i][2]
        return "actual"


def period_before(context: SentenceContext, start: int) -> re.Match | None:
    """The period expression nearest before ``start`` in its sentence. A bare 目前/累计 or a
    span of years right after a dated expression (2024年累计, 去年一年来) yields to it."""
    found = context.periods_before(start)
    if not found:
        return None
    last = found[-1]
    if (last.group("now") or last.group("multi")) and len(found) > 1 and \
            not context.text[found[-2].end():last.start()].strip():
        last = found[-2]
    if _NEW_ITEM.search(context.text, last.end(), start) and _in_an_item(context, last.start()):
        return None     # 一期…2018年…；二期…约40亿元: 2018 is the first phase's year
    return last


# An item of a series (一期, 二期, 三是, 其二) opening a clause: a period stated inside one
# item does not reach the next (一期…2018年…；二期…约40亿元), while one stated before the
# series governs all its items (2023年,一期…,二期…).
_ITEM = rf"(?:(?:其中|而|另外|此外)\s*)?(?:[{numerals.NUMERAL_CHARS}0-9]+期|首期|[{numerals.NUMERAL_CHARS}]是|其[{numerals.NUMERAL_CHARS}])"
_NEW_ITEM = re.compile(rf"[；;，,。]\s*{_ITEM}")
_ANY_ITEM = re.compile(_ITEM)
_ITEM_WINDOW = 200


def _in_an_item(context: SentenceContext, pos: int) -> bool:
    """Whether an item of a series (项目一期, 二是) is named before ``pos`` in its sentence
    (looking back at most ``_ITEM_WINDOW`` characters, to stay linear in the sentence)."""
    lo = max(context.start, pos - _ITEM_WINDOW)
    return bool(_ANY_ITEM.search(context.text, lo, pos))

