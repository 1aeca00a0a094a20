"""Every class of bad input gives a clear error naming file, line and fix, and a non-zero exit;
pl.load refuses the dataset as a whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import parklens as pl
from conftest import run_cli

PARK = "parks/nanyang_hitech.yaml"


def edit(data_dir: Path, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace text in a data file; return the 1-based line where the change starts."""
    path = data_dir / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def problems_of(data_dir: Path) -> list[pl.Problem]:
    _, problems = pl.check(data_dir)
    return problems


def assert_one_problem(data_dir: Path, file: str, line: int | None, *fragments: str):
    problems = problems_of(data_dir)
    matching = [p for p in problems if p.file.endswith(file) and p.line == line
                and all(f in str(p) for f in fragments)]
    assert matching, "\n".join(str(p) for p in problems) or "no problem reported"
    assert all(p.fix for p in matching), "every problem says how to fix it"
    with pytest.raises(pl.DataError) as err:
        pl.load(data_dir)
    assert any(f"{file}:{line}" in line_ for line_ in str(err.value).splitlines()) or line is None
    return problems


def test_bundled_dataset_has_no_problems():
    assert problems_of(Path(__file__).resolve().parents[1] / "data") == []


def test_broken_yaml(data_copy):
    line = edit(data_copy, PARK, "metrics:\n", "metrics: [\n")
    problems = problems_of(data_copy)
    (p,) = [p for p in problems if p.file.endswith(PARK)]
    # the parser notices it two lines on, after a comment line
    assert p.line == line + 2 and "invalid YAML" in p.message
    with pytest.raises(pl.DataError, match="invalid YAML"):
        pl.load(data_copy)


def test_missing_field(data_copy):
    line = edit(data_copy, PARK, "    indicator: retail_sales\n", "")
    # reported at the metric whose field is missing
    problems = problems_of(data_copy)
    hits = [p for p in problems if "'indicator' is missing" in p.message]
    assert len(hits) == 1 and hits[0].where == "metrics[4].indicator"
    assert hits[0].line == line - 1  # the `- id:` line of that metric


def test_unknown_field(data_copy):
    line = edit(data_copy, PARK, "    indicator: retail_sales\n",
                "    indicator: retail_sales\n    colour: red\n")
    assert_one_problem(data_copy, PARK, line + 1, "unknown field 'colour'", "remove it")


def test_unquoted_comma_in_flow_mapping_is_explained(data_copy):
    line = edit(data_copy, PARK, '{source: s003, quote: "社会消费品零售额增长4.7%"}',
                "{source: s003, quote: 社会消费品零售额增长4.7%,多了}")
    assert_one_problem(data_copy, PARK, line, "unknown field '多了'", "double quotes")


def test_wrong_type(data_copy):
    line = edit(data_copy, PARK, "date: 2025-01-08", "date: [2025, 1, 8]")
    assert_one_problem(data_copy, PARK, line, "sources[0].date", "wrong type")


def test_code_outside_its_list(data_copy):
    line = edit(data_copy, PARK, "    measure: share\n", "    measure: percentage\n")
    assert_one_problem(data_copy, PARK, line, "'percentage' is not allowed", "yoy_growth")


def test_unknown_unit(data_copy):
    edit(data_copy, "vocab/units.yaml", "  证: {base: items, factor: 1, en: licences}\n", "")
    line = (data_copy / PARK).read_text(encoding="utf-8").splitlines().index("    stated: 四证") + 1
    assert_one_problem(data_copy, PARK, line, "unknown unit '证'", "vocab/units.yaml")


def test_unknown_indicator(data_copy):
    line = edit(data_copy, PARK, "    indicator: retail_sales\n", "    indicator: retail_salez\n")
    assert_one_problem(data_copy, PARK, line, "unknown indicator 'retail_salez'",
                       "vocab/indicators.yaml")


def test_quote_not_in_source(data_copy):
    line = edit(data_copy, PARK, 'quote: "社会消费品零售额增长4.7%"}',
                'quote: "社会消费品零售额增长47%"}')
    assert_one_problem(data_copy, PARK, line, "quote not found in source s003", "exactly",
                       "the document has '社会消费品零售额增长4.7%'")


def test_stated_not_in_quote(data_copy):
    line = edit(data_copy, PARK, '    stated: "4.7%"\n', '    stated: "4.8%"\n')
    assert_one_problem(data_copy, PARK, line, "does not occur in its quote")


def test_quote_comparison_ignores_only_white_space(data_copy):
    # white space and line breaks may differ ...
    edit(data_copy, PARK, 'quote: "社会消费品零售额增长4.7%"}', 'quote: "社会消费品 零售额\\n增长4.7%"}')
    assert problems_of(data_copy) == []
    # ... punctuation may not (half-width ; for the document's full-width ；)
    line = edit(data_copy, PARK, '4.7%;税占比86.2%', '4.7%；税占比86.2%')
    assert_one_problem(data_copy, PARK, line, "quote not found")


def test_duplicate_id(data_copy):
    line = edit(data_copy, PARK, "  - id: ny_retail_sales_growth_2024q3\n",
                "  - id: ny_gdp_growth_2024q3\n")
    assert_one_problem(data_copy, PARK, line, "duplicate metric id 'ny_gdp_growth_2024q3'")


def test_duplicate_key(data_copy):
    line = edit(data_copy, PARK, "    measure: share\n", "    measure: share\n    measure: share\n")
    assert_one_problem(data_copy, PARK, line + 1, "duplicate key 'measure'")


def test_missing_source_file(data_copy):
    (data_copy.parent / "seeds" / "003_84782c2cc07288f7.txt").unlink()
    line = (data_copy / PARK).read_text(encoding="utf-8").splitlines().index(
        "    file: seeds/003_84782c2cc07288f7.txt") + 1
    assert_one_problem(data_copy, PARK, line, "source file", "not found")


def test_source_that_is_not_utf8(data_copy):
    seed = data_copy.parent / "seeds" / "003_84782c2cc07288f7.txt"
    seed.write_bytes(seed.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    problems = problems_of(data_copy)
    assert any("is not UTF-8" in str(p) and "iconv" in p.fix for p in problems)



@pytest.mark.parametrize("content", [b"", b" \n\r\n\t\xe3\x80\x80\n"])  # nothing; white space only
def test_an_empty_source_is_one_problem_naming_the_file(data_copy, content):
    (data_copy.parent / "seeds" / "003_84782c2cc07288f7.txt").write_bytes(content)
    line = (data_copy / PARK).read_text(encoding="utf-8").splitlines().index(
        "    file: seeds/003_84782c2cc07288f7.txt") + 1
    problems = assert_one_problem(data_copy, PARK, line,
                                  "source file 'seeds/003_84782c2cc07288f7.txt' is empty",
                                  "restore")
    # not one "quote not found" for each of the dozens of cites of the document
    assert len(problems) == 1, "\n".join(map(str, problems))


def test_a_data_file_with_a_byte_order_mark_loads(data_copy):
    path = data_copy / PARK
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_of(data_copy) == []
    assert "nanyang_hitech" in set(pl.load(data_copy).parks.park_id)


def test_a_source_with_a_byte_order_mark_reads_as_without_it(data_copy, ds):
    """The mark says "UTF-8", it is not text: the document, its quotes and every offset of
    the text tables are those of the file without it."""
    from parklens import text

    seed = data_copy.parent / "seeds" / "003_84782c2cc07288f7.txt"
    seed.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes())
    marked = pl.load(data_copy)
    assert marked.documents.text.tolist() == ds.documents.text.tolist()
    assert len(marked.metrics) == len(ds.metrics)
    docs = marked.documents.query("source_id == 's003'")
    corpus, plain = text.prepare(docs), text.prepare(ds.documents.query("source_id == 's003'"))
    for table in ("paragraphs", "sentences"):
        pd.testing.assert_frame_equal(getattr(corpus, table), getattr(plain, table))
    assert not corpus.paragraphs.text.str.contains("\ufeff").any()

def test_tab_indentation(data_copy):
    line = edit(data_copy, PARK, "    indicator: retail_sales\n", "\tindicator: retail_sales\n")
    assert_one_problem(data_copy, PARK, line, "invalid YAML", "spaces, not tabs")


def test_python_object_tag_is_refused_and_never_constructed(data_copy, tmp_path):
    marker = tmp_path / "pwned"
    edit(data_copy, PARK, "    note: Part of fixed-asset",
         f"    note: !!python/object/apply:os.system ['touch {marker}']\n    x: Part of fixed-asset")
    problems = problems_of(data_copy)
    assert any("invalid YAML" in str(p) and "remove the tag" in p.fix for p in problems)
    assert not marker.exists()


def test_yaml_aliases_are_refused(data_copy):
    line = edit(data_copy, PARK, "    measure: share\n", "    measure: *share\n")
    assert_one_problem(data_copy, PARK, line, "aliases")


