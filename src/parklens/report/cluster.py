"""The batch report on a Dask distributed cluster: ``parklens report --scheduler ADDRESS``.

Workers need parklens installed but no disk shared with the client, except for a dataset
given with ``--data``: its absolute path goes to the notebooks, so every worker must see that
folder at the same path. Each task carries the
notebook's text; the worker writes it into a temporary folder, runs it exactly as a local run
does (:func:`parklens.report.workers.run_child`: its own process, the same timeout, kernel death and
error handling) and sends back the status and the files it made. The client writes those
files into ``--out`` atomically, so the progress bar, the index and Ctrl-C behave as in a
local run. A Ctrl-C sets a Dask ``Event`` that every running task watches, so the notebook
processes on the workers are killed too, not left to finish; so are they when the client
dies (``kill -9``): the scheduler then cancels its tasks, which every running task watches.

Needs the optional ``distributed`` package (the ``dask`` extra: ``pip install -e ".[dask]"``);
it is imported only when a cluster is used.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..export import PARTIAL_SUFFIX, write_bytes
from .processes import Children
from .tasks import Result, Task
from .workers import run_child

__all__ = ["ClusterError", "Cluster", "connect", "run_remote"]

#: Seconds to reach the scheduler before giving up.
CONNECT_TIMEOUT = 10
INSTALL = 'pip install "distributed>=2024.8" (the parklens[dask] extra)'


class ClusterError(Exception):
    """The scheduler cannot be used; the message is one line with the fix."""


@dataclass
class Returned:
    """What a worker sends back: the result and the files, by path under ``--out``."""
    status: str
    seconds: float
    error: str
    files: dict[str, bytes]


def run_remote(notebook_text: str, name: str, park_id: str, lang: str, no_input: bool,
               timeout: float | None, stop_event: str, data_dir: str | None = None) -> Returned:
    """On a worker: run one notebook in a temporary folder, return its result and files.
    ``data_dir`` (absolute) is the dataset the notebook loads; None: the worker's bundled data."""
    from distributed import Event, get_client, get_worker

    if data_dir is not None and not (Path(data_dir) / "parks").is_dir():
        return Returned("failed", 0.0, f"the data folder {data_dir} is not on the worker at "
                        f"{socket.gethostname()}: --data with --scheduler needs a folder every "
                        "worker sees at the same path (a shared disk)", {})
    stop = Event(stop_event, client=get_client())
    children, done = Children(), threading.Event()
    worker = get_worker()
    key = worker.get_current_task()

    def abandoned() -> bool:
        # The scheduler cancels the task when its client goes (even by kill -9): nobody is
        # left to receive the files, so the notebook is not left running to its timeout.
        ts = worker.state.tasks.get(key)
        return ts is None or ts.state == "cancelled"

    def watch():  # a long poll on the scheduler; returns at once when the client sets it
        while not done.is_set():
            if stop.wait(timeout=2) or abandoned():
                children.stop()
                return

    threading.Thread(target=watch, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="parklens-") as tmp:
        notebook, out = Path(tmp) / f"{name}.ipynb", Path(tmp) / "out"
        notebook.write_text(notebook_text, encoding="utf-8")
        try:
            r = run_child(Task(notebook, park_id), out, lang, no_input, timeout, children,
                          data_dir)
        finally:
            done.set()
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                 if p.is_file() and not p.name.endswith(PARTIAL_SUFFIX)}
    return Returned(r.status, r.seconds, r.error, files)


def _write_files(files: dict[str, bytes], out: Path) -> None:
    # the HTML last: a report's page appears only once its tables and notebook are in place
    for rel in sorted(files, key=lambda rel: rel.endswith(".html")):
        target = out / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"a worker sent a file outside the output folder: {rel}")
        write_bytes(files[rel], target)


