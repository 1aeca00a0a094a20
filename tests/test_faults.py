"""Faults and bad input end to end, as a user meets them: a batch stopped by SIGTERM, by
``kill -9`` or by a disk that fills up mid-run, two batches into one folder, a long document,
and document text in the HTML reports.

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

import psutil
import pytest

from conftest import ROOT
from synthetic import small_notebook, writing_notebook

PARKLENS = [str(Path(sys.executable).with_name("parklens"))]


def parklens(*args: str, env: dict | None = None, timeout: float = 600):
    return subprocess.run(PARKLENS + list(args), capture_output=True, text=True,
                          timeout=timeout, env=env)


def processes_in(folder: Path) -> list[str]:
    """Command lines of the processes working in ``folder`` (a notebook's kernel runs in the
    notebook's folder): none may outlive a stopped run."""
    found = []
    for proc in psutil.process_iter():
        try:
            if not gone(proc) and Path(proc.cwd()).is_relative_to(folder):
                found.append(" ".join(proc.cmdline()))
        except (psutil.Error, OSError):  # gone, or not ours to look at
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
    first = small_notebook(tmp_path, "07_first", "print('first')")
    waits = small_notebook(tmp_path, "08_waits_once",
                           f"import pathlib, time\nm = pathlib.Path({str(started)!r})\n"
                           "if not m.exists():\n    m.touch()\n    time.sleep(600)")
    out = tmp_path / "reports"
    cmd = ["report", "--out", str(out), "--parks", "puyang", "--notebooks",
           str(first), str(waits), "--jobs", "1"]
    proc = subprocess.Popen(PARKLENS + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for(started.exists, what="the second notebook to start")
        kernels = processes_in(tmp_path)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=120)
    assert (out / "puyang" / "07_first.html").is_file()  # finished before the stop
    assert proc.returncode == 130, stderr[-2000:]
    assert "Interrupted: finished reports are kept, no partial files are left; run the same " \
           "command again" in stderr
    assert "Traceback" not in stderr
    assert re.search(r"ok +puyang +07_first", stdout)
    assert re.search(r"INTERRUPTED +puyang +08_waits_once", stdout)
    assert not list(out.rglob("*.partial"))
    assert not (out / "puyang" / "08_waits_once.html").exists()
    assert not (out / "puyang" / "08_waits_once.ipynb").exists()
    assert kernels  # the kernel ran, and is gone
    wait_for(lambda: not processes_in(tmp_path), 10, "the stopped kernel to go")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "1/2 份报告完成；运行未完成即中断" in index
    assert "href='puyang/07_first.html'" in index
    assert "<td class='interrupted'>已中断</td>" in index

    rerun = parklens(*cmd)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-2000:]
    assert (out / "puyang" / "08_waits_once.html").is_file()
    assert "2/2 份报告完成；运行已完成" in (out / "index.html").read_text(
        encoding="utf-8")
    assert not list(out.rglob("*.partial"))


# --- a batch killed with kill -9, and two batches into one folder ---------------------------------

