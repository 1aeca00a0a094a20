"""Report pages that stand on their own: the Chinese font embedded, print-ready, no paths.

A report page is read on machines that have no Chinese font (a fresh Linux, a server, a
colleague's laptop) and printed with the browser's "Save as PDF". :func:`finish` makes an
exported page do both:

- **The font travels with the page.** The characters of the page's text that are Chinese
  (CJK ideographs, CJK and full-width punctuation) are cut out of the font the charts draw
  with (Noto Sans CJK SC, shipped by ``mplfonts``: :func:`parklens.plotting.font_path`) by
  fontTools' subsetter, compressed as WOFF2 and embedded as a data URL in an ``@font-face``
  that the page's font stacks name first, for exactly those characters (``unicode-range``):
  Latin text keeps the reader's own fonts. A subset takes about a second of one core; each
  is kept by character set, in this process and in the private parklens cache (as bytes
  checked on the way out, so a planted entry can only ever be a font), so an unchanged page
  rebuilds at once.
- **Print CSS:** margins, no prompts or anchor links, charts, table rows and headings kept
  whole across page breaks, table headers repeated on every page, wide tables and charts
  fitted to the page.

The code cells of a report are hidden unless asked for (``parklens report --show-code``);
the cell papermill injects with the run's parameters, shown with the code, names the output
folder relative to the report folder and a dataset folder by its name
(:class:`RelativeParameters`), never by an absolute path.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import threading
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path, PurePath

__all__ = ["FAMILY", "cjk_characters", "page_text", "subset_woff2", "font_css", "PRINT_CSS",
           "finish", "RelativeParameters"]

#: The family the page's @font-face defines (the charts' font, plotting.FONT_NAME): a name of
#: its own, so that a system font of the same name is never mistaken for the embedded subset.
FAMILY = "parklens Noto Sans CJK SC"

#: The blocks a Chinese page needs from the CJK font: radicals, CJK symbols and punctuation
#: (、。「」), kana, bopomofo, CJK strokes and enclosed forms, the unified ideographs and their
#: extension A, compatibility ideographs, vertical and compatibility forms, full-width forms
#: (，：（）％), and the supplementary ideograph planes.
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")


def cjk_characters(text: str) -> set[str]:
    """The characters of ``text`` that the CJK font is there for.

    >>> ''.join(sorted(cjk_characters("南阳 Nanyang，2024年（前三季度）·—")))
    '三前南季年度阳（），'
    """
    return set(_CJK.findall(text))


class _TextParser(HTMLParser):
    """The text a reader sees or hears: text outside ``<script>`` and ``<style>``, character
    references decoded, and attribute values (``alt``, ``title``; an anchor's Chinese id)."""

    _HIDDEN = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._hidden += 1
        self.parts += [v for k, v in attrs if v and k not in ("src", "style")]

    def handle_endtag(self, tag):
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def page_text(page: str) -> str:
    """The text of an HTML page (see :class:`_TextParser`).

    >>> page_text("<p title='图表'>园区 &amp; <b>&#x4E2D;</b></p><script>var a='脚本'</script>")
    '图表园区 & 中'
    """
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


@functools.lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    # imported here: plotting imports matplotlib, which the batch's own process never needs
    from ..plotting import font_path

    return font_path().read_bytes()


@functools.lru_cache(maxsize=1)
def _font_cmap() -> frozenset[int]:
    """The code points the font draws."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(BytesIO(_font_bytes()), lazy=True).getBestCmap())


#: Brotli quality of the WOFF2: 9 compresses a page's subset in 0.05 s against 2 s at the
#: maximum, 11, for 8% more bytes (289 KB against 266 KB for a 874-character page).
_BROTLI_QUALITY = 9
#: Bumped when the subsetting changes, so that no cached subset of another kind is served.
_SUBSET_FORMAT = 1
_WOFF2_MAGIC = b"wOF2"

_memo: dict[str, bytes] = {}
_memo_lock = threading.Lock()
_MEMO_MAX = 64


def _subset_key(codepoints: list[int]) -> str:
    from ..cache import file_digest

    font = file_digest(_font_bytes())
    return file_digest(json.dumps([_SUBSET_FORMAT, _BROTLI_QUALITY, font, codepoints])
                       .encode("ascii"))


def subset_woff2(chars: set[str] | frozenset[str]) -> bytes:
    """The CJK font cut to ``chars`` (those of them it draws), as WOFF2 bytes; kept by
    character set in this process and in the private parklens cache (``PARKLENS_CACHE=0``:
    not on disk)."""
    from .. import cache

    codepoints = sorted(ord(c) for c in chars if ord(c) in _font_cmap())
    key = _subset_key(codepoints)
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    data = _cached(key) if cache.enabled() else None
    if data is None:
        data = _subset(codepoints)
        if cache.enabled():
            cache.write_value("fonts", key, base64.b64encode(data).decode("ascii"))
    with _memo_lock:
        if len(_memo) >= _MEMO_MAX:
            _memo.pop(next(iter(_memo)))
        _memo[key] = data
    return data


def _cached(key: str) -> bytes | None:
    """A cached subset, only if it is base64 of WOFF2 bytes: whatever else a damaged or
    planted entry holds is dropped (the page re-encodes the bytes itself, so no text of an
    entry ever reaches the page)."""
    from .. import cache

    value = cache.read_value("fonts", key)
    if not isinstance(value, str):
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return data if data.startswith(_WOFF2_MAGIC) else None


def _subset(codepoints: list[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont, woff2

    if not woff2.haveBrotli:
        raise RuntimeError("the brotli package is missing: pip install brotli (it compresses "
                           "the font embedded in the report pages)")
    brotli = woff2.brotli

    # Bounding boxes are not recomputed: the full font's stay true of any subset of it, and
    # recomputing them for every glyph cost three times the subsetting itself.
    font = TTFont(BytesIO(_font_bytes()), lazy=True, recalcBBoxes=False,
                  recalcTimestamp=False)  # the same characters, the same bytes
    options = subset.Options()
    options.layout_features = ["*"]  # vertical and proportional forms of the punctuation
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    # fontTools' WOFF2 writer compresses at brotli's slowest quality; it writes the same
    # file at ours (see _BROTLI_QUALITY) when handed a brotli that defaults to it.
    font.flavor = "woff2"
    out = BytesIO()
    with _brotli_swap:
        woff2.brotli = _QualityBrotli(brotli)
        try:
            font.save(out)
        finally:
            woff2.brotli = brotli
    return out.getvalue()


class _QualityBrotli:
    """``brotli`` with :data:`_BROTLI_QUALITY` as the default quality of ``compress``."""

    def __init__(self, brotli):
        self._brotli = brotli

    def __getattr__(self, name):
        return getattr(self._brotli, name)

    def compress(self, data, **kwargs):
        kwargs.setdefault("quality", _BROTLI_QUALITY)
        return self._brotli.compress(data, **kwargs)


_brotli_swap = threading.Lock()


def _unicode_range(codepoints: list[int]) -> str:
    """CSS ``unicode-range`` of sorted code points, runs written as ranges.

    >>> _unicode_range([0x4E00, 0x4E01, 0x4E02, 0x4E2D, 0xFF0C])
    'U+4E00-4E02, U+4E2D, U+FF0C'
    """
    runs: list[list[int]] = []
    for cp in codepoints:
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


#: The font stacks of nbconvert's lab template (theme-light.css), the embedded family first.
_STACKS = {
    "--jp-ui-font-family": "system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', "
                           "helvetica, arial, sans-serif",
    "--jp-content-font-family": "system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', "
                                "helvetica, arial, sans-serif",
    "--jp-code-font-family": "menlo, consolas, 'DejaVu Sans Mono', monospace",
}


def font_css(text: str) -> str:
    """CSS that draws the Chinese of ``text`` with the embedded subset: an ``@font-face``
    (WOFF2 data URL, ``unicode-range`` of exactly those characters) and the page's font
    stacks with that family first. Empty for a text without Chinese."""
    chars = {c for c in cjk_characters(text) if ord(c) in _font_cmap()}
    if not chars:
        return ""
    data = base64.b64encode(subset_woff2(chars)).decode("ascii")
    codepoints = sorted(ord(c) for c in chars)
    stacks = "\n".join(f"  {var}: '{FAMILY}', {stack};" for var, stack in _STACKS.items())
    return (f"@font-face {{\n  font-family: '{FAMILY}';\n"
            f"  src: url(data:font/woff2;base64,{data}) format('woff2');\n"
            f"  unicode-range: {_unicode_range(codepoints)};\n  font-display: block;\n}}\n"
            f":root {{\n{stacks}\n}}\n"
            f"body {{ font-family: var(--jp-content-font-family); }}\n")


#: What "Save as PDF" needs: the page's margins, nothing of the notebook's interface, nothing
#: cut across a page break that need not be, and nothing wider than the paper.
PRINT_CSS = """\
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
@media print {
  html, body { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; font-size: 10.5pt; }
  .jp-InputPrompt, .jp-OutputPrompt, .jp-InputArea-prompt, .jp-OutputArea-prompt,
  .jp-Collapser, .anchor-link, .jp-Cell-inputCollapser, .jp-Cell-outputCollapser {
    display: none !important; }
  .jp-Notebook, .jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
  .jp-RenderedHTMLCommon, .jp-RenderedHTML { overflow: visible !important;
    max-width: 100% !important; padding-left: 0 !important; margin-left: 0 !important; }
  .jp-Cell { padding: 0 !important; }
  img, svg, figure, .jp-RenderedImage, pre, blockquote, tr, .jp-InputArea {
    break-inside: avoid; page-break-inside: avoid; }
  img, svg { max-width: 100% !important; height: auto !important; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid;
    break-inside: avoid; page-break-inside: avoid; }
  p, li { orphans: 3; widows: 3; }
  table { max-width: 100% !important; font-size: 9pt; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def finish(page: str) -> str:
    """An exported HTML page, made to stand on its own: the embedded font of its Chinese
    text and the print CSS, in a ``<style>`` at the end of its head (after the template's
    own, so its font stacks win)."""
    style = f"<style>\n/* parklens: embedded CJK font, print layout */\n" \
            f"{font_css(page_text(page))}{PRINT_CSS}</style>\n"
    at = page.lower().rfind("</head>")
    if at < 0:
        return style + page
    return page[:at] + style + page[at:]


def _preprocessor_base():
    from nbconvert.preprocessors import Preprocessor

    return Preprocessor


class RelativeParameters(_preprocessor_base()):
    """Rewrites the parameters cell papermill injected (tag ``injected-parameters``) so that
    no absolute path shows in the page: ``output_dir`` becomes its path within the report
    folder (``resources["parklens_out"]``), a folder outside it (``data_dir``) its name, each
    with a comment saying so. The executed notebook beside the page keeps the real values."""

    def preprocess(self, nb, resources):
        out = resources.get("parklens_out")
        params = nb.metadata.get("papermill", {}).get("parameters") or {}
        for cell in nb.cells:
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell.source = _parameters_source(params, PurePath(out) if out else None)
        return nb, resources


def _parameters_source(params: dict, out: PurePath | None) -> str:
    """The injected cell's code, with no absolute path.

    >>> print(_parameters_source({"park_id": "puyang", "output_dir": "/r/out/puyang",
    ...                           "data_dir": "/home/a/parks-2025/data"}, PurePath("/r/out")))
    # Parameters
    park_id = 'puyang'
    output_dir = 'puyang'  # within the report folder
    data_dir = '…/data'  # outside the report folder: shown by its name
    <BLANKLINE>
    """
    lines = ["# Parameters"]
    for name, value in params.items():
        if isinstance(value, str) and PurePath(value).is_absolute():
            inside = out is not None and PurePath(value).is_relative_to(out)
            where = PurePath(value).relative_to(out).as_posix() if inside else \
                f"…/{PurePath(value).name}"
            note = "within the report folder" if inside else \
                "outside the report folder: shown by its name"
            lines.append(f"{name} = {where!r}  # {note}")
        else:
            lines.append(f"{name} = {value!r}")
    return "\n".join(lines) + "\n"
