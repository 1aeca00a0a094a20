"""What became of every report in an output folder, over the runs that wrote into it
(``.parklens-status.json``): a partial rerun (one park, one notebook) keeps the index
complete, and the index says which reports came from other data. And the partial files a
stopped run leaves, cleared before and after a run."""

from __future__ import annotations

import json
from pathlib import Path

from ..export import PARTIAL_SUFFIX, write_text
from .tasks import Result, Task

__all__ = ["STATUS_FILE", "merge_status", "clean_partials"]


def clean_partials(out: Path) -> None:
    for p in out.rglob(f"*{PARTIAL_SUFFIX}"):
        p.unlink(missing_ok=True)


STATUS_FILE = ".parklens-status.json"


def merge_status(out: Path, results: list[Result], data: str = "") -> tuple[list[Result],
                                                                           set[str]]:
    """Results of this run merged with those of earlier runs into the same folder, so that a
    partial rerun (one park, one notebook) keeps the index complete; and the datasets of the
    reports kept from earlier runs that are not this run's ``data``."""
    path = out / STATUS_FILE
    saved = _saved(path)
    for r in results:
        if r.status in ("ok", "failed") or f"{r.task.park_id}/{r.task.name}" not in saved:
            saved[f"{r.task.park_id}/{r.task.name}"] = {
                "notebook": str(r.task.notebook), "status": r.status,
                "seconds": round(r.seconds, 1), "error": r.error, "data": data}
    write_text(json.dumps(saved, ensure_ascii=False, indent=1), path)
    merged = []
    for key, v in saved.items():
        park, _ = key.split("/", 1)
        merged.append(Result(Task(Path(v["notebook"]), park), v["status"], v["seconds"],
                             v["error"]))
    others = {v.get("data", "") for v in saved.values()} - {data}
    return merged, others



_STATUSES = ("ok", "failed", "interrupted", "not run")


def _saved(path: Path) -> dict[str, dict]:
    """The entries of the status file that are what a run writes; the others are left out
    (the file lies in a folder that others may write into: a garbled or planted entry must
    neither stop the index nor point a link outside the folder)."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict):
        return {}
    return {key: v for key, v in saved.items() if _well_formed(key, v)}


def _well_formed(key: str, v) -> bool:
    park, _, name = key.partition("/")
    return (all(part not in ("", ".", "..") and Path(part).name == part
                for part in (park, name))
            and isinstance(v, dict) and v.get("status") in _STATUSES
            and isinstance(v.get("notebook"), str) and Path(v["notebook"]).stem == name
            and isinstance(v.get("seconds"), (int, float)) and not isinstance(v["seconds"], bool)
            and isinstance(v.get("error"), str) and isinstance(v.get("data", ""), str))
