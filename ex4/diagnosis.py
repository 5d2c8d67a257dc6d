"""What is wrong with a learner's backpropagation, read from the numbers (ex4.pdf §1.4, §2.3-2.5).

A delta is a derivative (``python -m ex4 explain``): δ(l+1) a(l)' summed over the examples is
the derivative of the cost with respect to Theta(l).  So a wrong step of backpropagation
shows as a wrong *block* of the gradient: the gradient of one Theta, or only its bias column,
or every block by the same factor.  :func:`read_gradient` compares a learner's gradient with
the course's, block by block (each Theta's bias column and the rest), and names the pattern
and the step of the handout it points to; :func:`read_cost` does the same for the cost;
:func:`diagnose` runs both on checkNNGradients' small network, with the numerical gradient
of the learner's own cost besides, which says whether their backpropagation matches their
cost (and so whether the cost itself is the one at fault).  No list of known files: only
the patterns.

Each reading is ``(name, text)``: a short name (for a gradebook) and one or two lines for the
learner, the most telling first.
"""

import re
from dataclasses import dataclass

import numpy as np

from .handout import backprop
from .sigmoid import logistic as sigmoid, logistic_derivative
from .numgrad import computeNumericalGradient
from .weights import debug_problem

from .params import theta_shapes


def _factor_names(m, K, cost):
    """Factors a wrong gradient or cost is often off by, and what each says (m examples, K labels)."""
    where = "J = (1/m) Σ_i Σ_k [...] (§1.4)" if cost else "D = Δ / m (§2.3 step 5)"
    names = [
        (float(m), "m", f"not divided by m: {where}"),
        (1 / m, "1/m", f"divided by m twice: once is enough, {where}"),
        (-1.0, "-1", "the sign is flipped: " + ("J = (1/m) Σ [-y log(h) - (1 - y) log(1 - h)] (§1.4)" if cost else
                                              "δ(L) = a(L) - y, not y - a(L) (§2.3 step 2)")),
        (float(m * m), "m²", f"multiplied by m instead of divided: {where}"),
        (2.0, "2", "counted twice"),
        (0.5, "1/2", "halved"),
    ]
    if cost and K != m:
        names.append((m / K, "m/K", "averaged over the K outputs instead of the m examples: sum over k, "
                                    "then divide by m (§1.4)"))
    if cost and K > 2:
        names.append((1 / K, "1/K", "divided by K too: np.mean averages over all m x K terms; J sums over the "
                                    "K outputs and divides by m alone (§1.4)"))
    return names


def blocks(sizes):
    """[(label, slice of the unrolled vector)] for each Theta's bias column and the rest (column-major)."""
    found, start = [], 0
    for l, (rows, cols) in enumerate(theta_shapes(sizes), 1):
        found.append((f"Theta{l}_grad(:, 1)", slice(start, start + rows)))
        found.append((f"Theta{l}_grad(:, 2:end)", slice(start + rows, start + rows * cols)))
        start += rows * cols
    return found


def _close(a, b, tol):
    """a ≈ b relative to their size, or both below ``tol`` absolutely."""
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    return bool(np.abs(a - b).max(initial=0.0) <= tol + 1e-6 * scale)


def _regularization_term(Thetas, lambda_, m, bias=False):
    """(λ/m) Θ unrolled, on every column but the first (or on the first only, ``bias``)."""
    parts = []
    for Theta in Thetas:
        term = np.zeros_like(Theta)
        if bias:
            term[:, 0] = Theta[:, 0]
        else:
            term[:, 1:] = Theta[:, 1:]
        parts.append(np.ravel(lambda_ / m * term, order="F"))
    return np.concatenate(parts)


def _name_factor(c, m, K=0, cost=False):
    for value, name, meaning in _factor_names(m, K, cost):
        if abs(c - value) <= 1e-3 * abs(value):
            return name, meaning
    return f"{c:.4g}", ""


