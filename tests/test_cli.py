"""The command line as a user runs it, and the README's promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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


# --- parklens extract --draft FOLDER, outside the repository (issue 14, item 7) ---------------

# A document written here: a dateline under a republishing site's later stamp, two phases of
# a project (the period of the first must not reach the second), a rank bound (doubtful: for
# review), a range, a slogan and a year (seen and left out, with the reason).
NEW_DOC = ("转载时间:2025-03-02 08:00\n"
           "本报讯 新华社郑州11月20日电 某某经济技术开发区三年攻坚行动成效明显。\n"
           "项目一期2018年建成投产,投资30亿元；二期投资约40亿元。\n"
           "开发区综合排名位居全省前五,计划投资10-15亿元建设配套园区。\n")


def filled(draft: str) -> str:
    """What a curator does last: choose an indicator and a period for each figure, and the
    park's names."""
    draft = re.sub(r"indicator: todo\b.*", "indicator: investment", draft)
    draft = re.sub(r"period: todo\b.*", "period: 目前", draft)
    return re.sub(r'"todo"(  # TODO.*)?', '"某某"', draft)


def test_a_draft_folder_written_outside_the_repository_validates(tmp_path):
    work = tmp_path / "elsewhere"
    (work / "docs").mkdir(parents=True)
    (work / "docs" / "new_zone.txt").write_text(NEW_DOC, encoding="utf-8")
    exe = Path(sys.executable).with_name("parklens")
    out = subprocess.run([str(exe), "extract", "docs/new_zone.txt", "--draft", "draft"],
                         cwd=work, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = work / "draft" / "data"
    park = data / "parks" / "new_zone.yaml"
    assert (work / "draft" / "seeds" / "new_zone.txt").read_bytes() == \
        (work / "docs" / "new_zone.txt").read_bytes()
    assert (data / "vocab" / "units.yaml").is_file() and (data / "vocab" / "terms.yaml").is_file()
    draft = park.read_text(encoding="utf-8")
    doc = yaml.safe_load(draft)
    source = doc["sources"][0]
    # the dateline (a year before the stamp's day: 2024-11-20), not the republisher's stamp
    assert str(source["date"]) == "2024-11-20" and source["file"] == "seeds/new_zone.txt"
    by_stated = {m["stated"]: m for m in doc["metrics"]}
    assert by_stated["30亿元"]["period"] == "2018年"
    assert by_stated["约40亿元"]["period"] == "todo"          # no 2018 for the second phase
    assert by_stated["前五"]["review"] is True and "rank bound" in by_stated["前五"]["review_reason"]
    # the range becomes its two bounds, both for review
    assert by_stated["10"]["unit"] == "亿元" and by_stated["15亿元"]["review"] is True
    # what was seen and left out is listed, with the reason
    assert re.search(r"^#   at \d+: 三年 -- a numbered slogan", draft, flags=re.M)
    assert re.search(r"^#   at \d+: 2018年 -- a year is a date", draft, flags=re.M)

    # as drafted, validate reports the placeholders only
    first = subprocess.run([str(exe), "validate", str(data)], cwd=work, capture_output=True,
                           text=True, timeout=120)
    assert first.returncode == 1
    problems = [l for l in first.stderr.splitlines() if l.startswith("  data/")]
    assert problems and all("'todo'" in l for l in problems), first.stderr
    # filled in, it passes, and the figures for review are notes until their lines go
    park.write_text(filled(draft), encoding="utf-8")
    second = subprocess.run([str(exe), "validate", str(data)], cwd=work, capture_output=True,
                            text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    notes = [l for l in second.stdout.splitlines() if "marked for review" in l]
    assert len(notes) == 3 and any("rank bound" in l for l in notes), second.stdout
    park.write_text(re.sub(r"\n    review(_reason)?: .*", "", filled(draft)), encoding="utf-8")
    third = subprocess.run([str(exe), "validate", str(data)], cwd=work, capture_output=True,
                           text=True, timeout=120)
    assert third.returncode == 0 and "marked for review" not in third.stdout, third.stdout


def test_a_draft_whose_stated_is_not_in_its_quote_is_refused(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    (work / "zone.txt").write_text(NEW_DOC, encoding="utf-8")
    exe = Path(sys.executable).with_name("parklens")
    assert subprocess.run([str(exe), "extract", "zone.txt", "--draft", "d"], cwd=work,
                          capture_output=True, timeout=120).returncode == 0
    park = work / "d" / "data" / "parks" / "zone.yaml"
    park.write_text(filled(park.read_text(encoding="utf-8")).replace(
        'stated: "30亿元"', 'stated: "31亿元"'), encoding="utf-8")
    out = subprocess.run([str(exe), "validate", str(work / "d" / "data")], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 1
    assert "stated '31亿元' does not occur in its quote" in out.stderr


def test_a_draft_folder_is_never_written_over(tmp_path):
    (tmp_path / "zone.txt").write_text(NEW_DOC, encoding="utf-8")
    exe = Path(sys.executable).with_name("parklens")
    args = [str(exe), "extract", "zone.txt", "--draft", "d"]
    assert subprocess.run(args, cwd=tmp_path, capture_output=True, timeout=120).returncode == 0
    again = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "never written over" in again.stderr
    assert "Traceback" not in again.stderr


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


def test_validate_takes_the_data_folder_as_report_does(tmp_path):
    """`parklens validate --data X` and `parklens validate X` check the same folder (users
    learn `--data` from `parklens report`)."""
    import shutil
    import subprocess

    from parklens.paths import default_data_dir

    shutil.copytree(default_data_dir(), tmp_path / "data")
    shutil.copytree(default_data_dir().parent / "seeds", tmp_path / "seeds")
    (tmp_path / "data" / "parks" / "puyang.yaml").unlink()
    for args in (["--data", str(tmp_path / "data")], [str(tmp_path / "data")]):
        run = subprocess.run([*PARKLENS, "validate", *args], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert "ok: 3 parks" in run.stdout and str(tmp_path / "data") in run.stdout
    run = subprocess.run([*PARKLENS, "validate", "--data", str(tmp_path / "data"), "elsewhere"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "two data folders given" in run.stderr
