"""Atomic writes: a failure leaves neither a partial file nor a changed target."""

from __future__ import annotations

import os
import stat

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


def test_csv_text_cells_cannot_become_formulas(tmp_path):
    # OWASP "CSV Injection": = + - @ tab CR start a formula in Excel; a leading apostrophe
    # makes the cell text. Numbers, and text that is a plain number, stay as they are.
    df = pd.DataFrame({
        "text": ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1",
                 "\r=1", "官庄 = 园区", "-5", "+3.5", None],
        "number": [-1.5, -2.0, 3.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "count": [-1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    })
    df.columns = ["text", "=cmd|' /C calc'!A0", "count"]
    original = df.copy()
    path = write_csv(df, tmp_path / "x.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype={"text": str})
    assert back["text"].tolist() == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+1+2", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1",
        "官庄 = 园区", "-5", "+3.5", ""]
    assert list(back.columns) == ["text", "'=cmd|' /C calc'!A0", "count"]
    assert back["'=cmd|' /C calc'!A0"].dtype == "float64"
    assert back["'=cmd|' /C calc'!A0"].iloc[:2].tolist() == [-1.5, -2.0]
    assert back["count"].dtype == "int64" and back["count"].iloc[0] == -1
    pd.testing.assert_frame_equal(df, original)  # the caller's frame is not changed


def test_csv_index_labels_cannot_become_formulas(tmp_path):
    df = pd.DataFrame({"v": [1, 2]}, index=pd.Index(["=1+1", "puyang"], name="park"))
    back = pd.read_csv(write_csv(df, tmp_path / "x.csv", index=True), encoding="utf-8-sig")
    assert back.park.tolist() == ["'=1+1", "puyang"]


@pytest.mark.skipif(os.name != "posix", reason="file modes and the umask are POSIX")
def test_files_follow_the_umask_of_the_moment_and_nothing_changes_it(tmp_path):
    import parklens.export as export

    before = os.umask(0o077)
    try:
        assert os.umask(0o077) == 0o077  # importing and writing left the umask alone
        private = export.write_text("x", tmp_path / "private.txt")
        os.umask(0o022)
        shared = export.write_text("x", tmp_path / "shared.txt")
        explicit = tmp_path / "explicit.bin"
        with export.atomic_path(explicit, mode=0o600) as tmp:
            tmp.write_bytes(b"x")
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(before)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    assert stat.S_IMODE(explicit.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*.partial"))
