r"""The sentences parklens writes for people, in Chinese and English, from one catalogue.

Every topic (a module, a notebook) has a file ``messages/<topic>.yaml`` beside this module,
whose entries give each sentence in both languages::

    no_growth:
      zh: "该园区文件未披露增速。"
      en: "The park's documents state no growth rates."
    from_documents:
      zh: "来自 {n} 份文件"
      en: {one: "from {n} document", other: "from {n} documents"}

A message is named ``topic.key``. An English template may have a singular and a plural form,
chosen by the value ``n``. The templates ship with the package and are trusted; the values
put into them come from data and are escaped as Markdown by :func:`say` (text for a page) or
left as they are by :func:`text` (a chart title, a table header: no Markdown there).

>>> print(say("common.from_documents", "en", n=1))
from 1 document
>>> print(say("common.from_documents", "en", n=3))
from 3 documents
>>> print(say("common.sources", "zh", sources="<b>s000</b>"))
来源：&lt;b&gt;s000&lt;/b&gt;
>>> text("common.not_stated", "en")
'not stated'
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any

import yaml

from .markup import MarkdownText, md

__all__ = ["LANGS", "MessageError", "say", "text", "check", "topics"]

LANGS = ("zh", "en")
FOLDER = Path(__file__).with_name("messages")
_FORMS = ("one", "other")


class MessageError(KeyError):
    """A message that is not in the catalogue, or a catalogue entry that cannot be used."""

    def __str__(self) -> str:  # KeyError would show the text in quotes
        return str(self.args[0])


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _problems(topic: str, data: Any) -> list[str]:
    """What is wrong with one topic's entries, one line each (nothing: it can be used)."""
    if not isinstance(data, dict):
        return [f"{topic}: the file must map keys to {{zh: ..., en: ...}}"]
    out = []
    for key, entry in data.items():
        where = f"{topic}.{key}"
        if not isinstance(entry, dict) or set(entry) != set(LANGS):
            out.append(f"{where}: give exactly the languages {', '.join(LANGS)}")
            continue
        names = []
        for lang, value in entry.items():
            forms = value if isinstance(value, dict) else {"other": value}
            if not set(forms) <= set(_FORMS) or not all(isinstance(v, str) for v in
                                                        forms.values()):
                out.append(f"{where}.{lang}: a text, or {{one: ..., other: ...}}")
                continue
            try:
                names.extend(_placeholders(v) for v in forms.values())
            except ValueError as e:
                out.append(f"{where}.{lang}: {e}")
        if names and any(n != names[0] for n in names):
            out.append(f"{where}: the languages must use the same {{placeholders}}, "
                       f"not {' / '.join(sorted(map(str, map(sorted, names))))}")
    return out


def topics(folder: Path = FOLDER) -> list[str]:
    """The topics of the catalogue (the file names without ``.yaml``)."""
    return sorted(p.stem for p in folder.glob("*.yaml"))


@functools.cache
def _topic(name: str, folder: Path = FOLDER) -> dict[str, dict[str, Any]]:
    path = folder / f"{name}.yaml"
    if not name.isidentifier() or not path.is_file():
        raise MessageError(f"no message topic {name!r}: add {path}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = _problems(name, data)
    if problems:
        raise MessageError(f"{path}: " + "; ".join(problems))
    return data


def _template(key: str, lang: str, values: dict[str, Any]) -> str:
    if lang not in LANGS:
        raise MessageError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    topic, _, name = key.partition(".")
    entries = _topic(topic)
    if name not in entries:
        raise MessageError(f"no message {key!r}: add {name!r} to messages/{topic}.yaml")
    value = entries[name][lang]
    if isinstance(value, dict):
        value = value["one"] if values.get("n") == 1 and "one" in value else value["other"]
    return value


def say(key: str, lang: str, /, **values: Any) -> MarkdownText:
    """The message ``key`` in ``lang`` as Markdown, with ``values`` put in, each escaped."""
    return md(_template(key, lang, values), **values)


def text(key: str, lang: str, /, **values: Any) -> str:
    """The message ``key`` in ``lang`` as plain text (a chart title, a table header)."""
    return _template(key, lang, values).format(**values)


def check(folder: Path = FOLDER) -> list[str]:
    """Every problem of the catalogue in ``folder``, one line each (empty: all usable)."""
    out = []
    for name in topics(folder):
        try:
            data = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            out.append(f"{name}: not YAML ({e})")
            continue
        out.extend(_problems(name, data))
    return out
