"""Faults in a batch: a hanging notebook, a dying kernel, an output folder that cannot be
written. Each ends with a clear message, a non-zero exit and no half-written files."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from conftest import notebook_with, run_cli
from parklens import report
from parklens.export import write_text


def test_a_hanging_notebook_is_stopped_at_the_timeout(tmp_path):
    slow = notebook_with(tmp_path, "08_hangs", "import time; time.sleep(600)")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks", str(slow),
                  "02_growth_metrics", "--timeout", "40", "--jobs", "2", timeout=300)
    assert run.returncode == 1
    assert "timed out after 40 s" in run.stdout
    assert (out / "puyang" / "02_growth_metrics.html").is_file()
    assert not (out / "puyang" / "08_hangs.html").exists()
    assert not list(out.rglob("*.partial"))
    assert "timed out" in (out / "index.html").read_text(encoding="utf-8")


def test_a_dying_kernel_is_reported_and_keeps_its_copy(tmp_path):
    dies = notebook_with(tmp_path, "07_dies", "import os; os._exit(3)")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks", str(dies),
                  timeout=300)
    assert run.returncode == 1 and "Kernel died" in run.stdout
    assert (out / "puyang" / "07_dies.ipynb").is_file()
    assert (out / "puyang" / "07_dies.html").is_file()
    assert not list(out.rglob("*.partial"))


def test_an_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = run_cli("report", "--out", str(blocker / "reports"), "--parks", "puyang")
    assert run.returncode == 1
    assert "cannot write to" in run.stderr and "Fix:" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_full_disk_is_reported(tmp_path, monkeypatch):
    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    assert report.check_writable(tmp_path / "out") == "No space left on device"
    assert not list((tmp_path / "out").iterdir())


def test_finished_files_are_readable_by_others(tmp_path):
    path = write_text("x", tmp_path / "r.html")
    assert path.stat().st_mode & stat.S_IROTH
