"""The batch's side of its notebook processes: started, fed, timed and killed from here.

A local batch (:class:`LocalRunner`) keeps ``--jobs`` long-lived served processes, one per job
slot, and reads their answers on a thread of its own (a queue with a timeout, not
``select()`` on a pipe, which Windows does not offer). A cluster's worker runs each notebook
in a process of its own (:func:`run_child`). A notebook past ``--timeout`` has its process and
kernel killed; the slot's next notebook gets a fresh process."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Iterator

from .processes import Children, kill
from .tasks import Result, Task

__all__ = ["run_child", "LocalRunner", "finished", "timed_out"]


def finished(task: Task, start: float, children: Children, error: str | None) -> Result:
    """The result of a notebook process that answered (or ended): ``error`` is its last word."""
    seconds = time.monotonic() - start
    if children.stopping.is_set():
        return Result(task, "interrupted", seconds)
    if error is None:
        return Result(task, "ok", seconds)
    lines = [ln for ln in error.strip().splitlines() if ln.strip()]
    return Result(task, "failed", seconds, lines[-1] if lines else error)


def timed_out(task: Task, start: float, timeout: float) -> Result:
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
            kill(proc)
            proc.wait()
            return timed_out(task, start, timeout)
        finally:
            proc.stdin.close()
            children.forget(proc)
        log.seek(0)
        err = log.read().decode("utf-8", "replace")
    return finished(task, start, children, None if proc.returncode == 0 else
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

    def close(self, force: bool = False) -> None:
        """Let the process end at the end of its input (or, ``force``, kill it), and wait for
        it. A second call (a slot replaced after a timeout, then the batch's end) does
        nothing."""
        if self.log.closed:
            return
        if force:
            kill(self.proc)
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill(self.proc)
            self.proc.wait()
        self.children.forget(self.proc)
        self.log.close()


class LocalRunner:
    """Runs tasks on this machine, ``jobs`` at a time, each job slot (a thread of the pool)
    feeding its own served notebook process. A cluster's runner (:mod:`parklens.report.cluster`) has
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
            return finished(task, start, self.children,
                             served.ask(task, out, lang, no_input, timeout, data_dir))
        except (TimeoutError, _Lost) as e:
            # kernel and all: the next task of this slot gets a fresh process
            served.close(force=True)
            self.slot.served = None
            if isinstance(e, TimeoutError):
                return timed_out(task, start, timeout)
            return finished(task, start, self.children, str(e))

    def stop(self) -> None:
        self.children.stop()
        for fut in self.futures:
            fut.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        with self.lock:
            for served in self.served:
                served.close()

