"""tests/shared.py: the one way the tests find the material kept beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import main_checkout, shared_folder, shared_path


@pytest.fixture
def layout(tmp_path: Path, monkeypatch) -> Path:
    """A main checkout with shared/ beside it and a worktree of it elsewhere, laid out as
    git writes them (the worktree's .git is a file naming its folder under main/.git)."""
    monkeypatch.delenv("PARKLENS_SHARED", raising=False)
    main, tree = tmp_path / "main", tmp_path / "wt" / "mine"
    (main / ".git" / "worktrees" / "mine").mkdir(parents=True)
    (main / ".git" / "worktrees" / "mine" / "commondir").write_text("../..\n")
    tree.mkdir(parents=True)
    (tree / ".git").write_text(f"gitdir: {main / '.git' / 'worktrees' / 'mine'}\n")
    (tmp_path / "shared" / "devset").mkdir(parents=True)
    return tmp_path


def test_the_shared_folder_is_beside_the_checkout_or_its_main_checkout(layout):
    main, tree = layout / "main", layout / "wt" / "mine"
    assert main_checkout(main) == main and main_checkout(tree) == main
    assert shared_folder(main) == layout / "shared"
    assert shared_folder(tree) == layout / "shared"  # /work/wt/x finds /work/shared
    assert shared_path("devset", what="x", root=tree) == layout / "shared" / "devset"


def test_parklens_shared_names_another_folder(layout, monkeypatch):
    monkeypatch.setenv("PARKLENS_SHARED", str(layout / "elsewhere"))
    assert shared_folder(layout / "wt" / "mine") == layout / "elsewhere"


def test_without_it_a_test_is_skipped_saying_what_to_set(tmp_path, monkeypatch):
    monkeypatch.delenv("PARKLENS_SHARED", raising=False)
    lone = tmp_path / "repo"
    lone.mkdir()
    assert shared_folder(lone) is None
    with pytest.raises(pytest.skip.Exception) as skipped:
        shared_path("devset", "labels.csv", what="the development set", root=lone)
    reason = str(skipped.value)
    assert "the development set is not here" in reason and "devset/labels.csv" in reason
    assert "set PARKLENS_SHARED to the folder that holds devset/" in reason