class _DaskRunner:
    """Runs tasks on the cluster's workers; the same three methods as the local runner."""

    def __init__(self, client, out: Path, lang: str, no_input: bool, timeout: float | None,
                 data_dir: str | None = None):
        from distributed import Event

        self.client, self.out = client, out
        self.args = (lang, no_input, timeout)
        self.data_dir = data_dir
        self.run_id = uuid.uuid4().hex[:12]
        self.stop_event = Event(f"parklens-stop-{self.run_id}", client=client)
        self.pending: dict = {}

    def results(self, tasks: list[Task]) -> Iterator[Result]:
        from distributed import as_completed

        texts = {nb: nb.read_text(encoding="utf-8") for nb in {t.notebook for t in tasks}}
        self.pending = {
            self.client.submit(run_remote, texts[t.notebook], t.name, t.park_id, *self.args,
                               self.stop_event.name, self.data_dir, pure=False,
                               key=f"parklens-report-{t.park_id}-{t.name}-{self.run_id}"): t
            for t in tasks}
        for fut in as_completed(list(self.pending), loop=self.client.loop):
            task = self.pending.pop(fut)
            yield self._result(task, fut)
            fut.release()

    def _result(self, task: Task, fut) -> Result:
        if fut.status != "finished":  # the task raised on the worker, or the cluster lost it
            e = fut.exception() if fut.status == "error" else None
            return Result(task, "failed", 0.0, f"{type(e).__name__}: {e}" if e else
                          f"{fut.status} on the cluster (a worker or the scheduler was lost)")
        returned: Returned = fut.result()
        try:
            _write_files(returned.files, self.out)
        except OSError as e:  # the disk filled up or the folder became read-only mid-run
            return Result(task, "failed", returned.seconds,
                          f"could not write its files into {self.out}: {e.strerror or e}")
        return Result(task, returned.status, returned.seconds, returned.error)

    def stop(self) -> None:
        try:
            self.stop_event.set()
            self.client.cancel(list(self.pending))
        except (OSError, TimeoutError):  # the scheduler is gone: nothing left to stop there
            pass
        self.pending = {}

    def close(self) -> None:
        if self.pending:  # the batch stopped on an error: free the workers
            self.stop()


class Cluster:
    """A connection to a Dask scheduler; pass it to :func:`parklens.report.run`."""

    def __init__(self, client):
        self.client = client

    @property
    def address(self) -> str:
        return self.client.scheduler.address

    def describe(self) -> str:
        """Where the reports run, for the first line of the batch."""
        threads = self.client.nthreads()
        if not threads:
            return (f"on the Dask scheduler at {self.address} (no workers yet; the reports "
                    f"wait until one joins: `dask worker {self.address}`)")
        n = len(threads)
        return (f"on the Dask scheduler at {self.address} ({n} worker{'s' * (n != 1)}, "
                f"{sum(threads.values())} at a time)")

    def runner(self, out: Path, lang: str, no_input: bool, timeout: float | None,
               data_dir: str | None = None):
        return _DaskRunner(self.client, out, lang, no_input, timeout, data_dir)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT) -> Cluster:
    """Connect to the scheduler at ``address`` (``tcp://HOST:8786``); a missing package, a
    malformed address or a scheduler not reached within ``timeout`` s raise
    :class:`ClusterError` with the fix."""
    try:
        from distributed import Client
        from distributed.comm import connect as open_comm
        from distributed.security import Security
    except ImportError:
        raise ClusterError("--scheduler needs the Dask distributed package, which is not "
                           f"installed. Fix: {INSTALL}") from None

    async def probe():
        comm = await open_comm(address, timeout=timeout,
                               **Security().get_connection_args("client"))
        await comm.close()

    # Probe first: a Client that fails to connect prints a traceback when it is collected.
    try:
        asyncio.run(probe())
    except ValueError as e:
        raise ClusterError(f"{address!r} is not a Dask scheduler address ({e}). Fix: give "
                           "it as tcp://HOST:8786, as `dask scheduler` prints it.") from None
    except (OSError, TimeoutError):
        raise ClusterError(f"cannot reach a Dask scheduler at {address} within {timeout:g} s. "
                           "Fix: start one (`dask scheduler`, then `dask worker "
                           f"{address}` on each machine) or check the address.") from None
    return Cluster(Client(address, timeout=timeout, set_as_default=False))
