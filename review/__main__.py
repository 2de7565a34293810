"""Run the review command line."""

import sys

from .cli import main

sys.exit(main())
