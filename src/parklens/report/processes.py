"""Notebook processes started, and killed with every process under them, the same way on
Linux, macOS and Windows: psutil finds a process's descendants (no ``/proc``), a process
group of its own (a session on POSIX, ``CREATE_NEW_PROCESS_GROUP`` on Windows) keeps the
terminal's Ctrl-C for the batch, and ``os.killpg`` is used only where it exists."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import psutil

__all__ = ["Children", "kill", "kill_tree"]


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
            kill(proc)
        return proc

    def forget(self, proc: subprocess.Popen) -> None:
        with self.lock:
            self.procs.discard(proc)

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            for proc in list(self.procs):
                kill(proc)


#: A process group of its own: a new session on POSIX, a new process group on Windows.
_OWN_GROUP = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
              else {"start_new_session": True})


def kill(proc: subprocess.Popen) -> None:
    """Kill a notebook process and everything under it, on every platform (psutil): Jupyter
    starts each kernel in a session of its own, which would otherwise notice its parent gone
    only a second later."""
    if proc.poll() is None:
        try:
            kill_tree(psutil.Process(proc.pid))
        except psutil.NoSuchProcess:
            pass
    if hasattr(os, "killpg"):  # POSIX: also what is left of its session's group
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def kill_tree(root: psutil.Process, include_root: bool = True) -> None:
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