def read_gradient(grad, reference, Thetas, sizes, lambda_, m, tol=1e-7, cost_wrong=False):
    """Readings of a wrong gradient ``grad`` against the course's ``reference`` (same inputs).

    ``Thetas`` are the weights they were computed at; ``tol`` is the absolute difference
    taken as equal (1e-7 for computed values, about 1e-5 for values printed with 5 decimals).
    Returns ``[(name, text)]``, most telling first; empty where they agree.
    """
    grad, reference = np.ravel(grad).astype(float), np.ravel(reference).astype(float)
    if grad.size != reference.size:
        return [("gradient size", f"your gradient has {grad.size} values; nn_params has {reference.size}: "
                                  "unroll every Theta(l)_grad, [Theta1_grad(:); Theta2_grad(:)]")]
    if _close(grad, reference, tol):
        return []
    if not grad.any():
        return [("gradient of zeros", "your gradient is all zeros: the starter's blank is still there; "
                                      "fill in backpropagation, §2.3 steps 1-5")]
    found = []
    # Unrolled row by row: the same values, read in C order.
    shapes = theta_shapes(sizes)
    regrouped, start = [], 0
    for rows, cols in shapes:
        regrouped.append(np.ravel(np.reshape(grad[start:start + rows * cols], (rows, cols), order="C"), order="F"))
        start += rows * cols
    if _close(np.concatenate(regrouped), reference, tol):
        return [("gradient unrolled row-major",
                 "your gradient has the right values, unrolled row by row: unroll each Theta(l)_grad column "
                 "by column, [Theta1_grad(:); Theta2_grad(:)] (ravel(order='F'))")]

    reg = _regularization_term(Thetas, lambda_, m)
    unregularized = reference - reg
    # The regularization term missing, doubled, scaled, or put on the bias column.
    if lambda_ > 0:
        if _close(grad, unregularized, tol):
            return [("gradient not regularized", "your gradient is right for lambda = 0 and lacks (lambda/m) Theta: "
                     "add it to every column of Theta(l)_grad but the first (§2.5)")]
        bias_reg = _regularization_term(Thetas, lambda_, m, bias=True)
        if _close(grad, reference + bias_reg, tol):
            return [("bias columns regularized in the gradient",
                     "your gradient adds (lambda/m) Theta to the first columns too: leave the bias column of "
                     "each Theta(l)_grad out of the regularization (§2.5, j >= 1)")]
        extra = grad - unregularized
        if reg.any() and _close(extra, (np.vdot(extra, reg) / np.vdot(reg, reg)) * reg, tol):
            c = np.vdot(extra, reg) / np.vdot(reg, reg)
            name, meaning = _name_factor(c, m)
            said = f"{name} x (lambda/m) Theta" + (f" ({meaning.split(':')[0]})" if meaning else "")
            return [("gradient's regularization scaled",
                     f"your gradient's regularization term is {said}: it is (lambda/m) Theta, "
                     "the derivative of the cost's (lambda/(2m)) Σ Theta² (§2.5)")]
    # One factor everywhere (on the backpropagation part, the regularization being right or absent).
    for label, target, fixed in (("", reference, np.zeros_like(reg)), (" (its Δ / m part)", unregularized, reg)):
        part = grad - fixed
        if target.any():
            c = np.vdot(part, target) / np.vdot(target, target)
            if abs(c - 1) > 1e-6 and _close(part, c * target, tol):
                name, meaning = _name_factor(c, m)
                found.append((f"gradient x {name}", f"your gradient{label} is {name} times the course's in every "
                                                     f"block" + (f": {meaning}" if meaning else
                                                                  ": look at the scale in §2.3 steps 2 and 5")))
                return found
        if lambda_ == 0:
            break
    # Block by block: which ones are wrong?
    wrong = [(label, where) for label, where in blocks(sizes)
             if not _close(grad[where], reference[where], tol)]
    layers = len(shapes)
    wrong_layers = sorted({int(label[5:label.index("_")]) for label, _ in wrong})
    if all(label.endswith("(:, 1)") for label, _ in wrong):
        names = ", ".join(label for label, _ in wrong)
        found.append(("bias column of the gradient", f"only {names} differ{'s' if len(wrong) == 1 else ''}: the bias "
                      "column, Δ(l)(:, 1) = Σ_i δ(l+1) times the bias unit a_0 = 1 (§2.3 step 4, a(l) with its "
                      "column of ones)" + (", with no (lambda/m) Theta on it (§2.5)" if lambda_ > 0 else "")))
    elif layers not in wrong_layers:
        right = ", ".join(f"Theta{l}_grad" for l in range(wrong_layers[-1] + 1, layers + 1))
        bad = ", ".join(f"Theta{l}_grad" for l in wrong_layers)
        found.append(("hidden layer's delta", f"{bad} wrong while {right} is right: the output layer's δ(L) is fine, so "
                      "look at step 3, δ(l) = (Theta(l)' δ(l+1))(2:end) .* g'(z(l)): g' of z(l), not of a(l), "
                      "and δ_0 dropped"))
    elif wrong_layers == [layers] and layers > 1:
        found.append(("output layer's Delta", f"only Theta{layers}_grad is wrong: step 4 for the last layer, "
                      f"Δ({layers}) = Σ_i δ({layers + 1}) a({layers})' with a({layers}) including its bias unit"))
    elif cost_wrong:
        found.append(("forward pass", "every Theta(l)_grad is wrong and so is the cost: the forward pass comes "
                      "first (§1.3: a(1) = [1 X], z(2) = a(1) Theta1', a(2) = [1 g(z(2))], h = g(a(2) Theta2')), "
                      "with the Thetas unchanged and lambda_ as given; then the cost (§1.4)"))
    else:
        found.append(("every layer's gradient", "every Theta(l)_grad is wrong: start at the output, §2.3 step 2 "
                      "(δ(L) = a(L) - y, with y one-hot) and step 5 (D = Δ / m), then the blocks below"))
    return found


