"""Text at corpus scale: fact extraction and theme measures over 10,000 synthetic documents
(``pl.corpus``), on one core and on all cores, in MB of UTF-8 text per second of wall-clock
time, with the peak memory of every process of a run together.

    python tests/benchmarks/bench_text.py [--work DIR] [--quick]

One-core figures are compared with the loop an analyst writes without ``pl.corpus`` (read a
file, call the per-document function, collect the frames); all-core figures with the one-core
run of the same function, measured in the same run (the ratio is the parallel speed-up).
What bounds each figure comes from cProfile over the first documents, measured in this run.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from common import PYTHON, Row, main, run_child  # noqa: E402

N_DOCS, SEED = 10_000, 10_000
PROFILE_DOCS = 300

# Each child times the call alone (not the interpreter start or the imports) and writes its
# figures to a JSON file: run_child sums the memory of the child and its workers, but keeps
# no output.
_CALL = """
import json, os, time
import pandas as pd
import psutil
import parklens as pl
from pathlib import Path
folder, out = Path({folder!r}), Path({out!r})


def busy():
    c = psutil.cpu_times()  # the whole machine's CPU seconds, all programs
    return c.user + c.nice + c.system + getattr(c, "irq", 0) + getattr(c, "softirq", 0)


machine, mine, wall = busy(), os.times(), time.perf_counter()
{body}
wall, end = time.perf_counter() - wall, os.times()
parent = end.user - mine.user + end.system - mine.system
workers = end.children_user - mine.children_user + end.children_system - mine.children_system
out.write_text(json.dumps({{"seconds": wall, "cpu": parent + workers, "parent_cpu": parent,
                           "others": (busy() - machine - parent - workers) / wall,
                           "bytes": n_bytes, "rows": len(table)}}))
"""
_CORPUS = """
table = pl.corpus.{func}(folder, jobs={jobs}, progress=False)
n_bytes = table.attrs["bytes"]
"""
_LOOP_EXTRACT = """
from parklens.extract import document_date
frames, n_bytes = [], 0
for path in sorted(folder.glob("*.txt")):
    raw = path.read_bytes()
    n_bytes += len(raw)
    text = raw.decode("utf-8-sig")
    frames.append(pl.extract_facts(text, ref_date=document_date(text).date).assign(document=path.name))
table = pd.concat(frames, ignore_index=True)
"""
_LOOP_THEMES = """
frames, n_bytes = [], 0
lexicon = pl.themes.load_lexicon()
for path in sorted(folder.glob("*.txt")):
    raw = path.read_bytes()
    n_bytes += len(raw)
    docs = pd.DataFrame({"source_id": [path.name], "park_id": "",
                         "text": [raw.decode("utf-8-sig")]})
    frames.append(pl.themes.intensity(pl.text.prepare(docs), lexicon, by="source_id"))
table = pd.concat(frames, ignore_index=True)
"""
_PROFILE = """
import cProfile, importlib, json, pstats
from pathlib import Path
import parklens as pl


def code_key(dotted):
    module, _, rest = dotted.partition(":")
    obj = importlib.import_module(module)
    for name in rest.split("."):
        obj = getattr(obj, name)
    code = obj.__code__
    return code.co_filename, code.co_firstlineno, code.co_name


paths = sorted(Path({folder!r}).glob("*.txt"))[:{n}]
pl.corpus.{func}(paths[:5], jobs=1, progress=False)  # imports and lexicons outside the profile
profile = cProfile.Profile()
profile.runcall(pl.corpus.{func}, paths, jobs=1, progress=False)
stats = pstats.Stats(profile).stats
total = stats[code_key("parklens.corpus:{func}")][3]
print(json.dumps({{k: stats[code_key(k)][3] / total for k in {keys!r}
                  if code_key(k) in stats}}))
