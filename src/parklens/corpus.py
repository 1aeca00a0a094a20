"""Facts and theme measures over a folder of documents, on every core.

An analyst points these functions at a folder of UTF-8 text documents (its ``.txt`` files, in
name order) or at a list of files, and gets one tidy table back: the facts of
:func:`parklens.extract.extract_facts` with a ``document`` column, or the theme measures of
:func:`parklens.themes.intensity` per document. The documents are read by worker processes
(``jobs``, default: every core), a chunk of paths at a time, so the parent never holds the
texts; the table comes back in input order, the same for any number of jobs.

A document that cannot be read (not UTF-8, no permission) does not stop the run: the others
are measured, one warning lists every such file with its fix, and the table's
``attrs["errors"]`` holds them as :class:`Failure` records.

>>> from parklens.paths import project_root
>>> seeds = sorted((project_root() / "seeds").glob("*.txt"))[2:5]
>>> facts = extract(seeds, jobs=1)
>>> facts.document.unique().tolist()  # in input order, each with its facts
['002_05bca7ad69cddc8b.txt', '003_84782c2cc07288f7.txt', '004_883b1f0e294a50ae.txt']
>>> facts.equals(extract(seeds, jobs=2))  # the same table on two worker processes
True
>>> facts.attrs["documents"], facts.attrs["errors"]
(3, ())
>>> measures = theme_measures(seeds, jobs=1)
>>> green = measures[measures.theme == "green_low_carbon"]
>>> print(green[["document", "characters", "hits"]].to_string(index=False))
                document  characters  hits
002_05bca7ad69cddc8b.txt        2623    10
003_84782c2cc07288f7.txt        2309     7
004_883b1f0e294a50ae.txt        4218    22
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
import time
import warnings
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

__all__ = ["Failure", "UnreadableDocumentsWarning", "documents", "extract", "theme_measures",
           "run_cli"]

#: Columns of :func:`theme_measures`, in order.
MEASURE_COLUMNS = ["document", "characters", "theme", "hits", "hits_per_1000_chars",
                   "sentences", "sentence_share_pct"]
_MAX_CHUNK = 32    # documents a worker reads per task: big enough to amortize a frame
_IN_FLIGHT = 2     # chunks queued per worker: bounds what the parent holds at once
_BAR_DELAY = 2.0   # seconds before a progress bar shows: short runs stay quiet


class UnreadableDocumentsWarning(UserWarning):
    """Some documents could not be read; the others were measured."""


@dataclass(frozen=True)
class Failure:
    """A document that could not be read: its name, path, what is wrong and the fix."""

    document: str
    path: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}. Fix: {self.fix}"


class _Unreadable(Exception):
    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def documents(paths_or_folder) -> list[Path]:
    """The documents named by ``paths_or_folder``: a folder gives its ``.txt`` files (not its
    subfolders') in name order, a file itself; a list may mix both. A path that does not
    exist is kept (reading it fails and is reported with the other failures).

    Raises FileNotFoundError for a single path that does not exist, and ValueError when
    nothing is left (an empty folder) or when two documents share a file name, which
    identifies a document in the tables.

    >>> from parklens.paths import project_root
    >>> [p.name for p in documents(project_root() / "seeds")][:2]
    ['000_1081b11f9708eb87.txt', '001_bcaf6a5d3d36a991.txt']
    """
    if isinstance(paths_or_folder, (str, os.PathLike)):
        if not Path(paths_or_folder).exists():
            raise FileNotFoundError(f"{paths_or_folder}: no such folder or file. Fix: give a "
                                    "folder of .txt documents, or a list of files")
        given = [paths_or_folder]
    else:
        given = list(paths_or_folder)
    found: list[Path] = []
    for p in map(Path, given):
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.suffix.lower() == ".txt" and
                            not f.is_dir())
        else:
            found.append(p)
    if not found:
        where = ", ".join(map(str, given)) or "an empty list"
        raise ValueError(f"no documents in {where}: a folder gives its .txt files (UTF-8 text). "
                         "Fix: point at the folder that holds them, or list the files")
    seen: dict[str, Path] = {}
    for p in found:
        if p.name in seen:
            raise ValueError(f"two documents are named {p.name} ({seen[p.name]} and {p}); the "
                             "file name identifies a document in the table. Fix: rename one, "
                             "or run the folders one at a time")
        seen[p.name] = p
    return found


def _read(path: Path) -> tuple[str, int]:
    """The text of a document and its size in bytes; a byte-order mark is not text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise _Unreadable(f"a link to {os.readlink(path)}, which does not exist",
                              "restore the file it points to, or delete the link") from None
        raise _Unreadable("no such file", "check the path, or remove it from the list") from None
    except OSError as e:
        raise _Unreadable(f"cannot read it ({e.strerror or e})",
                          f"make it readable (chmod u+r {path}) or remove it") from None
    try:
        return raw.decode("utf-8-sig"), len(raw)
    except UnicodeDecodeError as e:
        raise _Unreadable(f"not UTF-8 (byte {e.start})",
                          f"convert it, e.g. iconv -f GBK -t UTF-8 {path} > "
                          f"{path.stem}.utf8{path.suffix}") from None


@dataclass
class _Chunk:
    """What a worker sends back for a chunk of documents: compact, no texts."""

    table: pd.DataFrame | None
    failures: list[Failure]
    documents: int
    bytes: int


def _read_all(paths: list[str]) -> Iterator[tuple[Path, str, int] | Failure]:
    for name in paths:
        path = Path(name)
        try:
            text, size = _read(path)
        except _Unreadable as e:
            yield Failure(path.name, name, e.problem, e.fix)
            continue
        yield path, text, size


def _extract_chunk(paths: list[str], ref_date: dt.date | None) -> _Chunk:
    from .extract import COLUMNS, document_date, fact_records, facts_frame
    from .units import load_units

    units = load_units()
    records, failures, n, size = [], [], 0, 0
    for item in _read_all(paths):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        path, text, nbytes = item
        try:
            facts = fact_records(text, ref_date=ref_date or document_date(text).date, units=units)
        except Exception as e:  # a bug met in one document must not lose the others
            failures.append(_crashed(path, e))
            continue
        for fact in facts:
            fact["document"] = path.name
        records += facts
        n, size = n + 1, size + nbytes
    # One frame per chunk, not per document: building a frame costs as much as a short
    # document's extraction.
    table = facts_frame(records, ["document"] + COLUMNS) if records else None
    return _Chunk(table, failures, n, size)


def _crashed(path: Path, e: Exception) -> Failure:
    return Failure(path.name, str(path), f"failed ({type(e).__name__}: {e})",
                   "report it as a parklens bug, with the file; the other documents are done")


def _measure_chunk(paths: list[str], lexicon: dict) -> _Chunk:
    read = list(_read_all(paths))
    failures = [item for item in read if isinstance(item, Failure)]
    docs = [item for item in read if not isinstance(item, Failure)]
    del read
    try:
        table = _measure(docs, lexicon)
    except Exception:  # find the document at fault and measure the others
        tables = []
        for doc in docs:
            try:
                tables.append(_measure([doc], lexicon))
            except Exception as e:
                failures.append(_crashed(doc[0], e))
        table = pd.concat([t for t in tables if t is not None], ignore_index=True) \
            if any(t is not None for t in tables) else None
        docs = [d for d in docs if d[0].name not in {f.document for f in failures}]
    return _Chunk(table, failures, len(docs), sum(size for _, _, size in docs))


def _measure(docs: list[tuple[Path, str, int]], lexicon: dict) -> pd.DataFrame | None:
    from .text import prepare
    from .themes import intensity

    if not docs:
        return None
    names = [path.name for path, _, _ in docs]
    # Keys that sort in input order: intensity orders its rows by them.
    keys = [f"{i:06d}" for i in range(len(names))]
    # Uncached: a folder scanned once would fill the analyst's cache with every document;
    # and no bar of its own, in a worker: the run's bar counts the documents.
    corpus = prepare(pd.DataFrame({"source_id": keys, "park_id": "",
                                   "text": [text for _, text, _ in docs]}),
                     progress=False, cache=False)
    table = intensity(corpus, lexicon, by="source_id")
    chars = dict(zip(corpus.documents.source_id, corpus.documents.n_chars))
    table.insert(1, "characters", table.source_id.map(chars).astype("int64"))
    table["source_id"] = table.source_id.map(dict(zip(keys, names)))
    return table.rename(columns={"source_id": "document"})[MEASURE_COLUMNS]


def _chunks(paths: list[Path], jobs: int) -> list[list[str]]:
    size = max(1, min(_MAX_CHUNK, math.ceil(len(paths) / (jobs * 8))))
    names = [str(p) for p in paths]
    return [names[i:i + size] for i in range(0, len(names), size)]


def _in_order(task: Callable, chunks: list[list[str]], args: tuple,
              jobs: int) -> Iterator[_Chunk]:
    """``task(chunk, *args)`` for every chunk, in order; on ``jobs`` processes unless 1."""
    if jobs == 1:
        for chunk in chunks:
            yield task(chunk, *args)
        return
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        pending: deque = deque()
        todo = iter(chunks)
        for chunk in todo:
            pending.append(pool.submit(task, chunk, *args))
            if len(pending) >= jobs * _IN_FLIGHT:
                break
        while pending:
            result = pending.popleft().result()
            for chunk in todo:
                pending.append(pool.submit(task, chunk, *args))
                break
            yield result
    finally:
        # On an error or Ctrl-C, the chunks not yet started are dropped, not waited for.
        pool.shutdown(wait=True, cancel_futures=True)


def _jobs(jobs: int | None) -> int:
    if jobs is None:
        return os.cpu_count() or 1
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive whole number or None (every core), "
                         f"got {jobs!r}")
    return jobs


