"""Where the bundled data lives.

Data paths are resolved from the package, never from the working directory: papermill runs
kernels wherever it was called, and notebooks must find the same data from anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The folder that holds ``data/`` and ``seeds/`` for the bundled dataset.

    ``PARKLENS_ROOT`` overrides it; otherwise the source checkout (editable install) is used,
    and failing that the copy packed into the wheel.
    """
    env = os.environ.get("PARKLENS_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    checkout = _PACKAGE_DIR.parents[1]
    if (checkout / "data" / "parks").is_dir():
        return checkout
    return _PACKAGE_DIR / "_bundled"


def default_data_dir() -> Path:
    """The bundled ``data/`` folder."""
    return project_root() / "data"
