"""The local grader: full marks for this project, exactly the deserved parts for broken code,
a named hint for each usual mistake, and a grader that survives whatever the code does."""

import contextlib
import io
import json
import os
import subprocess

import pytest

from conftest import REPO
from learner_files import STUDENT_TEMPLATE, student_file
from course_values import GRADED_OUTPUT
from ex4.grader.grade import grade
from ex4.grader import hints, parts
from learner_files import run
from ex4.install import module_command

# A plain implementation written here, handout style, with switches for the usual mistakes.
def scores(result):
    return {r.part: r.score for r in result.parts}


def all_hints(result):
    return {r.part: r.hints for r in result.parts if r.hints}


def run_submit(*args, cwd=REPO, real=False):
    """``python -m ex4.submit ARGS`` from ``cwd``: its ``main(argv)`` in this process, as the other
    commands' tests run them, or (``real``) a process of its own, where the process is the subject."""
    if real:
        return run([*module_command("ex4.submit"), *args], cwd=cwd)
    from ex4.submit import main

    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exc:  # argparse's usage errors exit
                status = exc.code
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def test_expected_outputs_are_the_courses():
    assert parts.EXPECTED == GRADED_OUTPUT


def test_the_reference_without_mistakes_prints_the_courses_outputs():
    for part, expected in GRADED_OUTPUT.items():
        assert not parts.compare(expected, hints.reference_output(part)), part


def test_this_project_gets_full_marks():
    result = grade(None)
    assert [r.score for r in result.parts] == [30, 15, 5, 40, 10]
    assert all(r.feedback == "Nice work!" for r in result.parts)


def test_a_correct_student_file_gets_full_marks(tmp_path):
    assert scores(grade(str(student_file(tmp_path)))) == {1: 30, 2: 15, 3: 5, 4: 40, 5: 10}


# Each usual mistake: the parts it deserves, and how the first hint of each failing part begins.
BIAS_IN_COST = "your cost's regularization term is 1.14557 where it should be 0.82072: Theta1 with its bias column, Theta2"
BIAS_IN_GRADIENT = "your gradient is right at lambda = 0, so the fix is the regularization term"
NOT_OVER_M = "your cost is m times the course's: not divided by m"
SIGMOID_GRADIENT_FIRST = "your sigmoidGradient is wrong (its own check says so)"
MISTAKES = [
    ("regularize_bias", {1: 30, 2: 0, 3: 5, 4: 40, 5: 0}, {2: BIAS_IN_COST, 5: BIAS_IN_GRADIENT}),
    ("bias_in_cost", {1: 30, 2: 0, 3: 5, 4: 40, 5: 0}, {2: BIAS_IN_COST, 5: BIAS_IN_COST}),
    ("bias_in_gradient", {1: 30, 2: 15, 3: 5, 4: 40, 5: 0}, {5: BIAS_IN_GRADIENT}),
    ("no_one_over_m", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}, {p: NOT_OVER_M for p in (1, 2, 4, 5)}),
    ("no_one_over_m_in_cost", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}, {p: NOT_OVER_M for p in (1, 2, 4, 5)}),
    ("no_one_over_m_in_gradient", {1: 30, 2: 15, 3: 5, 4: 0, 5: 0},
     {p: "your gradient is m times the course's in every block: not divided by m" for p in (4, 5)}),
    ("lambda_over_m", {1: 30, 2: 0, 3: 5, 4: 40, 5: 0},
     {p: "your cost's regularization term is 1.64144 where it should be 0.82072: lambda/m: its factor is lambda/m"
      for p in (2, 5)}),
    ("sigmoid_times_one_minus_z", {1: 30, 2: 15, 3: 0, 4: 0, 5: 0},
     {3: "your sigmoidGradient computes sigmoid(z) * (1 - z)", 4: SIGMOID_GRADIENT_FIRST,
      5: SIGMOID_GRADIENT_FIRST}),
    ("z_times_one_minus_z", {1: 30, 2: 15, 3: 0, 4: 0, 5: 0},
     {3: "your sigmoidGradient computes z * (1 - z)", 4: SIGMOID_GRADIENT_FIRST, 5: SIGMOID_GRADIENT_FIRST}),
    ("zero_based", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0},
     {p: "your nnCostFunction gives the expected output when the labels are 0..K-1" for p in (1, 2, 4, 5)}),
    ("row_major", {1: 30, 2: 15, 3: 5, 4: 0, 5: 0},
     {p: "your gradient is unrolled row by row (C order)" for p in (4, 5)}),
    ("row_major_params", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0},
     {p: "your nnCostFunction reads and unrolls the parameters row by row" for p in (1, 2, 4, 5)}),
    ("python_port", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0},
     {p: "it passes under the Python notebook port's convention" for p in (1, 2, 4, 5)}),
    ("raises", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}, {}),
]


