"""Hostile text in the data never runs in a report page.

A data folder gets a payload in every text field of every file type (park files, the
vocabularies, a theme lexicon for notebook 03), each field its own payload, so that a failure
names the field. Every notebook runs on it in Chinese and in English and is exported to HTML
as ``parklens report`` does; the pages must hold no live tag, handler or ``javascript:`` link
from a payload, and the payloads must show as text.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))

# Free-text fields of a park file (everything else is an id, a code, a date or a figure that
# must parse). Quotes are handled apart: the document must contain them.
PARK_TEXT = {"name_zh", "name_en", "short_zh", "province", "city", "title", "outlet",
             "date_note", "note", "scope", "name_stated", "name", "text"}
PARK_TEXT_LISTS = {"aliases"}
# Four kinds of attack: a script element, an event handler, a Markdown link and image.
FORMS = ("<script>alert('{tag}')</script>", "<img src=x onerror=alert('{tag}')>",
         "[{tag}](javascript:alert('{tag}'))", "![{tag}](javascript:alert('{tag}'))")
TAG = re.compile(r"XSS\d{3}X")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class Payloads:
    """One payload per field: ``tag -> (field, payload)``."""

    def __init__(self):
        self.fields: dict[str, tuple[str, str]] = {}
        self._by_field: dict[str, str] = {}
        self._forms = itertools.cycle(FORMS)

    def __call__(self, field: str) -> str:
        if field not in self._by_field:
            tag = f"XSS{len(self.fields):03d}X"
            payload = next(self._forms).format(tag=tag)
            self.fields[tag] = (field, payload)
            self._by_field[field] = payload
        return self._by_field[field]

    def field_of(self, name: str) -> str:
        """The tag of a field, by its name."""
        return next(t for t, (f, _) in self.fields.items() if f == name)


def _dump(data, path: Path) -> None:
    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    path.write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def _poison_park(node, path: str, payload: Payloads, quotes: list[tuple[str, str]]):
    """Append a payload to every free-text field of a park file, in place; a quote keeps its
    words and gets the payload after them, and is listed in ``quotes`` as (source, quote)
    so that its document can be given the same text."""
    if isinstance(node, list):
        for item in node:
            _poison_park(item, path, payload, quotes)
        return
    if not isinstance(node, dict):
        return
    if "source" in node and "quote" in node:  # a cite
        node["quote"] = node["quote"] + payload(f"{path}.quote")
        quotes.append((node["source"], node["quote"]))
    for key, value in node.items():
        if path == "catalogue" and key == "name_zh":
            continue  # must be the catalogue's own name of the zone (validate checks it)
        if key in PARK_TEXT and isinstance(value, str):
            node[key] = value + payload(f"{path}.{key}")
        elif key in PARK_TEXT_LISTS and isinstance(value, list):
            node[key] = [v + payload(f"{path}.{key}") for v in value]
        elif isinstance(value, (dict, list)):
            _poison_park(value, f"{path}.{key}", payload, quotes)


def _poison_labels(node, path: str, payload: Payloads):
    """Append a payload to every zh/en label of a vocabulary, in place."""
    if isinstance(node, list):
        for item in node:
            _poison_labels(item, path, payload)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("zh", "en", "note") and isinstance(value, str):
                node[key] = value + payload(f"{path}.{key}")
            elif isinstance(value, (dict, list)):  # one payload per file and key, not entry
                _poison_labels(value, path, payload)


def hostile_data(data_dir: Path, payload: Payloads) -> Path:
    """Poison the data folder ``data_dir`` in place; returns the path of a hostile lexicon."""
    root = data_dir.parent
    sources: dict[str, str] = {}
    quotes: list[tuple[str, str]] = []
    for park_file in sorted((data_dir / "parks").glob("*.yaml")):
        data = yaml.safe_load(park_file.read_text(encoding="utf-8"))
        sources.update({s["id"]: s["file"] for s in data["sources"]})
        for section, content in data.items():
            _poison_park(content, section, payload, quotes)
        _dump(data, park_file)
    by_file = defaultdict(list)
    for source, quote in quotes:
        by_file[sources[source]].append(quote)
    for file, added in by_file.items():
        doc = root / file
        doc.write_text(doc.read_text(encoding="utf-8") + "\n" + "\n".join(added) + "\n",
                       encoding="utf-8")
    for vocab in ("indicators", "industries", "themes", "terms", "policy_tools"):
        path = data_dir / "vocab" / f"{vocab}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, entry in data.items():
            # terms.yaml groups its codes (park_type, level, status, ...): one payload each
            field = f"vocab.{vocab}.{key}" if vocab == "terms" else f"vocab.{vocab}"
            _poison_labels(entry, field, payload)
        _dump(data, path)
    lexicon = yaml.safe_load((ROOT / "data" / "vocab" / "themes.yaml").read_text(encoding="utf-8"))
    for entry in lexicon.values():
        for lang in ("zh", "en"):
            entry[lang] += payload(f"lexicon.{lang}")
    _dump(lexicon, root / "lexicon.yaml")
    return root / "lexicon.yaml"


class Page(HTMLParser):
    """What a browser would make live in a page, and the text it would show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and TAG.search(value):
                self.live.append(f"<{tag} {name}={value!r}>")
            # a URL whose scheme is javascript: (browsers skip white space and controls
            # before it); "#...javascript:..." is an anchor on the page, not a script
            if name in URL_ATTRIBUTES and re.sub(r"[\x00-\x20]", "", value).lower().startswith(
                    "javascript:"):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
        if tag == "img" and ("src", "x") in attrs:
            self.live.append(f"<img {attrs}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            if TAG.search(data):
                self.live.append(f"<script>{data}</script>")
        else:
            self.text.append(data)


def _report_page(notebook: Path, out: Path, **parameters) -> str:
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter

    executed = out / f"{notebook.stem}.{parameters['lang']}.ipynb"
    pm.execute_notebook(str(notebook), str(executed), parameters=parameters,
                        cwd=str(notebook.parent), progress_bar=False)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(
        nbformat.read(executed, as_version=4))
    return body


#: Fields the issue names, that every report run must show as text somewhere.
MUST_SHOW = ["park.name_zh", "park.name_en", "park.short_zh", "park.city", "park.province",
             "vocab.industries.zh", "vocab.industries.en", "vocab.indicators.zh",
             "vocab.indicators.en", "vocab.terms.park_type.zh", "vocab.terms.park_type.en",
             "lexicon.zh", "lexicon.en", "vocab.policy_tools.zh", "vocab.policy_tools.en",
             "sources.title", "sources.outlet",
             "metrics.cites.quote", "enterprises.name_zh", "projects.name_zh", "policies.name"]


def test_no_payload_runs_in_any_report_page(data_copy, tmp_path):
    payload = Payloads()
    lexicon = hostile_data(data_copy, payload)
    import parklens as pl

    pl.load(data_copy)  # the hostile data is still a valid dataset
    shown: set[str] = set()
    problems = []
    for notebook, lang in itertools.product(NOTEBOOKS, ("zh", "en")):
        params = {"park_id": "guanzhuang" if notebook.stem.startswith("04") else "all",
                  "lang": lang, "data_dir": str(data_copy)}
        if notebook.stem.startswith("03"):
            params["lexicon"] = str(lexicon)
        page = Page()
        page.feed(_report_page(notebook, tmp_path, **params))
        where = f"{notebook.stem} ({lang})"
        problems += [f"{where}: live {x} from {payload.fields[TAG.search(x).group()][0]}"
                     if TAG.search(x) else f"{where}: live {x}" for x in page.live]
        text = "".join(page.text)
        shown |= {tag for tag, (_, p) in payload.fields.items() if p in text}
    assert not problems, "\n".join(dict.fromkeys(problems))
    missing = [f for f in MUST_SHOW if payload.field_of(f) not in shown]
    assert not missing, f"payloads not shown as text: {missing}"
