"""`python -m ex4 explain`: its printed claims, checked."""

import subprocess

import numpy as np
import pytest

from conftest import REPO
from ex4 import debugInitializeWeights, nnCostFunction
from ex4.programs.explain import DERIVATIVE_TOLERANCE, SUM_TOLERANCE, explain
from ex4.params import unroll_params
from ex4.install import module_command


@pytest.mark.parametrize("sizes, lambda_, example", [((3, 5, 3), 0.0, 0), ((3, 5, 4, 3), 1.0, 2), ((4, 2, 2), 3.0, 4)])
def test_deltas_are_the_derivatives_of_the_examples_cost(sizes, lambda_, example):
    ex = explain(sizes, 5, lambda_, example)
    assert len(ex.deltas) == len(sizes) - 1
    assert max(ex.delta_differences()) < DERIVATIVE_TOLERANCE
    # delta(L) = h - y, and the example's cost by the course's formula.
    np.testing.assert_allclose(ex.deltas[-1], ex.a[-1] - ex.y_vec)
    h, y = ex.a[-1], ex.y_vec
    assert ex.cost_i == pytest.approx(np.sum(-y * np.log(h) - (1 - y) * np.log(1 - h)), rel=1e-14)


@pytest.mark.parametrize("sizes, lambda_", [((3, 5, 3), 0.0), ((3, 5, 4, 3), 1.0)])
def test_accumulator_is_the_sum_of_per_example_gradients(sizes, lambda_):
    m = 5
    ex = explain(sizes, m, lambda_)
    d_nn, d_num = ex.accumulator_differences()
    assert d_nn < SUM_TOLERANCE and d_num < DERIVATIVE_TOLERANCE
    # Each example's increment is the gradient of that example's cost alone (nnCostFunction
    # on one example, m = 1, no regularization).
    Thetas = [debugInitializeWeights(b, a) for a, b in zip(sizes[:-1], sizes[1:])]
    X = debugInitializeWeights(m, sizes[0] - 1)
    y = 1 + np.mod(np.arange(1, m + 1), sizes[-1])
    p = unroll_params(Thetas)
    previous = np.zeros_like(p)
    for i, Deltas in ex.accumulator_history:
        now = unroll_params(Deltas)
        _, grad_i = nnCostFunction(p, sizes[0], sizes[1:-1], sizes[-1], X[i:i + 1], y[i:i + 1], 0)
        np.testing.assert_allclose(now - previous, grad_i, rtol=1e-12, atol=1e-15)
        previous = now
    if lambda_ == 0:  # the accumulators end as m times the gradient
        np.testing.assert_allclose(previous, m * ex.grad_nnCostFunction, rtol=1e-12, atol=1e-15)


def test_a_step_against_the_gradient_lowers_the_cost_as_predicted():
    ex = explain()
    assert ex.cost_after < ex.cost_before
    # For a small step the first-order prediction alpha |grad|^2 is close (here within 5%).
    assert ex.cost_before - ex.cost_after == pytest.approx(ex.predicted_decrease, rel=0.05)
    # The line passes through the start, and goes down first.
    assert np.min(ex.line_cost) < ex.cost_before


def test_explain_command_prints_every_step_and_every_check_holds(tmp_path):
    proc = subprocess.run([*module_command("ex4"), "explain", "--sizes", "3", "5", "4", "3", "--lambda", "1",
                           "--out", str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr  # the one real process of explain's tests
    for heading in ["== 1. Forward pass", "== 2. Deltas are derivatives", "== 3. The accumulator",
                    "== 4. Why the gradient makes the weights better"]:
        assert heading in proc.stdout
    checks = [line for line in proc.stdout.splitlines() if "(below" in line]
    assert len(checks) == 3 + 2  # one per layer 2..4, then the accumulator's two
    assert all(line.rstrip().endswith("yes)") for line in checks)
    assert proc.stdout.count("after example") == 5
    assert (tmp_path / "explain_step.png").stat().st_size > 1000


def test_explain_rejects_too_few_sizes(command):
    from ex4.programs.explain import main
    status, _, err = command(main, "--sizes", "3", "3")
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "expected at least 3 sizes" in err


def test_explain_refuses_sizes_that_are_not_whole_numbers():
    with pytest.raises(ValueError, match=r"sizes\[1\]: expected a positive whole number, got 2\.5"):
        explain((3, 2.5, 3))


@pytest.mark.slow
def test_two_hidden_layers_train_from_the_command_line(tmp_path):
    # A 400-100-50-10 network, 50 iterations (about 0.8 s of training).
    proc = subprocess.run([*module_command("ex4"), "--hidden", "100", "50",
                           "--out", str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    accuracy = float(proc.stdout.split("Training Set Accuracy:")[1].split()[0])
    assert accuracy > 90
    costs = [float(line.split("Cost:")[1]) for line in proc.stdout.splitlines() if line.startswith("Iteration")]
    assert len(costs) == 50 and costs[-1] < costs[0] / 5


def test_explain_rejects_an_example_outside_1_to_m(command):
    from ex4.programs.explain import main
    status, _, err = command(main, "--example", "9")
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "example: expected 1..5, got 9" in err


def test_the_numbers_docs_backprop_quotes_are_explains():
    doc = (REPO / "docs" / "backprop.md").read_text()
    ex = explain()
    assert f"cost before: {ex.cost_before:.6f}" in doc
    assert f"cost after:  {ex.cost_after:.6f}  (lower by {ex.cost_before - ex.cost_after:.6f})" in doc
    assert f"alpha * |grad|^2 = {ex.predicted_decrease:.6f}" in doc
    assert f"{ex.deltas[-1][0]: .8e}  {ex.numeric_dz[-1][0]: .8e}".strip() in doc


def test_a_wrong_delta_shows_as_wrong_blocks_below_the_output_layer_only():
    # g' of a(l) instead of z(l) changes every δ below the output layer; δ(L) = a(L) - y does not
    # use g', so Theta(L)'s gradient is untouched, whatever the network (the chain rule, §2.3).
    from ex4.programs.explain import explain

    for sizes in ((3, 5, 3), (3, 5, 4, 3)):
        ex = explain(sizes, 5)
        L = len(sizes) - 1
        for label, largest in ex.mistaken_blocks:
            if label.startswith(f"Theta{L}_grad"):
                assert largest < 1e-15, (label, largest)
            else:
                assert largest > 1e-8, (label, largest)
        assert "wrong while Theta%d_grad is right" % L in ex.mistaken_reading and "step 3" in ex.mistaken_reading
