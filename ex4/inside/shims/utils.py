"""The Python notebook port's ``utils`` helpers, for its learners grading offline.

The popular Python port of the course ships a ``utils`` module beside each exercise's
notebook.  A notebook (or file) that does ``import utils`` where no ``utils`` is beside it
gets this module in its place (:mod:`ex4.inside.load` puts this folder last on
``sys.path`` and says so in a note).  It stands on the course's given helpers as written
beside it (``shims/ex4``, numpy alone), the same ones in ``--impl`` and inside the grader's
sandbox, so it imports nothing of this project.  Its helpers follow the port's conventions,
not the course's: labels 0..K-1 and the parameters unrolled row by row; the
port's online ``Grader`` is not here (grade offline: ``python -m ex4.submit NOTEBOOK
--convention python``).
"""

import importlib.util
import os
import sys

import numpy as np


def _given_helpers():
    """``shims/ex4/__init__.py``, the course's given helpers: the sandbox's ``ex4``, or elsewhere
    the module ``ex4_given_helpers`` (in ``--impl``, ``ex4`` is this project, whose reference the
    port's helpers must not need)."""
    shim = sys.modules.get("ex4")
    if getattr(shim, "GRADING_SHIM", False):  # in the sandbox the worker has loaded it already
        return shim
    name = "ex4_given_helpers"
    if name not in sys.modules:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ex4", "__init__.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


_given = _given_helpers()
sigmoid = _given.sigmoid
debugInitializeWeights = _given.debugInitializeWeights
computeNumericalGradient = _given.computeNumericalGradient

__all__ = ["sigmoid", "displayData", "predict", "debugInitializeWeights", "computeNumericalGradient",
           "checkNNGradients", "Grader"]

PROVIDED = ", ".join(__all__[:-1])


def displayData(X, example_width=None, figsize=(10, 10)):
    """The port's displayData: draws the rows of X as images (the course's displayData), at ``figsize``."""
    fig, grid = _given.displayData(X, example_width=example_width)
    fig.set_size_inches(figsize)
    return fig, grid


def predict(Theta1, Theta2, X):
    """The port's predict: the index 0..K-1 of the largest output for each row of X."""
    return _given.predict(Theta1, Theta2, X) - 1


def checkNNGradients(nnCostFunction, lambda_=0):
    """The port's gradient check: its 3-5-3 debug network, labels 0..K-1, parameters unrolled row by
    row; prints the two columns and the relative difference, and returns nothing, as the port's does."""
    input_layer_size, hidden_layer_size, num_labels, m = 3, 5, 3, 5
    Theta1 = debugInitializeWeights(hidden_layer_size, input_layer_size)
    Theta2 = debugInitializeWeights(num_labels, hidden_layer_size)
    X = debugInitializeWeights(m, input_layer_size - 1)
    y = np.arange(1, 1 + m) % num_labels
    nn_params = np.concatenate([Theta1.ravel(), Theta2.ravel()])

    def cost(p):
        return nnCostFunction(p, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)

    _, grad = cost(nn_params)
    grad = np.ravel(grad)
    numgrad = computeNumericalGradient(cost, nn_params)
    print(np.stack([numgrad, grad], axis=1))
    print("The above two columns you get should be very similar.")
    print("(Left-Your Numerical Gradient, Right-Analytical Gradient)\n")
    with np.errstate(invalid="ignore", divide="ignore"):  # two zero gradients: NaN, as the port prints
        diff = np.linalg.norm(numgrad - grad) / np.linalg.norm(numgrad + grad)
    print("If your backpropagation implementation is correct, then \n"
          "the relative difference will be small (less than 1e-9). \n"
          f"Relative Difference: {diff:g}")


class Grader:
    """The port's online grader needs the course's token and the network: not here."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("utils.Grader is the Python port's online grader, which this project does not have: "
                           "grade offline with ex4-submit YOUR_NOTEBOOK --convention python")
