"""predict: the network's label for each example (ex4.m, part 10)."""

import numpy as np

from . import checks
from .sigmoid import logistic


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
    mats = checks.theta_chain(names, (Theta1, Theta2) + Thetas)
    X = checks.data_matrix("X", X, mats[0].shape[1] - 1, "columns of Theta1 - 1")

    a = X
    for Theta in mats[:-1]:
        z = _guarded_weighted_input(a, Theta)
        a = logistic(z, out=z)
    # argmax of h = σ(z(L)) is argmax of z(L), σ being increasing; taken on z, it also tells
    # apart outputs that σ rounds to the same 1.0.  +1 for labels 1..K.
    return np.argmax(_guarded_weighted_input(a, mats[-1], for_argmax=True), axis=1) + 1


def _guarded_weighted_input(a, Theta, for_argmax=False):
    """z = [1 a] Theta', and where a row's sum overflowed, that row again, scaled.

    With finite weights and inputs the exact z is finite or overflows only as a whole
    sum; computed term by term, +inf and -inf can meet and give NaN (inf - inf), and
    argmax would take the NaN for the largest.  Such a row is computed again with
    a and Theta divided by their largest magnitudes, which cannot overflow, and
    scaled back (to ±inf where it must be; argmax needs only the scaled row).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        z = a @ Theta[:, 1:].T
        z += Theta[:, 0]  # the bias unit's products: a column of ones times Theta's first column
    bad = ~np.isfinite(z).all(axis=1)
    if bad.any():
        theta_scale = np.abs(Theta).max()
        a_bad = a[bad]
        a_scale = np.maximum(np.abs(a_bad).max(axis=1, keepdims=True), 1.0)
        scaled = (a_bad / a_scale) @ (Theta[:, 1:] / theta_scale).T + Theta[:, 0] / theta_scale / a_scale
        if for_argmax:
            z[bad] = scaled
        else:
            with np.errstate(over="ignore"):
                z[bad] = scaled * (a_scale * theta_scale)  # ±inf where the true z is beyond floats
    return z