def where_not_finite(J, grad, numgrad, sizes):
    """Where a NaN or an infinity first shows in a gradient check: the cost (the forward pass or the
    logarithms), or the first block of the learner's gradient that has one (which step)."""
    grad, numgrad = np.ravel(np.asarray(grad, dtype=float)), np.ravel(np.asarray(numgrad, dtype=float))
    if not np.isfinite(J) or not np.isfinite(numgrad).all():
        return (f"Your cost is {J:g} on the check's network, where every h is strictly between 0 and 1, so the "
                "numerical column is NaN: the NaN comes from your forward pass or the logarithms (§1.3-1.4). Is the "
                "output layer's sigmoid there (h = g(z(3)), not z(3))? Is the sigmoid 1 / (1 + np.exp(-z)), with "
                "its parentheses? log(h) and log(1 - h) need 0 < h < 1.")
    if grad.size == sum(r * c for r, c in theta_shapes(sizes)):
        for label, where in blocks(sizes):
            if not np.isfinite(grad[where]).all():
                layer = int(label[5:label.index("_")])
                step = ("step 2 or 4: δ(L) = a(L) - y and Δ(L-1) = δ(L) a(L-1)'" if layer == len(sizes) - 1 else
                        "step 3: δ(l) = (Theta(l)' δ(l+1))(2:end) .* g'(z(l))")
                return (f"Your cost is finite but your gradient has NaN or infinity, first in {label}: look at "
                        f"{step} (§2.3); the numerical column shows the values it should have.")
    return "Your gradient has NaN or infinity where the cost is finite: look at §2.3's steps 2-5 in order."


