"""``parklens report --scheduler``: the batch on a Dask cluster (a LocalCluster with two worker
processes, started here), with the same results, faults and files as a local run."""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import as_in_a_terminal, run_cli
from synthetic import small_notebook, writing_notebook
from parklens import cli

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def running(notebook: str) -> list:
    """The notebook processes (``parklens.report _one``) running ``notebook`` on the workers,
    which are children of this test process."""
    found = []
    for p in psutil.Process().children(recursive=True):
        try:
            cmd = p.cmdline()
        except psutil.Error:
            continue
        if "_one" in cmd and any(notebook in part for part in cmd):
            found.append(p)
    return found


def test_a_batch_on_the_cluster_comes_back_to_the_client(tmp_path, scheduler):
    good = writing_notebook(tmp_path, "02_writes")
    bad = small_notebook(tmp_path, "09_broken", "raise RuntimeError('boom: bad input')")
    out = tmp_path / "reports"
    run = run_cli("report", "--scheduler", scheduler, "--out", str(out), "--parks", "puyang",
                  "--notebooks", str(good), str(bad), timeout=300)
    assert run.returncode == 1, run.stderr[-2000:]
    assert f"on the Dask scheduler at {scheduler} (2 workers, 2 at a time)" in run.stderr
    assert "2/2" in run.stderr  # the progress bar
    assert re.search(r"FAILED +puyang +09_broken", run.stdout) and "boom: bad input" in run.stdout
    assert "1 of 2 reports ok" in run.stdout
    files = out / "puyang" / "02_writes"
    assert "written for puyang" in (out / "puyang" / "02_writes.html").read_text(
        encoding="utf-8")
    assert (files / "growth.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (files / "growth.png").read_bytes()[:4] == b"\x89PNG"
    executed = (out / "puyang" / "02_writes.ipynb").read_text(encoding="utf-8")
    assert str(out) not in executed  # run in the worker's own folder, the files sent back
    assert "boom: bad input" in (out / "puyang" / "09_broken.ipynb").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "href='puyang/02_writes.html'>✓ 打开" in index
    assert "href='puyang/09_broken.html'>✗ 失败" in index and "boom: bad input" in index
    assert not list(out.rglob("*.partial"))


def test_the_notebooks_on_the_workers_load_the_data_given(tmp_path, scheduler, data_copy):
    park = data_copy / "parks" / "puyang.yaml"
    text = park.read_text(encoding="utf-8")
    park.write_text(text.replace("name_zh: 濮阳工业园区\n", "name_zh: 濮阳改名示范园区\n"),
                    encoding="utf-8")
    shows = small_notebook(tmp_path, "05_shows_name",
                           "import parklens as pl\n"
                           "ctx = pl.notebook.setup(park_id, lang, output_dir, "
                           "notebook='05_shows_name', data_dir=data_dir)\n"
                           "print('park:', ctx.ds.parks.set_index('park_id').name_zh[park_id])")
    out = tmp_path / "reports"
    run = run_cli("report", "--scheduler", scheduler, "--data", str(data_copy), "--out",
                  str(out), "--parks", "puyang", "--notebooks", str(shows), timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    assert "park: 濮阳改名示范园区" in (out / "puyang" / "05_shows_name.html").read_text(
        encoding="utf-8")
    assert f"1 of 1 reports ok from {data_copy};" in run.stdout


def test_a_data_folder_the_workers_do_not_see_fails_with_the_fix(tmp_path, scheduler):
    from parklens import report
    from parklens.report.cluster import connect

    quick = small_notebook(tmp_path, "05_quick", "print('quick')")
    only_here = tmp_path / "only-on-the-client" / "data"  # the workers see no such folder
    with connect(scheduler) as cluster:
        code, results = report.run([quick], ["puyang"], tmp_path / "out", data_dir=only_here,
                                   cluster=cluster, progress=False)
    assert code == 1
    assert results[0].error.startswith(f"the data folder {only_here} is not on the worker at ")
    assert "needs a folder every worker sees at the same path" in results[0].error


def test_a_hanging_notebook_is_stopped_on_its_worker(tmp_path, scheduler):
    slow = small_notebook(tmp_path, "08_hangs", "import time; time.sleep(600)")
    out = tmp_path / "reports"
    run = run_cli("report", "--scheduler", scheduler, "--out", str(out), "--parks", "puyang",
                  "--notebooks", str(slow), "--timeout", "2", timeout=120)
    assert run.returncode == 1
    assert "timed out after 2 s" in run.stdout
    assert not (out / "puyang" / "08_hangs.html").exists()
    assert not running("08_hangs.ipynb")
    assert not list(out.rglob("*.partial"))


def test_an_interrupt_stops_the_notebooks_on_the_workers(tmp_path, scheduler):
    slow = small_notebook(tmp_path, "08_slow", "import time; time.sleep(120)")
    out = tmp_path / "reports"
    exe = Path(sys.executable).with_name("parklens")
    proc = subprocess.Popen([str(exe), "report", "--scheduler", scheduler, "--out", str(out),
                             "--parks", "puyang", "--notebooks", str(slow)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=as_in_a_terminal)
    deadline = time.monotonic() + 60
    while not running("08_slow.ipynb") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert running("08_slow.ipynb"), "the notebook started on a worker"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Interrupted" in stderr and "INTERRUPTED" in stdout
    assert "interrupted" in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "puyang" / "08_slow.html").exists()
    assert not list(out.rglob("*.partial"))
    deadline = time.monotonic() + 10
    while running("08_slow.ipynb") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not running("08_slow.ipynb"), "the worker's notebook process was killed"


def test_a_killed_client_leaves_no_notebook_running_on_the_workers(tmp_path, scheduler):
    slow = small_notebook(tmp_path, "08_orphan", "import time; time.sleep(120)")
    out = tmp_path / "reports"
    exe = Path(sys.executable).with_name("parklens")
    proc = subprocess.Popen([str(exe), "report", "--scheduler", scheduler, "--out", str(out),
                             "--parks", "puyang", "--notebooks", str(slow)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not running("08_orphan.ipynb") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert running("08_orphan.ipynb"), "the notebook started on a worker"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    while running("08_orphan.ipynb") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not running("08_orphan.ipynb"), "the notebook of the killed client was stopped"


def test_an_unreachable_scheduler_is_one_line_with_the_fix(tmp_path):
    run = run_cli("report", "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path),
                  "--parks", "puyang", timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "parklens report: cannot reach a Dask scheduler at tcp://127.0.0.1:9 within 10 s. "
        "Fix: start one (`dask scheduler`, then `dask worker tcp://127.0.0.1:9` on each "
        "machine) or check the address."]


def test_without_distributed_the_fix_is_the_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path),
                  "--parks", "puyang"])
    assert str(stop.value) == ("parklens report: --scheduler needs the Dask distributed "
                               "package, which is not installed. Fix: pip install "
                               '"distributed>=2024.8" (the parklens[dask] extra)')


def test_jobs_do_not_apply_to_a_cluster(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "--scheduler", "tcp://127.0.0.1:9", "--jobs", "2",
                  "--out", str(tmp_path), "--parks", "puyang"])
    assert stop.value.code == 2
    assert "--jobs does not apply with --scheduler" in capsys.readouterr().err
