"""Mutation testing of the modules whose rules the analysis stands on, with mutmut.

    .venv/bin/python tests/mutation.py                 # every module in tests/mutation.toml
    .venv/bin/python tests/mutation.py numerals units  # some of them
    .venv/bin/python tests/mutation.py growth --diffs  # and write each survivor's diff

mutmut plants one small bug at a time (a ``<`` for a ``<=``, a constant changed, a branch
dropped) in a copy of the module and runs the module's own tests on it: a bug no test notices
is a "survivor". Each module runs in its own copy of the repository under ``.mutation/<module>/``
(ignored by git), so runs never touch the working tree and a survivor can be looked at
afterwards with ``cd .mutation/<module> && ../../.venv/bin/mutmut show NAME``.

The score is killed (a test failed or timed out) over every mutant made, survivors and
mutants no test reaches included; a module below its floor (``floor`` in the table, 0.85 by
default) makes the run exit non-zero. A survivor is killed with a test whose expected answer
comes from the rules, or marked ``# pragma: no mutate`` with a comment saying why the change
cannot be seen (an equivalent mutant), never by a test written to the mutant.

This is not part of the default test run (it takes minutes per module); mutmut needs
``fork``, so it runs on Linux and macOS. The scores go into tests/benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from shared import shared_folder  # tests/shared.py: this script's folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]
TABLE = Path(__file__).with_name("mutation.toml")
WORK = ROOT / ".mutation"
FLOOR = 0.85
KILLED = {"killed", "timeout"}


def _modules() -> dict[str, dict]:
    return tomllib.loads(TABLE.read_text(encoding="utf-8"))


def _copy_tree(dest: Path) -> None:
    # The working tree as git sees it (tracked and new files, not ignored ones): what a
    # commit would hold, without .venv, reports or an earlier run's copies.
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if not source.is_file() or name.startswith("tests/benchmarks/"):
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _config(module: str, spec: dict) -> str:
    # setup.cfg, not pyproject.toml: mutmut reads [tool.mutmut] first, and the project's
    # pyproject.toml must not carry one module's settings.
    tests = "\n    ".join(spec["tests"])
    files = "\n    ".join(f"src/parklens/{f}" for f in _files(module, spec))
    return ("[mutmut]\n"
            "source_paths=src\n"
            f"only_mutate=\n    {files}\n"
            f"pytest_add_cli_args_test_selection=\n    {tests}\n"
            "pytest_add_cli_args=-p no:cacheprovider\n"
            "also_copy=\n    data\n    seeds\n    notebooks\n")


def _files(module: str, spec: dict) -> list[str]:
    """The files of a module under src/parklens/: ``files`` (the modules of a subpackage
    scored together), else ``file``, else ``<module>.py``."""
    return spec.get("files") or [spec.get("file", module + ".py")]


def _dotted(file: str) -> str:
    # extract/reader.py -> parklens.extract.reader, the prefix of its mutants' names
    return ("parklens." + file.removesuffix(".py").replace("/", ".")).removesuffix(".__init__")


def _one_process(pyproject: Path) -> None:
    # mutmut runs the tests inside its own (forked) processes: pytest-xdist's workers, which
    # the project's addopts turn on, would run them elsewhere, out of its sight.
    text = pyproject.read_text(encoding="utf-8")
    text = re.sub(r'^(addopts = ".*?)\s+-n [^\s"]+(?: --dist [^\s"]+)?', r"\1", text, flags=re.M)
    pyproject.write_text(text, encoding="utf-8")


def _globs(module: str, spec: dict) -> list[str]:
    """The mutant names a module is scored on: all of it (every file of ``files``), or the
    functions listed (of its one file)."""
    functions = spec.get("functions")
    if not functions:
        return [f"{_dotted(f)}.*" for f in _files(module, spec)]
    dotted = _dotted(_files(module, spec)[0])
    # mutmut names a function f "x_f" and a method C.m "xǁCǁm"
    return [f"{dotted}.x_{f}__mutmut_*" if "." not in f
            else f"{dotted}.xǁ{f.split('.')[0]}ǁ{f.split('.')[1]}__mutmut_*" for f in functions]


def _mutmut(work: Path, *args: str, log=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    shared = shared_folder(ROOT)
    if "PARKLENS_SHARED" not in env and shared is not None:
        env["PARKLENS_SHARED"] = str(shared)  # the copy sits too deep to find ../shared itself
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=work, env=env,
                          stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run(module: str, spec: dict, diffs: bool, last: bool = False) -> dict:
    """Mutate ``module`` in a fresh copy and score it; with ``last``, score the copy that the
    last run left (no new run)."""
    work = WORK / module
    globs = _globs(module, spec)
    done, seconds = None, float("nan")
    if last:
        if not (work / "mutants").is_dir():
            raise SystemExit(f"no earlier run of {module} in {work}: run it without --last")
    else:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        _copy_tree(work)
        (work / "setup.cfg").write_text(_config(module, spec), encoding="utf-8")
        _one_process(work / "pyproject.toml")
        started = time.monotonic()
        with open(work / "mutmut.log", "w", encoding="utf-8") as log:
            done = _mutmut(work, "run", *([] if spec.get("functions") is None else globs),
                           log=log)
        seconds = time.monotonic() - started
    listed = _mutmut(work, "results", "--all", "true").stdout
    status: dict[str, str] = {}
    for line in listed.splitlines():
        name, sep, verdict = line.strip().rpartition(": ")
        if sep and any(fnmatch.fnmatchcase(name, g) for g in globs):
            status[name] = verdict
    if (done is not None and done.returncode != 0) or not status:
        tail = (work / "mutmut.log").read_text(encoding="utf-8", errors="replace")[-2000:]
        code = "no results" if done is None else f"exit {done.returncode}"
        raise SystemExit(f"mutmut failed on {module} ({code}); the end of "
                         f"{work / 'mutmut.log'}:\n{tail}")
    survivors = sorted(n for n, v in status.items() if v not in KILLED)
    (work / "survivors.txt").write_text(
        "".join(f"{n}: {status[n]}\n" for n in survivors), encoding="utf-8")
    if diffs:
        with open(work / "survivors.diff", "w", encoding="utf-8") as out:
            for name in survivors:
                out.write(_mutmut(work, "show", name).stdout + "\n")
    killed = sum(v in KILLED for v in status.values())
    return {"module": module, "mutants": len(status), "killed": killed,
            "survived": len(survivors), "score": killed / len(status), "seconds": seconds,
            "floor": spec.get("floor", FLOOR), "work": work}


def main(argv: list[str] | None = None) -> int:
    table = _modules()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"modules of {TABLE.name} (default: all: {', '.join(table)})")
    parser.add_argument("--diffs", action="store_true",
                        help="write every survivor's diff to .mutation/MODULE/survivors.diff")
    parser.add_argument("--last", action="store_true",
                        help="score the copies the last run left in .mutation/ (no new run)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in table]
    if unknown:
        parser.error(f"no module {', '.join(unknown)} in {TABLE}: choose from {', '.join(table)}")
    rows = []
    for module in args.modules or list(table):
        print(f"{'scoring' if args.last else 'mutating'} {module} …", flush=True)
        row = run(module, table[module], args.diffs, args.last)
        rows.append(row)
        took = "" if args.last else f" in {row['seconds']:.0f} s"
        print(f"  {row['killed']}/{row['mutants']} killed ({row['score']:.1%}){took}; "
              f"survivors in {row['work'] / 'survivors.txt'}", flush=True)
    print("\n| module | mutants | killed | survived | score | floor |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['module']} | {r['mutants']} | {r['killed']} | {r['survived']} | "
              f"{r['score']:.1%} | {r['floor']:.0%} |")
    below = [r["module"] for r in rows if r["score"] < r["floor"]]
    if below:
        print(f"\nbelow the floor: {', '.join(below)}", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
