"""The course's graded parts for Exercise 4: inputs, expected outputs, conventions.

The course's submit.m builds its test inputs from sin and cos, calls the learner's
functions on them and prints each result with ``sprintf('%0.5f ', ...)`` column-major;
the grader compares that text with its own.  The inputs are built here the MATLAB way
and the expected texts are the course's.

A *convention* says how the inputs are handed over and the gradient read back:

- ``course``: labels 1..K, parameters and gradient unrolled column-major (MATLAB's ``(:)``);
- ``python``: labels 0..K-1, parameters and gradient unrolled row-major (numpy's default
  ``ravel()``), as the popular Python notebook port of the course writes nnCostFunction;
  its grader passes the same inputs unrolled row by row and reorders the gradient
  column-major before printing, and so does this one.
"""

from dataclasses import dataclass

import numpy as np

from ..params import matrices, theta_shapes, unroll_params
from ..checks import InputTypeError

# The course's test inputs (submit.m), built the MATLAB way.
X = np.reshape(3 * np.sin(np.arange(1, 31)), (3, 10), order="F")
Xm = np.reshape(np.sin(np.arange(1, 33)), (16, 2), order="F") / 5
ym = 1 + np.mod(np.arange(1, 17), 4)
t1 = np.sin(np.reshape(np.arange(1, 25, 2), (4, 3), order="F"))
t2 = np.cos(np.reshape(np.arange(1, 41, 2), (4, 5), order="F"))
t = unroll_params([t1, t2])  # [t1(:); t2(:)]
SIZES = (2, 4, 4)  # input_layer_size, hidden_layer_size, num_labels: the course's test network, m = 16

# The course's expected outputs, as sprintf('%0.5f ', ...) prints them.
EXPECTED = {
    1: "3.08745 ",
    2: "3.64704 ",
    3: "0.06866 0.05758 0.23912 0.08484 0.05047 0.21076 0.10733 0.04650 0.17441 0.13680 "
       "0.04518 0.13886 0.17210 0.04634 0.10897 0.20861 0.05014 0.08605 0.23778 0.05703 "
       "0.06951 0.24996 0.06783 0.05815 0.24040 0.08366 0.05082 0.21287 0.10572 0.04667 ",
    4: "3.08745 -0.01210 -0.12776 0.04255 0.09974 -0.00313 -0.00419 0.00399 0.00135 0.00377 "
       "0.00486 -0.00473 -0.00167 0.25504 -0.00802 0.46691 0.34101 0.18263 -0.00807 0.32624 "
       "0.23966 0.13171 -0.00244 0.24870 0.18061 0.06931 -0.00109 0.12956 0.09393 0.17316 "
       "-0.00799 0.30771 0.22624 ",
    5: "3.64704 -0.01210 -0.12776 0.04255 0.09974 0.03550 -0.09794 0.04338 0.06231 -0.08636 "
       "0.01891 0.07370 -0.08100 0.25504 -0.00802 0.46691 0.34101 0.09722 -0.00766 0.41132 "
       "0.16844 0.10592 0.09025 0.19735 0.13066 0.16223 -0.02847 0.05943 0.17969 0.17191 "
       "-0.09271 0.37947 0.25124 ",
}

PARTS = {  # part: (name, points, function it needs)
    1: ("Feedforward and Cost Function", 30, "nnCostFunction"),
    2: ("Regularized Cost Function", 15, "nnCostFunction"),
    3: ("Sigmoid Gradient", 5, "sigmoidGradient"),
    4: ("Neural Network Gradient (Backpropagation)", 40, "nnCostFunction"),
    5: ("Regularized Gradient", 10, "nnCostFunction"),
}
FUNCTIONS = ("nnCostFunction", "sigmoidGradient")
LAMBDA = {1: 0, 2: 1.5, 4: 0, 5: 1.5}  # the lambda of each nnCostFunction part


@dataclass(frozen=True)
class Convention:
    """How labels and unrolled parameters are handed to the learner's nnCostFunction."""

    name: str
    first_label: int  # 1 for labels 1..K, 0 for 0..K-1
    order: str  # "F": column by column, MATLAB's (:); "C": row by row, numpy's default
    says: str  # for the learner

    def params(self, Thetas=(t1, t2)):
        return np.concatenate([np.ravel(T, order=self.order) for T in Thetas])

    def labels(self, y=ym):
        return np.asarray(y) - 1 + self.first_label

    def course_gradient(self, grad, sizes=SIZES):
        """The learner's gradient, unrolled as this convention unrolls, as the course's [g1(:); g2(:)]."""
        return reorder(grad, self.order, "F", sizes)


COURSE = Convention("course", 1, "F", "labels 1..K, parameters and gradient unrolled column-major")
PYTHON = Convention("python", 0, "C", "labels 0..K-1, parameters and gradient unrolled row-major, "
                                      "as the Python notebook port writes nnCostFunction")
