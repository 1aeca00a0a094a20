"""The notebooks and the batch report, run with papermill as users run them."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import re
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, as_in_a_terminal, run_cli
from synthetic import small_notebook, writing_notebook

NOTEBOOKS = ["01_industry_structure", "02_growth_metrics", "03_policy_themes", "04_park_profile",
             "05_national_context"]
PARKS = ["guanzhuang", "nanyang_hitech", "puyang", "suqian_eco_chem"]
PAPERMILL = [sys.executable, "-m", "papermill", "--no-progress-bar"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The README's main job: every notebook for every park, once, in parallel. Its pages
    are also the Chinese reports that the reader's-eye tests below look at (``parklens
    report`` defaults to zh without code, as ``report.execute`` does), so no notebook runs
    twice in Chinese for them."""
    out = tmp_path_factory.mktemp("reports")
    run = run_cli("report", "--out", str(out), "--jobs", "2", timeout=900)
    return out, run


#: The English runs the reader's-eye tests look at (the Chinese ones come from the batch):
#: 01 for all parks and 04 for Guanzhuang (tables for people), 02 and 03 for Puyang (one
#: language), 02 for Nanyang (no targets) and 03 for all parks (distinctive terms).
EN_RUNS = [("01_industry_structure", "all"), ("04_park_profile", "guanzhuang"),
           ("02_growth_metrics", "puyang"), ("03_policy_themes", "puyang"),
           ("02_growth_metrics", "nanyang_hitech"), ("03_policy_themes", "all")]


@pytest.fixture(scope="module")
def reports(batch, tmp_path_factory):
    """The report folder of each language: ``{lang: folder}``, each laid out as ``parklens
    report`` writes (``<park>/<notebook>.html|.ipynb`` and ``<park>/<notebook>/*.csv``)."""
    from parklens import report

    en = tmp_path_factory.mktemp("reports_en")
    for name, park in EN_RUNS:
        error = report.execute(ROOT / "notebooks" / f"{name}.ipynb", park, en, lang="en")
        assert error is None, (name, park, error)
    return {"zh": batch[0], "en": en}


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
    assert f"{len(expected)}/{len(expected)} 份报告完成" in index  # the index speaks zh too
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
    # 原油 (crude oil) counts, 7 times; 油田 does not: in Guanzhuang's documents it is the
    # name (or its short form) of the enterprise 河南油田, not policy language
    assert list(t.theme) == ["oil"] and t.hits.iloc[0] == 7
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
        assert "reaching the industrial value added" in out.read_text(encoding="utf-8")


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


# The batch's handling of a failing and of an interrupted notebook is the runner's, whatever
# the notebook computes: stand-ins (tests/synthetic.py) take the place of the analysis
# notebooks there, which the batch above runs for real.

def test_a_failing_notebook_does_not_stop_the_batch(tmp_path):
    good = writing_notebook(tmp_path, "02_writes")
    bad = small_notebook(tmp_path, "09_broken", "raise RuntimeError('boom: bad input')")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                  str(good), str(bad), "--jobs", "2", timeout=600)
    assert run.returncode == 1
    assert "FAILED" in run.stdout and "boom: bad input" in run.stdout
    assert (out / "puyang" / "02_writes.html").is_file()  # the good one finished
    assert (out / "puyang" / "02_writes" / "growth.csv").is_file()  # with its files
    executed = (out / "puyang" / "09_broken.ipynb").read_text(encoding="utf-8")
    assert "boom: bad input" in executed  # the executed copy keeps the error
    assert (out / "puyang" / "09_broken.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "boom: bad input" in index
    assert not list(out.rglob("*.partial"))


def test_an_interrupted_batch_leaves_no_partial_files_and_a_rerun_completes(tmp_path):
    slow = small_notebook(tmp_path, "08_slow", "import time; time.sleep(120)")
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
    shows = small_notebook(tmp_path, "04_shows", "print('濮阳' + '工业园区')")
    rerun = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks",
                    str(shows), "--no-input", timeout=600)
    assert rerun.returncode == 0
    page = (out / "puyang" / "04_shows.html").read_text(encoding="utf-8")
    # --no-input hides the code: no input area, and no code in the text (the highlighter
    # splits code into spans, so the text is read without its tags)
    body = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", page)
    text = re.sub(r"<[^>]+>", "", body)
    assert "濮阳工业园区" in text and "jp-InputArea-editor" not in body
    assert "print(" not in text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "href='puyang/04_shows.html'" in index and "08_slow" in index


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


