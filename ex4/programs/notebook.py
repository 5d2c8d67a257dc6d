"""The exercise as a Jupyter notebook: ``python -m ex4 start --notebook`` writes ``my_ex4.ipynb``.

The notebook runs the exercise as ex4.m does, part by part: a markdown cell saying what
to do, the function to fill in (the same three blanks as the ``.py`` starter, taken from
``templates/my_ex4.py`` so that the two never drift apart), and a cell that checks the
learner's work with this project.  The result is nbformat 4.5 JSON, without outputs,
written with the standard library.
"""

import ast
import json
from pathlib import Path

from .exercise import BUNDLED_EXPECTED, HANDOUT_ACCURACY

TEMPLATE = Path(__file__).resolve().parent / "templates" / "my_ex4.py"
NOTEBOOK = "my_ex4.ipynb"


def starter_functions():
    """The three functions of the .py starter, as source text, by name."""
    source = TEMPLATE.read_text(encoding="utf-8")
    tree = ast.parse(source)
    return {node.name: ast.get_source_segment(source, node) for node in tree.body
            if isinstance(node, ast.FunctionDef)}


def cells():
    """(cell_type, source) pairs: the notebook, top to bottom."""
    functions = starter_functions()
    J0, J1, J3 = (f"{BUNDLED_EXPECTED[lam]:f}" for lam in (0, 1, 3))
    return [
        ("markdown", f"""# Exercise 4: Neural Networks Learning

A 400-25-10 network of sigmoid units learns 5000 handwritten 20x20 digits by backpropagation.
This notebook runs the exercise part by part, as the course's `ex4.m` does. You write three
functions, each in a cell marked `YOUR CODE HERE`: `sigmoidGradient`, `nnCostFunction` and
`randInitializeWeights`. The cell after each one checks your work with the `ex4` package.

Until a blank is filled in it returns zeros of the right shape, so the notebook runs from top
to bottom as it is; only the numbers are wrong. Run it top to bottom again after each change
(Run All), and grade it offline with the last cell.

The conventions are the course's: the labels `y` run 1..10 and **10 stands for the digit 0**;
the weights travel as one vector, MATLAB's `[Theta1(:); Theta2(:)]`, unrolled column by column
(numpy's `order="F"`). The expected values below are those of the bundled data, rebuilt from
MNIST (the handout's numbers belong to the course's own `ex4data1.mat`)."""),
        ("code", """import numpy as np
import scipy.optimize
import matplotlib.pyplot as plt

from ex4 import sigmoid, displayData, checkNNGradients, predict
from ex4.data import load_digits, load_weights
from ex4.params import unroll_params, reshape_params
from ex4.train import limit_scipy_blas_threads

input_layer_size = 400  # 20x20 input images of digits
hidden_layer_size = 25  # 25 hidden units
num_labels = 10         # 10 labels, from 1 to 10 (the digit 0 is the label 10)"""),
        ("markdown", """## Part 1: Loading and visualizing the data (ex4.m part 1)

`X` holds one 20x20 image per row, unrolled column by column into 400 values: shape (5000, 400).
`y` holds the labels 1..10: shape (5000,)."""),
        ("code", """X, y = load_digits()
m = X.shape[0]
rng = np.random.default_rng(0)
sel = rng.permutation(m)[:100]  # 100 digits at random
fig, _ = displayData(X[sel])
print(X.shape, y.shape)"""),
        ("markdown", """## Part 2: Loading the parameters (ex4.m part 2)

A trained network: `Theta1` (25 x 401) and `Theta2` (10 x 26), unrolled into `nn_params`."""),
        ("code", """Theta1, Theta2 = load_weights()
nn_params = unroll_params([Theta1, Theta2])  # [Theta1(:); Theta2(:)]
print(Theta1.shape, Theta2.shape, nn_params.shape)"""),
        ("markdown", r"""## Part 3: The sigmoid gradient (ex4.pdf §2.1; ex4.m part 5)

The derivative of the sigmoid $g(z) = 1 / (1 + e^{-z})$ is

$$g'(z) = \frac{d}{dz} g(z) = g(z)\,(1 - g(z)).$$

Write `sigmoidGradient(z)` for a number, a vector or a matrix `z`, element by element.
(ex4.m evaluates it in its part 5; it comes first here because the backpropagation in
`nnCostFunction` calls it, and a notebook runs from top to bottom.)"""),
        ("code", functions["sigmoidGradient"]),
        ("code", """g = sigmoidGradient(np.array([-1, -0.5, 0, 0.5, 1]))
print("Sigmoid gradient evaluated at [-1 -0.5 0 0.5 1]:\\n  " + " ".join(f"{v:f}" for v in g))
print("(this should be 0.196612 0.235004 0.250000 0.235004 0.196612)")"""),
        ("markdown", r"""## Part 4: The cost function and its gradient (ex4.pdf §1.3-1.4, §2.3, §2.5)

**Feedforward (§1.3).** With $a^{(1)} = [1\; x]$, $z^{(2)} = a^{(1)} \Theta^{(1)T}$,
$a^{(2)} = [1\; g(z^{(2)})]$, $z^{(3)} = a^{(2)} \Theta^{(2)T}$ and $h = a^{(3)} = g(z^{(3)})$,
one row per example: $h$ has shape (m, K).

**The cost (§1.4).** With $Y$ the labels as rows of zeros and ones (row $i$ has its 1 in
column `y[i] - 1`: Python counts columns from 0, the labels from 1),

$$J = \frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{K} \left[ -Y_{ik} \log h_{ik} - (1 - Y_{ik}) \log(1 - h_{ik}) \right]
   + \frac{\lambda}{2m} \left[ \sum_{j,k \ge 1} (\Theta^{(1)}_{jk})^2 + \sum_{j,k \ge 1} (\Theta^{(2)}_{jk})^2 \right],$$

where the regularization leaves out the first column of each $\Theta$ (the bias weights).

**Backpropagation (§2.3, steps 1-5).** $\delta^{(3)} = a^{(3)} - Y$;
$\delta^{(2)} = (\delta^{(3)} \Theta^{(2)})_{\text{without column 0}} \odot g'(z^{(2)})$;
the accumulators $\Delta^{(1)} = \delta^{(2)T} a^{(1)}$ and $\Delta^{(2)} = \delta^{(3)T} a^{(2)}$
sum over the examples; the gradient is $\Delta / m$.

**Regularization (§2.5).** Add $\frac{\lambda}{m} \Theta$ to each gradient, except on the first column.

Write the cost first (the next two cells check it), then the gradient (Parts 6 and 7 check it)."""),
        ("code", functions["nnCostFunction"]),
        ("code", f"""J, _ = nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, 0)
print(f"Cost at parameters (loaded from ex4weights): {{J:f}}")
print("(this value should be about {J0}, for the bundled data)")"""),
        ("code", f"""J, _ = nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, 1)
print(f"Cost at parameters (loaded from ex4weights), lambda = 1: {{J:f}}")
print("(this value should be about {J1}, for the bundled data)")"""),
        ("markdown", r"""## Part 5: Random initialization (ex4.pdf §2.2; ex4.m part 6)

Start from small random weights, uniform on $[-\epsilon_{init}, \epsilon_{init}]$, so that the
hidden units differ from the start: equal weights would keep them identical for ever."""),
        ("code", functions["randInitializeWeights"]),
        ("code", """np.random.seed(0)  # repeatable: np.random.rand draws from this
initial_Theta1 = randInitializeWeights(input_layer_size, hidden_layer_size)
initial_Theta2 = randInitializeWeights(hidden_layer_size, num_labels)
initial_nn_params = unroll_params([initial_Theta1, initial_Theta2])
print(initial_Theta1.shape, initial_Theta2.shape)
print(f"between {initial_nn_params.min():.4f} and {initial_nn_params.max():.4f} "
      "(should be about -0.12 and 0.12, and not all equal)")"""),
        ("markdown", """## Part 6: Checking backpropagation (ex4.pdf §2.4; ex4.m part 7)

`checkNNGradients` compares your gradient with one computed by central differences, on a small
3-5-3 network. The two columns should agree, and the relative difference be below 1e-9."""),
        ("code", """diff = checkNNGradients(cost_function=nnCostFunction)"""),
        ("markdown", """## Part 7: Checking regularization (ex4.pdf §2.5; ex4.m part 8)"""),
        ("code", f"""diff = checkNNGradients(3, cost_function=nnCostFunction)
debug_J, _ = nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, 3)
print(f"\\nCost at (fixed) debugging parameters (w/ lambda = 3): {{debug_J:f}}")
print("(for lambda = 3, this value should be about {J3}, for the bundled data)")"""),
        ("markdown", """## Part 8: Training the network (ex4.m part 9)

`scipy.optimize.minimize` plays the course's `fmincg`: it calls your `nnCostFunction` for the
cost and the gradient (`jac=True`), 50 iterations of L-BFGS-B. (`limit_scipy_blas_threads`
only keeps scipy's own BLAS threads from slowing it down.)"""),
        ("code", """lambda_ = 1
costs = []
with limit_scipy_blas_threads():
    res = scipy.optimize.minimize(nnCostFunction, initial_nn_params,
                                  args=(input_layer_size, hidden_layer_size, num_labels, X, y, lambda_),
                                  jac=True, method="L-BFGS-B", options={"maxiter": 50},
                                  callback=lambda intermediate_result: costs.append(intermediate_result.fun))
Theta1_trained, Theta2_trained = reshape_params(res.x, (input_layer_size, hidden_layer_size, num_labels))
print(f"{len(costs)} iterations; cost {res.fun:.6e}")
if costs:
    plt.figure(figsize=(5, 3))
    plt.plot(range(1, len(costs) + 1), costs, marker=".")
    plt.xlabel("iteration")
    plt.ylabel("cost J")
    plt.show()"""),
        ("markdown", """## Part 9: Visualizing the hidden units (ex4.m part 9)

Each hidden unit's 400 input weights, shown as a 20x20 image: the strokes it responds to."""),
        ("code", """fig, _ = displayData(Theta1_trained[:, 1:])"""),
        ("markdown", """## Part 10: Training accuracy (ex4.m part 10)"""),
        ("code", f"""pred = predict(Theta1_trained, Theta2_trained, X)
print(f"Training Set Accuracy: {{np.mean(pred == y) * 100:f}}")
print("(the handout: about {HANDOUT_ACCURACY:.1f}, give or take 1%, after 50 iterations of fmincg; L-BFGS-B gets "
      "further in 50 iterations: about 97)")"""),
        ("markdown", """## Grading

The course's five graded parts, offline. In Jupyter, save the notebook first (File > Save, or
Ctrl+S): the grader reads the file, as a teacher's grader would, takes from it only the imports
and the function definitions, and runs them in a sandbox; the same from a terminal:
`ex4-submit my_ex4.ipynb`. In a browser (the exercise's JupyterLite site) there is no sandbox:
it grades the functions defined in this notebook, here, with the same parts and hints."""),
        ("code", f"""from ex4.submit import grade_notebook

status = grade_notebook(globals(), "{NOTEBOOK}")  # this file's name: change it if you renamed the notebook"""),
    ]


def notebook():
    """The starter notebook as an nbformat 4.5 document (a dict), with no outputs."""
    def cell(number, kind, source):
        body = {"cell_type": kind, "id": f"ex4-{number:02d}", "metadata": {}, "source": source.splitlines(True)}
        if kind == "code":
            body.update(execution_count=None, outputs=[])
        return body

    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "cells": [cell(number, kind, source) for number, (kind, source) in enumerate(cells(), 1)],
    }


def text():
    return json.dumps(notebook(), indent=1, ensure_ascii=False) + "\n"
