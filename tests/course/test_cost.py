"""nnCostFunction against the course's graded outputs, a hand-worked network and the oracle."""

import numpy as np
import pytest
import scipy.optimize

import oracle
from course_values import (GRADED_OUTPUT, GRADED_SIZES, GRADED_t, GRADED_Xm, GRADED_ym,
                           sprintf5)
from ex4 import debugInitializeWeights, nnCostFunction
from ex4.params import unroll_params


def graded(lambda_):
    return nnCostFunction(GRADED_t, *GRADED_SIZES, GRADED_Xm, GRADED_ym, lambda_)


def test_graded_part_1_feedforward_cost():
    J, _ = graded(0)
    assert sprintf5(J) == GRADED_OUTPUT[1]


def test_graded_part_2_regularized_cost():
    J, _ = graded(1.5)
    assert sprintf5(J) == GRADED_OUTPUT[2]


def test_graded_part_4_backpropagation():
    J, grad = graded(0)
    assert sprintf5(np.concatenate([[J], grad])) == GRADED_OUTPUT[4]


def test_graded_part_5_regularized_gradient():
    J, grad = graded(1.5)
    assert sprintf5(np.concatenate([[J], grad])) == GRADED_OUTPUT[5]


# A 1-1-2 network worked out by hand.  Theta1 = [0 1], Theta2 = [0 2; 0 -2], x = 0, y = 1:
# z2 = 0, a2 = 1/2; z3 = [1, -1]; h = [s, 1 - s] with s = sigmoid(1) = 1/(1 + e^-1).
# J = -log(s) - log(1 - (1 - s)) = -2 log(s) = 2 log(1 + e^-1).
# delta3 = h - [1, 0] = [-(1 - s), 1 - s] = [-r, r] with r = 1/(1 + e) = sigmoid(-1).
# Theta2_grad = delta3 [1 a2] = [-r -r/2; r r/2].
# delta2 = (2 (-r) + (-2) r) g'(0) = -4r / 4 = -r; Theta1_grad = delta2 [1 x] = [-r 0].
HAND_THETA1 = np.array([[0.0, 1.0]])
HAND_THETA2 = np.array([[0.0, 2.0], [0.0, -2.0]])
R = 1 / (1 + np.e)


def test_hand_worked_network_without_regularization():
    p = unroll_params([HAND_THETA1, HAND_THETA2])
    J, grad = nnCostFunction(p, 1, 1, 2, np.array([[0.0]]), np.array([1]), 0)
    assert J == pytest.approx(2 * np.log(1 + np.exp(-1)), rel=1e-14)
    # Column-major: Theta1(:) = [-r, 0]; Theta2(:) = [-r, r, -r/2, r/2].
    np.testing.assert_allclose(grad, [-R, 0, -R, R, -R / 2, R / 2], rtol=1e-14, atol=1e-16)


def test_hand_worked_network_with_regularization():
    p = unroll_params([HAND_THETA1, HAND_THETA2])
    J, grad = nnCostFunction(p, 1, 1, 2, np.array([[0.0]]), np.array([1]), 1.0)
    # lambda/(2m) (1^2 + 2^2 + (-2)^2) = 4.5; the gradient gains lambda/m Theta off the bias column.
    assert J == pytest.approx(2 * np.log(1 + np.exp(-1)) + 4.5, rel=1e-14)
    np.testing.assert_allclose(grad, [-R, 1, -R, R, 2 - R / 2, -2 + R / 2], rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("sizes, m, lambda_, seed", [
    ((3, 5, 3), 5, 0.0, 0),
    ((4, 2, 6), 9, 1.0, 1),
    ((7, 6, 2), 3, 3.0, 2),
    ((1, 1, 1), 2, 0.5, 3),
    ((5, 4, 3, 2), 6, 0.7, 4),
    ((2, 3, 3, 3, 4), 8, 2.0, 5),
])
def test_agrees_with_the_handouts_per_example_loop(sizes, m, lambda_, seed):
    rng = np.random.default_rng(seed)
    n = sum(b * (a + 1) for a, b in zip(sizes[:-1], sizes[1:]))
    p = rng.uniform(-1, 1, n)
    X = rng.uniform(-2, 2, (m, sizes[0]))
    y = rng.integers(1, sizes[-1] + 1, m)
    hidden = sizes[1] if len(sizes) == 3 else sizes[1:-1]
    J, grad = nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, lambda_)
    assert J == pytest.approx(oracle.cost(p, sizes, X, y, lambda_), rel=1e-12)
    np.testing.assert_allclose(grad, oracle.backprop(p, sizes, X, y, lambda_), rtol=1e-10, atol=1e-13)
    numeric = oracle.central_differences(lambda q: oracle.cost(q, sizes, X, y, lambda_), p)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_y_as_column_and_as_vector_give_the_same():
    X = debugInitializeWeights(5, 2)
    p = unroll_params([debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])
    y = np.array([2, 3, 1, 2, 3])
    J1, g1 = nnCostFunction(p, 3, 5, 3, X, y, 1)
    J2, g2 = nnCostFunction(p, 3, 5, 3, X, y.reshape(-1, 1).astype(float), 1)
    assert J1 == J2
    np.testing.assert_array_equal(g1, g2)


def test_grad_is_a_fresh_array_on_every_call():
    p = GRADED_t.copy()
    _, g1 = graded(0)
    g1_copy = g1.copy()
    _, g2 = nnCostFunction(p * 2, *GRADED_SIZES, GRADED_Xm, GRADED_ym, 0)
    assert g1 is not g2 and not np.shares_memory(g1, g2) and not np.shares_memory(g2, p)
    np.testing.assert_array_equal(g1, g1_copy)


def test_inputs_are_not_changed():
    p, X, y = GRADED_t.copy(), GRADED_Xm.copy(), GRADED_ym.copy()
    nnCostFunction(p, *GRADED_SIZES, X, y, 1.5)
    np.testing.assert_array_equal(p, GRADED_t)
    np.testing.assert_array_equal(X, GRADED_Xm)
    np.testing.assert_array_equal(y, GRADED_ym)


def test_plugs_into_scipy_minimize():
    result = scipy.optimize.minimize(nnCostFunction, GRADED_t, args=(*GRADED_SIZES, GRADED_Xm, GRADED_ym, 0.1),
                                     jac=True, method="L-BFGS-B", options={"maxiter": 30})
    J0, _ = graded(0.1)
    assert result.fun < J0 - 0.5


def test_one_int_and_a_one_element_sequence_give_identical_results():
    a = nnCostFunction(GRADED_t, 2, 4, 4, GRADED_Xm, GRADED_ym, 1.5)
    b = nnCostFunction(GRADED_t, 2, (4,), 4, GRADED_Xm, GRADED_ym, 1.5)
    assert a[0] == b[0]
    np.testing.assert_array_equal(a[1], b[1])


def test_the_course_weights_on_the_rebuilt_digits_cost_what_was_recorded(digits, course_weights):
    from course_values import REBUILT_COST_LAMBDA0, REBUILT_COST_LAMBDA1
    X, y = digits
    p = unroll_params(course_weights)
    assert f"{nnCostFunction(p, 400, 25, 10, X, y, 0)[0]:f}" == f"{REBUILT_COST_LAMBDA0:f}"
    assert f"{nnCostFunction(p, 400, 25, 10, X, y, 1)[0]:f}" == f"{REBUILT_COST_LAMBDA1:f}"
