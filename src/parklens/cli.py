"""The ``parklens`` command line.

    parklens validate [DATA_DIR] [--notes]   check a dataset; every problem with file, line
                                             and fix (--notes: every note in full)
    parklens summary  [DATA_DIR]   validate, then print parks, sources, figures and conflicts
    parklens report   [--data DATA_DIR] [--parks ...] [--notebooks ...] [--out reports/]
                      [--jobs N] [--timeout S] [--show-code] [--lang zh|en]
                      [--scheduler tcp://HOST:8786]   the same, on a Dask cluster
    parklens extract  FILE [--draft OUT.yaml|FOLDER] [--date YYYY-MM-DD]
    parklens extract  FOLDER|FILE... --out facts.csv [--jobs N]   every document, one CSV
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

import pandas as pd

from .dataset import load
from .validate import DataError, check
from .paths import default_data_dir


def _print_problems(problems, data_dir: Path) -> None:
    """The problems found (the validator keeps the first 200 and counts the rest)."""
    total = getattr(problems, "total", len(problems))
    print(f"parklens: {total} problem{'s' if total != 1 else ''} in {data_dir}:",
          file=sys.stderr)
    for p in problems:
        print(f"  {p}", file=sys.stderr)
    if total > len(problems):
        print(f"  ... and {total - len(problems)} more, not shown.", file=sys.stderr)
    print("Nothing was loaded. Fix the lines above and run `parklens validate` again.",
          file=sys.stderr)


def _print_notes(notes, every: bool = False) -> None:
    """What validation found worth knowing but not wrong, on stdout (the problems, on stderr,
    stay exactly what ``report --data`` prints). The dataset's own notes (a figure marked for
    review, a link not checked) in full; the known slips of the catalogue's source, the same
    on every run and nothing a curator of the dataset can change, in one line, unless
    ``every`` (``--notes``) asks for each."""
    slips = [p for p in notes if getattr(p, "severity", None) == "known_slip"]
    own = [p for p in notes if getattr(p, "severity", None) != "known_slip"]
    for p in (notes if every else own):
        print(f"note: {p}")
    if slips and not every:
        files = ", ".join(dict.fromkeys(p.file for p in slips))
        print(f"note: {len(slips)} known slip{'s' if len(slips) != 1 else ''} of the "
              f"catalogue's source ({files}), kept as printed; "
              "`parklens validate --notes` lists them")


def cmd_validate(args: argparse.Namespace) -> int:
    checked, problems = check(args.data_dir)
    _print_notes(checked.notes, every=args.notes)
    if problems:
        _print_problems(problems, checked.data_dir)
        return 1
    n_rows = len(checked.figures)
    n_fig = len({f.metric.id for f in checked.figures})
    zones = ""
    if checked.catalogue_file is not None:
        n_zones = sum(map(len, checked.catalogue_codes.values()))
        zones = f", the catalogue's {n_zones:,} zones checked"
    print(f"ok: {len(checked.parks)} parks, {len(checked.documents)} source documents, "
          f"{n_fig} figures ({n_rows} figure-source rows), every quote found in its source"
          f"{zones} ({checked.data_dir})")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    try:
        ds = load(args.data_dir)
    except DataError as e:
        _print_problems(e.problems, e.data_dir or Path(args.data_dir or default_data_dir()))
        return 1
    with pd.option_context("display.unicode.east_asian_width", True,
                           "display.width", 200, "display.max_columns", 20):
        print(f"parklens dataset: {ds.data_dir}\n")
        print("Parks")
        print(ds.summary().to_string())
        print("\nSources")
        src = ds.sources.assign(date=ds.sources.date.dt.date)[
            ["source_id", "park_id", "date", "date_basis", "doc_type", "title"]]
        print(src.to_string(index=False))
        conflicts = ds.conflicts()
        print(f"\nConflicting statements: {len(conflicts)}")
        if len(conflicts):
            show = conflicts.assign(
                a=conflicts.stated_a + " (" + conflicts.source_id_a + ")",
                b=conflicts.stated_b + " (" + conflicts.source_id_b + ")",
            )[["park_id", "subject", "label_zh", "period", "a", "b"]]
            print(show.to_string(index=False))
    print(f"\n{ds.metrics.metric_id.nunique()} figures in {len(ds.metrics)} figure-source rows; "
          "each carries its verbatim quote (ds.metrics.quote).")
    return 0


def _connect_cluster(args: argparse.Namespace):
    """The Dask cluster of ``--scheduler``, connected, or None; a problem exits with its fix."""
    if not args.scheduler:
        return None
    from .report.cluster import ClusterError, connect

    if args.jobs is not None:
        print("parklens report: --jobs does not apply with --scheduler; the cluster's workers "
              "decide how many reports run at once.", file=sys.stderr)
        raise SystemExit(2)
    try:
        return connect(args.scheduler)
    except ClusterError as e:
        raise SystemExit(f"parklens report: {e}") from None


def cmd_report(args: argparse.Namespace) -> int:
    from . import report

    # Absolute: the notebooks' kernels run in the notebooks' folder, not in this one.
    data_dir = Path(args.data).expanduser().resolve() if args.data else None
    try:
        ds = load(data_dir)  # validated here, before any notebook starts
    except DataError as e:
        _print_problems(e.problems, e.data_dir or data_dir or Path(default_data_dir()))
        return 1
    valid = list(ds.parks.park_id)
    parks = args.parks or valid
    unknown = [p for p in parks if p not in valid + ["all"]]
    if unknown:
        print(f"parklens report: unknown park {', '.join(unknown)}. Valid: {', '.join(valid)}, "
              "all", file=sys.stderr)
        return 2
    notebooks = report.find_notebooks(args.notebooks)
    out = Path(args.out)
    problem = report.check_writable(out)
    if problem:
        print(f"parklens report: cannot write to {out}/ ({problem}). Fix: choose another "
              "--out folder, or make this one writable and free some disk space.",
              file=sys.stderr)
        return 1
    # Held from here, before the cluster is reached or a line printed: a busy folder stops
    # the run at once. Taken once: report.run is handed it.
    try:
        with report.output_lock(out) as held:
            return _run_report(args, ds, data_dir, notebooks, parks, out, held)
    except report.Busy as e:
        print(e, file=sys.stderr)
        return 1


def _run_report(args: argparse.Namespace, ds, data_dir: Path | None, notebooks: list[Path],
                parks: list[str], out: Path, held) -> int:
    """The checked batch, its folder held: connect, run, print the summary."""
    from . import report

    add_all = args.parks is None  # a chosen list of parks runs just those (name `all` to add it)
    cluster = _connect_cluster(args)
    where = cluster.describe() if cluster else \
        f"with {args.jobs or os.cpu_count()} parallel jobs"
    print(f"Running {len(report.plan(notebooks, parks, add_all=add_all))} reports "
          f"({len(notebooks)} notebooks) {where} on {report.describe_data(data_dir)} "
          f"into {out}/", file=sys.stderr)
    names = dict(zip(ds.parks.park_id, ds.parks.name_zh if args.lang == "zh"
                     else ds.parks.name_en))
    try:
        code, results = report.run(notebooks, parks, out, jobs=args.jobs,
                                   no_input=not args.show_code, lang=args.lang,
                                   timeout=args.timeout, park_names=names, add_all=add_all,
                                   cluster=cluster, data_dir=data_dir, held=held)
    finally:
        if cluster:
            cluster.close()
    print(report.summary(results, out, data_dir))
    if code == report.EXIT_INTERRUPTED:
        print("Interrupted: finished reports are kept, no partial files are left; run the "
              "same command again to complete the folder.", file=sys.stderr)
    return code


def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import run_cli

    paths = args.file
    if len(paths) == 1 and not Path(paths[0]).is_dir() and args.out is None and \
            args.jobs is None:
        return run_cli(paths[0], draft=args.draft, date=args.date)
    if args.draft or args.out is None:
        what = "--draft takes one FILE, without --out or --jobs" if args.draft else \
            "a folder, several files or --jobs need --out facts.csv"
        print(f"parklens extract: {what}. Fix: e.g. parklens extract seeds/ --out facts.csv",
              file=sys.stderr)
        return 2
    from .corpus import run_cli as run_corpus

    return run_corpus(paths, args.out, jobs=args.jobs, date=args.date)


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give 1 or more")
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text} is less than 1; give 1 or more")
    return n


def _positive_seconds(text: str) -> float:
    """An argparse type: a finite number of seconds above 0."""
    try:
        s = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    if not math.isfinite(s) or s <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds above 0 "
                                         "(leave --timeout out for no limit)")
    return s


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parklens", description="Curated data and analysis of Chinese industrial parks.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (
        ("validate", cmd_validate, "check a dataset folder and report every problem"),
        ("summary", cmd_summary, "validate, then print a summary of the dataset"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("data_dir", nargs="?", default=None,
                       help="folder laid out like data/ (default: the bundled data)")
        # the same option as `parklens report --data`, so one habit works for every command
        p.add_argument("--data", dest="data_option", metavar="DATA_DIR", default=None,
                       help="the same folder, named as for `parklens report`")
        if name == "validate":
            p.add_argument("--notes", action="store_true",
                           help="list every note, the known slips of the catalogue's source "
                           "too (by default summed up in one line)")
        p.set_defaults(func=func)
    r = sub.add_parser("report", help="run every notebook for every park to HTML",
                       description="Execute the analysis notebooks with papermill for each "
                       "park (and 'all' for the comparative ones), export HTML, write an "
                       "index.html and print a summary.")
    r.add_argument("--data", metavar="DATA_DIR", default=None,
                   help="a dataset folder laid out like data/ (parks/, vocab/), checked "
                   "before any notebook starts; every notebook loads it (default: the "
                   "bundled data)")
    r.add_argument("--parks", nargs="+",
                   help="park ids, and 'all' for the comparative run (default: every park "
                   "and 'all')")
    r.add_argument("--notebooks", nargs="+",
                   help="notebook names such as 02_growth_metrics, or .ipynb paths "
                   "(default: every notebook in notebooks/)")
    r.add_argument("--out", default="reports", help="output folder (default: reports)")
    r.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="notebooks run in parallel, 1 or more (default: the CPU count)")
    code = r.add_mutually_exclusive_group()
    code.add_argument("--show-code", action="store_true",
                      help="show the notebooks' code cells in the HTML (default: the reports "
                      "show text, tables and charts only)")
    code.add_argument("--no-input", action="store_true",
                      help="hide the code in the HTML (the default; kept for old scripts)")
    r.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of tables and charts (default: zh)")
    r.add_argument("--timeout", type=_positive_seconds, default=None, metavar="SECONDS",
                   help="seconds (above 0) one notebook may run before it is stopped and "
                   "marked failed (default: no limit)")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the notebooks on a Dask cluster, e.g. tcp://HOST:8786; the "
                   "files come back here (needs the dask extra: pip install -e \".[dask]\")")
    r.set_defaults(func=cmd_report)
    x = sub.add_parser(
        "extract", help="list the figures a document states, or draft a park file from them",
        description="Find every quantitative statement of a UTF-8 text document (number, "
        "qualifier, unit, kind, period, the words before it) and print them as a table; with "
        "--draft, write a park-file skeleton to fill in instead. Given a folder (its .txt "
        "files) or several files, write every document's figures to one CSV (--out) using "
        "every core.")
    x.add_argument("file", nargs="+", metavar="FILE",
                   help="the document, e.g. seeds/003_84782c2cc07288f7.txt; or a folder, or "
                   "several files")
    x.add_argument("--out", metavar="facts.csv",
                   help="write the figures of every document here (UTF-8 CSV for Excel, "
                   "with a `document` column); needed for a folder or several files")
    x.add_argument("--jobs", type=int, default=None,
                   help="documents read in parallel processes (default: the CPU count)")
    x.add_argument("--draft", metavar="OUT.yaml|FOLDER",
                   help="write a park-file skeleton here (the file name is the park id), "
                   "e.g. data/parks/new_park.yaml; or, given a folder, a ready dataset in "
                   "it (the document in seeds/, the draft in data/parks/, the vocabularies "
                   "in data/vocab/) that `parklens validate FOLDER/data` checks")
    x.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the document's date, to resolve 今年, 去年, 目前 and 近3年 "
                   "(default: a date the document prints)")
    x.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "data_option", None) is not None:
        if args.data_dir is not None and args.data_dir != args.data_option:
            parser.error(f"two data folders given ({args.data_dir} and --data "
                         f"{args.data_option}): give one")
        args.data_dir = args.data_option
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
