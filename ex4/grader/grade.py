"""Grading one file: its parts asked of the child, scored and formatted here (ex4.pdf's submit.m).

The course's grader runs five parts on fixed inputs, prints each result with
``sprintf('%0.5f ', ...)`` column-major, and compares the text with its own.  This does
the same offline for one target (a file, notebook, module, or this project), whose code
runs in a child process (:mod:`ex4.grader.sandbox`); :func:`report` and :func:`summary`
print the course's tables.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .. import checked_call
from ..diagnosis import Prober, Unanswered, error_reading, is_shape_error, read_shape_error
from ..inside.calls import add_notes
from ..inside.load import IMPORTS_UTILS, source_text
from . import hints, parts
from . import variants as variant_cases
from .parts import EXPECTED, PARTS
from .channel import shorten
from .sandbox import Budget, ChannelViolation, Failed, GraderError, Sandbox

NICE = "Nice work!"
SORRY = "Sorry, try again."
# A part that was not answered is said so in the course's table: not "Sorry, try again."
FEEDBACK = {"timed out": "Timed out.", "not graded": "Not graded."}

# Hints for a file that passes under a convention other than the one graded.
CONVENTION_HINTS = {
    ("course", "python"): "it passes under the Python notebook port's convention (labels 0..K-1, row-major "
                          "unrolling): grade it with --convention python",
    ("python", "course"): "it passes under the course's convention (labels 1..K, column-major unrolling): "
                          "grade it without --convention python",
    ("course", "0-based"): "your nnCostFunction gives the expected output when the labels are 0..K-1; "
                                  "the course's labels are 1..K (for the digits, 10 stands for the digit 0): use "
                                  "y - 1 as the column index inside",
    ("course", "row-major"): "your nnCostFunction reads and unrolls the parameters row by row (numpy's default "
                             "reshape and ravel); the course unrolls column by column: use order='F' in both",
    ("python", "0-based"): "your nnCostFunction reads and unrolls the parameters column by column "
                                  "(order='F'); the python convention unrolls row by row: drop order='F'",
    ("python", "row-major"): "your nnCostFunction takes labels 1..K; the python convention's labels are "
                             "0..K-1: grade it without --convention python if you follow the course",
}


# Their short names, for a gradebook's column and the class report.
HINT_NAMES = {("course", "python"): "passes under the python convention",
              ("python", "course"): "passes under the course convention",
              ("course", "0-based"): "labels 0..K-1",
              ("course", "row-major"): "parameters unrolled row-major",
              ("python", "0-based"): "parameters unrolled column-major",
              ("python", "row-major"): "labels 1..K"}


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
    variants_passed: int = 0
    variants: int = 0
    hint_names: list = field(default_factory=list)  # a short name for each hint, for a gradebook's column
    kind: str = ""  # for a part that failed: wrong, raised, returned, exit, memory, timed out, crashed
    shown: str = ""  # what a student may be shown of the failure: nothing of a hidden variant's numbers

    def add_hints(self, named):
        for name, text in named:
            self.hint_names.append(name)
            self.hints.append(text)


@dataclass
class FileResult:
    """One graded file: its parts, or why it could not be graded at all."""

    target: str
    convention: str
    parts: list = field(default_factory=list)
    error: str = ""
    notes: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    isolation: str = ""  # what the code ran in, as a student may read it
    isolation_setup: str = ""  # for the teacher alone: the machine's side (cgroups; why not bubblewrap)
    seed: object = None
    variants: int = 0
    student: str = ""
    grader_error: bool = False  # the grader's own machinery failed: no score, never a 0
    convention_why: str = ""  # why this convention, where --convention auto chose it
    cpu_seconds: float = 0.0  # of its budget, what its code used
    seconds: float = 0.0  # wall-clock seconds its grading took

    @property
    def total(self):
        return sum(r.score for r in self.parts)

    @property
    def possible(self):
        return sum(points for _, points, _ in PARTS.values())

    def as_json(self):
        return {"student": self.student, "target": self.target, "convention": self.convention,
                "convention_why": self.convention_why or None, "total": None if self.error else self.total,
                "possible": self.possible, "error": self.error or None, "notes": self.notes,
                "isolation": self.isolation, "isolation_setup": self.isolation_setup or None,
                "grader_error": self.grader_error, "variants": self.variants,
                "seed": self.seed, "parts": [asdict(r) for r in self.parts]}


TIMEOUT = 10.0  # CPU seconds for a whole file; a correct one uses well under 1 s of it


def grade(target, convention="course", timeout=TIMEOUT, memory=2 * 2 ** 30, variants=0, seed=None,
          isolation="auto", user=None, slots=1):
    """Grade one target (a path, a module name, or None for this project) in a sandbox.

    The whole file has ``timeout`` seconds of the CPU time its code uses (a :class:`Budget`):
    loading, every part's course case, its ``variants`` (made from ``seed``) and the hints that
    ask the code again.  A spinning hang costs that budget; code that sleeps or waits is ended
    once its CPU time has stayed flat for a few seconds (``sandbox.IDLE_SECONDS``), with a
    wall-clock backstop at twice the budget.  Once it is used up, the parts not yet asked are
    not graded ("timed out").  Part 3 (sigmoidGradient, a function of its own) is asked first.
    Scores come from the numbers the child hands back, formatted and compared here.  Where the
    sandbox itself fails, the result says so (``grader_error``) and holds no score.
    """
    result = FileResult(str(target) if target is not None else "this project's ex4", convention,
                        seed=seed if variants else None, variants=variants)
    try:
        sandbox = Sandbox(target, timeout, memory, isolation, user, slots)
    except GraderError as exc:
        result.error, result.grader_error = f"the grader cannot isolate the code here: {exc}", True
        return result
    return _graded(sandbox, result, timeout, variants, seed)


def grade_here(functions, convention="course", timeout=TIMEOUT, variants=0, seed=None, label="the functions defined here"):
    """Grade ``functions`` ({name: function}, a notebook kernel's own) in this process: the parts, the
    comparison and the readings of :func:`grade`, the learner's own code called where it was defined
    (:class:`~ex4.grader.inprocess.InProcess`): for a browser, where there is no sandbox to start."""
    from .inprocess import InProcess

    result = FileResult(label, convention, seed=seed if variants else None, variants=variants)
    return _graded(InProcess(functions, label), result, timeout, variants, seed)


def _graded(sandbox, result, timeout, variants, seed):
    """``result`` filled in by grading the code ``sandbox`` runs (a Sandbox, or InProcess), within one budget."""
    chosen = parts.CONVENTIONS[result.convention]
    with sandbox:
        result.isolation = sandbox.isolation
        budget = Budget(timeout)
        try:
            sandbox.start(budget)
            plan = getattr(sandbox, "plan", None)
            result.isolation_setup = "; ".join(filter(None, [sandbox.cgroup_note.lstrip("; "),
                                                             plan and plan.why and f"not bubblewrap: {plan.why}"]))
            result.notes = [shorten(note) for note in sandbox.notes]
            result.missing = [name for name in parts.FUNCTIONS if name not in sandbox.functions]
            if len(result.missing) == len(parts.FUNCTIONS):
                result.error = f"{sandbox.label} defines neither nnCostFunction nor sigmoidGradient"
                return result
            rng = np.random.default_rng(seed)
            grader = _PartGrader(sandbox, chosen, budget)
            cases = {part: variant_cases.make(part, variants, rng, chosen) if variants else []
                     for part in PARTS}
            # Every course case first, then the variants: what the code says (its errors, shown to
            # the student) is all said before it has seen a hidden variant's inputs.
            for part in sorted(PARTS, key=lambda p: p != 3):  # sigmoidGradient first: its own function
                name, points, needs = PARTS[part]
                result.parts.append(grader.grade(part, name, points, needs, len(cases[part])))
            result.parts.sort(key=lambda r: r.part)
            for part_result in result.parts:
                grader.grade_variants(part_result, cases[part_result.part])
            result.notes += grader.notes
            for part_result in result.parts:
                part_result.feedback = FEEDBACK.get(part_result.kind, part_result.feedback)
            sandbox.check_quiet()
        except ChannelViolation as exc:
            result.error, result.parts = f"{sandbox.label}: {exc}", []
        except Failed as exc:
            result.error = str(exc)
        except GraderError as exc:
            result.error, result.parts, result.grader_error = f"the grader failed, not the code: {exc}", [], True
        result.cpu_seconds = budget.used
        sandbox.close()
        if sandbox.left_behind:
            result.notes.append(f"its code left {sandbox.left_behind} process(es) running; the grader ended them")
    return result


def grade_any(target, convention="course", *args, **kwargs):
    """:func:`grade` under ``convention``; "auto" chooses one on the file's evidence: the python
    port's where it imports ``utils`` (the port's notebook and files do), else the course's.
    A file is graded under one convention only, so a course learner's order or label mistake
    keeps losing its points, and a port learner sees their own error, not the course's."""
    if convention != "auto":
        return grade(target, convention, *args, **kwargs)
    chosen, why = auto_convention(target)
    result = grade(target, chosen, *args, **kwargs)
    result.convention_why = why
    return result


