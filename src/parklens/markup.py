r"""Markdown for the reports in which text from data is always inert.

Names, labels and quotes come from other people's files. A report shows them as text: no
tag, no link, no image can come out of a value. :class:`MarkdownText` is
markupsafe's ``Markup`` for Markdown: the template (code) is trusted, every value put into
it with ``format``, ``+``, ``%`` or ``join`` is escaped, both for HTML (``<``, ``>``, ``&``,
quotes) and for the Markdown characters that make links, images, code or emphasis.
A value that is already ``MarkdownText`` is not escaped again, so builders compose.

>>> md("**{name}** · {n} figures", name="<img src=x onerror=alert(1)>", n=3)
MarkdownText('**&lt;img src=x onerror=alert(1)&gt;** · 3 figures')
>>> print(md("{}", "[click](javascript:alert(1))"))
\[click\](javascript:alert(1))
>>> print(md("{a}; {b}", a=md("**{}**", "x_y"), b="1*2"))
**x\_y**; 1\*2
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from markupsafe import Markup
from markupsafe import escape as html_escape

__all__ = ["MarkdownText", "md", "escape", "join"]

# Characters with which a value could open a link or image ([ ]), code (`), emphasis (* _) or
# strikethrough (~), or undo an escape (\). Others (# - + > digits) are active only at the
# start of a line, where no value lands: line breaks in values become spaces. Maths ($, \( \))
# stays: the page's MathJax loads its Safe extension, which drops javascript: links.
_ACTIVE = re.compile(r"([\\`*_\[\]~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


class MarkdownText(Markup):
    """Markdown that is safe to show: markupsafe's ``Markup`` with a Markdown escape.

    ``MarkdownText(s)`` trusts ``s`` (a template written in code); values combined with it
    are escaped.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> "MarkdownText":
        if hasattr(s, "__html__"):  # already safe: MarkdownText (or Markup) from a builder
            return cls(s.__html__())
        text = _LINE_BREAKS.sub(" ", str(s))
        return cls(html_escape(_ACTIVE.sub(r"\\\1", text)))


def md(template: str, /, *args: Any, **values: Any) -> MarkdownText:
    """``template.format(*args, **values)`` with every value escaped; the template itself
    is trusted (write it in code, never build it from data)."""
    return MarkdownText(template).format(*args, **values)


def escape(value: Any) -> MarkdownText:
    """One value as inert Markdown text."""
    return MarkdownText.escape(value)


def join(sep: str, values: Iterable[Any]) -> MarkdownText:
    """``sep.join(values)`` with every value escaped (``sep`` is trusted)."""
    return MarkdownText(sep).join(values)
