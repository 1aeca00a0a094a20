"""The notebook process itself: ``python -m parklens.report _one NB PARK OUT`` runs one
notebook (a cluster's worker starts one per notebook), ``python -m parklens.report _serve``
runs many, one after another (a local batch keeps one per job slot: papermill and nbconvert
are imported once), a JSON line in on stdin and a JSON line out on stdout per notebook.

A notebook process dies with the batch that started it, however the batch ends (``kill -9``
too): it watches the pipe of its stdin, whose end the system closes when its parent dies,
and then kills its kernels and exits (:func:`watch_parent`)."""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import threading
import traceback
from pathlib import Path
from typing import NoReturn

import psutil

from .execute import execute, exporter
from .processes import kill_tree
from .tasks import EXIT_FAILED

__all__ = ["watch_parent", "serve", "main"]


def watch_parent(lines: queue.Queue | None = None) -> None:
    """Start a thread that reads this process's stdin, a pipe from the process that started
    it, and at its end kills this process's kernels and exits. The system closes the pipe
    when the parent dies, however it dies, on every platform: nothing then goes on writing
    into the report folder. A served process gets its tasks through ``lines``; the parent
    closes the pipe to end it once it has answered them all."""

    def watch():
        for line in sys.stdin:
            if lines is not None:
                lines.put(line)
        kill_tree(psutil.Process(), include_root=False)
        os._exit(0)

    threading.Thread(target=watch, name="parklens-parent-watch", daemon=True).start()


def serve() -> NoReturn:
    """A notebook process for many notebooks: one JSON task per line on stdin (the arguments
    of :func:`~parklens.report.execute.execute`), one JSON line ``{"error": null | "..."}`` per task on stdout, in
    order; ends at the end of stdin, or as soon as its parent dies."""
    import papermill  # noqa: F401  (imported once, before the first task: the point of serving)

    exporter(True, "zh")

    # The replies get stdout to themselves; anything else printed (a library, the kernel's
    # own file descriptors) goes to stderr.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    lines: queue.Queue = queue.Queue()
    watch_parent(lines)
    while True:  # the watcher ends the process at the end of stdin
        t = json.loads(lines.get())
        try:
            error = execute(Path(t["notebook"]), t["park_id"], Path(t["out"]), t["lang"],
                            t["no_input"], t["data_dir"])
        except Exception as e:
            traceback.print_exc()
            error = f"{type(e).__name__}: {e}"
        replies.write(json.dumps({"error": error}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Entry of the hidden notebook processes: ``python -m parklens.report _one NB PARK OUT``
    (one notebook) and ``python -m parklens.report _serve`` (many, see :func:`serve`)."""
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
        return serve()
    watch_parent()  # stdin: a pipe from run_child, never written, closed when it dies
    error = execute(args.notebook, args.park_id, args.out, args.lang, args.no_input,
                    args.data)
    if error:
        # one line, the last on stderr, which the batch shows as this report's error
        print(error, file=sys.stderr)
        return EXIT_FAILED
    return 0

