"""The command line as a user runs it, and the README's promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from parklens import cli

PARKLENS = [str(Path(sys.executable).with_name("parklens"))]

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


# --- parklens report: options checked before anything runs -------------------------------------

@pytest.mark.parametrize("option, value, says", [
    ("--jobs", "-1", "less than 1"), ("--jobs", "0", "less than 1"),
    ("--jobs", "two", "not a whole number"), ("--jobs", "1.5", "not a whole number"),
    ("--timeout", "-1", "above 0"), ("--timeout", "0", "above 0"),
    ("--timeout", "nan", "above 0"), ("--timeout", "inf", "above 0"),
    ("--timeout", "soon", "not a number of seconds"),
    ("--lang", "xx", "invalid choice"),
])
def test_a_bad_report_option_stops_before_anything_runs(tmp_path, monkeypatch, capsys, option,
                                                        value, says):
    def no_process(*args, **kwargs):
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    out = tmp_path / "reports"
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "--out", str(out), "--parks", "puyang", option, value])
    assert stop.value.code == 2  # argparse's usage error
    err = capsys.readouterr().err
    assert f"argument {option}: " in err and says in err, err
    assert not out.exists()


@pytest.mark.parametrize("args, says", [
    (["--parks", "nowhere"], "unknown park nowhere. Valid: guanzhuang"),
    (["--notebooks", "99_nothing"], "unknown notebook '99_nothing'. Valid: 01_industry"),
])
def test_an_unknown_park_or_notebook_stops_before_anything_runs(tmp_path, args, says):
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), *args)
    assert run.returncode != 0 and says in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_report_help_documents_the_data_folder_and_the_readme_too():
    run = run_cli("report", "--help")
    assert run.returncode == 0
    assert "--data DATA_DIR" in run.stdout and "--data-dir" not in run.stdout
    assert "parklens report --data" in README
    # the README's papermill example passes the data folder on
    example = next(c for c in readme_commands() if "papermill" in c)
    assert "-p data_dir " in example


def test_report_validates_its_data_folder_first_as_validate_prints_it(tmp_path, data_copy):
    park = data_copy / "parks" / "puyang.yaml"
    park.write_text(park.read_text(encoding="utf-8").replace("indicator: ", "indicator: x_", 1),
                    encoding="utf-8")
    validate = run_cli("validate", str(data_copy))
    out = tmp_path / "reports"
    run = run_cli("report", "--data", str(data_copy), "--out", str(out), "--parks", "puyang")
    assert validate.returncode == 1 and run.returncode == 1
    assert run.stderr == validate.stderr and "puyang.yaml" in run.stderr
    assert "Traceback" not in run.stderr and "Running" not in run.stderr
    assert not out.exists()


def test_a_root_without_notebooks_says_so_and_fails(tmp_path, data_copy):
    out = tmp_path / "reports"
    run = subprocess.run(
        [*PARKLENS, "report", "--out", str(out)], capture_output=True, text=True, timeout=120,
        env=dict(os.environ, PARKLENS_ROOT=str(data_copy.parent)))
    assert run.returncode == 1, run.stdout
    assert "0 of 0" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    assert f"no notebooks in {data_copy.parent / 'notebooks'}/" in run.stderr
    assert f"PARKLENS_ROOT={data_copy.parent} has no notebooks/ folder" in run.stderr
    assert not out.exists()


def test_report_hides_the_code_unless_show_code_is_given(tmp_path):
    from synthetic import small_notebook

    nb = small_notebook(tmp_path, "05_shows", "print('园区' + 'ok')")
    pages = {}
    for name, flags in (("default", []), ("shown", ["--show-code"])):
        out = tmp_path / name
        run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                      str(nb), *flags, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        pages[name] = (out / "puyang" / "05_shows.html").read_text(encoding="utf-8")
    for page in pages.values():
        assert "园区ok" in page and str(tmp_path) not in page
    code = {name: re.sub(r"(?is)<(script|style)\b.*?</\1>", "", page)
            for name, page in pages.items()}  # the page without its scripts and styles
    assert "print" not in code["default"] and "jp-InputArea-editor" not in code["default"]
    assert "print" in code["shown"] and "jp-InputArea-editor" in code["shown"]


def test_show_code_and_no_input_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.build_parser().parse_args(["report", "--show-code", "--no-input"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
