"""What every benchmark shares: running a measurement in a fresh process, reading its peak
memory, and one row format for the figures.

Each measurement runs in a child process of its own (``python -c CODE``), so that its peak
resident memory (``ru_maxrss`` from ``os.wait4``) is its own and an import or a cache warmed
by an earlier measurement cannot flatter it. The code prints one JSON object as its last line
of output; the harness adds ``wall_s`` (the child's whole life) and ``peak_mb``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@dataclass
class Row:
    """One figure: ``value`` against ``baseline`` (measured in the same run) and a target."""

    benchmark: str
    figure: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    ratio: float | None = None  # value / baseline_value
    target: str = ""
    met: bool | None = None
    peak_mb: float | None = None
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def run_child(cmd: list[str] | str, *, env: dict | None = None, cwd: Path | None = None,
              shell: bool = False, timeout: float | None = None) -> dict:
    """Run a command that starts processes of its own (a batch, a shell loop); return
    ``wall_s`` and ``peak_mb``, the largest total resident memory of the command and all its
    descendants, sampled every 0.1 s with psutil. Raises if it fails or outlasts
    ``timeout`` seconds (then it and its descendants are killed)."""
    import psutil

    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=full_env, cwd=cwd, shell=shell, text=True)
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        if timeout is not None and time.perf_counter() - start > timeout:
            for p in [*root.children(recursive=True), root]:
                try:
                    p.kill()
                except psutil.Error:
                    pass
            proc.wait()
            raise TimeoutError(f"{cmd} took more than {timeout:.0f} s")
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall_s": wall, "peak_mb": peak / 2**20}


def run_python(code: str, *, env: dict | None = None, cwd: Path | None = None,
               timeout: float | None = None) -> dict:
    """Run ``python -c code`` in a fresh process and measure its peak memory with wait4.

    The code prints a JSON object on its last line; returned with ``wall_s`` and ``peak_mb``.
    """
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull, subprocess.Popen(
            [PYTHON, "-c", code], stdout=subprocess.PIPE, stderr=devnull, env=full_env,
            cwd=cwd) as proc:
        out = proc.stdout.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}); code:\n{code}")
    lines = [ln for ln in out.strip().splitlines() if ln.strip()]
    result = json.loads(lines[-1]) if lines else {}
    result.update(wall_s=wall, peak_mb=usage.ru_maxrss / 1024)  # ru_maxrss is KiB on Linux
    return result


def fmt(rows: list[Row]) -> str:
    """The rows as a Markdown table (what the benchmarks print and RESULTS.md keeps)."""
    head = ("| benchmark | figure | value | baseline | ratio | target | met | peak MB | note |\n"
            "|---|---|---:|---|---:|---|---|---:|---|")
    out = [head]
    for r in rows:
        base = f"{r.baseline} = {r.baseline_value:.3g}" if r.baseline_value is not None \
            else r.baseline
        out.append("| " + " | ".join([
            r.benchmark, r.figure, f"{r.value:.3g} {r.unit}", base,
            _ratio(r.ratio, r.unit),
            r.target, {True: "yes", False: "**no**", None: ""}[r.met],
            f"{r.peak_mb:.0f}" if r.peak_mb is not None else "", r.note]) + " |")
    return "\n".join(out)


def _ratio(r: float | None, unit: str) -> str:
    """value / baseline, and how much faster that is: for a time a ratio below 1 is faster,
    for a rate (MB/s) a ratio above 1."""
    if r is None:
        return ""
    speedup = r if unit.endswith("/s") else 1 / r
    return f"{r:.3g}×" + (f" ({speedup:.3g}× faster)" if speedup > 1 else "")


def main(run, doc: str | None) -> int:
    """The command line of one benchmark module: ``--work DIR`` and ``--quick``; prints the
    table of ``run(work, quick)``."""
    import argparse

    p = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    p.add_argument("--work", type=Path, default=Path("/tmp/parklens-bench"))
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    print(fmt(run(a.work, a.quick)))
    return 0