@pytest.mark.parametrize("mistake, expected, hint", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_usual_mistake_gets_its_parts_and_its_named_hint(tmp_path, mistake, expected, hint):
    result = grade(str(student_file(tmp_path, mistake)))
    assert scores(result) == expected
    found = all_hints(result)
    assert sorted(found) == sorted(hint)
    for part, text in hint.items():
        assert found[part][0].startswith(text), (part, found[part])


def test_the_python_convention_grades_the_notebook_ports_functions(tmp_path):
    port = student_file(tmp_path, "python_port")
    assert grade(str(port), convention="python").total == 100
    course = grade(str(student_file(tmp_path)), convention="python")
    assert course.total == 5  # the course's own convention fails there, and is named
    assert all("grade it without --convention python" in r.hints[0] for r in course.parts if r.part != 3)


def test_table_text_and_exit_0_at_full_marks():
    proc = run_submit(real=True)  # the exit status through the interpreter, as a shell sees it
    assert proc.returncode == 0
    assert "convention: course (labels 1..K" in proc.stdout
    assert "==                                   Part Name |     Score | Feedback" in proc.stdout
    assert "==   Neural Network Gradient (Backpropagation) |  40 /  40 | Nice work!" in proc.stdout
    assert "==                                             | 100 / 100 | " in proc.stdout


def test_a_failing_part_shows_its_hint_expected_and_obtained_and_exit_1(tmp_path):
    proc = run_submit(str(student_file(tmp_path, "row_major")), real=True)
    assert proc.returncode == 1
    assert "==                        Regularized Gradient |   0 /  10 | Sorry, try again." in proc.stdout
    assert "|  50 / 100 |" in proc.stdout
    assert "  hint: your gradient is unrolled row by row (C order)" in proc.stdout
    assert "expected: 3.08745 -0.01210 -0.12776" in proc.stdout
    assert "obtained: 3.08745 -0.01210 -0.00313" in proc.stdout


def test_a_raising_function_is_shown_in_one_line_and_the_rest_graded(tmp_path):
    proc = run_submit(str(student_file(tmp_path, "raises")))
    assert proc.returncode == 1
    assert ("Part 1, Feedforward and Cost Function: nnCostFunction: it raised RuntimeError: not written yet"
            in proc.stdout)
    assert "==                            Sigmoid Gradient |   5 /   5 | Nice work!" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


# What a stranger's code may do, and what the grader must make of it.
EXIT_IN_FUNCTION = "    import sys; sys.exit(3)\n"


def with_line_in_cost(path, line):
    text = path.read_text().replace("    m = X.shape[0]\n", "    m = X.shape[0]\n" + line, 1)
    path.write_text(text)
    return path


@pytest.mark.parametrize("line, reason", [
    ("    import sys; sys.exit(3)\n", "nnCostFunction: it called sys.exit(3)"),
    ("    import sys; sys.exit(0)\n", "nnCostFunction: it called sys.exit(0)"),
    ("    import os; os._exit(4)\n", "nnCostFunction: the process exited with status 4 during part 1"),
    ("    import os; os.abort()\n", "nnCostFunction: the process was killed by SIGABRT during part 1"),
    ("    x = bytearray(64 * 2 ** 30)\n", "nnCostFunction: it ran out of memory (MemoryError; the limit is 2 GiB)"),
], ids=["sys.exit(3)", "sys.exit(0)", "os._exit", "abort", "memory"])
def test_an_exit_or_crash_inside_a_function_costs_only_its_parts(tmp_path, line, reason):
    result = grade(str(with_line_in_cost(student_file(tmp_path), line)))
    assert scores(result) == {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}  # the sigmoid gradient is still graded
    assert result.parts[0].detail.startswith(reason), result.parts[0].detail


@pytest.mark.slow
def test_an_endless_loop_costs_the_file_one_budget_and_sigmoid_gradient_is_graded_first(tmp_path):
    path = with_line_in_cost(student_file(tmp_path), "    while True: pass\n")
    proc = run_submit(str(path), "--timeout", "1")
    assert proc.returncode == 1
    assert "|   5 / 100 |" in proc.stdout  # part 3, asked first, is graded
    assert proc.stdout.count("nnCostFunction: timed out: it used its 1 s of CPU time") == 1
    assert proc.stdout.count("not graded: timed out: it used its 1 s of CPU time on the parts before") == 3


@pytest.mark.parametrize("prelude, message", [
    ("import sys\nsys.exit(0)\n", "cannot be imported: it called sys.exit(0)"),
    ("import sys\nsys.exit(3)\n", "cannot be imported: it called sys.exit(3)"),
    ("import os\nos._exit(0)\n", "cannot be imported: the process exited with status 0 during loading"),
    ("import no_such_module_here\n", "cannot be imported: it imports no_such_module_here, which is not installed"),
    ("def f(:\n", "cannot be imported: SyntaxError"),
], ids=["exit(0)", "exit(3)", "os._exit", "missing module", "syntax"])
def test_a_file_that_cannot_be_imported_is_one_line_and_exit_2(tmp_path, prelude, message):
    path = student_file(tmp_path, prelude=prelude)
    proc = run_submit(str(path))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and f"{path}: {message}" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "100 / 100" not in proc.stdout


@pytest.mark.slow
def test_an_import_that_never_ends_times_out(tmp_path):
    proc = run_submit(str(student_file(tmp_path, prelude="while True:\n    pass\n")), "--timeout", "1")
    assert proc.returncode == 2 and "cannot be imported: timed out: it used its 1 s of CPU time (loading)" in proc.stderr


def test_the_learners_folder_stays_importable_graded_from_elsewhere(tmp_path):
    mine, elsewhere = tmp_path / "mine", tmp_path / "elsewhere"
    mine.mkdir(), elsewhere.mkdir()
    (mine / "helper_for_ex4.py").write_text("def scale(m):\n    return 1 / m\n")
    path = with_line_in_cost(student_file(mine), "    import helper_for_ex4; assert helper_for_ex4.scale(m) == 1 / m\n")
    proc = run_submit(str(path), cwd=elsewhere)
    assert proc.returncode == 0 and "| 100 / 100 |" in proc.stdout, proc.stdout + proc.stderr


def test_a_chdir_in_the_learners_code_does_not_break_grading(tmp_path):
    path = student_file(tmp_path, prelude="import os\nos.chdir(os.path.expanduser('~'))\n")
    with_line_in_cost(path, "    import os; os.chdir('/')\n")
    assert grade(str(path)).total == 100


def test_printing_and_reading_input_do_not_disturb_the_grader(tmp_path):
    path = with_line_in_cost(student_file(tmp_path, prelude="print('hello from import')\n"),
                             "    print('{\"ok\": \"3.08745 \"}')\n    input()\n")
    result = grade(str(path))
    assert scores(result) == {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}  # input() meets an empty standard input
    detail = result.parts[0].detail  # with the learner's own line, as the grader shows every error
    assert detail.startswith("nnCostFunction: it raised EOFError: EOF when reading a line (at student_correct.py, "
                             "line ") and detail.endswith(": input())")


def test_python_source_without_the_py_ending_is_graded_and_other_files_refused(tmp_path):
    source = tmp_path / "submission"
    source.write_text(student_file(tmp_path).read_text())
    assert grade(str(source)).total == 100
    text = tmp_path / "notes.txt"
    text.write_text("These are my notes, not Python.\n")
    proc = run_submit(str(text))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"python -m ex4.submit: error: {text}: not a Python file (it does not parse as Python source)"


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.py", "missing.py: no such file"),
    (lambda d: (d / "empty.py", (d / "empty.py").write_text("x = 1\n"))[0], "defines neither nnCostFunction nor sigmoidGradient"),
])
def test_files_that_cannot_be_graded_are_one_line_and_exit_2(tmp_path, make, message):
    proc = run_submit(str(make(tmp_path)))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_module_name_can_be_graded(tmp_path, monkeypatch):
    student_file(tmp_path).rename(tmp_path / "student_module_for_ex4.py")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    assert grade("student_module_for_ex4").total == 100


