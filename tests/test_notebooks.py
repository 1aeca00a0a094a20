"""The notebooks and the batch report, run with papermill as users run them."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import ROOT, as_in_a_terminal, notebook_with, run_cli

NOTEBOOKS = ["01_industry_structure", "02_growth_metrics", "03_policy_themes", "04_park_profile",
             "05_national_context"]
PARKS = ["guanzhuang", "nanyang_hitech", "puyang", "suqian_eco_chem"]
PAPERMILL = [sys.executable, "-m", "papermill", "--no-progress-bar"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The README's main job: every notebook for every park, once, in parallel."""
    out = tmp_path_factory.mktemp("reports")
    run = run_cli("report", "--out", str(out), "--jobs", "2", timeout=900)
    return out, run


def test_batch_runs_every_notebook_for_every_park(batch):
    out, run = batch
    assert run.returncode == 0, run.stdout + run.stderr
    expected = [(p, n) for n in NOTEBOOKS for p in PARKS] + [
        ("all", "01_industry_structure"), ("all", "02_growth_metrics"),
        ("all", "03_policy_themes"), ("all", "05_national_context")]
    for park, name in expected:
        page = out / park / f"{name}.html"
        assert page.is_file(), page
        assert (out / park / f"{name}.ipynb").is_file()
    assert not (out / "all" / "04_park_profile.html").exists()  # a one-park notebook
    index = (out / "index.html").read_text(encoding="utf-8")
    for park, name in expected:
        assert f"href='{park}/{name}.html'" in index
    assert f"{len(expected)} of {len(expected)} reports finished" in index
    assert f"{len(expected)} of {len(expected)} reports ok" in run.stdout
    assert "report/s" in run.stderr or "%" in run.stderr  # the progress bar
    assert not list(out.rglob("*.partial"))


def test_growth_csv_holds_the_gdp_cagr_of_guanzhuang(batch):
    out, _ = batch
    csv = out / "guanzhuang" / "02_growth_metrics" / "growth.csv"
    assert csv.read_bytes()[:3] == b"\xef\xbb\xbf"
    g = pd.read_csv(csv, encoding="utf-8-sig")
    row = g[(g.indicator == "gdp") & (g.calculation == "cagr")].iloc[0]
    assert row.value == pytest.approx(((88.7 / 76) ** (1 / 3) - 1) * 100)
    assert row.period == "2020/2023" and "88.7亿元" in row.quotes


def test_structure_and_profile_outputs(batch):
    out, _ = batch
    shares = pd.read_csv(out / "all" / "01_industry_structure" / "output_shares.csv",
                         encoding="utf-8-sig")
    petro = shares[shares.industry == "petrochemicals"].iloc[0]
    assert petro.share_pct == pytest.approx(70 / 85 * 100)
    lead = pd.read_csv(out / "puyang" / "01_industry_structure" / "leading_industries.csv",
                       encoding="utf-8-sig")
    assert set(lead.park_id) == {"puyang"}
    conflicts = pd.read_csv(out / "puyang" / "04_park_profile" / "conflicts.csv",
                            encoding="utf-8-sig")
    assert len(conflicts) == 1 and "20个" in conflicts.iloc[0, 2] + conflicts.iloc[0, 4]
    figures = pd.read_csv(out / "guanzhuang" / "04_park_profile" / "figures.csv",
                          encoding="utf-8-sig")
    assert "120+ 家" in set(figures["数值"]) and "<70 亿元" in set(figures["数值"])
    for png in out.rglob("*.png"):
        assert png.read_bytes()[:4] == b"\x89PNG"
    assert len(list(out.rglob("*.png"))) >= 20


def test_reports_carry_narrative_and_no_missing_glyphs(batch):
    out, _ = batch
    page = (out / "guanzhuang" / "02_growth_metrics.html").read_text(encoding="utf-8")
    assert "年均增长5.3%" in page and "来源" in page
    for executed in out.rglob("*.ipynb"):
        text = executed.read_text(encoding="utf-8")
        assert "missing from font" not in text, executed


