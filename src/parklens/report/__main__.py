"""``python -m parklens.report``: the hidden notebook processes of a batch
(:mod:`parklens.report.notebook_process`)."""

import sys

from .notebook_process import main

if __name__ == "__main__":
    sys.exit(main())
