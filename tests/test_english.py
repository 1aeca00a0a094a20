"""English an economist would write: the English names and labels of every park's data carry
no Chinese, and none is empty (issue 11, item 2).

Checked on the loaded dataset, so a label built from an indicator and an untranslated scope
(``enterprises (入驻)``) fails as the reader would see it.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

# CJK ideographs (with extension A and the compatibility block), CJK punctuation and the
# full-width forms: none of them belongs in an English label.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

PARKS = ["guanzhuang", "puyang", "nanyang_hitech", "suqian_eco_chem"]

#: table → its English columns
ENGLISH = {
    "metrics": ["label_en", "subject_name_en"],
    "enterprises": ["name_en"],
    "projects": ["name_en"],
    "policies": ["name_en"],
    "parks": ["name_en"],
    "sources": ["title_en", "outlet_en"],
}


def _bad(frame: pd.DataFrame, column: str) -> list[str]:
    """The rows of ``frame`` whose ``column`` is empty or holds Chinese, as readable lines."""
    key = next((c for c in frame.columns if c.endswith("_id") and c != "park_id"), "park_id")
    out = []
    for rec in frame.to_dict("records"):
        text = rec[column]
        if not isinstance(text, str) or not text.strip():
            out.append(f"{rec.get(key)}: {column} is empty")
        elif m := CJK.search(text):
            out.append(f"{rec.get(key)}: {column} {text!r} has {m.group()!r}")
    return out


@pytest.fixture(params=PARKS)
def park(request) -> str:
    return request.param


@pytest.mark.parametrize("table, column", [(t, c) for t, cols in ENGLISH.items() for c in cols])
def test_english_names_and_labels_have_no_chinese_and_are_never_empty(ds, park, table, column):
    frame = getattr(ds, table)
    frame = frame[frame.park_id == park]
    assert len(frame), f"{park} has no {table}"
    assert _bad(frame, column) == []


def test_a_figure_with_a_scope_has_its_scope_in_english(ds, park):
    m = ds.metrics[(ds.metrics.park_id == park) & ds.metrics.scope.notna()]
    assert len(m)
    missing = sorted(set(m[m.scope_en.isna()].metric_id))
    assert missing == []
    # the English label is built from the English scope, not the Chinese one
    assert all(s in label for s, label in zip(m.scope_en, m.label_en))


def test_the_check_sees_chinese_where_a_reader_would():
    frame = pd.DataFrame({"policy_id": ["a", "b", "c", "d"],
                          "name_en": ["Two platforms", "enterprises (入驻)", None, "1+3+2 ＋"]})
    assert [line.split(":")[0] for line in _bad(frame, "name_en")] == ["b", "c", "d"]


def test_an_english_sources_line_names_the_documents_in_english():
    from parklens.notebook import setup

    for lang, words, not_words in (("en", "Puyang Daily (inferred)", "濮阳日报"),
                                   ("zh", "濮阳日报（推断）", "Puyang Daily")):
        ctx = setup("puyang", lang, None, notebook="02_growth_metrics")
        line = str(ctx.sources_note(ctx.metrics()))
        assert words in line and not_words not in line, line
