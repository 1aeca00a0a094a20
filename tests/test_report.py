"""Faults in a batch: a hanging notebook, a dying kernel, an output folder that cannot be
written. Each ends with a clear message, a non-zero exit and no half-written files."""

from __future__ import annotations

import base64
import errno
import html
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from conftest import run_cli
from synthetic import small_notebook
from parklens import report
from parklens.report import pages
from parklens.export import write_text

PARKLENS = [str(Path(sys.executable).with_name("parklens"))]


#: A stand-in for an analysis notebook that says which name its dataset gives the park.
SHOWS_NAME = ("import parklens as pl\n"
              "ctx = pl.notebook.setup(park_id, lang, output_dir, notebook='04_shows_name', "
              "data_dir=data_dir)\n"
              "print('park:', ctx.ds.parks.set_index('park_id').name_zh[park_id])")


def test_a_report_runs_the_dataset_it_is_given(tmp_path, data_copy):
    park = data_copy / "parks" / "puyang.yaml"
    text = park.read_text(encoding="utf-8")
    assert text.count("name_zh: 濮阳工业园区\n") == 1
    park.write_text(text.replace("name_zh: 濮阳工业园区\n", "name_zh: 濮阳改名示范园区\n"),
                    encoding="utf-8")
    # the notebook in a folder of its own: its kernel runs there, not where the command runs
    (tmp_path / "notebooks").mkdir()
    shows = small_notebook(tmp_path / "notebooks", "04_shows_name", SHOWS_NAME)
    runs = {}
    for name, data in (("given", ["--data", "data"]), ("bundled", [])):
        # --data relative to where the command runs; the notebooks run in their own folder
        runs[name] = subprocess.run(
            PARKLENS + ["report", *data, "--out", name, "--parks", "puyang", "--notebooks",
                        str(shows), "--jobs", "1"],
            cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert runs[name].returncode == 0, runs[name].stdout + runs[name].stderr[-2000:]
    given = (tmp_path / "given" / "puyang" / "04_shows_name.html").read_text(encoding="utf-8")
    bundled = (tmp_path / "bundled" / "puyang" / "04_shows_name.html").read_text(
        encoding="utf-8")
    assert "park: 濮阳改名示范园区" in given
    assert "park: 濮阳工业园区" in bundled and "濮阳改名示范园区" not in bundled
    # the index and the summary name the dataset (and the park by its name there)
    index = (tmp_path / "given" / "index.html").read_text(encoding="utf-8")
    assert f"数据：{data_copy}</p>" in index and "濮阳改名示范园区" in index
    assert f"1 of 1 reports ok from {data_copy};" in runs["given"].stdout
    assert f"1 of 1 reports ok from the bundled data ({report.default_data_dir()});" in \
        runs["bundled"].stdout
    assert f"on {data_copy} into given/" in runs["given"].stderr


def test_a_hanging_notebook_is_stopped_at_the_timeout(tmp_path, notebook_timeout):
    slow = small_notebook(tmp_path, "08_hangs", "import time; time.sleep(600)")
    quick = small_notebook(tmp_path, "09_quick", "print('done')")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks", str(slow),
                  str(quick), "--timeout", str(notebook_timeout), "--jobs", "2",
                  timeout=120 + notebook_timeout)
    assert run.returncode == 1
    assert f"timed out after {notebook_timeout} s" in run.stdout
    assert (out / "puyang" / "09_quick.html").is_file()
    assert not (out / "puyang" / "08_hangs.html").exists()
    assert not list(out.rglob("*.partial"))
    assert "timed out" in (out / "index.html").read_text(encoding="utf-8")


def test_a_dying_kernel_is_reported_and_keeps_its_copy(tmp_path):
    dies = small_notebook(tmp_path, "07_dies", "import os; os._exit(3)")
    out = tmp_path / "reports"
    run = run_cli("report", "--out", str(out), "--parks", "puyang", "--notebooks", str(dies),
                  timeout=120)
    assert run.returncode == 1 and "Kernel died" in run.stdout
    assert (out / "puyang" / "07_dies.ipynb").is_file()
    assert (out / "puyang" / "07_dies.html").is_file()
    assert not list(out.rglob("*.partial"))


def test_an_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = run_cli("report", "--out", str(blocker / "reports"), "--parks", "puyang")
    assert run.returncode == 1
    assert "cannot write to" in run.stderr and "Fix:" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_full_disk_is_reported(tmp_path, monkeypatch):
    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    assert report.check_writable(tmp_path / "out") == "No space left on device"
    assert not list((tmp_path / "out").iterdir())


