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

from dataclasses import dataclass

import numpy as np

from ..numgrad import computeNumericalGradient
from ..sigmoid import logistic
from ..params import matrices, theta_shapes
from ..weights import debug_problem
from .mistakes import named_mistakes
from .terms import blocks, close, name_factor, read_regularization, regularization_term


# What a learner's sigmoidGradient often computes instead of g'(z) = g(z) (1 - g(z)).
SIGMOID_GRADIENT_SLIPS = (
    ("sigmoid(z) * (1 - z)", lambda z: logistic(z) * (1 - z)),
    ("z * (1 - z)", lambda z: z * (1 - z)),
    ("sigmoid(z) itself", logistic),
    ("1 - sigmoid(z)", lambda z: 1 - logistic(z)),
    ("sigmoid(z) ** 2", lambda z: logistic(z) ** 2),
    ("sigmoid(z) * (1 + sigmoid(z))", lambda z: logistic(z) * (1 + logistic(z))),
    ("exp(-z) / (1 + exp(-z))", lambda z: np.exp(-z) / (1 + np.exp(-z))),
    ("exp(z) / (1 + exp(-z)) ** 2, exp(z) where exp(-z) belongs", lambda z: np.exp(z) / (1 + np.exp(-z)) ** 2),
    ("sigmoid(z) - sigmoid(z ** 2)", lambda z: logistic(z) - logistic(z ** 2)),
    ("(1 - tanh(z) ** 2) / 4, tanh(z) where tanh(z / 2) belongs", lambda z: (1 - np.tanh(z) ** 2) / 4),
)


def read_sigmoid_gradient(z, g, tol=1e-5):
    """[(name, text)] of a learner's sigmoidGradient's values ``g`` at ``z`` (their shapes alike), where they
    are not g(z) (1 - g(z)): zeros (the starter's blank, a slip of the parentheses), a usual slip
    recomputed, or the rule itself (§2.1)."""
    z, g = np.asarray(z, dtype=float), np.asarray(g, dtype=float)
    if g.shape != z.shape or close(g, logistic(z) * (1 - logistic(z)), tol):
        return []
    if not g.any():
        return [("sigmoid gradient of zeros", "your sigmoidGradient returns zeros (the starter's blank, or a slip such "
                 "as sigmoid(z) * 1 - sigmoid(z)): g'(z) = g(z) (1 - g(z)), 0.25 at z = 0 (§2.1); mind the parentheses")]
    right = logistic(z) * (1 - logistic(z))
    for factor, said in ((-1.0, "-g'(z), the sign flipped"), (2.0, "2 g'(z)"), (0.5, "g'(z) / 2"), (4.0, "4 g'(z)")):
        if close(g, factor * right, tol):
            return [(f"sigmoid gradient as {said}", f"your sigmoidGradient gives {said}: g'(z) = g(z) (1 - g(z)), "
                     "positive, 0.25 at z = 0 (§2.1)")]
    for said, slip in SIGMOID_GRADIENT_SLIPS:
        with np.errstate(all="ignore"):
            if close(g, slip(z), tol):
                return [(f"sigmoid gradient as {said}", f"your sigmoidGradient computes {said}: g'(z) = g(z) (1 - g(z)) "
                         "with g the sigmoid, sigmoid(z) * (1 - sigmoid(z)), 0.25 at z = 0 (§2.1)")]
    step = _finite_difference_step(z, g, tol)
    if step:
        return [("sigmoid gradient by finite differences", f"your sigmoidGradient is a numerical derivative, (g(z + "
                 f"{step:.3g}) - g(z - {step:.3g})) / {2 * step:.3g}: its step leaves errors that show in the printed "
                 "digits; g'(z) = g(z) (1 - g(z)) is exact (§2.1)")]
    i = int(np.argmax(np.abs(g - right)))
    return [("sigmoid gradient", f"your sigmoidGradient gives {g.flat[i]:.5g} at z = {z.flat[i]:.4g}, where g'(z) = g(z) "
             f"(1 - g(z)) is {right.flat[i]:.5g}: g'(z) = sigmoid(z) * (1 - sigmoid(z)), element by element (§2.1)")]


def _finite_difference_step(z, g, tol):
    """The step e where ``g`` is (g(z + e) - g(z - e)) / 2e, the central difference, or 0."""
    with np.errstate(all="ignore"):
        for e in np.geomspace(1e-4, 1.0, 400):
            if close(g, (logistic(z + e) - logistic(z - e)) / (2 * e), tol):
                return float(e)
    return 0.0


