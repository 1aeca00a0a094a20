"""Find the figures a park document states, and draft a park file from them.

The extractor reads every quantitative statement of a document: a number in Arabic or Chinese
numerals with its qualifier and unit (``120多家``, ``近70亿元``, ``3万户左右``, ``下降5美元/桶``),
ranks (``第98位``, ``全市第一``), grades (``C级``, ``较低安全风险``), magnitude classes
(``百亿级``) and the few counts whose unit the wording implies (``三大主导产业``: 3 industries;
``8横8纵``: 8 roads each way). Candidates come from one regular expression built from the unit
table and the qualifier words; each is confirmed by :func:`parklens.parse_quantity`, so numbers
are read by one implementation only. Years (``2024年``), dates (``12月25日``), period
expressions (``近3年``), phone, postcode and licence numbers and the digits of numbered
formulas (``1+3+2``, ``12345工作法``) are left out.

>>> facts = extract_facts("目前入驻企业120多家,其中规上企业78家。2023年税收增速14.4%。")
>>> for f in facts.itertuples():
...     print(f.stated, f.value, f.unit, f.qualifier, f.kind, f.period_stated, f.indicator_words)
120多家 120.0 家 more_than count 目前 入驻企业
78家 78.0 家 exact count 目前 规上企业
14.4% 14.4 % exact growth 2023年 税收
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import os
import re
import sys
from array import array
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

import numpy as np
import pandas as pd
import yaml

from . import numerals
from .paths import default_data_dir
from .periods import PeriodError, parse_period
# DIRECTION_WORDS: the words of change that parse_quantity reads (下降 makes a value negative),
# shared rather than copied so that the extractor and the parser never disagree on them.
from .units import (
    DIRECTION_WORDS,
    QUALIFIER_WORDS,
    RISK_GRADE_WORDING,
    Quantity,
    QuantityError,
    Unit,
    load_units,
    parse_number,
    parse_quantity,
)

__all__ = ["COLUMNS", "DROPPED_COLUMNS", "KINDS", "DocumentDate", "document_date",
           "dropped_candidates", "extract_facts", "fact_records", "facts_frame", "recall",
           "draft_park_file", "write_draft_folder", "run_cli"]

#: Columns of :func:`extract_facts`, in order.
COLUMNS = ["stated", "value", "unit", "value_base", "unit_base", "value_text", "qualifier",
           "kind", "status", "period_stated", "period", "indicator_words", "quote", "start",
           "end", "value_low", "value_high", "doubt"]
#: Columns of :func:`dropped_candidates`: what the extractor saw and left out, and why.
DROPPED_COLUMNS = ["stated", "start", "end", "reason"]
#: What a figure is: a level, a growth rate, a share, a rank, a count or a change.
KINDS = ("level", "growth", "share", "rank", "count", "change")

_COUNT_BASES = {"establishments", "items", "households", "persons", "person_times", "buildings",
                "copies", "times", "machines", "sets", "pieces", "sheets", "vehicles", "vessels",
                "aircraft", "phases", "institutions", "batches", "kinds", "events",
                "transactions", "parcels"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

# ---------------------------------------------------------------------------------------------
# The candidate pattern

# Numbers are read by one grammar (parklens.numerals): its pattern decides where a number ends
# and its unit begins (三万吨 is 三 + 万吨, 三亿五千万元 is 三亿五千万 + 元). The look-behind keeps
# a candidate from starting inside an Arabic number (the 5 of 1.5).
_NUMERAL_CHARS = numerals.NUMERAL_CHARS
# PDF-to-text conversion splits a decimal at its point: 18. 6 亿元, 41. 7%. A point, white
# space and one to three digits that no digit follows read as one decimal (never a year:
# "1. 2019年" has four digits after the space).
_SPLIT_DECIMAL = r"[0-9０-９]++[.．][ \t\u3000]+[0-9０-９]{1,3}+(?![0-9０-９.．])"
_NUMBER = rf"(?<![0-9０-９.．])(?:{_SPLIT_DECIMAL}|{numerals.NUMBER})"
_ARABIC_NUMBER = rf"(?:{_SPLIT_DECIMAL}|[0-9０-９]++(?:[.．][0-9０-９]++)?+)"

#: Measure words (量词) that count things. After a number each gives a candidate; one that the
#: unit table lacks gives a fact with ``unit_base`` None (unknown), not a silent miss.
MEASURE_WORDS = ("个", "家", "项", "台", "套", "件", "辆", "艘", "架", "片", "颗", "块", "张",
                 "只", "头", "株", "棵", "枚", "部", "间", "层", "根", "支", "座", "栋", "幢",
                 "处", "条", "所", "期", "批", "种", "类", "款", "场", "届", "轮", "份", "门",
                 "口", "户", "名", "笔", "宗", "次", "位", "吨", "元")
# 万 and 亿 after an Arabic number with no unit (投资120亿): a figure whose unit is not stated.
_BARE_BIGS = ("万", "亿", "万亿")
# Half a unit after it (三年半, 两个半月): parse_quantity reads these as X.5 of the unit.
_HALF_UNITS = ("年半", "天半", "周半", "个半月", "个半小时")
_BIG_PREFIX = r"(?:(?:[万萬][亿億]|[亿億]|[万萬])\s*(?:(?:多|余)\s*)?)"
# Words of threshold before a round number with no digits (上百家, 过万吨, 超亿元), each kept
# from the words that only end in it: 以上, 马上 (上 of place), 经过, 通过 (过 of passing).
_THRESHOLD_NOT_AFTER = {"上": "以之线网市向在会路马早晚加北东西南楼山岸海面台基", "过": "经通超不度跨越穿难错路",
                        "破": "突打攻"}  # 超 (赶超, 高超): in _NOT_AFTER, merged below
# Verbs that may stand between a qualifier and its number: 约占60.2%, 近达5000人.
_QUALIFIER_GAP = "占|为|达到|达|合计|计|有"
# 内 is "within" after a span of time or a distance (3年内, 500米内); elsewhere it starts a
# word (8个内资项目: domestic capital).
_WITHIN_BASES = {"years", "months", "days", "minutes", "m"}

# Characters that documents write in full width or that need escaping in a pattern.
_LOOKALIKES = {"%": "[%％]", "/": "[/／]", "万": "[万萬]", "亿": "[亿億]"}
# Words that end in a qualifier but are none: 签约 (sign), 节约 (save), 附近 (nearby); 最近 is
# a period (最近3年), handled with 近3年.
_NOT_AFTER = {"约": "签节制预履合条邀公缔", "近": "附最", "超": "赶高"}
_ORDINAL_UNITS = ("位次", "名次", "位", "名")
# Measure words after 第N that make it an ordinal of things or events, not a place in a
# ranking: 第二批, 第三次, 第十届. Two cases are figures all the same: the first of a kind
# (第一家, 第一批: a superlative, rank 1) and a run (连续第四年: a duration of four years).
_ORDINAL_MEASURES = ("家", "批", "个", "年", "次", "届", "轮", "期")
# Sets, not strings: the empty string (no character before) is in every string.
_OPENING_QUOTES = frozenset("“‘「『\"'")
_PLUS = frozenset("+＋")
_CJK = re.compile(r"[\u3400-\u9fff]")


# A range as numerals.match reads it: two bounds joined by a dash or 至/到 (the first may
# carry the 万/亿 both share: 10亿至15亿元), two neighbouring digits (两三, 三四十), a teen
# (十几, 二十几) or an unknown number of a place (数十, 几百; 几 alone, 几个, is "a few").
_RANGE = (rf"(?:{_NUMBER}\s*(?:[万亿萬億]+\s*)?(?:[-~～—－]|至|到)\s*{_NUMBER}"
          rf"|(?:{'|'.join(numerals.ROUGH_PAIRS)})(?![{numerals.DIGIT_CHARS}])[十百千]?"
          rf"|[一二三四五六七八九]?十几|[数几][十百千])")


def _spaced(word: str) -> str:
    """A pattern for ``word`` that lets white space stand between its characters: page-column
    breaks split units from their number and even inside themselves (突破60亿\\n\\n元)."""
    return r"\s*".join(_LOOKALIKES.get(ch, re.escape(ch)) for ch in word)


def _alternation(words, *, spaced: bool = False) -> str:
    # Longest first: at one position 个百分点 and 个月 must win over 个, 以内 over 内.
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(_spaced(w) if spaced else re.escape(w) for w in ordered)


def _qualifier_alternation(position: str) -> str:
    words = sorted((w for w, (_, pos) in QUALIFIER_WORDS.items() if pos == position),
                   key=len, reverse=True)
    return "|".join(f"(?<![{_NOT_AFTER[w]}]){re.escape(w)}" if w in _NOT_AFTER else re.escape(w)
                    for w in words)


@lru_cache(maxsize=8)
def _candidate_pattern(unit_names: tuple[str, ...]) -> re.Pattern:
    fall_words = [w for w, sign in DIRECTION_WORDS.items() if sign < 0]
    pre_words = [w for w, (_, pos) in QUALIFIER_WORDS.items() if pos == "pre"]
    falls = _alternation(fall_words)
    units = rf"(?:{_BIG_PREFIX}?(?:{_alternation(unit_names, spaced=True)}))"
    post = rf"(?:\s*(?P<post>{_qualifier_alternation('post')}))?"
    quantity = (
        rf"(?:(?P<fall>{falls})\s*)?(?:(?P<pre>{_qualifier_alternation('pre')})\s*"
        rf"(?:(?P<gap>{_QUALIFIER_GAP})\s*)?)?"
        rf"(?P<num>{_NUMBER})\s*(?:(?P<mid>{_qualifier_alternation('mid')})\s*)?"
        rf"(?P<unit>{units}){post}")
    threshold_words = sorted(set(numerals.THRESHOLD_WORDS) | set(pre_words), key=len, reverse=True)
    not_after = {**_NOT_AFTER, **_THRESHOLD_NOT_AFTER}     # 签约亿元以上项目: no 约
    thresholds = "|".join(
        f"(?<![{not_after[w]}]){re.escape(w)}" if w in not_after else re.escape(w)
        for w in threshold_words)
    forms = [
        rf"(?P<mag_num>{_NUMBER})(?P<mag>[万亿])元?级",                       # 百亿级
        # text from PDFs puts a space inside a figure (第 7 位, 500 强): it changes nothing
        rf"(?P<scope>全[国省市区县])?第[ \t\u3000]?(?P<ord_num>{_NUMBER})"
        rf"(?:[ \t\u3000]?(?P<ord_unit>{_alternation(_ORDINAL_UNITS + _ORDINAL_MEASURES)}))?",  # 第98位
        rf"(?P<first>首)(?P<first_unit>位(?!度)|家|个|批)",                 # 居全国首位, 首家
        # 前三强, 前50位, 位居前五 (a rank bound); 前三季度, 前两年 are periods
        rf"(?P<top>(?<![目之以提当此空事从向眼面门跟超])前)(?P<top_num>{_NUMBER})(?P<top_unit>强|位|名)?"
        r"(?!季度|个?月|年|天|日|周|批|期|次|届|轮|项|个|名单)",
        r"(?P<front>前列)",                                                    # 位居前列
        rf"(?P<strong_num>{_NUMBER})[ \t\u3000]?(?P<strong>强)",              # 跻身十强
        # 10-15亿元, 10至15亿元, 两三个, 十几家, 数十亿元: one candidate with both bounds
        rf"(?P<rng>{_RANGE})\s*(?P<rng_unit>{units})",
        r"(?<![A-Za-z0-9])(?P<grade>[A-D]级)",                                 # C级
        rf"(?P<risk>{_alternation(RISK_GRADE_WORDING)})",                      # 较低安全风险
        quantity,                                                              # 120多家
        # 上百家, 过万吨, 超亿元, 近万人: a round number with no digits after a threshold word
        rf"(?P<thr>{thresholds})(?P<thr_num>{numerals.ROUND.pattern})\s*"
        rf"(?P<thr_unit>{_alternation(unit_names, spaced=True)})"
        rf"{post.replace('P<post>', 'P<thr_post>')}",
        rf"(?P<implied_num>{_NUMBER})(?P<marker>[大横纵])",                   # 三大产业, 8横8纵
    ]
    # Every form starts with one of these characters. Stated first, they let the regex engine
    # pass over any other position at once instead of trying each form there: the scan of a
    # long document runs six times faster. A new form must add its first characters here.
    first = set("0123456789０１２３４５６７８９" + _NUMERAL_CHARS + "万亿萬億全第首前数几ABCD")
    first |= {w[0] for w in (*fall_words, *threshold_words, *RISK_GRADE_WORDING)}
    starts = "".join(re.escape(ch) for ch in sorted(first))
    return re.compile(f"(?=[{starts}])(?:" + "|".join(f"(?:{f})" for f in forms) + ")")


# Context tests for the candidates.
_ID_LABEL = re.compile(r"(?:电话|传真|手机|热线|邮编|邮政编码|邮箱|备案号?|许可证|编号|代码|证号|"
                       r"ICP|QQ)[^\n]{0,3}$")
# 十三次党代会, 十九届六中全会, 十七届四十三次常务会议 number a session
_SESSION = re.compile(rf"[{numerals.NUMERAL_CHARS}]*次?(?:[、，,和及][{numerals.NUMERAL_CHARS}]+次)*"
                      r"(?:中全会|党代会|常务会|全会|全体会议|人大|政协|代表大会)")
_RECORD = re.compile(r"\s*(?:以来|来)(?=最|首次|新高|新低)")  # 创9年来最好成绩 states a span
_SINCE = re.compile(r"\s*(?:以来|来)")
_RANGE_BEFORE = re.compile(rf"[0-9０-９{_NUMERAL_CHARS}万亿]\s*[至到~～—\-－]\s*$")
# 三大产业, 九大炼油基地, 七大板块: what N大 counts is a kind of industry or a place of it
_INDUSTRY_AFTER = re.compile(r"[^，,。；;！？!?\n]{0,10}?(?:产业|基地|板块|集群|园区|行业|领域|片区|平台)")
# 期 counts phases only after a verb of dividing or counting (分三期, 共两期); 二期 standing
# alone names the second phase (二期项目, 光伏二期).
_PHASE_COUNT_AFTER = frozenset("分共为计达有")
_GRID_AFTER = re.compile(rf"{_NUMBER}纵")
_GRID_BEFORE = re.compile(rf"{_NUMBER}横$")
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

# ---------------------------------------------------------------------------------------------
# Periods, status and the words before a figure

_N = rf"[0-9０-９{_NUMERAL_CHARS}]+"
_MONTH = rf"(?:[0-9]{{1,2}}|[{_NUMERAL_CHARS}]{{1,3}})"
_YTD = rf"(?:前三季度|前两季度|上半年|第?一季度|1季度|[二三]季度末|1-3季度|[1一][-—~至]{_MONTH}月份?)"
_PART = rf"(?:{_YTD}|(?:截止到|截止|截至|至){_MONTH}月[底末]|{_MONTH}月份?|[末底])"
_YEAR = r"(?:[0-9]{4}年|今年|去年|上年|上一年|本年|明年|来年|前年|当年)"
_PERIOD = re.compile(
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
_GROWTH_BEFORE = re.compile(
    r"(?:增长|增速|增幅|同比|环比|下降|上涨|上升|提高|提升|降低|减少|增加|回落|下滑)"
    r"(?:了|为|达到|达|至)?$")
_CHANGE_BEFORE = re.compile(rf"(?:{_alternation(DIRECTION_WORDS)})(?:了)?$")
_LEADING_WORDS = re.compile(r"^(?:其中|共计|共有|共|已经|已|预计|同时|此外|另外|并且|并|以及|和|及|"
                            r"全部|均|实现|完成)+")
_TRAILING_WORDS = re.compile(
    r"(?:同比|比上年|较上年|年均|分别|共计|共有|共|累计|已经|已|达到|达|为|是|拥有|有|完成|实现|"
    r"增长|增加|下降|减少|提高|提升|上升|降低|增产|减产|缩短|增速|增幅|增至|从|至|了|的|约)+$")
_FILLER = re.compile(r"了|的|为|是|达到|达|有|共|已")
_DECORATION = re.compile(r"[\s*“”‘’\"'「」『』（）()【】《》]")
_LINE_ENDERS = "。！？!?；;：:，,、”’」』）)】…"


class _Layout:
    """Where the clauses and sentences of a text begin and end.

    A line break ends a sentence unless it is a page-column break: a long line that stops
    mid-sentence (document 002 breaks sentences, even numbers from units, that way).
    """

    _BREAKS = re.compile(r"(?P<nl>[ \t\u3000]*\n\s*)|(?P<stop>[。！？!?])|(?P<comma>[，,；;：:])"
                         r"|(?P<list>、)")
    _LEVELS = {"nl": ("sentence", "clause", "phrase"), "stop": ("sentence", "clause", "phrase"),
               "comma": ("clause", "phrase"), "list": ("phrase",)}

    def __init__(self, text: str):
        self.text = text
        # Machine integers, not lists of int objects: a 50 MB document has 3 million breaks.
        self._bounds: dict[str, tuple[array, array]] = {
            level: (array("q"), array("q")) for level in ("sentence", "clause", "phrase")}
        for m in self._BREAKS.finditer(text):
            if m.lastgroup == "nl" and self._is_column_break(m):
                continue
            for level in self._LEVELS[m.lastgroup]:
                starts, ends = self._bounds[level]
                starts.append(m.start())
                ends.append(m.end())

    def _is_column_break(self, m: re.Match) -> bool:
        line = self.text[self.text.rfind("\n", 0, m.start()) + 1: m.start()].strip()
        return len(line) >= 40 and line[-1] not in _LINE_ENDERS and m.end() < len(self.text)

    def join(self, start: int, end: int) -> None:
        """Drop the breaks inside ``text[start:end]``: a line break within a figure
        (60亿\\n\\n元) is a column break, however short the line before it."""
        for starts, ends in self._bounds.values():
            i, j = bisect.bisect_right(starts, start), bisect.bisect_left(starts, end)
            del starts[i:j], ends[i:j]

    def span(self, level: str, start: int, end: int) -> tuple[int, int]:
        """The clause, sentence or phrase (clause split at 、) that holds ``text[start:end]``."""
        starts, ends = self._bounds[level]
        i = bisect.bisect_right(ends, start) - 1
        j = bisect.bisect_left(starts, end)
        return (ends[i] if i >= 0 else 0), (starts[j] if j < len(starts) else len(self.text))


_LINE_BREAK = re.compile(r"\s*\n\s*")
_SPACE = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"[^0-9０-９]")


def _one_line(text: str) -> str:
    """Text with its line breaks (and the white space around them) removed."""
    return _LINE_BREAK.sub("", text).strip()


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):  # also pandas.Timestamp
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError(f"ref_date must be a date or 'YYYY-MM-DD', got {type(value).__name__}")


def _resolve_period(match: re.Match, ref: dt.date | None) -> tuple[str, str | None]:
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


class _SentenceContext:
    """The words of one sentence that bear on each of its figures: the period expressions
    and the words of status, found in one scan of the sentence.

    Rescanning the sentence up to each figure made extraction quadratic in sentence length:
    clauses joined by ，(as PDF-to-text conversions join them) put thousands of figures in one
    sentence. Here each figure costs a binary search and, at most, a rescan of the one period
    expression that runs across its start.
    """

    def __init__(self, text: str, start: int, end: int, ref: dt.date | None = None):
        self.text, self.start, self.end = text, start, end
        self._periods = list(_PERIOD.finditer(text, start, end))
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
        same matches as ``_PERIOD.finditer(text, sentence_start, pos)`` gives at its end.

        Matches of the whole sentence that end by ``pos`` are the ones a scan cut at ``pos``
        finds (the pattern has no look-ahead or anchor that the cut could change); a match
        that runs across ``pos`` is replaced by what the cut scan finds from its start."""
        k = bisect.bisect_right(self._period_ends, pos)
        found = self._periods[max(0, k - 2):k]
        if k < len(self._periods) and self._periods[k].start() < pos:
            found += list(_PERIOD.finditer(self.text, self._periods[k].start(), pos))
        return found[-2:]

    def status(self, end: int) -> str:
        """The status of a figure ending at ``end``: named by a 目标 right after it, or by the
        nearest word of status before it whose reach holds it; else actual."""
        if _TARGET_AFTER.match(self.text, end, self.end):
            return "target"
        k = bisect.bisect_right(self._status_ends, end) - 1
        for i in (k, self._long_before[k] if k >= 0 else -1):
            if i >= 0 and self._status[i][1] >= end:
                return self._status[i][2]
        return "actual"