def test_anchor_bomb_is_refused_without_expanding(data_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    (data_copy / "parks" / "bomb.yaml").write_text(bomb, encoding="utf-8")
    problems = problems_of(data_copy)
    hits = [p for p in problems if p.file.endswith("bomb.yaml")]
    assert len(hits) == 1 and "aliases" in hits[0].message and hits[0].line == 2


def test_park_id_must_match_file_name(data_copy):
    (data_copy / PARK).rename(data_copy / "parks" / "other.yaml")
    problems = problems_of(data_copy)
    assert any("differs from the file name" in str(p) and "nanyang_hitech.yaml" in p.fix
               and "id: other" in p.fix and p.file.endswith("other.yaml") for p in problems)


def test_all_problems_are_reported_at_once(data_copy):
    edit(data_copy, PARK, "    indicator: retail_sales\n", "    indicator: retail_salez\n")
    edit(data_copy, PARK, 'quote: "社会消费品零售额增长4.7%"}', 'quote: "不存在的句子"}')
    edit(data_copy, "parks/puyang.yaml", "park:\n", "park:\n  colour: red\n")
    text = str(problems_of(data_copy))
    assert "retail_salez" in text and "不存在的句子" in text and "colour" in text


def test_cli_validate_exit_codes(data_copy):
    ok = run_cli("validate")
    assert ok.returncode == 0, ok.stderr
    assert "every quote found" in ok.stdout
    line = edit(data_copy, PARK, "    indicator: retail_sales\n", "    indicator: retail_salez\n")
    bad = run_cli("validate", str(data_copy))
    assert bad.returncode == 1
    assert f"data/{PARK}:{line}:" in bad.stderr and "retail_salez" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_summary_refuses_bad_data(data_copy):
    edit(data_copy, PARK, "metrics:\n", "metrics: [\n")
    bad = run_cli("summary", str(data_copy))
    assert bad.returncode == 1 and "invalid YAML" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stdout == ""


def test_not_a_data_folder(tmp_path):
    bad = run_cli("validate", str(tmp_path))
    assert bad.returncode == 1 and "no parks/ folder" in bad.stderr


# --- hostile and clumsy input: nothing outside the dataset is read, no traceback, no silent
# --- wrong result (issue 13)

SEED = "seeds/003_84782c2cc07288f7.txt"
SECRET = "机密口令XYZZY：社会消费品零售额增长4.8%"  # close to a quote of the park: a hint would show it


def source_line(data_dir: Path) -> int:
    return (data_dir / PARK).read_text(encoding="utf-8").splitlines().index(
        f"    file: {SEED}") + 1


@pytest.fixture
def secret(tmp_path_factory) -> Path:
    """A file outside the dataset folder whose text nearly matches a quote of the park."""
    path = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    path.write_text(SECRET + "\n" + SECRET + "\n", encoding="utf-8")
    return path


def assert_refused_unread(data_dir: Path, file: str, line: int, *fragments: str):
    problems = assert_one_problem(data_dir, file, line, *fragments)
    text = "\n".join(map(str, problems))
    assert "XYZZY" not in text and "4.8%" not in text, "nothing of the file is shown"
    assert "quote not found" not in text, "the file outside was not read"
    return problems


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_a_source_file_outside_the_dataset_is_refused_and_never_shown(data_copy, secret, how):
    root = data_copy.parent
    line = source_line(data_copy)
    if how == "symlink":  # the seed itself, replaced by a link to the file outside
        (root / SEED).unlink()
        (root / SEED).symlink_to(secret)
        named = SEED
    elif how == "absolute":
        named = str(secret)
    else:
        named = "seeds/" + "../" * (len(root.parts) + 1) + str(secret).lstrip("/")
    edit(data_copy, PARK, f"file: {SEED}", f"file: {named}")
    assert_refused_unread(data_copy, PARK, line, "outside the dataset folder"
                          if how != "absolute" else "not a path inside the dataset folder",
                          "relative to the project root")


@pytest.mark.skipif(not Path("/proc/self/environ").is_file(), reason="Linux /proc only")
def test_proc_files_are_refused(data_copy, monkeypatch):
    monkeypatch.setenv("PARKLENS_TEST_SECRET", SECRET)  # in the environ of this process
    line = source_line(data_copy)
    edit(data_copy, PARK, f"file: {SEED}", "file: ../../../../../../../proc/self/environ")
    assert_refused_unread(data_copy, PARK, line, "outside the dataset folder")


def test_a_link_inside_the_dataset_is_followed(data_copy):
    root = data_copy.parent
    (root / "docs").mkdir()
    (root / "docs" / "003.txt").symlink_to(root / SEED)
    edit(data_copy, PARK, f"file: {SEED}", "file: docs/003.txt")
    assert problems_of(data_copy) == []


@pytest.mark.parametrize("folder", ["parks", "vocab"])
def test_a_data_file_linked_from_outside_is_refused_unread(data_copy, tmp_path_factory, folder):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "passwd"
    elsewhere.write_text("root:x:0:0:XYZZY:/root:/bin/bash\n", encoding="utf-8")
    name = "evil.yaml" if folder == "parks" else "themes.yaml"
    target = data_copy / folder / name
    target.unlink(missing_ok=True)
    target.symlink_to(elsewhere)
    problems = problems_of(data_copy)
    hits = [p for p in problems if p.file.endswith(f"{folder}/{name}")]
    assert len(hits) == 1 and "outside the dataset folder" in hits[0].message and hits[0].line
    assert "XYZZY" not in "\n".join(map(str, problems))


def test_the_near_miss_hint_is_a_short_passage(data_copy):
    doc = "".join((data_copy.parent / SEED).read_text(encoding="utf-8").split())
    start = doc.index("社会消费品零售额增长4.7%")
    long_quote = doc[start - 150: start + 150].replace("4.7%", "4.8%")  # 300 characters
    line = edit(data_copy, PARK, 'quote: "社会消费品零售额增长4.7%"}', f'quote: "{long_quote}"}}')
    (p,) = [p for p in problems_of(data_copy) if p.line == line]
    assert "quote not found" in p.message
    assert len(str(p)) < 500, "neither the quote nor a passage of the document is shown whole"
    # a quote of ordinary length still gets its hint, as long as the quote
    edit(data_copy, PARK, f'quote: "{long_quote}"}}', 'quote: "社会消费品零售额增长4.8%"}')
    (p,) = [p for p in problems_of(data_copy) if p.line == line]
    assert "the document has '社会消费品零售额增长4.7%'" in p.message


def test_an_impossible_unquoted_date_is_a_located_problem(data_copy):
    line = edit(data_copy, PARK, "date: 2025-01-08", "date: 2020-13-45")
    assert_one_problem(data_copy, PARK, line, "'2020-13-45' is not a valid date",
                       "YYYY-MM-DD")


@pytest.mark.parametrize("tagged", ["!!int abc", "!!timestamp someday", "!!bool maybe"])
def test_a_value_its_tag_cannot_build_is_a_located_problem(data_copy, tagged):
    line = edit(data_copy, PARK, "    outlet: 南阳日报（推断）", f"    outlet: {tagged}")
    assert_one_problem(data_copy, PARK, line, "is not a valid")


@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_deep_nesting_is_a_located_problem(data_copy, monkeypatch, loader):
    from parklens import yamlfile

    if loader == "python":  # the fallback where libyaml is missing
        monkeypatch.setattr(yamlfile, "_Loader", yamlfile._PyLoader)
    line = edit(data_copy, PARK, "    note: Part of fixed-asset",
                "    note: " + "[" * 990 + "]" * 990 + "\n    x: Part of fixed-asset")
    assert_one_problem(data_copy, PARK, line, "nested more than", "brackets")


def test_a_control_character_is_located(data_copy):
    line = edit(data_copy, PARK, "    outlet: 南阳日报（推断）", "    outlet: 南阳日报\x00")
    assert_one_problem(data_copy, PARK, line, "'\\x00' is not allowed", "control character")


@pytest.mark.parametrize("quote", [" ", "\u3000\n", "区", "“高新区”"])
def test_a_quote_without_enough_real_text_is_refused(data_copy, quote):
    """Each occurs in the document (white space occurs anywhere), so each counted as found."""
    line = edit(data_copy, PARK, 'quote: "努力成为南阳高新技术产业发展领跑者、示范者、带动者"',
                f'quote: "{quote}"')
    assert_one_problem(data_copy, PARK, line, "too short", "copy the whole phrase")


def test_a_quote_of_four_characters_is_enough(data_copy):
    edit(data_copy, PARK, 'quote: "努力成为南阳高新技术产业发展领跑者、示范者、带动者"',
         'quote: "南阳高新"')
    assert problems_of(data_copy) == []


def add_figure(data_dir: Path, sentence: str, metric: str) -> int:
    """Append ``sentence`` to the park's document and ``metric`` (YAML lines, 4-space
    indented fields) as its first metric; return the line of the metric's `- id:`."""
    seed = data_dir.parent / SEED
    seed.write_text(seed.read_text(encoding="utf-8") + sentence + "\n", encoding="utf-8")
    return edit(data_dir, PARK, "metrics:\n", "metrics:\n" + metric) + 1


@pytest.mark.parametrize("measure, stated, what", [
    ("share", "10000%", "between 0% and 100%"),
    ("share", "下降5%", "between 0% and 100%"),
    ("yoy_growth", "下降150%", "at least -100%"),
    ("plan_completion", "下降20%", "at least 0%"),
    ("rank", "第0位", "not a rank"),
    ("level", "减少5家", "negative level"),
    ("level", "减少5台", "negative level"),  # any base unit not marked signed, not a list
])
def test_a_figure_outside_its_natural_bounds_is_refused(data_copy, measure, stated, what):
    line = add_figure(data_copy, f"测试园区指标{stated}。", (
        f"  - id: ny_bounds_test\n    indicator: enterprises\n    measure: {measure}\n"
        f"    period: 2024年\n    stated: \"{stated}\"\n"
        f"    cites: [{{source: s003, quote: \"测试园区指标{stated}\"}}]\n"))
    assert_one_problem(data_copy, PARK, line + 4, what)  # at `stated`


@pytest.mark.parametrize("measure, stated", [("share", "100%"), ("share", "0%"),
                                             ("yoy_growth", "下降100%"), ("rank", "第1位"),
                                             ("plan_completion", "180%"),
                                             ("change", "减少5家"),
                                             ("level", "减少5亿元")])  # money may be negative
def test_a_figure_at_its_bounds_is_accepted(data_copy, measure, stated):
    add_figure(data_copy, f"测试园区指标{stated}。", (
        f"  - id: ny_bounds_test\n    indicator: enterprises\n    measure: {measure}\n"
        f"    period: 2024年\n    stated: \"{stated}\"\n"
        f"    cites: [{{source: s003, quote: \"测试园区指标{stated}\"}}]\n"))
    assert problems_of(data_copy) == []


def test_which_base_units_may_be_negative_is_said_by_the_units_vocabulary(data_copy):
    units = data_copy / "vocab" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    line = "  CNY: {zh: 元, en: yuan (CNY), signed: true, currency: true}"
    assert line in text
    units.write_text(text.replace(line, "  CNY: {zh: 元, en: yuan (CNY), currency: true}"),
                     encoding="utf-8")
    line = add_figure(data_copy, "测试园区指标减少5亿元。", (
        "  - id: ny_bounds_test\n    indicator: enterprises\n    measure: level\n"
        "    period: 2024年\n    stated: \"减少5亿元\"\n"
        "    cites: [{source: s003, quote: \"测试园区指标减少5亿元\"}]\n"))
    assert_one_problem(data_copy, PARK, line + 4, "negative level of CNY")


@pytest.mark.parametrize("suffix", [".yml", ".YAML", ".Yaml"])
def test_a_park_file_not_named_yaml_is_refused(data_copy, suffix):
    (data_copy / "parks" / "puyang.yaml").rename(data_copy / "parks" / f"puyang{suffix}")
    assert_one_problem(data_copy, f"parks/puyang{suffix}", 1, "end in .yaml",
                       "rename it to puyang.yaml")


def test_a_vocabulary_file_not_named_yaml_is_refused(data_copy):
    (data_copy / "vocab" / "themes.yaml").rename(data_copy / "vocab" / "themes.yml")
    assert_one_problem(data_copy, "vocab/themes.yml", 1, "rename it to themes.yaml")


def many_bad_metrics(data_dir: Path, n: int) -> None:
    """``n`` metrics each with one problem (an unknown indicator), quotes all found."""
    body = "".join(f"  - id: ny_bad_{i}\n    indicator: nope_{i}\n    period: 2024年\n"
                   f"    stated: \"4.7%\"\n    measure: yoy_growth\n"
                   f"    cites: [{{source: s003, quote: \"社会消费品零售额增长4.7%\"}}]\n"
                   for i in range(n))
    edit(data_dir, PARK, "metrics:\n", "metrics:\n" + body)


def test_many_problems_keep_the_first_200_and_count_the_rest(data_copy):
    many_bad_metrics(data_copy, 1000)
    _, problems = pl.check(data_copy)
    assert len(problems) == 200 and problems.total == 1000
    assert [p.message for p in problems[:2]] == ["unknown indicator 'nope_0'",
                                                 "unknown indicator 'nope_1'"]
    with pytest.raises(pl.DataError) as err:
        pl.load(data_copy)
    assert err.value.total == 1000 and len(err.value.problems) == 200
    message = str(err.value)
    assert message.startswith("1000 problems") and "and 800 more" in message
    assert message.count("unknown indicator") == 200
    out = run_cli("validate", str(data_copy))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert lines[0].startswith("parklens: 1000 problems in")
    assert sum("unknown indicator" in x for x in lines) == 200
    assert "800 more" in out.stderr and len(lines) <= 203


def test_an_unknown_unit_is_reported_at_the_unit_field(data_copy):
    gz = "parks/guanzhuang.yaml"
    line = edit(data_copy, gz, '    stated: "3"\n    unit: 个\n', '    stated: "3"\n    unit: 大个\n')
    assert_one_problem(data_copy, gz, line + 1, "unknown unit '大个'", "vocab/units.yaml")


def test_a_measure_that_does_not_fit_is_reported_at_the_measure_field(data_copy):
    line = edit(data_copy, PARK, "    measure: share\n    period: 2024年前三季度\n",
                "    measure: level\n    period: 2024年前三季度\n")
    assert_one_problem(data_copy, PARK, line, "a percentage", "set measure")


def test_a_duplicate_industry_is_reported_at_its_industry_field(data_copy):
    py = "parks/puyang.yaml"
    line = edit(data_copy, py, "  - industry: coatings\n    role: leading\n",
                "  - role: leading\n    industry: new_chemicals\n")
    assert_one_problem(data_copy, py, line + 1, "'new_chemicals' listed twice")


def test_an_unknown_base_unit_is_reported_at_the_base_field(data_copy):
    units = "vocab/units.yaml"
    line = edit(data_copy, units, "  证: {base: items, factor: 1, en: licences}",
                "  证:\n    factor: 1\n    base: itemz\n    en: licences")
    assert_one_problem(data_copy, units, line + 2, "base unit 'itemz'")


@pytest.mark.parametrize("old, new, fragments", [
    ("leading: {zh: 主导产业, en: leading, order: 1, score: 4.0}",
     "leading: {zh: 主导产业, en: leading, order: 1}", ("industry_role.leading",
                                                   "'score' is missing", "add `score:`")),
    ("future: {zh: 未来产业, en: future, order: 3, score: 2.5}",
     "future: {zh: 未来产业, en: future, order: 3, score: high}", ("industry_role.future.score",
                                                               "'high'")),
    ("future: {zh: 未来产业, en: future, order: 3, score: 2.5}",
     "future: {zh: 未来产业, en: future, order: 0, score: 2.5}", ("industry_role.future.order",
                                                              "greater than or equal to 1")),
])
def test_a_role_without_its_order_or_score_is_a_located_problem(data_copy, old, new, fragments):
    """The roles' order and score are vocabulary (terms.yaml), checked like any field."""
    line = edit(data_copy, "vocab/terms.yaml", old, new)
    assert_one_problem(data_copy, "vocab/terms.yaml", line, *fragments)


def test_two_roles_of_the_same_order_are_a_problem(data_copy):
    edit(data_copy, "vocab/terms.yaml", "order: 5, score: 1.0", "order: 1, score: 1.0")
    line = edit(data_copy, "vocab/terms.yaml", "industry_role:", "industry_role:")
    assert_one_problem(data_copy, "vocab/terms.yaml", line, "two roles share the order 1",
                       "its own `order:`")


def test_an_unknown_english_unit_style_is_reported_at_its_field(data_copy):
    units = "vocab/units.yaml"
    line = edit(data_copy, units, "  平方米: {base: m2, factor: 1, en: m²}",
                "  平方米:\n    base: m2\n    factor: 1\n    en: m²\n    en_style: bracket")
    assert_one_problem(data_copy, units, line + 4, "units.平方米.en_style", "'bracket'",
                       "'after', 'brackets' or 'joined'")


@pytest.mark.parametrize("field, old", [("stated", '    stated: "4.7%"\n'),
                                        ("quote", 'quote: "社会消费品零售额增长4.7%"}'),
                                        ("period", "    period: 2024年前三季度\n    stated: \"4.7%\"")])
def test_a_huge_value_gives_a_one_line_problem(data_copy, field, old):
    huge = {"stated": '    stated: "' + "4.7%" * 20_000 + '"\n',
            "quote": 'quote: "' + "社会消费品零售额增长4.8%" * 5_000 + '"}',
            "period": "    period: " + "2024年前三季度" * 10_000 + "\n    stated: \"4.7%\""}[field]
    line = edit(data_copy, PARK, old, huge)
    problems = [p for p in problems_of(data_copy) if p.line == line]
    assert problems and all(len(str(p)) < 1000 for p in problems), [len(str(p)) for p in problems]


# -- the national catalogue and the parks' links to it (issue 10) ------------------------

CATALOGUE = "catalogue/devzones_2018.csv"
# line 357 of the CSV as published (line 1 is the header)
NANYANG_ROW = "313,G412117,南阳高新技术产业开发区,河南省,国务院,高新技术产业开发区,2010.09,920.0,装备制造、新材料、光电"


def test_a_bad_catalogue_row_is_a_problem_with_file_line_and_fix(data_copy):
    # the province digits of the code (41) no longer agree with 河南省: an error of the file
    line = edit(data_copy, CATALOGUE, NANYANG_ROW, NANYANG_ROW.replace("G412117", "G422117"))
    assert line == 357
    problems = assert_one_problem(data_copy, CATALOGUE, 357, "G422117", "province digits")
    # the park linked to G412117 is not also reported: codes are not checked against a
    # catalogue with errors (the one problem is the catalogue's)
    assert not any(p.file.endswith("nanyang_hitech.yaml") for p in problems)


def test_a_bad_catalogue_area_and_date_are_problems(data_copy):
    edit(data_copy, CATALOGUE, NANYANG_ROW, NANYANG_ROW.replace("2010.09,920.0", "2010-9,-920"))
    problems = [p for p in problems_of(data_copy) if p.file.endswith(CATALOGUE)]
    assert {p.line for p in problems} == {357}
    text = " ".join(str(p) for p in problems)
    assert "批准时间 '2010-9' is not YYYY.MM" in text and "positive number of hectares" in text


def test_the_sources_known_slips_are_notes_not_problems():
    c, problems = pl.check(Path(__file__).resolve().parents[1] / "data")
    assert problems == []
    # S377018 is printed on two zones, lines 1477 and 1478 of the CSV (read with csv, below)
    import csv

    with open(c.data_dir / CATALOGUE, encoding="utf-8", newline="") as f:
        lines = [n for n, row in enumerate(csv.reader(f), start=1) if row[1] == "S377018"]
    assert lines == [1477, 1478]
    assert sorted(p.line for p in c.notes) == lines
    assert all(p.file == f"data/{CATALOGUE}" and p.severity == "known_slip" for p in c.notes)


def test_a_repeated_code_not_listed_as_a_slip_is_a_problem(data_copy):
    other = "266,G322082,宿迁高新技术产业开发区"
    edit(data_copy, CATALOGUE, other, "266,G412117,宿迁高新技术产业开发区")
    problems = problems_of(data_copy)
    assert any(p.file.endswith(CATALOGUE) and "G412117" in p.message and "used again" in p.message
               for p in problems), "\n".join(map(str, problems))


def test_a_park_linked_to_a_code_not_in_the_catalogue(data_copy):
    line = edit(data_copy, PARK, "  code: G412117\n", "  code: G412118\n")
    assert_one_problem(data_copy, PARK, line, "G412118", "not in catalogue/devzones_2018.csv")


def test_a_park_linked_with_the_wrong_zone_name(data_copy):
    line = edit(data_copy, PARK, "  code: G412117\n  name_zh: 南阳高新技术产业开发区\n",
                "  code: G412117\n  name_zh: 南阳高新区\n") + 1
    assert_one_problem(data_copy, PARK, line, "G412117 is '南阳高新技术产业开发区'", "南阳高新区")


def test_a_link_without_a_code_needs_why_none(data_copy):
    park = "parks/suqian_eco_chem.yaml"
    text = (data_copy / park).read_text(encoding="utf-8")
    line = text[: text.index("\ncatalogue:")].count("\n") + 2
    edit(data_copy, park, "  why_none:", "  evidence:")
    assert_one_problem(data_copy, park, line, "code: null without why_none", "why_none")


def test_a_code_with_why_none_or_without_evidence(data_copy):
    edit(data_copy, PARK, "  evidence:", "  why_none:")
    problems = [str(p) for p in problems_of(data_copy) if p.file.endswith(PARK)]
    assert len(problems) == 1 and "why_none given with a catalogue code" in problems[0]
    assert "Fix: keep why_none only with `code: null`" in problems[0]


def test_a_link_is_checked_by_the_schema(data_copy):
    line = edit(data_copy, PARK, "  confidence: high\n", "  confidence: certain\n")
    assert_one_problem(data_copy, PARK, line, "'certain' is not allowed", "high")
    edit(data_copy, PARK, "  confidence: certain\n", "  confidence: high\n")
    line = edit(data_copy, PARK, "  code: G412117\n", "  code: 412117\n")
    assert_one_problem(data_copy, PARK, line, "catalogue.code")


def test_a_link_quote_must_be_in_its_document(data_copy):
    line = edit(data_copy, PARK, 'quote: "位列全省16个国家级功能区第一名"}\n',
                'quote: "位列全省18个国家级功能区第一名"}\n')
    assert_one_problem(data_copy, PARK, line, "quote not found in source s003")


def test_a_code_in_a_dataset_without_a_catalogue(data_copy):
    import shutil

    shutil.rmtree(data_copy / "catalogue")
    text = (data_copy / PARK).read_text(encoding="utf-8")
    line = text[: text.index("  code: G412117")].count("\n") + 1
    # not an error (the catalogue is optional), but said: a note at the code's line
    c, problems = pl.check(data_copy)
    assert problems == []
    (note,) = [n for n in c.notes if n.file.endswith(PARK)]
    assert note.line == line and "G412117 not checked" in note.message
    assert pl.load(data_copy, cache=False).parks.set_index("park_id").catalogue_code[
        "nanyang_hitech"] == "G412117"


def test_a_dataset_without_catalogue_or_links_has_empty_catalogue_tables(data_copy):
    import shutil

    shutil.rmtree(data_copy / "catalogue")
    for path in (data_copy / "parks").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        start, end = text.index("\ncatalogue:"), text.index("\nsources:")
        path.write_text(text[:start] + text[end:], encoding="utf-8")
    ds = pl.load(data_copy, cache=False)
    assert len(ds.catalogue) == 0 and len(ds.catalogue_industries) == 0
    full = pl.load(cache=False)
    assert list(ds.catalogue.columns) == list(full.catalogue.columns)
    assert ds.catalogue.dtypes.equals(full.catalogue.dtypes)
    assert ds.catalogue_industries.dtypes.equals(full.catalogue_industries.dtypes)
    assert ds.parks.catalogue_code.isna().all()


def test_a_catalogue_vocabulary_outside_the_dataset_is_not_read(data_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "catalogue_industries.csv"  # not in the root
    outside.write_text("wording,categories,confidence,note\nSECRET,food,high,\n", encoding="utf-8")
    target = data_copy / "vocab" / "catalogue_industries.csv"
    target.unlink()
    target.symlink_to(outside)
    problems = problems_of(data_copy)
    (p,) = [p for p in problems if "catalogue_industries.csv" in p.file]
    assert "outside the dataset folder" in p.message and "SECRET" not in str(problems)


def test_a_catalogue_without_its_vocabulary_is_a_problem(data_copy):
    (data_copy / "vocab" / "zone_types.yaml").unlink()
    problems = problems_of(data_copy)
    assert [p.file for p in problems] == ["data/vocab/zone_types.yaml"]
    assert "copy vocab/zone_types.yaml" in problems[0].fix


def test_validate_command_sums_up_the_sources_slips_and_passes():
    """The catalogue's two known slips are the same on every run and nothing a curator can
    change: one line says they are there and how to see them; --notes lists each."""
    run = run_cli("validate")
    assert run.returncode == 0, run.stderr
    notes = [ln for ln in run.stdout.splitlines() if ln.startswith("note: ")]
    assert notes == ["note: 2 known slips of the catalogue's source "
                     f"(data/{CATALOGUE}), kept as printed; `parklens validate --notes` lists them"]
    assert "S377018" not in run.stdout and "2,543 zones checked" in run.stdout
    every = run_cli("validate", "--notes")
    assert every.returncode == 0, every.stderr
    notes = [ln for ln in every.stdout.splitlines() if ln.startswith("note: ")]
    assert [n.split(": ")[1] for n in notes] == [f"data/{CATALOGUE}:1477", f"data/{CATALOGUE}:1478"]
    assert all("S377018" in n and "known slip" in n for n in notes)


def test_the_datasets_own_notes_are_shown_in_full_beside_the_summed_up_slips(data_copy):
    edit(data_copy, "parks/puyang.yaml", "    stated: 第176位\n",
         "    stated: 第176位\n    review: true\n    review_reason: a rank read from a chart\n")
    run = run_cli("validate", str(data_copy))
    assert run.returncode == 0, run.stderr
    notes = [ln for ln in run.stdout.splitlines() if ln.startswith("note: ")]
    assert len(notes) == 2 and "marked for review: 'a rank read from a chart'" in notes[0]
    assert notes[1].startswith("note: 2 known slips of the catalogue's source")


@pytest.mark.parametrize("stated, unit, message, fix", [
    ("第176位", "名",
     "the figure has two units: `stated: 第176位` ends in the unit '位' and its `unit:` field "
     "says '名'", "Fix: if the quote writes '位', delete the line `unit: 名` (`unit:` is only "
     "for a figure stated without its unit"),
    ("第176亿亿亿", "位",
     "the figure's unit is unclear: `stated: 第176亿亿亿` ends in '亿亿亿', which is not a unit "
     "of vocab/units.yaml, and its `unit:` field says '位'",
     "Fix: write `stated:` as the quote has it (number, qualifier, unit: 第3位, 88.7亿元); keep "
     "`unit: 位` only if the quote states the number without a unit"),
])
def test_a_stated_unit_that_clashes_with_the_unit_field_says_what_to_write(
        data_copy, stated, unit, message, fix):
    line = edit(data_copy, "parks/puyang.yaml", "    stated: 第176位\n",
                f"    stated: {stated}\n    unit: {unit}\n")
    run = run_cli("validate", str(data_copy))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    shown = [ln for ln in run.stderr.splitlines() if "metrics[3].stated: the figure" in ln]
    assert len(shown) == 1, run.stderr
    assert shown[0].startswith(f"  data/parks/puyang.yaml:{line}: metrics[3].stated: {message}. ")
    assert fix in shown[0] and "drop one" not in shown[0]


def test_validate_command_fails_on_a_bad_catalogue_row(data_copy):
    edit(data_copy, CATALOGUE, NANYANG_ROW, NANYANG_ROW.replace(",国务院,", ",市政府,"))
    run = run_cli("validate", str(data_copy))
    assert run.returncode == 1
    assert f"data/{CATALOGUE}:357: G412117: 批准级别 '市政府' is unknown. Fix: write 国务院 or 省政府" \
        in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout.count("note: ") == 1 and "2 known slips" in run.stdout  # still noted


def test_a_link_to_a_code_printed_on_two_zones_must_name_one(data_copy):
    # S377018 is printed on two zones of Shandong (a known slip): a link must say which
    line = edit(data_copy, PARK, "  code: G412117\n  name_zh: 南阳高新技术产业开发区\n",
                "  code: S377018\n")
    problems = [p for p in problems_of(data_copy) if p.file.endswith(PARK)]
    assert [p.line for p in problems] == [line]
    assert "printed on 2 zones" in problems[0].message and "\n" not in str(problems[0])
    assert "name_zh" in problems[0].fix


def test_a_change_of_rank_may_be_negative_but_a_rank_may_not(data_copy):
    # 上升3个位次 lowers the rank number by 3: a change of -3 is fine, a rank of -3 is not
    add_figure(data_copy, "测试园区排名上升3个位次。", (
        "  - id: ny_rank_change_test\n    indicator: evaluation_rank\n    measure: change\n"
        "    period: 2024年\n    stated: \"上升3个位次\"\n"
        "    cites: [{source: s003, quote: \"测试园区排名上升3个位次\"}]\n"))
    assert problems_of(data_copy) == []
    line = edit(data_copy, PARK, "    measure: change\n", "    measure: rank\n")
    assert_one_problem(data_copy, PARK, line + 2, "is not a rank")


def test_the_extent_of_a_count_is_one_of_the_known_territories(data_copy):
    line = add_figure(data_copy, "全省共有测试园区16个。", (
        "  - id: ny_extent_test\n    indicator: development_zones\n    extent: county\n"
        "    period: 2024年\n    stated: 16个\n"
        "    cites: [{source: s003, quote: \"全省共有测试园区16个\"}]\n"))
    assert_one_problem(data_copy, PARK, line + 2, "extent")
    edit(data_copy, PARK, "    extent: county\n", "    extent: province\n")
    assert problems_of(data_copy) == []


# -- each rule on its own: a small park file written by hand and the findings it must give --
# (issue 12 item 4). The vocabularies are the bundled ones; the park file and its document
# live in a folder of the test's own.

from dataclasses import replace  # noqa: E402

from parklens import validate as v  # noqa: E402

TINY_DOC = ("小园区是省级高新区。2023年园区生产总值增长5.2%。园区共有企业120家。"
            "全年生产总值增长5.2%，增速居全市第一。园区实施“一区多园”管理模式。")
TINY_HEAD = """park:
  id: tiny
  name_zh: 小园区
  name_en: Tiny Park
  province: 河南省
  type: hitech_zone
  cites: [{source: s1, quote: "小园区是省级高新区"}]
sources:
  - id: s1
    file: seeds/tiny.txt
    title: 小园区见闻
    outlet: 某日报
    doc_type: newspaper_report
    date: 2024-03-01
    date_basis: printed
"""
GDP_GROWTH = """  - id: {id}
    indicator: gdp
    measure: yoy_growth
    period: 2023年
    stated: "5.2%"
    cites:
{cites}"""


@pytest.fixture(scope="module")
def bundled_vocab():
    c, problems = v.check_vocabularies(Path(__file__).resolve().parents[1] / "data")
    assert problems == []
    return c


@pytest.fixture
def tiny(tmp_path, bundled_vocab):
    """``write(body, name)``: a park file ``name``.yaml (TINY_HEAD with ``name`` for its id,
    then ``body``) beside a document holding TINY_DOC; returns its path. ``vocab``: the
    bundled vocabularies, with sources looked for in this folder."""
    (tmp_path / "data" / "parks").mkdir(parents=True)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "tiny.txt").write_text(TINY_DOC, encoding="utf-8")

    def write(body: str = "", name: str = "tiny") -> Path:
        path = tmp_path / "data" / "parks" / f"{name}.yaml"
        path.write_text(TINY_HEAD.replace("id: tiny", f"id: {name}") + body, encoding="utf-8")
        return path

    write.vocab = replace(bundled_vocab, root=tmp_path.resolve())
    write.folder = tmp_path
    return write


def lines_of(path: Path, fragment: str) -> list[int]:
    """The 1-based numbers of the lines of ``path`` that contain ``fragment``."""
    return [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if fragment in text]


def found(out, *fragments):
    """(line, where) of each problem whose text holds every fragment."""
    return [(p.line, p.where) for p in out.problems if all(f in str(p) for f in fragments)]


def test_rule_a_small_park_file_checked_alone_has_no_problems_and_its_figures(tiny):
    path = tiny("metrics:\n" + GDP_GROWTH.format(
        id="t_gdp", cites='      - {source: s1, quote: "2023年园区生产总值增长5.2%"}\n'))
    out = v.check_park_file(path, tiny.vocab)
    assert list(out.problems) == [] and out.park_id == "tiny"
    (figure,) = out.figures
    assert (figure.park_id, figure.metric.id, figure.quantity.value_base) == ("tiny", "t_gdp", 5.2)
    assert (figure.period.kind, figure.period.code) == ("year", "2023")
    assert out.documents == {"s1": TINY_DOC}
    assert set(out.document_digests) == {"seeds/tiny.txt"}


@pytest.mark.parametrize("sources, repeats", [
    (["s1", "s1"], [1]),            # the second cite of s1 is the repeat
    (["s1", "s2", "s1"], [2]),
    (["s2", "s1", "s1", "s1"], [2, 3]),
    (["s1", "s2"], []),             # two sources, each once: fine
])
def test_rule_a_source_cited_twice_for_one_figure_is_a_problem_at_each_repeat(tiny, sources, repeats):
    """Rule: a figure cites each source once (data/README.md); every cite after the first
    of the same source is a problem at its own `source:`, and the first never is."""
    quotes = {"s1": ["2023年园区生产总值增长5.2%", "全年生产总值增长5.2%"] * 2,
              "s2": ["2023年园区生产总值增长5.2%"]}
    used = {"s1": 0, "s2": 0}
    cites = ""
    for sid in sources:
        cites += f'      - {{source: {sid}, quote: "{quotes[sid][used[sid]]}"}}\n'
        used[sid] += 1
    body = ("  - id: s2\n    file: seeds/tiny.txt\n    title: 又一篇\n    outlet: 某日报\n"
            "    doc_type: newspaper_report\n    date: 2024-03-02\n    date_basis: printed\n"
            "metrics:\n" + GDP_GROWTH.format(id="t_gdp", cites=cites))
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    cite_lines = lines_of(path, "      - {source: ")
    assert found(out, "cited twice for one figure") == [
        (cite_lines[j], f"metrics[0].cites[{j}].source") for j in repeats]
    assert all("cite each source once" in p.fix for p in out.problems)
    assert len(out.problems) == len(repeats)


def test_rule_ids_are_unique_within_a_file(tiny):
    path = tiny("metrics:\n" + GDP_GROWTH.format(
        id="t_gdp", cites='      - {source: s1, quote: "2023年园区生产总值增长5.2%"}\n')
        + GDP_GROWTH.format(
        id="t_gdp", cites='      - {source: s1, quote: "全年生产总值增长5.2%"}\n'))
    out = v.check_park_file(path, tiny.vocab)
    first, second = lines_of(path, "  - id: t_gdp")
    assert [str(p) for p in out.problems] == [
        f"{out.display}:{second}: metrics[1].id: duplicate metric id 't_gdp' (also at "
        f"{out.display}:{first}). Fix: give each a unique id"]


def test_rule_an_id_given_in_two_files_is_a_problem_of_the_later_file_only(tiny):
    metric = "metrics:\n" + GDP_GROWTH.format(
        id="t_gdp", cites='      - {source: s1, quote: "2023年园区生产总值增长5.2%"}\n')
    a = v.check_park_file(tiny(metric, "alpha"), tiny.vocab)
    b = v.check_park_file(tiny(metric, "beta"), tiny.vocab)
    assert list(a.problems) == [] and list(b.problems) == []  # alone, each file is fine
    problems = v.check_across_files([a, b])
    src_a, src_b = lines_of(a.path, "  - id: s1")[0], lines_of(b.path, "  - id: s1")[0]
    met_a, met_b = lines_of(a.path, "  - id: t_gdp")[0], lines_of(b.path, "  - id: t_gdp")[0]
    assert [(p.file, p.line, p.where, p.message) for p in problems] == [
        (b.display, src_b, "sources[0].id", f"duplicate source id 's1' (also at {a.display}:{src_a})"),
        (b.display, met_b, "metrics[0].id",
         f"duplicate metric id 't_gdp' (also at {a.display}:{met_a})")]
    assert v.check_across_files([b, a])[0].file == a.display  # the first file keeps the id


def test_rule_a_cite_names_a_source_of_its_own_file(tiny):
    """A park file is checked on its own (and cached so): a source of another file is
    unknown to it, even where that file is in the dataset."""
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vocab",
                    tiny.folder / "data" / "vocab")
    other = tiny("", "other")
    text = other.read_text(encoding="utf-8").replace("id: s1", "id: s9").replace(
        "source: s1", "source: s9")
    other.write_text(text, encoding="utf-8")
    path = tiny("metrics:\n" + GDP_GROWTH.format(
        id="t_gdp", cites='      - {source: s9, quote: "2023年园区生产总值增长5.2%"}\n'))
    c, problems = pl.check(tiny.folder / "data")
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("data/parks/tiny.yaml", lines_of(path, "source: s9")[0], "unknown source 's9'")]
    assert c.figures == [] and set(c.parks) == {"tiny", "other"}


