"""``python -m ex4``: the exercise (ex4.m); ``start``, ``sweep``, ``explain`` and ``site``.

The programs themselves live in :mod:`ex4.programs`, one module each.
"""

import sys

SUBCOMMANDS = ("start", "sweep", "explain", "site")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in SUBCOMMANDS:
        from importlib import import_module

        return import_module(f"ex4.programs.{argv[0]}").main(argv[1:])
    from .programs.exercise import main as exercise_main
    return exercise_main(argv)


if __name__ == "__main__":
    sys.exit(main())
