"""The probes' inputs: small networks built so that one term of the math shows alone (see
:mod:`ex4.diagnosis.probes`, which asks a learner's function on them and reads the answers)."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Probe:
    """One designed call: the weights, the examples (labels 1..K) and lambda."""

    name: str
    Thetas: tuple
    X: np.ndarray
    y: np.ndarray
    lambda_: float = 0.0

    @property
    def sizes(self):
        return (self.X.shape[1], self.Thetas[0].shape[0], self.Thetas[1].shape[0])

    @property
    def m(self):
        return self.X.shape[0]

    def expected(self):
        """(J, grad) of the course's nnCostFunction on these inputs."""
        from ..cost import nnCostFunction
        from ..params import unroll_params

        return nnCostFunction(unroll_params(list(self.Thetas)), *self.sizes, self.X, self.y, self.lambda_)

    def with_lambda(self, lambda_, name):
        return Probe(name, self.Thetas, self.X, self.y, lambda_)


def _matrix(values, rows, cols):
    return np.reshape(np.asarray(values, dtype=float), (rows, cols), order="F")


# Five examples of two inputs; labels 1 and 2 only (a 0-based Y would index past K with label K).  Five,
# so that 1/m and m are no other factor a slip gives (g'(0) = 1/4, its inverse 4).
X5 = _matrix([0.5, 1.2, -0.7, 0.9, -0.2, -1.0, 0.3, 0.8, -0.4, 1.1], 5, 2)
Y5 = np.array([1, 2, 1, 2, 2])
BIASES = np.array([0.8, -0.5, 1.3])  # the output layer's biases in ``outputs``: g(b) of three sizes
W2 = _matrix([0.6, -1.1, 0.4, -0.3, 0.9, 1.4, 1.2, 0.2, -0.8], 3, 3)  # Theta2(:, 2:end) in ``backward``
BETA, OMEGA = 0.9, 1.7  # ``hidden``: the hidden unit's bias, and its weight into the first output

PROBES = {
    "zero": Probe("zero", (np.zeros((3, 3)), np.zeros((3, 4))), X5, Y5),
    "zero3": Probe("zero3", (np.zeros((3, 3)), np.zeros((3, 4))), X5[:3], Y5[:3]),
    "outputs": Probe("outputs", (np.zeros((3, 3)), np.hstack([BIASES[:, None], np.zeros((3, 3))])), X5,
                     np.array([2, 2, 1, 2, 1])),
    # X = 0: z(2) is the bias weight alone, wherever a learner's code puts a(1)'s column of ones.
    "hidden": Probe("hidden", (np.array([[BETA, 0, 0], [0, 0, 0], [0, 0, 0]]),
                               np.array([[0, OMEGA, 0, 0], [0, 0, 0, 0.0]])), np.zeros((2, 2)), np.array([1, 1])),
    "backward": Probe("backward", (np.zeros((3, 3)), np.hstack([np.array([[0.2], [-0.6], [0.5]]), W2])), X5, Y5),
    "weights": Probe("weights", (_matrix(0.8 * np.sin(np.arange(1, 10)), 3, 3),
                                 _matrix(0.9 * np.cos(np.arange(1, 13)), 3, 4)), X5, Y5),
    "present": Probe("present", (np.zeros((3, 3)), np.zeros((4, 4))), X5, np.array([1, 2, 3, 4, 1])),
    "absent": Probe("absent", (np.zeros((3, 3)), np.zeros((4, 4))), X5, np.array([1, 1, 2, 1, 2])),
}
PROBES["regularized"] = PROBES["weights"].with_lambda(1.5, "regularized")
SIZES_SAID = "2 inputs, 3 hidden units, 3 labels"
