"""Writing tables and charts so that no reader ever sees half a file.

Every file is written to a temporary name beside its target and renamed into place
(``os.replace`` is atomic on one file system): an interrupted run leaves either the old file
or the new one, never a truncated one. CSV files are UTF-8 with a byte-order mark, so that
Excel opens Chinese text correctly.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Iterator

import pandas as pd

__all__ = ["PARTIAL_SUFFIX", "atomic_path", "write_csv", "write_text", "write_bytes", "png_bytes",
           "save_figure"]

#: Temporary files carry this suffix until they are complete.
PARTIAL_SUFFIX = ".partial"


def _file_mode() -> int:
    # mkstemp creates 0600 files; finished files get the usual rw-r--r-- (less the umask)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _file_mode()


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``, on any
    error (or Ctrl-C) delete it. The folder is created if needed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX,
                               dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _MODE)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: str | Path, *, index: bool = False) -> Path:
    """Write ``df`` as CSV in UTF-8 with BOM (Excel reads the Chinese correctly), atomically."""
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=index, encoding="utf-8-sig")
    return Path(path)


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
