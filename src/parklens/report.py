"""The batch report run: every notebook for every park, in parallel, to HTML.

Each notebook runs in a fresh Jupyter kernel, executed with papermill and exported to HTML
with nbconvert by a notebook process, every file written atomically. A local batch keeps
``--jobs`` long-lived notebook processes (``python -m parklens.report _serve``), which import
papermill and nbconvert once and take one notebook after another (a JSON line in on stdin, a
JSON line out on stdout); a Dask cluster's workers (:mod:`parklens.cluster`) start one process
per notebook (``_one``). Both do the same per-notebook work (:func:`execute`). The runner shows
a progress bar, writes an ``index.html`` linking every report (and saying which failed), and
prints a summary.

A failing notebook keeps its executed copy with the error, is marked failed, does not stop the
others, and makes the exit code 1. A notebook past ``--timeout`` has its process and kernel
killed (the next notebook gets a fresh process). Ctrl-C (or SIGTERM) stops the notebook
processes, removes their partial files, writes the index of what finished, and exits 130; a
rerun completes the folder.

A notebook process dies with the batch that started it, however the batch ends (``kill -9``
too): it watches the pipe of its stdin, whose end is closed by the system when its parent
dies, and then kills its kernels and exits (:func:`_watch_parent`). One batch at a time writes
into a folder: a lock file there (:func:`output_lock`) makes a second one stop with the pid of
the first; the system releases the lock of a killed run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import functools
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NoReturn

import psutil

from .export import PARTIAL_SUFFIX, atomic_path, write_text
from . import pages
from .messages import LANGS, text
from .paths import default_data_dir, project_root

__all__ = ["Task", "Result", "Busy", "notebook_dir", "find_notebooks", "plan", "execute",
           "output_lock", "Held", "describe_data", "run", "summary", "main"]

EXIT_FAILED, EXIT_INTERRUPTED = 1, 130


def notebook_dir() -> Path:
    """The bundled analysis notebooks."""
    return project_root() / "notebooks"


def find_notebooks(names: list[str] | None = None) -> list[Path]:
    """Notebook paths from names (``02_growth_metrics``) or paths; default: all bundled. A
    notebook folder without notebooks (a ``PARKLENS_ROOT`` that lacks them) stops with what
    it should hold, not with a batch of nothing."""
    folder = notebook_dir()
    available = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        if not available:
            raise SystemExit(_no_notebooks(folder))
        return available
    by_name = {p.stem: p for p in available}
    out = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            out.append(path.resolve())
        elif name.removesuffix(".ipynb") in by_name:
            out.append(by_name[name.removesuffix(".ipynb")])
        else:
            valid = ", ".join(by_name) or "none"
            raise SystemExit(f"parklens report: unknown notebook {name!r}. Valid: {valid}, "
                             "or a path to an .ipynb file")
    return out


def _no_notebooks(folder: Path) -> str:
    where = (f"PARKLENS_ROOT={os.environ['PARKLENS_ROOT']} has" if os.environ.get("PARKLENS_ROOT")
             else "the installation has")
    return (f"parklens report: no notebooks in {folder}/ ({where} no notebooks/ folder with "
            "analysis notebooks named like 01_industry_structure.ipynb). Fix: copy the "
            "notebooks/ folder of parklens there, unset PARKLENS_ROOT, or name notebooks with "
            "--notebooks PATH.ipynb")


def accepts_all(notebook: Path) -> bool:
    """Whether a notebook compares parks (runs with ``park_id="all"``): its metadata says."""
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return bool(meta.get("parklens", {}).get("accepts_all", False))


@dataclass(frozen=True)
class Task:
    notebook: Path
    park_id: str

    @property
    def name(self) -> str:
        return self.notebook.stem

    def html(self, out: Path) -> Path:
        return out / self.park_id / f"{self.name}.html"

    def executed(self, out: Path) -> Path:
        return out / self.park_id / f"{self.name}.ipynb"


@dataclass
class Result:
    task: Task
    status: str  # ok | failed | interrupted | not run
    seconds: float = 0.0
    error: str = ""


def plan(notebooks: list[Path], parks: list[str], *, add_all: bool = True) -> list[Task]:
    """Every notebook for every park, plus ``all`` for notebooks that compare parks (when
    ``add_all``, or when ``all`` is among ``parks``)."""
    tasks = []
    for nb in notebooks:
        comparative = accepts_all(nb)
        ids = [p for p in parks if comparative or p != "all"]
        if add_all and comparative and "all" not in ids:
            ids.append("all")
        tasks += [Task(nb, p) for p in ids]
    return tasks


# --- one notebook, in a notebook process ----------------------------------------------------

def _run_one(notebook: Path, park_id: str, out: Path, lang: str, no_input: bool,
             data_dir: str | None) -> str | None:
    import nbformat
    import papermill as pm

    task = Task(notebook, park_id)
    executed, page = task.executed(out), task.html(out)
    failed = None
    with atomic_path(executed) as tmp:
        try:
            pm.execute_notebook(
                str(notebook), str(tmp),
                parameters={"park_id": park_id, "lang": lang,
                            "output_dir": str(out / park_id), "data_dir": data_dir},
                cwd=str(notebook.parent), progress_bar=False, log_output=False,
                kernel_name="python3")
        except pm.PapermillExecutionError as e:
            failed = f"{e.ename}: {e.evalue}"
        except Exception as e:  # the kernel died, or the notebook could not be read
            # Keep the executed copy only if it is whole: a write that failed (a full disk)
            # leaves it cut short, and it must not be renamed into place.
            try:
                nbformat.read(tmp, as_version=4)
            except Exception:
                raise e from None
            failed = f"{type(e).__name__}: {e}"
    body, _ = _exporter(no_input, lang).from_notebook_node(
        nbformat.read(executed, as_version=4), resources={"parklens_out": str(out)})
    write_text(pages.finish(body), page)
    return failed


@functools.lru_cache(maxsize=None)
def _exporter(no_input: bool, lang: str):
    """The HTML exporter of a report in ``lang``: a notebook's text cells are written in
    every language, each tagged ``lang-zh`` or ``lang-en``, and a report keeps only its own
    (JupyterLab shows them all, one under the other). With ``no_input`` (the default of a
    report) no code cell shows, nor any prompt; shown, the injected parameters name no
    absolute path (:class:`parklens.pages.RelativeParameters`). Built once per process: a
    served process exports many notebooks with it."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lab", exclude_input=no_input,
                            exclude_input_prompt=no_input, exclude_output_prompt=no_input)
    others = {f"lang-{other}" for other in LANGS if other != lang}
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=others), enabled=True)
    exporter.register_preprocessor(pages.RelativeParameters(), enabled=True)
    return exporter