def read_gradient(grad, reference, Thetas, sizes, lambda_, m, tol=1e-7, cost_wrong=False):
    """Readings of a wrong gradient ``grad`` against the course's ``reference`` (same inputs).

    ``Thetas`` are the weights they were computed at; ``tol`` is the absolute difference
    taken as equal (1e-7 for computed values, about 1e-5 for values printed with 5 decimals).
    Returns ``[(name, text)]``, most telling first; empty where they agree.  The readings go from
    the whole vector to its blocks: its size and layout, the regularization term, one factor
    everywhere, then which blocks are wrong.
    """
    grad, reference = np.ravel(grad).astype(float), np.ravel(reference).astype(float)
    if grad.size != reference.size:
        return [("gradient size", f"your gradient has {grad.size} values; nn_params has {reference.size}: "
                                  "unroll every Theta(l)_grad, [Theta1_grad(:); Theta2_grad(:)]")]
    if close(grad, reference, tol):
        return []
    reg = regularization_term(Thetas, lambda_, m)
    return (_gradient_layout(grad, reference, sizes, tol)
            or (_gradient_regularization(grad, reference, reg, Thetas, lambda_, m, tol) if lambda_ > 0 else [])
            or _gradient_factor(grad, reference, reg, lambda_, m, tol)
            or _gradient_blocks(grad, reference, sizes, lambda_, tol, cost_wrong))


def _gradient_layout(grad, reference, sizes, tol):
    """The starter's blank, or the right values unrolled row by row."""
    if not grad.any():
        return [("gradient of zeros", "your gradient is all zeros: the starter's blank is still there; "
                                      "fill in backpropagation, §2.3 steps 1-5")]
    regrouped = [np.ravel(block, order="F") for block in matrices(grad, sizes, order="C")]
    if close(np.concatenate(regrouped), reference, tol):
        return [("gradient unrolled row-major",
                 "your gradient has the right values, unrolled row by row: unroll each Theta(l)_grad column "
                 "by column, [Theta1_grad(:); Theta2_grad(:)] (ravel(order='F'))")]
    return []


def _gradient_regularization(grad, reference, reg, Thetas, lambda_, m, tol):
    """The regularization term missing, put on the bias column too, or scaled."""
    unregularized = reference - reg
    if close(grad, unregularized, tol):
        return [("gradient not regularized", "your gradient is right for lambda = 0 and lacks (lambda/m) Theta: "
                 "add it to every column of Theta(l)_grad but the first (§2.5)")]
    bias_reg = regularization_term(Thetas, lambda_, m, bias=True)
    if close(grad, reference + bias_reg, tol):
        return [("bias columns regularized in the gradient",
                 "your gradient adds (lambda/m) Theta to the first columns too: leave the bias column of "
                 "each Theta(l)_grad out of the regularization (§2.5, j >= 1)")]
    extra = grad - unregularized
    if reg.any() and close(extra, (np.vdot(extra, reg) / np.vdot(reg, reg)) * reg, tol):
        c = np.vdot(extra, reg) / np.vdot(reg, reg)
        name, meaning = name_factor(c, m)
        said = f"{name} x (lambda/m) Theta" + (f" ({meaning.split(':')[0]})" if meaning else "")
        return [("gradient's regularization scaled",
                 f"your gradient's regularization term is {said}: it is (lambda/m) Theta, "
                 "the derivative of the cost's (lambda/(2m)) Σ Theta² (§2.5)")]
    return []


def _gradient_factor(grad, reference, reg, lambda_, m, tol):
    """One factor everywhere, on the whole gradient or on its Δ / m part (the regularization right)."""
    for label, target, fixed in (("", reference, np.zeros_like(reg)), (" (its Δ / m part)", reference - reg, reg)):
        part = grad - fixed
        if target.any():
            c = np.vdot(part, target) / np.vdot(target, target)
            if abs(c - 1) > 1e-6 and close(part, c * target, tol):
                name, meaning = name_factor(c, m)
                return [(f"gradient x {name}", f"your gradient{label} is {name} times the course's in every block"
                         + (f": {meaning}" if meaning else ": look at the scale in §2.3 steps 2 and 5"))]
        if lambda_ == 0:
            break
    return []