def test_each_chart_is_shown_once_and_is_the_png_written(batch):
    out, _ = batch
    nb = nbformat.read(out / "all" / "03_policy_themes.ipynb", as_version=4)
    shown = [base64.b64decode(o.data["image/png"]) for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    written = [(out / "all" / "03_policy_themes" / f"{n}.png").read_bytes()
               for n in ("theme_intensity", "policy_tools")]
    assert shown == written


def test_policy_themes_outputs(batch):
    out, _ = batch
    t = pd.read_csv(out / "all" / "03_policy_themes" / "theme_intensity.csv",
                    encoding="utf-8-sig")
    assert set(t.park_id) == set(PARKS) and len(t) == 40
    f = pd.read_csv(out / "suqian_eco_chem" / "03_policy_themes" / "formulas.csv",
                    encoding="utf-8-sig")
    assert "1+8+1重点工作推进体系" in set(f.formula) and set(f.park_id) == {"suqian_eco_chem"}
    k = pd.read_csv(out / "puyang" / "03_policy_themes" / "kwic.csv", encoding="utf-8-sig")
    assert set(k.theme) == {"investment_projects"}
    assert (out / "all" / "03_policy_themes" / "theme_intensity.png").is_file()


def test_policy_themes_with_another_lexicon(tmp_path):
    lexicon = tmp_path / "lex.yaml"
    lexicon.write_text("oil:\n  zh: 石油\n  en: oil\n  keywords: [油田, 原油]\n", encoding="utf-8")
    out = tmp_path / "out.ipynb"
    run = subprocess.run(PAPERMILL + [str(ROOT / "notebooks" / "03_policy_themes.ipynb"),
                                      str(out), "-p", "park_id", "guanzhuang", "-p", "lexicon",
                                      str(lexicon), "-p", "output_dir", str(tmp_path),
                                      "-p", "top_n", "3"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    t = pd.read_csv(tmp_path / "03_policy_themes" / "theme_intensity.csv", encoding="utf-8-sig")
    assert list(t.theme) == ["oil"] and t.hits.iloc[0] > 10
    terms = pd.read_csv(tmp_path / "03_policy_themes" / "top_terms.csv", encoding="utf-8-sig")
    assert len(terms) == 3


def test_papermill_cli_from_root_and_from_notebooks_folder(tmp_path):
    for cwd, path in ((ROOT, "notebooks/02_growth_metrics.ipynb"),
                      (ROOT / "notebooks", "02_growth_metrics.ipynb")):
        out = tmp_path / f"{cwd.name}.ipynb"
        run = subprocess.run(PAPERMILL + [path, str(out), "-p", "park_id", "puyang",
                                          "-p", "lang", "en"],
                             cwd=cwd, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        assert "Stated growth rates" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("param, value, message", [
    ("park_id", "nowhere", "unknown park_id 'nowhere'. Valid values: 'guanzhuang'"),
    ("lang", "fr", "unknown lang 'fr'. Valid values: 'zh', 'en'"),
])
def test_unknown_parameters_stop_with_the_valid_values(tmp_path, param, value, message):
    out = tmp_path / "out.ipynb"
    run = subprocess.run(PAPERMILL + [str(ROOT / "notebooks" / "04_park_profile.ipynb"),
                                      str(out), "-p", param, value],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "ParameterError" in run.stderr and message in run.stderr
    executed = nbformat.read(out, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    # short: the cell, the parameter check and the message; nothing from deep in pandas
    assert len(errors) == 1 and len(errors[0].traceback) <= 5
    assert not any("pandas" in frame for frame in errors[0].traceback)


def test_a_failing_notebook_does_not_stop_the_batch(tmp_path):
    bad = notebook_with(tmp_path, "09_broken", "raise RuntimeError('boom: bad input')")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                  "02_growth_metrics", str(bad), "--jobs", "2", timeout=600)
    assert run.returncode == 1
    assert "FAILED" in run.stdout and "boom: bad input" in run.stdout
    assert (out / "puyang" / "02_growth_metrics.html").is_file()  # the good one finished
    executed = (out / "puyang" / "09_broken.ipynb").read_text(encoding="utf-8")
    assert "boom: bad input" in executed  # the executed copy keeps the error
    assert (out / "puyang" / "09_broken.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "boom: bad input" in index
    assert not list(out.rglob("*.partial"))


def test_an_interrupted_batch_leaves_no_partial_files_and_a_rerun_completes(tmp_path):
    slow = notebook_with(tmp_path, "08_slow", "import time; time.sleep(120)")
    out = tmp_path / "reports"
    exe = Path(sys.executable).with_name("parklens")
    proc = subprocess.Popen([str(exe), "report", "--out", str(out), "--parks", "puyang",
                             "--notebooks", str(slow), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=as_in_a_terminal)
    deadline = time.monotonic() + 120
    while not list(out.rglob("*.partial")) and time.monotonic() < deadline:
        time.sleep(0.5)  # wait until the notebook is being written
    assert list(out.rglob("*.partial")), "the run started writing"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Interrupted" in stderr
    assert not list(out.rglob("*.partial"))
    assert not (out / "puyang" / "08_slow.html").exists()
    assert "interrupted" in (out / "index.html").read_text(encoding="utf-8")
    rerun = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                    "04_park_profile", "--no-input", timeout=600)
    assert rerun.returncode == 0
    page = (out / "puyang" / "04_park_profile.html").read_text(encoding="utf-8")
    assert "濮阳工业园区" in page and "pl.notebook.setup" not in page  # --no-input hides code
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "href='puyang/04_park_profile.html'" in index and "08_slow" in index


def test_report_rejects_unknown_parks():
    run = run_cli("report", "--parks", "nowhere")
    assert run.returncode == 2 and "Valid: guanzhuang" in run.stderr


def test_committed_notebooks_are_clean():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        params = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(params) == 1, f"{path.name}: one cell tagged parameters"
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], f"{path.name} carries outputs"
                assert cell.get("execution_count") is None, f"{path.name} has counts"
        source = "".join(params[0]["source"])
        names = {line.split("=")[0].strip() for line in source.splitlines()
                 if "=" in line and not line.startswith("#")}
        assert {"park_id", "lang", "output_dir"} <= names
