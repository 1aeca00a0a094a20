"""The batch report run: every notebook for every park, in parallel, to HTML.

:func:`run` plans the tasks (:mod:`~parklens.report.tasks`), holds the output folder
(:mod:`~parklens.report.lock`), hands the tasks to a runner (local notebook processes,
:mod:`~parklens.report.workers`, or a Dask cluster, :mod:`~parklens.report.cluster`), shows a
progress bar, writes the index (:mod:`~parklens.report.index`) and returns the exit code;
:func:`summary` is what the command line prints after.

A failing notebook keeps its executed copy with the error, is marked failed, does not stop the
others, and makes the exit code 1. Ctrl-C (or SIGTERM) stops the notebook processes, removes
their partial files, writes the index of what finished, and exits 130; a rerun completes the
folder.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from .index import write_index
from .lock import Held, output_lock
from .status import clean_partials
from .tasks import EXIT_FAILED, EXIT_INTERRUPTED, Result, Task, describe_data, plan
from .workers import LocalRunner

__all__ = ["run", "summary"]


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def run(notebooks: list[Path], parks: list[str], out: Path, *, jobs: int | None = None,
        no_input: bool = True, lang: str = "zh", timeout: float | None = None,
        progress: bool = True, park_names: dict[str, str] | None = None,
        add_all: bool = True, cluster=None, data_dir: str | Path | None = None,
        held: Held | None = None) -> tuple[int, list[Result]]:
    """Run the batch; returns the exit code (0 ok, 1 a notebook failed, 130 interrupted) and
    one result per task. With ``cluster`` (:func:`parklens.report.cluster.connect`) the notebooks run
    on its workers instead of in ``jobs`` local processes. ``data_dir`` is the dataset every
    notebook loads (None: the bundled data). ``held``: the lock of ``out`` already taken with
    :func:`~parklens.report.lock.output_lock` (the command line takes it before it connects or prints); else it is
    taken here, and :class:`~parklens.report.lock.Busy` raised before anything is written when another batch is
    writing into ``out``."""
    out = Path(out).resolve()
    # Absolute, once: the kernels run in the notebooks' folder, not where the command was
    # typed, and the index and the summary name the same folder.
    data = None if data_dir is None else str(Path(data_dir).resolve())
    kwargs = dict(jobs=jobs, no_input=no_input, lang=lang, timeout=timeout, progress=progress,
                  park_names=park_names, add_all=add_all, cluster=cluster, data=data)
    if held is not None:
        if held.out != out:
            raise ValueError(f"the lock held is of {held.out}/, not of {out}/")
        return _run(notebooks, parks, out, **kwargs)
    with output_lock(out):
        return _run(notebooks, parks, out, **kwargs)


def _run(notebooks, parks, out: Path, *, jobs, no_input, lang, timeout, progress, park_names,
         add_all, cluster, data) -> tuple[int, list[Result]]:
    from tqdm import tqdm

    clean_partials(out)
    tasks = plan(notebooks, parks, add_all=add_all)
    runner = (cluster.runner(out, lang, no_input, timeout, data) if cluster is not None
              else LocalRunner(out, lang, no_input, timeout, jobs, data))
    results: dict[Task, Result] = {}
    interrupted = False
    # SIGTERM stops the batch as Ctrl-C does; only the main thread may set a handler (a
    # batch run from another thread is stopped by its caller).
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if main else None
    bar = tqdm(total=len(tasks), unit="report", disable=not progress, file=sys.stderr)
    try:
        for r in runner.results(tasks):
            results[r.task] = r
            bar.set_postfix_str(f"{r.task.park_id}/{r.task.name}: {r.status}")
            bar.update()
    except KeyboardInterrupt:
        interrupted = True
        runner.stop()
    finally:
        runner.close()
        bar.close()
        if main:
            signal.signal(signal.SIGTERM, previous)
        clean_partials(out)
    ordered = [results.get(t) or Result(t, "interrupted" if interrupted else "not run")
               for t in tasks]
    try:
        write_index(out, ordered, interrupted=interrupted, park_names=park_names,
                    data=describe_data(data), lang=lang)
    except OSError as e:  # the disk filled up or the folder became read-only mid-run
        print(f"parklens report: could not write {out / 'index.html'} ({e.strerror or e}); "
              "the reports that finished are in place", file=sys.stderr)
        return EXIT_FAILED, ordered
    code = EXIT_INTERRUPTED if interrupted else (
        EXIT_FAILED if any(r.status != "ok" for r in ordered) else 0)
    return code, ordered


def summary(results: list[Result], out: Path, data_dir: str | Path | None = None) -> str:
    """A plain-text summary: one line per report, then the totals and the dataset."""
    lines = []
    for r in results:
        mark = {"ok": "ok", "failed": "FAILED", "interrupted": "INTERRUPTED",
                "not run": "not run"}[r.status].ljust(11)
        extra = f"  {r.error}" if r.error else ""
        lines.append(f"  {mark} {r.task.park_id:<16} {r.task.name:<24} {r.seconds:5.1f} s{extra}")
    n_ok = sum(r.status == "ok" for r in results)
    lines.append(f"{n_ok} of {len(results)} reports ok from {describe_data(data_dir)}; "
                 f"index: {Path(out) / 'index.html'}")
    return "\n".join(lines)
