"""Grading one file: its parts asked of the child, scored and formatted here (ex4.pdf's submit.m).

The course's grader runs five parts on fixed inputs, prints each result with
``sprintf('%0.5f ', ...)`` column-major, and compares the text with its own.  This does
the same offline for one target (a file, notebook, module, or this project), whose code
runs in a child process (:mod:`ex4.grader.sandbox`); :func:`report` and :func:`summary`
print the course's tables.
"""

from dataclasses import asdict, dataclass, field

from . import hints, parts
from .parts import EXPECTED, PARTS
from .sandbox import Failed, Sandbox

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


def summary(results):
    width = max(len(r.target) for r in results)
    lines = [f"\nSummary ({results[0].convention} convention):"]
    for r in results:
        score = f"cannot be graded: {r.error.splitlines()[0]}" if r.error else f"{r.total:3d} / {r.possible}"
        lines.append(f"  {r.target:<{width}}  {score}")
    return "\n".join(lines)