def execute(notebook: Path, park_id: str, out: Path, lang: str = "zh",
            no_input: bool = True, data_dir: str | None = None) -> str | None:
    """Run one notebook in a fresh kernel into ``out`` and export it to HTML, in this process;
    None if it ran through, else one line saying why not (the notebook's error, the kernel's
    death, an output folder that cannot be written). Other errors raise. ``no_input`` hides
    the code (the default; False shows it). ``data_dir`` is the
    notebook's ``data_dir`` parameter: an absolute path, or None for the bundled data."""
    try:
        return _run_one(notebook, park_id, out, lang, no_input, data_dir)
    except OSError as e:
        if e.errno not in _CANNOT_WRITE:
            raise
        return f"cannot write the report into {out}/: {e.strerror}"


#: Errors of a folder that cannot take the report: full, over quota, read-only, no permission.
_CANNOT_WRITE = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM")
                 if hasattr(errno, name)}  # (not every platform names a quota error)


def _watch_parent(lines: queue.Queue | None = None) -> None:
    """Start a thread that reads this process's stdin, a pipe from the process that started
    it, and at its end kills this process's kernels and exits. The system closes the pipe
    when the parent dies, however it dies, on every platform: nothing then goes on writing
    into the report folder. A served process gets its tasks through ``lines``; the parent
    closes the pipe to end it once it has answered them all."""

    def watch():
        for line in sys.stdin:
            if lines is not None:
                lines.put(line)
        _kill_tree(psutil.Process(), include_root=False)
        os._exit(0)

    threading.Thread(target=watch, name="parklens-parent-watch", daemon=True).start()


