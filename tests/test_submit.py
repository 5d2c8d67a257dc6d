"""The local grader: full marks for this project, exactly the deserved parts for broken code."""

import json
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO
from course_values import GRADED_OUTPUT
from ex4 import submit

# A plain implementation written here, handout style, with switches for classic mistakes.
STUDENT_TEMPLATE = textwrap.dedent('''
    import numpy as np

    MISTAKE = {mistake!r}

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def sigmoidGradient(z):
        z = np.asarray(z, dtype=float)
        if MISTAKE == "sigmoid_gradient":
            return sigmoid(z) * (1 - z)
        return sigmoid(z) * (1 - sigmoid(z))

    def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        if MISTAKE == "raises":
            raise RuntimeError("not written yet")
        n1 = hidden_layer_size * (input_layer_size + 1)
        Theta1 = nn_params[:n1].reshape((hidden_layer_size, input_layer_size + 1), order="F")
        Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order="F")
        m = X.shape[0]
        y = np.asarray(y).ravel().astype(int)
        labels = y if MISTAKE == "zero_based" else y - 1
        Y = np.zeros((m, num_labels))
        for i in range(m):
            if labels[i] < num_labels:
                Y[i, labels[i]] = 1
        a1 = np.hstack([np.ones((m, 1)), X])
        z2 = a1 @ Theta1.T
        a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
        h = sigmoid(a2 @ Theta2.T)
        scale = 1 if MISTAKE == "no_one_over_m" else 1 / m
        J = scale * np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h))
        T1 = Theta1.copy(); T2 = Theta2.copy()
        if MISTAKE != "regularize_bias":
            T1[:, 0] = 0; T2[:, 0] = 0
        J += lambda_ / (2 * m) * (np.sum(T1 ** 2) + np.sum(T2 ** 2))
        d3 = h - Y
        d2 = (d3 @ Theta2)[:, 1:] * sigmoid(z2) * (1 - sigmoid(z2))
        Theta1_grad = d2.T @ a1 / m + lambda_ / m * T1
        Theta2_grad = d3.T @ a2 / m + lambda_ / m * T2
        order = "C" if MISTAKE == "row_major" else "F"
        return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])
''')


def student_file(tmp_path, mistake=None):
    path = tmp_path / f"student_{mistake or 'correct'}.py"
    path.write_text(STUDENT_TEMPLATE.format(mistake=mistake))
    return path


def scores(target):
    _, functions = submit.load_target(str(target))
    return {r.part: r.score for r in submit.grade(functions)}


def test_expected_outputs_are_the_courses():
    assert submit.EXPECTED == GRADED_OUTPUT


def test_this_project_gets_full_marks():
    results = submit.grade(submit.load_target(None)[1])
    assert [r.score for r in results] == [30, 15, 5, 40, 10]
    assert all(r.feedback == "Nice work!" for r in results)


def test_a_correct_student_file_gets_full_marks(tmp_path):
    assert scores(student_file(tmp_path)) == {1: 30, 2: 15, 3: 5, 4: 40, 5: 10}


@pytest.mark.parametrize("mistake, expected", [
    ("regularize_bias", {1: 30, 2: 0, 3: 5, 4: 40, 5: 0}),
    ("row_major", {1: 30, 2: 15, 3: 5, 4: 0, 5: 0}),
    ("zero_based", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}),
    ("sigmoid_gradient", {1: 30, 2: 15, 3: 0, 4: 40, 5: 10}),
    ("no_one_over_m", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}),
    ("raises", {1: 0, 2: 0, 3: 5, 4: 0, 5: 0}),
])
def test_broken_implementations_get_exactly_the_parts_they_deserve(tmp_path, mistake, expected):
    assert scores(student_file(tmp_path, mistake)) == expected


def run_submit(*args):
    return subprocess.run([sys.executable, "-m", "ex4.submit", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_table_text_and_exit_0_at_full_marks():
    proc = run_submit()
    assert proc.returncode == 0
    assert "==                                   Part Name |     Score | Feedback" in proc.stdout
    assert "==   Neural Network Gradient (Backpropagation) |  40 /  40 | Nice work!" in proc.stdout
    assert "==                                             | 100 / 100 | " in proc.stdout


def test_row_major_gradient_gets_a_hint_and_exit_1(tmp_path):
    proc = run_submit(str(student_file(tmp_path, "row_major")))
    assert proc.returncode == 1
    assert "==                        Regularized Gradient |   0 /  10 | Sorry, try again." in proc.stdout
    assert "|  50 / 100 |" in proc.stdout
    assert "unrolled row by row (C order)" in proc.stdout
    assert "expected: 3.08745 -0.01210 -0.12776" in proc.stdout
    assert "obtained: 3.08745 -0.01210 -0.00313" in proc.stdout


def test_a_raising_function_is_shown_in_one_line_and_the_rest_graded(tmp_path):
    proc = run_submit(str(student_file(tmp_path, "raises")))
    assert proc.returncode == 1
    assert "Part 1, Feedforward and Cost Function: nnCostFunction raised RuntimeError: not written yet" in proc.stdout
    assert "==                            Sigmoid Gradient |   5 /   5 | Nice work!" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_json_report(tmp_path):
    out = tmp_path / "grade.json"
    proc = run_submit(str(student_file(tmp_path, "regularize_bias")), "--json", str(out))
    assert proc.returncode == 1
    report = json.loads(out.read_text())
    assert report["total"] == 75 and report["possible"] == 100
    part2 = report["parts"][1]
    assert part2["score"] == 0 and part2["points"] == 15 and part2["expected"] == GRADED_OUTPUT[2]
    assert part2["obtained"] and part2["obtained"] != part2["expected"]


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.py", "missing.py: no such file"),
    (lambda d: (d / "broken.py", (d / "broken.py").write_text("def f(:\n"))[0], "cannot be imported: SyntaxError"),
    (lambda d: (d / "empty.py", (d / "empty.py").write_text("x = 1\n"))[0], "defines neither nnCostFunction nor sigmoidGradient"),
])
def test_files_that_cannot_be_graded_are_one_line_and_exit_2(tmp_path, make, message):
    proc = run_submit(str(make(tmp_path)))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_module_name_can_be_graded():
    proc = run_submit("ex4")
    assert proc.returncode == 0 and "100 / 100" in proc.stdout


def test_a_file_missing_one_function_is_graded_on_the_other(tmp_path):
    path = tmp_path / "only_sigmoid.py"
    path.write_text("import numpy as np\n"
                    "def sigmoidGradient(z):\n    g = 1 / (1 + np.exp(-np.asarray(z)))\n    return g * (1 - g)\n")
    proc = run_submit(str(path))
    assert proc.returncode == 1
    assert "does not define nnCostFunction" in proc.stdout
    assert "|   5 / 100 |" in proc.stdout


def test_zero_based_labels_get_a_hint(tmp_path):
    _, functions = submit.load_target(str(student_file(tmp_path, "zero_based")))
    results = submit.grade(functions)
    for r in results:
        if r.part == 3:
            assert r.score == 5 and "hint" not in r.detail
        else:
            assert r.score == 0 and "the course's labels are 1..K" in r.detail


def test_no_hint_for_an_unrelated_mistake(tmp_path):
    _, functions = submit.load_target(str(student_file(tmp_path, "no_one_over_m")))
    assert all("hint" not in r.detail for r in submit.grade(functions))
