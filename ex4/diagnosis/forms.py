"""What each form a learner's code may take gives on a probe, recomputed here to be matched with
what their function answered: Y's forms, the output layer's g, the cross-entropy's terms, the
factors a whole cost may be off by, the regularization's forms and backpropagation's ways
(:mod:`ex4.diagnosis.probes` does the asking and the reading)."""

import math

import numpy as np

from ..sigmoid import logistic as g
from .inputs import PROBES


REGULARIZED_FORMS = (  # what a learner's cost's regularization sums of each Theta's entries
    ("squares", lambda T, M: np.sum(M * T ** 2), ""),
    ("absolute values", lambda T, M: np.sum(M * np.abs(T)), "it sums |Theta|; the course's sums Theta², the squares"),
    ("the values", lambda T, M: np.sum(M * T), "it sums Theta itself, not squared: Σ Theta², the squares"),
    ("the square of the sum", lambda T, M: np.sum(M * T) ** 2, "it squares the sum, (Σ Theta)², where it sums the "
                                                              "squares, Σ Theta²"),
    ("the mean of the squares", lambda T, M: np.sum(M * T ** 2) / max(np.count_nonzero(M), 1),
     "it averages the squares (np.mean) where it sums them, Σ Theta²"),
    ("the norm", lambda T, M: np.sqrt(np.sum(M * T ** 2)), "it takes the norm, the square root of Σ Theta², where it "
                                                           "takes Σ Theta² itself, the norm squared"),
    ("a matrix product", lambda T, M: np.sum((M * T) @ (M * T).T), "it squares Theta by a matrix product, Theta "
                                                                 "Theta', where it squares each weight, Theta .^ 2"),
)


def regularization_form(term, probe, scales):
    """What a regularization term of a learner's cost is, on ``probe``'s weights: the fewest changes from
    the course's (its form, each Theta's entries (:data:`MASKS`), its factor) that give ``term``, said in
    words ('short name: what to do'), or None."""
    from .terms import MASKS

    Theta1, Theta2 = probe.Thetas
    tried = []
    for f, (form, sums, form_says) in enumerate(REGULARIZED_FORMS):
        for i, (name1, mask1, says1) in enumerate(MASKS):
            for j, (name2, mask2, says2) in enumerate(MASKS):
                for k, (scale_name, scale, scale_says) in enumerate(scales):
                    changes = (f > 0) + (i > 0) + (j > 0) + (k > 0)
                    tried.append((changes, k > 0, f, i, j, k))
    for _, _, f, i, j, k in sorted(tried):
        form, sums, form_says = REGULARIZED_FORMS[f]
        value = scales[k][1] * (sums(Theta1, MASKS[i][1](Theta1)) + sums(Theta2, MASKS[j][1](Theta2)))
        if not close(term, value):
            continue
        short, said = [], []
        if f:
            short.append(form)
            said.append(form_says)
        for l, index in ((1, i), (2, j)):
            if index:
                short.append(f"Theta{l} {MASKS[index][0]}")
                said.append(f"of Theta{l} it {MASKS[index][2]}")
        if k:
            short.append(scales[k][0])
            said.append(f"its factor is {scales[k][0]}: {scales[k][2]}")
        return (", ".join(short) + ": " + "; ".join(said)
                + (" (the course's: every column but the first of each Theta)" if i or j else ""))
    return None


