"""The terms a wrong cost or gradient is read in: factors it is often off by, the gradient's blocks,
the regularization term (ex4.pdf §1.4, §2.3, §2.5)."""

import numpy as np

from ..params import layout


def factor_names(m, K, cost):
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
    found = []
    for l, (start, rows, cols) in enumerate(layout(sizes), 1):
        found.append((f"Theta{l}_grad(:, 1)", slice(start, start + rows)))
        found.append((f"Theta{l}_grad(:, 2:end)", slice(start + rows, start + rows * cols)))
    return found


def close(a, b, tol):
    """a ≈ b relative to their size, or both below ``tol`` absolutely."""
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    return bool(np.abs(a - b).max(initial=0.0) <= tol + 1e-6 * scale)


def regularization_term(Thetas, lambda_, m, bias=False):
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


def name_factor(c, m, K=0, cost=False):
    for value, name, meaning in factor_names(m, K, cost):
        if abs(c - value) <= 1e-3 * abs(value):
            return name, meaning
    return f"{c:.4g}", ""


def _mask(Theta, rows=slice(None), cols=slice(None), times=1.0):
    M = np.zeros(Theta.shape)
    M[rows, cols] = times
    return M


# Which entries of a Theta a regularization term takes, as learners write it: (name, the weights it gives
# each entry, what it says).  The course's first.
MASKS = (
    ("every column but the first", lambda T: _mask(T, cols=slice(1, None)), ""),
    ("none", lambda T: np.zeros(T.shape), "is missing"),
    ("with its bias column", lambda T: np.ones(T.shape), "takes the bias column too"),
    ("every row but the first", lambda T: _mask(T, rows=slice(1, None)),
     "leaves out the first row instead of the first column"),
    ("columns 3 to the end", lambda T: _mask(T, cols=slice(2, None)), "leaves out the second column too ([:, 2:] "
                                                                       "where [:, 1:] is meant)"),
    ("every column but the last", lambda T: _mask(T, cols=slice(None, -1)), "leaves out the last column instead of "
                                                                             "the first ([:, :-1])"),
    ("the first column alone", lambda T: _mask(T, cols=slice(0, 1)), "takes the bias column alone"),
    ("the second column alone", lambda T: _mask(T, cols=slice(1, 2)), "takes the second column alone ([:, 1] where "
                                                                       "[:, 1:] is meant)"),
    ("every column but the first, twice", lambda T: _mask(T, cols=slice(1, None), times=2.0), "counts it twice"),
)


def read_regularization(term, Thetas, lambda_, m, tol=1e-7, unregularized=None):
    """Readings of a gradient's regularization term alone (the gradient less its right Δ/m part,
    where backpropagation is known right): for each Theta, which entries it takes (:data:`MASKS`),
    by what factor, shifted by a column, or the gradient in Theta's place (``unregularized``, the
    right Δ/m, where known)."""
    term = np.ravel(term).astype(float)
    right = regularization_term(Thetas, lambda_, m)
    if close(term, right, tol):
        return []
    if close(term, np.zeros_like(term), tol):
        return [("gradient not regularized", "your gradient is right at lambda = 0 and lacks "
                 "(lambda/m) Theta: add it to every column of Theta(l)_grad but the first (§2.5), before the gradient "
                 "is unrolled (np.concatenate copies: what is added to Theta(l)_grad after it is lost)")]
    said, start = [], 0
    for l, Theta in enumerate(Thetas, 1):
        piece = term[start:start + Theta.size]
        D = None if unregularized is None else np.reshape(np.ravel(unregularized)[start:start + Theta.size],
                                                          Theta.shape, order="F")
        start += Theta.size
        found = _read_block(piece, Theta, D, lambda_, m, tol)
        if found:
            said.append(f"Theta{l}_grad's term " + found)
    advice = ("; leave the bias column of each Theta(l)_grad out of the regularization (§2.5, j >= 1)"
              if any("bias column" in part for part in said) else "")
    return [("gradient's regularization", "your gradient is right at lambda = 0, so the fix is the regularization "
             "term (lambda/m) Theta(l), on every column but the first (§2.5): " + "; ".join(said) + advice)]


def _read_block(piece, Theta, D, lambda_, m, tol):
    """What one block's regularization term is, where it is not (lambda/m) Theta(:, 2:end); '' where it is."""
    want = np.ravel(lambda_ / m * Theta * MASKS[0][1](Theta), order="F")
    if close(piece, want, tol):
        return ""
    for name, mask, says in MASKS[1:]:
        if close(piece, np.ravel(lambda_ / m * Theta * mask(Theta), order="F"), tol):
            return says
    shifted = np.hstack([Theta[:, 1:], np.zeros((Theta.shape[0], 1))])
    right_mask = MASKS[0][1](Theta)
    others = (
        (lambda_ / m * np.ravel(Theta, order="F") * np.ravel(right_mask, order="C"),
         "zeroes other weights than the bias column's: its mask is unrolled row by row (ravel()), the gradient column "
         "by column (order='F')"),
        (np.ravel(lambda_ / m * Theta ** 2 * right_mask, order="F"),
         "is (lambda/m) Theta², where the derivative of (lambda/(2m)) Theta² is (lambda/m) Theta"),
        (np.ravel(lambda_ / m * np.sum(Theta[:, 1:]) * right_mask, order="F"),
         "adds (lambda/m) times the sum of Theta's weights, one number, to each; each weight gets (lambda/m) times "
         "itself"),
        (np.ravel(lambda_ / m * np.sum(Theta[:, 1:]) * np.ones(Theta.shape), order="F"),
         "adds (lambda/m) times the sum of Theta's weights, one number, to each; each weight gets (lambda/m) times "
         "itself"),
    )
    for value, says in others:
        if close(piece, value, tol):
            return says
    if close(piece, np.ravel(lambda_ / m * shifted, order="F"), tol):
        return ("is shifted by one column: the zero column is last where it belongs first, "
                "[zeros, Theta(:, 2:end)]")
    if D is not None and close(piece, np.ravel(lambda_ / m * D * MASKS[0][1](Theta), order="F"), tol):
        return "is (lambda/m) times the gradient, where it is (lambda/m) times Theta"
    if want.any():
        c = np.vdot(piece, want) / np.vdot(want, want)
        name, meaning = name_factor(c, m)
        if close(piece, c * want, tol):
            return f"is {name} x (lambda/m) Theta" + (f" ({meaning.split(':')[0]})" if meaning else "")
    return "is not (lambda/m) Theta(:, 2:end)"
