"""Learner files for the tests: the starter (`python -m ex4 start`) with its blanks filled in.

The solutions are written here, handout style, independently of the package's own code
(a one-hot Y, a column of ones, the course's log formula); `mistake` switches in one
classic error at a time.
"""

import functools
import os
import re
import subprocess
import tempfile
import textwrap
from pathlib import Path
from ex4.install import module_command

REPO = Path(__file__).resolve().parent.parent

SIGMOID_GRADIENT = {
    None: "    g = sigmoid(z) * (1 - sigmoid(z))\n",
}
RAND_INITIALIZE_WEIGHTS = {
    None: "    epsilon_init = 0.12\n"
          "    W = np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init\n",
}
NN_COST_FUNCTION = """\
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    h = sigmoid(a2 @ Theta2.T)
    Y = np.zeros((m, num_labels))
    Y[np.arange(m), np.asarray(y, dtype=int).ravel() - 1] = 1
    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    R1, R2 = Theta1.copy(), Theta2.copy()
    if MISTAKE != "regularize_bias":
        R1[:, 0] = 0
        R2[:, 0] = 0
    J += lambda_ / (2 * m) * (np.sum(R1 ** 2) + np.sum(R2 ** 2))
    delta3 = h - Y
    delta2 = (delta3 @ Theta2)[:, 1:] * sigmoidGradient(z2)
    Theta1_grad = delta2.T @ a1 / m + lambda_ / m * R1
    Theta2_grad = delta3.T @ a2 / m + lambda_ / m * R2
    if MISTAKE == "raises":
        raise RuntimeError("not written yet")  # LINE OF THE ERROR
"""


BODIES = {"sigmoidGradient": SIGMOID_GRADIENT[None],
          "randInitializeWeights": RAND_INITIALIZE_WEIGHTS[None],
          "nnCostFunction": NN_COST_FUNCTION}


def fill_function(text, name, body):
    """``text`` with the YOUR CODE HERE block of function ``name`` replaced by ``body``."""
    pattern = re.compile(r"(def %s\(.*?# =+ YOUR CODE HERE =+\n)(.*?)(    # =+\n)" % name, re.S)
    text, count = pattern.subn(lambda match: match.group(1) + body + match.group(3), text)
    assert count == 1, f"no single blank in {name}"
    return text


def fill(starter_text, mistake=None):
    """The starter with each YOUR CODE HERE block replaced by a solution."""
    text = starter_text
    for name, body in BODIES.items():
        text = fill_function(text, name, body)
    return text.replace("\nimport numpy as np\n", f"\nimport numpy as np\n\nMISTAKE = {mistake!r}\n", 1)


def fill_notebook(notebook):
    """The starter notebook (a dict) with its three blanks filled in by the correct solution.

    A notebook's module-level assignments are not taken by the grader, so the switch
    for mistakes is written into the code itself.
    """
    filled = 0
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        for name, body in BODIES.items():
            if cell["cell_type"] == "code" and f"def {name}(" in source:
                source = fill_function(source, name, body.replace("MISTAKE", "None"))
                cell["source"] = source.splitlines(True)
                filled += 1
    assert filled == 3, f"expected three cells to fill, filled {filled}"
    return notebook


def write_starter(folder, real=False):
    """The starter in ``folder``, as `python -m ex4 start folder` writes it; returns the file's path.
    ``real``: run that command, as a learner does (else its text, from one run per session)."""
    if not real:
        path = Path(folder) / "my_ex4.py"
        path.write_text(starter_text())
        return path
    proc = run([*module_command("ex4"), "start", str(folder)], cwd=folder)
    assert proc.returncode == 0, proc.stderr
    return Path(folder) / "my_ex4.py"


@functools.lru_cache(maxsize=None)
def starter_text():
    """What `python -m ex4 start` writes (once per test session)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_starter(folder, real=True).read_text()


def write_solution(folder, mistake=None, name="my_ex4.py"):
    path = Path(folder) / name
    path.write_text(fill(starter_text(), mistake))
    return path


def run(command, cwd, timeout=300, **kwargs):
    """A command run from the learner's folder, with this clone's ex4 importable."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout, **kwargs)


# A whole learner file, handout style, for the grader's tests: MISTAKE switches in one error.
STUDENT_TEMPLATE = textwrap.dedent('''
    import numpy as np

    MISTAKE = {mistake!r}

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def sigmoidGradient(z):
        z = np.asarray(z, dtype=float)
        if MISTAKE == "sigmoid_times_one_minus_z":
            return sigmoid(z) * (1 - z)
        if MISTAKE == "z_times_one_minus_z":
            return z * (1 - z)
        return sigmoid(z) * (1 - sigmoid(z))

    def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        if MISTAKE == "raises":
            raise RuntimeError("not written yet")
        order = "C" if MISTAKE in ("row_major_params", "python_port") else "F"
        n1 = hidden_layer_size * (input_layer_size + 1)
        Theta1 = nn_params[:n1].reshape((hidden_layer_size, input_layer_size + 1), order=order)
        Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order=order)
        m = X.shape[0]
        y = np.asarray(y).ravel().astype(int)
        labels = y if MISTAKE in ("zero_based", "python_port") else y - 1
        Y = np.zeros((m, num_labels))
        for i in range(m):
            if labels[i] < num_labels:
                Y[i, labels[i]] = 1
        a1 = np.hstack([np.ones((m, 1)), X])
        z2 = a1 @ Theta1.T
        a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
        h = sigmoid(a2 @ Theta2.T)
        scale = 1 if MISTAKE in ("no_one_over_m", "no_one_over_m_in_cost") else 1 / m
        J = scale * np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h))
        R1, R2 = Theta1.copy(), Theta2.copy()
        G1, G2 = Theta1.copy(), Theta2.copy()
        if MISTAKE not in ("regularize_bias", "bias_in_cost"):
            R1[:, 0] = 0; R2[:, 0] = 0
        if MISTAKE not in ("regularize_bias", "bias_in_gradient"):
            G1[:, 0] = 0; G2[:, 0] = 0
        reg = lambda_ / m if MISTAKE == "lambda_over_m" else lambda_ / (2 * m)
        J += reg * (np.sum(R1 ** 2) + np.sum(R2 ** 2))
        d3 = h - Y
        scale = 1 if MISTAKE in ("no_one_over_m", "no_one_over_m_in_gradient") else 1 / m
        d2 = (d3 @ Theta2)[:, 1:] * sigmoidGradient(z2)
        Theta1_grad = d2.T @ a1 * scale + lambda_ / m * G1
        Theta2_grad = d3.T @ a2 * scale + lambda_ / m * G2
        order = "C" if MISTAKE in ("row_major", "row_major_params", "python_port") else "F"
        return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])
''')


def student_file(folder, mistake=None, prelude=""):
    path = folder / f"student_{mistake or 'correct'}.py"
    path.write_text(prelude + STUDENT_TEMPLATE.format(mistake=mistake))
    return path
