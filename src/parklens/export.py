"""Writing tables and charts so that no reader ever sees half a file.

Every file is written to a temporary name beside its target and renamed into place
(``os.replace`` is atomic on one file system): an interrupted run leaves either the old file
or the new one, never a truncated one. CSV files are UTF-8 with a byte-order mark, so that
Excel opens Chinese text correctly, and no text cell can become a formula in Excel.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
from pathlib import Path
from typing import Iterator

import pandas as pd

__all__ = ["PARTIAL_SUFFIX", "atomic_path", "write_csv", "defuse_formulas", "write_text", "write_bytes", "png_bytes",
           "save_figure"]

#: Temporary files carry this suffix until they are complete.
PARTIAL_SUFFIX = ".partial"


def _create_partial(target: Path, mode: int) -> Path:
    """Create an empty temporary file beside ``target`` with ``mode`` less the process's
    umask (the system applies it: nothing reads or changes the umask, which is process-wide
    state that other threads may rely on)."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}{PARTIAL_SUFFIX}"
        try:
            os.close(os.open(tmp, flags, mode))
            return tmp
        except FileExistsError:  # another writer's name, 1 in 2**48: draw again
            continue


@contextlib.contextmanager
def atomic_path(target: str | Path, *, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``, on any
    error (or Ctrl-C) delete it. The folder is created if needed. The file gets ``mode``
    (default: rw-r--r-- as the umask allows, like any file the user writes)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = _create_partial(target, 0o666 if mode is None else mode)
    try:
        yield tmp_path
        if mode is not None:  # an explicit mode is the mode, whatever the umask
            os.chmod(tmp_path, mode)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: str | Path, *, index: bool = False) -> Path:
    """Write ``df`` as CSV in UTF-8 with BOM (Excel reads the Chinese correctly), atomically,
    with every text cell that Excel would run as a formula defused (:func:`defuse_formulas`)."""
    with atomic_path(path) as tmp:
        # CRLF, as RFC 4180 and Excel have it: the writer then quotes every cell holding a
        # line break, a lone \r included (with \n it wrote that bare and cut the row there)
        defuse_formulas(df).to_csv(tmp, index=index, encoding="utf-8-sig",
                                   lineterminator="\r\n")
    return Path(path)


# What starts a formula in Excel, LibreOffice or Google Sheets (OWASP, "CSV Injection"):
# = + - @, and tab or carriage return before one of them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number as text ("-5", "+3.2e4") cannot be a formula and stays as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _defuse(value):
    if (isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value  # the usual defence: Excel shows the text, without the apostrophe
    return value


def defuse_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` in which every text cell, column name and index label that begins
    like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) has a leading
    apostrophe; numbers, and text that is a plain number, are untouched.

    >>> defuse_formulas(pd.DataFrame({"a": ["=1+2", "-5", "-x", "ok"]})).a.tolist()
    ["'=1+2", '-5', "'-x", 'ok']
    """
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or
                pd.api.types.is_datetime64_any_dtype(out[col])):
            out[col] = out[col].map(_defuse)
    out.columns = _defuse_labels(out.columns)
    out.index = _defuse_labels(out.index)
    return out


def _defuse_labels(axis: pd.Index) -> pd.Index:
    if pd.api.types.is_numeric_dtype(axis) or pd.api.types.is_datetime64_any_dtype(axis):
        return axis
    return axis.map(lambda k: tuple(map(_defuse, k)) if isinstance(k, tuple) else _defuse(k))


def write_text(text: str, path: str | Path) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(data: bytes, path: str | Path) -> Path:
    """Write ``data`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def png_bytes(fig, *, dpi: int = 150) -> bytes:
    """A matplotlib figure as PNG, trimmed to its content (``bbox_inches="tight"``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def save_figure(fig, path: str | Path, *, dpi: int = 150) -> Path:
    """Save a matplotlib figure as PNG atomically."""
    return write_bytes(png_bytes(fig, dpi=dpi), path)
