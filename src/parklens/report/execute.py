"""One notebook, in this process: executed in a fresh Jupyter kernel with papermill and
exported to HTML with nbconvert, every file written atomically. A notebook process
(:mod:`parklens.report.notebook_process`) runs this for each of its notebooks."""

from __future__ import annotations

import errno
import functools
from pathlib import Path

from ..export import atomic_path, write_text
from ..messages import LANGS
from . import pages
from .tasks import Task

__all__ = ["execute", "exporter"]


def _run_one(notebook: Path, park_id: str, out: Path, lang: str, no_input: bool,
             data_dir: str | None) -> str | None:
    import nbformat
    import papermill as pm

    task = Task(notebook, park_id)
    executed, page = task.executed(out), task.html(out)
    failed = None
    with atomic_path(executed) as tmp:
        try:
            pm.execute_notebook(
                str(notebook), str(tmp),
                parameters={"park_id": park_id, "lang": lang,
                            "output_dir": str(out / park_id), "data_dir": data_dir},
                cwd=str(notebook.parent), progress_bar=False, log_output=False,
                kernel_name="python3")
        except pm.PapermillExecutionError as e:
            failed = f"{e.ename}: {e.evalue}"
        except Exception as e:  # the kernel died, or the notebook could not be read
            # Keep the executed copy only if it is whole: a write that failed (a full disk)
            # leaves it cut short, and it must not be renamed into place.
            try:
                nbformat.read(tmp, as_version=4)
            except Exception:
                raise e from None
            failed = f"{type(e).__name__}: {e}"
    body, _ = exporter(no_input, lang).from_notebook_node(
        nbformat.read(executed, as_version=4), resources={"parklens_out": str(out)})
    write_text(pages.finish(body), page)
    return failed


@functools.lru_cache(maxsize=None)
def exporter(no_input: bool, lang: str):
    """The HTML exporter of a report in ``lang``: a notebook's text cells are written in
    every language, each tagged ``lang-zh`` or ``lang-en``, and a report keeps only its own
    (JupyterLab shows them all, one under the other). With ``no_input`` (the default of a
    report) no code cell shows, nor any prompt; shown, the injected parameters name no
    absolute path (:class:`parklens.report.pages.RelativeParameters`). Built once per process: a
    served process exports many notebooks with it."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    html = HTMLExporter(template_name="lab", exclude_input=no_input,
                        exclude_input_prompt=no_input, exclude_output_prompt=no_input)
    others = {f"lang-{other}" for other in LANGS if other != lang}
    html.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=others), enabled=True)
    html.register_preprocessor(pages.RelativeParameters(), enabled=True)
    return html


def execute(notebook: Path, park_id: str, out: Path, lang: str = "zh",
            no_input: bool = True, data_dir: str | None = None) -> str | None:
    """Run one notebook in a fresh kernel into ``out`` and export it to HTML, in this process;
    None if it ran through, else one line saying why not (the notebook's error, the kernel's
    death, an output folder that cannot be written). Other errors raise. ``no_input`` hides
    the code (the default; False shows it). ``data_dir`` is the
    notebook's ``data_dir`` parameter: an absolute path, or None for the bundled data."""
    try:
        return _run_one(notebook, park_id, out, lang, no_input, data_dir)
    except OSError as e:
        if e.errno not in _CANNOT_WRITE:
            raise
        return f"cannot write the report into {out}/: {e.strerror}"


#: Errors of a folder that cannot take the report: full, over quota, read-only, no permission.
_CANNOT_WRITE = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM")
                 if hasattr(errno, name)}  # (not every platform names a quota error)

