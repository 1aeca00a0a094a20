"""Shared fixtures: the bundled dataset and a writable copy of it for bad-input tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import parklens as pl

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def ds() -> pl.Dataset:
    return pl.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ and seeds/ laid out as a project: returns the copied data dir."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "data"


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed command line as a user would."""
    exe = Path(sys.executable).with_name("parklens")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "parklens.cli"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout)
