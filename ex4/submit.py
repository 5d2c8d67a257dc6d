"""Local grading of Exercise 4, as the course's submit.m grades it (``python -m ex4.submit``).

The course's grader runs five parts on fixed inputs, prints each result with
``sprintf('%0.5f ', ...)`` column-major, and compares the text with its own.  This does
the same offline, with the course's inputs and expected outputs stored below, on this
project's code by default or on any file or module that defines ``nnCostFunction`` and
``sigmoidGradient`` with the course's signatures::

    python -m ex4.submit                  # grade this project's own implementation
    python -m ex4.submit my_ex4.py        # grade your file
    python -m ex4.submit my_ex4.py --json grade.json

The functions are called as the course calls them: ``nnCostFunction(t, 2, 4, 4, Xm, ym,
lambda_)`` with ``t = [t1(:); t2(:)]`` (column-major), ``ym`` the labels 1..4 as a 1-D
array, and ``sigmoidGradient(X)`` with X a 3 x 10 matrix.  Exit status: 0 at 100 / 100,
1 below, 2 when the file cannot be graded at all.
"""

import importlib
import importlib.util
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import _cli
from .params import reshape_params, unroll_params

# The course's test inputs (submit.m), built the MATLAB way.
X = np.reshape(3 * np.sin(np.arange(1, 31)), (3, 10), order="F")
Xm = np.reshape(np.sin(np.arange(1, 33)), (16, 2), order="F") / 5
ym = 1 + np.mod(np.arange(1, 17), 4)
t1 = np.sin(np.reshape(np.arange(1, 25, 2), (4, 3), order="F"))
t2 = np.cos(np.reshape(np.arange(1, 41, 2), (4, 5), order="F"))
t = unroll_params([t1, t2])  # [t1(:); t2(:)]
SIZES = (2, 4, 4)  # input_layer_size, hidden_layer_size, num_labels

# The course's expected outputs, as sprintf('%0.5f ', ...) prints them.
EXPECTED = {
    1: "3.08745 ",
    2: "3.64704 ",
    3: "0.06866 0.05758 0.23912 0.08484 0.05047 0.21076 0.10733 0.04650 0.17441 0.13680 "
       "0.04518 0.13886 0.17210 0.04634 0.10897 0.20861 0.05014 0.08605 0.23778 0.05703 "
       "0.06951 0.24996 0.06783 0.05815 0.24040 0.08366 0.05082 0.21287 0.10572 0.04667 ",
    4: "3.08745 -0.01210 -0.12776 0.04255 0.09974 -0.00313 -0.00419 0.00399 0.00135 0.00377 "
       "0.00486 -0.00473 -0.00167 0.25504 -0.00802 0.46691 0.34101 0.18263 -0.00807 0.32624 "
       "0.23966 0.13171 -0.00244 0.24870 0.18061 0.06931 -0.00109 0.12956 0.09393 0.17316 "
       "-0.00799 0.30771 0.22624 ",
    5: "3.64704 -0.01210 -0.12776 0.04255 0.09974 0.03550 -0.09794 0.04338 0.06231 -0.08636 "
       "0.01891 0.07370 -0.08100 0.25504 -0.00802 0.46691 0.34101 0.09722 -0.00766 0.41132 "
       "0.16844 0.10592 0.09025 0.19735 0.13066 0.16223 -0.02847 0.05943 0.17969 0.17191 "
       "-0.09271 0.37947 0.25124 ",
}

PARTS = {  # part: (name, points, function it needs)
    1: ("Feedforward and Cost Function", 30, "nnCostFunction"),
    2: ("Regularized Cost Function", 15, "nnCostFunction"),
    3: ("Sigmoid Gradient", 5, "sigmoidGradient"),
    4: ("Neural Network Gradient (Backpropagation)", 40, "nnCostFunction"),
    5: ("Regularized Gradient", 10, "nnCostFunction"),
}

NICE = "Nice work!"
SORRY = "Sorry, try again."


def sprintf5(values):
    """MATLAB's ``sprintf('%0.5f ', values)``: column-major, a space after each value."""
    return "".join(f"{v:0.5f} " for v in np.ravel(np.asarray(values, dtype=float), order="F"))


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


def _graded_output(part, functions, labels=ym):
    """The text a part prints: the function's result through sprintf('%0.5f ')."""
    if part == 3:
        return sprintf5(functions["sigmoidGradient"](X.copy()))
    lambda_ = 0 if part in (1, 4) else 1.5
    J, grad = _cost_and_grad(functions["nnCostFunction"](t.copy(), *SIZES, Xm.copy(), labels.copy(), lambda_))
    return sprintf5(J) if part in (1, 2) else sprintf5(np.concatenate([J, grad]))


def _cost_and_grad(returned):
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        raise TypeError(f"nnCostFunction should return (J, grad), returned {type(returned).__name__}")
    J = np.ravel(np.asarray(returned[0], dtype=float))
    grad = np.ravel(np.asarray(returned[1], dtype=float), order="F")
    if J.size != 1:
        raise TypeError(f"nnCostFunction should return a number J first, got {J.size} values")
    return J, grad


def _compare(expected, obtained):
    """'' if they match, else where they first differ.

    Each value must print the same, or (where summing in another order lands on the
    other side of a rounding boundary) differ by at most one unit in the fifth decimal.
    """
    want, got = expected.split(), obtained.split()
    if len(want) != len(got):
        return f"expected {len(want)} values, got {len(got)}"
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g and not abs(float(w) - float(g)) <= 1.000001e-5:
            return f"value {i + 1} of {len(want)} differs: expected {w}, got {g}"
    return ""


