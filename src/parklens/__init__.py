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
