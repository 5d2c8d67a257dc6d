"""nnCostFunction where the numbers are extreme: finite values wherever the math is finite, and a
call re-entered in the same thread (a signal handler, a debugger) leaves the interrupted one intact."""

import sys

import numpy as np
import pytest

from ex4 import debugInitializeWeights, nnCostFunction
from ex4.params import reshape_params, unroll_params

P = unroll_params([debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])  # 3-5-3
X = debugInitializeWeights(5, 2)
Y = np.array([2, 3, 1, 2, 3])


def independent_cost(p, X, y, lambda_):
    """J for the 3-5-3 network, written here with numpy's logaddexp (stable in both tails)."""
    T1 = p[:20].reshape((5, 4), order="F")
    T2 = p[20:].reshape((3, 6), order="F")
    a2 = 0.5 * (1 + np.tanh(0.5 * (np.c_[np.ones(len(X)), X] @ T1.T)))  # sigmoid, another way
    z3 = np.c_[np.ones(len(X)), a2] @ T2.T
    Yh = np.eye(3)[np.asarray(y) - 1]
    J = np.sum(Yh * np.logaddexp(0, -z3) + (1 - Yh) * np.logaddexp(0, z3)) / len(X)
    if lambda_ == 0:
        return J
    return J + lambda_ / (2 * len(X)) * (np.sum(T1[:, 1:] ** 2) + np.sum(T2[:, 1:] ** 2))


def test_lambda_0_with_huge_weights_gives_the_finite_cost():
    J, grad = nnCostFunction(P * 1e155, 3, 5, 3, X, Y, 0)
    assert J == pytest.approx(independent_cost(P * 1e155, X, Y, 0), rel=1e-12)
    assert np.isfinite(grad).all() and np.abs(grad).max() <= 1.0  # |delta| <= 1, a in [0, 1]


def test_a_huge_lambda_with_small_weights_gives_the_finite_cost():
    # One weight of 2: lambda_ * 2 overflows, but lambda_/m * 2 and lambda_/(2m) * sum(theta^2) do not.
    p = P.copy()
    p[30] = 2.0  # Theta2[1, 3], not a bias weight
    J, grad = nnCostFunction(p, 3, 5, 3, X, Y, 1e308)
    T1, T2 = reshape_params(p, (3, 5, 3))
    assert J == pytest.approx(independent_cost(p, X, Y, 0) + 1e308 / 10 * (
        np.sum(T1[:, 1:] ** 2) + np.sum(T2[:, 1:] ** 2)), rel=1e-12)
    assert np.isfinite(grad).all() and grad[30] == pytest.approx(1e308 / 5 * 2.0, rel=1e-12)


def test_a_call_reentered_in_the_same_thread_leaves_the_interrupted_one_intact():
    # A tracer stands in for a signal handler (or a debugger) that evaluates another network
    # of the same shapes in the middle of a call; the interrupted call must not notice.
    m = 50
    Xm = np.sin(np.arange(m * 3)).reshape(m, 3)
    ym = 1 + np.arange(m) % 3
    other = P[::-1].copy()
    expected = nnCostFunction(P, 3, 5, 3, Xm, ym, 1.0)
    reentered = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == "_cross_entropy_and_delta" and event == "call" and not reentered:
            reentered.append(nnCostFunction(other, 3, 5, 3, Xm, ym, 1.0))
        return None

    sys.settrace(tracer)
    try:
        J, grad = nnCostFunction(P, 3, 5, 3, Xm, ym, 1.0)
    finally:
        sys.settrace(None)
    assert reentered, "the tracer did not re-enter"
    assert J == expected[0] and np.array_equal(grad, expected[1])
    assert reentered[0][0] == nnCostFunction(other, 3, 5, 3, Xm, ym, 1.0)[0]
