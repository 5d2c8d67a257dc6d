"""``python -m ex4``: the exercise (ex4.m); ``start``, ``sweep`` and ``explain``."""

import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "sweep":
        from .sweep import main as sweep_main
        return sweep_main(argv[1:])
    if argv and argv[0] == "start":
        from .start import main as start_main
        return start_main(argv[1:])
    if argv and argv[0] == "explain":
        from .explain import main as explain_main
        return explain_main(argv[1:])
    from .exercise import main as exercise_main
    return exercise_main(argv)


if __name__ == "__main__":
    sys.exit(main())
