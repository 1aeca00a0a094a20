"""Find the figures a park document states, and draft a park file from them.

The extractor reads every quantitative statement of a document: a number in Arabic or Chinese
numerals with its qualifier and unit (``120多家``, ``近70亿元``, ``3万户左右``, ``下降5美元/桶``),
ranks (``第98位``, ``全市第一``), grades (``C级``, ``较低安全风险``), magnitude classes
(``百亿级``) and the few counts whose unit the wording implies (``三大主导产业``: 3 industries;
``8横8纵``: 8 roads each way). Candidates come from one regular expression built from the unit
table and the qualifier words; each is confirmed by :func:`parklens.parse_quantity`, so numbers
are read by one implementation only. Years (``2024年``), dates (``12月25日``), period
expressions (``近3年``), phone, postcode and licence numbers and the digits of numbered
formulas (``1+3+2``, ``12345工作法``) are left out.

The package, in the order its modules import one another: :mod:`.patterns` (the candidate
pattern), :mod:`.layout` (sentences and clauses), :mod:`.reader` (candidates kept or dropped),
:mod:`.context` (periods and status), :mod:`.words` (kind and indicator words), :mod:`.dates`,
:mod:`.facts` (the frame of facts), :mod:`.draft` (a park file from them) and :mod:`.command`
(``parklens extract FILE``). How well it reads is measured outside it, in
:mod:`parklens.evaluate`.

>>> facts = extract_facts("目前入驻企业120多家,其中规上企业78家。2023年税收增速14.4%。")
>>> for f in facts.itertuples():
...     print(f.stated, f.value, f.unit, f.qualifier, f.kind, f.period_stated, f.indicator_words)
120多家 120.0 家 more_than count 目前 入驻企业
78家 78.0 家 exact count 目前 规上企业
14.4% 14.4 % exact growth 2023年 税收
"""

from __future__ import annotations

from .command import run_cli
from .dates import DocumentDate, as_date, document_date
from .draft import draft_park_file, write_draft_folder
from .facts import (COLUMNS, DROPPED_COLUMNS, KINDS, dropped_candidates, extract_facts,
                    fact_records, facts_frame)
from .patterns import MEASURE_WORDS

__all__ = ["COLUMNS", "DROPPED_COLUMNS", "KINDS", "MEASURE_WORDS", "DocumentDate",
           "as_date", "document_date", "dropped_candidates", "extract_facts", "fact_records", "facts_frame",
           "draft_park_file", "write_draft_folder", "run_cli"]
