"""Hints for a failing part: what the learner's output matches instead.

Two kinds.  *Conventions*: the output that the learner's own function gives when the
inputs are handed over another way (labels 0..K-1, row-major unrolling, or both as the
Python notebook port has it); the sandbox asks the learner's code for those.  *Usual
mistakes*: the output of a reference implementation with one mistake switched in
(:func:`reference_output`), compared with what the learner's code printed; no learner
code runs for these.
"""

import numpy as np

from ..handout import backprop, sigmoid, sigmoid_gradient
from ..params import unroll_params
from . import parts

# name: (what the learner's output matches, what to do).  Where two print the same for a
# part, the first is named: so the narrower mistake comes first.
MISTAKES = {
    "bias_in_cost": ("the cost with the bias columns regularized",
                     "leave the first column of Theta1 and Theta2 out of the regularization term"),
    "bias_in_gradient": ("the gradient with the bias columns regularized",
                         "add lambda/m * Theta to the gradient for every column but the first"),
    "bias_in_both": ("cost and gradient with the bias columns regularized",
                     "leave the first column of Theta1 and Theta2 out of both regularization terms"),
    "no_1_over_m_in_cost": ("the cost without the 1/m", "divide the cost's sum over the examples by m"),
    "no_1_over_m_in_gradient": ("the gradient without the 1/m", "divide the accumulated Delta by m"),
    "no_1_over_m": ("the result without the 1/m",
                    "divide the sum over the examples by m (the cost and the gradient are averages)"),
    "lambda_over_m": ("the cost regularized with lambda/m instead of lambda/(2m)",
                      "the cost's regularization term is lambda/(2m) times the sum of squares"),
    "sigmoid_times_one_minus_z": ("g'(z) computed as sigmoid(z) * (1 - z)",
                                  "g'(z) = sigmoid(z) * (1 - sigmoid(z))"),
    "z_times_one_minus_z": ("g'(z) computed as z * (1 - z)", "g'(z) = sigmoid(z) * (1 - sigmoid(z))"),
    "labels_not_one_hot": ("the labels used as numbers, not as one-hot vectors",
                           "turn each label into a vector of K zeros with a 1 at the label (§1.3: 3 is [0 0 1 0 ...])"),
    # The forward pass (§1.3), read exactly: the course's network recomputed with the slip put in.
    "first_example_left_out": ("the sums over the examples without the first one (a loop over range(1, m))",
                               "Python counts from 0: loop over range(m), or better, every example at once as a "
                               "matrix (§2.3's note)"),
    "softmax_output": ("a softmax output layer",
                       "the course's output layer is a sigmoid on each output by itself, h = g(z(3)), not a softmax "
                       "across the outputs (§1.3)"),
    "tanh_hidden": ("a tanh hidden layer", "the hidden layer is the sigmoid, a(2) = [1 g(z(2))] with "
                                           "g(z) = 1 / (1 + e^-z), not tanh (§1.3)"),
    "sigmoid_sign": ("the sigmoid written 1 / (1 + np.exp(z))",
                     "g(z) = 1 / (1 + e^-z): the exponent has a minus sign, 1 / (1 + np.exp(-z)) (§1.1)"),
    "one_hot_y_mod_k": ("the one-hot Y built as np.eye(K)[y % K]",
                        "label k is column k - 1 (labels 1..K; for the digits 10 stands for 0): np.eye(K)[y - 1]"),
    "theta1_row_major": ("Theta1 read from nn_params row by row",
                         "reshape Theta1 with order='F' too, as MATLAB's reshape: nn_params is [Theta1(:); Theta2(:)]"),
    "theta2_row_major": ("Theta2 read from nn_params row by row",
                         "reshape Theta2 with order='F' too, as MATLAB's reshape: nn_params is [Theta1(:); Theta2(:)]"),
}
FORWARD = ("first_example_left_out", "softmax_output", "tanh_hidden", "sigmoid_sign", "one_hot_y_mod_k")


def _thetas(mistake):
    """The weights the learner's code works with: one of them read row by row, for those mistakes."""
    Thetas = [parts.t1, parts.t2]
    if mistake in ("theta1_row_major", "theta2_row_major"):
        l = 0 if mistake == "theta1_row_major" else 1
        Thetas[l] = np.reshape(np.ravel(Thetas[l], order="F"), Thetas[l].shape, order="C")
    return Thetas


def _sigmoid_gradient(z, mistake):
    if mistake == "sigmoid_times_one_minus_z":
        return sigmoid(z) * (1 - z)
    if mistake == "z_times_one_minus_z":
        return z * (1 - z)
    return sigmoid_gradient(z)


def _rows(mistake):
    """The examples the mistake sums over (all of them but where it leaves the first out)."""
    if mistake == "first_example_left_out":
        return parts.Xm[1:], parts.ym[1:]
    return parts.Xm, parts.ym


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _forward(mistake):
    """The activations or labelling a forward-pass mistake puts in (for :func:`ex4.handout.backprop`)."""
    K = parts.t2.shape[0]
    return {"softmax_output": {"g_output": _softmax},
            "tanh_hidden": {"g_hidden": np.tanh},
            "sigmoid_sign": {"g_hidden": lambda z: sigmoid(-z), "g_output": lambda z: sigmoid(-z)},
            "one_hot_y_mod_k": {"Y": np.eye(K)[parts.ym % K]}}.get(mistake, {})


def reference_output(part, mistake=None):
    """What the part prints for the course's test network with ``mistake`` (a key of MISTAKES,
    or None for none) switched into the handout's pass (:mod:`ex4.handout`)."""
    if part == 3:
        return parts.sprintf5(_sigmoid_gradient(parts.X, mistake))
    lambda_, Thetas, m = parts.LAMBDA[part], _thetas(mistake), parts.Xm.shape[0]
    bp = backprop(Thetas, *_rows(mistake), g_prime=lambda z: _sigmoid_gradient(z, mistake),
                  one_hot=mistake != "labels_not_one_hot", **_forward(mistake))
    cost_scale = 1 if mistake in ("no_1_over_m", "no_1_over_m_in_cost") else 1 / m
    first = 0 if mistake in ("bias_in_cost", "bias_in_both") else 1  # the first column regularized
    squares = sum(np.sum(Theta[:, first:] ** 2) for Theta in Thetas)
    reg_scale = lambda_ / m if mistake == "lambda_over_m" else lambda_ / (2 * m)
    J = bp.cost_terms.sum() * cost_scale + reg_scale * squares
    if part in (1, 2):
        return parts.sprintf5(J)

    grad_scale = 1 if mistake in ("no_1_over_m", "no_1_over_m_in_gradient") else 1 / m
    grads = []
    for Theta, Delta in zip(Thetas, bp.Deltas):
        regularized = Theta.copy()
        if mistake not in ("bias_in_gradient", "bias_in_both"):
            regularized[:, 0] = 0
        grads.append(Delta * grad_scale + lambda_ / m * regularized)
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
    for mistake, (matches, advice) in MISTAKES.items():
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
