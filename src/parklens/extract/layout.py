"""Where the sentences, clauses and phrases of a text begin and end, and the line breaks of
page columns that split them."""

from __future__ import annotations

import bisect
import re
from array import array

DECORATION = re.compile(r"[\s*“”‘’\"'「」『』（）()【】《》]")
_LINE_ENDERS = "。！？!?；;：:，,、”’」』）)】…"

class Layout:
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
SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Text with its line breaks (and the white space around them) removed."""
    return _LINE_BREAK.sub("", text).strip()