def test_finished_files_are_readable_by_others(tmp_path):
    path = write_text("x", tmp_path / "r.html")
    assert path.stat().st_mode & stat.S_IROTH


def test_a_job_slot_serves_its_notebooks_from_one_process_each_in_a_fresh_kernel(
        tmp_path, notebook_timeout):
    # Each notebook appends its kernel's parent (the notebook process) and its own pid.
    log = tmp_path / "pids"
    record = f"import os\nopen({str(log)!r}, 'a').write(f'{{os.getppid()}} {{os.getpid()}}\\n')"
    sets = small_notebook(tmp_path, "a_sets", f"leaked = 1\n{record}")
    hangs = small_notebook(tmp_path, "b_hangs", f"{record}\nimport time; time.sleep(600)")
    checks = small_notebook(tmp_path, "c_checks", f"assert 'leaked' not in globals()\n{record}")
    after = small_notebook(tmp_path, "d_after", f"assert 'leaked' not in globals()\n{record}")
    out = tmp_path / "out"
    code, results = report.run([sets, checks, hangs, after], ["puyang"], out, jobs=1,
                               timeout=notebook_timeout, progress=False)
    status = {r.task.name: (r.status, r.error) for r in results}
    assert code == 1
    assert status == {"a_sets": ("ok", ""), "c_checks": ("ok", ""),
                      "b_hangs": ("failed", f"timed out after {notebook_timeout} s"),
                      "d_after": ("ok", "")}
    (served, k1), (served_too, k2), (killed, hung), (fresh, k4) = [
        tuple(map(int, ln.split())) for ln in log.read_text().splitlines()]
    assert served == served_too == killed != fresh  # a new process after the timeout
    assert len({k1, k2, hung, k4}) == 4  # a kernel of its own for every notebook
    deadline = time.monotonic() + 5
    while _alive(hung) or _alive(killed):
        assert time.monotonic() < deadline, "the timed-out notebook's processes are gone"
        time.sleep(0.1)
    assert not list(out.rglob("*.partial"))


def _alive(pid: int) -> bool:
    try:  # a zombie waits only for its parent to read its exit status
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# --- one batch at a time in a folder ---------------------------------------------------------

