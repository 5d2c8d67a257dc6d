"""``python -m ex4 start [DIR]``: the starter file, with blanks for the learner to fill in."""

import sys
from pathlib import Path

from . import _cli

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STARTER = "my_ex4.py"


def build_parser():
    parser = _cli.ArgumentParser(
        prog="python -m ex4 start",
        description="Write my_ex4.py, the exercise's three functions (sigmoidGradient, "
                    "randInitializeWeights, nnCostFunction) with the course's signatures and "
                    "blanks marked YOUR CODE HERE, into DIR.")
    parser.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR",
                        help="folder to write into (default: the current folder; made if missing)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing my_ex4.py")
    return parser


def write_starter(folder, force=False):
    """Write the starter into ``folder``; refuse to overwrite unless ``force``. Returns the path."""
    path = Path(folder) / STARTER
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; keep your work, or pass --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((TEMPLATE_DIR / STARTER).read_text(encoding="utf-8"), encoding="utf-8")
    return path


def main(argv=None):
    args = build_parser().parse_args(argv)

    def job():
        path = write_starter(args.dir, args.force)
        where = "this folder" if path.parent == Path(".") else path.parent
        print(f"Wrote {path}: fill in the blanks marked YOUR CODE HERE, then, from {where}:\n"
              f"  python -m ex4 --impl {path.name}      the exercise, part by part, on your functions\n"
              f"  python -m ex4.submit {path.name}      grade them offline (the course's five parts)")
        return 0

    return _cli.run_reporting_errors("python -m ex4 start", job)


if __name__ == "__main__":
    sys.exit(main())