@pytest.mark.parametrize("body, fragment, message", [
    ("industries:\n  - {industry: coatingz, role: leading, cites: [{source: s1, quote: \"小园区是省级高新区\"}]}\n",
     "coatingz", "unknown industry 'coatingz'"),
    ("enterprises:\n  - {id: e1, name_zh: 某公司, role: key, industry: coatingz, cites: [{source: s1, quote: \"园区共有企业120家\"}]}\n",
     "coatingz", "unknown industry 'coatingz'"),
    ("projects:\n  - {id: p1, name_zh: 某项目, status: signed, enterprise: e9, cites: [{source: s1, quote: \"园区共有企业120家\"}]}\n",
     "e9", "unknown enterprise 'e9'"),
    ("projects:\n  - {id: p1, name_zh: 某项目, status: signed, industry: coatingz, cites: [{source: s1, quote: \"园区共有企业120家\"}]}\n",
     "coatingz", "unknown industry 'coatingz'"),
    ("policies:\n  - id: f1\n    name: 一区多园\n    kind: mechanism\n    themes: [green_low_carbon, greenz]\n"
     "    cites: [{source: s1, quote: \"园区实施“一区多园”管理模式\"}]\n",
     "greenz", "unknown theme 'greenz'"),
])
def test_rule_each_part_refers_to_what_exists(tiny, body, fragment, message):
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    assert [(p.line, p.message) for p in out.problems] == [(lines_of(path, fragment)[0], message)]
    assert out.problems[0].fix == REFERENCE_FIXES[(message.split("'")[0], body.split(":")[0])]


