"""The first hint is the first fix (the first-hint issue): what --impl and the grader say first,
for learner files written here with one real mistake each."""


import numpy as np
import pytest

from ex4.grader.grade import grade
from learner_files import run, write_solution


def ex4(*args, cwd):
    return run([*module_command("ex4"), *args, "--no-pause", "--maxiter", "2"], cwd=cwd)


def solution_with(tmp_path, old, new):
    path = write_solution(tmp_path)
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.slow
def test_impl_goes_on_past_a_nan_and_says_where_it_first_appears(tmp_path):
    solution_with(tmp_path, "    h = sigmoid(a2 @ Theta2.T)\n", "    h = a2 @ Theta2.T  # the output sigmoid forgotten\n")
    proc = ex4("--impl", "my_ex4.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Is the output layer's sigmoid there" in proc.stdout
    assert "both gradients are zero" not in proc.stdout
    assert "nn_params: expected finite numbers" not in proc.stderr
    assert "Visualizing Neural Network" in proc.stdout  # it went on to the end, as the course's script does


@pytest.mark.slow
def test_impl_goes_on_past_a_gradient_returned_as_a_list(tmp_path):
    solution_with(tmp_path, "    return J, grad\n", "    return J, [Theta1_grad, Theta2_grad]\n")
    proc = ex4("--impl", "my_ex4.py", cwd=tmp_path)
    assert proc.returncode == 1 and "nnCostFunction" in proc.stderr
    assert "setting an array element with a sequence" not in proc.stderr
    assert "Visualizing Neural Network" in proc.stdout


# -- the grader's first hint, for learner files with one real mistake each ------------------------------

from learner_files import STUDENT_TEMPLATE  # noqa: E402 - the handout-style file the grader tests use
from ex4.install import module_command

CORRECT = STUDENT_TEMPLATE.format(mistake=None)


def graded(tmp_path, old, new, name="mistake.py", text=CORRECT, **kwargs):
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new))
    return grade(str(path), **kwargs)


def first_hint(result, part):
    hints = result.parts[part - 1].hints
    assert hints, result.parts[part - 1].detail
    return hints[0]


def test_the_blank_starter_is_told_it_is_blank_first(tmp_path):
    from learner_files import write_starter

    result = grade(str(write_starter(tmp_path)))
    assert "still the starter's blank" in first_hint(result, 1)
    for part in (2, 4, 5):
        assert "lambda_" not in first_hint(result, part) and "blank" in first_hint(result, part)
    assert "one-hot" not in " ".join(result.parts[0].hints)


def test_part_5_is_read_knowing_part_4_passed(tmp_path):
    only_theta1 = graded(tmp_path, "    Theta2_grad = d3.T @ a2 * scale + lambda_ / m * G2\n",
                         "    Theta2_grad = d3.T @ a2 * scale\n")
    assert [r.score for r in only_theta1.parts][3:] == [40, 0]
    hint = first_hint(only_theta1, 5)
    assert "fix is the regularization term" in hint and "Theta2_grad's term is missing" in hint
    rows = graded(tmp_path, "        G1[:, 0] = 0; G2[:, 0] = 0\n", "        G1[0, :] = 0; G2[0, :] = 0\n",
                  name="rows.py")
    assert "leaves out the first row instead of the first column" in first_hint(rows, 5)
    assert "forward pass" not in " ".join(rows.parts[4].hints)


@pytest.mark.parametrize("old, new, words", [
    ("    h = sigmoid(a2 @ Theta2.T)\n",
     "    e = np.exp(a2 @ Theta2.T)\n    h = e / e.sum(axis=1, keepdims=True)\n", "your output layer is a softmax"),
    ("    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])\n", "    a2 = np.hstack([np.ones((m, 1)), np.tanh(z2)])\n",
     "the activation 0.7163 (tanh(z))"),
    ("    return 1.0 / (1.0 + np.exp(-z))\n", "    return 1.0 / (1.0 + np.exp(z))\n", "the exponent has a minus sign"),
    ("    for i in range(m):\n        if labels[i] < num_labels:\n            Y[i, labels[i]] = 1\n",
     "    Y = np.eye(num_labels)[y % num_labels]\n", "use y - 1 as the column index"),
], ids=["softmax", "tanh", "sigmoid sign", "eye mod K"])
def test_a_forward_pass_slip_is_named_exactly(tmp_path, old, new, words):
    result = graded(tmp_path, old, new)
    assert words in first_hint(result, 1) and words in first_hint(result, 2), result.parts[1].hints
    assert "below what any one-hot" not in " ".join(result.parts[1].hints)


def test_a_loop_that_leaves_out_the_first_example_is_named(tmp_path):
    text = CORRECT.replace("    J = scale * np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h))\n",
                           "    J = 0.0\n    for i in range(1, m):\n"
                           "        J += scale * np.sum(-Y[i] * np.log(h[i]) - (1 - Y[i]) * np.log(1 - h[i]))\n")
    result = graded(tmp_path, "", "", text=text)
    assert "range(1, m)" in first_hint(result, 1)


