"""``parklens extract FILE``: the figures of one document as a table, or a draft park file."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Iterator, Mapping

from .dates import as_date, document_date
from .draft import comment_text, draft_park_file, park_id_for, write_draft_folder
from .facts import extract_facts


def _source_file(document: Path, draft: Path) -> str:
    """The document's path as a park file names it: relative to the project root when the
    draft goes into ``<root>/data/parks/``, else as given."""
    if draft.parent.name == "parks":
        root = draft.resolve().parent.parent.parent
        return Path(os.path.relpath(document.resolve(), root)).as_posix()
    return document.as_posix()


def _fail(message: str) -> int:
    print(f"parklens extract: {message}", file=sys.stderr)
    return 1


def _value_label(fact: Mapping) -> str:
    if isinstance(fact["value_text"], str):
        return fact["value_text"]
    return f"{fact['value']:.10g}"


# Characters that take two columns in a terminal (East Asian wide and full-width).
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(text: str) -> int:
    return len(text) + len(_WIDE.findall(text))


def _table_lines(columns: dict[str, list[str]]) -> Iterator[str]:
    """A text table, columns right-aligned by display width, one line at a time.

    pandas' ``to_string`` with East Asian widths measures every character in Python: for the
    230,000 figures of a 50 MB document it took longer than finding them."""
    widths = [max(map(_width, [name, *cells])) for name, cells in columns.items()]

    def line(cells) -> str:
        return " ".join(" " * (w - _width(c)) + c for w, c in zip(widths, cells))

    yield line(columns)
    for row in zip(*columns.values()):
        yield line(row)


def _draft_folder_cli(document: Path, text: str, folder: Path, ref: dt.date | None) -> int:
    park_id = park_id_for(document)
    try:
        target = write_draft_folder(document, text, folder, park_id=park_id, ref_date=ref)
    except FileExistsError as e:
        return _fail(f"{e}: a draft is never written over. Fix: choose another folder, or "
                     "delete the old draft")
    except OSError as e:
        return _fail(f"cannot write into {folder} ({e.strerror or e}). Fix: choose a "
                     "writable folder")
    content = target.read_text(encoding="utf-8")
    n = len(re.findall(rf"^  - id: {park_id}_[0-9]+$", content, flags=re.M))
    print(f"Wrote a dataset for {document.name} to {folder}: {target} ({n} figures, park id "
          f"{park_id}), the document in {folder / 'seeds'}, the vocabularies in "
          f"{folder / 'data' / 'vocab'}. Replace every `todo`, check the lines marked TODO and "
          f"the figures marked review, then run `parklens validate {folder / 'data'}`.")
    return 0


def run_cli(path, draft=None, date=None) -> int:
    """``parklens extract FILE [--draft OUT.yaml|FOLDER] [--date YYYY-MM-DD]``: print the
    figures of a document as a table, or write a park-file skeleton to ``draft``
    (atomically). A ``draft`` that is no ``.yaml`` file is a folder: a ready dataset is
    written there (:func:`write_draft_folder`), wherever the document and the folder lie.

    ``date`` resolves 今年, 去年 and 目前; without it a date the document prints is used. A
    missing or non-UTF-8 file, or a bad date, gives a one-line error with the fix and exit
    code 1.

    >>> run_cli("no/such/document.txt")
    1
    """
    from ..export import write_text

    path = Path(path)
    try:
        # A byte-order mark is not text: offsets count from after it, as in pl.load().
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return _fail(f"{path}: no such file. Fix: give the path of a text document, "
                     "e.g. seeds/003_84782c2cc07288f7.txt")
    except UnicodeDecodeError as e:
        return _fail(f"{path} is not UTF-8 (byte {e.start}). Fix: convert it, e.g. "
                     f"iconv -f GBK -t UTF-8 {path} > {path.stem}.utf8{path.suffix}")
    except OSError as e:
        return _fail(f"{path}: cannot read it ({e.strerror or e}). Fix: give a readable file")
    try:
        ref = as_date(date)
    except ValueError:
        return _fail(f"--date {date!r} is not a date. Fix: write YYYY-MM-DD, e.g. 2025-01-08")

    if draft is not None and Path(draft).suffix.lower() not in (".yaml", ".yml"):
        return _draft_folder_cli(path, text, Path(draft), ref)
    if draft is not None:
        draft = Path(draft)
        park_id = park_id_for(draft)
        content = draft_park_file(text, file=_source_file(path, draft), park_id=park_id,
                                  ref_date=ref)
        try:
            write_text(content, draft)
        except OSError as e:
            return _fail(f"cannot write {draft} ({e.strerror or e}). Fix: choose a writable path")
        n = len(re.findall(rf"^  - id: {park_id}_[0-9]+$", content, flags=re.M))
        print(f"Wrote a draft with {n} figures to {draft} (park id {park_id}). Replace every "
              "`todo`, check the lines marked TODO, then run `parklens validate`.")
        return 0

    found = document_date(text)
    printed = found.date
    facts = extract_facts(text, ref_date=ref or printed)
    if ref:
        note = f"periods resolved against {ref.isoformat()}"
    elif printed and found.basis == "printed":
        note = f"periods resolved against {printed.isoformat()}, the date the document prints"
    elif printed:
        note = f"periods resolved against {printed.isoformat()}, from {comment_text(found.how)}"
    else:
        note = "relative periods (今年, 去年, 目前) left unresolved: pass --date YYYY-MM-DD"
    print(f"{path}: {len(facts)} figures ({note})")
    if len(facts):
        def clip(cell) -> str:  # a long cell is cut, as pandas does
            cell = "" if cell is None else str(cell)
            return cell if len(cell) <= 24 else cell[:21] + "..."

        table = {
            "at": facts.start.astype(str).tolist(),
            "stated": [clip(re.sub(r"\s+", "", s)) for s in facts.stated],
            "value": [clip(_value_label({"value": v, "value_text": t}))
                      for v, t in zip(facts.value, facts.value_text)],
            "unit": list(map(clip, facts.unit)),
            "qualifier": facts.qualifier.tolist(), "kind": facts.kind.tolist(),
            "period": [clip(p or s) for p, s in zip(facts.period, facts.period_stated)],
            "words before": list(map(clip, facts.indicator_words)),
        }
        try:
            for line in _table_lines(table):
                print(line)
        except BrokenPipeError:  # the reader stopped early (| head): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
