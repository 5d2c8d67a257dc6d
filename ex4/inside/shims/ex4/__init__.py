"""The ``ex4`` a learner's code sees while it is graded: the course's given helpers only.

This file is not the project's ``ex4``.  The grader's sandbox puts it on ``sys.path``
where the real package is hidden, so that a starter's ``from ex4 import sigmoid`` keeps
working while the reference (``nnCostFunction``, ``sigmoidGradient``,
``randInitializeWeights``) and the grader's expected values cannot be reached.  The helpers
are the course's own given files, written again here with numpy alone, since nothing of
the real package may be imported inside the sandbox.  A learner who imports one of the
three functions they must write gets it, and calling it raises :class:`NotYours`, which
the grader reads as "this project's own function".
"""

import numpy as np

__all__ = ["sigmoid", "debugInitializeWeights", "computeNumericalGradient", "checkNNGradients", "predict",
           "displayData", "nnCostFunction", "sigmoidGradient", "randInitializeWeights"]
GRADING_SHIM = True  # how the worker tells this module from the real package


class NotYours(RuntimeError):
    """A function the learner must write themselves was called from ex4."""


def _not_yours(name):
    def stand_in(*args, **kwargs):
        raise NotYours(f"{name} is this project's own, not yours: it is not available while grading; "
                       "write your own")

    stand_in.__name__ = stand_in.__qualname__ = name
    stand_in.__ex4_not_yours__ = True
    return stand_in


nnCostFunction = _not_yours("nnCostFunction")
sigmoidGradient = _not_yours("sigmoidGradient")
randInitializeWeights = _not_yours("randInitializeWeights")


def sigmoid(z):
    """g(z) = 1 / (1 + e^-z), element-wise (the course's sigmoid.m)."""
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def debugInitializeWeights(fan_out, fan_in):
    """The course's fixed 'random' weights: sin(1..n) / 10, fan_out x (1 + fan_in), column-major."""
    count = fan_out * (1 + fan_in)
    return np.sin(np.arange(1, count + 1)).reshape((fan_out, 1 + fan_in), order="F") / 10


def computeNumericalGradient(J, theta, e=1e-4):
    """Central differences of J (returning J or (J, grad)) at theta, one parameter at a time."""
    theta = np.asarray(theta, dtype=float)
    numgrad = np.zeros_like(theta)
    perturb = np.zeros_like(theta)
    for p in range(theta.size):
        perturb.flat[p] = e
        loss1, loss2 = J(theta - perturb), J(theta + perturb)
        loss1 = loss1[0] if isinstance(loss1, tuple) else loss1
        loss2 = loss2[0] if isinstance(loss2, tuple) else loss2
        numgrad.flat[p] = (float(loss2) - float(loss1)) / (2 * e)
        perturb.flat[p] = 0
    return numgrad


def checkNNGradients(lambda_=0, input_layer_size=3, hidden_layer_size=5, num_labels=3, m=5, *,
                     cost_function=None, verbose=True):
    """The course's gradient check on a 3-5-3 network; returns the relative difference."""
    fun = nnCostFunction if cost_function is None else cost_function
    Theta1 = debugInitializeWeights(hidden_layer_size, input_layer_size)
    Theta2 = debugInitializeWeights(num_labels, hidden_layer_size)
    X = debugInitializeWeights(m, input_layer_size - 1)
    y = 1 + np.arange(1, m + 1) % num_labels
    nn_params = np.concatenate([Theta1.ravel(order="F"), Theta2.ravel(order="F")])

    def cost(p):
        return fun(p, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)

    grad = np.ravel(np.asarray(cost(nn_params)[1], dtype=float))
    numgrad = computeNumericalGradient(cost, nn_params)
    diff = float(np.linalg.norm(numgrad - grad) / np.linalg.norm(numgrad + grad))
    if verbose:
        for num, ana in zip(numgrad, grad):
            print(f"  {num: .4e}  {ana: .4e}")
        print(f"\nRelative Difference: {diff:g}")
    return diff


def predict(Theta1, Theta2, X):
    """The label 1..K of the largest output of the trained network, for each row of X."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    h1 = sigmoid(np.column_stack([np.ones(len(X)), X]) @ np.asarray(Theta1).T)
    h2 = sigmoid(np.column_stack([np.ones(len(X)), h1]) @ np.asarray(Theta2).T)
    return np.argmax(h2, axis=1) + 1


def displayData(X, example_width=None):
    """The rows of X as gray images in a grid; returns (figure, grid), as the project's displayData."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X = np.atleast_2d(np.asarray(X, dtype=float))
    m, n = X.shape
    width = int(example_width or round(np.sqrt(n)))
    height = n // width
    rows = int(np.floor(np.sqrt(m)))
    cols = int(np.ceil(m / rows))
    grid = -np.ones((1 + rows * (height + 1), 1 + cols * (width + 1)))
    for k in range(m):
        r, c = divmod(k, cols)
        scale = np.max(np.abs(X[k])) or 1.0
        patch = X[k].reshape((height, width), order="F") / scale
        grid[1 + r * (height + 1):1 + r * (height + 1) + height, 1 + c * (width + 1):1 + c * (width + 1) + width] = patch
    fig, ax = plt.subplots()
    ax.imshow(grid, cmap="gray", vmin=-1, vmax=1)
    ax.set_axis_off()
    return fig, grid