REFERENCE_FIXES = {
    ("unknown industry ", "industries"): "use an id of vocab/industries.yaml or add the "
                                         "industry there",
    ("unknown industry ", "enterprises"): "use an id of vocab/industries.yaml",
    ("unknown enterprise ", "projects"): "use the id of an entry under `enterprises:` of this "
                                         "file",
    ("unknown industry ", "projects"): "use an id of vocab/industries.yaml",
    ("unknown theme ", "policies"): "use an id of vocab/themes.yaml",
}


def test_rule_a_leading_industry_must_be_in_the_vocabulary(tiny):
    path = tiny()
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  type: hitech_zone\n", "  type: hitech_zone\n  leading_industries:\n    - coatings\n"
                                 "    - coatingz\n"), encoding="utf-8")
    out = v.check_park_file(path, tiny.vocab)
    assert [(p.line, p.where, p.message, p.fix) for p in out.problems] == [
        (lines_of(path, "- coatingz")[0], "park.leading_industries[1]", "unknown industry 'coatingz'",
         "use an id of vocab/industries.yaml or add the industry there")]


@pytest.mark.parametrize("subject, ok", [("tiny", True), ("e1", True), ("p1", True),
                                         ("coatings", True), ("puyang", False), ("e2", False)])
def test_rule_a_figure_is_of_the_park_or_of_something_its_file_lists(tiny, subject, ok):
    cite = '[{source: s1, quote: "园区共有企业120家"}]'
    body = (f"industries:\n  - {{industry: coatings, role: leading, cites: {cite}}}\n"
            f"enterprises:\n  - {{id: e1, name_zh: 某公司, role: key, cites: {cite}}}\n"
            f"projects:\n  - {{id: p1, name_zh: 某项目, status: signed, cites: {cite}}}\n"
            "metrics:\n  - id: t_firms\n    indicator: enterprises\n    period: 2023年\n"
            f"    subject: {subject}\n    stated: 120家\n    cites: {cite}\n")
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    expected = [] if ok else [(lines_of(path, "subject:")[0], f"unknown subject {subject!r}",
                               "use this park's id or the id of an enterprise, project or "
                               "industry listed in this file")]
    assert [(p.line, p.message, p.fix) for p in out.problems] == expected


