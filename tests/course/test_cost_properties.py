"""Seeded property tests over small random networks, and numbers where sigmoid saturates."""

import warnings

import numpy as np
import pytest

import oracle
from ex4 import nnCostFunction, predict, sigmoid, sigmoidGradient
from ex4.params import reshape_params, unroll_params

CASES = 25


def random_case(seed):
    rng = np.random.default_rng(seed)
    depth = rng.integers(1, 4)  # hidden layers
    sizes = (int(rng.integers(1, 6)), *(int(h) for h in rng.integers(1, 6, depth)), int(rng.integers(1, 5)))
    m = int(rng.integers(1, 8))
    n = sum(b * (a + 1) for a, b in zip(sizes[:-1], sizes[1:]))
    p = rng.normal(0, 1, n)
    X = rng.normal(0, 1.5, (m, sizes[0]))
    y = rng.integers(1, sizes[-1] + 1, m)
    lambda_ = float(rng.choice([0.0, 0.1, 1.0, 5.0]))
    hidden = sizes[1] if depth == 1 else sizes[1:-1]
    return sizes, hidden, p, X, y, lambda_


@pytest.mark.parametrize("seed", range(CASES))
def test_gradient_matches_central_differences(seed):
    sizes, hidden, p, X, y, lambda_ = random_case(seed)
    J, grad = nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, lambda_)
    numeric = oracle.central_differences(
        lambda q: nnCostFunction(q, sizes[0], hidden, sizes[-1], X, y, lambda_)[0], p)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", range(CASES))
def test_cost_is_non_negative_and_grows_with_lambda(seed):
    sizes, hidden, p, X, y, _ = random_case(seed)
    costs = [nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, lam)[0] for lam in (0, 0.5, 1, 3, 10)]
    assert costs[0] >= 0
    assert all(b >= a for a, b in zip(costs, costs[1:]))


@pytest.mark.parametrize("seed", range(CASES))
def test_bias_column_gradient_does_not_depend_on_lambda(seed):
    sizes, hidden, p, X, y, _ = random_case(seed)
    g0 = reshape_params(nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, 0)[1], sizes)
    g5 = reshape_params(nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, 5)[1], sizes)
    Thetas = reshape_params(p, sizes)
    m = X.shape[0]
    for a, b, Theta in zip(g0, g5, Thetas):
        np.testing.assert_array_equal(a[:, 0], b[:, 0])
        np.testing.assert_allclose(b[:, 1:] - a[:, 1:], 5 / m * Theta[:, 1:], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("seed", range(CASES))
def test_unroll_then_reshape_is_the_identity(seed):
    sizes, _, p, _, _, _ = random_case(seed)
    np.testing.assert_array_equal(unroll_params(reshape_params(p, sizes)), p)


@pytest.mark.parametrize("seed", range(CASES))
def test_predict_is_one_plus_the_argmax_of_the_oracles_output(seed):
    sizes, _, p, X, _, _ = random_case(seed)
    Thetas = oracle.unpack(p, sizes)
    h = X
    for Theta in Thetas:  # the oracle's forward pass, row by row
        h = np.array([oracle.g(Theta @ np.concatenate([[1.0], row])) for row in h])
    labels = predict(*reshape_params(p, sizes)[:2], X, *reshape_params(p, sizes)[2:])
    np.testing.assert_array_equal(labels, np.argmax(h, axis=1) + 1)


@pytest.mark.parametrize("seed", range(10))
def test_agrees_with_the_courses_formula_where_it_is_finite(seed):
    sizes, hidden, p, X, y, lambda_ = random_case(seed)
    J, _ = nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, lambda_)
    assert J == pytest.approx(oracle.cost(p, sizes, X, y, lambda_), rel=1e-12)


def saturated_case():
    rng = np.random.default_rng(42)
    sizes = (4, 6, 3)
    p = rng.normal(0, 1, 6 * 5 + 3 * 7) * 100  # parameters scaled up 100x
    X = rng.normal(0, 1, (8, 4)) * 1e3  # inputs of 1e3
    y = rng.integers(1, 4, 8)
    return sizes, p, X, y


def test_cost_and_gradient_stay_finite_where_sigmoid_saturates():
    sizes, p, X, y = saturated_case()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J, grad = nnCostFunction(p, *sizes, X, y, 1.0)
    assert np.isfinite(J) and J > 100  # confidently wrong outputs cost a lot, but a finite lot
    assert np.all(np.isfinite(grad))
    # The course's formula takes log(0) here: the cost it would print is infinite.
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        assert not np.isfinite(oracle.cost(p, sizes, X, y, 1.0))


def test_saturated_cost_is_accurate():
    # Each term is softplus(w) = log(1 + e^w); for a saturated network it is |w| for the
    # wrong-side terms and ~0 for the others, which a sum of max(w, 0) gives directly.
    sizes, p, X, y = saturated_case()
    Theta1, Theta2 = reshape_params(p, sizes)
    with np.errstate(over="ignore"):
        a2 = 1 / (1 + np.exp(-(X @ Theta1[:, 1:].T + Theta1[:, 0])))
    z3 = a2 @ Theta2[:, 1:].T + Theta2[:, 0]
    Y = np.eye(3)[y - 1]
    w = np.where(Y == 1, -z3, z3)
    expected = np.sum(np.logaddexp(0, w)) / 8 + 1.0 / 16 * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))
    J, _ = nnCostFunction(p, *sizes, X, y, 1.0)
    assert J == pytest.approx(expected, rel=1e-12)


def test_sigmoid_and_gradient_warn_for_no_finite_input():
    z = np.array([-np.finfo(float).max, -1e5, -710.0, -50.0, 0.0, 50.0, 710.0, 1e5, np.finfo(float).max])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g, gp = sigmoid(z), sigmoidGradient(z)
    assert np.all((g >= 0) & (g <= 1)) and np.all((gp >= 0) & (gp <= 0.25))
