"""parklens: curated data and analysis helpers for Chinese industrial parks.

>>> import parklens as pl
>>> ds = pl.load()                      # the bundled dataset, validated
>>> pl.parse_quantity("120多家").qualifier
'more_than'
"""

from .dataset import Dataset, load
from .periods import Period, PeriodError, parse_period
from .units import Quantity, QuantityError, parse_number, parse_qualifier, parse_quantity
from .validate import DataError, check, validate
from .yamlfile import Problem

__all__ = [
    "Dataset", "load", "check", "validate", "DataError", "Problem",
    "parse_quantity", "parse_number", "parse_qualifier", "parse_period",
    "Quantity", "QuantityError", "Period", "PeriodError",
]
__version__ = "0.1.0"

# Analysis, plotting and reporting modules load on first use (``pl.growth``, ``pl.plotting``):
# ``import parklens`` stays light for scripts that only need the data.
_LAZY = ("growth", "structure", "plotting", "notebook", "profile", "report", "export", "text",
         "segment", "themes", "formulas", "extract")


def __getattr__(name: str):
    if name in ("find_formulas", "extract_facts"):
        import importlib

        module = importlib.import_module(f"{__name__}.{'formulas' if name == 'find_formulas' else 'extract'}")
        return getattr(module, name)
    if name in _LAZY:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'parklens' has no attribute {name!r}")
