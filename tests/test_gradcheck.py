import numpy as np
import pytest

from course_values import GRADCHECK_TOLERANCE
from ex4 import checkNNGradients, computeNumericalGradient


@pytest.mark.parametrize("lambda_", [0, 3])
def test_course_check_is_below_tolerance(lambda_):
    assert checkNNGradients(lambda_, verbose=False) < GRADCHECK_TOLERANCE


def test_deeper_network_check_is_below_tolerance():
    assert checkNNGradients(0, hidden_layer_size=(5, 4), verbose=False) < GRADCHECK_TOLERANCE
    assert checkNNGradients(3, hidden_layer_size=(5, 4), verbose=False) < GRADCHECK_TOLERANCE


def test_prints_the_two_columns_and_the_relative_difference(capsys):
    diff = checkNNGradients(0)
    out = capsys.readouterr().out
    lines = out.splitlines()
    # 3-5-3 network: 5*(3+1) + 3*(5+1) = 38 parameters, one line each.
    columns = [line.split() for line in lines[:38]]
    assert all(len(c) == 2 and abs(float(c[0]) - float(c[1])) < 1e-8 for c in columns)
    assert "(Left-Your Numerical Gradient, Right-Analytical Gradient)" in out
    assert f"Relative Difference: {diff:g}" in lines[-1]


def test_numerical_gradient_of_a_known_function():
    # J(theta) = sum(theta^3): dJ/dtheta = 3 theta^2; central differences err by e^2 = 1e-8.
    theta = np.array([1.0, -2.0, 0.5])
    numgrad = computeNumericalGradient(lambda t: (np.sum(t ** 3), None), theta)
    np.testing.assert_allclose(numgrad, 3 * theta ** 2, atol=1e-7)


def test_numerical_gradient_takes_a_plain_cost_function():
    theta = np.array([0.3, 0.7])
    numgrad = computeNumericalGradient(lambda t: float(t @ t), theta, e=1e-3)
    np.testing.assert_allclose(numgrad, 2 * theta, rtol=1e-10)