def files_in(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def gone(proc: psutil.Process) -> bool:
    try:  # a zombie has ended; it waits only for a parent to read its exit status
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def start_sleeping_batch(tmp_path: Path, out: Path, seconds: float):
    """A batch of one stand-in notebook that says when its kernel runs, sleeps ``seconds``
    and then ends normally (its report would then be written); returns the command's process
    once the kernel runs, with every process under it."""
    started = tmp_path / "kernel-started"
    sleeps = small_notebook(tmp_path, "sleeps", f"import pathlib, time\n"
                            f"pathlib.Path({str(started)!r}).touch()\ntime.sleep({seconds})")
    proc = subprocess.Popen(PARKLENS + ["report", "--out", str(out), "--parks", "puyang",
                                        "--notebooks", str(sleeps), "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(started.exists, what="the stand-in notebook's kernel to run")
    return proc, psutil.Process(proc.pid).children(recursive=True)


def test_after_kill_9_no_notebook_process_or_kernel_remains_or_writes(tmp_path):
    out = tmp_path / "reports"
    proc, children = start_sleeping_batch(tmp_path, out, 2)
    commands = [" ".join(c.cmdline()) for c in children]
    assert any("_serve" in c for c in commands) and any("ipykernel" in c for c in commands), \
        commands
    before = files_in(out)
    proc.kill()
    proc.wait()
    wait_for(lambda: all(gone(c) for c in children), 5, "the worker and its kernel to end")
    time.sleep(5)  # past the notebook's end: a surviving worker would write its report now
    assert files_in(out) == before
    assert not (out / "puyang" / "sleeps.html").exists()
    # the killed run's lock is released with it: the next run into the folder goes ahead
    quick = small_notebook(tmp_path, "quick", "print('quick')")
    rerun = parklens("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                     str(quick), "--jobs", "1", timeout=120)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert (out / "puyang" / "quick.html").is_file()


def test_a_second_batch_into_the_same_folder_refuses_and_names_the_first(tmp_path):
    out = tmp_path / "reports"
    first, _ = start_sleeping_batch(tmp_path, out, 600)
    try:
        before = files_in(out)
        second = parklens("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                          "02_growth_metrics", timeout=120)
        assert files_in(out) == before  # the second wrote nothing, not even its index
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr and "Running" not in second.stderr
    assert f"another parklens report (pid {first.pid} on " in second.stderr
    assert f"is writing into {out}/" in second.stderr and "Fix:" in second.stderr


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
    """A stand-in notebook that writes a table and a chart finishes; then the disk fills while
    the next one runs (it sets the flag, then writes its own); then the same command runs
    again on a freed disk."""
    tmp = tmp_path_factory.mktemp("full")
    site = tmp / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(FULL_DISK, encoding="utf-8")
    out, flag = tmp / "reports", tmp / "disk-is-full"
    writes = writing_notebook(tmp, "08_writes")
    fills = writing_notebook(tmp, "09_fills_disk",
                             before=f"import pathlib\npathlib.Path({str(flag)!r}).touch()")
    cmd = ["report", "--out", str(out), "--parks", "puyang", "--notebooks", str(writes),
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
    finished = [f for f in files if f.startswith("puyang/08_writes")]
    assert {"puyang/08_writes.html", "puyang/08_writes.ipynb", "puyang/08_writes/growth.csv",
            "puyang/08_writes/growth.png"} <= set(finished)
    assert all(files[f] for f in finished), files  # intact


def test_a_full_disk_leaves_no_half_written_file_and_names_the_problem(filled_disk):
    full, files, _, _ = filled_disk
    assert all(files.values()), [f for f, ok in files.items() if not ok]
    assert re.search(r"FAILED +puyang +09_fills_disk .*No space left on device", full.stdout), \
        full.stdout


def test_after_a_full_disk_the_same_command_completes(filled_disk):
    _, _, rerun, out = filled_disk
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-2000:]
    assert readable(out / "puyang" / "09_fills_disk.html")
    assert "2/2 份报告完成；运行已完成" in (out / "index.html").read_text(
        encoding="utf-8")
    assert not list(out.rglob("*.partial"))


# --- a long document: memory that grows with the document, and no faster ---------------------

def _extract_peak(doc: Path, table: Path) -> tuple[int, int, str]:
    """Run ``parklens extract doc`` (its table into ``table``) in a process of its own, which
    reports the peak memory of its child; returns (exit code, peak RSS in kB, stderr)."""
    probe = ("import resource, subprocess, sys\n"
             "with open(sys.argv[3], 'w') as out:\n"
             "    cmd = [sys.argv[1], 'extract', sys.argv[2]]\n"
             "    rc = subprocess.run(cmd, stdout=out).returncode\n"
             "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    run = subprocess.run([sys.executable, "-c", probe, PARKLENS[0], str(doc), str(table)],
                         capture_output=True, text=True, timeout=600)
    rc, peak_kb = map(int, run.stdout.split())
    return rc, peak_kb, run.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in kB is Linux's")
def test_a_long_document_is_read_in_memory_linear_in_its_size(tmp_path):
    """The seeds once (the command's fixed cost: interpreter, pandas, the unit table), 2 MB
    and 4 MB of them. Memory linear in the document grows by as much from 2 to 4 MB as from
    nothing to 2 MB; memory quadratic in it grows three times as much (4² - 2² against 2²),
    so the two steps tell one from the other at any size where the document, not the fixed
    cost, dominates the growth: at 2 MB each step is ~20 MB, ten times the noise of a peak
    RSS. (The 50 MB document this replaced took 28 s of one core to say the same.)"""
    from parklens.extract import extract_facts

    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("seeds/*.txt")))
    per_copy = len(extract_facts(seeds))
    step = 2_000_000 // len(seeds.encode("utf-8")) + 1  # copies of the seeds in 2 MB
    peaks, sizes = [], []
    for copies in (1, step, 2 * step):
        doc = tmp_path / f"doc{copies}.txt"
        doc.write_text("\n\n".join([seeds] * copies), encoding="utf-8")
        table = tmp_path / f"facts{copies}.txt"
        rc, peak_kb, stderr = _extract_peak(doc, table)
        assert rc == 0, stderr[-2000:]
        # Every copy of the seeds yields the same figures: nothing lost or doubled at any size.
        with table.open(encoding="utf-8") as lines:
            head = next(lines)
            assert sum(1 for _ in lines) == 1 + copies * per_copy  # the header, the figures
        assert head.startswith(f"{doc}: {copies * per_copy} figures")
        peaks.append(peak_kb * 1024)
        sizes.append(doc.stat().st_size)
    first, second = peaks[1] - peaks[0], peaks[2] - peaks[1]
    print(f"\npeak RSS {[round(p / 2**20) for p in peaks]} MB at "
          f"{[round(s / 1e6, 1) for s in sizes]} MB of document")
    assert first > 0
    assert second < 1.5 * first * (sizes[2] - sizes[1]) / (sizes[1] - sizes[0]), \
        "memory grows faster than the document"
    # Measured ~10 bytes per byte of document (the text, the breaks of its sentences and
    # clauses, one row per figure): a 50 MB document in ~630 MB. Extrapolated from the
    # second step, a 50 MB document must stay under 1 GB, with room for other platforms.
    per_byte = second / (sizes[2] - sizes[1])
    assert peaks[0] + 50_000_000 * per_byte < 2**30, f"{per_byte:.1f} bytes per byte"


# --- document text in the HTML reports ------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'


def test_document_text_shows_as_text_in_the_html_reports(tmp_path):
    """A copy of the project whose puyang document carries a script inside a curated quote
    (notebook 04 shows quotes) and right after the keyword of the first KWIC line (notebook 03
    shows 18 characters around it: the opening tag and ``alert("x")``)."""
    import shutil

    root = tmp_path / "project"
    for folder in ("data", "seeds", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    seed = root / "seeds" / "002_05bca7ad69cddc8b.txt"
    park = root / "data" / "parks" / "puyang.yaml"
    text, data = seed.read_text(encoding="utf-8"), park.read_text(encoding="utf-8")
    yaml_script = SCRIPT.replace('"', '\\"')  # inside a double-quoted YAML string
    for old, new, in_yaml in (("去年共走出去招商60余次", f"去年共走出去招商{SCRIPT}60余次",
                               f"去年共走出去招商{yaml_script}60余次"),
                              ("做好借力招商、", f"做好借力招商{SCRIPT}、",
                               f"做好借力招商{yaml_script}、")):
        assert text.count(old) == 1 and old in data
        text, data = text.replace(old, new), data.replace(old, in_yaml)
    seed.write_text(text, encoding="utf-8")
    park.write_text(data, encoding="utf-8")

    out = tmp_path / "reports"
    run = parklens("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                   "03_policy_themes", "04_park_profile", "--jobs", "2",
                   env=dict(os.environ, PARKLENS_ROOT=str(root)))
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    profile = (out / "puyang" / "04_park_profile.html").read_text(encoding="utf-8")
    themes = (out / "puyang" / "03_policy_themes.html").read_text(encoding="utf-8")
    assert '去年共走出去招商&lt;script&gt;alert("x")&lt;/script&gt;60余次' in profile
    # the KWIC's right context, in the cleaned text (full-width brackets)
    assert '&lt;script&gt;alert（"x"）</td>' in themes
    for page in (profile, themes):
        assert "<script>alert" not in page
