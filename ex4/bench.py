"""``python -m ex4.bench``: the command's name; the program is :mod:`ex4.programs.bench`."""

import sys

from .programs.bench import main

if __name__ == "__main__":
    sys.exit(main())
