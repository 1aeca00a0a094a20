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
