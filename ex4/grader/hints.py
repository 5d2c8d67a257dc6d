"""Hints for a failing part: what the learner's output matches instead.

Two kinds.  *Conventions*: the output that the learner's own function gives when the
inputs are handed over another way (labels 0..K-1, row-major unrolling, or both as the
Python notebook port has it); the sandbox asks the learner's code for those.  *Usual
mistakes*: the output of a reference implementation with one mistake switched in
(:func:`reference_output`), compared with what the learner's code printed; no learner
code runs for these.
"""

import numpy as np

from ..diagnosis import MISTAKES, NONE, mistake_output
from ..sigmoid import logistic
from . import parts

def reference_output(part, mistake=None):
    """What the part prints for the course's test network with ``mistake`` (a key of
    :data:`ex4.diagnosis.MISTAKES`, or None for none) switched into the handout's pass."""
    slip = MISTAKES[mistake] if mistake else NONE
    if part == 3:
        return parts.sprintf5(slip.g_prime(parts.X))
    J, grad = mistake_output(slip, [parts.t1, parts.t2], parts.Xm, parts.ym, parts.LAMBDA[part])
    return parts.sprintf5(J if part in (1, 2) else np.concatenate([np.ravel(J), grad]))


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




def diagnosis(part, obtained, earlier=None, passed=(), named=None, conventions=None, again=None, failed=(),
              probes=None):
    """[(short name, hint)] read from the numbers (:func:`ex4.diagnosis.read`), most basic first.

    The output of a part against this project's on the course's case, printed with 5 decimals
    (so 2e-5 is taken as equal); ``earlier`` holds the outputs of the parts graded before
    ({part: output}), ``passed`` and ``failed`` the parts graded so far: part 1's cost for the cost at
    lambda = 0, and part 4 passed for a gradient whose backpropagation is right.  ``named``,
    ``conventions``, ``again`` and ``probes`` are asked only when the readings get to them: the
    usual mistakes and the other conventions whose output it matches, its output asked again,
    and the learner's function on inputs designed to isolate one term (a
    :class:`~ex4.diagnosis.probes.Prober`).
    """
    from ..cost import nnCostFunction
    from ..diagnosis import Numbers, cross_entropy_bounds, read, read_sigmoid_gradient

    earlier = earlier or {}
    values = np.array(obtained.split(), dtype=float)
    if part == 3:  # the course's z, printed with 5 decimals
        z = np.ravel(parts.X, order="F")
        if values.size != z.size:
            return []
        gz = logistic(parts.X)
        if not np.allclose(values, np.ravel(gz * (1 - gz), order="F"), atol=2e-5) and np.allclose(
                values, np.ravel(gz * (1 - gz), order="C"), atol=2e-5):
            return [("sigmoid gradient flattened", "your sigmoidGradient gives the right values for a matrix z, but "
                     "flattened row by row: return them in z's own shape (element by element on the array, no "
                     "loop over z.flatten()) (§2.1)")]
        return read_sigmoid_gradient(z, values, tol=2e-5)
    if not values.size:
        return []
    lambda_, m = parts.LAMBDA[part], parts.Xm.shape[0]
    J_ref, grad_ref = nnCostFunction(parts.t, *parts.SIZES, parts.Xm, parts.ym, lambda_)
    J0 = J0_ref = None
    if lambda_ > 0:  # like with like: the cost at lambda = 0 where known, the course's always
        J0_ref = nnCostFunction(parts.t, *parts.SIZES, parts.Xm, parts.ym, 0)[0]
        J0 = float(earlier[1].split()[0]) if 1 in earlier else None
    grad = values[1:] if part in (4, 5) and values.size == 1 + parts.t.size else None
    numbers = Numbers(float(values[0]), grad, J_ref, grad_ref, [parts.t1, parts.t2], parts.SIZES, lambda_, m,
                      tol=2e-5, bounds=cross_entropy_bounds([parts.t1, parts.t2], parts.Xm), J0=J0, J0_ref=J0_ref,
                      backprop_right=4 in passed, gradient_first=part in (4, 5), again=again, named=named,
                      conventions=conventions, sigmoid_gradient_wrong=3 in failed, probes=probes)
    return read(numbers)


def shapes(part):
    """A hint for a shape error: each step's shape for the course's call of this part."""
    from ..diagnosis import shape_line

    return ("shapes", f"for this call each step should have these shapes (find the first of yours that differs): "
                      f"{shape_line(parts.Xm.shape[0], parts.SIZES)}")
