"""Local grading of Exercise 4, as the course's submit.m grades it (``python -m ex4.submit``).

The course's grader runs five parts on fixed inputs, prints each result with
``sprintf('%0.5f ', ...)`` column-major, and compares the text with its own.  This does
the same offline, on this project's code by default or on any file, notebook or
module that defines ``nnCostFunction`` and ``sigmoidGradient``::

    python -m ex4.submit                          # grade this project's own implementation
    python -m ex4.submit my_ex4.py                # grade your file
    python -m ex4.submit my_ex4.ipynb             # or your notebook (its definitions only)
    python -m ex4.submit a.py b.ipynb --json -    # a folder of submissions, for a gradebook

The learner's code runs in a child process (:mod:`ex4.grader.sandbox`) with a time limit
per part and a memory limit, so that an exit, an endless loop or a crash costs that part
alone.  Exit status: 0 when every part of every file scored full marks, 1 when one did
not, 2 when a file cannot be graded at all.
"""

import json
import sys
from pathlib import Path

from .grader import parts
from .grader.grade import grade, report, summary
from .programs import _cli


def build_parser():
    parser = _cli.ArgumentParser(
        prog="python -m ex4.submit",
        description="Grade Exercise 4 offline with the course's five graded parts, inputs and expected "
                    "outputs. Each file's code runs in a child process with a time limit per part. Exit "
                    "status 0 when every part of every file scored full marks, 1 below, 2 if a file "
                    "cannot be graded.")
    parser.add_argument("targets", nargs="*", metavar="FILE|MODULE",
                        help="what to grade: .py files, Jupyter notebooks (.ipynb: their imports and "
                             "definitions only), or importable modules, defining nnCostFunction and "
                             "sigmoidGradient (default: this project's ex4)")
    parser.add_argument("--convention", choices=sorted(parts.CONVENTIONS), default="course",
                        help="course (default): labels 1..K, column-major unrolling, as the course; "
                             "python: labels 0..K-1, row-major unrolling, as the Python notebook port")
    parser.add_argument("--timeout", type=_cli.positive_float, default=60.0, metavar="SECONDS",
                        help="time limit for loading each file and for each part (default 60)")
    parser.add_argument("--memory", type=_cli.positive_float, default=2.0, metavar="GIB",
                        help="memory limit of the child process running the code, in GiB (default 2)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the results as JSON to FILE, one entry per graded file; "
                             "'-' writes only the JSON to standard output (the tables go to standard error)")
    return parser


def _check_json_path(path, targets):
    if path is None or path == "-":
        return
    if not path.strip():
        raise ValueError("--json: expected a file name or '-', got an empty name")
    out = Path(path).resolve()
    for target in targets:
        if Path(target).exists() and Path(target).resolve() == out:
            raise ValueError(f"--json: {path} is a file being graded; choose another name for the report")
    if out.is_dir():
        raise ValueError(f"--json: {path} is a folder; expected a file name")


def main(argv=None):
    args = build_parser().parse_args(argv)

    def job():
        _check_json_path(args.json, args.targets)
        out = sys.stderr if args.json == "-" else sys.stdout
        results = []
        for target in args.targets or [None]:
            result = grade(target, args.convention, args.timeout, int(args.memory * 2 ** 30))
            results.append(result)
            if result.error:
                print(f"python -m ex4.submit: error: {result.error.splitlines()[0]}", file=sys.stderr)
            else:
                report(result, out)
        if len(results) > 1:
            print(summary(results), file=out)
        if args.json:
            text = json.dumps({"convention": args.convention, "files": [r.as_json() for r in results]}, indent=2)
            if args.json == "-":
                print(text)
            else:
                Path(args.json).write_text(text + "\n")
        if any(r.error for r in results):
            return 2
        return 0 if all(r.total == r.possible for r in results) else 1

    return _cli.run_reporting_errors("python -m ex4.submit", job)


if __name__ == "__main__":
    sys.exit(main())
