"""``python -m vanban``: the command line (``py -m vanban`` on Windows)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