def _period_before(context: _SentenceContext, start: int) -> re.Match | None:
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
_ITEM = rf"(?:(?:其中|而|另外|此外)\s*)?(?:[{_NUMERAL_CHARS}0-9]+期|首期|[{_NUMERAL_CHARS}]是|其[{_NUMERAL_CHARS}])"
_NEW_ITEM = re.compile(rf"[；;，,。]\s*{_ITEM}")
_ANY_ITEM = re.compile(_ITEM)
_ITEM_WINDOW = 200


def _in_an_item(context: _SentenceContext, pos: int) -> bool:
    """Whether an item of a series (项目一期, 二是) is named before ``pos`` in its sentence
    (looking back at most ``_ITEM_WINDOW`` characters, to stay linear in the sentence)."""
    lo = max(context.start, pos - _ITEM_WINDOW)
    return bool(_ANY_ITEM.search(context.text, lo, pos))


def _indicator_words(text: str, phrase_start: int, start: int) -> str:
    words = _DECORATION.sub("", _PERIOD.sub("", text[phrase_start:start]))
    words = _LEADING_WORDS.sub("", words)
    # Where nothing but the trailing words is left, they are the indicator (增速47.1%).
    return (_TRAILING_WORDS.sub("", words) or _FILLER.sub("", words))[-16:]


