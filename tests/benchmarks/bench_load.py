"""Import and load times at national scale: ``import parklens``; the national catalogue
(``parklens.catalogue.load()``: the CSV checked, ``ds.catalogue`` and
``ds.catalogue_industries`` built) in a new process (cold) and again (warm); and ``pl.load``
of the 2,543-park synthetic dataset with no cache (the first load ever, or after an edit),
from the on-disk cache in a new process (cold), and again in the same process (warm), and
after an edit of one park file (in a new process: that park checked, the others from their
entries in the cache). Peak memory is the child process's peak resident set (``wait4``).

    python tests/benchmarks/bench_load.py [--work DIR] [--quick]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from common import Row, main, run_python  # noqa: E402

N_PARKS = 2543

_IMPORT = """
import json, time
t = time.perf_counter()
import parklens
print(json.dumps({"seconds": time.perf_counter() - t}))
"""

_LOAD = """
import json, time
import pandas, parklens as pl
t = time.perf_counter()
ds = pl.load({data!r})
first = time.perf_counter() - t
t = time.perf_counter()
again = pl.load({data!r})
print(json.dumps({{"seconds": first, "again": time.perf_counter() - t,
                  "parks": len(ds.parks), "rows": len(ds.metrics)}}))
"""


# The baseline reads the same CSV with the csv module into a DataFrame of its raw columns:
# what the catalogue's checks, English names and industry mapping add to merely reading it.
_CATALOGUE = """
import csv, json, time
import pandas
from parklens import catalogue
path = catalogue.default_path()
t = time.perf_counter()
with open(path, encoding="utf-8-sig", newline="") as f:
    header, *rows = list(csv.reader(f))
raw = pandas.DataFrame(rows, columns=header)
baseline = time.perf_counter() - t
t, c = time.perf_counter(), time.process_time()
cat = catalogue.load()
cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
t = time.perf_counter()
cat = catalogue.load()
warm = time.perf_counter() - t
print(json.dumps({"baseline": baseline, "cold": cold, "cold_cpu": cold_cpu, "warm": warm, "zones": len(cat.zones),
                  "mentions": len(cat.industries)}))
"""


def catalogue_rows() -> list[Row]:
    """The catalogue's load, cold (the first in a new process) and warm, best of 5 processes
    each, against reading its CSV with the csv module in the same processes."""
    runs = [run_python(_CATALOGUE) for _ in range(5)]
    base = min(r["baseline"] for r in runs)
    cold = min(runs, key=lambda r: r["cold"])
    warm = min(r["warm"] for r in runs)
    what = (f"catalogue.load(): {cold['zones']:,} zones, {cold['mentions']:,} leading-industry "
            "mentions")
    how = ("best of 5 fresh processes (pandas and parklens imported first); baseline: the CSV "
           "read with the csv module into a DataFrame, in the same processes")
    load = os.getloadavg()[0]
    return [Row("catalogue", f"{what}, cold: first load in the process", cold["cold"], "s",
                "csv.reader + DataFrame", base, cold["cold"] / base, "≤ 0.3 s",
                cold["cold"] <= 0.3, cold["peak_mb"],
                f"{how}; {cold['cold_cpu']:.3f} s of CPU; load average {load:.1f} on "
                f"{os.cpu_count()} cores"),
            Row("catalogue", f"{what}, warm: loaded again", warm, "s", "csv.reader + DataFrame",
                base, warm / base, "≤ 0.3 s", warm <= 0.3, note=how)]


def dataset(work: Path, n: int) -> Path:
    """The synthetic dataset of ``n`` parks under ``work`` (made once, then reused)."""
    from synthetic import make_parks

    data = work / f"parks{n}" / "data"
    done = data.parent / ".complete"
    if not done.exists():
        make_parks(data.parent, n=n)
        done.write_text("ok", encoding="utf-8")
    return data


def run(work: Path, quick: bool = False) -> list[Row]:
    n = 200 if quick else N_PARKS
    data = dataset(work, n)
    cache = work / "cache"
    env = {"PARKLENS_CACHE_DIR": str(cache)}
    rows = []

    bare = min(run_python("import json; print(json.dumps({}))")["wall_s"] for _ in range(3))
    imports = [run_python(_IMPORT) for _ in range(5)]
    best = min(imports, key=lambda r: r["seconds"])
    rows.append(Row("import", "import parklens", best["seconds"], "s",
                    "bare interpreter start", bare, best["seconds"] / bare, "≤ 0.3 s",
                    best["seconds"] <= 0.3, best["peak_mb"],
                    "best of 5 fresh processes; pandas, pydantic, matplotlib load on first use"))
    rows += catalogue_rows()

    nocache = run_python(_LOAD.format(data=str(data)), env={**env, "PARKLENS_CACHE": "0"})
    for f in cache.glob("datasets/*.arrow"):
        f.unlink()
    build = run_python(_LOAD.format(data=str(data)), env=env)  # validates, writes the cache
    colds = [run_python(_LOAD.format(data=str(data)), env=env) for _ in range(3)]
    cold = min(colds, key=lambda r: r["seconds"])
    what = f"pl.load() of {cold['parks']} parks ({cold['rows']:,} figure rows)"
    rows.append(Row("load", f"{what}, no cache", nocache["seconds"], "s", note=(
        "every file parsed and checked (PyYAML/libyaml, pydantic, quote search, figure "
        "parsing): what the first load, or the first after an edit, costs"),
        peak_mb=nocache["peak_mb"]))
    rows.append(Row("load", f"{what}, first load writing the cache", build["seconds"], "s",
                    peak_mb=build["peak_mb"]))
    rows.append(Row("load", f"{what}, cold: new process, cache on disk", cold["seconds"], "s",
                    "no cache", nocache["seconds"], cold["seconds"] / nocache["seconds"],
                    "≤ 2 s", cold["seconds"] <= 2, cold["peak_mb"],
                    "best of 3; hashing every file (xxHash) + mapping the Arrow tables"))
    rows.append(Row("load", f"{what}, warm: again in the same process", cold["again"], "s",
                    "no cache", nocache["seconds"], cold["again"] / nocache["seconds"],
                    "≤ 0.2 s", cold["again"] <= 0.2, cold["peak_mb"],
                    "hashing every file again + copy-on-write frames, new list cells"))
    rows.append(edit_row(data, env, nocache, what))
    return rows


def edit_row(data: Path, env: dict, nocache: dict, what: str) -> Row:
    """A new process loading the dataset after one park file changed (a line added at its
    end), with every park's entry on disk: only that park is checked again."""
    park = sorted((data / "parks").glob("*.yaml"))[len(list((data / "parks").glob("*.yaml"))) // 2]
    original = park.read_bytes()
    try:
        park.write_bytes(original + b"\n# edited by bench_load\n")
        edited = run_python(_LOAD.format(data=str(data)), env=env)
    finally:
        park.write_bytes(original)
    return Row("load", f"{what}, reload after an edit of one park file", edited["seconds"], "s",
               "no cache", nocache["seconds"], edited["seconds"] / nocache["seconds"], "≤ 10 s",
               edited["seconds"] <= 10, edited["peak_mb"],
               "new process; the edited park checked, 2,542 from their cache entries")


if __name__ == "__main__":
    if sys.argv[1:] == ["--catalogue"]:  # the catalogue's figures alone, in seconds
        from common import fmt

        print(fmt(catalogue_rows()))
        sys.exit(0)
    sys.exit(main(run, __doc__))