def test_the_output_lock_is_taken_once_and_refuses_another_batch(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom parklens import report\n"
         "with report.output_lock(sys.argv[1]):\n    print('held', flush=True)\n"
         "    time.sleep(600)", str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(report.Busy) as busy:
            with report.output_lock(out):
                pass
        assert f"(pid {holder.pid} on " in str(busy.value)
        assert f"is writing into {out}/" in str(busy.value) and "Fix:" in str(busy.value)
    finally:
        holder.kill()  # as kill -9: no chance to release anything itself
        holder.wait()
    # the system released the killed holder's lock: nothing stale blocks the next run
    with report.output_lock(out) as held:
        assert held.out == out.resolve() and (out / report.OWNER_FILE).is_file()
        # a second batch in this same process is refused like one in another
        with pytest.raises(report.Busy) as busy:
            with report.output_lock(out):
                pass
        assert f"(pid {os.getpid()} on " in str(busy.value)
        # a batch handed the lock runs without taking it again; the lock of another folder
        # is no licence to write here
        with pytest.raises(ValueError, match="the lock held is of"):
            report.run([], ["puyang"], tmp_path / "elsewhere", held=held, progress=False)
        assert report.run([], ["puyang"], out, held=held, progress=False) == (0, [])
        assert (out / report.OWNER_FILE).is_file()
    assert not (out / report.OWNER_FILE).exists()
    with report.output_lock(out):  # and it can be taken again after
        pass


def test_summary_columns_line_up_whatever_the_status():
    nb = Path("notebooks/02_growth_metrics.ipynb")
    results = [report.Result(report.Task(nb, "puyang"), status, 1.5)
               for status in ("ok", "failed", "interrupted", "not run")]
    lines = report.summary(results, Path("out")).splitlines()[:4]
    assert len({line.index("puyang") for line in lines}) == 1, lines
    assert [line.split()[0] for line in lines] == ["ok", "FAILED", "INTERRUPTED", "not"]


def test_the_index_names_its_data_and_reports_kept_from_other_data(tmp_path):
    nb = Path("notebooks/02_growth_metrics.ipynb")
    first = [report.Result(report.Task(nb, "puyang"), "ok", 1.0)]
    report.write_index(tmp_path, first, data="/data/<2024>", lang="en")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Data: /data/&lt;2024&gt;</p>" in page and "other data" not in page
    second = [report.Result(report.Task(nb, "guanzhuang"), "ok", 1.0)]
    report.write_index(tmp_path, second, data="/data/2025", lang="en")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Data: /data/2025</p>" in page
    assert "made by earlier runs from other data: /data/&lt;2024&gt;</p>" in page


def test_a_garbled_or_planted_status_file_neither_stops_the_index_nor_leads_out(tmp_path):
    """The status file of earlier runs lies in a folder others may write into: what is not an
    entry a run writes is left out of the index, which this run's reports still make."""
    out = tmp_path / "out"
    (out / "elsewhere").mkdir(parents=True)
    outside = tmp_path / "secret.html"
    outside.write_text("secret", encoding="utf-8")
    kept = {"notebook": "/nb/03_kept.ipynb", "status": "ok", "seconds": 2.0, "error": "",
            "data": ""}
    (out / report.STATUS_FILE).write_text(json.dumps({
        "puyang/03_kept": kept,
        "../secret": dict(kept, notebook="/nb/secret.ipynb"),  # a link out of the folder
        "guanzhuang/04_x": {"notebook": "/nb/04_x.ipynb"},  # keys missing
        "nanyang_hitech/05_y": "ok",  # not an entry at all
        "suqian_eco_chem/06_z": dict(kept, notebook="/nb/06_z.ipynb", seconds="soon"),
    }), encoding="utf-8")
    nb = Path("notebooks/02_growth_metrics.ipynb")
    report.write_index(out, [report.Result(report.Task(nb, "puyang"), "ok", 1.0)], lang="en")
    page = (out / "index.html").read_text(encoding="utf-8")
    body = page[page.index("<body>"):]
    assert "03_kept" in body and "02_growth_metrics" in body
    for planted in ("secret", "04_x", "05_y", "06_z", "guanzhuang", "nanyang_hitech",
                    "suqian_eco_chem"):
        assert planted not in body, planted
    for broken in ("[]", "{\"puyang/03_kept\": ", "null"):  # not a mapping, cut short
        (out / report.STATUS_FILE).write_text(broken, encoding="utf-8")
        report.write_index(out, [report.Result(report.Task(nb, "puyang"), "ok", 1.0)])
        assert "02_growth_metrics" in (out / "index.html").read_text(encoding="utf-8")


def test_the_index_speaks_the_reports_language(tmp_path):
    nb = report.notebook_dir() / "02_growth_metrics.ipynb"
    results = [report.Result(report.Task(nb, "puyang"), "ok", 3.2),
               report.Result(report.Task(nb, "all"), "failed", 1.0, "ValueError: x")]
    for lang, words, not_words in (
            ("zh", ["parklens 报告", "1/2 份报告完成", "增长指标", "园区", "全部园区",
                    "✓ 打开（3 秒）", "✗ 失败：打开", "随附数据（"],
             ["reports finished", "Growth metrics", "open (", "bundled data"]),
            ("en", ["parklens reports", "1 of 2 reports finished", "Growth metrics",
                    "all parks", "✓ open (3 s)", "✗ failed: open", "the bundled data ("],
             ["份报告", "增长指标", "打开", "全部园区"])):
        out = tmp_path / lang
        report.write_index(out, results, data=report.describe_data(None), lang=lang)
        page = (out / "index.html").read_text(encoding="utf-8")
        body = page[page.index("<body>"):]
        assert all(w in body for w in words), [w for w in words if w not in body]
        assert not [w for w in not_words if w in body]
        # the notebook by its title, its file name beneath (two may share a title)
        assert "<div class='id'>02_growth_metrics</div></th>" in body


def test_a_notebook_process_of_its_own_dies_with_its_parent(tmp_path):
    """``run_child`` (a Dask worker's way) in a parent that is killed with SIGKILL, as a
    worker lost with its machine: the notebook process and its kernel end, and the report
    the notebook would have made once its sleep was over is never written."""
    started = tmp_path / "kernel-started"
    sleeps = small_notebook(tmp_path, "sleeps", f"import pathlib, time\n"
                            f"pathlib.Path({str(started)!r}).touch()\ntime.sleep(2)")
    out = tmp_path / "out"
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pathlib import Path\nfrom parklens import "
         "report\nreport.run_child(report.Task(Path(sys.argv[1]), 'puyang'), Path(sys.argv[2]),"
         " 'zh', False, None, report.Children())", str(sleeps), str(out)])
    deadline = time.monotonic() + 120
    while not started.exists():
        assert time.monotonic() < deadline and parent.poll() is None, "the kernel ran"
        time.sleep(0.2)
    children = psutil.Process(parent.pid).children(recursive=True)
    assert any("_one" in c.cmdline() for c in children)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while any(_alive(c.pid) for c in children):
        assert time.monotonic() < deadline, "the notebook process and its kernel ended"
        time.sleep(0.1)
    time.sleep(5)  # past the notebook's end: a surviving process would write the report now
    assert not (out / "puyang" / "sleeps.html").exists()