def _serve() -> NoReturn:
    """A notebook process for many notebooks: one JSON task per line on stdin (the arguments
    of :func:`execute`), one JSON line ``{"error": null | "..."}`` per task on stdout, in
    order; ends at the end of stdin, or as soon as its parent dies."""
    import papermill  # noqa: F401  (imported once, before the first task: the point of serving)

    _exporter(True, "zh")

    # The replies get stdout to themselves; anything else printed (a library, the kernel's
    # own file descriptors) goes to stderr.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    lines: queue.Queue = queue.Queue()
    _watch_parent(lines)
    while True:  # the watcher ends the process at the end of stdin
        t = json.loads(lines.get())
        try:
            error = execute(Path(t["notebook"]), t["park_id"], Path(t["out"]), t["lang"],
                            t["no_input"], t["data_dir"])
        except Exception as e:
            traceback.print_exc()
            error = f"{type(e).__name__}: {e}"
        replies.write(json.dumps({"error": error}, ensure_ascii=False) + "\n")


# --- the batch --------------------------------------------------------------------------

class Children:
    """The notebook processes running now, so that a stop kills them all at once."""

    def __init__(self):
        self.procs: set[subprocess.Popen] = set()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def start(self, cmd: list[str], **kwargs) -> subprocess.Popen:
        """A notebook process of its own group (so the terminal's Ctrl-C reaches the batch,
        which stops it, and not the notebook directly), registered here; killed at once if
        the batch is stopping."""
        proc = subprocess.Popen(cmd, text=True, encoding="utf-8", **_OWN_GROUP, **kwargs)
        with self.lock:
            self.procs.add(proc)
        if self.stopping.is_set():
            _kill(proc)
        return proc

    def forget(self, proc: subprocess.Popen) -> None:
        with self.lock:
            self.procs.discard(proc)

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            for proc in list(self.procs):
                _kill(proc)


#: A process group of its own: a new session on POSIX, a new process group on Windows.
_OWN_GROUP = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
              else {"start_new_session": True})


def _kill(proc: subprocess.Popen) -> None:
    """Kill a notebook process and everything under it, on every platform (psutil): Jupyter
    starts each kernel in a session of its own, which would otherwise notice its parent gone
    only a second later."""
    if proc.poll() is None:
        try:
            _kill_tree(psutil.Process(proc.pid))
        except psutil.NoSuchProcess:
            pass
    if hasattr(os, "killpg"):  # POSIX: also what is left of its session's group
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _kill_tree(root: psutil.Process, include_root: bool = True) -> None:
    """Kill ``root``'s descendants (and ``root``), all found before the first is killed: a
    killed parent's children would be handed to another parent and lost from sight."""
    try:
        procs = root.children(recursive=True) + ([root] if include_root else [])
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass


def _finished(task: Task, start: float, children: Children, error: str | None) -> Result:
    """The result of a notebook process that answered (or ended): ``error`` is its last word."""
    seconds = time.monotonic() - start
    if children.stopping.is_set():
        return Result(task, "interrupted", seconds)
    if error is None:
        return Result(task, "ok", seconds)
    lines = [ln for ln in error.strip().splitlines() if ln.strip()]
    return Result(task, "failed", seconds, lines[-1] if lines else error)


def _timed_out(task: Task, start: float, timeout: float) -> Result:
    return Result(task, "failed", time.monotonic() - start, f"timed out after {timeout:g} s")


def run_child(task: Task, out: Path, lang: str, no_input: bool, timeout: float | None,
              children: Children, data_dir: str | None = None) -> Result:
    """Run one notebook in a process of its own (``_one``) writing under ``out``; it is
    killed with its kernel at ``timeout``, when ``children`` is stopped, or when this process
    dies (it watches its stdin, a pipe from here). A cluster's workers use it."""
    if children.stopping.is_set():
        return Result(task, "not run")
    cmd = [sys.executable, "-m", "parklens.report", "_one", str(task.notebook),
           task.park_id, str(out), "--lang", lang]
    if no_input:
        cmd.append("--no-input")
    if data_dir is not None:
        cmd += ["--data", data_dir]
    start = time.monotonic()
    with tempfile.TemporaryFile() as log:
        proc = children.start(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=log)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.wait()
            return _timed_out(task, start, timeout)
        finally:
            proc.stdin.close()
            children.forget(proc)
        log.seek(0)
        err = log.read().decode("utf-8", "replace")
    return _finished(task, start, children, None if proc.returncode == 0 else
                     err.strip() or f"exit code {proc.returncode}")


class _Lost(Exception):
    """A served notebook process ended (or garbled its answer) during a task."""