def read_regularization(term, Thetas, lambda_, m, tol=1e-7):
    """Readings of a gradient's regularization term alone (the gradient less its right Δ/m part,
    where backpropagation is known right): which Theta has it, which column or row is left out."""
    term = np.ravel(term).astype(float)
    right = _regularization_term(Thetas, lambda_, m)
    if _close(term, right, tol):
        return []
    if _close(term, np.zeros_like(term), tol):
        return [("gradient not regularized", "your gradient is right at lambda = 0 and lacks "
                 "(lambda/m) Theta: add it to every column of Theta(l)_grad but the first (§2.5)")]
    said, start = [], 0
    for l, Theta in enumerate(Thetas, 1):
        piece = term[start:start + Theta.size]
        start += Theta.size
        want = np.ravel(lambda_ / m * np.hstack([np.zeros((Theta.shape[0], 1)), Theta[:, 1:]]), order="F")
        if _close(piece, want, tol):
            continue
        rows_out = lambda_ / m * Theta.copy()
        rows_out[0, :] = 0
        if _close(piece, np.zeros_like(piece), tol):
            said.append(f"Theta{l}_grad has none")
        elif _close(piece, np.ravel(lambda_ / m * Theta, order="F"), tol):
            said.append(f"Theta{l}_grad's has the bias column too")
        elif _close(piece, np.ravel(rows_out, order="F"), tol):
            said.append(f"Theta{l}_grad's leaves out the first row instead of the first column")
        elif want.any():
            c = np.vdot(piece, want) / np.vdot(want, want)
            name, meaning = _name_factor(c, m)
            if _close(piece, c * want, tol):
                said.append(f"Theta{l}_grad's is {name} x (lambda/m) Theta" + (f" ({meaning.split(':')[0]})"
                                                                               if meaning else ""))
            else:
                said.append(f"Theta{l}_grad's is not (lambda/m) Theta")
    advice = ("; leave the bias column of each Theta(l)_grad out of the regularization (§2.5, j >= 1)"
              if any("bias column" in part for part in said) else "")
    return [("gradient's regularization", "your gradient is right at lambda = 0 (part 4 passes, or the check at "
             "lambda = 0), so the fix is the regularization term (lambda/m) Theta(l), on every column but the first "
             "(§2.5): " + "; ".join(said) + advice)]


EPSILON_INIT = 0.12  # the handout's ε_init (§2.2); √6 / √(L_in + L_out) is accepted as well


def read_initial_weights(Thetas):
    """Readings of the learner's initial weights (§2.2): all equal (the symmetry the handout warns
    of), never negative, or wider than the handout's ε_init."""
    found = []
    for l, W in enumerate(Thetas, 1):
        W = np.asarray(W, dtype=float)
        if W.size and np.ptp(W) == 0:
            found.append(("initial weights all equal",
                          f"your initial Theta{l} has every weight equal ({W.flat[0]:g}): every hidden unit then "
                          "computes the same thing and stays the same through training, the symmetry §2.2 breaks "
                          "with random weights: W = rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init"))
            break
        if W.size and W.min() >= 0:
            found.append(("initial weights never negative",
                          f"your initial Theta{l} has no negative weight (from {W.min():.3g} to {W.max():.3g}): "
                          "§2.2 draws them uniformly in [-epsilon_init, epsilon_init]: rand(...) * 2 * "
                          "epsilon_init - epsilon_init"))
            break
        L_out, L_in = W.shape[0], W.shape[1] - 1
        widest = max(EPSILON_INIT, np.sqrt(6) / np.sqrt(L_in + L_out))
        if np.abs(W).max() > widest * (1 + 1e-9):
            found.append(("initial weights too wide",
                          f"your initial Theta{l} reaches {np.abs(W).max():.3g}; §2.2 keeps them within "
                          f"epsilon_init = 0.12 (or sqrt(6) / sqrt(L_in + L_out) = {widest:.3g} here), so that "
                          "the sigmoids start in their steep middle"))
            break
    return found


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
NONE = Mistake("", "")  # the course's own pass


def mistake_output(slip, Thetas, X, y, lambda_):
    """(J, grad unrolled column-major) of the handout's pass with the :class:`Mistake` ``slip`` put in."""
    from .params import unroll_params

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


def cross_entropy_bounds(Thetas, X):
    """The least and the greatest (1/m) Σ_i Σ_k cost of these weights on X over every one-hot labelling.

    Each output's term is -log g(z) or -log(1 - g(z)) = softplus(∓z): at least softplus(-|z|),
    at most softplus(|z|), whichever k is the label; the labels only choose which.
    """
    a = np.asarray(X, dtype=float)
    for Theta in Thetas:
        z = np.hstack([np.ones((a.shape[0], 1)), a]) @ Theta.T
        a = 1 / (1 + np.exp(-z))
    m = z.shape[0]
    low = np.logaddexp(0, -np.abs(z)).sum() / m
    high = np.logaddexp(0, np.abs(z)).sum() / m
    return low, high


