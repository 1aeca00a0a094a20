"""Where the material kept beside the repository is found: ``../shared`` (the development
set, a peer's test tables, the catalogue and the seeds as received). It is no part of the
repository (its texts belong to their publishers), so every test finds it one way:
``PARKLENS_SHARED`` where set, else ``shared/`` beside the checkout (for a git worktree,
beside its main checkout, as /work/wt/x shares /work/main's /work/shared), else the test is
skipped with a reason that says what to set."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = "PARKLENS_SHARED"


def main_checkout(root: Path = ROOT) -> Path:
    """The repository's main checkout: ``root`` itself, or, where ``root`` is a git worktree
    (its ``.git`` is a file naming its git folder inside the main checkout's ``.git``), the
    checkout that folder belongs to."""
    git = root / ".git"
    if not git.is_file():
        return root
    first = git.read_text(encoding="utf-8", errors="replace").strip()
    if not first.startswith("gitdir:"):
        return root
    gitdir = Path(first[len("gitdir:"):].strip())
    gitdir = gitdir if gitdir.is_absolute() else (root / gitdir).resolve()
    common = gitdir / "commondir"  # git writes it in every worktree's folder: "../.."
    common_dir = ((gitdir / common.read_text(encoding="utf-8").strip()).resolve()
                  if common.is_file() else gitdir.parent.parent)
    return common_dir.parent


def shared_folder(root: Path = ROOT) -> Path | None:
    """The shared folder: ``PARKLENS_SHARED``, else ``shared/`` beside the checkout or beside
    its main checkout; None where there is none."""
    if env := os.environ.get(ENV):
        return Path(env).expanduser()
    for checkout in dict.fromkeys((root, main_checkout(root))):
        if (checkout.parent / "shared").is_dir():
            return checkout.parent / "shared"
    return None


def shared_path(*parts: str, what: str, root: Path = ROOT) -> Path:
    """``<shared>/<parts>``, or the calling test skipped with a reason naming ``what`` is
    missing, where it was looked for and what to set."""
    import pytest

    folder = shared_folder(root)
    path = folder.joinpath(*parts) if folder is not None else None
    if path is None or not path.exists():
        where = str(path) if path is not None else f"{'/'.join(parts)} in ../shared beside " \
                                                    "the checkout"
        pytest.skip(f"{what} is not here ({where}): it is kept outside the repository; set "
                    f"{ENV} to the folder that holds {parts[0]}/ to run this test")
    return path
