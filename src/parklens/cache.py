"""An on-disk cache of loaded datasets, keyed on the contents of every file they came from.

Validating a dataset means parsing every park file, checking every quote against its document
and parsing every figure: seconds for a few parks, minutes for the 2,543 of the national
catalogue. The frames that come out depend on nothing but the bytes of the park and
vocabulary files, of the documents they cite, and of the parklens code that reads them, so
:func:`parklens.load` keeps them in a cache entry whose key is a hash of all of those bytes
(xxHash, about 2 GB/s here). Any edit, even one that keeps a file's size and time stamp,
changes the key and the dataset is validated again; an unchanged dataset loads in a fraction
of a second. The words of each text segmented by :mod:`parklens.segment` are kept too.

What it holds: a dataset's tables (``parks``, ``metrics``, ... and ``documents``, the full
text of every document) as Arrow IPC, and its vocabularies, the document digests and the
segmented words as JSON. Never code: nothing in an entry is unpickled or evaluated, so a file
planted in the folder can at worst be a wrong or damaged entry, which is ignored and rebuilt.

Where: the user's cache folder (``~/.cache/parklens`` on Linux), or ``PARKLENS_CACHE_DIR``;
``PARKLENS_CACHE=0`` or ``load(cache=False)`` turns it off. The folder is private: created
0700 with entries 0600, and before any read or write it must belong to the current user and
not be writable by group or others (on POSIX systems). A folder that fails this is not used
at all (nothing in it is read) and one warning names it and the fix; the load goes on,
uncached. A folder that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import xxhash

from .export import atomic_path

__all__ = ["cache_dir", "enabled", "fingerprint", "shared_fingerprint", "park_key", "file_digest",
           "documents_unchanged", "read", "write", "read_value", "write_value", "prune"]

# The modules whose code decides what a loaded dataset contains.
_CODE = ("schema", "validate", "dataset", "catalogue", "units", "periods", "yamlfile", "cache")
# Bump when the layout of an entry changes. Format 1 was pickles (``*.pickle``): no name this
# module opens ends in ``.pickle`` any more, so those files are never read.
_FORMAT = 2
_MAGIC = b"PARKLENS-CACHE\x00" + _FORMAT.to_bytes(1, "little")
_HEADER_MAX = 1 << 30  # a length beyond this is a damaged entry, not a header to allocate
_SUFFIX = {"datasets": ".arrow"}  # other kinds hold one JSON value per entry
_warned: set[str] = set()


def enabled(cache: bool | None = None) -> bool:
    """Whether to use the cache: ``cache`` if given, else unless ``PARKLENS_CACHE=0``."""
    if cache is not None:
        return cache
    return os.environ.get("PARKLENS_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")


def cache_dir() -> Path:
    """``PARKLENS_CACHE_DIR``, or the platform's user cache folder for parklens."""
    env = os.environ.get("PARKLENS_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("parklens", appauthor=False))


def file_digest(data: bytes) -> str:
    return xxhash.xxh3_128_hexdigest(data)


def _code_digest() -> str:
    h = xxhash.xxh3_128()
    h.update(f"format {_FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()


#: The files under a dataset folder that its tables are made from (documents are keyed apart).
_DATA_FILES = (("vocab", "*.yaml"), ("vocab", "*.csv"), ("parks", "*.yaml"),
               ("catalogue", "*.csv"), ("catalogue", "*.yaml"))


#: The files every park file is checked against: a change to one of them checks every park.
_SHARED_FILES = tuple(f for f in _DATA_FILES if f[0] != "parks")


def fingerprint(data_dir: Path, files=_DATA_FILES) -> str:
    """A hash of the names and contents of the dataset's files (``parks/*.yaml``,
    ``vocab/*.yaml`` and ``*.csv``, ``catalogue/*.csv`` and ``*.yaml``; ``files`` names
    others) under ``data_dir`` and of the parklens code that reads them."""
    h = xxhash.xxh3_128()
    h.update(_code_digest().encode())
    for sub, pattern in files:
        for path in sorted((data_dir / sub).glob(pattern)):
            name = f"{sub}/{path.name}".encode()
            h.update(len(name).to_bytes(4, "little") + name)
            data = path.read_bytes()
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def shared_fingerprint(data_dir: Path) -> str:
    """:func:`fingerprint` of what every park file is checked against: the vocabularies,
    the catalogue and the code, not the park files."""
    return fingerprint(data_dir, _SHARED_FILES)


def park_key(shared: str, path: Path) -> str:
    """The key of one park file's entry: its name and bytes under ``shared``
    (:func:`shared_fingerprint`). The documents it cites are checked by their digests,
    kept in the entry."""
    h = xxhash.xxh3_128()
    h.update(shared.encode())
    name = f"parks/{path.name}".encode()
    h.update(len(name).to_bytes(4, "little") + name)
    h.update(path.read_bytes())
    return h.hexdigest()


def _folder_key(data_dir: Path) -> str:
    return xxhash.xxh3_64_hexdigest(str(data_dir).encode())


def documents_unchanged(root: Path, documents: dict[str, str]) -> bool:
    for rel, digest in documents.items():
        try:
            if file_digest((root / rel).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


# -- the private folder -------------------------------------------------------------------

def _unsafe(folder: Path, st: os.stat_result) -> str | None:
    """Why ``folder`` must not be used, or None. POSIX only: Windows has no such mode bits
    (its user cache folder is private by its ACL)."""
    if not hasattr(os, "getuid"):
        return None
    if st.st_uid != os.getuid():
        return f"is owned by another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"can be written by other users (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def _warn(folder: Path, why: str) -> None:
    if str(folder) in _warned:
        return
    _warned.add(str(folder))
    warnings.warn(
        f"parklens: the cache folder {folder} {why}, so it is not used and datasets load "
        f"uncached (slower). Fix: chmod 700 {folder} (if it is yours), or set "
        "PARKLENS_CACHE_DIR to a folder only you can write.", RuntimeWarning,
        stacklevel=_outside_parklens())


def _outside_parklens() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside parklens (the
    user's ``pl.load()`` line), not at a line of parklens' own code."""
    package = str(Path(__file__).resolve().parent)
    frame, level = sys._getframe(2), 2  # 1 is the caller of this function, which warns
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _folder(kind: str, create: bool) -> Path | None:
    """The folder of ``kind`` entries, checked private (and made, 0700, if ``create``); None
    where it is missing, cannot be made, or is refused."""
    root = cache_dir()
    for folder in (root, root / kind):
        try:
            st = os.stat(folder)
        except FileNotFoundError:
            if not create:
                return None
            try:
                folder.parent.mkdir(parents=True, exist_ok=True)
                # exist_ok: another process may make it first; whoever did, it is checked next
                folder.mkdir(mode=0o700, exist_ok=True)
                st = os.stat(folder)
            except OSError:
                return None
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode):
            return None
        why = _unsafe(folder, st)
        if why:
            _warn(folder, why)
            return None
        if hasattr(os, "getuid") and stat.S_IMODE(st.st_mode) & 0o077:
            # Ours and safe, but readable by others (made by parklens before format 2):
            # the entries hold the document texts, so close it.
            try:
                os.chmod(folder, 0o700)
            except OSError:
                pass
    return root / kind


def _write_private(path: Path, chunks) -> None:
    """Write ``chunks`` (bytes-like) to ``path`` through a temporary file beside it, 0600 from
    its creation (mkstemp), renamed into place: a reader never sees half an entry."""
    with atomic_path(path, mode=0o600) as tmp, open(tmp, "wb") as f:
        for chunk in chunks:
            f.write(chunk)


# -- datasets: a JSON header, then one Arrow IPC file per table ---------------------------

def read(data_dir: Path, key: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The payload cached for ``data_dir`` under ``key`` and the digests of its documents,
    if those documents are unchanged. The key is checked before any table is read."""
    folder = _folder("datasets", create=False)
    if folder is None:
        return None
    import pyarrow as pa

    try:
        # Mapped, not read: the tables' strings stay in the page cache and pandas uses them
        # where they are (reading 285 MB into memory first took most of a cold load).
        with pa.memory_map(str(folder / f"{_folder_key(data_dir)}{_SUFFIX['datasets']}")) as f:
            if f.read(len(_MAGIC)) != _MAGIC:
                return None
            size = int.from_bytes(f.read(8), "little")
            if size > _HEADER_MAX:
                return None
            header = json.loads(f.read(size).decode("utf-8"))
            if not isinstance(header, dict) or header.get("key") != key:
                return None
            documents = header["documents"]
            if not documents_unchanged(data_dir.parent, documents):
                return None
            body = f.read_buffer()
        return _payload(header, body), documents
    except Exception:  # missing or damaged (any error pyarrow or json raises): rebuilt
        return None


def write(data_dir: Path, key: str, documents: dict[str, str], payload: dict[str, Any]) -> None:
    """Store ``payload`` (DataFrames, and values JSON can hold) for ``data_dir``: one entry
    per folder, replaced by the next. ``documents`` maps each document read (relative to the
    project root) to its digest. A frame that would not come back exactly as it is (a cell
    type Arrow cannot carry) is not cached: the dataset is then checked at every load."""
    folder = _folder("datasets", create=True)
    if folder is None:
        return
    import pandas as pd

    tables, values, offset = [], {}, 0
    try:
        # each table's Arrow file goes to a scratch file as soon as it is made and checked:
        # holding them all until the header is known held a second copy of the dataset
        with tempfile.TemporaryFile(dir=folder) as body:
            for name, value in payload.items():
                if not isinstance(value, pd.DataFrame):
                    values[name] = value
                    continue
                blob, table = _to_arrow(value)
                try:
                    pd.testing.assert_frame_equal(_from_arrow(blob, table), value)
                except AssertionError:
                    return
                tables.append({"name": name, "offset": offset, "size": blob.size, **table})
                body.write(blob)
                offset += blob.size
                del blob
            header = json.dumps({"key": key, "data_dir": str(data_dir),
                                 "documents": documents, "values": values, "tables": tables},
                                ensure_ascii=False).encode()
            body.seek(0)
            _write_private(folder / f"{_folder_key(data_dir)}{_SUFFIX['datasets']}",
                           itertools.chain([_MAGIC, len(header).to_bytes(8, "little"), header],
                                           iter(lambda: body.read(1 << 20), b"")))
    except OSError:
        pass


def _payload(header: dict, body) -> dict[str, Any]:
    out = dict(header["values"])
    for t in header["tables"]:
        out[t["name"]] = _from_arrow(body.slice(t["offset"], t["size"]), t)
    return out


def _to_arrow(df):
    """``df`` as an Arrow IPC file, and what Arrow does not keep of it: which object columns
    hold lists (they come back as numpy arrays) and where they hold NaN rather than None
    (both become null). The dtypes travel in the pandas metadata pyarrow writes."""
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as w:
        w.write_table(table)
    lists, nans = [], {}
    for col in df.columns[df.dtypes == object]:
        cells = df[col].tolist()
        if any(type(x) is list for x in cells):
            lists.append(col)
        nan_at = [i for i, x in enumerate(cells) if isinstance(x, float) and x != x]
        if nan_at:
            nans[col] = nan_at
    return sink.getvalue(), {"columns": list(map(str, df.columns)), "lists": lists,
                             "nans": nans}


def _from_arrow(blob, t: dict):
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if not t["columns"]:
        # What pd.DataFrame([]) makes of no rows; Arrow would give other column labels.
        return pd.DataFrame([])
    df = pa.ipc.open_file(blob).read_all().to_pandas()
    for col in t["lists"]:
        df[col] = pd.Series([x.tolist() if x is not None else None for x in df[col]],
                            index=df.index, dtype=object)
    for col, rows in t["nans"].items():
        cells = df[col].to_numpy(dtype=object, copy=True)
        cells[rows] = np.nan
        df[col] = pd.Series(cells, index=df.index, dtype=object)
    return df


# -- small values: one JSON file each ------------------------------------------------------

def read_value(kind: str, key: str) -> Any | None:
    """A value stored with :func:`write_value` under a content key, or None."""
    folder = _folder(kind, create=False)
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.json", "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except Exception:  # missing or damaged: computed again
        return None


def write_value(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` (anything JSON can hold) under ``key`` (a digest of everything it was
    computed from); a cache folder that cannot be written, or is refused, is skipped."""
    folder = _folder(kind, create=True)
    if folder is None:
        return
    try:
        _write_private(folder / f"{key}.json",
                       [json.dumps(value, ensure_ascii=False).encode("utf-8")])
    except OSError:
        pass


def prune(kind: str, keep: int) -> int:
    """Delete all but the ``keep`` most recently written ``kind`` entries (the values of
    :func:`write_value`, which otherwise pile up for every text ever seen); returns how many
    went. A folder that is missing or refused is left alone."""
    folder = _folder(kind, create=False)
    if folder is None:
        return 0
    try:
        entries = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(folder)
                   if e.name.endswith(".json") and e.is_file(follow_symlinks=False)]
    except OSError:
        return 0
    if len(entries) <= keep:
        return 0
    entries.sort(reverse=True)
    gone = 0
    for _, path in entries[keep:]:
        try:
            os.unlink(path)
            gone += 1
        except OSError:  # another process pruned it first
            pass
    return gone
