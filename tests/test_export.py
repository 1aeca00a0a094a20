"""Atomic writes: a failure leaves neither a partial file nor a changed target."""

from __future__ import annotations

import pandas as pd
import pytest

from parklens.export import atomic_path, write_csv


def test_failure_leaves_old_file_and_no_partial(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_csv_has_bom_and_round_trips(tmp_path):
    df = pd.DataFrame({"园区": ["官庄"], "数值": [88.7]})
    path = write_csv(df, tmp_path / "sub" / "x.csv")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    pd.testing.assert_frame_equal(pd.read_csv(path, encoding="utf-8-sig"), df)