# Backpropagation's steps (§2.3), each done the course's way first, then as learners slip: (how, what it says).
BACKPROP_WAYS = {
    "delta(3)": {
        "h - Y": (lambda h, Y, y, z3: h - Y, ""),
        "Y - h": (lambda h, Y, y, z3: Y - h, "delta(3) = y - a(3): the sign is flipped, delta(3) = a(3) - y (§2.3 step 2)"),
        "h - y": (lambda h, Y, y, z3: h - y[:, None], "delta(3) = a(3) - the label itself: y there is the one-hot row "
                                                      "of Y, delta(3) = a(3) - y_k (§2.3 step 2)"),
        "(h - Y) g'(z3)": (lambda h, Y, y, z3: (h - Y) * g(z3) * (1 - g(z3)), "delta(3) multiplied by g'(z(3)): with "
                           "the cross-entropy cost the sigmoid's derivative cancels, delta(3) = a(3) - y (§2.3 step 2)"),
        "z3 - Y": (lambda h, Y, y, z3: z3 - Y, "delta(3) = z(3) - y, the output layer's sigmoid left out: delta(3) = "
                   "a(3) - y with a(3) = g(z(3)) (§2.3 steps 1-2)"),
        "h - the previous label": (lambda h, Y, y, z3: h - np.roll(Y, 1, axis=0), "each example's delta(3) taken "
                                   "against the previous example's label (y[t - 1] with X[t], MATLAB's y(t) translated "
                                   "twice): Python's y[t] goes with X[t] (§2.3 step 2)"),
    },
    "propagated": {
        "delta(3)": (False, ""),
        "a(3)": (True, "a(3) propagated back through Theta2 where delta(3) is: delta(2) = (delta(3) Theta2)(:, 2:end) "
                 ".* g'(z(2)) (§2.3 step 3)"),
    },
    "g'": {
        "g'(z2)": (lambda z2, a2, z3: g(z2) * (1 - g(z2)), ""),
        "g'(a2)": (lambda z2, a2, z3: g(a2) * (1 - g(a2)), "g' taken of the activation a(2) = g(z(2)); delta(2) takes "
                   "g'(z(2)) (§2.3 step 3)"),
        "g'(z3)": (lambda z2, a2, z3: g(z3) * (1 - g(z3)), "g' taken of z(3), the output layer's; delta(2) takes "
                   "g'(z(2)), the hidden layer's (§2.3 step 3)"),
        "zero": (lambda z2, a2, z3: 0.0 * z2, "g'(z(2)) zero, where g'(0) = 1/4: sigmoid(z) * 1 - sigmoid(z) lacks its "
                 "parentheses, and z (1 - z) is 0 at z = 0; g'(z) = g(z) (1 - g(z)) (§2.1, §2.3 step 3)"),
        "none": (lambda z2, a2, z3: 1.0, "the factor .* g'(z(2)) left out: delta(2) = (Theta2' delta(3))(2:end) .* "
                 "g'(z(2)) (§2.3 step 3)"),
        "z2 (1 - z2)": (lambda z2, a2, z3: z2 * (1 - z2), "g'(z(2)) computed as z (1 - z): g'(z) = g(z) (1 - g(z)) "
                        "(§2.1)"),
        "g(z2) (1 - z2)": (lambda z2, a2, z3: g(z2) * (1 - z2), "g'(z(2)) computed as g(z) (1 - z): g'(z) = g(z) "
                           "(1 - g(z)) (§2.1)"),
    },
    "delta(2)'s columns": {
        "2:end": (lambda full: full[:, 1:], ""),
        "1:end-1": (lambda full: full[:, :-1], "the last column of delta(3) Theta2 dropped where the first, the bias "
                    "unit's, is: (delta(3) Theta2)(:, 2:end) (§2.3 step 3)"),
    },
    "examples": {
        "all": (slice(None), ""),
        "the last": (slice(-1, None), "the last example's term alone: Delta is assigned (=) for each example where it "
                     "is added to (+=), Delta(l) = Delta(l) + delta(l+1) a(l)' (§2.3 step 4)"),
        "the first": (slice(0, 1), "the first example's term alone: Delta is assigned (=) where it is added to (+=), "
                      "or the loop stops after one example (§2.3 step 4)"),
        "all but the first": (slice(1, None), "every example but the first: a loop over range(1, m) leaves out example 0; "
                              "Python counts from 0, range(m) (§2.3 step 4)"),
        "all but the last": (slice(None, -1), "every example but the last: range(m - 1) leaves out the last; range(m) "
                             "(§2.3 step 4)"),
        "the product of the means": ("means", "the product of the averages of delta and a, where it is the average of "
                                     "their products: Delta(l) = Σ_i delta(l+1) a(l)' over the examples, then / m (§2.3 "
                                     "steps 4-5)"),
    },
    "Delta(1)'s bias column": {
        "kept": (True, ""),
        "left out": (False, "Theta1_grad's bias column zero: Delta(1) = delta(2)' a(1) with a(1) = [1 X], the bias "
                     "unit a column of ones (§2.3 step 4)"),
    },
}


def backprop_variants(most=2):
    """Dicts {step: way} of at most ``most`` steps done another way than the course's, the fewest first."""
    import itertools

    others = [(step, way) for step, ways in BACKPROP_WAYS.items() for way in list(ways)[1:]]
    for count in range(1, most + 1):
        for chosen in itertools.combinations(others, count):
            if len({step for step, _ in chosen}) == count:
                yield dict(chosen)


