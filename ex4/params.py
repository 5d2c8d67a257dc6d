"""Unrolling the weight matrices into one vector, and back: MATLAB's ``Theta(:)``.

The course passes all the weights to the optimizer as one column,
``nn_params = [Theta1(:); Theta2(:)]``.  MATLAB's ``(:)`` reads a matrix column by
column (column-major, Fortran order), so here that is ``order="F"``.  This module is
the only place that knows it; everything else calls these two functions.
"""

import numpy as np


def layer_sizes(input_layer_size, hidden_layer_size, num_labels):
    """The units per layer, inputs first, as a tuple of ints.

    ``hidden_layer_size`` is one int (the course's three-layer network) or a sequence
    of ints, one per hidden layer.
    """
    if np.ndim(hidden_layer_size) == 0:
        hidden = (int(hidden_layer_size),)
    else:
        hidden = tuple(int(h) for h in hidden_layer_size)
    return (int(input_layer_size),) + hidden + (int(num_labels),)


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

    Returns
    -------
    nn_params : ndarray, shape (sum of sizes,)
        A new array.
    """
    return np.concatenate([np.ravel(theta, order="F") for theta in thetas])


def reshape_params(nn_params, sizes):
    """The inverse of :func:`unroll_params`: Theta1..ThetaL for the layer sizes.

    Each matrix is a column-major view into ``nn_params`` (no copy), as MATLAB's
    ``reshape(nn_params(a:b), rows, cols)``.

    Parameters
    ----------
    nn_params : ndarray, shape (n,)
    sizes : sequence of int
        Units per layer, inputs first (see :func:`layer_sizes`).

    Returns
    -------
    thetas : list of ndarray, shapes (sizes[l+1], sizes[l] + 1)
    """
    thetas = []
    start = 0
    for shape in theta_shapes(sizes):
        stop = start + shape[0] * shape[1]
        thetas.append(nn_params[start:stop].reshape(shape, order="F"))
        start = stop
    return thetas