@pytest.mark.parametrize("measure, stated, quote, problem_at, fragment", [
    ("yoy_growth", "5.2%", "2023年园区生产总值增长5.2%", None, None),
    ("level", "5.2%", "2023年园区生产总值增长5.2%", "measure:", "a percentage ('5.2%') with measure 'level'"),
    ("share", "120家", "园区共有企业120家", "measure:", "measure 'share' needs a percentage"),
    ("rank", "120家", "园区共有企业120家", "measure:", "measure 'rank' needs a rank"),
    ("yoy_growth", "5.3%", "2023年园区生产总值增长5.2%", "stated:", "does not occur in its quote"),
    ("share", "120%", "小园区是省级高新区", "stated:", "outside the range of a share"),
])
def test_rule_a_figure_fits_its_measure_and_its_quote(tiny, measure, stated, quote, problem_at,
                                                  fragment):
    body = ("metrics:\n  - id: t_fig\n    indicator: gdp\n    period: 2023年\n"
            f"    measure: {measure}\n    stated: \"{stated}\"\n"
            f"    cites: [{{source: s1, quote: \"{quote}\"}}]\n")
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    if problem_at is None:
        assert list(out.problems) == [] and len(out.figures) == 1
        return
    assert found(out, fragment) == [(lines_of(path, problem_at)[0], "metrics[0]." + problem_at[:-1])]


def dataset_with_stopwords(tiny, text: str) -> Path:
    """A dataset of one small park, the bundled vocabularies and ``text`` as its
    vocab/stopwords.yaml; returns that file."""
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vocab",
                    tiny.folder / "data" / "vocab")
    tiny()
    path = tiny.folder / "data" / "vocab" / "stopwords.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_STOPWORDS = ("source: written by hand\ngroups:\n  verbs:\n    why: verbs of work\n"
                  "    words: [推进, 加快]\n  tallies:\n    why: counts of anything\n"
                  "    words:\n      - 一批\n      - 各项\n")


@pytest.mark.parametrize("old, new, at, where, fragment", [
    ("      - 各项\n", "      - 3\n", "      - 3", "groups.tallies.words[1]", "wrong type"),
    ("    words: [推进, 加快]\n", "    words: 推进\n", "    words: 推进", "groups.verbs.words",
     "wrong type"),
    ("    why: verbs of work\n", "", "  verbs:", "groups.verbs.why", "'why' is missing"),
    ("    why: verbs of work\n", "    why: verbs of work\n    colour: red\n", "colour",
     "groups.verbs.colour", "unknown field 'colour'"),
    ("groups:\n  verbs:", "groups: [推进]\nx:\n  verbs:", "groups: [推进]", "groups", None),
])
def test_rule_the_stopwords_vocabulary_is_groups_of_words(tiny, old, new, at, where, fragment):
    """vocab/stopwords.yaml (read by segment for notebook 03 and themes) is checked with
    the dataset: each mistake at its line, with its fix, before any notebook runs."""
    assert old in GOOD_STOPWORDS
    path = dataset_with_stopwords(tiny, GOOD_STOPWORDS.replace(old, new))
    line = lines_of(path, at)[0]
    problems = [p for p in problems_of(tiny.folder / "data") if p.where == where]
    assert [(p.file, p.line) for p in problems] == [("data/vocab/stopwords.yaml", line)]
    assert problems[0].fix and (fragment is None or fragment in str(problems[0]))


def test_rule_a_good_or_absent_stopwords_vocabulary_is_no_problem(tiny):
    path = dataset_with_stopwords(tiny, GOOD_STOPWORDS)
    assert problems_of(tiny.folder / "data") == []
    path.unlink()  # optional: segment then uses text/stopwords.txt alone
    assert problems_of(tiny.folder / "data") == []


def test_rule_unreadable_stopwords_yaml_is_located(tiny):
    dataset_with_stopwords(tiny, "groups:\n  verbs:\n    words: [推进, 加快\n")
    problems = problems_of(tiny.folder / "data")
    assert [(p.file, "invalid YAML" in p.message) for p in problems] == [
        ("data/vocab/stopwords.yaml", True)]
    assert problems[0].line in (3, 4)  # where the parser notices the open bracket


def quantity(value: float, base: str | None):
    """A parsed figure of ``value`` in ``base`` (only what the bounds look at)."""
    from parklens.units import Quantity

    return Quantity(text="", value=value, unit=None, qualifier="exact", value_base=value,
                    unit_base=base, value_low=value, value_high=value)


# (measure, value, base unit) -> the start of what is wrong, or None; by the rules of
# data/README.md: a share lies in 0-100%, a growth and a change of rank have no upper bound,
# nothing falls by more than all of it, a rank is a whole number from 1, a change of rank is
# whole, a level is negative only in a signed base (here CNY).
BOUNDS = [
    ("share", 0.0, "percent", None), ("share", 100.0, "percent", None),
    ("share", 100.5, "percent", "is outside the range of a share (between 0% and 100%)"),
    ("share", -0.5, "percent", "is outside the range of a share (between 0% and 100%)"),
    ("yoy_growth", -100.0, "percent", None), ("yoy_growth", 900.0, "percent", None),
    ("yoy_growth", -100.5, "percent", "is outside the range of a yoy_growth (at least -100%)"),
    ("avg_annual_growth", -101.0, "percent",
     "is outside the range of a avg_annual_growth (at least -100%)"),
    ("plan_completion", 0.0, "percent", None), ("plan_completion", 250.0, "percent", None),
    ("plan_completion", -1.0, "percent",
     "is outside the range of a plan_completion (at least 0%)"),
    ("change", -150.0, "percent", None),   # percentage points: no bound
    ("rank", 1.0, "rank", None), ("rank", 98.0, "rank", None),
    ("rank", 0.0, "rank", "is not a rank (a rank is a whole number from 1)"),
    ("rank", 2.5, "rank", "is not a rank (a rank is a whole number from 1)"),
    ("change", -3.0, "rank", None), ("change", 3.0, "rank", None),
    ("change", 1.5, "rank", "is not a whole number of places"),
    ("level", 0.0, "items", None), ("level", -5.0, "CNY", None),
    ("level", -5.0, "items", "is a negative level of items"),
    ("level", -0.1, "hectares", "is a negative level of hectares"),
    ("change", -5.0, "items", None),
    ("level", float("nan"), "grade", None),
]


@pytest.mark.parametrize("measure, value, base, what", BOUNDS)
def test_rule_a_figure_lies_within_what_its_measure_can_take(measure, value, base, what):
    got = v._out_of_bounds(measure, quantity(value, base), {"CNY", "percent"})
    assert (got[0] if got else None) == what
    assert got is None or got[1]  # with its fix


def test_rule_a_value_of_none_has_no_bounds():
    assert v._out_of_bounds("share", quantity(None, "percent"), set()) is None


@pytest.mark.parametrize("text, count", [("南阳高新", 4), ("4.7%", 2), ("“高新区”", 3),
                                         (" \u3000\n", 0), ("GDP增长", 5), ("", 0)])
def test_rule_real_chars_counts_letters_and_digits_of_any_script(text, count):
    assert v.real_chars(text) == count


def test_rule_white_space_of_any_kind_is_ignored_in_quotes():
    assert v.normalize_ws(" 社会 消费品\n零售额\t增长\u3000 4.7% ") == "社会消费品零售额增长4.7%"


@pytest.mark.parametrize("quote, text, near", [
    ("零售额增长47%", "社会消费品零售额增长4.7%，税占比", "零售额增长4.7%"),
    ("完全无关的话", "社会消费品零售额增长4.7%", None),
    ("", "社会消费品", None), ("社会", "", None),
])
def test_rule_the_near_miss_is_the_passage_most_like_the_quote(quote, text, near):
    assert v.closest_passage(quote, text) == near