def test_a_report_keeps_only_the_text_cells_of_its_language(tmp_path):
    import nbformat

    path = small_notebook(tmp_path, "06_bilingual", "print('计算 computed')")
    nb = nbformat.read(path, as_version=4)
    for lang, words in (("zh", "只在中文报告里"), ("en", "Only in the English report")):
        cell = nbformat.v4.new_markdown_cell(f"## {words}")
        cell.metadata["tags"] = [f"lang-{lang}"]
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_markdown_cell("共同 · shared"))  # untagged: every report
    nbformat.write(nb, path)
    for lang, kept, dropped in (("zh", "只在中文报告里", "Only in the English report"),
                                ("en", "Only in the English report", "只在中文报告里")):
        out = tmp_path / lang
        assert report.execute(path, "puyang", out, lang=lang) is None
        page = (out / "puyang" / "06_bilingual.html").read_text(encoding="utf-8")
        assert kept in page and dropped not in page and "共同 · shared" in page
        assert "计算 computed" in page  # the code cells' outputs stay


# --- pages that stand on their own: the font, no code, no paths, print CSS -------------------

#: Chinese characters, CJK punctuation and full-width forms: what the embedded font must draw
#: (written here, not taken from parklens.report.pages).
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
DATA_URL = re.compile(r"@font-face\s*\{[^}]*font-family:\s*'([^']+)'[^}]*"
                      r"src:\s*url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)\s*format\('woff2'\)")


def _readable_text(page: str) -> str:
    """Everything of a page but its scripts and styles, character references decoded."""
    return html.unescape(re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", page))


def _embedded_font(page: str):
    from fontTools.ttLib import TTFont

    faces = DATA_URL.findall(page)
    assert len(faces) == 1, "one @font-face with a WOFF2 data URL"
    family, data = faces[0]
    font = TTFont(io.BytesIO(base64.b64decode(data, validate=True)))
    assert font.flavor == "woff2"
    return family, font


def _bilingual_notebook(tmp_path: Path) -> Path:
    import nbformat

    path = small_notebook(tmp_path, "05_pages", "print('计算结果：园区（濮阳）')")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("## 稳增长 · 鼎新区\n\n数字「一百」，见表。"))
    nbformat.write(nb, path)
    return path


def test_a_page_embeds_its_cjk_characters_and_no_others(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    path = _bilingual_notebook(tmp_path)
    out = tmp_path / "out"
    assert report.execute(path, "puyang", out) is None
    page = (out / "puyang" / "05_pages.html").read_text(encoding="utf-8")
    family, font = _embedded_font(page)
    drawn = {chr(cp) for cp in font.getBestCmap()}
    wanted = set(CJK.findall(_readable_text(page)))
    assert set("计算结果：园区（濮阳）稳增长鼎新「一百」，见表。") <= wanted
    assert drawn == wanted  # every Chinese character of the page, and nothing else
    # the page's font stacks name the embedded family first, after the template's styles
    css = page[page.rindex("<style"):page.index("</head>")]
    assert f"--jp-content-font-family: '{family}'," in css
    assert "@font-face" in css


def test_a_report_shows_no_code_and_no_absolute_path_by_default(tmp_path, data_copy):
    path = _bilingual_notebook(tmp_path)
    out = tmp_path / "out"
    assert report.execute(path, "puyang", out, data_dir=str(data_copy)) is None
    page = (out / "puyang" / "05_pages.html").read_text(encoding="utf-8")
    assert "计算结果：园区（濮阳）" in page  # the output stays
    body = _readable_text(page)
    assert "print(" not in body and "jp-InputArea-editor" not in body and "In\xa0[" not in body
    assert str(tmp_path) not in page and str(data_copy) not in page


def test_show_code_shows_the_code_and_the_parameters_without_absolute_paths(tmp_path,
                                                                             data_copy):
    path = _bilingual_notebook(tmp_path)
    out = tmp_path / "out"
    assert report.execute(path, "puyang", out, no_input=False, data_dir=str(data_copy)) is None
    page = (out / "puyang" / "05_pages.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", _readable_text(page)))
    assert "print('计算结果：园区（濮阳）')" in text and "jp-InputArea-editor" in _readable_text(page)
    assert "output_dir = 'puyang'  # within the report folder" in text
    assert f"data_dir = '…/{data_copy.name}'  # outside the report folder" in text
    assert str(tmp_path) not in page and str(data_copy) not in page
    # the executed notebook beside the page keeps the real values
    executed = (out / "puyang" / "05_pages.ipynb").read_text(encoding="utf-8")
    assert json.dumps(str(out / "puyang"))[1:-1] in executed