def read_cost(J, reference, lambda_, m, K, bounds=None, J0=None, reference0=None, tol=1e-9):
    """Readings of a wrong cost ``J`` against the course's ``reference`` at ``lambda_``.

    ``bounds`` are :func:`cross_entropy_bounds` of the same weights (without the
    regularization); ``J0``/``reference0`` the learner's and the course's cost at lambda = 0.
    """
    if abs(J - reference) <= tol + 1e-7 * abs(reference):
        return []
    if J0 is not None and reference0 is not None and lambda_ > 0 and abs(J0 - reference0) <= tol + 1e-7 * abs(reference0):
        term, expected = J - J0, reference - reference0
        ratio = term / expected if expected else float("inf")
        if abs(ratio - 2) < 1e-6:
            why = "it is (lambda/(2m)) Σ Theta², not lambda/m (§1.4)"
        elif abs(ratio) < 1e-9:
            why = "it is missing: add (lambda/(2m)) Σ Theta² over every column but the first (§1.4)"
        elif abs(ratio - m * m) < 1e-6 * m * m:
            why = "m² times the course's: lambda_ / 2 * m is (lambda_ / 2) * m; write lambda_ / (2 * m) (§1.4)"
        elif abs(ratio - 1 / m) < 1e-6 / m:
            why = "1/m times the course's: divided by m once too often (§1.4)"
        else:
            why = ("it is (lambda/(2m)) Σ over both Theta1 and Theta2, every column but the first, of Theta² "
                   "(§1.4)")
        return [("cost's regularization", f"your cost is right at lambda = 0 and wrong above it: its regularization "
                                          f"term is {term:.6g}, the course's {expected:.6g}: {why}")]
    if reference:
        name, meaning = _name_factor(J / reference, m, K, cost=True)
        if meaning:
            return [(f"cost x {name}", f"your cost is {name} times the course's: {meaning}")]
    if J0 is not None and reference0 and lambda_ > 0:
        name, meaning = _name_factor(J0 / reference0, m, K, cost=True)
        if meaning:
            return [(f"cost x {name}", f"your cost at lambda = 0 is {name} times the course's: {meaning}")]
    found = []
    if bounds is not None:
        low, high = bounds
        # The bounds are of the cross-entropy alone: take the course's regularization term off.
        unreg = J - ((reference - reference0) if (reference0 is not None and lambda_ > 0) else 0.0)
        if unreg > high * (1 + 1e-6) + 1e-9:
            found.append(("cost above any cross-entropy",
                          f"your cost, {J:.6g}, is above what any one-hot cross-entropy of these weights can be "
                          f"({high:.6g}): y must be one-hot (§1.3: label 3 is [0 0 1 ...]), and each term "
                          "-y_k log(h_k) - (1 - y_k) log(1 - h_k) taken element by element (.*), not by a matrix "
                          "product (§1.4)"))
        elif unreg < low * (1 - 1e-6) - 1e-9:
            found.append(("cost below any cross-entropy",
                          f"your cost, {J:.6g}, is below what any one-hot cross-entropy of these weights can be "
                          f"({low:.6g}): y must be one-hot (§1.3: label 3 is [0 0 1 ...]), and J sums over every "
                          "example and every output k = 1..K (§1.4)"))
    if not found:
        found.append(("cost not the course's",
                      f"your cost, {J:.10g}, is not the course's ({reference:.10g}): J = (1/m) Σ_i Σ_k "
                      "[-y_k log(h_k) - (1 - y_k) log(1 - h_k)] (§1.4), y one-hot, h = a(L) of the forward pass"))
    return found