def _run(task: Callable, paths_or_folder, args: tuple, *, jobs: int | None, progress: bool,
         desc: str, empty: pd.DataFrame) -> pd.DataFrame:
    from tqdm.auto import tqdm

    start = time.perf_counter()
    paths = documents(paths_or_folder)
    jobs = min(_jobs(jobs), len(paths))
    tables, failures, n, size = [], [], 0, 0
    with tqdm(total=len(paths), desc=desc, unit="doc", disable=not progress, delay=_BAR_DELAY,
              leave=False, file=sys.stderr) as bar:
        for chunk in _in_order(task, _chunks(paths, jobs), args, jobs):
            if chunk.table is not None:
                tables.append(chunk.table)
            failures += chunk.failures
            n, size = n + chunk.documents, size + chunk.bytes
            bar.update(chunk.documents + len(chunk.failures))
    table = pd.concat(tables, ignore_index=True) if tables else empty
    table.attrs.update(documents=n, bytes=size, seconds=time.perf_counter() - start,
                       errors=tuple(failures))
    if failures:
        listing = "\n".join(f"  {f}" for f in failures)
        warnings.warn(f"{len(failures)} of {len(paths)} documents could not be read and are "
                      f"left out (the table's attrs['errors'] lists them):\n{listing}",
                      UnreadableDocumentsWarning, stacklevel=3)
    return table


