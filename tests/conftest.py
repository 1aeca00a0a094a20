"""Shared fixtures: the bundled dataset and a writable copy of it for bad-input tests."""

from __future__ import annotations

import atexit
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import settings

import parklens as pl

# No per-example deadline: the cores are shared (with the other test worker, a mutation run,
# a busy CI machine), and a slow example is no wrong answer. Linear cost has tests of its own.
settings.register_profile("shared-cores", deadline=None)
settings.load_profile("shared-cores")

ROOT = Path(__file__).resolve().parents[1]

# The tests (and the notebooks they run) use a dataset cache of their own, not the user's.
if "PARKLENS_CACHE_DIR" not in os.environ:
    os.environ["PARKLENS_CACHE_DIR"] = tempfile.mkdtemp(prefix="parklens-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PARKLENS_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _cold_caches_under_mutation():
    """Under mutation testing (tests/mutation.py) each test starts with empty in-process
    caches: mutmut runs every mutant in a process forked from one that has already run the
    tests, so an answer cached by the unmutated code would hide the planted bug."""
    if "MUTANT_UNDER_TEST" in os.environ:
        for name, module in list(sys.modules.items()):
            if name == "parklens" or name.startswith("parklens."):
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()
    yield


@pytest.fixture(scope="session")
def ds() -> pl.Dataset:
    return pl.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ and seeds/ laid out as a project: returns the copied data dir."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "data"


def notebook_with(tmp_path: Path, name: str, code: str) -> Path:
    """A copy of notebook 02 with ``code`` run right after its setup cell."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "02_growth_metrics.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(code))
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def as_in_a_terminal() -> None:
    """For a ``Popen`` that a test will Ctrl-C: give the child the default SIGINT handling a
    command typed in a terminal has. A test run started in the background (``cmd &``) ignores
    SIGINT, and children inherit that, so the Ctrl-C would never arrive."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed command line as a user would."""
    exe = Path(sys.executable).with_name("parklens")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "parklens.cli"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def notebook_timeout(tmp_path_factory) -> int:
    """A ``--timeout`` (whole seconds) that a stand-in notebook (``synthetic.small_notebook``)
    meets with room to spare on this machine as loaded now, and that a hanging one reaches
    soon: five times what one takes here (kernel start, run, export), at least 3 s. The
    fault tests wait out their timeouts: a fixed one would be too long on a quiet machine
    and too short on a loaded one."""
    from synthetic import small_notebook
    from parklens.report import execute

    folder = tmp_path_factory.mktemp("timing")
    quick = small_notebook(folder, "quick", "print('quick')")
    start = time.monotonic()
    assert execute(quick, "puyang", folder / "out") is None
    return max(3, math.ceil(5 * (time.monotonic() - start)))
