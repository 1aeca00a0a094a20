"""Doctest namespace: examples in docstrings may use ``pl`` and the bundled dataset ``ds``."""

import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    import parklens as pl

    doctest_namespace["pl"] = pl
    doctest_namespace["ds"] = _dataset()


_CACHE = {}


def _dataset():
    if "ds" not in _CACHE:
        import parklens as pl

        _CACHE["ds"] = pl.load()
    return _CACHE["ds"]
