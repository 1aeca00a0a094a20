"""Reading the candidates of the pattern: each one is kept as a figure, confirmed by
:func:`parklens.parse_quantity` (numbers are read by one implementation only), or dropped with
the reason (years, dates, slogans, ordinals, sessions, identifiers); then the changes of rank a
text states by their two ends (由第176位上升至第98位)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import Iterator, Mapping

from .. import numerals
from ..units import DIRECTION_WORDS, Quantity, QuantityError, Unit, parse_number, parse_quantity
from .layout import DECORATION, SPACE, Layout
from .patterns import (ARABIC_NUMBER, BARE_BIGS, HALF_UNITS, MEASURE_WORDS, NUMBER,
                       ORDINAL_MEASURES, alternation, candidate_pattern)

# Context tests for the candidates.
# 内 is "within" after a span of time or a distance (3年内, 500米内); elsewhere it starts a
# word (8个内资项目: domestic capital).
_WITHIN_BASES = {"years", "months", "days", "minutes", "m"}
# Sets, not strings: the empty string (no character before) is in every string.
_OPENING_QUOTES = frozenset("“‘「『\"'")
_PLUS = frozenset("+＋")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_DIGIT = re.compile(r"[^0-9０-９]")
_ID_LABEL = re.compile(r"(?:电话|传真|手机|热线|邮编|邮政编码|邮箱|备案号?|许可证|编号|代码|证号|"
                       r"ICP|QQ)[^\n]{0,3}$")
# 十三次党代会, 十九届六中全会, 十七届四十三次常务会议 number a session
_SESSION = re.compile(rf"[{numerals.NUMERAL_CHARS}]*次?(?:[、，,和及][{numerals.NUMERAL_CHARS}]+次)*"
                      r"(?:中全会|党代会|常务会|全会|全体会议|人大|政协|代表大会)")
_RECORD = re.compile(r"\s*(?:以来|来)(?=最|首次|新高|新低)")  # 创9年来最好成绩 states a span
_SINCE = re.compile(r"\s*(?:以来|来)")
_RANGE_BEFORE = re.compile(rf"[0-9０-９{numerals.NUMERAL_CHARS}万亿]\s*[至到~～—\-－]\s*$")
# 三大产业, 九大炼油基地, 七大板块: what N大 counts is a kind of industry or a place of it
_INDUSTRY_AFTER = re.compile(r"[^，,。；;！？!?\n]{0,10}?(?:产业|基地|板块|集群|园区|行业|领域|片区|平台)")
# 期 counts phases only after a verb of dividing or counting (分三期, 共两期); 二期 standing
# alone names the second phase (二期项目, 光伏二期).
_PHASE_COUNT_AFTER = frozenset("分共为计达有")
_GRID_AFTER = re.compile(rf"{NUMBER}纵")
_GRID_BEFORE = re.compile(rf"{NUMBER}横$")
#: Units that numerals imply by the word after them: 三大(主导)产业 counts industries, 8横8纵
#: counts roads. As in the curated data, ``stated`` is the numeral alone.
_IMPLIED_UNITS = {"大": "个", "横": "条", "纵": "条"}

# A scope of ranking right before 第一 makes it a rank even where a noun follows
# (成为全球第一光伏玻璃巨头); words that make 第N an ordinal (第一季度, 第一批) still do.
_RANK_SCOPE_BEFORE = re.compile(r"(?:全球|世界|全国|全省|全市|全区|亚洲|国内|行业|同行业)$")
_ORDINAL_NOUN_AFTER = re.compile(r"(?:季度|阶段|期|批|次|代|届|轮|天|年|月|个|步|章|条|款|名)")
# Words of standing before a rank: 居全国首位, 位居前五, 跻身全国十强, 排名第一.
_STANDING_BEFORE = re.compile(r"(?:位居|位列|居于|居|列|排名|排在|排|名列|跻身|进入|跃居|稳居|"
                              r"保持|入围|入选|晋升|升至|跃升至?)[^，,。；;：:]{0,10}$")
# A slogan or a plan's name: a small Chinese numeral, a measure word and a word of policy
# (三年攻坚行动, 两个健康, 三次创业, 五大工程, 十项举措, 四套班子, 二十项重点). Arabic digits
# (出台10项举措) count measures, and stay figures.
_SLOGAN_MEASURES = frozenset("年个次项套条大支化")
_SLOGAN_AFTER = re.compile(
    r"(?:重点|重大|专项|主题|民生)?(?:行动|工程|举措|措施|健康|创业|攻坚|跨越|计划|战略(?!性|新兴)|会战|"
    r"率先|意识|自信|维护|确保|班子|重点|作风|理念|工作法|清单|革命|服务年|提升年|建设年|"
    r"代表|文明|统筹|坚持|必须|不动摇|之路)")
# A span of years that is a period of a plan or an average, not a stated figure: 未来五年,
# 今后三年, 两年平均增速.
_SPAN_BEFORE = re.compile(r"(?:未来|今后|此后|往后|最近)$")
_SPAN_AFTER = re.compile(r"\s*(?:平均|规划)")
# 近20年 as a span lived through: 经过近20年的开发建设, 历经近20年.
_DURATION_BEFORE = re.compile(r"(?:经过|历经|走过|用了|用|长达|已有|有)$")
# Days counted, not a day of the month: 连续5日, 历时18日; 5日内, 18日以内.
_DAYS_BEFORE = re.compile(r"(?:连续|历时|用时|仅用|只用|耗时|经过|每|为期|累计|提前|缩短|压缩|近|满)$")
_DAYS_AFTER = re.compile(r"\s*(?:内|之内|以内|左右|以上|以下|时间|工作日)")
# What an order of magnitude sizes (千亿国家级石化产业基地, 百亿元企业, 千亿产业集群).
_SCALE_AFTER = re.compile(r"[^，,。；;、\n]{0,8}?(?:产业|基地|园区|集群|企业|项目|板块|工程|强县)")
# Units of time: a range of them (2至3年, 3-5个月) is a period or a plan's span.
_TIME_BASES = frozenset({"years", "months", "days", "hours", "minutes", "seconds"})


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    quantity: Quantity
    fall: bool = False
    #: where the words before the figure end: the start of its list (增长12%、15%和20%: the
    #: words before 12% name all three), else its own start
    lead: int = -1
    #: what a curator should check before keeping it (None: nothing in particular)
    doubt: str | None = None
    #: the kind where the reading decides it (a change of rank read from two ranks)
    kind: str | None = None


@dataclass(frozen=True)
class _Drop:
    """A candidate that is no figure, and why. ``retry``: the parser refused this span, so
    the scan tries again one character later (唯一一家) before giving the reason."""
    reason: str
    retry: bool = False


def _drop(reason: str) -> _Drop:
    return _Drop(reason)


_REFUSED = _Drop("the numbers grammar cannot read it as one figure", retry=True)


# A list of numbers that states its unit once, read backwards from the last one: the numbers
# before it and their separators (8.2、5.1、3.9个百分点; 12%、15%和20% states each unit).
# Comparisons with several scopes list the scopes instead (高于全国4.3、全省3.7、全市3.3个百分点,
# the marks often lost in a PDF's line breaks).
_LIST_SEPARATOR = r"\s*(?:(?:、|和|及|与)\s*(?:全[国省市区县])?|全[国省市区县])\s*"
_LIST_BEFORE = re.compile(rf"(?:{ARABIC_NUMBER}{_LIST_SEPARATOR})+$")
_LIST_MEMBER = re.compile(rf"(?<![0-9０-９.．]){ARABIC_NUMBER}")
_LIST_WINDOW = 120
_LIST_JOIN = re.compile(_LIST_SEPARATOR)
_POINTS_LIST_AFTER = re.compile(
    rf"(?:\s*(?:、|和|及|与)\s*{ARABIC_NUMBER}\s*个(?!\s*百分点))*"
    rf"\s*(?:、|和|及|与)\s*{ARABIC_NUMBER}\s*个\s*百分点")


@lru_cache(maxsize=8)
def reading_units(units: tuple[tuple[str, Unit], ...]) -> dict[str, Unit]:
    """The unit table with every measure word it lacks, and 万/亿 alone, as units of unknown
    base (a candidate, not a miss)."""
    table = dict(units)
    for word in (*MEASURE_WORDS, *BARE_BIGS):
        table.setdefault(word, Unit(word, None, Fraction(1), ""))
    return table


class Reader:
    def __init__(self, text: str, units: Mapping[str, Unit], layout: Layout,
                 keep_dropped: bool = True):
        self.text, self.layout, self.keep_dropped = text, layout, keep_dropped
        self.units = reading_units(tuple(sorted(units.items())))
        self.dropped: list[tuple[int, int, str]] = []

    def scan(self) -> Iterator[Figure]:
        """The figures of the text in order; what it saw and left out goes to ``dropped``
        as (start, end, reason)."""
        pattern = candidate_pattern(tuple(sorted(self.units)) + HALF_UNITS)
        pos, last = 0, None
        while m := pattern.search(self.text, pos):
            verdict = self._judge(m)
            if isinstance(verdict, _Drop):
                if self.keep_dropped and (not self.dropped or self.dropped[-1][1] <= m.start()):
                    self.dropped.append((m.start(), m.end(), verdict.reason))
                pos = m.start() + 1 if verdict.retry else m.end()
                continue
            if len(verdict) == 1 and m.group("num"):
                verdict = self._list_before(m, verdict[0], pos)
            if last is not None and verdict[0].lead < 0 and \
                    _LIST_JOIN.fullmatch(self.text, last.end, verdict[0].start):
                # 增长12%、15%和20%: each figure of a list has the words before the first
                verdict = [replace(f, lead=last.lead if last.lead >= 0 else last.start)
                           for f in verdict]
            yield from verdict
            last = verdict[-1]
            pos = m.end()

    def _list_before(self, m: re.Match, last: Figure, since: int) -> list[Figure]:
        """``last`` and the numbers of its list that state no unit of their own, each with the
        unit (and the qualifier after it) of ``last``: 分别提高8.2、5.1、3.9个百分点."""
        if m.group("pre") or m.group("fall") or m.group("num")[0] not in "0123456789０１２３４５６７８９":
            return [last]
        lo = max(since, m.start() - _LIST_WINDOW)
        found = _LIST_BEFORE.search(self.text, lo, m.start())
        if not found:
            return [last]
        tail = self.text[m.start("unit"):m.end()]
        figures = []
        for member in _LIST_MEMBER.finditer(self.text, found.start(), found.end()):
            q = self._parse(member.group() + SPACE.sub("", tail))
            if q is None or self._is_identifier(member.group(), *member.span()):
                return [last]
            figures.append(Figure(member.start(), member.end(), q, lead=found.start(),
                                   doubt=f"the unit {tail.strip()} is stated once, after the "
                                         "last number of the list"))
        if not figures:
            return [last]
        return [*figures, Figure(last.start, last.end, last.quantity, last.fall, found.start())]

    def _parse(self, stated: str, unit: str | None = None) -> Quantity | None:
        try:
            return parse_quantity(stated, unit=unit, units=self.units)
        except (QuantityError, ValueError, ArithmeticError):  # e.g. a 400-digit number
            return None

    def _prev_char(self, pos: int) -> str:
        stripped = self.text[max(0, pos - 8):pos].rstrip()
        return stripped[-1] if stripped else ""

    def _judge(self, m: re.Match):
        if m.group("thr"):
            q = self._parse(m.group(0))
            return [Figure(m.start(), m.end(), self._known(q))] if q else _REFUSED
        if m.group("mag"):
            q = self._parse(m.group(0), unit=m.group("mag") + "元")
            return [Figure(m.start(), m.end(), q)] if q else _REFUSED
        if m.group("ord_num"):
            return self._ordinal(m)
        if m.group("first"):
            return self._superlative(m)
        if m.group("top") or m.group("strong"):
            return self._rank_bound(m)
        if m.group("front"):
            return _drop("a rank bound with no number (位居前列: among the leaders)")
        if m.group("rng"):
            return self._range(m)
        if m.group("grade") or m.group("risk"):
            q = self._parse(m.group(0))
            return [Figure(m.start(), m.end(), q)] if q else _REFUSED
        if m.group("num"):
            return self._quantity(m)
        return self._implied(m)

    # --- ranks and superlatives -----------------------------------------------------------

    def _clause_before(self, pos: int) -> str:
        clause_start, _ = self.layout.span("clause", pos, pos)
        return DECORATION.sub("", self.text[clause_start:pos])

    def _ordinal(self, m: re.Match):
        unit = m.group("ord_unit")
        if unit in ORDINAL_MEASURES:
            return self._ordinal_of_things(m, unit)
        if not unit and m.group("scope") and _ORDINAL_NOUN_AFTER.match(self.text, m.end()):
            return _drop(f"an ordinal ({m.group(0)}{self.text[m.end():m.end() + 2]}): a "
                         "period or an item, not a place in a ranking")
        if not unit and not m.group("scope"):
            # A bare 第一 is a rank only inside a clause and before no further word:
            # 发展第一**桂冠 is; 第一,规划引领 (an enumeration) and 第一季度 are not.
            nxt = self.text[m.end():m.end() + 1]
            scoped = _RANK_SCOPE_BEFORE.search(self.text, max(0, m.start() - 4), m.start()) \
                and not _ORDINAL_NOUN_AFTER.match(self.text, m.end())
            if not scoped and (not self._clause_before(m.start()) or _CJK.match(nxt) or
                               nxt.isdigit()):
                return _drop("an ordinal that starts a clause or a word (第一,规划引领; "
                             "第一季度), not a place in a ranking")
        q = self._parse(m.group(0))
        return [Figure(m.start(), m.end(), q)] if q else _drop(
            "a rank must be a whole number from 1")

    def _ordinal_of_things(self, m: re.Match, unit: str):
        """第N + a measure word: 连续第四年 is a run of four years; 第一家, 第一批 name the
        first of a kind (rank 1); any other (第二批, 第三次, 第十届) numbers an item."""
        start = m.start("ord_num") - 1               # the 第, after any 全国
        if self._prev_char(start) == "续" and unit in ("年", "次", "届", "轮"):   # 连续第四年
            q = self._parse(m.group("ord_num") + unit)
            return [Figure(start, m.end(), q)] if q else _REFUSED
        q = self._parse(m.group(0))
        if q is not None and q.value == 1 and unit in ("家", "批"):
            return [Figure(m.start(), m.end(), q, doubt="the first of a kind (第一家, "
                            "第一批), read as rank 1")]
        return _drop(f"an ordinal ({m.group(0)}) numbers an item of a sequence, not a figure")

    def _superlative(self, m: re.Match):
        unit = m.group("first_unit")
        if unit == "位" and not _STANDING_BEFORE.search(self._clause_before(m.start())):
            return _drop("首位 without a verb of standing (居, 位列, 排名) before it: a "
                         "priority (放在首位), not a rank")
        q = self._parse(m.group(0))
        if q is None:
            return _REFUSED
        return [Figure(m.start(), m.end(), q, kind="rank", doubt=None if unit == "位" else
                        f"the first of a kind ({m.group(0)}), read as rank 1")]

    def _rank_bound(self, m: re.Match):
        """前三强, 前50位, 位居全省前五, 跻身十强: a place at or above a rank, value N with the
        qualifier at_most. N强 that names a ranking list (30强评选, 百强县, 20强第六名) is none."""
        if m.group("top"):
            num, unit = m.group("top_num"), m.group("top_unit")
            start, end = m.start(), m.end()
            if not unit:
                before = self._clause_before(m.start())
                if not (_STANDING_BEFORE.search(before) or re.search(r"全[国省市区县]$", before)):
                    return _Drop(f"{m.group(0)} without a verb of standing (位居, 跻身) or "
                                 "a scope (全国) before it: no rank bound", retry=True)
        else:
            num, unit = m.group("strong_num"), "强"
            start, end = m.start(), m.end()
            after = self.text[end:end + 2]
            if (_CJK.match(after) and not after.startswith(("之", "行"))) or \
                    after[:1] in "”’」』\"'" or self._prev_char(start) in _OPENING_QUOTES:
                return _drop(f"{m.group(0)} names a ranking list (30强评选, 百强县), not a "
                             "place in it")
        q = self._parse(self.text[start:end], unit=None if unit else "位")
        if q is None or q.value != int(q.value) or q.value < 1:
            return _drop("a rank bound must be a whole number from 1")
        return [Figure(start, end, q, kind="rank",
                        doubt=f"a rank bound: {self.text[start:end]} is place {q.value:g} or "
                              "higher")]

    # --- ranges ---------------------------------------------------------------------------

    def _range(self, m: re.Match):
        """10-15亿元, 两三个, 十几家, 数十亿元: one candidate, both bounds kept, no value."""
        start, end = m.start(), m.end()
        if _NOT_DIGIT.sub("", m.group("rng")) and self._is_identifier(
                m.group("rng"), start, m.start("rng") + len(m.group("rng"))):
            return _drop("an identifier (a phone, licence or code number)")
        try:
            amount, rest = numerals.match(SPACE.sub("", m.group(0)))
        except (numerals.NumeralError, ArithmeticError, ValueError):
            return _REFUSED
        if amount.kind != "range":
            return _REFUSED
        unit = self.units.get(rest)
        if unit is None:
            return _REFUSED
        if unit.base in _TIME_BASES:
            return _drop(f"a range of time ({m.group(0)}): a period or a plan's span, not a "
                         "figure")
        low, high = Fraction(amount.low), Fraction(amount.high)
        base_low, base_high = ((float(low * unit.factor), float(high * unit.factor))
                               if unit.base is not None else (math.nan, math.nan))
        q = Quantity(m.group(0), math.nan, unit.name, "range", math.nan, unit.base,
                     base_low, base_high)
        return [Figure(start, end, q, doubt=f"a range ({amount.low:g} to {amount.high:g} "
                        f"{unit.name}): curate its bounds as two figures")]

    def _quantity(self, m: re.Match):
        text = self.text
        num, unit = m.group("num"), SPACE.sub("", m.group("unit"))
        num_start, num_end = m.span("num")
        before = text[max(0, num_start - 12):num_start]
        arabic = num[0] in "0123456789０１２３４５６７８９"
        qualified = bool(m.group("pre") or m.group("mid") or m.group("post"))
        if self._prev_char(m.start()) in _PLUS:                         # 1+3+2项
            return _drop("a digit of a numbered formula (1+3+2)")
        if arabic and self._is_identifier(num, num_start, num_end):
            return _drop("an identifier (a phone, postcode, licence or code number)")
        if unit == "年" and not qualified and arabic and len(num) == 4 and \
                1900 <= parse_number(num) <= 2100:                      # 2024年 is a date
            return _drop("a year is a date, not a figure")
        if unit == "日" and self._prev_char(num_start) == "月":          # 12月25日
            return _drop("a date (12月25日)")
        if unit == "日" and arabic and not qualified and self._day_of_month(m, num):
            return _drop("a day of the month (18日), not a number of days")
        if not arabic and unit in _SLOGAN_MEASURES and _SLOGAN_AFTER.match(text, m.end()):
            return _drop("a numbered slogan or plan name (三年攻坚行动, 十项举措, 两个健康)")
        if unit == "年" and not m.group("mid"):
            # 近3年 and 三年来 name periods; 创9年来最好成绩 and 经过近20年的开发 state a
            # span of years.
            if (before.endswith("近") or m.group("pre") in ("近", "接近")) and \
                    not self._duration_stated(m):
                return _drop("a period (近3年: the three years up to now)")
            if _SINCE.match(text, m.end()) and not _RECORD.match(text, m.end()):
                return _drop("a period (三年来: the years up to now)")
            if not m.group("pre") and (_SPAN_BEFORE.search(before) or
                                       _SPAN_AFTER.match(text, m.end())):
                return _drop("a period phrase (未来五年, 两年平均): the span of a plan or an "
                             "average, not a figure")
        if not m.group("pre") and _RANGE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return _drop("the second bound of a range (2至3年)")
        if unit in ("次", "届") and _SESSION.match(text, m.end()):
            return _drop("a session number (十一届五次全会, 三中全会)")
        if unit == "个" and not arabic and self._prev_char(m.start()) in _OPENING_QUOTES:
            return _drop("a numbered slogan in quotes (“四个意识”)")
        if unit == "个" and _POINTS_LIST_AFTER.match(text, m.end()):
            # 分别提高7.9个、3.4个和1.7个百分点: each 个 of the list is a 个百分点
            q = self._parse(text[m.start():m.end()] + "百分点")
            return [Figure(m.start(), m.end(), q)] if q else _REFUSED
        if unit == "级":                                                 # 二级公路 is a class
            return _drop("a class or grade (二级公路), not a figure")
        if unit == "位" and text.startswith("数", m.end()):
            return _drop("两位数 (double digits): a bound of a growth rate, not a rank")
        if not arabic and not m.group("pre") and numerals.ROUND.fullmatch(num) and \
                unit in ("万", "亿", "万亿", "亿元", "万元", "万亿元") and \
                _SCALE_AFTER.match(text, m.end()):
            return self._scale(m, num, unit)
        if num in ("百", "千") and not m.group("pre") or \
                num == "一" and not qualified and unit in MEASURE_WORDS and unit not in "吨元":
            return _drop("an idiom or an article (信心百倍, 一个), not a figure")
        if unit in BARE_BIGS and not arabic:
            return _drop("an idiom or a name (十万火急), not a figure")
        if unit == "期" and self._prev_char(m.start()) not in _PHASE_COUNT_AFTER:
            return _drop("the name of a phase (二期项目), not a count of phases")
        if not arabic and unit != "年" and len(num) > 1 and \
                all(ch in numerals.DIGIT_CHARS for ch in num):
            return _Drop("Chinese digits one by one (唯一一家) write a year or a code, not a "
                         "count", retry=True)
        if num in ("零", "〇", "○"):
            return _drop("零 starts a word (零部件), no count of nothing")
        end, stated = m.end(), text[m.start():m.end()]
        if m.group("gap"):                         # 约占60.2%: the qualifier without its verb
            stated = text[m.start():m.start("gap")] + text[m.end("gap"):m.end()]
        if m.group("post") == "内":
            q = self._parse(stated[:len(stated) - (m.end() - m.end("unit"))])
            if q is not None and q.unit_base not in _WITHIN_BASES:
                end, stated = m.end("unit"), stated[:len(stated) - (m.end() - m.end("unit"))]
        q = self._parse(stated)
        if q is None:
            return _REFUSED
        doubt = None if q.unit_base is not None else \
            f"the unit {q.unit} is not in vocab/units.yaml: say what it counts"
        return [Figure(m.start(), end, self._known(q), fall=bool(m.group("fall")), doubt=doubt)]

    def _day_of_month(self, m: re.Match, num: str) -> bool:
        """18日 with no 月 before it is a day of this month (20日,福建省…举办), unless a word
        of duration makes it a number of days (连续5日, 历时18日, 5日内). Only Arabic days:
        一日 in Chinese numerals counts days (一日发四证, 一日办结)."""
        try:
            n = numerals.read_number(SPACE.sub("", num))
        except numerals.NumeralError:
            return False
        if n.denominator != 1 or not 1 <= n <= 31:
            return False
        return not (_DAYS_BEFORE.search(self.text, max(0, m.start() - 4), m.start()) or
                    _DAYS_AFTER.match(self.text, m.end()))

    def _duration_stated(self, m: re.Match) -> bool:
        """近20年 as a span a park has lived through (经过近20年的开发建设), not the period
        of a figure (近3年, 累计…)."""
        return bool(_DURATION_BEFORE.search(self.text, max(0, m.start() - 4), m.start()) or
                    self.text.startswith("的", m.end()))

    def _scale(self, m: re.Match, num: str, unit: str):
        """千亿 before the thing it sizes (打造千亿国家级石化产业基地, 百亿元企业): the order of
        magnitude of an industry, a base or a firm, as 千亿级 says it."""
        try:
            value = float(numerals.read_number(num))
        except numerals.NumeralError:
            return _REFUSED
        # 亿元 is missing from a unit table without it (亿 and 元 alone are read as unknown)
        u = self.units.get(unit)
        base = u.base if u is not None else None
        low = float(Fraction(value) * u.factor) if base is not None else math.nan
        # equivalent mutants: no fact reads Quantity.text (stated is text[start:end])
        q = Quantity(text=m.group(0),  # pragma: no mutate
                     value=value, unit=unit, qualifier="magnitude", value_base=math.nan,
                     unit_base=base, value_low=low, value_high=low * 10)   # NaN stays NaN
        return [Figure(m.start(), m.end(), q, doubt=f"an order of magnitude ({m.group(0)}), "
                        "as 千亿级 says it")]

    @staticmethod
    def _known(q: Quantity) -> Quantity:
        """``q``, with no normalized value where its unit's base is unknown (a measure word
        the unit table lacks, or 万/亿 alone): the curator must say what it counts."""
        if q.unit_base is not None:
            return q
        return replace(q, value_base=math.nan, value_low=math.nan, value_high=math.nan)

    def _is_identifier(self, num: str, start: int, end: int) -> bool:
        """Phone, postcode, licence and registration numbers."""
        digits = _NOT_DIGIT.sub("", num)
        if len(digits) >= 7 and digits == num:
            return True
        prev = self.text[start - 1:start]
        nxt = self.text[end:end + 1]
        if prev and (prev in "-－—/／" or prev.isascii() and prev.isalpha()) or nxt in ("-", "－"):
            return True
        return bool(_ID_LABEL.search(self.text, max(0, start - 12), start))

    def _implied(self, m: re.Match):
        marker, (start, end) = m.group("marker"), m.span("implied_num")
        if marker == "大":
            arabic = m.group("implied_num")[0] in "0123456789０１２３４５６７８９"
            if self._prev_char(start) in _OPENING_QUOTES or \
                    not arabic and _SLOGAN_AFTER.match(self.text, m.end()):
                return _drop("a numbered slogan or plan name (五大工程, “十大战略”)")
            if not _INDUSTRY_AFTER.match(self.text, m.end()):
                return _drop("N大 not followed by what it counts (产业, 基地)")
        elif marker == "横" and not _GRID_AFTER.match(self.text, m.end()):
            return _drop("N横 without N纵: no road grid")
        elif marker == "纵" and not _GRID_BEFORE.search(self.text, max(0, start - 8), start):
            return _drop("N纵 without N横 before it: no road grid")
        q = self._parse(m.group("implied_num"), unit=_IMPLIED_UNITS[marker])
        return [Figure(start, end, q, doubt=f"the unit {_IMPLIED_UNITS[marker]} is implied "
                        f"by {m.group('marker')}")] if q else _REFUSED


# data/ (上升78个位次 is -78), a change of rank is the change of the rank number, so that it
# adds to the ranks as every other change adds to its levels: 176 → 98 is -78 (a rise).
_RANK_MOVE = re.compile(
    r"第\s*(?P<a>[0-9０-９]+)\s*(?:位|名)次?\s*[,，]?\s*"
    r"(?:上升|提升|跃升|攀升|前移|前进|晋升|下降|下滑|后退|后移|回落|滑落)(?:了)?\s*(?:至|到)\s*"
    r"第\s*(?P<b>[0-9０-９]+)\s*(?:位|名)次?")
_STATED_PLACES = re.compile(r"[^。！？!?\n]{0,12}?(?:上升|提升|前移|前进|下降|下滑|后退)(?:了)?"
                            r"\s*(?P<n>[0-9０-９]+)\s*个?(?:位次|名次|位)")


# A word of rising right before a number of places: 上升21个位次, 提升了2个位次.
_RISE_BEFORE = re.compile(
    rf"(?:{alternation([w for w, sign in DIRECTION_WORDS.items() if sign > 0])})(?:了)?\s*\Z")


def _with_rise(q: Quantity, stated: str) -> Quantity:
    """``q`` (a number of places) as a change of the rank number once its word of rising is
    read with it: 上升21个位次 is -21, as ``parse_quantity`` and data/ have it."""
    return replace(q, text=stated, value=-q.value, value_base=-q.value_base,
                   value_low=-q.value_high, value_high=-q.value_low)


def with_rank_changes(text: str, figures: list[Figure]) -> list[Figure]:
    """``figures`` with, after each pair of ranks joined by a word of moving (由第176位上升至
    第98位), the change it implies (+78 places), unless the text states that change next to
    them (上升至第98位,上升78个位次)."""
    out = []
    for fig in figures:
        q = fig.quantity
        rise = (_RISE_BEFORE.search(text, max(0, fig.start - 4), fig.start)
                if q.unit_base == "rank" and not q.ordinal else None)
        if rise:
            # 上升21个位次: the rise is part of the figure (its rank number falls by 21)
            start = rise.start()
            fig = replace(fig, start=start, quantity=_with_rise(q, text[start:fig.end]),
                          kind="change")
        out.append(fig)
        if fig.quantity.unit_base != "rank" or not fig.quantity.ordinal:
            continue
        m = _RANK_MOVE.search(text, max(0, fig.start - 40), fig.end)
        if not m or m.end() != fig.end:
            continue
        a, b = (parse_number(m.group(g)) for g in ("a", "b"))
        change = b - a
        stated = _STATED_PLACES.match(text, m.end())
        if stated and parse_number(stated.group("n")) == abs(change):
            continue
        q = Quantity(text[m.start():m.end()], change, "个位次", "exact", change, "rank",
                     change, change)
        out.append(Figure(m.start(), m.end(), q, kind="change", doubt=(
            f"a change of rank the text states by its ends: {a:g} → {b:g} is {change:+g} "
            "(the change of the rank number: negative is a rise); curate it where the text "
            "states it")))
    return out
