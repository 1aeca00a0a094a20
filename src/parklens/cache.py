"""An on-disk cache of loaded datasets, keyed on the contents of every file they came from.

Validating a dataset means parsing every park file, checking every quote against its document
and parsing every figure: seconds for a few parks, minutes for the 2,543 of the national
catalogue. The frames that come out depend on nothing but the bytes of the park and
vocabulary files, of the documents they cite, and of the parklens code that reads them, so
:func:`parklens.load` keeps them in a cache entry whose key is a hash of all of those bytes
(xxHash, about 2 GB/s here). Any edit, even one that keeps a file's size and time stamp,
changes the key and the dataset is validated again; an unchanged dataset loads in a fraction
of a second.

The cache lives in the user's cache folder (``~/.cache/parklens`` on Linux), or in
``PARKLENS_CACHE_DIR``; ``PARKLENS_CACHE=0`` or ``load(cache=False)`` turns it off. An entry
that cannot be read (another version, a truncated file) is ignored and rebuilt; a folder that
cannot be written only costs the speed-up. Entries are pickles: point ``PARKLENS_CACHE_DIR``
only at a folder that you alone can write.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import xxhash

from .export import atomic_path

__all__ = ["cache_dir", "enabled", "fingerprint", "file_digest", "documents_unchanged", "read",
           "write", "read_value", "write_value"]

# The modules whose code decides what a loaded dataset contains.
_CODE = ("schema", "validate", "dataset", "units", "periods", "yamlfile", "cache")
_FORMAT = 1  # bump when the layout of an entry changes


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


def fingerprint(data_dir: Path) -> str:
    """A hash of the names and contents of ``parks/*.yaml`` and ``vocab/*.yaml`` under
    ``data_dir`` and of the parklens code that reads them."""
    h = xxhash.xxh3_128()
    h.update(_code_digest().encode())
    for sub in ("vocab", "parks"):
        for path in sorted((data_dir / sub).glob("*.yaml")):
            name = f"{sub}/{path.name}".encode()
            h.update(len(name).to_bytes(4, "little") + name)
            data = path.read_bytes()
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
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


def read(data_dir: Path, key: str) -> tuple[Any, dict[str, str]] | None:
    """The payload cached for ``data_dir`` under ``key`` and the digests of its documents,
    if those documents are unchanged."""
    entry = read_value("datasets", _folder_key(data_dir))
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    documents = entry.get("documents", {})
    if not documents_unchanged(data_dir.parent, documents):
        return None
    return entry.get("payload"), documents


def write(data_dir: Path, key: str, documents: dict[str, str], payload: Any) -> None:
    """Store ``payload`` for ``data_dir`` (one entry per folder, replaced by the next);
    ``documents`` maps each document read (relative to the project root) to its digest."""
    write_value("datasets", _folder_key(data_dir),
                {"key": key, "data_dir": str(data_dir), "documents": documents,
                 "payload": payload})


def _value_path(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{key}.pickle"


def read_value(kind: str, key: str) -> Any | None:
    """A value stored with :func:`write_value` under a content key, or None."""
    try:
        with open(_value_path(kind, key), "rb") as f:
            return pickle.load(f)
    except Exception:  # missing or damaged: computed again
        return None


def write_value(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``key`` (a digest of everything it was computed from); a cache
    folder that cannot be written is skipped."""
    try:
        with atomic_path(_value_path(kind, key)) as tmp, open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