@pytest.mark.parametrize("old, new, words", [
    ("    return 1.0 / (1.0 + np.exp(-z))\n", "    import math\n    return 1.0 / (1.0 + math.exp(-z))\n", "math module"),
    ("    d2 = (d3 @ Theta2)[:, 1:] * sigmoidGradient(z2)\n",
     "    d2 = np.dot((d3 @ Theta2)[:, 1:], sigmoidGradient(z2))\n", "element by element"),
], ids=["math.exp", "np.dot for *"])
def test_an_error_that_is_not_about_shapes_is_read_as_what_it_is(tmp_path, old, new, words):
    result = graded(tmp_path, old, new)
    hints = " ".join(h for r in result.parts for h in r.hints)
    assert words in hints and "each step should have these shapes" not in hints, hints


def test_another_convention_is_offered_only_where_it_passes(tmp_path):
    from learner_files import student_file

    result = grade(str(student_file(tmp_path, "zero_based")))  # labels 0..K-1, column-major: not the port's
    hints = " ".join(h for r in result.parts for h in r.hints)
    assert "labels are 0..K-1" in hints and "--convention python" not in hints


# -- --impl's readings of the initial weights, and of a slow or chatty cost -----------------------------

@pytest.mark.slow
@pytest.mark.parametrize("body, words", [
    ("    W = np.zeros((L_out, 1 + L_in))\n", "has every weight equal (0)"),
    ("    W = np.random.rand(L_out, 1 + L_in) * 0.12\n", "has no negative weight"),
], ids=["all equal", "never negative"])
def test_initial_weights_are_read_and_the_reading_repeated_beside_a_low_accuracy(tmp_path, body, words):
    from learner_files import RAND_INITIALIZE_WEIGHTS

    solution_with(tmp_path, RAND_INITIALIZE_WEIGHTS[None], body)
    proc = ex4("--impl", "my_ex4.py", cwd=tmp_path)
    notes = [line for line in proc.stdout.splitlines() if words in line]
    assert len(notes) == 2 and "the accuracy is low" in notes[1], proc.stdout[-3000:]


@pytest.mark.slow
def test_a_slow_or_chatty_cost_gets_a_note(tmp_path):
    solution_with(tmp_path, "    a1 = np.hstack([np.ones((m, 1)), X])\n",
                  "    if m > 1000:  # on the digits only, as slow as a loop over the examples\n"
                  "        import time\n        time.sleep(0.5)\n"
                  "        print('x' * 200000)\n    a1 = np.hstack([np.ones((m, 1)), X])\n")
    proc = ex4("--impl", "my_ex4.py", cwd=tmp_path)
    assert "times ex4's on the same inputs" in proc.stdout and "a loop over the examples" in proc.stdout
    assert "printed 0.2 MB" in proc.stdout


# -- what a helper met doing the exercise with mistakes of its own ------------------------------------

@pytest.mark.parametrize("old, new, part, words", [
    ('    Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order=order)\n',
     '    Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1))\n', 1,
     "Theta2 read from nn_params row by row"),
    ("    J = scale * np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h))\n",
     "    J = np.mean(-Y * np.log(h) - (1 - Y) * np.log(1 - h))\n", 1, "1/K times the course's"),
    ("    return sigmoid(z) * (1 - sigmoid(z))\n", "    return sigmoid(z) * 1 - sigmoid(z)\n", 4,
     "your sigmoidGradient is wrong (its own check says so), and backpropagation uses it"),
    ("    Theta2 = nn_params[n1:]", "    Theta2 = nn_params[n1 + 1:]", 1, "Theta2 4x5"),
], ids=["one Theta without order F", "np.mean cost", "sigmoidGradient first", "nn_params split"])
def test_a_helpers_mistakes_get_their_first_fix_first(tmp_path, old, new, part, words):
    result = graded(tmp_path, old, new)
    assert words in first_hint(result, part), result.parts[part - 1].hints


@pytest.mark.slow
@pytest.mark.parametrize("old, new, words", [
    (None, None, "the cost is still the starter's blank"),
    ("    h = sigmoid(a2 @ Theta2.T)\n", "    e = np.exp(a2 @ Theta2.T)\n    h = e / e.sum(axis=1, keepdims=True)\n",
     "your output layer is a softmax"),
], ids=["blank starter", "softmax"])
def test_impl_reads_the_cost_as_the_grader_does(tmp_path, old, new, words):
    from learner_files import write_starter

    if old is None:
        write_starter(tmp_path)
    else:
        solution_with(tmp_path, old, new)
    proc = ex4("--impl", "my_ex4.py", cwd=tmp_path)
    first = [line for line in proc.stdout.splitlines() if line.startswith("Note: ")][0]
    assert words in first and "y must be one-hot" not in proc.stdout, first


