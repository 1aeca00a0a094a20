"""Faults and bad input end to end, as a user meets them: a batch stopped by SIGTERM or by a
disk that fills up mid-run, a 50 MB document, and document text in the HTML reports.

The faults of one notebook (raising, hanging, a dying kernel), Ctrl-C, an unwritable output
folder and bad data files are tested beside the code they concern (test_report,
test_notebooks, test_validate, test_extract)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, notebook_with

PARKLENS = [str(Path(sys.executable).with_name("parklens"))]


def parklens(*args: str, env: dict | None = None, timeout: float = 600):
    return subprocess.run(PARKLENS + list(args), capture_output=True, text=True,
                          timeout=timeout, env=env)


def processes_in(folder: Path) -> list[str]:
    """Command lines of the processes working in ``folder`` (a notebook's kernel runs in the
    notebook's folder): none may outlive a stopped run."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:  # gone, or not ours to look at
            continue
    return found


def wait_for(condition, timeout: float = 180, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


# --- a batch stopped from outside ------------------------------------------------------------

def test_sigterm_after_a_finished_report_keeps_it_and_a_rerun_completes(tmp_path):
    # Waits the first time it runs (the run is stopped there), not when run again.
    started = tmp_path / "started"
    waits = notebook_with(tmp_path, "08_waits_once",
                          f"import pathlib, time\nm = pathlib.Path({str(started)!r})\n"
                          "if not m.exists():\n    m.touch()\n    time.sleep(600)")
    out = tmp_path / "reports"
    cmd = ["report", "--out", str(out), "--parks", "puyang", "--notebooks",
           "02_growth_metrics", str(waits), "--jobs", "1"]
    proc = subprocess.Popen(PARKLENS + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for(started.exists, what="the second notebook to start")
        kernels = processes_in(tmp_path)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=120)
    assert (out / "puyang" / "02_growth_metrics.html").is_file()  # finished before the stop
    assert proc.returncode == 130, stderr[-2000:]
    assert "Interrupted: finished reports are kept, no partial files are left; run the same " \
           "command again" in stderr
    assert "Traceback" not in stderr
    assert re.search(r"ok +puyang +02_growth_metrics", stdout)
    assert re.search(r"INTERRUPTED +puyang +08_waits_once", stdout)
    assert not list(out.rglob("*.partial"))
    assert not (out / "puyang" / "08_waits_once.html").exists()
    assert not (out / "puyang" / "08_waits_once.ipynb").exists()
    if sys.platform == "linux":  # seen through /proc: the kernel ran, and is gone
        assert kernels
        wait_for(lambda: not processes_in(tmp_path), 10, "the stopped kernel to go")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "1 of 2 reports finished; run interrupted before it finished" in index
    assert "href='puyang/02_growth_metrics.html'" in index
    assert "<td class='interrupted'>interrupted</td>" in index

    rerun = parklens(*cmd)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-2000:]
    assert (out / "puyang" / "08_waits_once.html").is_file()
    assert "2 of 2 reports finished; run complete" in (out / "index.html").read_text(
        encoding="utf-8")
    assert not list(out.rglob("*.partial"))


# --- a disk that fills up mid-run ------------------------------------------------------------

# Loaded by every Python process of the run (the command, each notebook's worker, each kernel)
# through PYTHONPATH: once the flag file exists, a file opened for writing under the output
# folder takes its first bytes and then fails with ENOSPC, as on a disk that has just filled.
FULL_DISK = '''
import builtins, errno, io, os

_OUT = os.path.realpath(os.environ["PARKLENS_TEST_FULL_OUT"]) + os.sep
_FLAG = os.environ["PARKLENS_TEST_FULL_FLAG"]
_open = io.open


class _Filling(io.RawIOBase):
    def __init__(self, fd):
        self.fd, self.room = fd, 100

    def writable(self):
        return True

    def fileno(self):
        return self.fd

    def write(self, b):
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = os.write(self.fd, bytes(b)[:self.room])
        self.room -= n
        return n

    def close(self):
        if not self.closed:
            os.close(self.fd)
            super().close()


def _full_open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,
               closefd=True, opener=None):
    if isinstance(file, (str, os.PathLike)) and set(mode) & set("wax+") \\
            and os.path.exists(_FLAG) and os.path.realpath(file).startswith(_OUT):
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
        buf = io.BufferedWriter(_Filling(os.open(file, flags, 0o666)))
        if "b" in mode:
            return buf
        return io.TextIOWrapper(buf, encoding=encoding or "utf-8", errors=errors,
                                newline=newline)
    return _open(file, mode, buffering, encoding, errors, newline, closefd, opener)


builtins.open = io.open = _full_open
'''


def readable(path: Path) -> bool:
    """Whether a finished output file is whole."""
    import nbformat
    import pandas as pd

    try:
        if path.suffix == ".ipynb":
            nbformat.read(path, as_version=4)
        elif path.suffix == ".csv":
            pd.read_csv(path, encoding="utf-8-sig")
        elif path.suffix == ".html":
            return path.read_text(encoding="utf-8").rstrip().endswith("</html>")
        elif path.suffix == ".png":
            return path.read_bytes()[-8:] == b"IEND\xaeB`\x82"
    except Exception:
        return False
    return True


@pytest.fixture(scope="module")
def filled_disk(tmp_path_factory):
    """02_growth_metrics finishes; then the disk fills while the next notebook runs (it sets
    the flag right after its setup cell); then the same command runs again on a freed disk."""
    tmp = tmp_path_factory.mktemp("full")
    site = tmp / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(FULL_DISK, encoding="utf-8")
    out, flag = tmp / "reports", tmp / "disk-is-full"
    fills = notebook_with(tmp, "09_fills_disk", f"import pathlib\npathlib.Path({str(flag)!r}).touch()")
    cmd = ["report", "--out", str(out), "--parks", "puyang", "--notebooks", "02_growth_metrics",
           str(fills), "--jobs", "1"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(site)] + [p for p in [os.environ.get("PYTHONPATH")] if p]),
        PARKLENS_TEST_FULL_OUT=str(out), PARKLENS_TEST_FULL_FLAG=str(flag))
    full = parklens(*cmd, env=env)
    assert flag.exists(), "the disk filled up during the run"
    files = {p.relative_to(out).as_posix(): readable(p) for p in out.rglob("*") if p.is_file()}
    rerun = parklens(*cmd)
    return full, files, rerun, out