# --- notebooks 01 and 04 as a reader sees them: one language, tables for people -------------

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
# the raw frames' column names and the codes of the vocabulary, none of which a reader
# should meet in a displayed table (the CSV keeps them)
RAW_COLUMNS = {"park_id", "park", "industry", "industry_label", "gbt4754", "gbt4754_confidence",
               "sei", "source_id", "quote", "role", "role_zh", "name_zh", "name_en",
               "label_zh", "label_en", "stated", "period", "value", "value_base",
               "share_pct", "hhi", "n_parts", "approximate", "named_enterprises", "qualifier",
               "enterprise_id", "subject", "status", "file", "doc_type", "date_basis",
               "within_source", "kind", "policy_id", "project_id"}
CODES = {"leading", "emerging", "future", "traditional", "supporting", "high", "medium",
         "low", "anchor", "chain_leader", "key", "member", "partner", "True", "False",
         "actual", "estimate", "target", "printed", "inferred", "formula", "slogan",
         "signed", "under_construction", "in_operation", "planned", "completed",
         "press_conference_transcript", "newspaper_report", "newspaper_feature", "nan", "None"}


@pytest.fixture(scope="module")
def pages_01_04(reports):
    runs = [("01_industry_structure", "all"), ("04_park_profile", "guanzhuang"),
            ("04_park_profile", "suqian_eco_chem")]
    pages = {}
    for lang in ("zh", "en"):
        for name, park in runs[:2] if lang == "en" else runs:
            html = (reports[lang] / park / f"{name}.html").read_text(encoding="utf-8")
            pages[(lang, name, park)] = BeautifulSoup(html, "html.parser")
    return pages


def _tables(soup):
    for table in soup.select(".jp-OutputArea table"):
        yield ([th.get_text(" ", strip=True) for th in table.select("thead th")],
               [td.get_text(" ", strip=True) for td in table.select("tbody td")])


def test_01_and_04_tables_show_no_code_names_codes_or_float_counts(pages_01_04, ds):
    ids = set(ds.enterprises.enterprise_id) | set(ds.parks.park_id) | \
        set(ds.projects.project_id) | set(ds.policies.policy_id)
    # a code is wrong in a table unless it is also its own label in the report's language
    # (the English label of the code "high" is "high", of "petrochemicals" "petrochemicals")
    labels = {lang: {code: entry[lang] for group in ds.vocab["terms"].values()
                     for code, entry in group.items()} for lang in ("zh", "en")}
    for lang in ("zh", "en"):
        labels[lang].update(zip(ds.industries.industry, ds.industries[f"label_{lang}"]))
    labels["zh"].update(printed="原文载明", inferred="推断")  # a source's date basis
    labels["en"].update(printed="printed", inferred="inferred")
    seen = 0
    for key, soup in pages_01_04.items():
        lang = key[0]
        wrong = CODES | ids | {c for c, label in labels[lang].items() if c != label}
        wrong = {c for c in wrong - set(labels[lang].values()) if not c.isdigit()}  # counts
        for headers, cells in _tables(soup):
            seen += 1
            assert headers and not set(headers) & RAW_COLUMNS, (key, headers)
            assert not set(cells) & wrong, (key, set(cells) & wrong)
            assert not [c for c in cells if re.fullmatch(r"[\d,]+\.00", c)], key
    assert seen >= 14


def test_01_and_04_zh_pages_carry_no_english_prose(pages_01_04, ds):
    allowed = {"HHI", "GB", "T"}  # the index's and the classification's names
    for (lang, name, park), soup in pages_01_04.items():
        if lang != "zh":
            continue
        text = " ".join(e.get_text(" ") for e in soup.select(
            ".jp-MarkdownCell, .jp-RenderedMarkdown, .jp-OutputArea thead"))
        for english in ds.parks.name_en:  # the park's English name, shown on purpose
            text = text.replace(english, "")
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
        assert not words, (name, park, sorted(words)[:20])


