"""The shape of the package: layers that import one way (import-linter's contract in
pyproject.toml), and no module reaching into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parklens"

#: Private names still taken from another module, each to go with the split of extract.py
#: into a package (issue 12): remove an entry when its import goes; add none.
KNOWN = {("corpus", "extract", "_as_date"), ("corpus", "extract", "_printed_date"),
         ("evaluate", "extract", "_printed_date")}


def test_the_layers_import_one_way():
    importlinter = pytest.importorskip("importlinter.cli")
    code = importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"),
                                     no_cache=True, no_logo=True)
    assert code == 0, "a module imports from a layer above its own: see the output above"


def _private_imports(path: Path):
    """(module, the module imported from, the private name) for each private name that
    ``path`` takes from another parklens module, by ``from .m import _x`` or ``m._x``."""
    here = path.stem
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:  # from .m import a, _b
                for a in node.names:
                    if a.name.startswith("_"):
                        yield here, node.module, a.name
            else:  # from . import m [as n]
                aliases.update({a.asname or a.name: a.name for a in node.names})
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            yield here, aliases[node.value.id], node.attr


def test_no_module_takes_another_modules_private_names():
    found = {hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _private_imports(path)}
    assert found - KNOWN == set(), "use a public name, or move the function where both belong"
    assert KNOWN - found == set(), "an import went: remove it from KNOWN"


def test_the_private_name_finder_finds_both_forms(tmp_path):
    planted = tmp_path / "m.py"
    planted.write_text("from .units import _cached, parse\nfrom . import cache as c\n"
                       "c._folder('x')\nc.__name__\n", encoding="utf-8")
    assert set(_private_imports(planted)) == {("m", "units", "_cached"), ("m", "cache", "_folder")}
