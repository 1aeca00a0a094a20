"""The mutation driver's own plumbing (tests/mutation.py): what it scores and how it runs."""

from __future__ import annotations

import fnmatch
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import mutation  # noqa: E402


def test_the_copy_runs_its_tests_in_one_process(tmp_path):
    # pytest-xdist's workers would run the tests out of mutmut's sight: every mutant would
    # be reported as reached by no test
    copy = tmp_path / "pyproject.toml"
    copy.write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    mutation._one_process(copy)
    addopts = tomllib.loads(copy.read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["addopts"]
    assert "-n" not in addopts.split() and "--dist" not in addopts
    assert "--doctest-modules" in addopts          # the rest of the options is kept


def test_a_module_is_scored_on_its_own_mutants_only():
    whole = mutation._globs("numerals", {"tests": []})
    assert any(fnmatch.fnmatchcase("parklens.numerals.x_read__mutmut_3", g) for g in whole)
    assert not any(fnmatch.fnmatchcase("parklens.units.x_read__mutmut_3", g) for g in whole)
    some = mutation._globs("dataset", {"tests": [], "functions": ["Dataset.conflicts", "_same_value"]})
    assert any(fnmatch.fnmatchcase("parklens.dataset.xǁDatasetǁconflicts__mutmut_1", g) for g in some)
    assert any(fnmatch.fnmatchcase("parklens.dataset.x__same_value__mutmut_9", g) for g in some)
    assert not any(fnmatch.fnmatchcase("parklens.dataset.x_load__mutmut_1", g) for g in some)


def test_every_module_of_the_table_names_tests_that_exist():
    for module, spec in mutation._modules().items():
        files = [t for t in spec["tests"] if t.startswith("tests/")]
        assert files, module
        for name in files:
            assert (ROOT / name.split("::")[0]).is_file(), (module, name)