def test_pages_carry_print_css():
    css = pages.PRINT_CSS
    page = pages.finish("<html><head><title>t</title></head><body><p>园区</p></body></html>")
    assert css in page and page.index(css) < page.index("</head>")
    at_page = re.search(r"@page\s*\{([^}]*)\}", css).group(1)
    assert re.search(r"margin:\s*\d+mm", at_page)
    printed = css[css.index("@media print"):]
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", printed.split("{", 1)[1]))
    hidden = [sel for sel, body in rules.items() if "display: none" in body]
    assert any(".jp-InputPrompt" in s and ".jp-OutputPrompt" in s and ".anchor-link" in s
               for s in hidden)
    whole = " ".join(sel for sel, body in rules.items() if "break-inside: avoid" in body)
    assert all(re.search(rf"(^|[\s,]){tag}([\s,]|$)", whole) for tag in ("img", "tr", "pre"))
    assert any("thead" in s and "table-header-group" in b for s, b in rules.items())


def test_the_index_embeds_the_font_of_its_park_names(tmp_path):
    nb = Path("notebooks/02_growth_metrics.ipynb")
    results = [report.Result(report.Task(nb, "puyang"), "ok", 1.0)]
    report.write_index(tmp_path, results, park_names={"puyang": "濮阳工业园区"})
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    _, font = _embedded_font(page)
    drawn = {chr(cp) for cp in font.getBestCmap()}
    assert drawn == set(CJK.findall(_readable_text(page))) >= set("濮阳工业园区")


def test_a_planted_font_cache_entry_never_reaches_a_page(tmp_path, monkeypatch):
    from parklens import cache

    monkeypatch.setenv("PARKLENS_CACHE_DIR", str(tmp_path / "cache"))
    chars = set("园区濮阳")
    first = pages.subset_woff2(chars)
    assert first.startswith(b"wOF2")
    [entry] = list((tmp_path / "cache" / "fonts").iterdir())
    key = entry.stem
    pages._memo.clear()
    planted = "');}</style><script>alert(1)</script>"
    cache.write_value("fonts", key, planted)
    assert pages.subset_woff2(chars) == first  # made again, not read from the planted entry
    pages._memo.clear()
    cache.write_value("fonts", key, base64.b64encode(b"not a font").decode())
    assert pages.subset_woff2(chars) == first
    page = pages.finish("<html><head></head><body>园区濮阳</body></html>")
    assert "<script>" not in page and "alert" not in page


def test_a_batch_needs_no_posix_only_call(tmp_path, monkeypatch, notebook_timeout):
    """As on Windows: select() refuses pipes and there is no os.killpg. A hanging notebook is
    still stopped at its timeout, kernel and all."""
    import select

    def no_pipes(*args, **kwargs):
        raise OSError(10038, "An operation was attempted on something that is not a socket")

    monkeypatch.setattr(select, "select", no_pipes)
    monkeypatch.delattr(os, "killpg")
    log = tmp_path / "pids"
    hangs = small_notebook(tmp_path, "a_hangs", f"import os\nopen({str(log)!r}, 'a').write("
                           "f'{os.getpid()}\\n')\nimport time; time.sleep(600)")
    done: dict = {}
    worker = threading.Thread(target=lambda: done.update(result=report.run(
        [hangs], ["puyang"], tmp_path / "out", jobs=1, timeout=notebook_timeout,
        progress=False)), daemon=True)
    worker.start()
    worker.join(timeout=240 + notebook_timeout)
    assert "result" in done, "the batch stopped the hanging notebook at its timeout"
    code, [result] = done["result"]
    assert (code, result.status, result.error) == (
        1, "failed", f"timed out after {notebook_timeout} s")
    kernel = int(log.read_text().split()[0])  # (it started: the timeout leaves it time to)
    deadline = time.monotonic() + 5
    while _alive(kernel):
        assert time.monotonic() < deadline, "the timed-out notebook's kernel is gone"
        time.sleep(0.1)


def test_a_bundled_notebook_is_named_by_its_number_or_its_name():
    from parklens.report.tasks import find_notebooks

    by_number = find_notebooks(["02", "04"])
    assert [p.name for p in by_number] == ["02_growth_metrics.ipynb", "04_park_profile.ipynb"]
    assert find_notebooks(["02_growth_metrics"]) == by_number[:1]
    with pytest.raises(SystemExit, match="unknown notebook '2'"):
        find_notebooks(["2"])
