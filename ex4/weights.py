"""Initial weights: random ones to break symmetry (§2.2), fixed ones for debugging."""

import numpy as np

from . import checks, memory
from .checks import InputError, InputTypeError
from .params import course_hidden_size, unroll_params


def randInitializeWeights(L_in, L_out, epsilon_init=0.12, rng=None):
    """Random weights for a layer with ``L_in`` inputs and ``L_out`` outputs (ex4.pdf §2.2).

    Parameters
    ----------
    L_in, L_out : int
        Units in the layer before and after, not counting the bias unit.
    epsilon_init : float, default 0.12
        Half-width of the interval. The handout suggests
        sqrt(6) / sqrt(L_in + L_out), which is 0.12 for 400 and 25 units.
    rng : None, int or numpy.random.Generator
        A seed or a generator, so that a run can be repeated exactly; ``None``
        draws fresh entropy.

    Returns
    -------
    W : ndarray, shape (L_out, 1 + L_in)
        Uniform on [-epsilon_init, epsilon_init]; column 0 holds the bias weights.

    Raises
    ------
    TypeError, ValueError
        For sizes that are not positive whole numbers, a non-positive
        ``epsilon_init`` or an ``rng`` that is neither a seed nor a Generator.

    Notes
    -----
    If every weight started equal, every hidden unit would compute the same
    function and receive the same gradient, and they would stay equal forever.
    """
    L_in = checks.layer_size("L_in", L_in)
    L_out = checks.layer_size("L_out", L_out)
    epsilon_init = checks.positive_number("epsilon_init", epsilon_init)
    memory.fits_in_memory("L_out" if L_out >= L_in else "L_in", (L_in, L_out), 16 * L_out * (1 + L_in))
    rng = make_rng(rng)
    # epsilon_init * (2u - 1) rather than 2 epsilon_init u - epsilon_init: the same interval,
    # and finite for every finite epsilon_init (2 * 1e308 would overflow).
    return epsilon_init * (2 * rng.random((L_out, 1 + L_in)) - 1)


def debugInitializeWeights(fan_out, fan_in):
    """The course's fixed weights for debugging: sin(1..numel) / 10, column-major.

    Parameters
    ----------
    fan_out, fan_in : int
        Units in the layer after and before, not counting the bias unit
        (``fan_in`` may be 0, as when the course makes a one-column X with it).

    Returns
    -------
    W : ndarray, shape (fan_out, 1 + fan_in)
        ``reshape(sin(1:numel(W)), size(W)) / 10`` as in MATLAB, so the values run
        down the columns.

    Examples
    --------
    >>> debugInitializeWeights(2, 1).round(4)
    array([[ 0.0841,  0.0141],
           [ 0.0909, -0.0757]])
    """
    fan_out = checks.layer_size("fan_out", fan_out)
    fan_in = checks.layer_size("fan_in", fan_in, minimum=0)
    count = fan_out * (1 + fan_in)
    memory.fits_in_memory("fan_out" if fan_out >= fan_in else "fan_in", (fan_in, fan_out), 16 * count)
    return np.sin(np.arange(1, count + 1)).reshape((fan_out, 1 + fan_in), order="F") / 10


def make_rng(rng):
    """A numpy Generator from ``None``, a seed, or a Generator (returned as is)."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise InputError(f"rng: expected a seed >= 0, got {rng}")
        return np.random.default_rng(rng)
    raise InputTypeError(f"rng: expected None, a whole-number seed or a numpy Generator, got {rng!r}")


def debug_call(sizes, m, lambda_):
    """The arguments of checkNNGradients' call of nnCostFunction for these sizes, m and lambda_."""
    Thetas, X, y = debug_problem(sizes, m)
    return unroll_params(Thetas), sizes[0], course_hidden_size(sizes), sizes[-1], X, y, lambda_


def debug_problem(sizes, m):
    """checkNNGradients' small problem: debug weights for ``sizes``, m examples X and labels y.

    The course reuses debugInitializeWeights to make "random" but repeatable X, and
    takes y = 1 + mod(1:m, num_labels).
    """
    Thetas = [debugInitializeWeights(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    X = debugInitializeWeights(m, sizes[0] - 1)
    y = 1 + np.mod(np.arange(1, m + 1), sizes[-1])
    return Thetas, X, y