def auto_convention(target):
    """(convention, why) for ``--convention auto``."""
    text = source_text(target) if target is not None and Path(target).is_file() else b""
    if IMPORTS_UTILS.search(text):
        return "python", "chosen by --convention auto: it imports utils, as the Python notebook port does"
    return "course", "chosen by --convention auto: it does not import utils (the Python notebook port's mark)"


class _PartGrader:
    """Grades the parts of one file, all of them within the file's one :class:`Budget`."""

    def __init__(self, sandbox, convention, budget):
        self.sandbox, self.convention, self.budget = sandbox, convention, budget
        self.probing = True  # the convention hints ask the code again, until one of them times out
        self.notes = []  # for the whole file (a float32 nnCostFunction)
        self.obtained = {}  # part: its course case's output, for the diagnosis of later parts
        self.passed = set()  # the parts whose course case passed, for the readings of later parts
        self.failed = set()  # and those whose output was wrong
        self.probes = Prober(self._probe, self._fresh_start if getattr(sandbox, "restartable", True) else None)

    def grade(self, part, name, points, needs, variants):
        """The part's course case and its hints, in stages, each of which ends the part or leaves it to
        the next (its ``variants``, a count, are graded later, after every part's course case)."""
        result = PartResult(part, name, 0, points, SORRY, EXPECTED[part], variants=variants)
        case = parts.course_case(part, self.convention)
        stages = (self._not_askable, self._course_case_asked, self._wrong, self._other_shapes)
        if not any(stage(result, case, needs) for stage in stages):
            self.passed.add(part)
            result.score, result.feedback, result.kind = points, NICE, "ok"
        else:
            self._put_first(result, needs)
        return result

    def _not_askable(self, result, case, needs):
        """Ends the part where it cannot be asked: the function missing, ex4's own, or the budget spent."""
        if needs not in self.sandbox.functions:
            result.detail, result.kind = f"{needs} is not defined", "not graded"
        elif needs in self.sandbox.ex4_own:
            result.detail = f"{needs} is this project's own (imported from ex4), not yours: write your own"
        elif self.budget.over(0):
            result.detail = result.shown = (f"not graded: {self.budget.over(0)} on the parts before (the budget is "
                                            "the file's)")
            result.kind = "timed out"
        else:
            return False
        return True

    def _course_case_asked(self, result, case, needs):
        """The course's case asked; ends the part where the code raised, returned something else than the
        part's numbers, or called ex4's own function."""
        part, budget = result.part, self.budget
        try:
            answer = self.sandbox.call(case.request, budget, f"part {part}")
            if answer["used_ex4"]:
                result.detail = f"{needs} calls this project's own {needs}: the part must be your own work"
                return True
            add_notes(self.notes, [shorten(note, 500) for note in answer.get("changed", [])])
            if answer.get("float32") and not any(n.startswith("your nnCostFunction returns") for n in self.notes):
                self.notes.append(checked_call.PRECISION_NOTE.format(dtype="float32") + "; the scores are the course's "
                                  "rule, the same for any precision")
            result.obtained = self.obtained[part] = parts.sprintf5(case.values(answer))
            return False
        except ChannelViolation:
            raise
        except (Failed, TypeError) as exc:
            self._read_error(result, exc, needs)
            return True

    def _read_error(self, result, exc, needs):
        """What an error or a wrong kind of answer says: another convention, the error's text, its sizes."""
        part = result.part
        kind = exc.kind if isinstance(exc, Failed) else "returned"  # a TypeError: what came back is not the part's
        result.detail = result.shown = f"{needs}: {exc.located() if isinstance(exc, Failed) else exc}"
        result.kind = kind
        if kind not in ("raised", "returned"):  # a time-out, an exit or a crash: nothing to read
            return
        result.add_hints(self._convention_hints(part, self.budget))
        reading = error_reading(str(exc)) if kind == "raised" else None
        if not result.hints and reading:
            result.add_hints([reading])
        elif not result.hints and part != 3 and kind == "raised":  # the sizes in the error, the probes, shapes
            shape = read_shape_error(str(exc), parts.Xm.shape[0], parts.SIZES,
                                     (exc.where or {}).get("code", "") if isinstance(exc, Failed) else "")
            result.add_hints([shape] if shape else
                             self.probes.readings(cost_wrong=True, gradient_wrong=part in (4, 5),
                                                  lambda_=parts.LAMBDA[part], answered=False)[:1]
                             or ([hints.shapes(part)] if is_shape_error(str(exc)) else []))

    def _wrong(self, result, case, needs):
        """Ends the part where its numbers differ from the course's, with one ordered reading of them, most
        basic first (ex4.diagnosis.READINGS): a blank, the exact usual mistakes, part 5 read knowing part 4
        passed, another convention, state kept between calls, lambda ignored, then the cost and the
        gradient block by block."""
        part = result.part
        difference = parts.compare(EXPECTED[part], result.obtained)
        if not difference:
            return False
        result.kind = "wrong"
        result.detail = result.shown = difference
        order = hints.gradient_order(part, result.obtained, self.convention)
        result.add_hints(hints.diagnosis(
            part, result.obtained, self.obtained, self.passed,
            named=lambda: hints.named_mistakes_keyed(part, result.obtained),
            conventions=lambda: ([("gradient unrolled in the other order", order)] if order else [])
            + self._convention_hints(part, self.budget),
            again=lambda: self._asked_again(case, self.budget), failed=self.failed, probes=self.probes))
        self.failed.add(part)
        return True

    def _other_shapes(self, result, case, needs):
        """Part 3 beyond the course's matrix: the course's sigmoidGradient takes z of any shape."""
        if result.part != 3:
            return False
        for other, expected in parts.shape_cases():
            failed = self._case_fails(other, expected, self.budget, needs, f"part 3, {other.label}")
            if failed:
                result.kind = "wrong"
                result.detail = result.shown = (f"right on a matrix, but not on {other.label}: {failed}; the "
                                                "course's sigmoidGradient takes z of any shape (ex4.m calls "
                                                "it on a vector)")
                return True
        return False

    def _put_first(self, result, needs):
        """Before the readings of a failed part, what makes them moot: the function graded is not the one
        the learner worked on (a notebook defines it twice), or it changes its argument in place."""
        said = self.sandbox.notes + self.notes
        first = []
        for name in dict.fromkeys([needs] + (["sigmoidGradient"] if result.part in (4, 5) else [])):
            twice = next((n for n in said if n.startswith(f"{name} is defined more than once")), None)
            if twice:
                first.append((f"{name} defined twice", shorten(twice, 300) + ": if an earlier one is your work, "
                              "delete the later one"))
        changed = next((n for n in said if n.startswith(f"your {needs} changes its argument")), None)
        if changed and result.kind == "wrong":
            first.append(("an argument changed in place", changed))
        if first:
            result.hints[:0] = [text for _, text in first]
            result.hint_names[:0] = [name for name, _ in first]

    def _probe(self, probe):
        """(J, grad or None) of the learner's nnCostFunction on a designed probe, asked in the sandbox within
        the file's budget, the inputs handed over and the gradient read back the graded convention's way."""
        case = parts.cost_case(4, self.convention, probe.Thetas, probe.X, probe.y, probe.lambda_)
        try:
            answer = self.sandbox.call(case.request, self.budget, "a hint's probe")
        except ChannelViolation:
            raise
        except Failed as exc:
            raise Unanswered(str(exc), timed_out=exc.kind == "timed out") from None
        if answer["used_ex4"] or len(answer.get("J", ())) != 1:
            raise Unanswered("not the learner's own answer")
        try:
            values = case.values(answer)
        except TypeError:  # J alone, or a gradient of the wrong size: the cost is still read
            return answer["J"][0], None
        return values[0], values[1:]

    def _fresh_start(self):
        """A new child for this file, its code loaded afresh, for the probes' first call of a fresh process."""
        try:
            self.sandbox.start(self.budget)
        except ChannelViolation:
            raise
        except Failed:
            return False
        return True

    def _asked_again(self, case, budget):
        """(J, grad or None): the same call asked once more, as printed, or (None, None) where it does not answer."""
        try:
            again = np.round(case.values(self.sandbox.call(case.request, budget, f"part {case.part}")), 5)
        except ChannelViolation:
            raise
        except (Failed, TypeError):
            return None, None
        return float(again[0]), (again[1:] if again.size > 1 else None)

    def grade_variants(self, result, variants):
        """A part right on its course case loses its points where a hidden variant fails."""
        if result.score == 0 or not variants:
            return
        needs = PARTS[result.part][2]
        budget = self.budget
        for variant, expected in variants:
            failed = self._variant_fails(variant, expected, budget, needs)
            if failed and "timed out" in failed:
                result.score, result.feedback, result.kind = 0, SORRY, "timed out"
                result.detail = failed
                result.shown = (f"right on the course's case, but hidden variant {variant.variant} "
                                f"({variant_cases.describe(variant)}) timed out: the part's time went before it "
                                "answered (loops over the examples in Python are slow)")
                result.add_hints([("variant timed out", result.shown)])
                return
            if failed:
                result.score, result.feedback, result.kind = 0, SORRY, "wrong"
                result.detail = failed
                raised = failed.startswith(needs)  # its code raised on the variant (the detail says what)
                result.shown = (f"right on the course's case, but hidden variant {variant.variant} "
                                f"({variant_cases.describe(variant)}) " + ("raised an error" if raised else
                                                                          "gets another answer"))
                result.add_hints(self._variant_reading(result.part, variant))
                return
            result.variants_passed += 1

    def _variant_reading(self, part, variant):
        """What the probes say of a part right on the course's case and wrong on a hidden variant (state
        kept between calls, Y's width from the labels present, sizes written in), else a question."""
        if part != 3 and not self.budget.over(0):
            self.probes.suspect_state = True
            found = self.probes.readings(cost_wrong=True, gradient_wrong=part in (4, 5), lambda_=parts.LAMBDA[part])
            if found:
                return found[:1]
        return [("fails hidden variants", f"right on the course's case, wrong with {variant_cases.describe(variant)}: "
                 f"does it assume the test's sizes ({_course_sizes()}), or its published outputs?")]

    def _case_fails(self, case, expected, budget, needs, doing):
        """'' where the learner's answer to ``case`` is ``expected``, else what went wrong (its inputs are public)."""
        return self._asked(case, expected, budget, needs, doing)[0]

    def _asked(self, case, expected, budget, needs, doing):
        """(what went wrong or '', how: "own" (this project's function), "raised" or "differs")."""
        try:
            answer = self.sandbox.call(case.request, budget, doing)
            if answer["used_ex4"]:
                return f"{needs} calls this project's own {needs}: the part must be your own work", "own"
            return variant_cases.differs(expected, case.values(answer)), "differs"
        except ChannelViolation:
            raise
        except (Failed, TypeError) as exc:
            return str(exc), "raised"

    def _variant_fails(self, case, expected, budget, needs):
        which = f"hidden variant {case.variant}"
        text, how = self._asked(case, expected, budget, needs, f"part {case.part}, {which}")
        if not text or how == "own":
            return text
        label = f"{which} ({variant_cases.describe(case)})"
        return f"{needs}, {label}: {text}" if how == "raised" else f"{label}: {text}"

    def _convention_hints(self, part, budget):
        """Hints for each other convention under which the learner's function passes this part."""
        if part == 3 or not self.probing:
            return []
        found = []
        for other in parts.CONVENTIONS:
            if (self.convention.name, other) not in CONVENTION_HINTS:
                continue
            case = parts.course_case(part, parts.CONVENTIONS[other])
            try:
                output = parts.sprintf5(case.values(self.sandbox.call(case.request, budget, f"part {part}")))
            except ChannelViolation:
                raise
            except Failed as exc:
                if exc.kind == "timed out":
                    self.probing = False  # code that hangs is not asked again for a hint
                    break
                continue
            except TypeError:
                continue
            if not parts.compare(EXPECTED[part], output):
                found.append((HINT_NAMES[self.convention.name, other], CONVENTION_HINTS[self.convention.name, other]))
        return found


