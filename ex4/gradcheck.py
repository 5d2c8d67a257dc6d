"""Gradient checking (ex4.pdf §2.4): backpropagation against central differences."""

import numpy as np

from . import checked_call, checks
from .cost import nnCostFunction
from .diagnosis import diagnose, where_not_finite
from .numgrad import computeNumericalGradient
from .params import course_hidden_size, unroll_params
from .weights import debug_call, debug_problem


def _relative_difference(numgrad, grad):
    """norm(numgrad - grad) / norm(numgrad + grad), the course's measure, without overflow.

    Both are divided by their largest magnitude first (the ratio does not change), so
    that gradients near 1e300 (lambda_ = 1e300) give a number, not inf / inf = NaN.
    Where both are zero it is 0/0, NaN, as in MATLAB: nothing was checked (a blank
    starter's cost and gradient); where only their sum is zero: inf.
    """
    scale = max(np.abs(numgrad).max(initial=0.0), np.abs(grad).max(initial=0.0))
    if scale == 0:
        return float("nan")
    apart = np.linalg.norm(numgrad / scale - grad / scale)
    together = np.linalg.norm(numgrad / scale + grad / scale)
    return float(apart / together) if together else float("inf")


def checkNNGradients(lambda_=0, input_layer_size=3, hidden_layer_size=5, num_labels=3, m=5, *,
                     cost_function=None, verbose=True, sigmoid_gradient_wrong=False):
    """Compare backpropagation with numerical gradients on a small network (ex4.pdf §2.4).

    The course's check: a 3-5-3 network with weights from ``debugInitializeWeights``,
    ``X = debugInitializeWeights(m, input_layer_size - 1)`` and
    ``y = 1 + mod(1:m, num_labels)``.  The sizes can be changed, and
    ``hidden_layer_size`` may be a sequence for a deeper network, e.g. ``(5, 4)``.
    By default it checks this project's ``nnCostFunction``; pass your own as
    ``cost_function`` to check yours.

    Parameters
    ----------
    lambda_ : float, default 0
    input_layer_size, hidden_layer_size, num_labels, m : int
        The network's sizes (``hidden_layer_size`` may be a sequence) and the number
        of examples.
    cost_function : callable, optional
        The function to check, with nnCostFunction's signature and return value:
        ``cost_function(nn_params, input_layer_size, hidden_layer_size, num_labels,
        X, y, lambda_)`` returns ``(J, grad)``.  It is called the course's way:
        ``hidden_layer_size`` an int for one hidden layer, ``y`` a vector of labels
        1..num_labels.  Default: :func:`ex4.nnCostFunction`.
    verbose : bool, default True
        Print the two columns and the relative difference as ex4.m does.
    sigmoid_gradient_wrong : bool, default False
        Whether the sigmoidGradient that ``cost_function`` calls is known to be wrong
        (``python -m ex4 --impl`` knows it from its part): a failing check then says to fix
        that first.

    Returns
    -------
    diff : float
        ``norm(numgrad - grad) / norm(numgrad + grad)``; below 1e-9 for a correct
        backpropagation.  Where both gradients are exactly zero (a blank starter's
        cost function) it is 0/0, NaN, as MATLAB's check gives: nothing was checked,
        and ``diff < 1e-9`` is False.

    Raises
    ------
    TypeError
        If ``cost_function`` is not callable or does not return ``(J, grad)`` with
        one gradient value per parameter.
    """
    lambda_ = checks.regularization("lambda_", lambda_)
    sizes = checks.network_sizes(input_layer_size, hidden_layer_size, num_labels)
    m = checks.layer_size("m", m)
    fun = nnCostFunction if cost_function is None else checked_call.checked_cost_function(cost_function)

    Thetas, X, y = debug_problem(sizes, m)
    nn_params = unroll_params(Thetas)

    def cost_func(p):
        return fun(p, sizes[0], course_hidden_size(sizes), sizes[-1], X, y, lambda_)

    _, grad = cost_func(nn_params)
    numgrad = computeNumericalGradient(cost_func, nn_params)
    diff = _relative_difference(numgrad, grad)

    if verbose:
        for num, ana in zip(numgrad, grad):
            print(f"  {num: .4e}  {ana: .4e}")
        print("The above two columns you get should be very similar.\n"
              "(Left-Your Numerical Gradient, Right-Analytical Gradient)\n")
        print("If your backpropagation implementation is correct, then \n"
              "the relative difference will be small (less than 1e-9). \n"
              f"\nRelative Difference: {diff:g}")
        if cost_function is not None:
            for line in explain_failure(diff, fun, sizes, m, lambda_, numgrad, grad, bool(sigmoid_gradient_wrong)):
                print(line)
            for note in fun.changes:
                print(f"Note: {note}")
    return diff


def _same_cost_as_the_courses(fun, sizes, m, lambda_):
    """Whether ``fun``'s cost on the check's network is the course's (a gradient can match a wrong cost)."""
    Thetas, X, y = debug_problem(sizes, m)
    p = unroll_params(Thetas)
    J = fun(p, sizes[0], course_hidden_size(sizes), sizes[-1], X, y, lambda_)[0]
    J_ref = nnCostFunction(p, sizes[0], course_hidden_size(sizes), sizes[-1], X, y, lambda_)[0]
    return abs(J - J_ref) <= 1e-9 + 1e-7 * abs(J_ref)


def explain_failure(diff, fun, sizes, m, lambda_, numgrad=None, grad=None, sigmoid_gradient_wrong=False):
    """Lines saying why a gradient check did not pass, from the numbers (:mod:`ex4.diagnosis`)."""

    lines = []
    precision = getattr(fun, "precision", "")
    if precision:
        lines.append("Note: " + checked_call.PRECISION_NOTE.format(dtype=precision))
    if numgrad is not None and not (np.isfinite(numgrad).all() and np.isfinite(grad).all()):
        J = fun(*debug_call(sizes, m, lambda_))[0]
        lines.append(where_not_finite(J, grad, numgrad, sizes))
        return lines
    if np.isnan(diff):
        lines.append("(NaN: both gradients are zero, so nothing was checked: is the gradient of nnCostFunction "
                     "still a blank? MATLAB's check gives NaN here too)")
        return lines
    if diff < 1e-9 and _same_cost_as_the_courses(fun, sizes, m, lambda_):
        return lines
    readings = diagnose(fun, sizes, m, lambdas=(0.0, lambda_) if lambda_ > 0 else (0.0,),
                        sigmoid_gradient_wrong=sigmoid_gradient_wrong)
    if readings:
        lines.append("What the numbers say (your cost and gradient against the course's, block by block, and "
                     "against the numerical gradient of your own cost):")
        lines.extend(f"  - {text}" for _, text in readings)
    elif not precision:
        lines.append("Your gradient differs from the numerical one by more than rounding: compare the two columns "
                     "above, Theta1's values first (column-major), then Theta2's.")
    return lines