def gradient_of(probe, changes):
    """The gradient of ``probe`` by backpropagation (§2.3 steps 1-5) with ``changes`` ({step: way}), unrolled."""
    way = {step: ways[changes.get(step, next(iter(ways)))][0] for step, ways in BACKPROP_WAYS.items()}
    Theta1, Theta2 = probe.Thetas
    m, K = probe.m, Theta2.shape[0]
    a1 = np.hstack([np.ones((m, 1)), probe.X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), g(z2)])
    z3 = a2 @ Theta2.T
    h, Y = g(z3), one_hot(probe.y, K, 0)
    if changes.get("g'") == "g'(z3)" and z3.shape != z2.shape:
        return np.full(Theta1.size + Theta2.size, np.nan)
    delta3 = way["delta(3)"](h, Y, probe.y.astype(float), z3)
    delta2 = way["delta(2)'s columns"]((h if way["propagated"] else delta3) @ Theta2) * way["g'"](z2, a2[:, 1:], z3)
    rows = way["examples"]
    if rows == "means":
        Delta1 = m * np.outer(delta2.mean(axis=0), a1.mean(axis=0))
        Delta2 = m * np.outer(delta3.mean(axis=0), a2.mean(axis=0))
    else:
        Delta1, Delta2 = delta2[rows].T @ a1[rows], delta3[rows].T @ a2[rows]
    if not way["Delta(1)'s bias column"]:
        Delta1[:, 0] = 0
    return np.concatenate([np.ravel(Delta1 / m, order="F"), np.ravel(Delta2 / m, order="F")])


def close(a, b, tol=1e-6):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    return bool(np.abs(a - b).max(initial=0.0) <= tol + 1e-5 * scale)


# -- the cost: Y, the output layer's g, the terms, and a scale, fitted together ------------------

def one_hot(y, K, column):
    Y = np.zeros((y.size, K))
    Y[np.arange(y.size), y - 1 + column] = 1
    return Y


Y_FORMS = {  # how a learner's code may turn labels 1..K into Y
    "one-hot": lambda y, K: one_hot(y, K, 0),
    "label k in column k": lambda y, K: one_hot(y, K, 1),
    "labels as numbers": lambda y, K: np.repeat(y[:, None].astype(float), K, axis=1),
}
OUTPUTS = {  # the output layer's g
    "sigmoid": g,
    "softmax": lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(
        axis=1, keepdims=True),
    "sigmoid of -z": lambda z: g(-z),
}
TERMS = {  # the sum over the examples of each example's cost, from Y and h
    "both terms": lambda Y, h: np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)),
    "the first term alone": lambda Y, h: np.sum(-Y * np.log(h)),
    "the second term alone": lambda Y, h: np.sum(-(1 - Y) * np.log(1 - h)),
    "the logs swapped": lambda Y, h: np.sum(-Y * np.log(1 - h) - (1 - Y) * np.log(h)),
    "a matrix product": lambda Y, h: np.sum(-Y.T @ np.log(h) - (1 - Y).T @ np.log(1 - h)),
    "the second term added": lambda Y, h: np.sum(-Y * np.log(h) + (1 - Y) * np.log(1 - h)),
    "the log of the sums": lambda Y, h: np.sum(-np.log(np.sum(Y * h, axis=1)) - np.log(np.sum((1 - Y) * (1 - h), axis=1))),
}