# The two mixed ones: a port that takes one choice from each (and a file that gets only one of
# the two right, for hints). Chosen by name only, never by auto.
ZERO_BASED = Convention("0-based", 0, "F", "labels 0..K-1, parameters and gradient unrolled column-major")
ROW_MAJOR = Convention("row-major", 1, "C", "labels 1..K, parameters and gradient unrolled row-major")
CONVENTIONS = {c.name: c for c in (COURSE, PYTHON, ZERO_BASED, ROW_MAJOR)}


def reorder(vector, read, write, sizes=SIZES):
    """The weight matrices of a network of ``sizes``, read from ``vector`` in order ``read`` ("F" or
    "C") and unrolled again in order ``write``."""
    return np.concatenate([block.ravel(order=write) for block in matrices(np.asarray(vector, dtype=float), sizes, read)])


def sprintf5(values):
    """MATLAB's ``sprintf('%0.5f ', values)``: column-major, a space after each value."""
    return "".join(f"{v:0.5f} " for v in np.ravel(np.asarray(values, dtype=float), order="F"))


@dataclass
class Case:
    """One call of the learner's function: what the worker is sent, and how its answer is read.

    ``sizes`` are the network's (input, hidden, labels) for a cost part, the matrix's shape
    for the sigmoid gradient; ``m`` the examples; ``variant`` 0 for the course's own case.
    """

    part: int
    request: dict
    convention: Convention
    sizes: tuple
    m: int = 0
    variant: int = 0
    label: str = ""

    def values(self, answer):
        """The numbers the part prints, from the worker's answer; TypeError when they cannot be."""
        if self.part == 3:
            g = answer["g"]
            if len(g) != int(np.prod(self.sizes)):
                raise InputTypeError(f"sigmoidGradient should return {int(np.prod(self.sizes))} values, one per value of z "
                                f"(shape {tuple(self.sizes)}), got {len(g)} (shape {tuple(answer['shape'])})")
            return np.array(g)
        if len(answer["J"]) != 1:
            per = {self.sizes[-1]: " (one per output k: sum over the outputs too)",
                   self.m: " (one per example: sum over the examples too)"}.get(len(answer["J"]), "")
            raise InputTypeError(f"J should be one number, the sum over every example and every output divided by m; "
                            f"got {len(answer['J'])} values{per}")
        J = np.array(answer["J"])
        if self.part in (1, 2):  # the course's submit.m reads J alone here
            return J
        if answer.get("J_alone"):
            raise InputTypeError(answer.get("grad_error") or "nnCostFunction returns J alone; this part grades the "
                            "gradient too: return J, grad (the gradient unrolled like nn_params)")
        shapes = theta_shapes(self.sizes)
        n = sum(a * b for a, b in shapes)
        if len(answer["grad"]) != n:
            raise InputTypeError(f"grad should have {n} values, one per parameter, got {len(answer['grad'])}")
        return np.concatenate([J, self.convention.course_gradient(answer["grad"], self.sizes)])


def cost_case(part, convention, Thetas, X, y, lambda_, variant=0):
    """A case of an nnCostFunction part, its inputs handed over the convention's way."""
    sizes = (X.shape[1], Thetas[0].shape[0], Thetas[1].shape[0])
    args = [convention.params(Thetas).tolist(), *sizes, X.tolist(), convention.labels(y).tolist(), lambda_]
    return Case(part, {"call": "nnCostFunction", "args": args}, convention, sizes, X.shape[0], variant)


def course_case(part, convention=COURSE):
    """The course's own test case of the part (submit.m's inputs)."""
    if part == 3:
        return Case(3, {"call": "sigmoidGradient", "z": X.tolist()}, convention, X.shape)
    return cost_case(part, convention, (t1, t2), Xm, ym, LAMBDA[part])


def shape_cases():
    """Part 3 beyond the course's matrix: sigmoidGradient(0), the handout's 0.25, and a vector."""
    from ..sigmoid import logistic_derivative

    vector = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    return [(Case(3, {"call": "sigmoidGradient", "z": 0.0}, COURSE, (), label="a number (z = 0)"),
             np.array([0.25])),
            (Case(3, {"call": "sigmoidGradient", "z": vector.tolist()}, COURSE, (5,),
                  label="a vector (z = [-1, -0.5, 0, 0.5, 1])"), logistic_derivative(vector))]


def compare(expected, obtained):
    """'' if they match, else where they first differ.

    Each value must print the same, or (where summing in another order lands on the
    other side of a rounding boundary) differ by at most one unit in the fifth decimal.
    """
    want, got = expected.split(), obtained.split()
    if len(want) != len(got):
        return f"expected {len(want)} values, got {len(got)}"
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g and not abs(float(w) - float(g)) <= 1.000001e-5:
            return f"value {i + 1} of {len(want)} differs: expected {w}, got {g}"
    return ""