def test_rule_a_cite_of_an_unknown_source_a_short_quote_or_a_missing_quote(tiny):
    path = tiny("industries:\n"
                "  - industry: coatings\n    role: leading\n    cites:\n"
                "      - {source: s7, quote: \"小园区是省级高新区\"}\n"
                "      - {source: s1, quote: \"高新区\"}\n"
                "      - {source: s1, quote: \"小园区是国家级高新区\"}\n"
                "      - {source: s1, quote: \"小园区 是省级\\n高新区\"}\n")
    out = v.check_park_file(path, tiny.vocab)
    got = [(p.line, p.where, p.message, p.fix) for p in out.problems]
    assert got == [
        (lines_of(path, "source: s7")[0], "industries[0].cites[0].source",
         "unknown source 's7'", "use the id of an entry under `sources:`"),
        (lines_of(path, "\"高新区\"")[0], "industries[0].cites[1].quote",
         "quote '高新区' is too short to locate the statement (fewer than 4 letters or digits)",
         "copy the whole phrase or sentence that states it from the document"),
        (lines_of(path, "国家级")[0], "industries[0].cites[2].quote",
         "quote not found in source s1: '小园区是国家级高新区'; the document has '小园区是省级高新区'",
         "copy the words exactly from the document (only white space may differ; keep its "
         "punctuation, full- or half-width)")]


def test_rule_no_hint_for_a_quote_longer_than_the_hint_limit(tiny):
    long = "园" * (v._HINT_MAX_CHARS + 1)
    path = tiny(f"industries:\n  - industry: coatings\n    role: leading\n"
                f"    cites: [{{source: s1, quote: \"{long}\"}}]\n")
    (p,) = v.check_park_file(path, tiny.vocab).problems
    assert p.message.startswith("quote not found") and "the document has" not in p.message
    short = "园" * v._HINT_MAX_CHARS  # at the limit a hint is still looked for
    path = tiny(f"industries:\n  - industry: coatings\n    role: leading\n"
                f"    cites: [{{source: s1, quote: \"小园区是省级高新区{short}\"}}]\n")
    (p,) = v.check_park_file(path, tiny.vocab).problems
    assert p.message.startswith("quote not found")


RELATIVE = ("give the path relative to the project root (the folder that holds data/), e.g. "
            "seeds/000_1081b11f9708eb87.txt")


@pytest.mark.parametrize("file, message, fix", [
    ("/etc/hostname", "source file '/etc/hostname' is not a path inside the dataset folder {root}",
     RELATIVE),
    ("seeds/../../outside.txt", "source file 'seeds/../../outside.txt' lies outside the dataset "
     "folder {root}; it is not read", RELATIVE + ", and copy the document into seeds/ (a link to "
     "a file elsewhere is refused too)"),
    ("seeds/none.txt", "source file 'seeds/none.txt' not found (looked in {root})",
     RELATIVE + ", and add the file"),
    ("seeds/gbk.txt", "source file 'seeds/gbk.txt' is not UTF-8 (byte {gbk})",
     "convert it to UTF-8 (e.g. iconv -f GBK -t UTF-8)"),
    ("seeds/empty.txt", "source file 'seeds/empty.txt' is empty",
     "restore the document's text (a failed download or copy leaves an empty file), or remove "
     "the source and its cites"),
])
def test_rule_a_source_names_a_readable_document_of_the_dataset(tiny, file, message, fix):
    (tiny.folder / "seeds" / "gbk.txt").write_bytes(TINY_DOC.encode("gbk"))
    (tiny.folder / "seeds" / "empty.txt").write_bytes(b"\n \n")
    (tiny.folder.parent / "outside.txt").write_text(TINY_DOC, encoding="utf-8")
    path = tiny()
    path.write_text(path.read_text(encoding="utf-8").replace("seeds/tiny.txt", file),
                    encoding="utf-8")
    out = v.check_park_file(path, tiny.vocab)
    try:
        TINY_DOC.encode("gbk").decode("utf-8")
    except UnicodeDecodeError as e:
        gbk = e.start  # the first byte that is not UTF-8, as Python's codec finds it
    # one problem, at the source's file, and the park's cite of it is not also refused
    assert [(p.line, p.where, p.message, p.fix) for p in out.problems] == [
        (lines_of(path, "file: ")[0], "sources[0].file",
         message.format(root=tiny.vocab.root, gbk=gbk), fix)]
    assert out.documents == {} and out.figures == []


def test_rule_sources_that_name_one_file_share_its_text(tiny):
    (tiny.folder / "seeds" / "bom.txt").write_bytes(b"\xef\xbb\xbf" + TINY_DOC.encode())
    body = ("  - id: s2\n    file: seeds/bom.txt\n    title: 又一篇\n    outlet: 某日报\n"
            "    doc_type: newspaper_report\n    date: 2024-03-02\n    date_basis: printed\n"
            "  - id: s3\n    file: seeds/tiny.txt\n    title: 再一篇\n    outlet: 某日报\n"
            "    doc_type: newspaper_report\n    date: 2024-03-02\n    date_basis: printed\n")
    texts = {}
    out = v.check_park_file(tiny(body), tiny.vocab, texts)
    assert list(out.problems) == []
    assert out.documents == {"s1": TINY_DOC, "s2": TINY_DOC, "s3": TINY_DOC}  # no BOM
    assert out.documents["s1"] is out.documents["s3"]
    assert len(texts) == 2 and set(out.document_digests) == {"seeds/tiny.txt", "seeds/bom.txt"}
    again = v.check_park_file(tiny(body, "other"), tiny.vocab, texts)
    assert again.documents["s1"] is out.documents["s1"]  # read once for both files
    assert again.document_digests == out.document_digests


def test_rule_a_park_file_is_named_after_its_park(tiny):
    path = tiny()
    renamed = path.with_name("other.yaml")
    path.rename(renamed)
    out = v.check_park_file(renamed, tiny.vocab)
    assert out.park is None and out.park_id is None
    assert [(p.line, p.where, p.message, p.fix) for p in out.problems] == [
        (lines_of(renamed, "id: tiny")[0], "park.id", "park id 'tiny' differs from the file name",
         "name the file tiny.yaml or set id: other")]


def test_rule_a_park_file_linked_from_outside_is_not_read(tiny):
    elsewhere = tiny.folder.parent / "elsewhere.yaml"
    elsewhere.write_text("park: {id: XYZZY}\n", encoding="utf-8")
    link = tiny.folder / "data" / "parks" / "evil.yaml"
    link.symlink_to(elsewhere)
    out = v.check_park_file(link, tiny.vocab)
    (p,) = out.problems
    assert out.park is None and "XYZZY" not in str(p)
    assert (p.file, p.line, p.where, p.message, p.fix) == (
        "data/parks/evil.yaml", 1, "", "parks/evil.yaml is a link to a file outside the dataset "
        f"folder {tiny.vocab.root}; it is not read",
        "copy the file into the dataset folder instead of linking to it")


@pytest.mark.parametrize("text, where, message, fix", [
    ("park: {id: tiny}\n", "park.name_zh", "required field 'name_zh' is missing",
     "add `name_zh:`"),
    ("park: {colour: red}\n", "park.colour", "unknown field 'colour'",
     "remove it or correct its spelling (fields are listed in data/README.md)"),
    ("park: {type: palace}\n", "park.type", "'palace' is not allowed here",
     "use one of 'advanced_manufacturing_zone', 'industrial_cluster_zone', 'hitech_zone', "
     "'economic_development_zone', 'chemical_park' or 'industrial_park'"),
    ("sources: [{id: S-1}]\n", "sources[0].id", "id 'S-1' is not valid",
     "use lower-case ascii letters, digits and _ , starting with a letter"),
    ("sources: [{date: [2024]}]\n", "sources[0].date",
     "wrong type: input should be a valid date (got list [2024])",
     "write the value in the expected form (quote text in \"...\")"),
    ("sources: [{id: 5}]\n", "sources[0].id",
     "wrong type: input should be a valid string (got int 5)",
     "write the value in the expected form (quote text in \"...\")"),
    ("sources: [{date: \"someday\"}]\n", "sources[0].date",  # pydantic's own words
     "wrong type: input should be a valid date or datetime, input is too short "
     "(got str 'someday')", "write the value in the expected form (quote text in \"...\")"),
    ("park: {cites: [{source: S-1, quote: x}]}\n", "park.cites[0].source",
     "id 'S-1' is not valid",
     "use lower-case ascii letters, digits and _ , starting with a letter"),
    ("metrics: [{cites: []}]\n", "metrics[0].cites",
     "List should have at least 1 item after validation, not 0",
     "see data/README.md for the expected form"),
    ("catalogue: {code: null, confidence: high, cites: [{source: s1, quote: 园区}]}\n",
     "catalogue", "code: null without why_none",
     "say in `why_none:` why the park has no catalogue entry (renamed or created after 2018, "
     "recognised on another list ...)"),
])
def test_rule_the_shape_of_a_park_file(tiny, text, where, message, fix):
    path = tiny.folder / "data" / "parks" / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    out = v.check_park_file(path, tiny.vocab)
    hits = [(p.line, p.message, p.fix) for p in out.problems if p.where == where]
    assert hits == [(1, message, fix)] and out.park is None


def test_rule_an_unquoted_comma_gives_the_fix_of_quoting(tiny):
    path = tiny.folder / "data" / "parks" / "tiny.yaml"
    path.write_text("park: {name_zh: 小园区,多了}\n", encoding="utf-8")
    (hit,) = [p for p in v.check_park_file(path, tiny.vocab).problems if "多了" in p.message]
    assert (hit.where, hit.message, hit.fix) == (
        "park.多了", "unknown field '多了'", "put the text in double quotes: inside {...} an "
        "unquoted ',' ends the value and the rest becomes a field")


LINKED = """catalogue:
  code: {code}
{name}  confidence: high
  evidence: the same name
  cites: [{{source: s1, quote: "小园区是省级高新区"}}]
"""


CATALOGUE_FIXES = {
    "code:": "copy the 代码 of the zone from the catalogue, or write `code: null` with why_none",
    "name_zh: 南阳": "check the code, or copy the 开发区名称 of that code exactly",
    "name_zh: 丙区": "check the code, or copy the 开发区名称 of that code exactly",
    "S377018": "add `name_zh:` with the name of the zone meant"}


@pytest.mark.parametrize("code, name, message, at", [
    ("null", "  why_none: created after 2018\n", None, None),
    ("G412117", "", None, None),
    ("G412117", "  name_zh: 南阳高新技术产业开发区\n", None, None),
    ("G412118", "", "catalogue code G412118 is not in catalogue/devzones_2018.csv", "code:"),
    ("G412117", "  name_zh: 南阳高新区\n",
     "catalogue zone G412117 is '南阳高新技术产业开发区', not '南阳高新区'", "name_zh: 南阳"),
    ("S377018", "", "catalogue code S377018 is printed on 2 zones ('甲区、乙区'), a slip of "
     "the source", "S377018"),
    ("S377018", "  name_zh: 丙区\n", "catalogue zone S377018 is '甲区、乙区', not '丙区'",
     "name_zh: 丙区"),
    ("S377018", "  name_zh: 乙区\n", None, None),
])
def test_rule_a_catalogue_link_names_a_zone_of_the_catalogue(tiny, code, name, message, at):
    vocab = replace(tiny.vocab, catalogue_file=Path("catalogue.csv"), catalogue_codes={
        "G412117": ["南阳高新技术产业开发区"], "S377018": ["甲区", "乙区"]})
    text = LINKED.format(code=code, name=name)
    if code == "null":
        text = text.replace("  evidence: the same name\n", "")
    path = tiny(text)
    out = v.check_park_file(path, vocab)
    expected = [] if message is None else [(lines_of(path, at)[0], message, CATALOGUE_FIXES[at])]
    assert [(p.line, p.message, p.fix) for p in out.problems] == expected and out.notes == []


