"""Hidden variants: each part asked again on inputs made here, in the grader's process.

The course's test cases are public: a file can type in their published outputs, or
assume their sizes (2 inputs, 4 hidden units, 4 labels, m = 16), and still print the
right text.  A variant is the same part on a network of other, random sizes (several
inputs, hidden units and labels; m examples whose labels cover every class; random
weights, X and lambda), whose expected result comes from this project's own functions,
computed here where the learner's code cannot reach.  ``--variants N --seed S`` asks N of
them per part; a part scores only when the course's case and every variant pass.
"""

import numpy as np

from ..cost import nnCostFunction
from ..sigmoid import sigmoidGradient
from . import parts

def make(part, count, rng, convention):
    """``count`` variants of ``part``: a list of (Case, expected values)."""
    cases = []
    for number in range(1, count + 1):
        if part == 3:  # every shape the course's function takes, in turn: a matrix, a vector, a number
            shape = [(int(rng.integers(2, 6)), int(rng.integers(3, 9))), (int(rng.integers(2, 9)),), ()][(number - 1) % 3]
            z = rng.uniform(-4, 4, shape)
            request = {"call": "sigmoidGradient", "z": z.tolist() if shape else float(z)}
            case = parts.Case(3, request, convention, shape, variant=number)
            cases.append((case, np.ravel(sigmoidGradient(z), order="F")))
            continue
        inputs, hidden, labels = int(rng.integers(3, 9)), int(rng.integers(3, 8)), int(rng.integers(3, 7))
        kind = (number - 1) % 3  # every label present; one example (m = 1); labels absent from y
        if kind == 0:
            m = int(rng.integers(labels + 3, 25))
            y = rng.permutation(np.concatenate([np.arange(1, labels + 1), rng.integers(1, labels + 1, m - labels)]))
        elif kind == 1:
            m, y = 1, rng.integers(1, labels + 1, 1)
        else:  # K is num_labels, not what y happens to hold: the last label and another never appear
            m = int(rng.integers(4, 25))
            y = rng.integers(1, labels - 1, m)
        X = rng.uniform(-1, 1, (m, inputs))
        Thetas = [rng.uniform(-1, 1, (hidden, inputs + 1)), rng.uniform(-1, 1, (labels, hidden + 1))]
        lambda_ = 0 if parts.LAMBDA[part] == 0 else float(np.round(rng.uniform(0.5, 3.0), 2))
        case = parts.cost_case(part, convention, Thetas, X, y, lambda_, variant=number)
        case.label = "" if kind != 2 else f"; labels {labels - 1} and {labels} absent from y"
        J, grad = nnCostFunction(parts.COURSE.params(Thetas), inputs, hidden, labels, X, y, lambda_)
        cases.append((case, np.array([J]) if part in (1, 2) else np.concatenate([[J], grad])))
    return cases


def differs(expected, obtained):
    """'' when they agree by the course's rule (the same to 5 decimals, or one unit in the fifth
    apart), as float32 arithmetic does; else where they first differ (no input values named)."""
    if expected.shape != obtained.shape:
        return f"expected {expected.size} values, got {obtained.size}"
    return parts.compare(parts.sprintf5(expected), parts.sprintf5(obtained))


def describe(case):
    """The sizes of a variant, for a hint (its numbers stay with the teacher)."""
    if case.part == 3:
        return (f"a {case.sizes[0]} x {case.sizes[1]} matrix" if len(case.sizes) == 2 else
                f"a vector of {case.sizes[0]}" if case.sizes else "a number")
    inputs, hidden, labels = case.sizes
    return f"{inputs} inputs, {hidden} hidden units and {labels} labels (m = {case.m}{case.label})"