def test_a_file_missing_one_function_is_graded_on_the_other(tmp_path):
    path = tmp_path / "only_sigmoid.py"
    path.write_text("import numpy as np\n"
                    "def sigmoidGradient(z):\n    g = 1 / (1 + np.exp(-np.asarray(z)))\n    return g * (1 - g)\n")
    proc = run_submit(str(path))
    assert proc.returncode == 1
    assert "does not define nnCostFunction" in proc.stdout
    assert "|   5 / 100 |" in proc.stdout


def notebook(path, cells):
    """An nbformat 4 notebook of (cell_type, source) pairs."""
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": kind, "metadata": {}, "source": source.splitlines(True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})} for kind, source in cells]}))
    return path


def test_a_notebook_is_graded_on_its_definitions_only(tmp_path):
    # Only imports and definitions are taken: the module-level MISTAKE = ... would not be.
    student = STUDENT_TEMPLATE.format(mistake="python_port").replace("MISTAKE = 'python_port'\n", "")
    student = student.replace("MISTAKE", "'python_port'")
    head, functions = student.split("def sigmoid(z):", 1)
    path = notebook(tmp_path / "port.ipynb", [
        ("markdown", "# Exercise 4\nThe notebook port's conventions: labels 0..9, row-major."),
        ("code", "%matplotlib inline\n!echo this shell line is not run\n" + head),
        ("code", "def sigmoid(z):" + functions),
        ("code", "while True:\n    pass\n"),
        ("code", "raise SystemExit\n"),
        ("code", "%%time\nimport os\nos._exit(1)\n"),  # as IPython: its body is read, the exit is work
        ("code", "%%bash\nexit 1\n"),
        ("code", "import a_module_nobody_has\n"),
        ("code", "J, grad = nnCostFunction(None, 1, 1, 1, None, None, 0)\n"),
    ])
    default = run_submit(str(path), "--timeout", "20")
    assert default.returncode == 1 and "|   5 / 100 |" in default.stdout, default.stdout + default.stderr
    assert "hint: it passes under the Python notebook port's convention" in default.stdout
    assert "cell 5" not in default.stdout
    assert "Note: code cell 6 skipped: a cell magic (%%bash) whose body is not Python" in default.stdout
    assert "Note: code cell 7, line 1 skipped: ModuleNotFoundError" in default.stdout
    python = run_submit(str(path), "--convention", "python", "--timeout", "20")
    assert python.returncode == 0 and "| 100 / 100 |" in python.stdout
    assert "convention: python (labels 0..K-1" in python.stdout