"""
# Where the time goes (cumulative, so a part may hold the next), as the notes name it.
_EXTRACT_PARTS = {
    "parklens.units:parse_quantity": "reading each candidate's number and unit "
                                     "(units.parse_quantity, exact Fraction arithmetic)",
    "parklens.extract.layout:Layout.__init__": "laying out sentences and clauses "
                                               "(extract.layout.Layout)",
    "parklens.extract.context:period_before": "finding the period before each figure",
    "parklens.extract.facts:facts_frame": "building the frames",
}
_THEME_PARTS = {
    "parklens.text:clean": "cleaning (text.clean: furniture, repeated paragraphs, offsets)",
    "parklens.text:normalize_punctuation": "of which punctuation",
    "parklens.themes:intensity": "the measures (themes.intensity)",
    "parklens.themes:theme_hits": "of which keyword matching (one regex per theme)",
}


def corpus(work: Path, n: int, seed: int = SEED) -> Path:
    """The synthetic corpus of ``n`` documents under ``work`` (made once per n and seed)."""
    from synthetic import make_corpus

    folder = work / f"corpus{n}"
    done = folder / ".complete"
    key = f"n={n} seed={seed}"
    if not done.exists() or done.read_text(encoding="utf-8") != key:
        make_corpus(folder, n=n, seed=seed)
        done.write_text(key, encoding="utf-8")
    return folder


def measure(folder: Path, body: str) -> dict:
    """Run ``body`` on ``folder`` in a fresh process; its figures plus ``peak_mb``."""
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        child = run_child([PYTHON, "-c", _CALL.format(folder=str(folder), out=out, body=body)])
        result = json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        Path(out).unlink(missing_ok=True)
    result["mb_s"] = result["bytes"] / 1e6 / result["seconds"]
    result["cpu_mb_s"] = result["bytes"] / 1e6 / result["cpu"]
    return {**result, **child}


def bounds(folder: Path, func: str, parts: dict[str, str]) -> str:
    """What takes the time of ``pl.corpus.<func>`` on one core, per cProfile."""
    import subprocess

    code = _PROFILE.format(folder=str(folder), n=PROFILE_DOCS, func=func, keys=list(parts))
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    shares = json.loads(out.stdout.strip().splitlines()[-1])
    named = [f"{parts[k]}: {shares[k]:.0%}" for k in parts if k in shares]
    return "; ".join(named) + f" of the time per cProfile ({PROFILE_DOCS} documents)"


def busy(result: dict, cores: int) -> str:
    """How much of the machine other programs took during a measurement."""
    return (f"other programs kept {max(result['others'], 0):.1f} of the {cores} cores busy "
            f"meanwhile")


def run(work: Path, quick: bool = False) -> list[Row]:
    n = 1_000 if quick else N_DOCS
    folder = corpus(work, n)
    cores = os.cpu_count() or 1
    mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
    what = f"{n:,} documents, {mb:.0f} MB"
    rows = []
    for func, loop, parts, label in (
            ("extract", _LOOP_EXTRACT, _EXTRACT_PARTS, "fact extraction"),
            ("theme_measures", _LOOP_THEMES, _THEME_PARTS, "theme measures")):
        base = measure(folder, loop)
        one = measure(folder, _CORPUS.format(func=func, jobs=1))
        many = measure(folder, _CORPUS.format(func=func, jobs=cores))
        bound = bounds(folder, func, parts)
        is_extract = func == "extract"
        rows.append(Row(
            "text", f"{label}, pl.corpus.{func}(jobs=1), {what}", one["mb_s"], "MB/s",
            "loop of per-document calls", base["mb_s"], one["mb_s"] / base["mb_s"],
            "≥ 1 MB/s on one core" if is_extract else "", one["mb_s"] >= 1 if is_extract
            else None, one["peak_mb"],
            f"{one['rows']:,} rows in {one['seconds']:.0f} s; {one['cpu_mb_s']:.2f} MB per "
            f"CPU-second; {busy(one, cores)}. Bound by the CPU: {bound}"))
        if is_extract:
            rows.append(Row(
                "text", f"{label}, jobs=1, per CPU-second of the process", one["cpu_mb_s"],
                "MB/s", target="≥ 1 MB/s on one core", met=one["cpu_mb_s"] >= 1,
                peak_mb=one["peak_mb"],
                note="the one-core rate without the time other programs took from the core"))
        rows.append(Row(
            "text", f"{label}, pl.corpus.{func}(jobs={cores}), {what}", many["mb_s"], "MB/s",
            "jobs=1", one["mb_s"], many["mb_s"] / one["mb_s"], f"speed-up toward {cores}×",
            None, many["peak_mb"],
            f"{many['seconds']:.0f} s; {busy(many, cores)}; the parent's own CPU "
            f"{many['parent_cpu']:.1f} s (listing, unpickling and joining the chunks' frames). "
            f"Bound by the cores the other programs leave. Peak memory of the parent and its "
            f"{cores} workers together (RSS summed: pages shared with the parent count once "
            f"per process)"))
    return rows


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