def _kind(q: Quantity, before: str, fall: bool) -> str:
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


# ---------------------------------------------------------------------------------------------
# Reading candidates

@dataclass(frozen=True)
class _Figure:
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
_LIST_BEFORE = re.compile(rf"(?:{_ARABIC_NUMBER}{_LIST_SEPARATOR})+$")
_LIST_MEMBER = re.compile(rf"(?<![0-9０-９.．]){_ARABIC_NUMBER}")
_LIST_WINDOW = 120
_LIST_JOIN = re.compile(_LIST_SEPARATOR)
_POINTS_LIST_AFTER = re.compile(
    rf"(?:\s*(?:、|和|及|与)\s*{_ARABIC_NUMBER}\s*个(?!\s*百分点))*"
    rf"\s*(?:、|和|及|与)\s*{_ARABIC_NUMBER}\s*个\s*百分点")


@lru_cache(maxsize=8)
def _reading_units(units: tuple[tuple[str, Unit], ...]) -> dict[str, Unit]:
    """The unit table with every measure word it lacks, and 万/亿 alone, as units of unknown
    base (a candidate, not a miss)."""
    table = dict(units)
    for word in (*MEASURE_WORDS, *_BARE_BIGS):
        table.setdefault(word, Unit(word, None, Fraction(1), ""))
    return table