def test_01_and_04_en_pages_write_their_own_text_in_english(pages_01_04):
    for (lang, name, park), soup in pages_01_04.items():
        if lang != "en":
            continue
        prose = [e.get_text(" ") for e in soup.select(".jp-MarkdownCell")]
        headers = [h for table in _tables(soup) for h in table[0]]
        assert prose and headers
        assert not [t for t in prose + headers if CJK.search(t)], (name, park)
        assert "documents" in " ".join(prose)


def test_01_and_04_empty_sections_say_so_and_show_no_table(pages_01_04):
    # 宿迁's documents name no projects and state no conflicting figures
    soup = pages_01_04[("zh", "04_park_profile", "suqian_eco_chem")]
    text = soup.get_text(" ")
    assert "来源: 无" not in text and "来源：无" not in text
    for headers, _ in _tables(soup):
        assert "说法甲" not in headers  # no conflicts table, only its sentence
    assert "该园区的文件之间没有相互矛盾的数字" in text


def test_01_all_parks_charts_name_the_parks_in_the_reports_language(pages_01_04, ds):
    import nbformat  # noqa: F401  (the figures are checked through the Axes in test_plotting)

    soup = pages_01_04[("en", "01_industry_structure", "all")]
    headers = [h for table in _tables(soup) for h in table[0]]
    for name in ds.parks.name_en:
        assert name in headers  # the matrix tables: one column per park, named


# --- notebooks 02 and 03 in one language ------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Column names of the frames behind the tables of 02 and 03: never a header a reader sees.
_CODE_NAMES = {"park_id", "metric_ids", "source_ids", "approximate", "calculation", "label_zh",
               "label_en", "theme", "tool", "share_pct", "sentence_share_pct", "n_chars",
               "n_original_chars", "n_dropped", "parts_match", "expected_parts", "curated",
               "found", "rank", "term", "left", "right", "keyword", "source_id", "caveats",
               "status", "formula_en", "sig_digits"}


@pytest.fixture(scope="module")
def runs_02_03(reports):
    """02 and 03 as `parklens report` runs them, in both languages, for the parks whose
    sections show the cases: Puyang (derived numbers with caveats), Suqian (no stated growth),
    Nanyang (no targets), and all parks for the distinctive terms."""
    return reports


def _executed(reports, name, park, lang):
    return nbformat.read(reports[lang] / park / f"{name}.ipynb", as_version=4)


def _prose(nb, lang):
    """What a reader of ``lang`` reads as text: the markdown cells of that language and the
    Markdown the code shows, without the sources line (titles are verbatim)."""
    cells = [c.source for c in nb.cells if c.cell_type == "markdown"
             and f"lang-{lang}" in c.metadata.get("tags", [])]
    shown = [o.data["text/markdown"] for c in nb.cells if c.cell_type == "code"
             for o in c.outputs if "text/markdown" in o.get("data", {})]
    return cells + [s for s in shown if not s.startswith(("*来源", "*Sources"))]


def _headers(nb):
    return [re.sub(r"<[^>]+>", "", h).strip() for c in nb.cells if c.cell_type == "code"
            for o in c.outputs if "text/html" in o.get("data", {})
            for h in re.findall(r"<th[^>]*>(.*?)</th>", o.data["text/html"], re.S)]


