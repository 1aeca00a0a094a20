"""Faults in a batch: a hanging notebook, a dying kernel, an output folder that cannot be
written. Each ends with a clear message, a non-zero exit and no half-written files."""

from __future__ import annotations

import errno
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import run_cli
from synthetic import small_notebook
from parklens import report
from parklens.export import write_text

PARKLENS = [str(Path(sys.executable).with_name("parklens"))]


def test_a_report_runs_the_dataset_it_is_given(tmp_path, data_copy):
    park = data_copy / "parks" / "puyang.yaml"
    text = park.read_text(encoding="utf-8")
    assert text.count("name_zh: 濮阳工业园区\n") == 1
    park.write_text(text.replace("name_zh: 濮阳工业园区\n", "name_zh: 濮阳改名示范园区\n"),
                    encoding="utf-8")
    runs = {}
    for name, data in (("given", ["--data", "data"]), ("bundled", [])):
        # --data relative to where the command runs; the notebooks run in their own folder
        runs[name] = subprocess.run(
            PARKLENS + ["report", *data, "--out", name, "--parks", "puyang", "--notebooks",
                        "04_park_profile", "--jobs", "1"],
            cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert runs[name].returncode == 0, runs[name].stdout + runs[name].stderr[-2000:]
    given = (tmp_path / "given" / "puyang" / "04_park_profile.html").read_text(encoding="utf-8")
    bundled = (tmp_path / "bundled" / "puyang" / "04_park_profile.html").read_text(
        encoding="utf-8")
    assert "濮阳改名示范园区" in given  # (the old name is still in the quoted documents)
    assert "濮阳工业园区" in bundled and "濮阳改名示范园区" not in bundled
    # the index and the summary name the dataset (and the park by its name there)
    index = (tmp_path / "given" / "index.html").read_text(encoding="utf-8")
    assert f"Data: {data_copy}</p>" in index and "濮阳改名示范园区" in index
    assert f"1 of 1 reports ok from {data_copy};" in runs["given"].stdout
    assert f"1 of 1 reports ok from the bundled data ({report.default_data_dir()});" in \
        runs["bundled"].stdout
    assert f"on {data_copy} into given/" in runs["given"].stderr


def test_a_hanging_notebook_is_stopped_at_the_timeout(tmp_path):
    slow = small_notebook(tmp_path, "08_hangs", "import time; time.sleep(600)")
    quick = small_notebook(tmp_path, "09_quick", "print('done')")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks", str(slow),
                  str(quick), "--timeout", "15", "--jobs", "2", timeout=120)
    assert run.returncode == 1
    assert "timed out after 15 s" in run.stdout
    assert (out / "puyang" / "09_quick.html").is_file()
    assert not (out / "puyang" / "08_hangs.html").exists()
    assert not list(out.rglob("*.partial"))
    assert "timed out" in (out / "index.html").read_text(encoding="utf-8")


def test_a_dying_kernel_is_reported_and_keeps_its_copy(tmp_path):
    dies = small_notebook(tmp_path, "07_dies", "import os; os._exit(3)")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks", str(dies),
                  timeout=120)
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


def test_a_job_slot_serves_its_notebooks_from_one_process_each_in_a_fresh_kernel(tmp_path):
    # Each notebook appends its kernel's parent (the notebook process) and its own pid.
    log = tmp_path / "pids"
    record = f"import os\nopen({str(log)!r}, 'a').write(f'{{os.getppid()}} {{os.getpid()}}\\n')"
    sets = small_notebook(tmp_path, "a_sets", f"leaked = 1\n{record}")
    hangs = small_notebook(tmp_path, "b_hangs", f"{record}\nimport time; time.sleep(600)")
    checks = small_notebook(tmp_path, "c_checks", f"assert 'leaked' not in globals()\n{record}")
    after = small_notebook(tmp_path, "d_after", f"assert 'leaked' not in globals()\n{record}")
    out = tmp_path / "out"
    code, results = report.run([sets, checks, hangs, after], ["puyang"], out, jobs=1,
                               timeout=20, progress=False)
    status = {r.task.name: (r.status, r.error) for r in results}
    assert code == 1
    assert status == {"a_sets": ("ok", ""), "c_checks": ("ok", ""),
                      "b_hangs": ("failed", "timed out after 20 s"), "d_after": ("ok", "")}
    (served, k1), (served_too, k2), (killed, hung), (fresh, k4) = [
        tuple(map(int, ln.split())) for ln in log.read_text().splitlines()]
    assert served == served_too == killed != fresh  # a new process after the timeout
    assert len({k1, k2, hung, k4}) == 4  # a kernel of its own for every notebook
    deadline = time.monotonic() + 5
    while _alive(hung) or _alive(killed):
        assert time.monotonic() < deadline, "the timed-out notebook's processes are gone"
        time.sleep(0.1)
    assert not list(out.rglob("*.partial"))


