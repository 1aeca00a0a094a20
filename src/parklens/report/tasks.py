"""What a batch runs: the notebooks, the tasks (a notebook for a park), their results, and
the dataset they run on as the index and the summary name it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..paths import default_data_dir, project_root

__all__ = ["Task", "Result", "notebook_dir", "find_notebooks", "accepts_all", "plan",
           "describe_data", "EXIT_FAILED", "EXIT_INTERRUPTED"]

#: The exit codes of a batch (and of a notebook process: failed): a notebook failed, the
#: batch was interrupted.
EXIT_FAILED, EXIT_INTERRUPTED = 1, 130


def notebook_dir() -> Path:
    """The bundled analysis notebooks."""
    return project_root() / "notebooks"


def find_notebooks(names: list[str] | None = None) -> list[Path]:
    """Notebook paths from names (``02_growth_metrics``, or ``02``) or paths; default: all
    bundled. A
    notebook folder without notebooks (a ``PARKLENS_ROOT`` that lacks them) stops with what
    it should hold, not with a batch of nothing."""
    folder = notebook_dir()
    available = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        if not available:
            raise SystemExit(_no_notebooks(folder))
        return available
    by_name = {p.stem: p for p in available}
    # a bundled notebook is also named by its number alone (02 for 02_growth_metrics)
    by_number = {p.stem[:2]: p for p in available}
    out = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            out.append(path.resolve())
        elif name.removesuffix(".ipynb") in by_name:
            out.append(by_name[name.removesuffix(".ipynb")])
        elif name in by_number:
            out.append(by_number[name])
        else:
            valid = ", ".join(by_name) or "none"
            raise SystemExit(f"parklens report: unknown notebook {name!r}. Valid: {valid} "
                             "(or their numbers), or a path to an .ipynb file")
    return out


def _no_notebooks(folder: Path) -> str:
    where = (f"PARKLENS_ROOT={os.environ['PARKLENS_ROOT']} has" if os.environ.get("PARKLENS_ROOT")
             else "the installation has")
    return (f"parklens report: no notebooks in {folder}/ ({where} no notebooks/ folder with "
            "analysis notebooks named like 01_industry_structure.ipynb). Fix: copy the "
            "notebooks/ folder of parklens there, unset PARKLENS_ROOT, or name notebooks with "
            "--notebooks PATH.ipynb")


def accepts_all(notebook: Path) -> bool:
    """Whether a notebook compares parks (runs with ``park_id="all"``): its metadata says."""
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return bool(meta.get("parklens", {}).get("accepts_all", False))


@dataclass(frozen=True)
class Task:
    notebook: Path
    park_id: str

    @property
    def name(self) -> str:
        return self.notebook.stem

    def html(self, out: Path) -> Path:
        return out / self.park_id / f"{self.name}.html"

    def executed(self, out: Path) -> Path:
        return out / self.park_id / f"{self.name}.ipynb"


@dataclass
class Result:
    task: Task
    status: str  # ok | failed | interrupted | not run
    seconds: float = 0.0
    error: str = ""


def plan(notebooks: list[Path], parks: list[str], *, add_all: bool = True) -> list[Task]:
    """Every notebook for every park, plus ``all`` for notebooks that compare parks (when
    ``add_all``, or when ``all`` is among ``parks``)."""
    tasks = []
    for nb in notebooks:
        comparative = accepts_all(nb)
        ids = [p for p in parks if comparative or p != "all"]
        if add_all and comparative and "all" not in ids:
            ids.append("all")
        tasks += [Task(nb, p) for p in ids]
    return tasks


def describe_data(data_dir: str | Path | None) -> str:
    """The dataset of a batch as the index and the summary name it: ``data_dir`` as given
    (:func:`run` and the command line give it absolute)."""
    if data_dir is None:
        return f"the bundled data ({default_data_dir()})"
    return str(data_dir)
