"""The candidate pattern: one regular expression, built from the unit table and the
qualifier words, that finds every place a figure may stand (``120多家``, ``第98位``, ``上百家``,
``10-15亿元``, ``C级``, ``三大产业``). Whether a candidate is a figure is the reader's call
(:mod:`parklens.extract.reader`)."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import numerals
from ..units import DIRECTION_WORDS, QUALIFIER_WORDS, RISK_GRADE_WORDING

# Numbers are read by one grammar (parklens.numerals): its pattern decides where a number ends
# and its unit begins (三万吨 is 三 + 万吨, 三亿五千万元 is 三亿五千万 + 元). The look-behind keeps
# a candidate from starting inside an Arabic number (the 5 of 1.5).
_NUMERAL_CHARS = numerals.NUMERAL_CHARS
# PDF-to-text conversion splits a decimal at its point: 18. 6 亿元, 41. 7%. A point, white
# space and one to three digits that no digit follows read as one decimal (never a year:
# "1. 2019年" has four digits after the space).
_SPLIT_DECIMAL = r"[0-9０-９]++[.．][ \t\u3000]+[0-9０-９]{1,3}+(?![0-9０-９.．])"
NUMBER = rf"(?<![0-9０-９.．])(?:{_SPLIT_DECIMAL}|{numerals.NUMBER})"
ARABIC_NUMBER = rf"(?:{_SPLIT_DECIMAL}|[0-9０-９]++(?:[.．][0-9０-９]++)?+)"

#: Measure words (量词) that count things. After a number each gives a candidate; one that the
#: unit table lacks gives a fact with ``unit_base`` None (unknown), not a silent miss.
MEASURE_WORDS = ("个", "家", "项", "台", "套", "件", "辆", "艘", "架", "片", "颗", "块", "张",
                 "只", "头", "株", "棵", "枚", "部", "间", "层", "根", "支", "座", "栋", "幢",
                 "处", "条", "所", "期", "批", "种", "类", "款", "场", "届", "轮", "份", "门",
                 "口", "户", "名", "笔", "宗", "次", "位", "吨", "元")
# 万 and 亿 after an Arabic number with no unit (投资120亿): a figure whose unit is not stated.
BARE_BIGS = ("万", "亿", "万亿")
# Half a unit after it (三年半, 两个半月): parse_quantity reads these as X.5 of the unit.
HALF_UNITS = ("年半", "天半", "周半", "个半月", "个半小时")
_BIG_PREFIX = r"(?:(?:[万萬][亿億]|[亿億]|[万萬])\s*(?:(?:多|余)\s*)?)"
# Words of threshold before a round number with no digits (上百家, 过万吨, 超亿元), each kept
# from the words that only end in it: 以上, 马上 (上 of place), 经过, 通过 (过 of passing).
_THRESHOLD_NOT_AFTER = {"上": "以之线网市向在会路马早晚加北东西南楼山岸海面台基", "过": "经通超不度跨越穿难错路",
                        "破": "突打攻"}  # 超 (赶超, 高超): in _NOT_AFTER, merged below
# Verbs that may stand between a qualifier and its number: 约占60.2%, 近达5000人.
_QUALIFIER_GAP = "占|为|达到|达|合计|计|有"
# Characters that documents write in full width or that need escaping in a pattern.
_LOOKALIKES = {"%": "[%％]", "/": "[/／]", "万": "[万萬]", "亿": "[亿億]"}
# Words that end in a qualifier but are none: 签约 (sign), 节约 (save), 附近 (nearby); 最近 is
# a period (最近3年), handled with 近3年.
_NOT_AFTER = {"约": "签节制预履合条邀公缔", "近": "附最", "超": "赶高"}
_ORDINAL_UNITS = ("位次", "名次", "位", "名")
# Measure words after 第N that make it an ordinal of things or events, not a place in a
# ranking: 第二批, 第三次, 第十届. Two cases are figures all the same: the first of a kind
# (第一家, 第一批: a superlative, rank 1) and a run (连续第四年: a duration of four years).
ORDINAL_MEASURES = ("家", "批", "个", "年", "次", "届", "轮", "期")


# A range as numerals.match reads it: two bounds joined by a dash or 至/到 (the first may
# carry the 万/亿 both share: 10亿至15亿元), two neighbouring digits (两三, 三四十), a teen
# (十几, 二十几) or an unknown number of a place (数十, 几百; 几 alone, 几个, is "a few").
_RANGE = (rf"(?:{NUMBER}\s*(?:[万亿萬億]+\s*)?(?:[-~～—－]|至|到)\s*{NUMBER}"
          rf"|(?:{'|'.join(numerals.ROUGH_PAIRS)})(?![{numerals.DIGIT_CHARS}])[十百千]?"
          rf"|[一二三四五六七八九]?十几|[数几][十百千])")


def _spaced(word: str) -> str:
    """A pattern for ``word`` that lets white space stand between its characters: page-column
    breaks split units from their number and even inside themselves (突破60亿\\n\\n元)."""
    return r"\s*".join(_LOOKALIKES.get(ch, re.escape(ch)) for ch in word)


def alternation(words, *, spaced: bool = False) -> str:
    # Longest first: at one position 个百分点 and 个月 must win over 个, 以内 over 内.
    # equivalent mutant: sorting by the words themselves, reversed, also puts each word
    # before its prefixes (all an alternation needs); reverse=False is killed by tests
    ordered = sorted(words, key=len, reverse=True)  # pragma: no mutate
    return "|".join(_spaced(w) if spaced else re.escape(w) for w in ordered)


def _qualifier_alternation(position: str) -> str:
    words = sorted((w for w, (_, pos) in QUALIFIER_WORDS.items() if pos == position),
                   key=len, reverse=True)  # pragma: no mutate (as in alternation)
    return "|".join(f"(?<![{_NOT_AFTER[w]}]){re.escape(w)}" if w in _NOT_AFTER else re.escape(w)
                    for w in words)


@lru_cache(maxsize=8)
def candidate_pattern(unit_names: tuple[str, ...]) -> re.Pattern:
    fall_words = [w for w, sign in DIRECTION_WORDS.items() if sign < 0]
    pre_words = [w for w, (_, pos) in QUALIFIER_WORDS.items() if pos == "pre"]
    falls = alternation(fall_words)
    units = rf"(?:{_BIG_PREFIX}?(?:{alternation(unit_names, spaced=True)}))"
    post = rf"(?:\s*(?P<post>{_qualifier_alternation('post')}))?"
    quantity = (
        rf"(?:(?P<fall>{falls})\s*)?(?:(?P<pre>{_qualifier_alternation('pre')})\s*"
        rf"(?:(?P<gap>{_QUALIFIER_GAP})\s*)?)?"
        rf"(?P<num>{NUMBER})\s*(?:(?P<mid>{_qualifier_alternation('mid')})\s*)?"
        rf"(?P<unit>{units}){post}")
    threshold_words = sorted(set(numerals.THRESHOLD_WORDS) | set(pre_words), key=len, reverse=True)
    not_after = {**_NOT_AFTER, **_THRESHOLD_NOT_AFTER}     # 签约亿元以上项目: no 约
    thresholds = "|".join(
        f"(?<![{not_after[w]}]){re.escape(w)}" if w in not_after else re.escape(w)
        for w in threshold_words)
    forms = [
        rf"(?P<mag_num>{NUMBER})(?P<mag>[万亿])元?级",                       # 百亿级
        # text from PDFs puts a space inside a figure (第 7 位, 500 强): it changes nothing
        rf"(?P<scope>全[国省市区县])?第[ \t\u3000]?(?P<ord_num>{NUMBER})"
        rf"(?:[ \t\u3000]?(?P<ord_unit>{alternation(_ORDINAL_UNITS + ORDINAL_MEASURES)}))?",  # 第98位
        rf"(?P<first>首)(?P<first_unit>位(?!度)|家|个|批)",                 # 居全国首位, 首家
        # 前三强, 前50位, 位居前五 (a rank bound); 前三季度, 前两年 are periods
        rf"(?P<top>(?<![目之以提当此空事从向眼面门跟超])前)(?P<top_num>{NUMBER})(?P<top_unit>强|位|名)?"
        r"(?!季度|个?月|年|天|日|周|批|期|次|届|轮|项|个|名单)",
        r"(?P<front>前列)",                                                    # 位居前列
        rf"(?P<strong_num>{NUMBER})[ \t\u3000]?(?P<strong>强)",              # 跻身十强
        # 10-15亿元, 10至15亿元, 两三个, 十几家, 数十亿元: one candidate with both bounds
        rf"(?P<rng>{_RANGE})\s*(?P<rng_unit>{units})",
        r"(?<![A-Za-z0-9])(?P<grade>[A-D]级)",                                 # C级
        rf"(?P<risk>{alternation(RISK_GRADE_WORDING)})",                      # 较低安全风险
        quantity,                                                              # 120多家
        # 上百家, 过万吨, 超亿元, 近万人: a round number with no digits after a threshold word
        rf"(?P<thr>{thresholds})(?P<thr_num>{numerals.ROUND.pattern})\s*"
        rf"(?P<thr_unit>{alternation(unit_names, spaced=True)})"
        rf"{post.replace('P<post>', 'P<thr_post>')}",
        rf"(?P<implied_num>{NUMBER})(?P<marker>[大横纵])",                   # 三大产业, 8横8纵
    ]
    # Every form starts with one of these characters. Stated first, they let the regex engine
    # pass over any other position at once instead of trying each form there: the scan of a
    # long document runs six times faster. A new form must add its first characters here.
    first = set("0123456789０１２３４５６７８９" + _NUMERAL_CHARS + "万亿萬億全第首前数几ABCD")
    first |= {w[0] for w in (*fall_words, *threshold_words, *RISK_GRADE_WORDING)}
    starts = "".join(re.escape(ch) for ch in sorted(first))
    return re.compile(f"(?=[{starts}])(?:" + "|".join(f"(?:{f})" for f in forms) + ")")