def extract(paths_or_folder, *, ref_date=None, jobs: int | None = None,
            progress: bool = True) -> pd.DataFrame:
    """The facts of every document: a ``document`` column (the file name), then the columns
    of :func:`parklens.extract.extract_facts`, in document order.

    ``ref_date`` (a date or ``"YYYY-MM-DD"``) resolves 今年, 去年 and 目前 in every document;
    without it each document's printed date is used where it prints one, as by
    ``parklens extract``. ``jobs`` is the number of worker processes (default: every core;
    1 runs here, without a pool). ``attrs`` holds ``documents`` (read), ``bytes``,
    ``seconds`` and ``errors``: a :class:`Failure` per document that could not be read,
    each also named in an :class:`UnreadableDocumentsWarning`.

    >>> from parklens.paths import project_root
    >>> facts = extract(project_root() / "seeds" / "003_84782c2cc07288f7.txt", jobs=1)
    >>> print(facts[["document", "stated", "kind", "period"]].head(2).to_string(index=False))
                    document stated   kind          period
    003_84782c2cc07288f7.txt   7.5% growth 2024-01/2024-09
    003_84782c2cc07288f7.txt  11.2% growth 2024-01/2024-09
    """
    from .extract import COLUMNS, as_date, facts_frame

    ref = as_date(ref_date)
    return _run(_extract_chunk, paths_or_folder, (ref,), jobs=jobs, progress=progress,
                desc="parklens: extracting facts",
                empty=facts_frame([], ["document"] + COLUMNS))


