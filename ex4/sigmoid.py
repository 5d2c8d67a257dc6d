"""The logistic function and its derivative (ex4.pdf §1.1 and §2.1), written once.

:func:`sigmoid` and :func:`sigmoidGradient` are the course's two functions, their
arguments checked.  Below them are the same two formulas in the forms the rest of ex4
computes with, unchecked and in place: :func:`logistic` and :func:`logistic_derivative`
(predict, the diagnosis), :func:`derivative_from_output` (g' from a = g(z), as
backpropagation's step 3 has it), :func:`logistic_and_softplus_tail` (the output layer:
g and the cost's logarithm from one exponential) and the hidden layers' two
:data:`FORMULATIONS`, one of which :func:`formulation` picks for this processor.

To try another activation, this is the one file to change: the forms below, and
``docs/internals.md`` says what else reads them.  ``ex4/handout.py`` keeps the handout's
own one-line formula (it is the bench's baseline, the code as the handout writes it), and
the sandbox's helpers (``ex4/inside/shims``) keep theirs: they may import nothing of ex4.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from . import checks, cpu
from .checks import InputError


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
    z_arr = checks.numeric("z", z)
    return _scalar_or_array(z, logistic(z_arr))


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
    z_arr = checks.numeric("z", z)
    return _scalar_or_array(z, logistic_derivative(z_arr))


# The forms ex4 computes with: no argument checks, ``out`` where an array may be reused.

def logistic(z, out=None):
    """g(z) = 1 / (1 + e^-z) by scipy's expit: one pass, never overflows (0 and 1 in the tails)."""
    return expit(z, out=out)


def logistic_derivative(z):
    """g'(z) = g(z) g(-z): symmetric in z, and keeps its digits in both tails (g(40)(1 - g(40)) is 0)."""
    return expit(z) * expit(-z)


def derivative_from_output(a, out):
    """g'(z) = a (1 - a) from a = g(z), in ``out`` (backpropagation's step 3, while a is in cache)."""
    np.subtract(1.0, a, out=out)
    out *= a
    return out


def logistic_of_negated(minus_z, out):
    """g(z) = 1 / (1 + e^-z) given -z, in ``out``: numpy's exp and three plain passes.

    Where -z > 709, e^-z is infinite and g(z) = 1 / inf = 0, as expit gives.
    """
    with np.errstate(over="ignore"):
        e = np.exp(minus_z, out=out)
    e += 1.0
    return np.divide(1.0, e, out=out)  # np.divide by a scalar 1 is twice as fast as np.reciprocal


def logistic_and_softplus_tail(z, h, tail, scratch, mask):
    """g(z) into ``h`` and log(1 + e^-|z|) into ``tail``, from one exponential.

    With e = e^-|z|: g(z) = 1 / (1 + e) for z >= 0 and e / (1 + e) for z < 0, each exact
    where the other would lose digits; and log(1 + e) is the tail of
    softplus(w) = log(1 + e^w) = max(w, 0) + log(1 + e^-|w|), which the cross-entropy
    needs for w = ±z (-log g(z) = softplus(-z), -log(1 - g(z)) = softplus(z)) and which
    never takes log(0).  ``scratch`` and ``mask`` are work arrays of z's shape.
    """
    e = np.abs(z, out=scratch)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e^-|z|, in (0, 1]
    one_plus_e = np.add(e, 1.0, out=h)
    # The numerator: e where z < 0, 1 where z >= 0, that is max(e, [z >= 0]) as e <= 1.
    numerator = np.maximum(e, np.greater_equal(z, 0.0, out=mask), out=e)
    np.log(one_plus_e, out=tail)
    return np.divide(numerator, one_plus_e, out=h), tail


@dataclass(frozen=True)
class Formulation:
    """One way to compute the hidden layers' g(z) in place: from z, or from -z."""

    name: str  # as the bench prints it
    takes_negated: bool  # True: ``function(-z, out)``; False: ``function(z, out)``
    function: object

    def __call__(self, w, out):
        return self.function(w, out=out)


# numpy's float64 exp is vectorized only with AVX-512F (about 1 ns an element, 10 without), where
# scipy's expit, one scalar pass, is 1.4x faster than exp and three passes, and 6x slower with.
FORMULATIONS = {
    "exp": Formulation("np.exp", True, logistic_of_negated),
    "expit": Formulation("scipy's expit", False, logistic),
}


def formulation(name=None):
    """The hidden layers' formulation called ``name`` ('exp' or 'expit'); by default the faster
    one on this processor ('exp' where numpy reports AVX-512F, see :mod:`ex4.cpu`)."""
    if name is None:
        name = "exp" if cpu.numpy_vectorizes_exp() else "expit"
    if name not in FORMULATIONS:
        raise InputError(f"hidden_sigmoid: expected one of {', '.join(map(repr, FORMULATIONS))} or None, "
                         f"got {name!r}")
    return FORMULATIONS[name]
