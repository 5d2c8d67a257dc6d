"""Usual mistakes, each recomputed exactly: the handout's pass with one slip switched in.

The probes (:mod:`ex4.diagnosis.probes`) read what a learner's function does; this table names
what the probes cannot tell apart (a softmax or tanh layer, one Theta read row by row, the first
example left out), as a refinement: where a learner's output is one of these exactly, it says so.
"""

from dataclasses import dataclass

import numpy as np

from ..handout import backprop
from ..sigmoid import logistic as sigmoid, logistic_derivative


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _row_major(l):
    """Theta l (0-based) read from nn_params row by row: the learner's weights where one reshape lacks order='F'."""
    def thetas(Thetas):
        Thetas = list(Thetas)
        Thetas[l] = np.reshape(np.ravel(Thetas[l], order="F"), Thetas[l].shape, order="C")
        return Thetas
    return thetas


@dataclass(frozen=True)
class Mistake:
    """A usual mistake: what the learner's output then matches, what to do, and the switch that puts
    it into the handout's pass (:func:`reference_output`).  A new one is one entry in MISTAKES."""

    matches: str
    advice: str
    g_prime: object = logistic_derivative  # g' in backpropagation's step 3
    g_hidden: object = sigmoid
    g_output: object = sigmoid
    thetas: object = None  # the weights the code ends up with, from the course's
    first_row: int = 0  # examples summed from this row on (1: a loop over range(1, m))
    labelling: object = None  # Y from y, where not the course's one-hot
    one_hot: bool = True
    cost_1_over_m: bool = True
    grad_1_over_m: bool = True
    cost_bias: bool = False  # the cost's regularization includes the bias column
    grad_bias: bool = False
    cost_reg_over: str = "2m"  # lambda/(2m) or lambda/m


# Where two print the same for a part, the first is named: so the narrower mistake comes first.
MISTAKES = {
    "bias_in_cost": Mistake("the cost with the bias columns regularized",
                            "leave the first column of Theta1 and Theta2 out of the regularization term",
                            cost_bias=True),
    "bias_in_gradient": Mistake("the gradient with the bias columns regularized",
                                "add lambda/m * Theta to the gradient for every column but the first", grad_bias=True),
    "bias_in_both": Mistake("cost and gradient with the bias columns regularized",
                            "leave the first column of Theta1 and Theta2 out of both regularization terms",
                            cost_bias=True, grad_bias=True),
    "no_1_over_m_in_cost": Mistake("the cost without the 1/m", "divide the cost's sum over the examples by m",
                                   cost_1_over_m=False),
    "no_1_over_m_in_gradient": Mistake("the gradient without the 1/m", "divide the accumulated Delta by m",
                                       grad_1_over_m=False),
    "no_1_over_m": Mistake("the result without the 1/m", "divide the sum over the examples by m (the cost and the "
                           "gradient are averages)", cost_1_over_m=False, grad_1_over_m=False),
    "lambda_over_m": Mistake("the cost regularized with lambda/m instead of lambda/(2m)",
                             "the cost's regularization term is lambda/(2m) times the sum of squares", cost_reg_over="m"),
    "sigmoid_times_one_minus_z": Mistake("g'(z) computed as sigmoid(z) * (1 - z)", "g'(z) = sigmoid(z) * (1 - sigmoid(z))",
                                         g_prime=lambda z: sigmoid(z) * (1 - z)),
    "z_times_one_minus_z": Mistake("g'(z) computed as z * (1 - z)", "g'(z) = sigmoid(z) * (1 - sigmoid(z))",
                                   g_prime=lambda z: z * (1 - z)),
    "labels_not_one_hot": Mistake("the labels used as numbers, not as one-hot vectors",
                                  "turn each label into a vector of K zeros with a 1 at the label (§1.3: 3 is "
                                  "[0 0 1 0 ...])", one_hot=False),
    # The forward pass (§1.3), read exactly: the course's network recomputed with the slip put in.
    "first_example_left_out": Mistake("the sums over the examples without the first one (a loop over range(1, m))",
                                      "Python counts from 0: loop over range(m), or better, every example at once as "
                                      "a matrix (§2.3's note)", first_row=1),
    "softmax_output": Mistake("a softmax output layer", "the course's output layer is a sigmoid on each output by "
                              "itself, h = g(z(3)), not a softmax across the outputs (§1.3)", g_output=_softmax),
    "tanh_hidden": Mistake("a tanh hidden layer", "the hidden layer is the sigmoid, a(2) = [1 g(z(2))] with "
                           "g(z) = 1 / (1 + e^-z), not tanh (§1.3)", g_hidden=np.tanh),
    "sigmoid_sign": Mistake("the sigmoid written 1 / (1 + np.exp(z))", "g(z) = 1 / (1 + e^-z): the exponent has a "
                            "minus sign, 1 / (1 + np.exp(-z)) (§1.1)", g_hidden=lambda z: sigmoid(-z),
                            g_output=lambda z: sigmoid(-z)),
    "one_hot_y_mod_k": Mistake("the one-hot Y built as np.eye(K)[y % K]", "label k is column k - 1 (labels 1..K; for "
                               "the digits 10 stands for 0): np.eye(K)[y - 1]",
                               labelling=lambda y, K: np.eye(K)[np.asarray(y) % K]),
    "theta1_row_major": Mistake("Theta1 read from nn_params row by row", "reshape Theta1 with order='F' too, as "
                                "MATLAB's reshape: nn_params is [Theta1(:); Theta2(:)]", thetas=_row_major(0)),
    "theta2_row_major": Mistake("Theta2 read from nn_params row by row", "reshape Theta2 with order='F' too, as "
                                "MATLAB's reshape: nn_params is [Theta1(:); Theta2(:)]", thetas=_row_major(1)),
}
MISTAKES["theta2_offset"] = Mistake(
    "Theta2 read from nn_params hidden_layer_size values too early (the offset without Theta1's bias column)",
    "Theta2 starts after all of Theta1, at hidden_layer_size * (input_layer_size + 1)",
    thetas=lambda Thetas: [Thetas[0], np.reshape(np.concatenate([np.ravel(T, order="F") for T in Thetas])[
        Thetas[0].shape[0] * (Thetas[0].shape[1] - 1):][:Thetas[1].size], Thetas[1].shape, order="F")])
