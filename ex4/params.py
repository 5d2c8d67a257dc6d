"""Unrolling the weight matrices into one vector, and back: MATLAB's ``Theta(:)``.

The course passes all the weights to the optimizer as one column,
``nn_params = [Theta1(:); Theta2(:)]``.  MATLAB's ``(:)`` reads a matrix column by
column (column-major, Fortran order), so here that is ``order="F"``.  Parameter vectors
are unrolled and reshaped only through these functions.  Elsewhere ``order="F"`` stands
for the same MATLAB habit applied to other things: images (``img(:)``, in displayData and
the data rebuild), the course's test inputs (``reshape(sin(1:30), 3, 10)``, in the grader)
and ``sprintf`` reading a matrix column by column.
"""

import numpy as np

from . import checks
from .checks import InputError, InputTypeError


def course_hidden_size(sizes):
    """The ``hidden_layer_size`` argument for these layer sizes, the course's way.

    One hidden layer is passed as an int, as ex4.m passes it, so that a learner's
    ``nnCostFunction`` can slice with it; deeper networks pass a tuple.
    """
    hidden = tuple(sizes[1:-1])
    return hidden[0] if len(hidden) == 1 else hidden


def theta_shapes(sizes):
    """Shapes of Theta1..ThetaL for the layer sizes: (units out, 1 + units in)."""
    return [(n_out, n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def unroll_params(thetas):
    """``[Theta1(:); Theta2(:); ...]``: the matrices, column-major, one after another.

    Parameters
    ----------
    thetas : sequence of 2-D arrays
        ``[Theta1, Theta2, ...]``, real and finite.

    Returns
    -------
    nn_params : ndarray, shape (sum of sizes,)
        A new array.

    Raises
    ------
    TypeError, ValueError
        If ``thetas`` is not a list or tuple of finite real matrices (a bare matrix is
        refused: unrolled on its own it would not be what nnCostFunction expects).
    """
    if not isinstance(thetas, (list, tuple)):
        raise InputTypeError(f"thetas: expected a list of weight matrices [Theta1, Theta2, ...], got "
                        f"{checks.describe(thetas)}")
    if not thetas:
        raise InputError("thetas: expected at least one weight matrix, got an empty list")
    mats = []
    for l, theta in enumerate(thetas, 1):
        arr = checks.as_float_array(f"thetas[{l - 1}] (Theta{l})", theta)
        if arr.ndim != 2:
            raise InputError(f"thetas[{l - 1}] (Theta{l}): expected a 2-D weight matrix, got {arr.ndim}-D shape {arr.shape}")
        checks.finite(f"thetas[{l - 1}] (Theta{l})", arr)
        mats.append(arr)
    return np.concatenate([np.ravel(theta, order="F") for theta in mats])


def reshape_params(nn_params, sizes):
    """The inverse of :func:`unroll_params`: Theta1..ThetaL for the layer sizes.

    Each matrix is a column-major view into ``nn_params`` (no copy) when it is a
    float vector, as MATLAB's ``reshape(nn_params(a:b), rows, cols)``.

    Parameters
    ----------
    nn_params : ndarray, shape (n,)
        Exactly as many values as the sizes need.
    sizes : sequence of int
        Units per layer, inputs first (see :func:`ex4.checks.layer_sizes`), at least two.

    Returns
    -------
    thetas : list of ndarray, shapes (sizes[l+1], sizes[l] + 1)

    Raises
    ------
    TypeError, ValueError
        If ``sizes`` are not at least two positive whole numbers, or ``nn_params`` is not
        a finite real vector of exactly the length they need.
    """
    if not isinstance(sizes, (list, tuple, np.ndarray)) or len(sizes) < 2:
        raise InputTypeError(f"sizes: expected the units of each layer, inputs first, at least two "
                        f"(such as (400, 25, 10)), got {checks.describe(sizes)}")
    sizes = tuple(checks.layer_size(f"sizes[{i}]", s) for i, s in enumerate(sizes))
    nn_params = checks.param_vector("nn_params", nn_params, sizes)
    return matrices(nn_params, sizes)


def layout(sizes):
    """Where each Theta(l) lies in the unrolled vector: [(start, rows, cols)], one after another.

    Read column-major, Theta(l)'s bias column is ``[start, start + rows)`` and the rest
    ``[start + rows, start + rows * cols)``, one contiguous run each.
    """
    found, start = [], 0
    for rows, cols in theta_shapes(sizes):
        found.append((start, rows, cols))
        start += rows * cols
    return found


def matrices(vector, sizes, order="F"):
    """Theta1..ThetaL's shapes read from ``vector`` in ``order`` ("F": the course's, "C": row by row):
    :func:`reshape_params` without its checks, for arrays this package made itself (a gradient being
    filled in) or a learner's gradient, NaN and all; views into ``vector`` where numpy can make them."""
    vector = np.asarray(vector)
    return [vector[start:start + rows * cols].reshape((rows, cols), order=order) for start, rows, cols in layout(sizes)]