class _Served:
    """A long-lived notebook process (``_serve``) that runs this batch's notebooks one after
    another, each in a fresh kernel; its stderr goes to a temporary file, read if it dies."""

    def __init__(self, children: Children):
        self.children = children
        self.log = tempfile.TemporaryFile()
        self.proc = children.start([sys.executable, "-m", "parklens.report", "_serve"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=self.log)
        # Its answers, read by a thread of their own: waiting on a queue with a timeout works
        # on every platform, where select() on a pipe does not on Windows. None: it ended.
        self.answers: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, name="parklens-served-reader", daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self.proc.stdout:
                self.answers.put(line)
        except (OSError, ValueError):  # the pipe closed under us: the process is gone
            pass
        self.answers.put(None)

    def ask(self, task: Task, out: Path, lang: str, no_input: bool, timeout: float | None,
            data_dir: str | None = None) -> str | None:
        """Run ``task``; its error line or None. Raises TimeoutError past ``timeout`` and
        :class:`_Lost` if the process ends (killed by a stop, or crashed) before answering."""
        logged = self.log.seek(0, os.SEEK_END)
        try:
            self.proc.stdin.write(json.dumps(
                {"notebook": str(task.notebook), "park_id": task.park_id, "out": str(out),
                 "lang": lang, "no_input": no_input, "data_dir": data_dir}) + "\n")
            self.proc.stdin.flush()
        except OSError:  # a broken pipe: the process is gone, and its reader says so
            pass
        try:
            line = self.answers.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        try:
            return json.loads(line)["error"]
        except (ValueError, KeyError, TypeError):  # no answer (None), or a garbled one
            line = line or ""
        code = self.proc.wait()
        self.log.seek(logged)
        said = self.log.read().decode("utf-8", "replace").strip()
        raise _Lost(said or line.strip() or f"exit code {code}")

    def close(self, kill: bool = False) -> None:
        """Let the process end at the end of its input (or kill it), and wait for it. A
        second call (a slot replaced after a timeout, then the batch's end) does nothing."""
        if self.log.closed:
            return
        if kill:
            _kill(self.proc)
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _kill(self.proc)
            self.proc.wait()
        self.children.forget(self.proc)
        self.log.close()


class _Runner:
    """Runs tasks on this machine, ``jobs`` at a time, each job slot (a thread of the pool)
    feeding its own served notebook process. A cluster's runner (:mod:`parklens.cluster`) has
    the same three methods."""

    def __init__(self, out: Path, lang: str, no_input: bool, timeout: float | None,
                 jobs: int | None, data_dir: str | None = None):
        self.args = (out, lang, no_input, timeout, data_dir)
        self.children = Children()
        self.pool = ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1)
        self.futures: list = []
        self.slot = threading.local()  # .served: this thread's notebook process
        self.served: list[_Served] = []
        self.lock = threading.Lock()

    def results(self, tasks: list[Task]) -> Iterator[Result]:
        self.futures = [self.pool.submit(self._run, t) for t in tasks]
        for fut in as_completed(self.futures):
            yield fut.result()

    def _run(self, task: Task) -> Result:
        if self.children.stopping.is_set():
            return Result(task, "not run")
        served = getattr(self.slot, "served", None)
        if served is None:
            served = self.slot.served = _Served(self.children)
            with self.lock:
                self.served.append(served)
        out, lang, no_input, timeout, data_dir = self.args
        start = time.monotonic()
        try:
            return _finished(task, start, self.children,
                             served.ask(task, out, lang, no_input, timeout, data_dir))
        except (TimeoutError, _Lost) as e:
            # kernel and all: the next task of this slot gets a fresh process
            served.close(kill=True)
            self.slot.served = None
            if isinstance(e, TimeoutError):
                return _timed_out(task, start, timeout)
            return _finished(task, start, self.children, str(e))

    def stop(self) -> None:
        self.children.stop()
        for fut in self.futures:
            fut.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        with self.lock:
            for served in self.served:
                served.close()


def check_writable(out: Path) -> str | None:
    """None if files can be written under ``out``, else the reason (read-only, no space…)."""
    test = out / f".parklens-write-test-{os.getpid()}"  # a name of its own: runs may race
    try:
        out.mkdir(parents=True, exist_ok=True)
        with atomic_path(test) as tmp:
            tmp.write_bytes(b"ok")
        test.unlink()
    except OSError as e:
        return e.strerror or str(e)
    return None


LOCK_FILE, OWNER_FILE = ".parklens-lock", ".parklens-run.json"


class Busy(Exception):
    """Another batch is writing into the output folder; the message names it and the fix."""


@dataclass(frozen=True)
class Held:
    """The output folder this batch holds (what :func:`output_lock` gives): :func:`run`
    given it writes there without taking the lock again."""
    out: Path