COST_TEXTS = {
    "label k in column k": "your Y puts label k in column k; Python counts columns from 0, so label k belongs in "
                           "column k - 1: Y[i, y[i] - 1] = 1 (§1.3; for the digits 10 stands for 0)",
    "labels as numbers": "your cost uses the labels as numbers: each label must become a one-hot row of Y, of "
                         "num_labels zeros with a 1 at the label (§1.3: label 3 is [0 0 1 0 ...])",
    "softmax": "your output layer is a softmax across the outputs; the course's is a sigmoid on each output alone, "
               "h = g(z(3)) (§1.3)",
    "sigmoid of -z": "your sigmoid is 1 / (1 + e^z): the exponent has a minus sign, g(z) = 1 / (1 + np.exp(-z)) (§1.1)",
    "the first term alone": "your cost has the -y log(h) term alone: add -(1 - y) log(1 - h) for every output k, "
                            "J = (1/m) Σ_i Σ_k [-y_k log(h_k) - (1 - y_k) log(1 - h_k)] (§1.4)",
    "the second term alone": "your cost has the -(1 - y) log(1 - h) term alone: add -y log(h) for every output k, "
                             "J = (1/m) Σ_i Σ_k [-y_k log(h_k) - (1 - y_k) log(1 - h_k)] (§1.4)",
    "the logs swapped": "your cost pairs y with log(1 - h) and 1 - y with log(h); it is -y log(h) - (1 - y) log(1 - h) "
                        "(§1.4)",
    "a matrix product": "your cost multiplies Y and log(h) as matrices (every label with every output); the terms "
                        "go element by element (MATLAB's .*, numpy's *), then summed (§1.4)",
    "the second term added": "your cost adds (1 - y) log(1 - h) where it subtracts it: -y log(h) - (1 - y) log(1 - h) "
                             "(§1.4)",
    "the log of the sums": "your cost sums over the outputs k first and takes the log of the sums; it sums the logs: "
                           "Σ_k [-y_k log(h_k) - (1 - y_k) log(1 - h_k)], each output's own (§1.4)",
}


def cost_value(probe, y_form, output, terms):
    """The cost of ``probe`` as a learner's code with these three choices computes it, over m (nan where it cannot)."""
    Theta1, Theta2 = probe.Thetas
    m, K = probe.m, Theta2.shape[0]
    a2 = np.hstack([np.ones((m, 1)), g(np.hstack([np.ones((m, 1)), probe.X]) @ Theta1.T)])
    h = OUTPUTS[output](a2 @ Theta2.T)
    with np.errstate(all="ignore"):
        return float(TERMS[terms](Y_FORMS[y_form](probe.y, K), h)) / m


SCALES = (  # a factor the whole cost may be off by: (value for m examples and K labels, name, what it says)
    (lambda m, K: 1.0, "1", ""),
    (lambda m, K: float(m), "m", "not divided by m: J = (1/m) Σ_i Σ_k [...] (§1.4)"),
    (lambda m, K: 1 / m, "1/m", "divided by m twice: once is enough, J = (1/m) Σ_i Σ_k [...] (§1.4)"),
    (lambda m, K: 1 / K, "1/K", "divided by K too: np.mean averages over all m x K terms; J sums over the K outputs "
                                "and divides by m alone (§1.4)"),
    (lambda m, K: m / K, "m/K", "averaged over the K outputs instead of the m examples: sum over k, then divide by m "
                                "(§1.4)"),
    (lambda m, K: 1 / math.log(10), "1/ln 10", "it uses np.log10; the course's log is the natural logarithm, np.log "
                                               "(§1.4)"),
    (lambda m, K: 1 / math.log(2), "1/ln 2", "it uses np.log2; the course's log is the natural logarithm, np.log "
                                             "(§1.4)"),
    (lambda m, K: -1.0, "-1", "the sign is flipped: J = (1/m) Σ [-y log(h) - (1 - y) log(1 - h)], each log of a "
                              "number below 1 is negative, so J is positive (§1.4)"),
    (lambda m, K: 2.0, "2", "counted twice"),
    (lambda m, K: 0.5, "1/2", "halved: no 1/2 in the cost's cross-entropy (§1.4)"),
)


def fit_cost(J_zero, J_outputs):
    """The first (Y form, output g, terms, scale name, scale text) under which a learner's code gives
    both costs, ``J_zero`` on ``zero`` and ``J_outputs`` on ``outputs`` (same m and K); None if none."""
    zero, outputs = PROBES["zero"], PROBES["outputs"]
    m, K = zero.m, zero.Thetas[1].shape[0]
    for y_form in Y_FORMS:
        for output in OUTPUTS:
            for terms in TERMS:
                at_zero, at_outputs = cost_value(zero, y_form, output, terms), cost_value(outputs, y_form, output, terms)
                if not (np.isfinite(at_zero) and np.isfinite(at_outputs)) or abs(at_zero) < 1e-9:
                    continue
                for value, name, says in SCALES:
                    s = value(m, K)
                    if close(J_zero, s * at_zero) and close(J_outputs, s * at_outputs):
                        return y_form, output, terms, name, says
    return None


# -- the prober ---------------------------------------------------------------------------------