@dataclass
class Numbers:
    """What is known of a learner's nnCostFunction on one problem: the one input of :func:`read`.

    ``J``/``grad`` are theirs (``grad`` None where only the cost was asked), ``J_ref``/``grad_ref``
    the course's on the same inputs; ``tol`` is the absolute difference taken as equal (1e-7 for
    computed values, 2e-5 for values printed with 5 decimals).  The rest is known only sometimes:
    their cost and the course's at lambda = 0, the numerical gradient of their own cost, whether
    their gradient at lambda = 0 is already known right, and three questions asked only when a
    reading gets to them: ``again`` (the same call asked once more: their (J, grad)), ``named``
    (the usual mistakes their output matches exactly) and ``conventions`` (the other conventions
    under which it passes).
    """

    J: float
    grad: object
    J_ref: float
    grad_ref: object
    Thetas: list
    sizes: tuple
    lambda_: float
    m: int
    tol: float = 1e-7
    bounds: object = None
    J0: object = None
    J0_ref: object = None
    numgrad: object = None
    backprop_right: bool = False
    sigmoid_gradient_wrong: bool = False
    gradient_first: bool = False
    again: object = None
    named: object = None
    conventions: object = None


def _blank(n):
    if n.grad is not None and n.grad.size and not n.grad.any():
        said = "and J = 0: both are still the starter's blanks" if n.J == 0 else "the starter's blank"
        return [("gradient still blank", f"your gradient is all zeros, {said}: fill in backpropagation, §2.3 "
                                         "steps 1-5")]
    if n.J == 0 and n.J_ref != 0:
        return [("cost still blank", "your nnCostFunction returns J = 0: the cost is still the starter's blank; "
                                     "compute it, §1.3-1.4")]
    return []


def _not_finite(n):
    grad = n.grad if n.grad is not None else np.zeros(0)
    if np.isfinite(n.J) and np.isfinite(grad).all():
        return []
    numgrad = n.numgrad if n.numgrad is not None else np.full(grad.shape, np.nan if not np.isfinite(n.J) else 0.0)
    return [("non-finite output", where_not_finite(n.J, grad, numgrad, n.sizes))]


def _named(n):
    return n.named() if n.named else []


def _sigmoid_gradient_first(n):
    if not n.sigmoid_gradient_wrong or n.grad is None or _close(n.grad, n.grad_ref, n.tol):
        return []
    return [("sigmoid gradient first", "your sigmoidGradient is wrong (its part, Sigmoid Gradient, says so), and "
             "backpropagation uses it "
             "(§2.3 step 3: δ(2) = (Theta2' δ(3))(2:end) .* g'(z(2))): fix it first, then read this part again")]


def _regularization_alone(n):
    if not (n.backprop_right and n.lambda_ > 0 and n.grad is not None and n.grad.size == n.grad_ref.size):
        return []
    unregularized = n.grad_ref - _regularization_term(n.Thetas, n.lambda_, n.m)
    return read_regularization(n.grad - unregularized, n.Thetas, n.lambda_, n.m, tol=n.tol)


def _conventions(n):
    return n.conventions() if n.conventions else []


def _state_between_calls(n):
    if not n.again:
        return []
    J2, grad2 = n.again()
    if J2 is None or (abs(J2 - n.J) <= n.tol and (grad2 is None or n.grad is None or _close(grad2, n.grad, n.tol))):
        return []
    return [("state between calls", f"asked the same call again, your nnCostFunction gave {J2:.6g} where it gave "
             f"{n.J:.6g}: it keeps state between calls (a global accumulator, or a mutable default); start each "
             "call's Delta from zeros")]


def _lambda_ignored(n):
    if n.lambda_ > 0 and n.J0 is not None and n.J0_ref is not None and abs(n.J - n.J0) <= n.tol \
            and abs(n.J_ref - n.J0_ref) > n.tol:
        return [("lambda ignored", f"your cost is the same with lambda = {n.lambda_:g} as with lambda = 0: the "
                                   "function does not use its lambda_ argument (is it set inside?)")]
    return []


