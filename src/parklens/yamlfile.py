"""Safe YAML reading that remembers where every value stood.

Data files are read with PyYAML's safe loader (no object construction from tags such as
``!!python/object``), aliases are refused (they buy nothing in hand-edited data and open the
door to "billion laughs" expansion), duplicate keys are reported instead of silently keeping
the last one, and every value's line is kept so that a problem can be reported at its line.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

__all__ = ["Problem", "ProblemList", "YamlDocument", "read_yaml", "brief"]

Path_ = tuple[Any, ...]

#: Deeper nesting is refused: the deepest value of a park file sits 4 levels down
#: (policies[0].parts[0].key), so 20 leaves room and keeps every walk over a document short.
MAX_DEPTH = 20

_brief = reprlib.Repr()
_brief.maxstring = _brief.maxother = 120
_brief.maxlevel = 2
_brief.maxlist = _brief.maxdict = _brief.maxtuple = 4


def brief(value: Any) -> str:
    """A repr of a value from a data file short enough for a one-line message (a value can
    be a megabyte of text or a structure nested hundreds of levels deep)."""
    return _brief.repr(value)


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


class ProblemList(list):
    """The problems of a dataset: the first ``limit`` are kept, the rest only counted, so a
    file with a hundred thousand mistakes neither floods the terminal nor fills the memory.
    ``total`` is the number found."""

    def __init__(self, items: Iterable[Problem] = (), limit: int = 200):
        super().__init__()
        self.limit = limit
        self.omitted = 0
        self.extend(items)

    @property
    def total(self) -> int:
        return len(self) + self.omitted

    @property
    def full(self) -> bool:
        """True once more problems would only be counted (costly hints can be skipped)."""
        return len(self) >= self.limit

    def append(self, problem: Problem) -> None:
        if self.full:
            self.omitted += 1
        else:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)
        self.omitted += getattr(problems, "omitted", 0)

    def __iadd__(self, problems: Iterable[Problem]) -> "ProblemList":
        self.extend(problems)
        return self


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


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


class _LocatedConstruction:
    """A value the safe constructor cannot build (an unquoted ``2020-13-45`` is resolved as
    a date and fails in ``datetime``; ``!!int abc``) becomes a YAML error at its node's line
    instead of a bare ValueError."""

    def construct_object(self, node, deep=False):  # noqa: D401 - PyYAML hook
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as e:
            kind = node.tag.rsplit(":", 1)[-1].replace("timestamp", "date")
            what = f"{brief(node.value)} is not a valid {kind}" if isinstance(
                node, yaml.ScalarNode) else f"a {kind} that cannot be built"
            detail = f" ({e})" if isinstance(e, ValueError) and str(e) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"{what}{detail}", node.start_mark) from None


class _PyLoader(_LocatedConstruction, yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None,
                "aliases (*name) are not allowed in parklens data files; write the value out",
                event.start_mark)
        # the pure-Python composer recurses: stop before Python's own recursion limit
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml's parser is several times faster and gives the same nodes and marks; aliases are
# then caught in _walk (an alias is the same node object met twice).
if hasattr(yaml, "CSafeLoader"):
    class _CLoader(_LocatedConstruction, yaml.CSafeLoader):
        pass

    _Loader = _CLoader
else:
    _Loader = _PyLoader


class _AliasFound(Exception):
    def __init__(self, line: int | None):
        self.line = line


def format_where(loc: Path_) -> str:
    out = ""
    for part in loc:
        if not isinstance(part, int):
            part = str(part) if len(str(part)) <= 40 else str(part)[:40] + "…"  # a key can be huge
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _walk(root: yaml.Node, doc: YamlDocument, problems: list[Problem]) -> None:
    """Record the line of every key and item, report duplicate keys, and refuse aliases and
    nesting deeper than MAX_DEPTH. A loop, not a recursion: a file nested 998 levels deep
    (libyaml's own limit is 1000) must be a located problem, not a RecursionError."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:  # an alias: the composer handed the same node out again
            raise _AliasFound(doc.line(loc))
        seen.add(id(node))
        doc.lines.setdefault(loc, node.start_mark.line + 1)
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1)
        children: list[tuple[yaml.Node, Path_]] = []
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                line = key_node.start_mark.line + 1
                if key in keys:
                    problems.append(Problem(
                        doc.display, line, format_where(loc + (key,)),
                        f"duplicate key {brief(key)} (first at line {keys[key]}); YAML would "
                        "silently keep only the last one", "merge the two entries or rename one"))
                keys[key] = line
                doc.lines[loc + (key,)] = line
                children.append((value_node, loc + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, loc + (i,)) for i, item in enumerate(node.value)]
        stack.extend(reversed(children))  # document order, so the first duplicate is first


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
        _walk(node, doc, problems)
        doc.data = loader.construct_document(node)
    except _TooDeep as e:
        return None, [Problem(display, e.line, "",
                              f"values nested more than {MAX_DEPTH} levels deep",
                              "park and vocabulary files nest a few levels at most: "
                              "close the brackets or fix the indentation")]
    except _AliasFound as e:
        return None, [Problem(display, e.line, "",
                              "aliases (*name) are not allowed in parklens data files",
                              "write the value out instead of referring to an anchor")]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        msg = e.problem or str(e)
        if len(msg) > 300:  # a message can quote a whole value or tag of the file
            msg = msg[:300] + "…"
        if e.context and e.context_mark and e.context_mark is not mark:
            msg += f" ({e.context} at line {e.context_mark.line + 1})"
        lines = text.splitlines()
        if "alias" in msg:
            msg, fix = ("aliases (*name) are not allowed in parklens data files",
                        "write the value out instead of referring to an anchor")
            return None, [Problem(display, line, "", msg, fix)]
        if "\\t" in str(e) or (line and line <= len(lines) and "\t" in lines[line - 1]):
            fix = "indent with spaces, not tabs"
        elif " is not a valid " in msg:
            fix = ("write a real value (a date as YYYY-MM-DD), or put the text in double "
                   "quotes")
        elif "could not determine a constructor" in str(e):
            fix = "remove the tag: data files hold plain values only"
        else:
            fix = "correct the YAML syntax at that line (indentation, quotes, colons)"
        return None, [Problem(display, line, "", f"invalid YAML: {msg}", fix)]
    except yaml.reader.ReaderError as e:  # a character YAML does not allow (NUL, C0 controls)
        # libyaml counts bytes of UTF-8 and gives the character as a number; PyYAML, str
        if isinstance(e.character, int):
            line = text.encode("utf-8")[: e.position].count(b"\n") + 1
            char = chr(e.character)
        else:
            line, char = text[: e.position].count("\n") + 1, e.character
        return None, [Problem(display, line, "",
                              f"invalid YAML: character {char!r} is not allowed",
                              "remove the control character (the file may not be text)")]
    except yaml.YAMLError as e:
        return None, [Problem(display, 1, "", f"invalid YAML: {brief(str(e))}",
                              "correct the YAML syntax")]
    finally:
        loader.dispose()
    return doc, problems