def test_a_gradient_that_follows_a_wrong_cost_is_told_to_fix_the_cost_first(tmp_path, capsys):
    from conftest import REPO
    from ex4 import checkNNGradients
    from ex4.inside.load import load_module

    text = (REPO / "tests" / "mistakes" / "correct.py").read_text()
    old = "    Y = np.eye(num_labels)[y.astype(int) - 1]\n"
    assert old in text
    path = tmp_path / "smoothed.py"  # labels smoothed: a consistent cost and gradient, not the course's
    path.write_text(text.replace(old, old + "    Y = 0.9 * Y + 0.1 / num_labels\n"))
    _, module, _ = load_module(str(path))
    checkNNGradients(cost_function=module.nnCostFunction)
    out = capsys.readouterr().out
    assert "your backpropagation matches your own cost (the gradient check passes)" in out


def test_a_gradient_returned_as_a_list_is_read_as_what_was_returned(tmp_path):
    result = graded(tmp_path, "    return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])\n",
                    "    return J, [Theta1_grad, Theta2_grad]\n")
    assert [r.score for r in result.parts] == [30, 15, 5, 0, 0]  # J is read for parts 1-2, as submit.m reads it
    assert "returned grad as a list of 2 matrices" in result.parts[3].detail
    assert "each step should have these shapes" not in " ".join(result.parts[3].hints)


def test_the_gradient_check_reads_the_regularization_alone_when_lambda_0_is_right(capsys):
    from ex4 import checkNNGradients, nnCostFunction

    def only_theta1_regularized(p, i, h, k, X, y, lambda_):  # Theta2_grad lacks its (lambda/m) Theta2
        J, grad = nnCostFunction(p, i, h, k, X, y, lambda_)
        _, unregularized = nnCostFunction(p, i, h, k, X, y, 0)
        n1 = h * (i + 1)
        return J, np.concatenate([grad[:n1], unregularized[n1:]])

    checkNNGradients(3, cost_function=only_theta1_regularized)
    out = capsys.readouterr().out
    assert "so the fix is the regularization term" in out and "Theta2_grad's term is missing" in out


def test_a_function_the_notebook_defines_twice_is_named_before_any_reading(tmp_path):
    # The learner: an old, unregularized nnCostFunction left in a later cell, which Run All keeps.
    import json

    right = CORRECT.replace("MISTAKE = None\n", "").replace("MISTAKE", "None")  # a notebook runs defs alone
    old = right.replace("J += reg * (np.sum(R1 ** 2) + np.sum(R2 ** 2))", "pass").replace(
        "+ lambda_ / m * G1", "").replace("+ lambda_ / m * G2", "")
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
             for source in (right, "# my first try\n" + old[old.index("def nnCostFunction"):])]
    path = tmp_path / "ex4.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    result = grade(str(path))
    assert [p.score for p in result.parts] == [30, 0, 5, 40, 0]
    for part in (2, 5):
        hint = first_hint(result, part)
        assert hint.startswith("nnCostFunction is defined more than once: the last, in code cell 2"), hint
        assert "delete the later one" in hint


def test_an_argument_changed_in_place_is_named_before_any_reading(tmp_path):
    # sigmoidGradient's z overwritten by its own first step: the second sigmoid(z) reads the new values.
    result = graded(tmp_path, "    return sigmoid(z) * (1 - sigmoid(z))\n",
                    "    g = sigmoid(z)\n    z[...] = g\n    return g * (1 - sigmoid(z))\n")
    assert result.parts[2].score == 0
    hint = first_hint(result, 3)
    assert hint.startswith("your sigmoidGradient changes its argument z in place") and "copy" in hint, hint


def test_a_sigmoid_gradient_of_three_dimensions_fails_part_3_alone(tmp_path):
    # np.gradient of a matrix is a list of two: an answer of the learner's, not a write on the grader's channel.
    result = graded(tmp_path, "    return sigmoid(z) * (1 - sigmoid(z))\n", "    return np.gradient(sigmoid(z))\n")
    assert result.error == "" and len(result.parts) == 5, result.error  # graded, part by part
    assert "sigmoidGradient returned an array of shape (2, 3, 10) for z of shape (3, 10)" in result.parts[2].detail


def test_the_graders_words_for_a_nan_cost_are_not_the_gradient_checks(tmp_path):
    result = graded(tmp_path, "    return 1.0 / (1.0 + np.exp(-z))\n", "    return 1.0 / 1.0 + np.exp(-z)\n")
    hint = first_hint(result, 1)
    assert "Is the sigmoid 1 / (1 + np.exp(-z)), with its parentheses?" in hint
    assert "check's network" not in hint and "numerical column" not in hint, hint
