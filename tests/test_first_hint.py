"""The first hint is the first fix (the first-hint issue): what --impl and the grader say first,
for learner files written here with one real mistake each."""

import sys

import pytest

from ex4.grader.grade import grade
from learner_files import run, write_solution


def ex4(*args, cwd):
    return run([sys.executable, "-m", "ex4", *args, "--no-pause", "--maxiter", "2"], cwd=cwd)


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
