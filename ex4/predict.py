"""predict: the network's label for each example (ex4.m, part 10)."""

import numpy as np

from . import _checks
from .sigmoid import sigmoid_inplace


def predict(Theta1, Theta2, X, *Thetas):
    """The label 1..K that the network gives each row of ``X``.

    Parameters
    ----------
    Theta1 : ndarray, shape (s_2, 1 + n)
    Theta2 : ndarray, shape (s_3, 1 + s_2)
    X : ndarray, shape (m, n)
    *Thetas : ndarray
        For a deeper network, Theta3, Theta4, ... after X (the course's argument
        order is kept for the three-layer network).

    Returns
    -------
    p : ndarray of int, shape (m,)
        For each example, 1 + the index of the largest output unit: labels 1..K,
        where for the digits 10 stands for the digit 0.

    Raises
    ------
    TypeError, ValueError
        If a Theta is not a finite 2-D matrix, the Thetas' shapes do not chain, or X
        is not a finite (m, n) matrix with n = Theta1's columns - 1.
    """
    names = ["Theta1", "Theta2"] + [f"Theta{l}" for l in range(3, 3 + len(Thetas))]
    mats = _checks.theta_chain(names, (Theta1, Theta2) + Thetas)
    X = _checks.data_matrix("X", X, mats[0].shape[1] - 1, "columns of Theta1 - 1")

    a = X
    for Theta in mats:
        z = a @ Theta[:, 1:].T
        z += Theta[:, 0]  # the bias unit's products: a column of ones times Theta's first column
        a = sigmoid_inplace(z)
    # argmax of h equals argmax of z(L), since σ is increasing; +1 for labels 1..K.
    return np.argmax(a, axis=1) + 1
