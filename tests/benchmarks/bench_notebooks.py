"""The notebooks, run as users run them: each analysis notebook's papermill run against a
floor notebook that only imports parklens and loads the dataset; each notebook with
``park_id="all"`` on the 2,543 synthetic parks of the national catalogue against the same
run on the bundled four parks; and the batch report (4 parks × 4 notebooks) against a
sequential shell loop of the plain papermill CLI.

    python tests/benchmarks/bench_notebooks.py [--work DIR] [--quick] [--national-only]
        [--notebooks 02,03]

``--notebooks`` measures only the notebooks whose names start with the given numbers (a
national run of each takes minutes).
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from common import ROOT, Row, main, run_child  # noqa: E402
from synthetic import small_notebook  # noqa: E402

PARKS = ["guanzhuang", "nanyang_hitech", "puyang", "suqian_eco_chem"]
BIN = Path(sys.executable).parent
TIMEOUT = 1200  # seconds a national run may take before it counts as failed


#: The notebook numbers ``--notebooks`` chose (None: all).
ONLY: tuple[str, ...] | None = None


def notebooks() -> list[Path]:
    found = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return [nb for nb in found if ONLY is None or nb.name[:2] in ONLY]


def floor_notebook(path: Path) -> Path:
    """A notebook with the analysis notebooks' parameters that only imports and loads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return small_notebook(path.parent, path.stem, "import parklens as pl\nds = pl.load()")


def papermill(nb: Path, out: Path, park: str, output_dir: Path | None = None,
              data_dir: Path | None = None) -> list[str]:
    cmd = [str(BIN / "papermill"), str(nb), str(out), "-p", "park_id", park,
           "--no-progress-bar", "-k", "python3"]
    if output_dir is not None:
        cmd += ["-p", "output_dir", str(output_dir)]
    if data_dir is not None:
        cmd += ["-p", "data_dir", str(data_dir)]
    return cmd


def takes_all(nb: Path) -> bool:
    """Whether a notebook accepts ``park_id="all"`` (a one-park notebook calls setup with
    ``allow_all=False``)."""
    import nbformat

    code = "\n".join(c.source for c in nbformat.read(nb, as_version=4).cells
                     if c.cell_type == "code")
    return "allow_all=False" not in code