@contextmanager
def output_lock(out: Path) -> Iterator[Held]:
    """Hold ``out`` for one batch, or raise :class:`Busy` at once if another batch holds it
    (in another process or in this one).

    An operating-system lock on ``out/.parklens-lock`` (``filelock``: ``flock`` on POSIX,
    ``msvcrt`` on Windows), which the system releases when its process dies, so a run killed
    with ``kill -9`` blocks nobody; ``out/.parklens-run.json`` says who holds it. Taken once
    per batch: the command line takes it and hands the :class:`Held` to :func:`run`."""
    from filelock import FileLock, Timeout

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    # is_singleton=False: a second lock of the same folder in this process is a second
    # batch, refused like one in another process, never silently shared.
    lock = FileLock(out / LOCK_FILE, timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(_busy_message(out)) from None
    try:
        owner = {"pid": os.getpid(), "host": socket.gethostname(),
                 "started": dt.datetime.now().isoformat(timespec="seconds")}
        write_text(json.dumps(owner), out / OWNER_FILE)
        try:
            yield Held(out)
        finally:
            (out / OWNER_FILE).unlink(missing_ok=True)
    finally:
        lock.release()


def _busy_message(out: Path) -> str:
    # The holder writes its record right after taking the lock: give it a moment.
    who = "another parklens report"
    for _ in range(20):
        try:
            owner = json.loads((out / OWNER_FILE).read_text(encoding="utf-8"))
            who += f" (pid {int(owner['pid'])} on {owner['host']}, started {owner['started']})"
            break
        except (OSError, ValueError, KeyError, TypeError):
            time.sleep(0.05)
    return (f"parklens report: {who} is writing into {out}/. Two runs into one folder would "
            "overwrite each other's reports. Fix: wait until it ends, or choose another "
            "--out folder.")


def _clean_partials(out: Path) -> None:
    for p in out.rglob(f"*{PARTIAL_SUFFIX}"):
        p.unlink(missing_ok=True)


STATUS_FILE = ".parklens-status.json"


def _merge_status(out: Path, results: list[Result], data: str = "") -> tuple[list[Result],
                                                                           set[str]]:
    """Results of this run merged with those of earlier runs into the same folder, so that a
    partial rerun (one park, one notebook) keeps the index complete; and the datasets of the
    reports kept from earlier runs that are not this run's ``data``."""
    path = out / STATUS_FILE
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    for r in results:
        if r.status in ("ok", "failed") or f"{r.task.park_id}/{r.task.name}" not in saved:
            saved[f"{r.task.park_id}/{r.task.name}"] = {
                "notebook": str(r.task.notebook), "status": r.status,
                "seconds": round(r.seconds, 1), "error": r.error, "data": data}
    write_text(json.dumps(saved, ensure_ascii=False, indent=1), path)
    merged = []
    for key, v in saved.items():
        park, _ = key.split("/", 1)
        merged.append(Result(Task(Path(v["notebook"]), park), v["status"], v["seconds"],
                             v["error"]))
    others = {v.get("data", "") for v in saved.values()} - {data}
    return merged, others


def write_index(out: Path, results: list[Result], *, interrupted: bool = False,
                park_names: dict[str, str] | None = None, data: str = "",
                lang: str = "zh") -> Path:
    """``index.html``: every report in the folder by park and notebook, with its status, and
    the dataset they were made from (``data``, a description such as its folder). Written
    from the autoescaped template ``templates/index.html.j2``, with the page's Chinese font
    embedded (:func:`parklens.pages.finish`)."""
    results, other_data = _merge_status(out, results, data)
    order = {p: i for i, p in enumerate(sorted({r.task.park_id for r in results},
                                               key=lambda p: (p == "all", p)))}
    results = sorted(results, key=lambda r: (order[r.task.park_id], r.task.name))
    parks = list(dict.fromkeys(r.task.park_id for r in results))
    names = sorted({r.task.name for r in results})
    by = {(r.task.park_id, r.task.name): r for r in results}
    by_name = {r.task.name: r.task.notebook for r in results}
    rows = []
    for park in parks:
        cells = []
        for name in names:
            r = by.get((park, name))
            if r is None:
                cells.append(None)
                continue
            label = text(f"index.{r.status.replace(' ', '_')}", lang,
                         seconds=f"{r.seconds:.0f}")
            link = r.task.html(out).relative_to(out).as_posix() \
                if r.task.html(out).exists() else None
            cells.append({"status": r.status.replace(" ", "-"), "label": label, "link": link,
                          "error": r.error})
        rows.append({"park": park, "cells": cells, "name": (park_names or {}).get(
            park, text("index.all_parks", lang) if park == "all" else "")})
    bundled = describe_data(None)
    shown_data = (text("index.bundled", lang, path=str(default_data_dir()))
                  if data == bundled else data)
    t = {key: text(f"index.{key}", lang) for key in ("title", "park")}
    page = _index_template().render(
        lang=lang, t=t,
        finished=text("index.finished", lang, n_ok=sum(r.status == "ok" for r in results),
                      n_reports=len(results), made=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                      state=text("index.interrupted_run" if interrupted else "index.complete",
                                 lang)),
        data=text("index.data", lang, data=shown_data) if data else "",
        other_data=text("index.other_data", lang, data="; ".join(sorted(
            d or text("index.not_recorded", lang) for d in other_data))) if other_data else "",
        notebooks=[{"title": _notebook_title(by_name[n], lang), "name": n} for n in names],
        rows=rows)
    return write_text(pages.finish(page), out / "index.html")


def _notebook_title(notebook: Path, lang: str) -> str:
    """A notebook's title in ``lang``: the first heading of its text cells tagged for that
    language (``# 增长指标``); its file name where it has none or cannot be read."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # a notebook that failed to run may be anything: the name will do
        return notebook.stem
    for cell in nb.cells:
        if cell.cell_type == "markdown" and f"lang-{lang}" in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


@functools.lru_cache(maxsize=1)
def _index_template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("index.html.j2")


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def run(notebooks: list[Path], parks: list[str], out: Path, *, jobs: int | None = None,
        no_input: bool = True, lang: str = "zh", timeout: float | None = None,
        progress: bool = True, park_names: dict[str, str] | None = None,
        add_all: bool = True, cluster=None, data_dir: str | Path | None = None,
        held: Held | None = None) -> tuple[int, list[Result]]:
    """Run the batch; returns the exit code (0 ok, 1 a notebook failed, 130 interrupted) and
    one result per task. With ``cluster`` (:func:`parklens.cluster.connect`) the notebooks run
    on its workers instead of in ``jobs`` local processes. ``data_dir`` is the dataset every
    notebook loads (None: the bundled data). ``held``: the lock of ``out`` already taken with
    :func:`output_lock` (the command line takes it before it connects or prints); else it is
    taken here, and :class:`Busy` raised before anything is written when another batch is
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


def describe_data(data_dir: str | Path | None) -> str:
    """The dataset of a batch as the index and the summary name it: ``data_dir`` as given
    (:func:`run` and the command line give it absolute)."""
    if data_dir is None:
        return f"the bundled data ({default_data_dir()})"
    return str(data_dir)


def _run(notebooks, parks, out: Path, *, jobs, no_input, lang, timeout, progress, park_names,
         add_all, cluster, data) -> tuple[int, list[Result]]:
    from tqdm import tqdm

    _clean_partials(out)
    tasks = plan(notebooks, parks, add_all=add_all)
    runner = (cluster.runner(out, lang, no_input, timeout, data) if cluster is not None
              else _Runner(out, lang, no_input, timeout, jobs, data))
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
        _clean_partials(out)
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


def main(argv: list[str] | None = None) -> int:
    """Entry of the hidden notebook processes: ``python -m parklens.report _one NB PARK OUT``
    (one notebook) and ``python -m parklens.report _serve`` (many, see :func:`_serve`)."""
    p = argparse.ArgumentParser(prog="parklens.report")
    sub = p.add_subparsers(dest="cmd", required=True)
    one = sub.add_parser("_one")
    one.add_argument("notebook", type=Path)
    one.add_argument("park_id")
    one.add_argument("out", type=Path)
    one.add_argument("--lang", default="zh")
    one.add_argument("--no-input", action="store_true")
    one.add_argument("--data", default=None)
    sub.add_parser("_serve")
    args = p.parse_args(argv)
    if args.cmd == "_serve":
        return _serve()
    _watch_parent()  # stdin: a pipe from run_child, never written, closed when it dies
    error = execute(args.notebook, args.park_id, args.out, args.lang, args.no_input,
                    args.data)
    if error:
        # one line, the last on stderr, which the batch shows as this report's error
        print(error, file=sys.stderr)
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
