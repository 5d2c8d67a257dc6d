"""``python -m ex4 start [--notebook] [DIR]``: the starter, with blanks for the learner to fill in."""

import shlex
import sys
from pathlib import Path

from ..install import installed_command
from . import cli
from ..checks import CommandError, InputError

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STARTER = "my_ex4.py"
CLONE = Path(__file__).resolve().parent.parent.parent  # where python -m ex4 found the package


def build_parser():
    parser = cli.ArgumentParser(
        prog="python -m ex4 start",
        description="Write my_ex4.py, the exercise's three functions (sigmoidGradient, "
                    "randInitializeWeights, nnCostFunction) with the course's signatures and "
                    "blanks marked YOUR CODE HERE, into DIR; with --notebook, my_ex4.ipynb, the "
                    "whole exercise as a Jupyter notebook.")
    parser.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR",
                        help="folder to write into (default: the current folder; made if missing)")
    parser.add_argument("--notebook", action="store_true",
                        help="write my_ex4.ipynb: the exercise part by part, with a check after each blank")
    parser.add_argument("--force", action="store_true", help="overwrite an existing starter")
    return parser


def write_starter(folder, force=False, notebook=False):
    """Write the starter (or the notebook) into ``folder``; refuse to overwrite unless ``force``.

    Returns the path written.
    """
    from . import notebook as starter_notebook

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"DIR: {folder} is a file, not a folder; give a folder to write the starter into")
    path = folder / (starter_notebook.NOTEBOOK if notebook else STARTER)
    if path.is_symlink() and not force:  # followed, it could write anywhere, even outside DIR
        where = "points nowhere" if not path.exists() else f"points to {path.resolve()}"
        raise CommandError(f"{path} is a symbolic link that {where}; pass --force to replace the link "
                              "itself with the starter")
    if path.exists() and not force:
        raise CommandError(f"{path} already exists; keep your work, or pass --force to overwrite it")
    if path.exists() and path.is_dir():
        raise InputError(f"DIR: {path} is a folder; remove or rename it first")
    folder.mkdir(parents=True, exist_ok=True)
    text = starter_notebook.text() if notebook else (TEMPLATE_DIR / STARTER).read_text(encoding="utf-8")
    if path.is_symlink():
        path.unlink()  # --force replaces the link, never the file it points to
    path.write_text(text, encoding="utf-8")
    return path


def next_steps(path, notebook):
    """What to run next, as commands that work where they are said to: the installed ``ex4`` and
    ``ex4-submit`` from the starter's folder; without an install, ``python -m`` from this folder."""
    exercise, submit = installed_command("ex4"), installed_command("ex4-submit")
    name = shlex.quote(path.name)
    if exercise and submit:
        where = "this folder" if path.parent == Path(".") else path.parent
        note = ""
    else:  # run from a clone: python -m finds ex4 only from there
        exercise, submit, name, where = "python -m ex4", "python -m ex4.submit", shlex.quote(str(path)), "this folder"
        install = f"pip install -e {shlex.quote(str(CLONE))}"
        note = (f"\n(ex4 is not installed: {install} makes the commands ex4 and ex4-submit, and a notebook's "
                "import of ex4, work from any folder; until then these work from this folder only)")
    if notebook:
        return (f"Wrote {path}: open it in Jupyter (jupyter lab, from {path.parent}), or any notebook front "
                "end;\nfill in the cells marked YOUR CODE HERE and run it top to bottom. "
                f"Its last cell grades it, as does, from {where}:\n  {submit} {name}{note}")
    return (f"Wrote {path}: fill in the blanks marked YOUR CODE HERE, then, from {where}:\n"
            f"  {exercise} --impl {name}      the exercise, part by part, on your functions\n"
            f"  {submit} {name}      grade them offline (the course's five parts){note}")


def main(argv=None):
    args = build_parser().parse_args(argv)

    def job():
        path = write_starter(args.dir, args.force, args.notebook)
        print(next_steps(path, args.notebook))
        return 0

    return cli.run_reporting_errors("python -m ex4 start", job)


if __name__ == "__main__":
    sys.exit(main())