class _Reader:
    def __init__(self, text: str, units: Mapping[str, Unit], layout: _Layout,
                 keep_dropped: bool = True):
        self.text, self.layout, self.keep_dropped = text, layout, keep_dropped
        self.units = _reading_units(tuple(sorted(units.items())))
        self.dropped: list[tuple[int, int, str]] = []

    def scan(self) -> Iterator[_Figure]:
        """The figures of the text in order; what it saw and left out goes to ``dropped``
        as (start, end, reason)."""
        pattern = _candidate_pattern(tuple(sorted(self.units)) + _HALF_UNITS)
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

    def _list_before(self, m: re.Match, last: _Figure, since: int) -> list[_Figure]:
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
            q = self._parse(member.group() + _SPACE.sub("", tail))
            if q is None or self._is_identifier(member.group(), *member.span()):
                return [last]
            figures.append(_Figure(member.start(), member.end(), q, lead=found.start(),
                                   doubt=f"the unit {tail.strip()} is stated once, after the "
                                         "last number of the list"))
        if not figures:
            return [last]
        return [*figures, _Figure(last.start, last.end, last.quantity, last.fall, found.start())]

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
            return [_Figure(m.start(), m.end(), self._known(q))] if q else _REFUSED
        if m.group("mag"):
            q = self._parse(m.group(0), unit=m.group("mag") + "元")
            return [_Figure(m.start(), m.end(), q)] if q else _REFUSED
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
            return [_Figure(m.start(), m.end(), q)] if q else _REFUSED
        if m.group("num"):
            return self._quantity(m)
        return self._implied(m)

    # --- ranks and superlatives -----------------------------------------------------------

    def _clause_before(self, pos: int) -> str:
        clause_start, _ = self.layout.span("clause", pos, pos)
        return _DECORATION.sub("", self.text[clause_start:pos])

    def _ordinal(self, m: re.Match):
        unit = m.group("ord_unit")
        if unit in _ORDINAL_MEASURES:
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
        return [_Figure(m.start(), m.end(), q)] if q else _drop(
            "a rank must be a whole number from 1")

    def _ordinal_of_things(self, m: re.Match, unit: str):
        """第N + a measure word: 连续第四年 is a run of four years; 第一家, 第一批 name the
        first of a kind (rank 1); any other (第二批, 第三次, 第十届) numbers an item."""
        start = m.start("ord_num") - 1               # the 第, after any 全国
        if self._prev_char(start) == "续" and unit in ("年", "次", "届", "轮"):   # 连续第四年
            q = self._parse(m.group("ord_num") + unit)
            return [_Figure(start, m.end(), q)] if q else _REFUSED
        q = self._parse(m.group(0))
        if q is not None and q.value == 1 and unit in ("家", "批"):
            return [_Figure(m.start(), m.end(), q, doubt="the first of a kind (第一家, "
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
        return [_Figure(m.start(), m.end(), q, kind="rank", doubt=None if unit == "位" else
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
        return [_Figure(start, end, q, kind="rank",
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
            amount, rest = numerals.match(_SPACE.sub("", m.group(0)))
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
        return [_Figure(start, end, q, doubt=f"a range ({amount.low:g} to {amount.high:g} "
                        f"{unit.name}): curate its bounds as two figures")]

    def _quantity(self, m: re.Match):
        text = self.text
        num, unit = m.group("num"), _SPACE.sub("", m.group("unit"))
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
            return [_Figure(m.start(), m.end(), q)] if q else _REFUSED
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
        if unit in _BARE_BIGS and not arabic:
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
        return [_Figure(m.start(), end, self._known(q), fall=bool(m.group("fall")), doubt=doubt)]

    def _day_of_month(self, m: re.Match, num: str) -> bool:
        """18日 with no 月 before it is a day of this month (20日,福建省…举办), unless a word
        of duration makes it a number of days (连续5日, 历时18日, 5日内). Only Arabic days:
        一日 in Chinese numerals counts days (一日发四证, 一日办结)."""
        try:
            n = numerals.read_number(_SPACE.sub("", num))
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
        u = self.units.get(unit)
        base, factor = (u.base, u.factor) if u is not None else (None, Fraction(1))
        low = float(Fraction(value) * factor) if base is not None else math.nan
        q = Quantity(m.group(0), value, unit, "magnitude", math.nan, base, low,
                     low * 10 if base is not None else math.nan)
        return [_Figure(m.start(), m.end(), q, doubt=f"an order of magnitude ({m.group(0)}), "
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
        return [_Figure(start, end, q, doubt=f"the unit {_IMPLIED_UNITS[marker]} is implied "
                        f"by {m.group('marker')}")] if q else _REFUSED


# ---------------------------------------------------------------------------------------------
# Public API

_FLOAT_COLUMNS = {"value", "value_base", "value_low", "value_high"}
_INT_COLUMNS = {"start", "end"}
# Text columns where None means "not stated"; pandas would read None as NaN.
_OPTIONAL_COLUMNS = {"unit", "unit_base", "value_text", "period_stated", "period", "doubt"}


def _empty_frame() -> pd.DataFrame:
    return facts_frame([])


def facts_frame(records: list[Mapping], columns: list[str] = COLUMNS) -> pd.DataFrame:
    """The records of :func:`fact_records` (one dict per fact) as a frame with the columns
    and dtypes of :func:`extract_facts`; ``columns`` may add others in front (``document``).

    >>> facts_frame(fact_records("规上企业78家")).stated.tolist()
    ['78家']
    """
    if not records:
        empty = pd.DataFrame(columns=columns)
        return empty.astype({"value": "float64", "value_base": "float64", "start": "int64",
                             "end": "int64", **{c: "float64" for c in ("value_low", "value_high")
                                                if c in columns}})
    # Built column by column with the final dtypes: a frame of dicts that pandas then
    # converts took half the time of extracting a short document.
    data = {}
    for col in columns:
        values = [r[col] for r in records]
        if col in _FLOAT_COLUMNS:
            data[col] = np.array(values, dtype="float64")
        elif col in _INT_COLUMNS:
            data[col] = np.array(values, dtype="int64")
        elif col in _OPTIONAL_COLUMNS:
            data[col] = pd.Series(values, dtype=object)
        else:
            data[col] = values
    return pd.DataFrame(data, columns=columns)


def fact_records(text: str, *, ref_date=None,
                 units: Mapping[str, Unit] | None = None) -> list[dict]:
    """The facts of :func:`extract_facts` as a list of dicts, one per fact (cheaper to
    collect over many documents; :func:`facts_frame` makes the frame)."""
    return _read_document(text, ref_date=ref_date, units=units, keep_dropped=False)[0]


def dropped_candidates(text: str, *, units: Mapping[str, Unit] | None = None) -> pd.DataFrame:
    """What the extractor saw in ``text`` and left out, one row per candidate with the
    reason (columns :data:`DROPPED_COLUMNS`): years and dates, slogans and plan names
    (三年攻坚行动), ordinals (第二批), sessions (三中全会), identifiers, and spans the numbers
    grammar refused. A candidate that a figure covers is not listed.

    >>> dropped_candidates("实施三年攻坚行动,新增企业20家").reason.tolist()
    ['a numbered slogan or plan name (三年攻坚行动, 十项举措, 两个健康)']
    """
    return pd.DataFrame(_read_document(text, units=units)[1], columns=DROPPED_COLUMNS)


def _read_document(text: str, *, ref_date=None, units: Mapping[str, Unit] | None = None,
                   keep_dropped: bool = True) -> tuple[list[dict], list[dict]]:
    """The facts of ``text`` (records of :func:`extract_facts`) and what was dropped (kept
    only with ``keep_dropped``: a 50 MB document drops hundreds of thousands of candidates)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    ref = _as_date(ref_date)
    units = load_units() if units is None else units
    layout = _Layout(text)
    reader = _Reader(text, units, layout, keep_dropped=keep_dropped)
    figures = _with_rank_changes(text, list(reader.scan()))
    for fig in figures:
        layout.join(fig.start, fig.end)
    rows = []
    context = None
    for fig in figures:
        q = fig.quantity
        sentence_start, sentence_end = layout.span("sentence", fig.start, fig.end)
        if context is None or context.start != sentence_start:
            context = _SentenceContext(text, sentence_start, sentence_end, ref)
        clause_start, clause_end = layout.span("clause", fig.start, fig.end)
        lead = fig.lead if fig.lead >= 0 else fig.start
        phrase_start, _ = layout.span("phrase", lead, lead)
        if len(_one_line(text[clause_start:clause_end])) < 10 and clause_start > sentence_start:
            # A clause as short as 增速47.1% says little: quote the one before it too.
            clause_start, _ = layout.span("clause", clause_start - 1, clause_start - 1)
        period = _period_before(context, fig.start)
        period_stated, period_code = _resolve_period(period, ref) if period else (None, None)
        status = "target" if _TARGET_JUST_BEFORE.search(text, max(0, fig.start - 8), fig.start) \
            else context.status(fig.end)
        before = _DECORATION.sub("", text[max(phrase_start, lead - 8):lead])
        rows.append({
            "stated": text[fig.start:fig.end], "value": q.value, "unit": q.unit,
            "value_base": q.value_base, "unit_base": q.unit_base, "value_text": q.text_value,
            "qualifier": q.qualifier, "kind": fig.kind or _kind(q, before, fig.fall),
            "status": status, "period_stated": period_stated, "period": period_code,
            "indicator_words": _indicator_words(text, phrase_start, lead),
            "quote": _one_line(text[clause_start:clause_end]),
            "start": fig.start, "end": fig.end,
            "value_low": q.value_low, "value_high": q.value_high, "doubt": fig.doubt,
        })
    dropped = []
    k = 0
    for start, end, reason in reader.dropped:    # both in order of start
        while k < len(figures) and figures[k].end <= start:
            k += 1
        if any(f.start < end and f.end > start for f in figures[k:k + 3]):
            continue                             # a figure read from a later position covers it
        dropped.append({"stated": text[start:end], "start": start, "end": end,
                        "reason": reason})
    return rows, dropped


# 由第176位上升至第98位: a change of rank that the text states by its two ends. As in
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
    rf"(?:{_alternation([w for w, sign in DIRECTION_WORDS.items() if sign > 0])})(?:了)?\s*\Z")


def _with_rise(q: Quantity, stated: str) -> Quantity:
    """``q`` (a number of places) as a change of the rank number once its word of rising is
    read with it: 上升21个位次 is -21, as ``parse_quantity`` and data/ have it."""
    return replace(q, text=stated, value=-q.value, value_base=-q.value_base,
                   value_low=-q.value_high, value_high=-q.value_low)


def _with_rank_changes(text: str, figures: list[_Figure]) -> list[_Figure]:
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
        out.append(_Figure(m.start(), m.end(), q, kind="change", doubt=(
            f"a change of rank the text states by its ends: {a:g} → {b:g} is {change:+g} "
            "(the change of the rank number: negative is a rise); curate it where the text "
            "states it")))
    return out


def extract_facts(text: str, *, ref_date=None,
                  units: Mapping[str, Unit] | None = None) -> pd.DataFrame:
    """One row per quantitative statement of ``text``, in document order.

    Columns: ``stated`` (exactly ``text[start:end]``, line breaks and all), ``value`` and
    ``unit`` as stated, ``value_base``/``unit_base`` normalized (None and NaN where the unit
    table does not know the measure word, 3只, or the unit is 万/亿 alone), ``value_text`` (a grade
    letter), ``qualifier``, ``kind`` (one of :data:`KINDS`), ``status`` (a guess from the
    wording: ``target`` after 计划/力争/目标是/确保/争取/到20XX年 or before 的目标, ``estimate``
    after 预计/将/有望/可望/投产后, else ``actual``; the nearest word in the sentence decides,
    up to a ；),
    ``period_stated`` and ``period`` (the nearest period expression before the figure in its
    sentence and its code; ``period`` is None where it cannot be resolved, e.g. 今年 without
    ``ref_date``), ``indicator_words`` (the words just before the figure in its clause),
    ``quote`` (the clause, line breaks removed) and ``start``/``end``.

    ``ref_date`` (a date or ``"YYYY-MM-DD"``) is the document's date, for 今年, 去年, 目前 and
    近3年. ``units`` is the unit table (default: the bundled ``vocab/units.yaml``). Never
    raises on any text; a non-string raises TypeError.

    >>> text = "天能濮阳基地年主营业务收入将突破60亿\\n\\n元,税收突破4.3亿元。"
    >>> f = extract_facts(text, ref_date="2020-04-08")
    >>> f[["stated", "value_base", "qualifier", "status"]].to_numpy().tolist()[0]
    ['突破60亿\\n\\n元', 6000000000.0, 'at_least', 'estimate']
    >>> all(text[s:e] == stated for s, e, stated in zip(f.start, f.end, f.stated))
    True
    """
    return facts_frame(fact_records(text, ref_date=ref_date, units=units))


# ---------------------------------------------------------------------------------------------
# Recall and precision against the curated data

def _same_figure(fact: Mapping, metric: Mapping) -> bool:
    text = metric["value_text"]
    if isinstance(text, str):
        return fact["value_text"] == text and fact["unit_base"] == metric["unit_base"]
    if fact["unit"] == metric["unit"] and _close(fact["value"], metric["value"]):
        return True
    return fact["unit_base"] == metric["unit_base"] and \
        _close(fact["value_base"], metric["value_base"])


def _close(a, b) -> bool:
    return isinstance(a, float) and isinstance(b, float) and not math.isnan(a) and \
        not math.isnan(b) and math.isclose(a, b, rel_tol=1e-9)


class _Squeezed:
    """A text without its white space, for finding quotes as the validator does (white space
    ignored), with the way back to offsets in the text."""

    def __init__(self, text: str):
        self.kept = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.kept)

    def spans(self, quote: str) -> list[tuple[int, int]]:
        """Every place ``quote`` stands, as (start, end) offsets into the original text."""
        needle = re.sub(r"\s+", "", quote)
        spans, at = [], self.text.find(needle) if needle else -1
        while at >= 0:
            spans.append((self.kept[at], self.kept[at + len(needle) - 1] + 1))
            at = self.text.find(needle, at + 1)
        return spans


def recall(ds=None) -> dict:
    """How many curated figures the extractor finds, and how many of its facts are curated.

    For every row of ``ds.metrics`` (one per figure and source) a fact of the same source
    document must have the same value and unit (or the same normalized value and base unit;
    the same letter for grades). ``recall`` is the share of rows found; ``precision`` the share
    of extracted facts that match some curated row of their document. The ``_in_quote``
    variants also require the fact to stand inside the row's quote. ``missed`` and
    ``unmatched`` list the rows and facts behind the numbers.

    >>> r = recall()
    >>> r["recall"] >= 0.9, r["curated"] == len(r["missed"]) + r["found"]
    (True, True)
    """
    if ds is None:
        from .dataset import load

        ds = load()
    units = load_units(ds.data_dir)
    dates = dict(zip(ds.sources.source_id, ds.sources.date))
    facts, squeezed, found, found_in_quote = {}, {}, [], []
    matched: set[tuple[str, int]] = set()
    matched_in_quote: set[tuple[str, int]] = set()
    for sid, text in zip(ds.documents.source_id, ds.documents.text):
        facts[sid] = extract_facts(text, ref_date=dates[sid], units=units).to_dict("records")
        squeezed[sid] = _Squeezed(text)
    for metric in ds.metrics.to_dict("records"):
        sid = metric["source_id"]
        hits = [i for i, f in enumerate(facts.get(sid, [])) if _same_figure(f, metric)]
        spans = squeezed[sid].spans(metric["quote"]) if sid in squeezed else []
        in_quote = [i for i in hits if any(facts[sid][i]["start"] < e and facts[sid][i]["end"] > s
                                           for s, e in spans)]
        found.append(bool(hits))
        found_in_quote.append(bool(in_quote))
        matched.update((sid, i) for i in hits)
        matched_in_quote.update((sid, i) for i in in_quote)
    n_facts = sum(len(f) for f in facts.values())
    metrics = ds.metrics.assign(found=found, found_in_quote=found_in_quote)
    unmatched = pd.DataFrame(
        [{"source_id": sid, **f} for sid, rows in facts.items()
         for i, f in enumerate(rows) if (sid, i) not in matched],
        columns=["source_id"] + COLUMNS)
    return {
        "recall": sum(found) / len(found) if found else math.nan,
        "precision": len(matched) / n_facts if n_facts else math.nan,
        "recall_in_quote": sum(found_in_quote) / len(found) if found else math.nan,
        "precision_in_quote": len(matched_in_quote) / n_facts if n_facts else math.nan,
        "curated": len(found), "found": sum(found), "facts": n_facts,
        "facts_matched": len(matched),
        "missed": metrics.loc[~metrics.found, ["metric_id", "source_id", "stated", "unit",
                                               "quote"]].reset_index(drop=True),
        "unmatched": unmatched,
    }


# ---------------------------------------------------------------------------------------------
# Drafting a park file

_PARK_TYPE_WORDS = (("高新", "hitech_zone"), ("化工园区", "chemical_park"),
                    ("化工科技产业园", "chemical_park"),
                    ("先进制造业开发区", "advanced_manufacturing_zone"),
                    ("产业集聚区", "industrial_cluster_zone"),
                    ("经济技术开发区", "economic_development_zone"),
                    ("经开区", "economic_development_zone"))
_PARK_WORDS = re.compile(r"园区|开发区|高新区|产业园|集聚区")
_PRINTED_DATE = re.compile(r"(?<![0-9])([0-9]{4})(?:年|-)([0-9]{1,2})(?:月|-)([0-9]{1,2})(?![0-9])")
# A news agency's dateline opens the report itself: 中新社 北京12月12日电, 新华社郑州2023年5月12日电.
_DATELINE = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日\s*(?:电|讯)")
# A page's stamp of publication: 发布时间：2023-05-12, 时间:2011-04-02 11:43:44.
_STAMP = re.compile(r"(?:发布时间|发布日期|发稿时间|发表时间|更新时间|日期|时间)\s*[:：]\s*"
                    r"([0-9]{4})(?:年|-|/|\.)([0-9]{1,2})(?:月|-|/|\.)([0-9]{1,2})")
_HEAD_CHARS = 600   # the head of a document, where its date line stands


@dataclass(frozen=True)
class DocumentDate:
    """The date of a document as :func:`document_date` reads it: ``date`` (None where the
    text gives none), ``basis`` (``printed`` or ``inferred``, as a park file's ``date_basis``)
    and ``how`` (one line for ``date_note``)."""
    date: dt.date | None
    basis: str
    how: str


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def document_date(text: str) -> DocumentDate:
    """The date of a document from its own date line, not from a republishing site's stamp.

    In order: a news agency's dateline in the head (``北京2023年5月12日电``; one without a year,
    ``12月12日电``, takes the latest such day on or before the page's stamp: a site republishes
    after the report); the page's stamp (``发布时间：2023-05-12``) or a full date in the head
    (``2023年5月12日``); else the first full date anywhere (inferred).

    >>> document_date("发布时间:2024-11-15 02:53\\n中新社 北京12月12日电 前三季度…").date
    datetime.date(2023, 12, 12)
    >>> document_date("2023年5月12日\\n开发区召开大会").date
    datetime.date(2023, 5, 12)
    """
    head = text[:_HEAD_CHARS]
    stamp = next((d for m in _STAMP.finditer(head) if (d := _date(*m.groups()))), None)
    first_in_head = next((d for m in _PRINTED_DATE.finditer(head) if (d := _date(*m.groups()))),
                         None)
    if line := _DATELINE.search(head):
        year, month, day = line.groups()
        if year and (d := _date(year, month, day)):
            return DocumentDate(d, "printed", f"the dateline {line.group(0)}")
        known = stamp or first_in_head
        if known is not None:
            d = _date(known.year, month, day)
            if d is not None and d > known:
                d = _date(known.year - 1, month, day)
            if d is not None:
                return DocumentDate(d, "inferred", (
                    f"the dateline {line.group(0)}, which prints no year: the latest {month}月{day}日 "
                    f"on or before the page's date {known.isoformat()} (a republishing "
                    "site's stamp comes after the report)"))
    if stamp is not None:
        return DocumentDate(stamp, "printed", "the date line of the page")
    if first_in_head is not None:
        return DocumentDate(first_in_head, "printed", "the date printed at the top")
    for m in _PRINTED_DATE.finditer(text):
        if d := _date(*m.groups()):
            return DocumentDate(d, "inferred", f"the first date the text prints ({m.group(0)}), "
                                "not at the top: check it is the document's")
    return DocumentDate(None, "inferred", "no date printed")


def _printed_date(text: str) -> dt.date | None:
    """The date of the document (:func:`document_date`), for resolving 今年 and 目前."""
    return document_date(text).date


def _q(text: str) -> str:
    """``text`` as a one-line YAML double-quoted scalar, every odd character escaped."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=sys.maxsize).strip()


def _comment(text: str) -> str:
    """``text`` fit for a YAML comment: one line, printable characters only."""
    return "".join(ch for ch in re.sub(r"\s+", " ", text) if ch.isprintable()).strip()


@lru_cache(maxsize=1)
def _indicator_labels() -> tuple[tuple[str, str], ...]:
    try:
        vocab = yaml.safe_load((default_data_dir() / "vocab" / "indicators.yaml")
                               .read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()
    pairs = ((ind, spec.get("zh", "")) for ind, spec in (vocab or {}).items()
             if isinstance(spec, dict))
    return tuple(sorted(((ind, zh) for ind, zh in pairs if zh), key=lambda p: -len(p[1])))


def _indicator_hint(words: str) -> str:
    hits = [ind for ind, zh in _indicator_labels() if zh in words]
    return f"; maybe {', '.join(hits[:3])}" if hits else ""


def _measure(fact: Mapping) -> str:
    match fact["kind"]:
        case "growth":
            return "avg_annual_growth" if "年均" in fact["quote"] else "yoy_growth"
        case "share":
            return "plan_completion" if "计划" in fact["quote"] else "share"
        case "rank" | "change":
            return fact["kind"]
    return "level"


def _needs_unit(stated: str, unit: str) -> bool:
    """Whether ``stated`` lacks its unit (三 of 三大产业, 百亿级), so the file must name it."""
    try:
        return parse_quantity(stated).unit != unit
    except QuantityError:
        return True


def _parses(stated: str, unit: str | None, units: Mapping[str, Unit]) -> Quantity | None:
    try:
        return parse_quantity(stated, unit=unit, units=units)
    except (QuantityError, ValueError, ArithmeticError):
        return None


_RANGE_SPLIT = re.compile(rf"(?P<low>{numerals.NUMBER})(?P<big>[万亿萬億]*)\s*"
                          r"(?:[-~～—－]|至|到)\s*(?P<high>.+)$")


def _range_bounds(fact: Mapping, units: Mapping[str, Unit]) -> list[tuple[str, str | None]]:
    """The two bounds of a range written with a separator (10-15亿元 → 10 with unit 亿元, and
    15亿元), each as (stated, unit or None), checked to read the range's own bounds; [] for a
    range whose bounds the text does not write (两三个, 十几家, 数十亿元)."""
    stated = _SPACE.sub("", fact["stated"])
    m = _RANGE_SPLIT.match(stated)
    if not m:
        return []
    bounds = []
    high = _parses(m["high"], None, units)
    if high is None or not _close(high.value_base, fact["value_high"]):
        return []
    low_text = m["low"] + m["big"]
    for unit in (high.unit, high.unit[len(m["big"]):] if m["big"] else None):
        low = _parses(low_text, unit, units) if unit else None
        if low is not None and _close(low.value_base, fact["value_low"]):
            bounds.append((low_text, unit))
            break
    if not bounds:
        return []
    return bounds + [(m["high"], None)]


def _draft_figures(fact: Mapping, units: Mapping[str, Unit]) -> tuple[list[dict], str | None]:
    """What the draft writes for one fact: figures (stated, unit or None, review reason or
    None), or none and the reason it is only listed as a comment."""
    stated = _SPACE.sub("", fact["stated"])
    if fact["qualifier"] == "range":
        bounds = _range_bounds(fact, units)
        if not bounds:
            return [], (f"{fact['doubt']}; the text writes neither bound alone" if fact["doubt"]
                        else "a range whose bounds the text does not write")
        return [{"stated": st, "unit": u, "review": f"{name} bound of the range {stated}: "
                 "curate it, or delete it", "bound": name}
                for (st, u), name in zip(bounds, ("lower", "upper"))], None
    unit = None if not _needs_unit(stated, fact["unit"]) else fact["unit"]
    if _parses(stated, unit, units) is None:
        return [], fact["doubt"] or "the numbers grammar of park files cannot read it"
    return [{"stated": stated, "unit": unit, "review": fact["doubt"], "bound": None}], None


def draft_park_file(text: str, *, file: str, park_id: str, ref_date=None) -> str:
    """A park-file skeleton (YAML, the format of ``data/README.md``) for a new document.

    ``sources`` names ``file`` (a path relative to the project root); ``metrics`` has one
    entry per fact of :func:`extract_facts`, with ``stated``, ``period``, ``unit`` where the
    text implies it, ``status`` where the wording suggests a target or an estimate, and a cite
    with its quote. A fact the extractor doubted (a rank bound, a unit stated once for a list,
    a measure word the unit table lacks) carries ``review: true`` and ``review_reason``, which
    ``parklens validate`` notes until they are deleted; a range becomes its two bounds, both
    for review. What the extractor saw and dropped (years, slogans, ordinals ...) and any fact
    a park file cannot state is listed at the end as a comment with the reason, so nothing
    disappears. What only a curator can decide is a placeholder ``todo`` on a line marked
    ``# TODO`` (indicator, park names, title, outlet, and the date or period where none is
    known); guessed values (park type, measure, document type) carry a ``# TODO: check``
    comment. ``ref_date`` is the document's date; without it the document's own date line
    is used (:func:`document_date`). Raises ValueError for a ``park_id`` that is not
    lower-case ascii.

    >>> draft = draft_park_file("目前入驻企业120多家。", file="seeds/new.txt",
    ...                         park_id="new_park", ref_date="2025-01-08")
    >>> m = yaml.safe_load(draft)["metrics"][0]
    >>> m["indicator"], m["stated"], m["period"], m["cites"][0]["quote"]
    ('todo', '120多家', '目前', '目前入驻企业120多家')
    """
    if not _ID.match(park_id or ""):
        raise ValueError(f"park id {park_id!r} is not valid: use lower-case ascii letters, "
                         "digits and _, starting with a letter (it is also the file name)")
    ref = _as_date(ref_date)
    found = document_date(text)
    date = ref or found.date
    units = load_units()
    records, dropped = _read_document(text, ref_date=date, units=units)
    reading = _reading_units(tuple(sorted(units.items())))
    source_id = f"{park_id}_src"
    park_type = next((t for word, t in _PARK_TYPE_WORDS if word in text), "industrial_park")
    clauses = [_one_line(c) for c in re.split(r"[，,；;。！？!?：:\n]", text)]
    park_quote = next((c for c in clauses if _PARK_WORDS.search(c) and len(c) >= 8), None) or \
        next((c for c in clauses if c), "todo")

    out = [
        f"# Draft park file for {_comment(file)}, written by `parklens extract --draft`.",
        "# The figures, periods and quotes were found automatically: check each against the",
        "# document and delete what is not a figure of the park. Replace every `todo` (lines",
        "# marked TODO), confirm the guesses marked `TODO: check`, check the figures marked",
        "# `review: true` and delete their review lines, then run `parklens validate`. What",
        "# the extractor saw and left out is listed at the end, each with the reason.",
        "park:",
        f"  id: {park_id}",
        '  name_zh: "todo"  # TODO: the park\'s name as the document writes it',
        '  name_en: "todo"  # TODO: the English name',
        '  province: "todo"  # TODO: e.g. 河南省',
        f"  type: {park_type}  # TODO: check (guessed from the wording); "
        "see vocab/terms.yaml park_type",
        "  leading_industries: []  # TODO: ids of vocab/industries.yaml",
        "  cites:",
        f"    - {{source: {source_id}, quote: {_q(park_quote)}}}  "
        "# TODO: check: where the document describes the park",
        "",
        "sources:",
        f"  - id: {source_id}",
        f"    file: {_q(file)}  # relative to the project root (the folder that holds data/)",
        '    title: "todo"  # TODO: the title as printed, or a descriptive one in [brackets]',
        '    outlet: "todo"  # TODO: who published it',
        "    doc_type: newspaper_report  # TODO: check; see vocab/terms.yaml doc_type",
    ]
    if date is None:
        out += ["    date: todo  # TODO: the document's date, YYYY-MM-DD",
                "    date_basis: inferred  # TODO: check: printed if the document prints it"]
    elif ref is not None:
        out += [f"    date: {date.isoformat()}",
                "    date_basis: inferred  # TODO: check: given with --date"]
    else:
        out += [f"    date: {date.isoformat()}",
                f"    date_basis: {found.basis}  # TODO: check",
                f"    date_note: {_q('Date from ' + found.how)}"]
    entries, not_drafted = [], []
    for fact in records:
        figures, why = _draft_figures(fact, reading)
        if not figures:
            not_drafted.append((fact["start"], fact["stated"], why))
        entries += [(fact, fig) for fig in figures]
    out += ["", "metrics:" if entries else "metrics: []"]
    for n, (fact, fig) in enumerate(entries, start=1):
        words = _comment(fact["indicator_words"])
        out += [f"  - id: {park_id}_{n:03d}",
                f"    indicator: todo  # TODO: choose from vocab/indicators.yaml "
                f"(the text says: {words or '-'}{_indicator_hint(words)})",
                f"    measure: {_measure(fact)}  # TODO: check (guessed: {fact['kind']})"]
        if fact["period"] is not None:
            out.append(f"    period: {_q(fact['period_stated'])}")
        else:
            hint = f" (the sentence says {_comment(fact['period_stated'])})" \
                if fact["period_stated"] else ""
            out.append(f"    period: todo  # TODO: the period, e.g. 2023年 or 目前{hint}")
        out.append(f"    stated: {_q(fig['stated'])}")
        if fig["unit"] is not None:
            out.append(f"    unit: {_q(fig['unit'])}  # TODO: check: implied by the wording")
        if fact["status"] != "actual":
            out.append(f"    status: {fact['status']}  # TODO: check (guessed from the wording)")
        if fig["review"]:
            out += ["    review: true  # TODO: check, then delete this line and the next",
                    f"    review_reason: {_q(fig['review'])}"]
        out += ["    cites:",
                f"      - {{source: {source_id}, quote: {_q(fact['quote'])}}}"]
    seen = sorted([(f["start"], f["stated"], f["reason"]) for f in dropped] + not_drafted)
    if seen:
        out += ["", "# Seen and left out: each candidate the extractor did not draft, at its "
                "character offset,", "# with the reason. Add any that is a figure of the park "
                "as a metric above."]
        out += [f"#   at {at}: {_comment(stated)} -- {_comment(why)}" for at, stated, why in seen]
    return "\n".join(out) + "\n"


_VOCAB_SUFFIXES = (".yaml", ".csv")


def write_draft_folder(document: Path, text: str, folder: Path, *, park_id: str,
                       ref_date=None) -> Path:
    """A ready dataset at ``folder`` for one new document, wherever it lies: the document
    copied byte for byte to ``folder/seeds/``, the draft to ``folder/data/parks/<park_id>.yaml``
    and the bundled vocabularies to ``folder/data/vocab/``, so ``parklens validate
    folder/data`` checks it (reporting only what the curator must fill in). Each file is
    written atomically; an existing park file or document of another content is never
    overwritten (FileExistsError). Returns the park file's path."""
    from .export import write_bytes, write_text

    folder = Path(folder)
    seeds, parks, vocab = folder / "seeds", folder / "data" / "parks", folder / "data" / "vocab"
    copy = seeds / document.name
    draft = parks / f"{park_id}.yaml"
    data = document.read_bytes()
    if draft.exists():
        raise FileExistsError(f"{draft} exists")
    if copy.exists() and copy.read_bytes() != data:
        raise FileExistsError(f"{copy} exists with other content")
    for sub in (seeds, parks, vocab):
        sub.mkdir(parents=True, exist_ok=True)
    if not copy.exists():
        write_bytes(data, copy)
    for src in sorted((default_data_dir() / "vocab").iterdir()):
        target = vocab / src.name
        if src.suffix in _VOCAB_SUFFIXES and src.is_file() and not target.exists():
            write_bytes(src.read_bytes(), target)
    write_text(draft_park_file(text, file=f"seeds/{document.name}", park_id=park_id,
                               ref_date=ref_date), draft)
    return draft


# ---------------------------------------------------------------------------------------------
# Command line

def _park_id_for(path: Path) -> str:
    ident = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")[:60]
    return ident if _ID.match(ident) else f"park_{ident}".rstrip("_")


def _source_file(document: Path, draft: Path) -> str:
    """The document's path as a park file names it: relative to the project root when the
    draft goes into ``<root>/data/parks/``, else as given."""
    if draft.parent.name == "parks":
        root = draft.resolve().parent.parent.parent
        return Path(os.path.relpath(document.resolve(), root)).as_posix()
    return document.as_posix()


def _fail(message: str) -> int:
    print(f"parklens extract: {message}", file=sys.stderr)
    return 1


def _value_label(fact: Mapping) -> str:
    if isinstance(fact["value_text"], str):
        return fact["value_text"]
    return f"{fact['value']:.10g}"


# Characters that take two columns in a terminal (East Asian wide and full-width).
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(text: str) -> int:
    return len(text) + len(_WIDE.findall(text))


def _table_lines(columns: dict[str, list[str]]) -> Iterator[str]:
    """A text table, columns right-aligned by display width, one line at a time.

    pandas' ``to_string`` with East Asian widths measures every character in Python: for the
    230,000 figures of a 50 MB document it took longer than finding them."""
    widths = [max(map(_width, [name, *cells])) for name, cells in columns.items()]

    def line(cells) -> str:
        return " ".join(" " * (w - _width(c)) + c for w, c in zip(widths, cells))

    yield line(columns)
    for row in zip(*columns.values()):
        yield line(row)


def _draft_folder_cli(document: Path, text: str, folder: Path, ref: dt.date | None) -> int:
    park_id = _park_id_for(document)
    try:
        target = write_draft_folder(document, text, folder, park_id=park_id, ref_date=ref)
    except FileExistsError as e:
        return _fail(f"{e}: a draft is never written over. Fix: choose another folder, or "
                     "delete the old draft")
    except OSError as e:
        return _fail(f"cannot write into {folder} ({e.strerror or e}). Fix: choose a "
                     "writable folder")
    content = target.read_text(encoding="utf-8")
    n = len(re.findall(rf"^  - id: {park_id}_[0-9]+$", content, flags=re.M))
    print(f"Wrote a dataset for {document.name} to {folder}: {target} ({n} figures, park id "
          f"{park_id}), the document in {folder / 'seeds'}, the vocabularies in "
          f"{folder / 'data' / 'vocab'}. Replace every `todo`, check the lines marked TODO and "
          f"the figures marked review, then run `parklens validate {folder / 'data'}`.")
    return 0


def run_cli(path, draft=None, date=None) -> int:
    """``parklens extract FILE [--draft OUT.yaml|FOLDER] [--date YYYY-MM-DD]``: print the
    figures of a document as a table, or write a park-file skeleton to ``draft``
    (atomically). A ``draft`` that is no ``.yaml`` file is a folder: a ready dataset is
    written there (:func:`write_draft_folder`), wherever the document and the folder lie.

    ``date`` resolves 今年, 去年 and 目前; without it a date the document prints is used. A
    missing or non-UTF-8 file, or a bad date, gives a one-line error with the fix and exit
    code 1.

    >>> run_cli("no/such/document.txt")
    1
    """
    from .export import write_text

    path = Path(path)
    try:
        # A byte-order mark is not text: offsets count from after it, as in pl.load().
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return _fail(f"{path}: no such file. Fix: give the path of a text document, "
                     "e.g. seeds/003_84782c2cc07288f7.txt")
    except UnicodeDecodeError as e:
        return _fail(f"{path} is not UTF-8 (byte {e.start}). Fix: convert it, e.g. "
                     f"iconv -f GBK -t UTF-8 {path} > {path.stem}.utf8{path.suffix}")
    except OSError as e:
        return _fail(f"{path}: cannot read it ({e.strerror or e}). Fix: give a readable file")
    try:
        ref = _as_date(date)
    except ValueError:
        return _fail(f"--date {date!r} is not a date. Fix: write YYYY-MM-DD, e.g. 2025-01-08")

    if draft is not None and Path(draft).suffix.lower() not in (".yaml", ".yml"):
        return _draft_folder_cli(path, text, Path(draft), ref)
    if draft is not None:
        draft = Path(draft)
        park_id = _park_id_for(draft)
        content = draft_park_file(text, file=_source_file(path, draft), park_id=park_id,
                                  ref_date=ref)
        try:
            write_text(content, draft)
        except OSError as e:
            return _fail(f"cannot write {draft} ({e.strerror or e}). Fix: choose a writable path")
        n = len(re.findall(rf"^  - id: {park_id}_[0-9]+$", content, flags=re.M))
        print(f"Wrote a draft with {n} figures to {draft} (park id {park_id}). Replace every "
              "`todo`, check the lines marked TODO, then run `parklens validate`.")
        return 0

    found = document_date(text)
    printed = found.date
    facts = extract_facts(text, ref_date=ref or printed)
    if ref:
        note = f"periods resolved against {ref.isoformat()}"
    elif printed and found.basis == "printed":
        note = f"periods resolved against {printed.isoformat()}, the date the document prints"
    elif printed:
        note = f"periods resolved against {printed.isoformat()}, from {_comment(found.how)}"
    else:
        note = "relative periods (今年, 去年, 目前) left unresolved: pass --date YYYY-MM-DD"
    print(f"{path}: {len(facts)} figures ({note})")
    if len(facts):
        def clip(cell) -> str:  # a long cell is cut, as pandas does
            cell = "" if cell is None else str(cell)
            return cell if len(cell) <= 24 else cell[:21] + "..."

        table = {
            "at": facts.start.astype(str).tolist(),
            "stated": [clip(re.sub(r"\s+", "", s)) for s in facts.stated],
            "value": [clip(_value_label({"value": v, "value_text": t}))
                      for v, t in zip(facts.value, facts.value_text)],
            "unit": list(map(clip, facts.unit)),
            "qualifier": facts.qualifier.tolist(), "kind": facts.kind.tolist(),
            "period": [clip(p or s) for p, s in zip(facts.period, facts.period_stated)],
            "words before": list(map(clip, facts.indicator_words)),
        }
        try:
            for line in _table_lines(table):
                print(line)
        except BrokenPipeError:  # the reader stopped early (| head): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
