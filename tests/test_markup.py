"""Values in Markdown stay text: checked with the renderer the HTML reports use (nbconvert's
Markdown filter), so the expected page comes from the renderer, not from the escaping code."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from parklens.markup import MarkdownText, escape, join, md


class Rendered(HTMLParser):
    def __init__(self, markdown: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.feed(markdown2html_mistune(str(markdown)))

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![i](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[a][r] and [r]: javascript:alert(1)",
    "\\[escaped\\](javascript:alert(1))",
    "a_b_c *star* `code` ~~gone~~",
    "&lt;script&gt; &#60;b&#62;",
    "Xi'an \"quoted\" & co",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_renders_as_its_own_text_and_nothing_else(value):
    page = Rendered(md("{v}", v=value))
    assert page.tags == ["p"]
    assert page.text.strip() == value


def test_a_line_break_in_a_value_cannot_start_a_block():
    value = "name\n\n# heading\n[r]: javascript:alert(1)\n<div onclick=x>"
    page = Rendered(md("**{v}**", v=value))
    assert page.tags == ["p", "strong"]
    assert page.text.strip() == " ".join(value.split("\n")).replace("  ", " ")


def test_templates_are_kept_and_builders_compose_without_double_escaping():
    inner = md("**{}**", "a_b")
    page = Rendered(md("{x}; {y} · [doc](https://example.org)", x=inner, y="<b>"))
    assert page.tags == ["p", "strong", "a"]
    assert page.text == "a_b; <b> · doc\n"
    assert isinstance(inner, MarkdownText) and isinstance(escape("x"), MarkdownText)


def test_join_and_concatenation_escape_plain_strings():
    assert Rendered(join("、", ["<i>a</i>", "[b](c)"])).text.strip() == "<i>a</i>、[b](c)"
    assert Rendered(md("**x**") + "<i>y</i>").tags == ["p", "strong"]
