"""The batch report run, ``parklens report``: every notebook for every park, in parallel,
to HTML, with an index and a summary.

Its parts, bottom to top (each imports only from those before it):

- :mod:`~parklens.report.tasks`: the notebooks, the tasks and their results;
- :mod:`~parklens.report.pages`: a report page that stands on its own (the Chinese font
  embedded, print CSS, no absolute path);
- :mod:`~parklens.report.execute`: one notebook in this process (papermill, nbconvert);
- :mod:`~parklens.report.processes`: notebook processes killed with everything under them,
  on every platform (psutil);
- :mod:`~parklens.report.notebook_process`: the notebook process itself
  (``python -m parklens.report _one`` / ``_serve``), which dies with its parent;
- :mod:`~parklens.report.workers`: the batch's side of those processes (job slots, timeouts,
  a reader thread per pipe);
- :mod:`~parklens.report.lock`, :mod:`~parklens.report.status`,
  :mod:`~parklens.report.index`: one batch per folder, the status of every report in it over
  the runs, the index page;
- :mod:`~parklens.report.batch`: :func:`run` and :func:`summary`;
- :mod:`~parklens.report.cluster`: the same batch on a Dask cluster
  (``parklens report --scheduler``).

The names below are the package's public API (the command line, the tests and the README
use them as ``parklens.report.NAME``).
"""

from __future__ import annotations

from ..paths import default_data_dir
from .batch import run, summary
from .execute import execute
from .index import write_index
from .lock import LOCK_FILE, OWNER_FILE, Busy, Held, check_writable, output_lock
from .processes import Children
from .status import STATUS_FILE
from .tasks import (EXIT_FAILED, EXIT_INTERRUPTED, Result, Task, accepts_all, describe_data,
                    find_notebooks, notebook_dir, plan)
from .workers import run_child

__all__ = ["Task", "Result", "Busy", "Held", "notebook_dir", "find_notebooks", "accepts_all",
           "plan", "execute", "output_lock", "check_writable", "describe_data", "run",
           "summary", "write_index", "run_child", "Children", "default_data_dir",
           "EXIT_FAILED", "EXIT_INTERRUPTED", "LOCK_FILE", "OWNER_FILE", "STATUS_FILE"]