def _zero_based_hint(part, functions):
    """A hint when the cost part passes once the labels are given as 0..K-1."""
    if part == 3:
        return ""
    try:
        if _compare(EXPECTED[part], _graded_output(part, functions, labels=ym - 1)):
            return ""
    except Exception:  # noqa: BLE001 - only a hint: any failure means no hint
        return ""
    return ("hint: your nnCostFunction gives the expected output when the labels are 0..K-1; the "
            "course's labels are 1..K (for the digits, 10 stands for the digit 0): use y - 1 as "
            "the column index inside")


def _row_major_hint(part, obtained):
    """A hint when the gradient matches once read as row-major (C order) unrolled."""
    if part not in (4, 5):
        return ""
    values = np.array(obtained.split(), dtype=float)
    if values.size != 1 + t.size:
        return ""
    J, grad = values[:1], values[1:]
    # Read each matrix's part row by row (C order), as such a file wrote it, then unroll it
    # column-major: if that gives the expected output, the order was the only mistake.
    shapes = [T.shape for T in reshape_params(t, SIZES)]
    parts = np.split(grad, np.cumsum([rows * cols for rows, cols in shapes])[:-1])
    regrouped = np.concatenate([J, unroll_params([part.reshape(shape) for part, shape in zip(parts, shapes)])])
    if not _compare(EXPECTED[part], sprintf5(regrouped)):
        return ("hint: your gradient is unrolled row by row (C order); the course unrolls "
                "column by column, [Theta1_grad(:); Theta2_grad(:)]: use ravel(order='F')")
    return ""


def grade(functions):
    """Grade the five parts; ``functions`` maps names to callables (missing ones are None)."""
    results = []
    for part, (name, points, needs) in PARTS.items():
        result = PartResult(part, name, 0, points, SORRY, EXPECTED[part])
        if functions.get(needs) is None:
            result.detail = f"{needs} is not defined"
        else:
            try:
                result.obtained = _graded_output(part, functions)
            except Exception as exc:  # noqa: BLE001 - a student's error scores 0, the rest goes on
                hint = _zero_based_hint(part, functions)
                result.detail = f"{needs} raised {type(exc).__name__}: {_one_line(exc)}" + (f"; {hint}" if hint else "")
            else:
                difference = _compare(EXPECTED[part], result.obtained)
                if difference:
                    hint = _row_major_hint(part, result.obtained) or _zero_based_hint(part, functions)
                    result.detail = difference + (f"; {hint}" if hint else "")
                else:
                    result.score, result.feedback = points, NICE
        results.append(result)
    return results


def _one_line(exc):
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."


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
    """Expected and obtained output of each part that failed."""
    lines = []
    for r in results:
        if r.score == r.points:
            continue
        lines.append(f"Part {r.part}, {r.name}: {r.detail}")
        lines.append(f"  expected: {r.expected}")
        if r.obtained:
            lines.append(f"  obtained: {r.obtained}")
    return "\n".join(lines)


class GradingError(ValueError):
    """The target cannot be graded at all: missing, not importable."""


def load_target(target):
    """The functions of a file (``*.py``) or an importable module, by name."""
    if target is None:
        import ex4 as module
        label = "this project's ex4"
    elif target.endswith(".py") or "/" in target or Path(target).is_file():
        path = Path(target)
        if not path.is_file():
            raise GradingError(f"{target}: no such file")
        spec = importlib.util.spec_from_file_location(f"_graded_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.resolve().parent))  # so the file's own imports work
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # noqa: BLE001 - any failure to import is the student's to see
            raise GradingError(f"{target}: cannot be imported: {type(exc).__name__}: {_one_line(exc)}") from None
        finally:
            sys.path.remove(str(path.resolve().parent))
        label = str(path)
    else:
        try:
            module = importlib.import_module(target)
        except Exception as exc:  # noqa: BLE001
            raise GradingError(f"{target}: cannot be imported: {type(exc).__name__}: {_one_line(exc)}") from None
        label = target
    functions = {name: getattr(module, name, None) for name in ("nnCostFunction", "sigmoidGradient")}
    functions = {name: f if callable(f) else None for name, f in functions.items()}
    if not any(functions.values()):
        raise GradingError(f"{label} defines neither nnCostFunction nor sigmoidGradient")
    return label, functions


def main(argv=None):
    parser = _cli.ArgumentParser(
        prog="python -m ex4.submit",
        description="Grade Exercise 4 offline with the course's five graded parts, inputs and "
                    "expected outputs. Exit status 0 at 100 / 100, 1 below, 2 if nothing can be graded.")
    parser.add_argument("target", nargs="?", metavar="FILE.py|MODULE",
                        help="the implementation to grade: a file or an importable module that "
                             "defines nnCostFunction and sigmoidGradient (default: this project's ex4)")
    parser.add_argument("--json", metavar="FILE", help="also write the result as JSON to FILE ('-' for stdout)")
    args = parser.parse_args(argv)

    def job():
        label, functions = load_target(args.target)
        results = grade(functions)
        total = sum(r.score for r in results)
        print(f"Grading {label} with the course's test cases for Exercise 4 (Neural Networks Learning).")
        for name, f in functions.items():
            if f is None:
                print(f"Note: {label} does not define {name}.")
        print(format_table(results))
        details = format_details(results)
        if details:
            print(details)
        if args.json:
            report = {"target": label, "total": total, "possible": 100,
                      "parts": [asdict(r) for r in results]}
            text = json.dumps(report, indent=2)
            if args.json == "-":
                print(text)
            else:
                Path(args.json).write_text(text + "\n")
        return 0 if total == 100 else 1

    return _cli.run_reporting_errors("python -m ex4.submit", job)


if __name__ == "__main__":
    sys.exit(main())
