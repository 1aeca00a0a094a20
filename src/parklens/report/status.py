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
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
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

