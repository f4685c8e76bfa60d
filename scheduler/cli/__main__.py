"""``python -m scheduler.cli``: the ``roster`` command."""

import sys

from . import main

sys.exit(main())
