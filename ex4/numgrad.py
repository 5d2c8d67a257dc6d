"""computeNumericalGradient (ex4.pdf §2.4), in a file of its own as computeNumericalGradient.m is:
the gradient check and the readings of a learner's numbers both stand on it."""

import numpy as np

from . import checks
from .checks import InputError, InputTypeError


def computeNumericalGradient(J, theta, e=1e-4):
    """The gradient of ``J`` at ``theta`` by central differences, one parameter at a time.

    Parameters
    ----------
    J : callable
        ``J(theta)`` returns the cost, or a tuple whose first item is the cost
        (as ``nnCostFunction`` returns ``(J, grad)``).
    theta : ndarray, shape (n,)
    e : float, default 1e-4
        The step.

    Returns
    -------
    numgrad : ndarray, shape (n,)
        ``numgrad[p] = (J(theta + e u_p) - J(theta - e u_p)) / (2e)``, with u_p the
        p-th unit vector.

    Raises
    ------
    TypeError
        If ``J`` is not callable or does not return a number.
    ValueError
        If ``theta`` is not a finite vector or ``e`` is not a positive number.

    Notes
    -----
    The error of a central difference is O(e²): with e = 1e-4 and well-behaved J
    it agrees with the true gradient to about 1e-9 relative, far closer than a
    one-sided difference (O(e)) would.
    """
    if not callable(J):
        raise InputTypeError(f"J: expected a function of theta, got {J!r}")
    theta = checks.as_float_array("theta", theta)
    if theta.ndim != 1:
        raise InputError(f"theta: expected a 1-D vector of parameters, got shape {theta.shape}")
    checks.finite("theta", theta)
    e = checks.positive_number("e", e)

    numgrad = np.zeros_like(theta)
    perturb = np.zeros_like(theta)
    for p in range(theta.size):
        perturb[p] = e
        loss1 = _cost_of(J, theta - perturb)
        loss2 = _cost_of(J, theta + perturb)
        numgrad[p] = (loss2 - loss1) / (2 * e)
        perturb[p] = 0
    return numgrad


def _cost_of(J, theta):
    value = J(theta)
    if isinstance(value, tuple):
        value = value[0]
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InputTypeError(
            f"J: expected J(theta) to return a number or (cost, grad), got {value!r}"
        ) from None
