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


def oracle_cost_function(order="F"):
    """nnCostFunction's signature around the handout's per-example loop (tests/oracle.py).

    ``order="C"`` returns the gradient unrolled row by row, the classic mistake.
    """
    import oracle

    calls = []

    def cost_function(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        calls.append(hidden_layer_size)
        sizes = (input_layer_size, hidden_layer_size, num_labels)
        J = oracle.cost(nn_params, sizes, X, y, lambda_)
        grad = oracle.backprop(nn_params, sizes, X, y, lambda_)
        if order == "C":
            Theta_grads = oracle.unpack(grad, sizes)
            grad = np.concatenate([T.ravel(order="C") for T in Theta_grads])
        nn_params[:] = 0  # changing an argument in place must not reach the next call
        X[:] = 0
        return J, grad

    cost_function.calls = calls
    return cost_function


@pytest.mark.parametrize("lambda_", [0, 3])
def test_checks_a_learners_cost_function(lambda_, capsys):
    mine = oracle_cost_function()
    assert checkNNGradients(lambda_, cost_function=mine) < GRADCHECK_TOLERANCE
    # Called the course's way: an int hidden size, once for backprop and twice per parameter
    # (and once more for its cost alone, compared with the course's: a gradient can match a wrong cost)
    assert mine.calls == [5] * (2 + 2 * 38)
    assert "Relative Difference: " in capsys.readouterr().out


def test_a_row_major_gradient_fails_the_check():
    assert checkNNGradients(0, cost_function=oracle_cost_function("C"), verbose=False) > 1e-4


def test_a_cost_function_returning_the_wrong_thing_is_named():
    with pytest.raises(TypeError, match=r"cost_function: expected a function with nnCostFunction's signature"):
        checkNNGradients(cost_function=5)

    def only_J(nn_params, *args):
        return 0.0

    with pytest.raises(TypeError, match=r"only_J: expected it to return \(J, grad\)"):
        checkNNGradients(cost_function=only_J)

    def short_grad(nn_params, *args):
        return 0.0, nn_params[:-1]

    with pytest.raises(TypeError, match=r"short_grad: expected grad to be a vector of 38 values"):
        checkNNGradients(cost_function=short_grad)


def test_a_blank_cost_function_checks_nothing_and_says_so(capsys):
    # Both gradients zero: norm(0) / norm(0) is 0/0, NaN in MATLAB; the check must not pass.
    def blank(nn_params, *args):
        return 0, np.zeros(nn_params.shape)

    diff = checkNNGradients(cost_function=blank)
    assert np.isnan(diff) and not diff < 1e-9
    out = capsys.readouterr().out
    assert "Relative Difference: nan" in out and "both gradients are zero, so nothing was checked" in out


def test_the_gradient_check_with_a_huge_lambda_is_a_number():
    # A quadratic regularization dominates; central differences are exact for it.
    assert checkNNGradients(1e300, verbose=False) < 1e-9
