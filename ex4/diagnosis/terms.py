"""The terms a wrong cost or gradient is read in: factors it is often off by, the gradient's blocks,
the regularization term (ex4.pdf §1.4, §2.3, §2.5)."""

import numpy as np

from ..params import theta_shapes


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
    found, start = [], 0
    for l, (rows, cols) in enumerate(theta_shapes(sizes), 1):
        found.append((f"Theta{l}_grad(:, 1)", slice(start, start + rows)))
        found.append((f"Theta{l}_grad(:, 2:end)", slice(start + rows, start + rows * cols)))
        start += rows * cols
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


def read_regularization(term, Thetas, lambda_, m, tol=1e-7):
    """Readings of a gradient's regularization term alone (the gradient less its right Δ/m part,
    where backpropagation is known right): which Theta has it, which column or row is left out."""
    term = np.ravel(term).astype(float)
    right = regularization_term(Thetas, lambda_, m)
    if close(term, right, tol):
        return []
    if close(term, np.zeros_like(term), tol):
        return [("gradient not regularized", "your gradient is right at lambda = 0 and lacks "
                 "(lambda/m) Theta: add it to every column of Theta(l)_grad but the first (§2.5)")]
    said, start = [], 0
    for l, Theta in enumerate(Thetas, 1):
        piece = term[start:start + Theta.size]
        start += Theta.size
        want = np.ravel(lambda_ / m * np.hstack([np.zeros((Theta.shape[0], 1)), Theta[:, 1:]]), order="F")
        if close(piece, want, tol):
            continue
        rows_out = lambda_ / m * Theta.copy()
        rows_out[0, :] = 0
        if close(piece, np.zeros_like(piece), tol):
            said.append(f"Theta{l}_grad has none")
        elif close(piece, np.ravel(lambda_ / m * Theta, order="F"), tol):
            said.append(f"Theta{l}_grad's has the bias column too")
        elif close(piece, np.ravel(rows_out, order="F"), tol):
            said.append(f"Theta{l}_grad's leaves out the first row instead of the first column")
        elif want.any():
            c = np.vdot(piece, want) / np.vdot(want, want)
            name, meaning = name_factor(c, m)
            if close(piece, c * want, tol):
                said.append(f"Theta{l}_grad's is {name} x (lambda/m) Theta" + (f" ({meaning.split(':')[0]})"
                                                                               if meaning else ""))
            else:
                said.append(f"Theta{l}_grad's is not (lambda/m) Theta")
    advice = ("; leave the bias column of each Theta(l)_grad out of the regularization (§2.5, j >= 1)"
              if any("bias column" in part for part in said) else "")
    return [("gradient's regularization", "your gradient is right at lambda = 0, so the fix is the regularization "
             "term (lambda/m) Theta(l), on every column but the first (§2.5): " + "; ".join(said) + advice)]
