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
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import _cli
from .grader import hints, parts
from .grader.parts import EXPECTED, PARTS  # noqa: F401 - part of this module's interface
from .grader.sandbox import Failed, Sandbox

NICE = "Nice work!"
SORRY = "Sorry, try again."

# Hints for a file that passes under a convention other than the one graded.
CONVENTION_HINTS = {
    ("course", "python"): "it passes under the Python notebook port's convention (labels 0..K-1, row-major "
                          "unrolling): grade it with --convention python",
    ("python", "course"): "it passes under the course's convention (labels 1..K, column-major unrolling): "
                          "grade it without --convention python",
    ("course", "0-based labels"): "your nnCostFunction gives the expected output when the labels are 0..K-1; "
                                  "the course's labels are 1..K (for the digits, 10 stands for the digit 0): use "
                                  "y - 1 as the column index inside, or grade with --convention python if you "
                                  "follow the notebook port",
    ("course", "row-major"): "your nnCostFunction reads and unrolls the parameters row by row (numpy's default "
                             "reshape and ravel); the course unrolls column by column: use order='F' in both",
    ("python", "0-based labels"): "your nnCostFunction reads and unrolls the parameters column by column "
                                  "(order='F'); the python convention unrolls row by row: drop order='F'",
    ("python", "row-major"): "your nnCostFunction takes labels 1..K; the python convention's labels are "
                             "0..K-1: grade it without --convention python if you follow the course",
}


@dataclass
class PartResult:
    part: int
    name: str
    score: int
    points: int
    feedback: str
    expected: str
    obtained: str = ""
    detail: str = ""
    hints: list = field(default_factory=list)


@dataclass
class FileResult:
    """One graded file: its parts, or why it could not be graded at all."""

    target: str
    convention: str
    parts: list = field(default_factory=list)
    error: str = ""
    notes: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def total(self):
        return sum(r.score for r in self.parts)

    @property
    def possible(self):
        return sum(points for _, points, _ in PARTS.values())

    def as_json(self):
        return {"target": self.target, "convention": self.convention, "total": self.total,
                "possible": self.possible, "error": self.error or None, "notes": self.notes,
                "parts": [asdict(r) for r in self.parts]}


def grade(target, convention="course", timeout=60.0, memory=2 * 2 ** 30):
    """Grade one target (a path, a module name, or None for this project) in a child process."""
    chosen = parts.CONVENTIONS[convention]
    result = FileResult(str(target) if target is not None else "this project's ex4", convention)
    with Sandbox(target, timeout, memory) as sandbox:
        try:
            sandbox.start()
        except Failed as exc:
            result.error = str(exc)
            return result
        result.notes = sandbox.notes
        result.missing = [name for name in parts.FUNCTIONS if name not in sandbox.functions]
        if len(result.missing) == len(parts.FUNCTIONS):
            result.error = f"{sandbox.label} defines neither nnCostFunction nor sigmoidGradient"
            return result
        for part, (name, points, needs) in PARTS.items():
            result.parts.append(_grade_part(sandbox, part, name, points, needs, chosen))
    return result


def _grade_part(sandbox, part, name, points, needs, convention):
    result = PartResult(part, name, 0, points, SORRY, EXPECTED[part])
    if needs not in sandbox.functions:
        result.detail = f"{needs} is not defined"
        return result
    try:
        result.obtained = sandbox.ask(part, convention.name)
    except Failed as exc:
        result.detail = f"{needs}: {exc}"
        if str(exc).startswith("it raised"):  # not after an exit, a crash or a time-out: they would recur
            result.hints = _convention_hints(sandbox, part, convention)
        return result
    difference = parts.compare(EXPECTED[part], result.obtained)
    if not difference:
        result.score, result.feedback = points, NICE
        return result
    result.detail = difference
    result.hints = (_convention_hints(sandbox, part, convention)
                    + list(filter(None, [hints.gradient_order(part, result.obtained, convention)]))
                    + hints.named_mistakes(part, result.obtained))
    return result


def _convention_hints(sandbox, part, convention):
    """Hints for each other convention under which the learner's function passes this part."""
    if part == 3:
        return []
    found = []
    for other in parts.BY_NAME:
        if (convention.name, other) not in CONVENTION_HINTS:
            continue
        try:
            output = sandbox.ask(part, other)
        except Failed:
            continue
        if not parts.compare(EXPECTED[part], output):
            found.append(CONVENTION_HINTS[convention.name, other])
    return found


def format_table(results):
    """The course's score table."""
    lines = ["== ", f"== {'Part Name':>43} | {'Score':>9} | Feedback",
             f"== {'---------':>43} | {'-----':>9} | --------"]
    for r in results:
        lines.append(f"== {r.name:>43} | {r.score:3d} / {r.points:3d} | {r.feedback}")
    total, possible = sum(r.score for r in results), sum(r.points for r in results)
    lines.append("==                                   --------------------------------")
    lines.append(f"== {'':>43} | {total:3d} / {possible:3d} | ")
    lines.append("== ")
    return "\n".join(lines)


def format_details(results):
    """Expected and obtained output of each part that failed, and its hints, one line each."""
    lines = []
    for r in results:
        if r.score == r.points:
            continue
        lines.append(f"Part {r.part}, {r.name}: {r.detail}")
        lines.extend(f"  hint: {hint}" for hint in r.hints)
        lines.append(f"  expected: {r.expected}")
        if r.obtained:
            lines.append(f"  obtained: {r.obtained}")
    return "\n".join(lines)


def report(result, out):
    """The whole text for one graded file."""
    convention = parts.CONVENTIONS[result.convention]
    print(f"Grading {result.target} with the course's test cases for Exercise 4 (Neural Networks "
          f"Learning), convention: {convention.name} ({convention.says}).", file=out)
    for note in result.notes:
        print(f"Note: {note}", file=out)
    for name in result.missing:
        print(f"Note: {result.target} does not define {name}.", file=out)
    print(format_table(result.parts), file=out)
    details = format_details(result.parts)
    if details:
        print(details, file=out)


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


def summary(results):
    width = max(len(r.target) for r in results)
    lines = [f"\nSummary ({results[0].convention} convention):"]
    for r in results:
        score = f"cannot be graded: {r.error.splitlines()[0]}" if r.error else f"{r.total:3d} / {r.possible}"
        lines.append(f"  {r.target:<{width}}  {score}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
