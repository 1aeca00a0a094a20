"""Run every benchmark and write the figures to tests/benchmarks/RESULTS.md.

    python tests/benchmarks/run.py [--work DIR] [--quick] [--only load notebooks text]

Not part of the test run: a full run generates 2,543 synthetic parks and 10,000 documents
and takes about half an hour on 2 cores. ``--quick`` uses small data to check that the
benchmarks work (its figures are not the targets' figures, and it does not write RESULTS.md
unless ``--write`` is given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from common import fmt  # noqa: E402

BENCHES = {"load": "bench_load", "notebooks": "bench_notebooks", "text": "bench_text"}


def machine() -> str:
    """A one-paragraph description of this machine and software."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        ram = f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
    except ImportError:
        ram = "RAM unknown"
    pkgs = ", ".join(f"{p} {version(p)}" for p in ("parklens", "pandas", "pyyaml", "pydantic",
                                                     "papermill", "xxhash"))
    return (f"{cpu}, {os.cpu_count()} cores, {ram}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {pkgs}.")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--work", type=Path, default=Path("/tmp/parklens-bench"),
                   help="folder for the synthetic data and outputs (default /tmp/parklens-bench)")
    p.add_argument("--quick", action="store_true", help="small data, to try the benchmarks")
    p.add_argument("--only", nargs="+", choices=list(BENCHES), default=list(BENCHES))
    p.add_argument("--write", action="store_true", help="write RESULTS.md even with --quick")
    a = p.parse_args()
    sections = []
    started = time.perf_counter()
    for name in a.only:
        mod = importlib.import_module(BENCHES[name])
        print(f"== {name} ==", flush=True)
        t = time.perf_counter()
        rows = mod.run(a.work / name, quick=a.quick)
        table = fmt(rows)
        print(table, f"\n({time.perf_counter() - t:.0f} s)\n", flush=True)
        sections.append(f"## {name}\n\n{(mod.__doc__ or '').strip().split(chr(10) * 2)[0]}\n\n"
                        f"{table}\n")
    if a.quick and not a.write:
        return 0
    text = (f"# Benchmark results\n\nRun on {dt.date.today().isoformat()} with "
            f"`python tests/benchmarks/run.py{' --quick' if a.quick else ''}` "
            f"({(time.perf_counter() - started) / 60:.0f} minutes).\n\n"
            f"Machine: {machine()}\n\n"
            "Each figure is measured in fresh processes; the ratio compares it with the "
            "baseline measured in the same run. Peak MB is the peak resident memory of the "
            "process (for the batch and the loop: of all their processes together).\n\n"
            + "\n".join(sections))
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
