"""The logistic function and its derivative (ex4.pdf §1.1 and §2.1)."""

import numpy as np
from scipy.special import expit

from . import _checks


def _scalar_or_array(z, out):
    """A Python float for a scalar argument, an array otherwise."""
    return out.item() if np.ndim(z) == 0 and not isinstance(z, np.ndarray) else out


def sigmoid(z):
    """The sigmoid function g(z) = 1 / (1 + e^(-z)), element-wise (ex4.pdf §1.1).

    Parameters
    ----------
    z : float or array_like

    Returns
    -------
    g : float or ndarray, same shape as ``z``
        Values in [0, 1].

    Raises
    ------
    TypeError
        If ``z`` is not numeric.
    ValueError
        If ``z`` holds NaN.

    Notes
    -----
    Computed with :func:`scipy.special.expit`, which never overflows: the course's
    ``1 ./ (1 + exp(-z))`` warns for z < -709, where ``exp(-z)`` is infinite.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    """
    z_arr = _checks.numeric("z", z)
    return _scalar_or_array(z, expit(z_arr))


def sigmoidGradient(z):
    """The derivative of the sigmoid, g'(z) = g(z)(1 - g(z)), element-wise (ex4.pdf §2.1).

    Parameters
    ----------
    z : float or array_like

    Returns
    -------
    g_prime : float or ndarray, same shape as ``z``
        Values in [0, 0.25]; exactly 0.25 at z = 0.

    Raises
    ------
    TypeError
        If ``z`` is not numeric.
    ValueError
        If ``z`` holds NaN.

    Notes
    -----
    d/dz 1/(1 + e^(-z)) = e^(-z) / (1 + e^(-z))^2 = σ(z)(1 − σ(z)) = σ(z)σ(−z).

    Computed as σ(z)σ(−z), which is symmetric in z and keeps its digits in both
    tails: σ(40)(1 − σ(40)) would be 1.0 × 0.0 = 0, where the value is 4.25e-18.

    Examples
    --------
    >>> sigmoidGradient(0.0)
    0.25
    """
    z_arr = _checks.numeric("z", z)
    return _scalar_or_array(z, expit(z_arr) * expit(-z_arr))