def _gradient_and_cost(n):
    cost_wrong = abs(n.J - n.J_ref) > n.tol + 1e-7 * abs(n.J_ref)
    grad_readings = [] if n.grad is None else read_gradient(n.grad, n.grad_ref, n.Thetas, n.sizes, n.lambda_, n.m,
                                                            tol=n.tol, cost_wrong=cost_wrong)
    cost_readings = read_cost(n.J, n.J_ref, n.lambda_, n.m, n.sizes[-1], n.bounds, n.J0, n.J0_ref,
                              tol=n.tol) if cost_wrong else []
    if grad_readings and n.numgrad is not None and _close(n.grad, n.numgrad, 1e-7):
        grad_readings = [("gradient follows the cost", "your backpropagation matches your own cost (the gradient "
                          "check passes), but that cost is not the course's: fix the cost first (§1.3-1.4)")]
    elif not grad_readings and cost_readings and n.grad is not None:
        cost_readings.append(("gradient right, cost wrong", "your gradient is the course's; your cost is not: "
                              "backpropagation is fine, fix the cost (§1.4)"))
    return grad_readings + cost_readings if n.gradient_first else cost_readings + grad_readings


# The readings, most basic first: the first that says something is what the learner reads first.
# A new reading is one function here and one entry in this list.
READINGS = (_blank, _not_finite, _named, _sigmoid_gradient_first, _regularization_alone, _conventions,
            _state_between_calls, _lambda_ignored, _gradient_and_cost)


def read(numbers, most=2):
    """[(name, text)] of the first reading in :data:`READINGS` that says something of ``numbers``."""
    numbers.grad = None if numbers.grad is None else np.ravel(np.asarray(numbers.grad, dtype=float))
    numbers.grad_ref = None if numbers.grad_ref is None else np.ravel(np.asarray(numbers.grad_ref, dtype=float))
    for reading in READINGS:
        found = reading(numbers)
        if found:
            return found[:most]
    return []


def diagnose(cost_function, sizes, m=5, lambdas=(0.0, 3.0), sigmoid_gradient_wrong=False):
    """Readings of ``cost_function`` on checkNNGradients' network (debug weights, its X and y).

    For each lambda, :func:`read` with its gradient, the numerical gradient of its own cost and
    the course's; ``sigmoid_gradient_wrong`` where the learner's sigmoidGradient is known wrong
    (then that is the first fix).  ``cost_function`` has nnCostFunction's signature, is called the course's way,
    and returns (J, grad) checked.  Returns ``[(name, text)]`` without repeats, most telling first.
    """
    from .cost import nnCostFunction
    from .params import course_hidden_size, unroll_params

    Thetas, X, y = debug_problem(sizes, m)
    p = unroll_params(Thetas)
    hidden = course_hidden_size(sizes)
    bounds = cross_entropy_bounds(Thetas, X)

    def call(lambda_):
        return cost_function(p, sizes[0], hidden, sizes[-1], X, y, lambda_)

    readings, at_zero, right_at_zero = [], (None, None), False
    for lambda_ in lambdas:
        J, grad = call(lambda_)
        J_ref, grad_ref = nnCostFunction(p, sizes[0], hidden, sizes[-1], X, y, lambda_)
        if lambda_ == 0:  # backpropagation known right: a wrong gradient above is its regularization
            right_at_zero = _close(np.ravel(grad), np.ravel(grad_ref), 1e-7)
        numgrad = computeNumericalGradient(lambda q, lambda_=lambda_: cost_function(q, sizes[0], hidden, sizes[-1],
                                                                                   X, y, lambda_), p)
        numbers = Numbers(J, grad, J_ref, grad_ref, Thetas, sizes, lambda_, m, bounds=bounds,
                          J0=at_zero[0] if lambda_ > 0 else None, J0_ref=at_zero[1] if lambda_ > 0 else None,
                          numgrad=numgrad, again=(lambda: call(lambdas[0])) if lambda_ == lambdas[0] else None,
                          backprop_right=right_at_zero and lambda_ > 0, sigmoid_gradient_wrong=sigmoid_gradient_wrong,
                          named=lambda J=J, lambda_=lambda_: named_mistakes(J, Thetas, X, y, lambda_))
        if lambda_ == 0:
            at_zero = (J, J_ref)
        found = read(numbers, most=3)
        basic = [r for r in found if r[0] in ("state between calls", "lambda ignored")]
        if basic:  # nothing else can be read until this is fixed
            return basic[:1]
        readings += [r for r in found if r[0] not in {name for name, _ in readings}]
    return readings