def _gradient_blocks(grad, reference, sizes, lambda_, tol, cost_wrong):
    """Which blocks are wrong, and the step of §2.3 that they point to."""
    wrong = [(label, where) for label, where in blocks(sizes) if not close(grad[where], reference[where], tol)]
    layers = len(sizes) - 1
    wrong_layers = sorted({int(label[5:label.index("_")]) for label, _ in wrong})
    if all(label.endswith("(:, 1)") for label, _ in wrong):
        names = ", ".join(label for label, _ in wrong)
        return [("bias column of the gradient", f"only {names} differ{'s' if len(wrong) == 1 else ''}: the bias "
                 "column, Δ(l)(:, 1) = Σ_i δ(l+1) times the bias unit a_0 = 1 (§2.3 step 4, a(l) with its "
                 "column of ones)" + (", with no (lambda/m) Theta on it (§2.5)" if lambda_ > 0 else ""))]
    if layers not in wrong_layers:
        right = ", ".join(f"Theta{l}_grad" for l in range(wrong_layers[-1] + 1, layers + 1))
        bad = ", ".join(f"Theta{l}_grad" for l in wrong_layers)
        return [("hidden layer's delta", f"{bad} wrong while {right} is right: the output layer's δ(L) is fine, so "
                 "look at step 3, δ(l) = (Theta(l)' δ(l+1))(2:end) .* g'(z(l)): g' of z(l), not of a(l), "
                 "and δ_0 dropped")]
    if wrong_layers == [layers] and layers > 1:
        return [("output layer's Delta", f"only Theta{layers}_grad is wrong: step 4 for the last layer, "
                 f"Δ({layers}) = Σ_i δ({layers + 1}) a({layers})' with a({layers}) including its bias unit")]
    if cost_wrong:
        return [("forward pass", "every Theta(l)_grad is wrong and so is the cost: the forward pass comes "
                 "first (§1.3: a(1) = [1 X], z(2) = a(1) Theta1', a(2) = [1 g(z(2))], h = g(a(2) Theta2')), "
                 "with the Thetas unchanged and lambda_ as given; then the cost (§1.4)")]
    return [("every layer's gradient", "every Theta(l)_grad is wrong: start at the output, §2.3 step 2 "
             "(δ(L) = a(L) - y, with y one-hot) and step 5 (D = Δ / m), then the blocks below")]


def where_not_finite(J, grad, numgrad, sizes, checked=True):
    """Where a NaN or an infinity first shows: the cost (the forward pass or the logarithms), or the
    first block of the learner's gradient that has one (which step).  ``checked``: said of the
    gradient check's network, beside its numerical column; else of the grader's test case."""
    grad, numgrad = np.ravel(np.asarray(grad, dtype=float)), np.ravel(np.asarray(numgrad, dtype=float))
    if not np.isfinite(J) or not np.isfinite(numgrad).all():
        return (f"Your cost is {J:g}" + (" on the check's network" if checked else "") + ", where every h is "
                "strictly between 0 and 1 (small weights)"
                + (", so the numerical column is NaN" if checked else "") + ": the NaN comes from your forward pass "
                "or the logarithms (§1.3-1.4). Is the output layer's sigmoid there (h = g(z(3)), not z(3))? Is the "
                "sigmoid 1 / (1 + np.exp(-z)), with its parentheses? log(h) and log(1 - h) need 0 < h < 1.")
    if grad.size == sum(r * c for r, c in theta_shapes(sizes)):
        for label, where in blocks(sizes):
            if not np.isfinite(grad[where]).all():
                layer = int(label[5:label.index("_")])
                step = ("step 2 or 4: δ(L) = a(L) - y and Δ(L-1) = δ(L) a(L-1)'" if layer == len(sizes) - 1 else
                        "step 3: δ(l) = (Theta(l)' δ(l+1))(2:end) .* g'(z(l))")
                return (f"Your cost is finite but your gradient has NaN or infinity, first in {label}: look at "
                        f"{step} (§2.3)" + ("; the numerical column shows the values it should have." if checked
                                            else "."))
    return "Your gradient has NaN or infinity where the cost is finite: look at §2.3's steps 2-5 in order."


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


def cross_entropy_bounds(Thetas, X):
    """The least and the greatest (1/m) Σ_i Σ_k cost of these weights on X over every one-hot labelling.

    Each output's term is -log g(z) or -log(1 - g(z)) = softplus(∓z): at least softplus(-|z|),
    at most softplus(|z|), whichever k is the label; the labels only choose which.
    """
    a = np.asarray(X, dtype=float)
    for Theta in Thetas:
        z = np.hstack([np.ones((a.shape[0], 1)), a]) @ Theta.T
        a = logistic(z)
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
        name, meaning = name_factor(J / reference, m, K, cost=True)
        if meaning:
            return [(f"cost x {name}", f"your cost is {name} times the course's: {meaning}")]
    if J0 is not None and reference0 and lambda_ > 0:
        name, meaning = name_factor(J0 / reference0, m, K, cost=True)
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
    their gradient at lambda = 0 is already known right, and questions asked only when a reading
    gets to them: ``again`` (the same call asked once more: their (J, grad)), ``probes`` (a
    :class:`~ex4.diagnosis.probes.Prober`: their function asked on inputs designed to isolate one
    term at a time), ``named`` (the usual mistakes their output matches exactly) and
    ``conventions`` (the other conventions under which it passes).
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
    probes: object = None

    @property
    def cost_wrong(self):
        return abs(self.J - self.J_ref) > self.tol + 1e-7 * abs(self.J_ref)

    @property
    def gradient_wrong(self):
        return self.grad is not None and not close(self.grad, self.grad_ref, self.tol)

    @property
    def right_at_zero(self):
        """Whether the same, at lambda = 0, is known right: the gradient (``backprop_right``), or the cost."""
        if self.grad is not None:
            return self.backprop_right
        return (self.J0 is not None and self.J0_ref is not None
                and abs(self.J0 - self.J0_ref) <= self.tol + 1e-7 * abs(self.J0_ref))


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
    return [("non-finite output", where_not_finite(n.J, grad, numgrad, n.sizes, checked=n.numgrad is not None))]


