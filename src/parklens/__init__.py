"""parklens: curated data and analysis helpers for Chinese industrial parks.

>>> import parklens as pl
>>> ds = pl.load()                      # the bundled dataset, validated
>>> pl.parse_quantity("120多家").qualifier
'more_than'

``import parklens`` stays light: the data model (pandas, pydantic), the analysis modules and
the plotting, segmenting and reporting libraries load on first use (``pl.load``,
``pl.growth``, ``pl.plotting`` …).
"""

from __future__ import annotations

import importlib

from .periods import Period, PeriodError, parse_period
from .units import Quantity, QuantityError, parse_number, parse_qualifier, parse_quantity

__all__ = [
    "Dataset", "load", "check", "validate", "DataError", "Problem",
    "parse_quantity", "parse_number", "parse_qualifier", "parse_period",
    "Quantity", "QuantityError", "Period", "PeriodError", "find_formulas", "extract_facts",
]
__version__ = "0.1.0"

# public name -> the module that defines it, imported when the name is first used
_LAZY_NAMES = {
    "Dataset": "dataset", "load": "dataset",
    "check": "validate", "validate": "validate", "DataError": "validate",
    "Problem": "yamlfile",
    "find_formulas": "formulas", "extract_facts": "extract",
}
_LAZY_MODULES = ("dataset", "validate", "display", "growth", "structure", "plotting", "notebook",
                 "profile", "report", "export", "text", "segment", "themes", "formulas",
                 "extract", "corpus", "markup", "evaluate", "catalogue", "messages")


def __getattr__(name: str):
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY_NAMES[name]}"), name)
    if name in _LAZY_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'parklens' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__) | set(_LAZY_MODULES))