def test_rule_a_catalogue_code_is_noted_where_the_dataset_has_no_catalogue(tiny):
    vocab = replace(tiny.vocab, data_dir=tiny.folder / "data")  # a folder without catalogue/
    path = tiny(LINKED.format(code="G412118", name=""))
    out = v.check_park_file(path, vocab)
    assert list(out.problems) == []
    assert [(n.file, n.line, n.where, n.message, n.fix) for n in out.notes] == [(
        "data/parks/tiny.yaml", lines_of(path, "code:")[0], "catalogue.code",
        "catalogue code G412118 not checked: the dataset has no catalogue/devzones_2018.csv",
        "add the catalogue to check it")]
    # a catalogue with errors of its own: the code is not checked, nothing said of it
    out = v.check_park_file(path, replace(tiny.vocab, catalogue_file=None))
    assert list(out.problems) == [] and out.notes == []


def test_rule_a_figure_marked_for_review_is_noted_not_refused(tiny):
    metric = ("metrics:\n  - id: t_firms\n    indicator: enterprises\n    period: 2023年\n"
              "    stated: 120家\n    review: true\n    review_reason: a bound of a range\n"
              "    cites: [{source: s1, quote: \"园区共有企业120家\"}]\n"
              "  - id: t_firms2\n    indicator: enterprises\n    period: 2023年\n"
              "    stated: 120家\n    review_reason: unit stated once\n"
              "    cites: [{source: s1, quote: \"园区共有企业120家\"}]\n")
    path = tiny(metric)
    out = v.check_park_file(path, tiny.vocab)
    assert list(out.problems) == [] and len(out.figures) == 2
    assert [(n.line, n.where, n.message) for n in out.notes] == [
        (lines_of(path, "review: true")[0], "metrics[0].review",
         "figure t_firms is marked for review: 'a bound of a range'"),
        (lines_of(path, "unit stated once")[0], "metrics[1].review_reason",
         "figure t_firms2 is marked for review: 'unit stated once'")]
    assert all("delete `review`" in n.fix for n in out.notes)


@pytest.mark.parametrize("field, value, message, fix", [
    ("indicator", "gdq", "unknown indicator 'gdq'",
     "use an id of vocab/indicators.yaml or add the indicator there"),
    ("unit", "大个", "unknown unit '大个'",
     "use a unit of vocab/units.yaml or add it there (with its base unit and factor)"),
    ("period", "某年", "", "write the period in a form listed in data/README.md"),
    ("stated", "许多家", "", "see the stated forms in data/README.md"),
])
def test_rule_a_figure_names_an_indicator_unit_and_period_that_exist(tiny, field, value,
                                                                      message, fix):
    fields = {"indicator": "enterprises", "period": "2023年", "stated": "120家", "unit": None}
    fields[field] = value
    body = "metrics:\n  - id: t_firms\n" + "".join(
        f"    {k}: {val}\n" for k, val in fields.items() if val is not None) + \
        "    cites: [{source: s1, quote: \"园区共有企业120家\"}]\n"
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    hits = [p for p in out.problems if p.where == f"metrics[0].{field}" and fix == p.fix]
    assert [p.line for p in hits] == [lines_of(path, f"    {field}: ")[0]], out.problems
    assert message in hits[0].message
    # a figure whose unit, period or stated form cannot be read is not counted
    assert (out.figures == []) == (field != "indicator")


def test_rule_a_period_is_read_from_the_date_of_the_first_cites_source(tiny):
    body = ("  - id: s2\n    file: seeds/tiny.txt\n    title: 又一篇\n    outlet: 某日报\n"
            "    doc_type: newspaper_report\n    date: 2021-05-01\n    date_basis: printed\n"
            "metrics:\n  - id: t_firms\n    indicator: enterprises\n    period: 去年\n"
            "    stated: 120家\n    cites:\n      - {source: s2, quote: \"园区共有企业120家\"}\n"
            "      - {source: s1, quote: \"园区共有企业120家\"}\n")
    out = v.check_park_file(tiny(body), tiny.vocab)
    assert list(out.problems) == []
    assert {f.period.code for f in out.figures} == {"2020"}  # 去年 of 2021-05-01


def test_rule_a_cites_own_stated_form_is_checked_at_its_line(tiny):
    body = ("  - id: s2\n    file: seeds/tiny.txt\n    title: 又一篇\n    outlet: 某日报\n"
            "    doc_type: newspaper_report\n    date: 2024-03-02\n    date_basis: printed\n"
            "metrics:\n  - id: t_gdp\n    indicator: gdp\n    measure: yoy_growth\n"
            "    period: 2023年\n    stated: \"5.2%\"\n    cites:\n"
            "      - {source: s1, quote: \"2023年园区生产总值增长5.2%\"}\n"
            "      - {source: s2, quote: \"全年生产总值增长5.2%\", stated: \"5.3%\"}\n")
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    assert [(p.line, p.where) for p in out.problems] == [
        (lines_of(path, "stated: \"5.3%\"")[0], "metrics[0].cites[1].stated")]
    assert "does not occur in its quote" in out.problems[0].message
    # each cite's figure is read from its own stated form
    assert [f.quantity.value_base for f in out.figures] == [5.2, 5.3]


def test_rule_a_figure_without_units_known_is_not_parsed(tiny):
    body = "metrics:\n" + GDP_GROWTH.format(
        id="t_gdp", cites='      - {source: s1, quote: "2023年园区生产总值增长5.2%"}\n')
    out = v.check_park_file(tiny(body), replace(tiny.vocab, units={}))
    assert list(out.problems) == [] and out.figures == []


def vocab_folder(tiny) -> Path:
    """A copy of the bundled vocabularies in the test's dataset folder; returns vocab/."""
    import shutil

    target = tiny.folder / "data" / "vocab"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vocab", target)
    return target


def vocab_problems(tiny) -> list[pl.Problem]:
    return list(v.check_vocabularies(tiny.folder / "data")[1])


def test_rule_units_have_a_known_base_and_a_positive_factor(tiny):
    units = vocab_folder(tiny) / "units.yaml"
    text = units.read_text(encoding="utf-8")
    old = "  证: {base: items, factor: 1, en: licences}\n"
    assert old in text
    units.write_text(text.replace(old, "  证: {base: itemz, factor: 1, en: licences}\n"
                                       "  半证: {base: items, factor: -1/2, en: half}\n"),
                     encoding="utf-8")
    line = lines_of(units, "  证: {base: itemz")[0]
    got = [(p.line, p.where, p.message[:30], p.fix) for p in vocab_problems(tiny)]
    assert got[0] == (line, "units.证.base", "base unit 'itemz' is not in ba",
                      "add it to base_units or use an existing one")
    assert got[1][:2] == (line + 1, "units.半证.factor") and got[1][3] == \
        "write a positive number or a/b"
    assert len(got) == 2
    c, _ = v.check_vocabularies(tiny.folder / "data")
    assert "证" in c.units and "半证" not in c.units and "CNY" in c.signed_bases
    assert "items" not in c.signed_bases


def test_rule_every_code_has_its_labels(tiny):
    terms = vocab_folder(tiny) / "terms.yaml"
    text = terms.read_text(encoding="utf-8")
    start = text.index("\nextent:")
    end = text.index("\n", text.index("country", start))
    terms.write_text(text[:start] + "\nextent:\n  park: {zh: 园区, en: park}" + text[end:],
                     encoding="utf-8")
    (p,) = vocab_problems(tiny)
    assert (p.line, p.where, p.message, p.fix) == (
        lines_of(terms, "extent:")[0], "extent", "no labels for city, province, country",
        "add a zh and en label for each")


def test_rule_a_missing_or_misnamed_vocabulary_file(tiny):
    folder = vocab_folder(tiny)
    (folder / "themes.yaml").rename(folder / "themes.yml")
    got = [(p.file, p.line, p.message, p.fix) for p in vocab_problems(tiny)]
    assert got == [
        ("data/vocab/themes.yml", 1, "data files end in .yaml; themes.yml would be left out",
         "rename it to themes.yaml"),
        ("data/vocab/themes.yaml", None, "vocabulary file missing",
         "create vocab/themes.yaml (see data/README.md)")]
    c, _ = v.check_vocabularies(tiny.folder / "data")
    assert "themes" not in c.vocab and "indicators" in c.vocab


def test_rule_references_into_a_vocabulary_that_failed_are_not_checked(tiny):
    folder = vocab_folder(tiny)
    (folder / "themes.yaml").unlink()
    vocab, _ = v.check_vocabularies(tiny.folder / "data")
    path = tiny("policies:\n  - id: f1\n    name: 一区多园\n    kind: mechanism\n"
                "    themes: [greenz]\n    cites: [{source: s1, quote: \"园区实施“一区多园”管理模式\"}]\n"
                "industries:\n  - {industry: coatingz, role: leading, cites: [{source: s1, "
                "quote: \"小园区是省级高新区\"}]}\n")
    assert list(v.check_park_file(path, vocab).problems) == []  # the missing file is the problem


@pytest.mark.parametrize("make, message", [
    (lambda data: None, "no parks/ folder here"),
    (lambda data: (data / "parks").mkdir(), "no park files (*.yaml)"),
])
def test_rule_a_folder_without_park_files(tmp_path, make, message):
    data = tmp_path / "data"
    data.mkdir()
    make(data)
    c, problems = v.check(data)
    assert [p.message for p in problems if "vocab" not in p.file] == [message]
    assert c.parks == {}


def test_rule_the_dataset_gathers_each_files_findings(tiny):
    vocab_folder(tiny)
    figure = "metrics:\n" + GDP_GROWTH.format(
        id="{id}", cites='      - {source: {src}, quote: "2023年园区生产总值增长5.2%"}\n')
    for name, src in (("alpha", "sa"), ("beta", "sb")):
        path = tiny(figure.replace("{id}", f"{name}_gdp").replace("{src}", src), name)
        path.write_text(path.read_text(encoding="utf-8").replace("s1", src), encoding="utf-8")
    (tiny.folder / "data" / "parks" / "gamma.yml").write_text("x: 1\n", encoding="utf-8")
    c, problems = v.check(tiny.folder / "data")
    assert [(p.file, p.message) for p in problems] == [
        ("data/parks/gamma.yml", "data files end in .yaml; gamma.yml would be left out")]
    assert set(c.parks) == {"alpha", "beta"}
    assert c.park_files == {"alpha": "data/parks/alpha.yaml", "beta": "data/parks/beta.yaml"}
    assert sorted(f.metric.id for f in c.figures) == ["alpha_gdp", "beta_gdp"]
    assert set(c.documents) == {"sa", "sb"} and c.documents["sa"] is c.documents["sb"]
    assert c.document_digests.keys() == {"seeds/tiny.txt"}
    with pytest.raises(pl.DataError) as err:
        v.validate(tiny.folder / "data")
    assert err.value.data_dir == c.data_dir
    assert str(err.value).splitlines() == [
        f"1 problem in the dataset at {c.data_dir}:",
        "  data/parks/gamma.yml:1: data files end in .yaml; gamma.yml would be left out. "
        "Fix: rename it to gamma.yaml"]
    (tiny.folder / "data" / "parks" / "gamma.yml").unlink()
    assert set(v.validate(tiny.folder / "data").parks) == {"alpha", "beta"}


