"""Entry point for `python -m s2s`."""

import sys

from s2s.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