def test_a_full_disk_stops_with_one_clear_line_and_keeps_what_finished(filled_disk):
    full, files, _, _ = filled_disk
    assert full.returncode == 1
    said = full.stdout + full.stderr
    assert "Traceback" not in said
    lines = [ln for ln in full.stderr.splitlines() if "No space left on device" in ln]
    assert lines == [f"parklens report: could not write {filled_disk[3] / 'index.html'} (No "
                     "space left on device); the reports that finished are in place"]
    assert not [f for f in files if f.endswith(".partial")]
    finished = [f for f in files if f.startswith("puyang/02_growth_metrics")]
    assert {"puyang/02_growth_metrics.html", "puyang/02_growth_metrics.ipynb",
            "puyang/02_growth_metrics/growth.csv"} <= set(finished)
    assert all(files[f] for f in finished), files  # intact


@pytest.mark.xfail(strict=True, reason="report._run_one keeps a notebook copy cut short by the "
                   "full disk and reports the JSON error it causes; fix described in the "
                   "fault-tests report (keep the copy only if nbformat can read it; print "
                   "'cannot write the report into OUT/: No space left on device')")
def test_a_full_disk_leaves_no_half_written_file_and_names_the_problem(filled_disk):
    full, files, _, _ = filled_disk
    assert all(files.values()), [f for f, ok in files.items() if not ok]
    assert re.search(r"FAILED +puyang +09_fills_disk .*No space left on device", full.stdout), \
        full.stdout


def test_after_a_full_disk_the_same_command_completes(filled_disk):
    _, _, rerun, out = filled_disk
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-2000:]
    assert readable(out / "puyang" / "09_fills_disk.html")
    assert "2 of 2 reports finished; run complete" in (out / "index.html").read_text(
        encoding="utf-8")
    assert not list(out.rglob("*.partial"))