def _alive(pid: int) -> bool:
    try:  # a zombie waits only for its parent to read its exit status
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# --- one batch at a time in a folder ---------------------------------------------------------

def test_the_output_lock_is_reentrant_in_a_process_and_refuses_another(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom parklens import report\n"
         "with report.output_lock(sys.argv[1]):\n    print('held', flush=True)\n"
         "    time.sleep(600)", str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(report.Busy) as busy:
            with report.output_lock(out):
                pass
        assert f"(pid {holder.pid} on " in str(busy.value)
        assert f"is writing into {out}/" in str(busy.value) and "Fix:" in str(busy.value)
    finally:
        holder.kill()  # as kill -9: no chance to release anything itself
        holder.wait()
    # the system released the killed holder's lock: nothing stale blocks the next run
    with report.output_lock(out):
        with report.output_lock(out):  # the command line holds it, then run() again
            assert (out / report.OWNER_FILE).is_file()
        assert (out / report.OWNER_FILE).is_file()
    assert not (out / report.OWNER_FILE).exists()
    with report.output_lock(out):  # and it can be taken again after
        pass


def test_summary_columns_line_up_whatever_the_status():
    nb = Path("notebooks/02_growth_metrics.ipynb")
    results = [report.Result(report.Task(nb, "puyang"), status, 1.5)
               for status in ("ok", "failed", "interrupted", "not run")]
    lines = report.summary(results, Path("out")).splitlines()[:4]
    assert len({line.index("puyang") for line in lines}) == 1, lines
    assert [line.split()[0] for line in lines] == ["ok", "FAILED", "INTERRUPTED", "not"]


def test_the_index_names_its_data_and_reports_kept_from_other_data(tmp_path):
    nb = Path("notebooks/02_growth_metrics.ipynb")
    first = [report.Result(report.Task(nb, "puyang"), "ok", 1.0)]
    report.write_index(tmp_path, first, data="/data/<2024>")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Data: /data/&lt;2024&gt;</p>" in page and "other data" not in page
    second = [report.Result(report.Task(nb, "guanzhuang"), "ok", 1.0)]
    report.write_index(tmp_path, second, data="/data/2025")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Data: /data/2025</p>" in page
    assert "made by earlier runs from other data: /data/&lt;2024&gt;</p>" in page


def test_a_notebook_process_of_its_own_dies_with_its_parent(tmp_path):
    """``run_child`` (a Dask worker's way) in a parent that is killed with SIGKILL, as a
    worker lost with its machine: the notebook process and its kernel end, and the report
    the notebook would have made once its sleep was over is never written."""
    started = tmp_path / "kernel-started"
    sleeps = small_notebook(tmp_path, "sleeps", f"import pathlib, time\n"
                            f"pathlib.Path({str(started)!r}).touch()\ntime.sleep(6)")
    out = tmp_path / "out"
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pathlib import Path\nfrom parklens import "
         "report\nreport.run_child(report.Task(Path(sys.argv[1]), 'puyang'), Path(sys.argv[2]),"
         " 'zh', False, None, report.Children())", str(sleeps), str(out)])
    deadline = time.monotonic() + 120
    while not started.exists():
        assert time.monotonic() < deadline and parent.poll() is None, "the kernel ran"
        time.sleep(0.2)
    children = psutil.Process(parent.pid).children(recursive=True)
    assert any("_one" in c.cmdline() for c in children)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while any(_alive(c.pid) for c in children):
        assert time.monotonic() < deadline, "the notebook process and its kernel ended"
        time.sleep(0.1)
    time.sleep(8)  # past the notebook's end: a surviving process would write the report now
    assert not (out / "puyang" / "sleeps.html").exists()


def test_a_report_keeps_only_the_text_cells_of_its_language(tmp_path):
    import nbformat

    path = small_notebook(tmp_path, "06_bilingual", "print('计算 computed')")
    nb = nbformat.read(path, as_version=4)
    for lang, words in (("zh", "只在中文报告里"), ("en", "Only in the English report")):
        cell = nbformat.v4.new_markdown_cell(f"## {words}")
        cell.metadata["tags"] = [f"lang-{lang}"]
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_markdown_cell("共同 · shared"))  # untagged: every report
    nbformat.write(nb, path)
    for lang, kept, dropped in (("zh", "只在中文报告里", "Only in the English report"),
                                ("en", "Only in the English report", "只在中文报告里")):
        out = tmp_path / lang
        assert report.execute(path, "puyang", out, lang=lang) is None
        page = (out / "puyang" / "06_bilingual.html").read_text(encoding="utf-8")
        assert kept in page and dropped not in page and "共同 · shared" in page
        assert "计算 computed" in page  # the code cells' outputs stay
