"""Safe YAML reading that remembers where every value stood.

Data files are read with PyYAML's safe loader (no object construction from tags such as
``!!python/object``), aliases are refused (they buy nothing in hand-edited data and open the
door to "billion laughs" expansion), duplicate keys are reported instead of silently keeping
the last one, and every value's line is kept so that a problem can be reported at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Problem", "YamlDocument", "read_yaml"]

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where it is, what is wrong and how to fix it."""

    file: str
    line: int | None
    where: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{loc}:{where} {self.message}.{fix}"


@dataclass
class YamlDocument:
    """The parsed content of a YAML file plus the line of every mapping key and list item."""

    path: Path
    display: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, loc: Path_) -> int | None:
        """The line of ``loc`` or, if it is absent (a missing field), of its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class _PyLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None,
                "aliases (*name) are not allowed in parklens data files; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)


# libyaml's parser is several times faster and gives the same nodes and marks; aliases are
# then caught in _walk (an alias is the same node object met twice).
_Loader = getattr(yaml, "CSafeLoader", None) or _PyLoader


class _AliasFound(Exception):
    def __init__(self, line: int | None):
        self.line = line


def format_where(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk(node: yaml.Node, loc: Path_, doc: YamlDocument, problems: list[Problem],
          seen: set[int] | None = None) -> None:
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias: the composer handed the same node out again
        raise _AliasFound(doc.line(loc))
    seen.add(id(node))
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key in keys:
                problems.append(Problem(
                    doc.display, line, format_where(loc + (key,)),
                    f"duplicate key {key!r} (first at line {keys[key]}); YAML would silently "
                    "keep only the last one", "merge the two entries or rename one"))
            keys[key] = line
            doc.lines[loc + (key,)] = line
            _walk(value_node, loc + (key,), doc, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, loc + (i,), doc, problems, seen)


def read_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file safely. Returns the document (None if it cannot be read) and the
    problems found; never raises for bad content."""
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, [Problem(display, None, "", f"cannot read the file ({e.strerror})",
                              "check that the file exists and is readable")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [Problem(display, line, "", "the file is not UTF-8 text",
                              "save it as UTF-8 (e.g. iconv -f GBK -t UTF-8)")]
    doc = YamlDocument(path, display, None)
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display, 1, "", "the file is empty",
                                  "write the content described in data/README.md")]
        _walk(node, (), doc, problems)
        doc.data = loader.construct_document(node)
    except _AliasFound as e:
        return None, [Problem(display, e.line, "",
                              "aliases (*name) are not allowed in parklens data files",
                              "write the value out instead of referring to an anchor")]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        msg = e.problem or str(e)
        if e.context and e.context_mark and e.context_mark is not mark:
            msg += f" ({e.context} at line {e.context_mark.line + 1})"
        lines = text.splitlines()
        if "alias" in msg:
            msg, fix = ("aliases (*name) are not allowed in parklens data files",
                        "write the value out instead of referring to an anchor")
            return None, [Problem(display, line, "", msg, fix)]
        if "\\t" in str(e) or (line and line <= len(lines) and "\t" in lines[line - 1]):
            fix = "indent with spaces, not tabs"
        elif "could not determine a constructor" in str(e):
            fix = "remove the tag: data files hold plain values only"
        else:
            fix = "correct the YAML syntax at that line (indentation, quotes, colons)"
        return None, [Problem(display, line, "", f"invalid YAML: {msg}", fix)]
    except yaml.YAMLError as e:
        return None, [Problem(display, None, "", f"invalid YAML: {e}",
                              "correct the YAML syntax")]
    finally:
        loader.dispose()
    return doc, problems