@pytest.mark.slow
def test_a_notebook_error_shows_its_cell_and_line_with_impl(tmp_path):
    path = notebook(tmp_path / "mine.ipynb", [
        ("code", "import numpy as np\n"),
        ("code", "def sigmoidGradient(z):\n    return z.nosuchattribute\n"),
    ])
    proc = run([*module_command("ex4"), "--impl", "mine.ipynb", "--maxiter", "1"], cwd=tmp_path)
    assert proc.returncode == 1
    assert f'File "{path}, code cell 2", line 2, in sigmoidGradient' in proc.stderr
    assert "return z.nosuchattribute" in proc.stderr


def test_json_to_stdout_is_only_json_and_holds_every_file(tmp_path):
    good, bias = student_file(tmp_path), student_file(tmp_path, "regularize_bias")
    proc = run_submit(str(good), str(bias), "--json", "-")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["convention"] == "course"
    assert [(f["target"], f["total"], f["possible"]) for f in report["files"]] == [(str(good), 100, 100), (str(bias), 75, 100)]
    part2 = report["files"][1]["parts"][1]
    assert part2["score"] == 0 and part2["points"] == 15 and part2["expected"] == GRADED_OUTPUT[2]
    assert part2["obtained"] and part2["obtained"] != part2["expected"] and part2["hints"]
    assert "| 100 / 100 |" in proc.stderr and "Summary" in proc.stderr  # the tables went to stderr


def test_many_files_print_each_table_and_a_summary(tmp_path):
    good, broken = student_file(tmp_path), tmp_path / "broken.py"
    broken.write_text("def nnCostFunction(:\n")
    out = tmp_path / "grades.json"
    proc = run_submit(str(good), str(broken), str(student_file(tmp_path, "row_major")), "--json", str(out))
    assert proc.returncode == 2  # one file could not be graded at all
    assert proc.stdout.count("Grading ") == 2
    summary = proc.stdout.split("Summary:\n")[1].splitlines()
    assert summary[0].split() == ["student_correct", "100", "/", "100", "course", f"({good})"]
    assert summary[1].startswith("  broken ") and "cannot be graded" in summary[1]
    assert summary[2].split()[:5] == ["student_row_major", "50", "/", "100", "course"]
    files = json.loads(out.read_text())["files"]
    assert [f["total"] for f in files] == [100, None, 50] and files[1]["error"]  # not graded: no total


@pytest.mark.parametrize("json_arg, message", [
    ("", "--json: expected a file name or '-', got an empty name"),
    ("GRADED", "is a file being graded"),
])
def test_json_refuses_an_empty_name_or_a_graded_file(tmp_path, json_arg, message):
    path = student_file(tmp_path)
    before = path.read_text()
    proc = run_submit(str(path), "--json", str(path) if json_arg == "GRADED" else json_arg)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and message in proc.stderr
    assert path.read_text() == before and proc.stdout == ""