NONE = Mistake("", "")  # the course's own pass


def mistake_output(slip, Thetas, X, y, lambda_):
    """(J, grad unrolled column-major) of the handout's pass with the :class:`Mistake` ``slip`` put in."""
    from ..params import unroll_params

    m, K = X.shape[0], Thetas[-1].shape[0]
    Thetas = slip.thetas(list(Thetas)) if slip.thetas else list(Thetas)
    X, y = X[slip.first_row:], np.asarray(y).ravel()[slip.first_row:]
    bp = backprop(Thetas, X, y, g_prime=slip.g_prime, one_hot=slip.one_hot, g_hidden=slip.g_hidden,
                  g_output=slip.g_output, Y=slip.labelling(y, K) if slip.labelling else None)
    first = 0 if slip.cost_bias else 1  # the first column regularized
    squares = sum(np.sum(Theta[:, first:] ** 2) for Theta in Thetas)
    reg_scale = lambda_ / m if slip.cost_reg_over == "m" else lambda_ / (2 * m)
    J = bp.cost_terms.sum() * (1 / m if slip.cost_1_over_m else 1) + reg_scale * squares
    grads = []
    for Theta, Delta in zip(Thetas, bp.Deltas):
        regularized = Theta.copy()
        if not slip.grad_bias:
            regularized[:, 0] = 0
        grads.append(Delta * (1 / m if slip.grad_1_over_m else 1) + lambda_ / m * regularized)
    return float(J), unroll_params(grads)


def named_mistakes(J, Thetas, X, y, lambda_, tol=1e-7):
    """[(what it matches, hint)] for each usual mistake whose cost on these inputs is ``J`` (and
    the course's is not): the exact reading of a cost, where the numbers allow it."""
    import warnings

    J_ref = mistake_output(NONE, Thetas, X, y, lambda_)[0]
    found, seen = [], {round(J_ref, 9)}
    for slip in MISTAKES.values():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            J_slip = mistake_output(slip, Thetas, X, y, lambda_)[0]
        if not np.isfinite(J_slip) or round(J_slip, 9) in seen:
            continue
        seen.add(round(J_slip, 9))
        if abs(J - J_slip) <= tol + 1e-9 * abs(J_slip):
            found.append((slip.matches, f"your cost matches {slip.matches}: {slip.advice}"))
    return found