def _course_sizes():
    inputs, hidden, labels = parts.SIZES
    return f"{inputs} inputs, {hidden} hidden units, {labels} labels, m = {parts.Xm.shape[0]}"


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
          f"Learning), convention: {convention.name} ({convention.says}"
          f"{'; ' + result.convention_why if result.convention_why else ''}).", file=out)
    setup = f"; {result.isolation_setup}" if result.isolation_setup else ""
    print(f"Isolation: {result.isolation}{setup}.", file=out)
    if result.variants:
        print(f"Hidden variants: {result.variants} per part besides the course's case (seed {result.seed}).", file=out)
    for note in result.notes:
        print(f"Note: {note}", file=out)
    for name in result.missing:
        print(f"Note: {result.target} does not define {name}.", file=out)
    print(format_table(result.parts), file=out)
    details = format_details(result.parts)
    if details:
        print(details, file=out)


def summary(results):
    """One line per file: its student, file, score and convention (or why it was not graded)."""
    names = [shorten(r.student or r.target, 80) for r in results]
    width = max(len(n) for n in names)
    lines = ["\nSummary:"]
    for name, r in zip(names, results):
        where = f"  ({shorten(r.target)})" if r.student and r.student != r.target else ""
        score = (f"cannot be graded: {shorten(r.error.splitlines()[0])}" if r.error
                 else f"{r.total:3d} / {r.possible}  {r.convention}")
        lines.append(f"  {name:<{width}}  {score}{where}")
    return "\n".join(lines)
