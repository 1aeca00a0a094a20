"""One batch at a time writes into an output folder: a lock file there
(:func:`output_lock`) makes a second one stop at once with the pid of the first; the system
releases the lock of a killed run. And whether the folder can take files at all."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..export import atomic_path, write_text

__all__ = ["check_writable", "Busy", "Held", "output_lock", "LOCK_FILE", "OWNER_FILE"]


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