def theme_measures(paths_or_folder, lexicon: dict | str | Path | None = None, *,
                   jobs: int | None = None, progress: bool = True) -> pd.DataFrame:
    """Theme measures per document, as :func:`parklens.themes.intensity` computes them for
    ``by="source_id"``: one row per document and theme with ``characters`` (of the cleaned
    text, white space excluded), ``hits``, ``hits_per_1000_chars``, ``sentences`` touching
    the theme and their share (%). ``lexicon`` is a lexicon dict or the path of a YAML one
    (default: the bundled themes). ``jobs``, ``progress`` and ``attrs`` as for
    :func:`extract`.

    >>> from parklens.paths import project_root
    >>> m = theme_measures(project_root() / "seeds" / "003_84782c2cc07288f7.txt", jobs=1)
    >>> top = m.sort_values("hits_per_1000_chars").iloc[-1]
    >>> top.theme, int(top.hits), int(top.characters)
    ('innovation_talent', 18, 2309)
    """
    from .themes import load_lexicon

    if not isinstance(lexicon, dict):
        lexicon = load_lexicon(lexicon)
    empty = pd.DataFrame(columns=MEASURE_COLUMNS).astype(
        {"characters": "int64", "hits": "int64", "hits_per_1000_chars": "float64",
         "sentences": "int64", "sentence_share_pct": "float64"})
    return _run(_measure_chunk, paths_or_folder, (lexicon,), jobs=jobs, progress=progress,
                desc="parklens: measuring themes", empty=empty)


# ---------------------------------------------------------------------------------------------
# Command line

def run_cli(paths: Iterable, out, *, jobs: int | None = None, date=None) -> int:
    """``parklens extract FOLDER|FILE... --out facts.csv [--jobs N] [--date YYYY-MM-DD]``:
    write the facts of every document to one CSV (UTF-8 with BOM, for Excel; atomically) and
    print a one-line summary. Documents that cannot be read are named on stderr with their
    fix and give exit code 1; the CSV still holds every other document's facts.

    >>> run_cli(["no/such/folder/"], "facts.csv")
    1
    """
    from .export import write_csv
    from .extract import as_date

    def fail(message: str) -> int:
        print(f"parklens extract: {message}", file=sys.stderr)
        return 1

    try:
        ref = as_date(date)
    except ValueError:
        return fail(f"--date {date!r} is not a date. Fix: write YYYY-MM-DD, e.g. 2025-01-08")
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not any(Path(p).exists() for p in paths):
        return fail(f"{', '.join(map(str, paths))}: no such file or folder. Fix: give a "
                    "folder of .txt documents, or the files")
    with warnings.catch_warnings():
        # The failures are printed below, one line each; the warning would repeat them.
        warnings.simplefilter("ignore", UnreadableDocumentsWarning)
        try:
            facts = extract(paths, ref_date=ref, jobs=jobs)
        except (ValueError, FileNotFoundError) as e:
            return fail(str(e))
        except BrokenProcessPool:
            return fail("a worker process died (out of memory?); nothing was written. Fix: "
                        "run again with fewer --jobs")
        except KeyboardInterrupt:
            print("parklens extract: interrupted; nothing was written.", file=sys.stderr)
            return 130
    try:
        write_csv(facts, out)
    except OSError as e:
        return fail(f"cannot write {out} ({e.strerror or e}). Fix: choose a writable path")
    a = facts.attrs
    errors = a["errors"]
    print(f"{a['documents']} documents, {len(facts)} facts, {a['bytes'] / 1e6:.1f} MB in "
          f"{a['seconds']:.1f} s ({a['bytes'] / 1e6 / max(a['seconds'], 1e-9):.2f} MB/s); "
          f"{len(errors)} failed; wrote {out}")
    for f in errors:
        print(f"parklens extract: {f}", file=sys.stderr)
    return 1 if errors else 0