@pytest.mark.parametrize("name", ["02_growth_metrics", "03_policy_themes"])
def test_02_and_03_read_in_one_language(runs_02_03, name):
    zh, en = (_executed(runs_02_03, name, "puyang", lang) for lang in ("zh", "en"))
    for text in _prose(zh, "zh"):
        # technical names only: TF-IDF, Rothwell and Zegveld, the stopwords file
        rest = re.sub(r"TF-IDF|Rothwell|Zegveld|`[^`]*`", "", text)
        assert not re.search(r"[A-Za-z]{3,}", rest), text
    for text in _prose(en, "en"):
        assert not _CJK.search(text), text
    for nb in (zh, en):
        assert not set(_headers(nb)) & _CODE_NAMES, set(_headers(nb)) & _CODE_NAMES
    assert not any(_CJK.search(h) for h in _headers(en) if h not in ("",)
                   and not h.startswith("濮阳")), [h for h in _headers(en) if _CJK.search(h)]
    # the page keeps only its language's text cells
    page_zh = (runs_02_03["zh"] / "puyang" / f"{name}.html").read_text(encoding="utf-8")
    page_en = (runs_02_03["en"] / "puyang" / f"{name}.html").read_text(encoding="utf-8")
    first_zh = next(c.source for c in zh.cells if "lang-zh" in c.metadata.get("tags", []))
    first_en = next(c.source for c in en.cells if "lang-en" in c.metadata.get("tags", []))
    assert first_en.split("\n")[0][2:] not in page_zh and first_zh.split("\n")[0][2:] in page_zh
    assert first_zh.split("\n")[0][2:] not in page_en and first_en.split("\n")[0][2:] in page_en


def test_02_shows_the_required_growth_with_its_caveats(runs_02_03):
    """Puyang's 规上 target of 150亿元 against the 2019 工业增加值 of 29.2亿元 (not 规上), in
    2至3年 from 2020: (150/29.2)^(1/3) - 1 = 72.5%, ^(1/4) - 1 = 50.5%; 2 digits of 150."""
    for lang, caveat in (("zh", "口径不同"), ("en", "different bases")):
        prose = " ".join(_prose(_executed(runs_02_03, "02_growth_metrics", "puyang", lang), lang))
        assert "73%" in prose and "51%" in prose and caveat in prose
        assert "50.5%" not in prose
    g = pd.read_csv(runs_02_03["zh"] / "puyang" / "02_growth_metrics" / "growth.csv",
                    encoding="utf-8-sig")
    prev = g[g.calculation == "implied_previous"].set_index("indicator")
    assert prev.loc["industrial_output_above_scale", "status"] == "estimate"
    assert prev.loc["industrial_output_above_scale", "value"] == pytest.approx(106e8 / 1.187)


def test_02_empty_sections_say_what_the_documents_do_not_give(runs_02_03):
    def section_outputs(nb, marker, lang):
        """The outputs of the code cells after the markdown cell that starts with marker."""
        cells, on = [], False
        for c in nb.cells:
            if c.cell_type == "markdown":
                if f"lang-{lang}" in c.metadata.get("tags", []):
                    on = c.source.startswith(marker)
            elif on:
                cells += c.outputs
        return cells

    sq = _executed(runs_02_03, "02_growth_metrics", "suqian_eco_chem", "zh")
    shown = section_outputs(sq, "## 文件披露的增速", "zh")
    assert [o.data["text/markdown"] for o in shown] == ["该园区文件未披露增速：文件没有给出同比或年均增长率。"]
    assert not (runs_02_03["zh"] / "suqian_eco_chem" / "02_growth_metrics" /
                "stated_growth.csv").exists()
    ny = _executed(runs_02_03, "02_growth_metrics", "nanyang_hitech", "en")
    shown = section_outputs(ny, "## Targets", "en")
    assert len(shown) == 1 and "set no quantified targets" in shown[0].data["text/markdown"]
    assert not any("text/html" in o.get("data", {}) for o in shown)


def test_03_distinctive_terms_hold_no_park_name(runs_02_03):
    import parklens as pl

    ds = pl.load()
    terms = pd.read_csv(runs_02_03["en"] / "all" / "03_policy_themes" / "top_terms.csv",
                        encoding="utf-8-sig")
    assert set(terms.park_id) == set(PARKS)
    names = set(ds.parks.name_zh) | set(ds.parks.short_zh.dropna()) | \
        {"官庄", "南阳", "濮阳", "宿迁", "南阳市", "濮阳市", "宿迁市", "河南", "江苏"} | \
        set(ds.enterprises.name_zh)
    assert not set(terms.term) & names
