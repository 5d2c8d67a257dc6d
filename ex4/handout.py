"""The handout's forward and backward pass, written plainly (ex4.pdf §1.3, §1.4, §2.3-2.5).

:func:`ex4.nnCostFunction` is the fast one.  This one reads as the handout's vectorized
solution does, and is kept for three readers: ``python -m ex4.bench`` times it as the
baseline, the grader's hints switch a usual mistake into it (:mod:`ex4.grader.hints`),
and ``python -m ex4 explain`` runs it one example at a time.  Any depth.  The tests keep
an oracle of their own (tests/oracle.py), written apart from this.

Where it departs from the handout's text: every example is a row, so the loop over
examples (§2.3) is a matrix product, and each Δ(l) is the sum over the rows at once;
lists count from 0 where the handout counts layers from 1 (``z[0]`` is z(2)).
"""

from dataclasses import dataclass

import numpy as np


# The handout's own one-line formulas, not ex4.sigmoid's: this file is the code as the handout
# writes it, and the bench's baseline (it warns where e^-z overflows, as the course's does).
def handout_sigmoid(z):
    """g(z) = 1 / (1 + e^-z), the course's formula (§1.1)."""
    return 1.0 / (1.0 + np.exp(-z))


def handout_sigmoid_gradient(z):
    """g'(z) = g(z)(1 - g(z)) (§2.1)."""
    g = handout_sigmoid(z)
    return g * (1 - g)


@dataclass
class Backprop:
    """Steps 1-4 of §2.3 for the rows of X: every intermediate, named as the handout names it."""

    z: list  # z(2)..z(L), each (m, s_l)
    a: list  # a(1)..a(L): a(1)..a(L-1) with the bias column of ones first, a(L) = h without one
    Y: np.ndarray  # (m, K): y as one-hot rows (§1.3)
    cost_terms: np.ndarray  # (m, K): -y_k log(h_k) - (1 - y_k) log(1 - h_k), no 1/m, no λ term
    deltas: list  # δ(2)..δ(L), each (m, s_l)
    Deltas: list  # Δ(1)..Δ(L-1) = Σ_i δ(l+1) a(l)', shapes of Theta1..Theta(L-1)


def backprop(Thetas, X, y, g_prime=handout_sigmoid_gradient, one_hot=True, g_hidden=handout_sigmoid,
             g_output=handout_sigmoid, Y=None):
    """The handout's steps 1-4 on the rows of X.  For the hints, a usual mistake can be switched
    in: ``g_prime`` another g', ``g_hidden``/``g_output`` another activation, ``Y`` another
    labelling, and ``one_hot=False`` uses the labels as they are, one column."""
    m, K = X.shape[0], Thetas[-1].shape[0]
    ones = np.ones((m, 1))
    a, z = [np.hstack([ones, X])], []  # Step 1: a(1) = [1 x]
    for l, Theta in enumerate(Thetas):
        z.append(a[-1] @ Theta.T)  # z(l+1) = a(l) Theta(l)'
        last = l == len(Thetas) - 1
        g = (g_output if last else g_hidden)(z[-1])
        a.append(g if last else np.hstack([ones, g]))  # the output layer has no bias
    h = a[-1]
    if Y is None:
        Y = np.eye(K)[np.asarray(y, dtype=int).ravel() - 1]  # label k is column k - 1
    if not one_hot:
        Y = np.asarray(y, dtype=float).reshape(-1, 1)
    cost_terms = -Y * np.log(h) - (1 - Y) * np.log(1 - h)
    deltas = [h - Y]  # Step 2: δ(L) = a(L) - y
    for l in range(len(Thetas) - 1, 0, -1):  # Step 3: δ(l) = (δ(l+1) Theta(l))[:, 1:] .* g'(z(l))
        deltas.insert(0, (deltas[0] @ Thetas[l])[:, 1:] * g_prime(z[l - 1]))  # [:, 1:]: δ_0 dropped
    Deltas = [delta.T @ a_l for delta, a_l in zip(deltas, a[:-1])]  # Step 4: Δ(l) = Σ_i δ(l+1) a(l)'
    return Backprop(z, a, Y, cost_terms, deltas, Deltas)


def handout_nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    """nnCostFunction as most first solutions write it: same arguments and results, no checks."""
    from .params import reshape_params, unroll_params

    hidden = tuple(np.atleast_1d(hidden_layer_size))
    Thetas = reshape_params(nn_params, (input_layer_size, *hidden, num_labels))
    m = X.shape[0]
    bp = backprop(Thetas, X, y)
    J = bp.cost_terms.sum() / m + lambda_ / (2 * m) * sum(np.sum(T[:, 1:] ** 2) for T in Thetas)  # §1.4
    grads = [Delta / m for Delta in bp.Deltas]  # Step 5: D = Δ / m
    for Theta, grad in zip(Thetas, grads):
        grad[:, 1:] += lambda_ / m * Theta[:, 1:]  # §2.5: not on the bias column
    return J, unroll_params(grads)
