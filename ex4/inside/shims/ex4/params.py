"""The starter's ``from ex4.params import unroll_params, reshape_params``, while graded: the same two
helpers, column-major as MATLAB's ``Theta(:)`` and ``reshape``, with numpy alone."""

import numpy as np


def unroll_params(thetas):
    """``[Theta1(:); Theta2(:); ...]``: the matrices, column-major, one after another."""
    return np.concatenate([np.ravel(np.asarray(theta, dtype=float), order="F") for theta in thetas])


def reshape_params(nn_params, sizes):
    """Theta1..ThetaL for the layer sizes, read column-major from ``nn_params``."""
    thetas, start = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        count = n_out * (n_in + 1)
        thetas.append(np.reshape(np.asarray(nn_params[start:start + count], dtype=float), (n_out, n_in + 1),
                                 order="F"))
        start += count
    return thetas
