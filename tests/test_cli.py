"""The command line as a user runs it, and the README's promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_summary_prints_parks_sources_figures_and_conflicts(ds):
    out = run_cli("summary")
    assert out.returncode == 0, out.stderr
    for name in ds.parks.name_zh:
        assert name in out.stdout
    for sid in ds.sources.source_id:
        assert sid in out.stdout
    n = ds.metrics.metric_id.nunique()
    assert f"{n} figures" in out.stdout
    assert f"Conflicting statements: {len(ds.conflicts())}" in out.stdout


def test_usage_errors_exit_2():
    out = run_cli("frobnicate")
    assert out.returncode == 2 and "invalid choice" in out.stderr


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    return [line for b in blocks for line in b.splitlines() if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command():
    commands = readme_commands()
    test_cmd = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci
    assert any("parklens report" in c for c in commands)


def test_readme_python_example_runs():
    block = re.search(r"## Using the data\n\n```python\n(.*?)```", README, flags=re.S).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert len(namespace["ds"].metrics) > 0


def test_readme_notebook_example_runs(tmp_path, monkeypatch):
    block = re.search(r"## Use parklens in your own notebook\n\n```python\n(.*?)```", README,
                      flags=re.S).group(1)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["cagr"].value.iloc[0] == pytest.approx(5.2858, abs=1e-4)
    assert (tmp_path / "growth.png").read_bytes()[:4] == b"\x89PNG"
