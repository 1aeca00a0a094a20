"""The shape of the package: layers that import one way (import-linter's contract in
pyproject.toml), and no module reaching into another's private names."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parklens"

#: Private names still taken from another module: none are left (issue 12), and none may
#: be added.
KNOWN: set[tuple[str, str, str]] = set()


def test_the_layers_import_one_way():
    importlinter = pytest.importorskip("importlinter.cli")
    code = importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"),
                                     no_cache=True, no_logo=True)
    assert code == 0, "a module imports from a layer above its own: see the output above"


def _module_name(path: Path, root: Path) -> tuple[str, ...]:
    """The dotted name of ``path`` inside the package at ``root`` (``extract.reader``)."""
    parts = path.relative_to(root).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def _private_imports(path: Path, root: Path = PACKAGE):
    """(module, the module imported from, the private name) for each private name that
    ``path`` takes from another parklens module, by ``from .m import _x`` or ``m._x``, at any
    depth of the package (``from ..units import _x`` inside ``extract/``), modules named by
    their dotted path inside the package."""
    here = _module_name(path, root)
    # the package that a relative import of level 1 starts from
    package = here if path.name == "__init__.py" else here[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def resolved(level: int, module: str | None) -> tuple[str, ...]:
        base = package[:len(package) - (level - 1)] if level > 1 else package
        return base + tuple(module.split(".")) if module else base

    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            source = resolved(node.level, node.module)
            for a in node.names:
                if node.module is None or root.joinpath(*source, a.name + ".py").is_file() \
                        or root.joinpath(*source, a.name).is_dir():
                    # from . import m [as n], from .extract import reader: a module
                    aliases[a.asname or a.name] = ".".join(source + (a.name,))
                elif a.name.startswith("_"):   # from .m import a, _b
                    yield ".".join(here), ".".join(source), a.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            yield ".".join(here), aliases[node.value.id], node.attr


def test_no_module_takes_another_modules_private_names():
    found = {hit for path in sorted(PACKAGE.rglob("*.py"))
             for hit in _private_imports(path, PACKAGE)}
    assert found - KNOWN == set(), "use a public name, or move the function where both belong"
    assert KNOWN - found == set(), "an import went: remove it from KNOWN"


def test_the_private_name_finder_finds_both_forms(tmp_path):
    planted = tmp_path / "m.py"
    planted.write_text("from .units import _cached, parse\nfrom . import cache as c\n"
                       "c._folder('x')\nc.__name__\n", encoding="utf-8")
    assert set(_private_imports(planted, tmp_path)) == {("m", "units", "_cached"),
                                                        ("m", "cache", "_folder")}


def test_the_private_name_finder_looks_inside_subpackages(tmp_path):
    # a module of a subpackage taking a sibling's private name, or one from the package above
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "reader.py").write_text("", encoding="utf-8")
    planted = tmp_path / "extract" / "facts.py"
    planted.write_text("from .reader import _Drop, Reader\nfrom ..units import _cached\n"
                       "from .. import numerals\nnumerals._digits\n"
                       "from . import reader as r\nr._judge\n", encoding="utf-8")
    assert set(_private_imports(planted, tmp_path)) == {
        ("extract.facts", "extract.reader", "_Drop"), ("extract.facts", "units", "_cached"),
        ("extract.facts", "numerals", "_digits"), ("extract.facts", "extract.reader", "_judge")}


def test_a_planted_private_import_fails_the_check(tmp_path, monkeypatch):
    """The check itself, on a copy of the package with corpus taking a private name again."""
    import shutil

    copy = tmp_path / "parklens"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    corpus = copy / "corpus.py"
    corpus.write_text(corpus.read_text(encoding="utf-8") +
                      "\nfrom .extract.dates import _date\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", copy)
    with pytest.raises(AssertionError, match="use a public name"):
        test_no_module_takes_another_modules_private_names()