def national_rows(work: Path, quick: bool = False) -> list[Row]:
    """Each notebook with ``park_id="all"`` on the national synthetic dataset (a ``data_dir``
    parameter) against the same notebook and park on the bundled four parks; a one-park
    notebook runs the first park of each. Each after a warm-up run (the dataset cache);
    the bundled runs are the median of 3."""
    from bench_load import N_PARKS, dataset

    import parklens as pl

    n = 200 if quick else N_PARKS
    data = dataset(work, n)
    env = {"PARKLENS_CACHE_DIR": str(work / "cache")}
    out = work / "national"
    out.mkdir(parents=True, exist_ok=True)
    first = {"bundled": "guanzhuang", "national": pl.load(data).parks.park_id.iloc[0]}
    rows = []
    for nb in notebooks():
        runs = {}
        for label, data_dir, k in (("bundled", None, 3), ("national", data, 1)):
            park = "all" if takes_all(nb) else first[label]
            cmd = papermill(nb, out / f"{label}-{nb.name}", park, data_dir=data_dir)
            try:
                if nb.stem.startswith("03") and label == "national":
                    # 03's first run cleans and segments every distinct text: measured
                    # alone, with no corpus or token entries (the dataset stays cached)
                    for kind in ("corpus", "tokens"):
                        shutil.rmtree(work / "cache" / kind, ignore_errors=True)
                    cold = run_child(cmd, env=env, timeout=TIMEOUT)
                    rows.append(Row("national", f"{nb.stem}, park_id=all, {n:,} parks, cold "
                                    "(no corpus or token entries)", cold["wall_s"], "s",
                                    peak_mb=cold["peak_mb"], note="the run that fills them; "
                                    "the next row is the warm run after it"))
                else:
                    run_child(cmd, env=env, timeout=TIMEOUT)  # warm-up
                runs[label] = [run_child(cmd, env=env, timeout=TIMEOUT) for _ in range(k)]
            except (RuntimeError, TimeoutError) as exc:
                runs[label] = exc
        if isinstance(runs["national"], Exception) or isinstance(runs["bundled"], Exception):
            why = runs["national"] if isinstance(runs["national"], Exception) else runs["bundled"]
            rows.append(Row("national", f"{nb.stem}, {n:,} parks", float("nan"), "s",
                            target="≤ 2×", met=False, note=f"failed: {str(why)[-300:]}"))
            continue
        base = statistics.median(r["wall_s"] for r in runs["bundled"])
        wall = statistics.median(r["wall_s"] for r in runs["national"])
        what = "all" if takes_all(nb) else "one park"
        rows.append(Row("national", f"{nb.stem}, park_id={what}, {n:,} parks", wall, "s",
                        "the 4 bundled parks", base, wall / base, "≤ 2×", wall / base <= 2,
                        max(r["peak_mb"] for r in runs["national"]),
                        f"papermill CLI after a warm-up run; bundled: median of 3; load "
                        f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores after it"))
    return rows


def run(work: Path, quick: bool = False) -> list[Row]:
    return floor_and_batch_rows(work, quick) + national_rows(work, quick)


def floor_and_batch_rows(work: Path, quick: bool = False) -> list[Row]:
    work.mkdir(parents=True, exist_ok=True)
    env = {"PARKLENS_CACHE_DIR": str(work / "cache")}
    rounds = 1 if quick else 9
    rows = []

    # --- each notebook against the floor ----------------------------------------------
    # A shared machine's speed varies by tens of percent from minute to minute, so the
    # notebooks are measured in rounds, each between two runs of the floor: floor, 01, 02,
    # 03, 04, floor, 01, … floor. A notebook's ratio in a round is its time over the mean
    # of the two floor runs around it; its ratio is the median over the rounds.
    floor = floor_notebook(work / "floor" / "00_floor.ipynb")
    nbs = notebooks()
    for nb in [floor, *nbs]:  # warm the caches (dataset; words of each document) once
        run_child(papermill(nb, work / "floor" / f"{nb.stem}.ipynb", "puyang"), env=env)

    def timed(nb: Path) -> dict:
        return run_child(papermill(nb, work / "floor" / f"{nb.stem}.ipynb", "puyang"), env=env)

    floors = [timed(floor)]
    runs: dict[Path, list[dict]] = {nb: [] for nb in nbs}
    for _ in range(rounds):
        for nb in nbs:
            runs[nb].append(timed(nb))
        floors.append(timed(floor))
    floor_wall = [r["wall_s"] for r in floors]
    around = [(x + y) / 2 for x, y in zip(floor_wall, floor_wall[1:])]
    floor_s = statistics.median(floor_wall)
    how = f"papermill CLI, park puyang, after a warm-up run; median of {rounds} rounds"
    rows.append(Row("notebook", "floor: import parklens + pl.load()", floor_s, "s",
                    peak_mb=max(r["peak_mb"] for r in floors),
                    note=f"{how} (+1: a floor run before and after each round); "
                         f"{min(floor_wall):.2f}–{max(floor_wall):.2f} s"))
    for nb in nbs:
        wall = [r["wall_s"] for r in runs[nb]]
        ratio = statistics.median(w / f for w, f in zip(wall, around))
        rows.append(Row("notebook", nb.stem, statistics.median(wall), "s", "floor", floor_s,
                        ratio, "≤ 1.5×", ratio <= 1.5, max(r["peak_mb"] for r in runs[nb]),
                        f"{how}; {min(wall):.2f}–{max(wall):.2f} s; ratio: median over the "
                        "rounds of the time over the mean of the floor runs before and "
                        "after it"))

    # --- the batch against a sequential papermill loop ----------------------------------
    parks = PARKS[:2] if quick else PARKS
    loop_out = work / "loop"
    loop_out.mkdir(exist_ok=True)
    lines = ["set -e"]
    for nb in nbs:
        for park in parks:
            cmd = papermill(nb, loop_out / f"{park}-{nb.name}", park, loop_out / park)
            lines.append(shlex.join(cmd))
    loop = run_child("\n".join(lines), shell=True, env=env)
    batch = run_child([str(BIN / "parklens"), "report", "--parks", *parks, "--out",
                       str(work / "batch"), "--jobs", str(os.cpu_count() or 1)], env=env)
    n = len(parks) * len(nbs)
    speedup = loop["wall_s"] / batch["wall_s"]  # the target: at least 1.7
    rows.append(Row("batch", f"sequential papermill CLI loop, {len(parks)} parks × "
                    f"{len(nbs)} notebooks", loop["wall_s"], "s", peak_mb=loop["peak_mb"],
                    note=f"{n} runs, one after another, no HTML"))
    rows.append(Row("batch", f"parklens report, {len(parks)} parks × {len(nbs)} notebooks",
                    batch["wall_s"], "s", "papermill loop", loop["wall_s"], 1 / speedup,
                    "≥ 1.7× faster", speedup >= 1.7, batch["peak_mb"],
                    f"{os.cpu_count()} parallel jobs; also exports {n} HTML reports and the "
                    "index; peak = all processes together"))
    return rows


if __name__ == "__main__":
    if "--notebooks" in sys.argv:  # e.g. --notebooks 02,03
        at = sys.argv.index("--notebooks")
        ONLY = tuple(n.strip() for n in sys.argv[at + 1].split(","))
        del sys.argv[at:at + 2]
    if "--national-only" in sys.argv:  # the national-scale figures alone
        sys.argv.remove("--national-only")
        sys.exit(main(national_rows, __doc__))
    sys.exit(main(run, __doc__))