def _named(n):
    return n.named() if n.named else []


def _sigmoid_gradient_first(n):
    if not n.sigmoid_gradient_wrong or n.grad is None or close(n.grad, n.grad_ref, n.tol):
        return []
    return [("sigmoid gradient first", "your sigmoidGradient is wrong (its own check says so), and "
             "backpropagation uses it "
             "(§2.3 step 3: δ(2) = (Theta2' δ(3))(2:end) .* g'(z(2))): fix it first, then read this part again")]


def _regularization_alone(n):
    if not (n.backprop_right and n.lambda_ > 0 and n.grad is not None and n.grad.size == n.grad_ref.size):
        return []
    unregularized = n.grad_ref - regularization_term(n.Thetas, n.lambda_, n.m)
    return read_regularization(n.grad - unregularized, n.Thetas, n.lambda_, n.m, tol=n.tol, unregularized=unregularized)


def _conventions(n):
    return n.conventions() if n.conventions else []


def _state_between_calls(n):
    if not n.again:
        return []
    J2, grad2 = n.again()
    if J2 is None or (abs(J2 - n.J) <= n.tol and (grad2 is None or n.grad is None or close(grad2, n.grad, n.tol))):
        return []
    return [("state between calls", f"asked the same call again, your nnCostFunction gave {J2:.10g} where it gave "
             f"{n.J:.10g}: it keeps state between calls (a global accumulator, or a mutable default); start each "
             "call's Delta from zeros")]


def _probed(n):
    """What the learner's function says on inputs designed to isolate one term (:mod:`.probes`)."""
    if n.probes is None or len(n.sizes) != 3:
        return []
    return n.probes.readings(cost_wrong=n.cost_wrong, gradient_wrong=n.gradient_wrong, lambda_=n.lambda_,
                             right_at_zero=n.right_at_zero)


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
    if grad_readings and n.numgrad is not None and close(n.grad, n.numgrad, 1e-7):
        grad_readings = [("gradient follows the cost", "your backpropagation matches your own cost (the gradient "
                          "check passes), but that cost is not the course's: fix the cost first (§1.3-1.4)")]
    elif not grad_readings and cost_readings and n.grad is not None:
        cost_readings.append(("gradient right, cost wrong", "your gradient is the course's; your cost is not: "
                              "backpropagation is fine, fix the cost (§1.4)"))
    return grad_readings + cost_readings if n.gradient_first else cost_readings + grad_readings


# The readings, most basic first: the first that says something is what the learner reads first.
# A new reading is one function here and one entry in this list.
# The probes are the main method; the named mistakes refine what they cannot tell apart.
READINGS = (_blank, _not_finite, _sigmoid_gradient_first, _regularization_alone, _conventions, _state_between_calls,
            _probed, _named, _lambda_ignored, _gradient_and_cost)


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
    from ..cost import nnCostFunction
    from ..params import course_hidden_size, unroll_params
    from .probes import Prober

    Thetas, X, y = debug_problem(sizes, m)
    probes = Prober.in_process(cost_function)
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
            right_at_zero = close(np.ravel(grad), np.ravel(grad_ref), 1e-7)
        numgrad = computeNumericalGradient(lambda q, lambda_=lambda_: cost_function(q, sizes[0], hidden, sizes[-1],
                                                                                   X, y, lambda_), p)
        numbers = Numbers(J, grad, J_ref, grad_ref, Thetas, sizes, lambda_, m, bounds=bounds,
                          J0=at_zero[0] if lambda_ > 0 else None, J0_ref=at_zero[1] if lambda_ > 0 else None,
                          numgrad=numgrad, again=(lambda: call(lambdas[0])) if lambda_ == lambdas[0] else None,
                          backprop_right=right_at_zero and lambda_ > 0, sigmoid_gradient_wrong=sigmoid_gradient_wrong,
                          named=lambda J=J, lambda_=lambda_: named_mistakes(J, Thetas, X, y, lambda_), probes=probes)
        if lambda_ == 0:
            at_zero = (J, J_ref)
        found = read(numbers, most=3)
        basic = [r for r in found if r[0] in ("state between calls", "lambda ignored", "assumes the test's sizes")]
        if basic:  # nothing else can be read until this is fixed
            return basic[:1]
        readings += [r for r in found if r[0] not in {name for name, _ in readings}]
    return readings
