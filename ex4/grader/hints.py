"""Hints for a failing part: what the learner's output matches instead.

Two kinds.  *Conventions*: the output that the learner's own function gives when the
inputs are handed over another way (labels 0..K-1, row-major unrolling, or both as the
Python notebook port has it); the sandbox asks the learner's code for those.  *Usual
mistakes*: the output of a reference implementation with one mistake switched in
(:func:`reference_output`), compared with what the learner's code printed; no learner
code runs for these.
"""

from dataclasses import dataclass

import numpy as np

from ..handout import backprop, sigmoid, sigmoid_gradient
from ..params import unroll_params
from . import parts

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
    g_prime: object = sigmoid_gradient  # g' in backpropagation's step 3
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
NONE = Mistake("", "")  # the course's own pass


def reference_output(part, mistake=None):
    """What the part prints for the course's test network with ``mistake`` (a key of MISTAKES,
    or None for none) switched into the handout's pass (:mod:`ex4.handout`)."""
    slip = MISTAKES[mistake] if mistake else NONE
    if part == 3:
        return parts.sprintf5(slip.g_prime(parts.X))
    lambda_, m, K = parts.LAMBDA[part], parts.Xm.shape[0], parts.t2.shape[0]
    Thetas = slip.thetas([parts.t1, parts.t2]) if slip.thetas else [parts.t1, parts.t2]
    X, y = parts.Xm[slip.first_row:], parts.ym[slip.first_row:]
    bp = backprop(Thetas, X, y, g_prime=slip.g_prime, one_hot=slip.one_hot, g_hidden=slip.g_hidden,
                  g_output=slip.g_output, Y=slip.labelling(y, K) if slip.labelling else None)
    first = 0 if slip.cost_bias else 1  # the first column regularized
    squares = sum(np.sum(Theta[:, first:] ** 2) for Theta in Thetas)
    reg_scale = lambda_ / m if slip.cost_reg_over == "m" else lambda_ / (2 * m)
    J = bp.cost_terms.sum() * (1 / m if slip.cost_1_over_m else 1) + reg_scale * squares
    if part in (1, 2):
        return parts.sprintf5(J)
    grads = []
    for Theta, Delta in zip(Thetas, bp.Deltas):
        regularized = Theta.copy()
        if not slip.grad_bias:
            regularized[:, 0] = 0
        grads.append(Delta * (1 / m if slip.grad_1_over_m else 1) + lambda_ / m * regularized)
    return parts.sprintf5(np.concatenate([np.ravel(J), unroll_params(grads)]))


def named_mistakes(part, obtained):
    """Hints for each usual mistake whose reference output matches ``obtained`` (see
    :func:`named_mistakes_keyed`)."""
    return [text for _, text in named_mistakes_keyed(part, obtained)]


def named_mistakes_keyed(part, obtained):
    """(what it matches, as a short name; hint) for each usual mistake whose reference output matches ``obtained``.

    A mistake that makes no difference to this part (the bias columns where lambda = 0)
    is not named, nor one that prints the same as a mistake named before it (the bias
    in the cost, and in cost and gradient, print the same cost).
    """
    found, seen = [], {reference_output(part)}
    for mistake, slip in MISTAKES.items():
        matches, advice = slip.matches, slip.advice
        output = reference_output(part, mistake)
        if output in seen:
            continue
        seen.add(output)
        if not parts.compare(output, obtained):
            found.append((matches, f"your output matches {matches}: {advice}"))
    return found


def gradient_order(part, obtained, convention):
    """A hint when only the gradient's order is wrong: the right values, unrolled the other way."""
    values = np.array(obtained.split(), dtype=float)
    if part not in (4, 5) or values.size != 1 + parts.t.size:
        return ""
    other = "C" if convention.order == "F" else "F"
    # Undo the convention's reading to get the learner's own vector back, then read it the other way.
    theirs = parts.reorder(values[1:], "F", convention.order)
    regrouped = parts.reorder(theirs, other, "F")
    if parts.compare(parts.EXPECTED[part], parts.sprintf5(np.concatenate([values[:1], regrouped]))):
        return ""
    if other == "C":
        return ("your gradient is unrolled row by row (C order); the course unrolls column by column, "
                "[Theta1_grad(:); Theta2_grad(:)]: use ravel(order='F')")
    return ("your gradient is unrolled column by column (order='F'); under the python convention it is "
            "unrolled row by row, as the parameters are: use ravel()")


COURSE_SIZES = (2, 4, 4)  # the course's test network: 2 inputs, 4 hidden units, 4 labels; m = 16


def diagnosis(part, obtained, earlier=None, passed=(), named=None, conventions=None, again=None, failed=()):
    """[(short name, hint)] read from the numbers (:func:`ex4.diagnosis.read`), most basic first.

    The output of a part against this project's on the course's case, printed with 5 decimals
    (so 2e-5 is taken as equal); ``earlier`` holds the outputs of the parts graded before
    ({part: output}), ``passed`` and ``failed`` the parts graded so far: part 1's cost for the cost at
    lambda = 0, and part 4 passed for a gradient whose backpropagation is right.  ``named``,
    ``conventions`` and ``again`` are asked only when the readings get to them: the usual
    mistakes and the other conventions whose output it matches, and its output asked again.
    """
    from ..cost import nnCostFunction
    from ..diagnosis import Numbers, cross_entropy_bounds, read

    earlier = earlier or {}
    values = np.array(obtained.split(), dtype=float)
    if part == 3:
        expected = np.array(parts.EXPECTED[3].split(), dtype=float)
        if values.size == expected.size and not values.any():
            return [("sigmoid gradient of zeros", "your sigmoidGradient returns zeros (the starter's blank, or a slip "
                                                  "such as sigmoid(z) * 1 - sigmoid(z)): g'(z) = g(z) (1 - g(z)), "
                                                  "0.25 at z = 0 (§2.1); mind the parentheses")]
        return (named() if named else []) or ([("sigmoid gradient", "g'(z) = g(z) (1 - g(z)) element by element, "
                                                "with g the sigmoid: 0.25 at z = 0, close to 0 for large |z| (§2.1)")]
                                              if values.size == expected.size else [])
    if not values.size:
        return []
    lambda_, m = parts.LAMBDA[part], parts.Xm.shape[0]
    J_ref, grad_ref = nnCostFunction(parts.t, *COURSE_SIZES, parts.Xm, parts.ym, lambda_)
    J0 = J0_ref = None
    if lambda_ > 0:  # like with like: the cost at lambda = 0 where known, the course's always
        J0_ref = nnCostFunction(parts.t, *COURSE_SIZES, parts.Xm, parts.ym, 0)[0]
        J0 = float(earlier[1].split()[0]) if 1 in earlier else None
    grad = values[1:] if part in (4, 5) and values.size == 1 + parts.t.size else None
    numbers = Numbers(float(values[0]), grad, J_ref, grad_ref, [parts.t1, parts.t2], COURSE_SIZES, lambda_, m,
                      tol=2e-5, bounds=cross_entropy_bounds([parts.t1, parts.t2], parts.Xm), J0=J0, J0_ref=J0_ref,
                      backprop_right=4 in passed, gradient_first=part in (4, 5), again=again, named=named,
                      conventions=conventions, sigmoid_gradient_wrong=3 in failed)
    return read(numbers)


def shapes(part):
    """A hint for a shape error: each step's shape for the course's call of this part."""
    from ..diagnosis import shape_line

    return ("shapes", f"for this call each step should have these shapes (find the first of yours that differs): "
                      f"{shape_line(parts.Xm.shape[0], COURSE_SIZES)}")