def expected_shapes(m, sizes):
    """[(name, shape)] of each step of §1.3 and §2.3 for m examples and these layer sizes,
    as the handout's vectorized solution has them (one example per row, bias columns first)."""
    shapes = [(f"Theta{l} = reshape(nn_params, {rows} x {cols}, order='F')", (rows, cols))
              for l, (rows, cols) in enumerate(theta_shapes(sizes), 1)]
    shapes += [("a(1) = [1 X]", (m, sizes[0] + 1))]
    L = len(sizes)
    for l in range(2, L + 1):
        shapes.append((f"z({l}) = a({l - 1}) Theta{l - 1}'", (m, sizes[l - 1])))
        if l < L:
            shapes.append((f"a({l}) = [1 g(z({l}))]", (m, sizes[l - 1] + 1)))
    shapes += [(f"a({L}) = h", (m, sizes[-1])), ("Y, y one-hot", (m, sizes[-1])),
               (f"delta({L}) = h - Y", (m, sizes[-1]))]
    for l in range(L - 1, 1, -1):
        shapes.append((f"delta({l}) = (delta({l + 1}) Theta{l})(:, 2:end) .* g'(z({l}))", (m, sizes[l - 1])))
    for l in range(1, L):
        shapes.append((f"Delta({l}) = delta({l + 1})' a({l}), Theta{l}_grad", (sizes[l], sizes[l - 1] + 1)))
    return shapes


def shape_line(m, sizes):
    """:func:`expected_shapes` in one short line: 'a(1) 16x3, z(2) 16x4, ...'."""
    return ", ".join(f"{name.split(' = ')[0].split(',')[0]} {'x'.join(map(str, shape))}"
                     for name, shape in expected_shapes(m, sizes))


SHAPE_ERROR_WORDS = ("shape", "broadcast", "dimension", "aligned", "concatenat", "mismatch")
_ALIGNED = re.compile(r"shapes \((\d+), ?(\d+)\) and \((\d+), ?(\d+)\) not aligned")


def error_reading(exc_text):
    """(name, text) for an error the learner's code raised that is not about the sizes of the
    network (those get the table of shapes), or None.  Read from the error itself, numpy's words."""
    low = exc_text.lower()
    if "arrays can be converted to python scalars" in low or ("must be real number" in low and "ndarray" in low):
        return ("math function on an array", "a function of the math module (math.exp, math.log) or float() was "
                "given an array: they take one number; use numpy's, np.exp and np.log, which work element by element")
    aligned = _ALIGNED.search(exc_text)
    if aligned and aligned.group(1, 2) == aligned.group(3, 4):
        return ("matrix product of equal shapes", "np.dot (or @) multiplies matrices, and two matrices of the same "
                "shape do not multiply so; element by element, as MATLAB's .*, is * in numpy")
    if "'list' object has no attribute" in low or "can't multiply sequence" in low or (
            "unsupported operand" in low and "list" in low):
        return ("a list where an array is meant", "a Python list does not do arithmetic element by element: make "
                "it an array first, np.array(...)")
    if "index" in low and "out of bounds" in low:
        return ("index out of bounds", "an index past the end of an axis: labels run 1..num_labels (for the "
                "digits, 10 stands for the digit 0), and Python counts from 0: as a column index, label y is y - 1")
    return None


def is_shape_error(exc_text):
    """Whether an error's text (``ValueError: operands could not be broadcast ...``) is about the
    network's shapes: where :func:`error_reading` has nothing more exact to say."""
    if error_reading(exc_text) is not None:
        return False
    first = exc_text.lower()
    return any(word in first for word in SHAPE_ERROR_WORDS)