def test_rule_a_data_error_counts_what_it_does_not_show():
    from parklens.yamlfile import Problem, ProblemList

    problems = ProblemList(limit=2)
    for n in range(5):
        problems.append(Problem("data/parks/x.yaml", n + 1, "", f"wrong {n}", "fix it"))
    err = v.DataError(problems)
    assert (err.total, len(err.problems)) == (5, 2)
    assert str(err).splitlines() == [
        "5 problems in the dataset:", "  data/parks/x.yaml:1: wrong 0. Fix: fix it",
        "  data/parks/x.yaml:2: wrong 1. Fix: fix it",
        "  ... and 3 more (fix these and check again)"]
    assert str(v.DataError([Problem("f", None, "", "bad")])).splitlines()[0] == \
        "1 problem in the dataset:"


def test_rule_a_long_parser_message_is_cut_to_300_characters():
    assert v._clip("x" * 300) == "x" * 300
    assert v._clip("x" * 301) == "x" * 300 + "…"
    assert v._clip("y" * 20, limit=10) == "y" * 10 + "…"


def test_rule_a_quote_of_four_letters_is_enough(tiny):
    path = tiny("industries:\n  - industry: coatings\n    role: leading\n"
                "    cites: [{source: s1, quote: \"省级高新\"}, {source: s1, quote: \"级高新\"}]\n")
    out = v.check_park_file(path, tiny.vocab)
    assert [p.where for p in out.problems] == ["industries[0].cites[1].quote"]


@pytest.mark.parametrize("name, misnamed", [("a.yml", True), ("a.YAML", True), ("a.Yml", True),
                                            ("a.yaml", False), ("a.txt", False),
                                            ("a.yaml.bak", False)])
def test_rule_only_files_ending_in_yaml_are_read(tmp_path, name, misnamed):
    (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    got = v._misnamed(tmp_path, tmp_path.parent)
    assert [(p.file, p.line, p.fix) for p in got] == (
        [(f"{tmp_path.name}/{name}", 1, f"rename it to {name.split('.')[0]}.yaml")]
        if misnamed else [])
    assert v._misnamed(tmp_path / "none", tmp_path) == []


def test_rule_a_path_outside_the_root_is_shown_as_it_is(tmp_path):
    assert v._display(tmp_path / "data" / "x.yaml", tmp_path) == "data/x.yaml"
    assert v._display(Path("/elsewhere/x.yaml"), tmp_path) == "/elsewhere/x.yaml"


def catalogue_dataset(tiny) -> Path:
    """The test's dataset with the bundled vocabularies and catalogue; returns catalogue/."""
    import shutil

    vocab_folder(tiny)
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "catalogue",
                    tiny.folder / "data" / "catalogue")
    return tiny.folder / "data" / "catalogue"


def test_rule_a_good_catalogue_gives_its_codes_and_its_slips_as_notes(tiny):
    catalogue_dataset(tiny)
    c, problems = v.check_vocabularies(tiny.folder / "data")
    assert list(problems) == [] and c.catalogue_file == c.data_dir / v.CATALOGUE_FILE
    assert c.catalogue_codes["G412117"] == ["南阳高新技术产业开发区"]
    assert len(c.catalogue_codes["S377018"]) == 2
    assert [(n.file, n.line) for n in c.notes] == [("data/catalogue/devzones_2018.csv", 1477),
                                                   ("data/catalogue/devzones_2018.csv", 1478)]


def test_rule_a_bad_catalogue_row_is_a_problem_and_its_codes_are_not_used(tiny):
    csv = catalogue_dataset(tiny) / "devzones_2018.csv"
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace(NANYANG_ROW, NANYANG_ROW.replace("G412117", "G422117")),
                   encoding="utf-8")
    c, problems = v.check_vocabularies(tiny.folder / "data")
    assert [(p.file, p.line) for p in problems] == [("data/catalogue/devzones_2018.csv", 357)]
    assert c.catalogue_file is None and c.catalogue_codes == {}
    assert len(c.notes) == 2  # the slips are still noted


@pytest.mark.parametrize("remove, file, message", [
    ("devzones_2018.csv", "data/catalogue/devzones_2018.csv",
     "catalogue/ holds no devzones_2018.csv"),
    ("../vocab/provinces.yaml", "data/vocab/provinces.yaml",
     "a file the catalogue is read with is missing"),
    ("../vocab/catalogue_industries.csv", "data/vocab/catalogue_industries.csv",
     "a file the catalogue is read with is missing"),
])
def test_rule_a_catalogue_without_its_files(tiny, remove, file, message):
    (catalogue_dataset(tiny) / remove).unlink()
    c, problems = v.check_vocabularies(tiny.folder / "data")
    got = [(p.file, p.line, p.message) for p in problems if p.file == file]
    assert got == [(file, None, message)] and c.catalogue_file is None
    assert all(p.fix for p in problems)


def test_rule_a_catalogue_file_linked_from_outside_is_not_read(tiny):
    catalogue_dataset(tiny)
    outside = tiny.folder.parent / "zone_places.csv"
    outside.write_text("SECRET\n", encoding="utf-8")
    places = tiny.folder / "data" / "vocab" / "zone_places.csv"
    places.unlink(missing_ok=True)
    places.symlink_to(outside)
    c, problems = v.check_vocabularies(tiny.folder / "data")
    assert [(p.file, p.line) for p in problems] == [("data/vocab/zone_places.csv", 1)]
    assert "outside the dataset folder" in problems[0].message and c.catalogue_file is None


def test_rule_a_stopwords_file_linked_from_outside_is_not_read(tiny):
    path = dataset_with_stopwords(tiny, GOOD_STOPWORDS)
    outside = tiny.folder.parent / "stop.yaml"
    outside.write_text("XYZZY: [\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    problems = problems_of(tiny.folder / "data")
    assert [(p.file, p.line) for p in problems] == [("data/vocab/stopwords.yaml", 1)]
    assert "outside the dataset folder" in problems[0].message and "XYZZY" not in str(problems)
    outside.unlink()  # a link to nothing is refused the same way, not taken for no file
    assert [(p.file, p.line) for p in problems_of(tiny.folder / "data")] == [
        ("data/vocab/stopwords.yaml", 1)]


def test_rule_a_source_id_given_twice_reads_the_first_only(tiny):
    body = ("  - id: s1\n    file: seeds/none.txt\n    title: 又一篇\n    outlet: 某日报\n"
            "    doc_type: newspaper_report\n    date: 2021-05-01\n    date_basis: printed\n")
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    assert [(p.line, p.message) for p in out.problems] == [
        (lines_of(path, "  - id: s1")[1],
         f"duplicate source id 's1' (also at {out.display}:{lines_of(path, '  - id: s1')[0]})")]
    assert out.documents == {"s1": TINY_DOC}


@pytest.mark.parametrize("measure, stated, quote, at, what", [
    (None, "5.2%", "2023年园区生产总值增长5.2%", "stated:", "with measure 'level'"),
    ("change", "5.2%", "2023年园区生产总值增长5.2%", None, None),  # percentage points
    ("avg_annual_growth", "5.2%", "2023年园区生产总值增长5.2%", None, None),
    ("plan_completion", "120家", "园区共有企业120家", "measure:", "needs a percentage"),
    ("rank", "第一", "增速居全市第一", None, None),
])
def test_rule_a_measure_that_does_not_fit_is_reported_where_it_is_written(tiny, measure, stated,
                                                                          quote, at, what):
    body = ("metrics:\n  - id: t_fig\n    indicator: gdp\n    period: 2023年\n"
            + (f"    measure: {measure}\n" if measure else "")
            + f"    stated: \"{stated}\"\n    cites: [{{source: s1, quote: \"{quote}\"}}]\n")
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    expected = [] if at is None else [lines_of(path, at)[0]]
    assert [p.line for p in out.problems] == expected, out.problems
    assert what is None or what in out.problems[0].message


def test_rule_ids_across_files_and_notes_reach_the_dataset(tiny):
    vocab_folder(tiny)
    figure = ("metrics:\n  - id: same_id\n    indicator: enterprises\n    period: 2023年\n"
              "    stated: 120家\n    review: true\n    cites: [{source: SRC, quote: \"园区共有企业120家\"}]\n")
    for name in ("alpha", "beta"):
        path = tiny(figure.replace("SRC", f"s_{name}"), name)
        path.write_text(path.read_text(encoding="utf-8").replace("s1", f"s_{name}"),
                        encoding="utf-8")
    c, problems = v.check(tiny.folder / "data")
    line = lines_of(path, "  - id: same_id")[0]
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("data/parks/beta.yaml", line,
         f"duplicate metric id 'same_id' (also at data/parks/alpha.yaml:{line})")]
    assert [(n.file, n.where) for n in c.notes] == [("data/parks/alpha.yaml", "metrics[0].review"),
                                                   ("data/parks/beta.yaml", "metrics[0].review")]


def test_rule_the_bundled_dataset_is_the_default():
    c, problems = v.check_vocabularies()
    assert c.data_dir == (Path(__file__).resolve().parents[1] / "data").resolve()
    assert c.root == c.data_dir.parent and list(problems) == [] and "units" in c.vocab


# The near-miss hint: the passage a curator would copy (written by hand for each quote)
HINT_TEXT = "园区实施一区多园管理模式全年生产总值增长5.2%增速居全市第一"


@pytest.mark.parametrize("quote, passage", [
    ("园区实行一区多园管理", "园区实施一区多园管理"),      # a character changed, at the start
    ("增速居全省第一", "增速居全市第一"),                  # ... at the end
    ("生产总值增长52%", "生产总值增长5.2%"),              # a character lost
    ("生产总值总增长5.2%", "生产总值增长5.2%"),          # a character gained
    ("乙区实施一区多园管理模式", "园区实施一区多园管理模式"),  # the first one changed
    # the last one changed, at the end: difflib's ratio 2·6/13 of 增速居全市第 beats 2·6/14
    # of 增速居全市第一 (the passage shares six characters with the quote either way)
    ("增速居全市第二", "增速居全市第"),
    ("产值总额达到一百亿元", None),                        # nothing like it
])
def test_rule_the_hint_is_the_passage_to_copy(quote, passage):
    assert v.closest_passage(quote, HINT_TEXT) == passage


def test_rule_a_review_mark_without_a_reason_is_noted_as_such(tiny):
    path = tiny("metrics:\n  - id: t_firms\n    indicator: enterprises\n    period: 2023年\n"
                "    stated: 120家\n    review: true\n"
                "    cites: [{source: s1, quote: \"园区共有企业120家\"}]\n")
    (note,) = v.check_park_file(path, tiny.vocab).notes
    assert (note.line, note.message, note.fix) == (
        lines_of(path, "review: true")[0], "figure t_firms is marked for review",
        "check it against its quote, then delete `review` and `review_reason`")


@pytest.mark.parametrize("measure, stated, quote, message, fix", [
    ("level", "5.2%", "2023年园区生产总值增长5.2%", "a percentage ('5.2%') with measure 'level'",
     "set measure to yoy_growth, avg_annual_growth, share, plan_completion or change"),
    ("share", "120家", "园区共有企业120家", "measure 'share' needs a percentage, got '120家'",
     "state the figure in % or change the measure"),
    ("rank", "120家", "园区共有企业120家", "measure 'rank' needs a rank such as 第98位, got '120家'",
     "state the rank with 第 or a rank unit"),
])
def test_rule_a_measure_that_does_not_fit_says_what_to_write(tiny, measure, stated, quote,
                                                              message, fix):
    body = ("metrics:\n  - id: t_fig\n    indicator: gdp\n    period: 2023年\n"
            f"    measure: {measure}\n    stated: \"{stated}\"\n"
            f"    cites: [{{source: s1, quote: \"{quote}\"}}]\n")
    path = tiny(body)
    out = v.check_park_file(path, tiny.vocab)
    assert [(p.line, p.where, p.message, p.fix) for p in out.problems] == [
        (lines_of(path, "measure:")[0], "metrics[0].measure", message, fix)]
