"""What is wrong with a learner's backpropagation, from the numbers (ex4/diagnosis.py).

Each file in tests/mistakes/ is a learner's whole solution, written from the handout, with one
mistake real learners of this exercise make (its docstring says which).  The tests check that
what the learner is told names the fix: checkNNGradients(..., cost_function=...) (which
`python -m ex4 --impl` runs), the grader's hint, and the run of the exercise.
"""

import contextlib
import importlib.util
import io

import numpy as np
import pytest

from conftest import REPO
from ex4 import checkNNGradients
from ex4.grader.grade import grade
from ex4.programs.loading import Implementation, LearnerCodeError
from ex4.install import module_command

MISTAKES = REPO / "tests" / "mistakes"  # learner files, one classic mistake each


def load(name):
    spec = importlib.util.spec_from_file_location(f"mistake_{name}", MISTAKES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gradient_check_says(name, lambda_):
    module = load(name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), np.errstate(all="ignore"):
        if name == "state_between_calls":  # as in --impl, where the costs are asked before the check
            checkNNGradients(0, cost_function=module.nnCostFunction, verbose=False)
        diff = checkNNGradients(lambda_, cost_function=module.nnCostFunction)
    return diff, out.getvalue().split("Relative Difference:")[1]


# mistake file, the lambda of the check that shows it, words of the fix the learner must be told
SAID_BY_THE_GRADIENT_CHECK = [
    ("gradient_not_regularized", 3, "lacks (lambda/m) Theta: add it to every column of Theta(l)_grad but the first"),
    ("gprime_of_activation", 0, "g' taken of the activation a(2) = g(z(2)); delta(2) takes g'(z(2))"),
    # Read from the probes: the function asked on inputs that isolate one term each.
    ("labels_not_one_hot", 0, "your cost uses the labels as numbers: each label must become a one-hot row of Y"),
    ("gradient_divided_by_m_twice", 0, "1/m times the course's in every block: divided by m twice"),
    ("gradient_not_divided_by_m", 0, "m times the course's in every block: not divided by m: D = Delta / m"),
    ("cost_matrix_product", 0, "your cost multiplies Y and log(h) as matrices"),
    ("cost_averaged_over_outputs", 0, "averaged over the K outputs instead of the m examples"),
    ("delta3_sign_flipped", 0, "the sign is flipped: delta(3) = a(3) - y, not y - a(3)"),
    ("blank_gradient", 0, "your gradient is all zeros"),
    ("bias_regularized_in_gradient", 3, "leave the bias column of each Theta(l)_grad out of the regularization"),
    ("cost_reg_lambda_over_m", 3, "its factor is lambda/m: it is lambda/(2m), not lambda/m"),
    ("gradient_row_major", 0, "unrolled each Theta(l)_grad row by row"),
    ("delta1_bias_term_missing", 0, "Theta1_grad's bias column zero: Delta(1) = delta(2)' a(1) with a(1) = [1 X]"),
    ("float32", 0, "your nnCostFunction returns float32 values"),
    ("state_between_calls", 3, "it keeps state between calls"),
    ("log_terms_swapped", 0, "your cost pairs y with log(1 - h) and 1 - y with log(h)"),
    ("gradient_reg_over_m_squared", 3, "1/m x (lambda/m) Theta (divided by m twice)"),
    ("cost_reg_precedence", 3, "lambda_ / 2 * m is (lambda_ / 2) * m; write lambda_ / (2 * m)"),
    ("thetas_zeroed_through_an_alias", 0, "the forward pass does not use Theta1's first column, the bias weights"),
    ("lambda_set_inside", 3, "does not use its lambda_ argument"),
    ("sigmoid_gradient_precedence", 0, "sigmoid(z) * 1 - sigmoid(z) lacks its parentheses"),
    ("cost_reg_theta1_twice", 3, "of Theta1 it counts it twice; of Theta2 it is missing"),
]


@pytest.mark.parametrize("name, lambda_, words", SAID_BY_THE_GRADIENT_CHECK,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(SAID_BY_THE_GRADIENT_CHECK)])
def test_the_gradient_check_names_the_fix(name, lambda_, words):
    _, said = gradient_check_says(name, lambda_)
    assert words in said, said


def test_a_correct_file_gets_no_diagnosis():
    diff, said = gradient_check_says("correct", 3)
    assert diff < 1e-9 and said.strip().splitlines() == [said.strip().splitlines()[0]]


def test_an_index_error_with_the_labels_says_how_labels_index_columns():
    from ex4.weights import debug_problem
    from ex4.params import unroll_params

    impl = Implementation.load(str(MISTAKES / "labels_not_shifted.py"))
    Thetas, X, y = debug_problem((3, 5, 3), 5)
    with pytest.raises(LearnerCodeError) as raised:
        impl.nnCostFunction(unroll_params(Thetas), 3, 5, 3, X, y, 0)
    assert "as a column index, label y is y - 1" in raised.value.details
    assert "The shapes each step should have" not in raised.value.details  # not a shape error


def test_a_string_or_a_bool_as_J_is_refused():
    with pytest.raises(TypeError, match=r"nnCostFunction: expected J to be a number, got '[0-9.]+' \(str\)"):
        checkNNGradients(cost_function=load("string_cost").nnCostFunction, verbose=False)

    def bool_cost(p, *args):
        return True, np.zeros(p.size)

    with pytest.raises(TypeError, match=r"bool_cost: expected J to be a number, got True \(bool\)"):
        checkNNGradients(cost_function=bool_cost, verbose=False)


@pytest.mark.parametrize("name, words", [
    ("bias_unit_forgotten", "a product where one side has 3 columns and the other 4 rows: a(1) = [1 X]"),
    ("theta2_bias_not_dropped", "delta(3) Theta2 has 6 columns, the first the bias unit's; delta(2) drops it"),
    ("accumulator_transposed", "an array of shape 4 x 4, Theta1's shape transposed: Delta(1) = delta(2)' a(1)"),
])
def test_a_shape_error_says_the_step_its_sizes_point_to(name, words):
    from ex4.weights import debug_problem
    from ex4.params import unroll_params

    impl = Implementation.load(str(MISTAKES / f"{name}.py"))
    Thetas, X, y = debug_problem((3, 5, 3), 5)
    with pytest.raises(LearnerCodeError) as raised, np.errstate(all="ignore"):
        impl.nnCostFunction(unroll_params(Thetas), 3, 5, 3, X, y, 0)
    assert words in raised.value.details, raised.value.details


def test_a_shape_error_no_size_explains_shows_the_shape_of_every_step(tmp_path):
    from ex4.weights import debug_problem
    from ex4.params import unroll_params

    path = tmp_path / "sums.py"  # the course's sizes of (3, 5, 3) cannot say which step: the table of shapes
    path.write_text((MISTAKES / "correct.py").read_text().replace(
        "    delta2 = (delta3 @ Theta2)[:, 1:] * sigmoidGradient(z2)\n",
        "    delta2 = (delta3 @ Theta2)[:, 1:] * sigmoidGradient(z2)\n    delta2 = delta2 + a1\n"))
    impl = Implementation.load(str(path))
    Thetas, X, y = debug_problem((3, 5, 3), 5)
    with pytest.raises(LearnerCodeError) as raised, np.errstate(all="ignore"):
        impl.nnCostFunction(unroll_params(Thetas), 3, 5, 3, X, y, 0)
    table = raised.value.details.split("The shapes each step should have for this call")[1]
    # The shapes by hand, for 5 examples and a 3-5-3 network.
    for step, shape in [("a(1) = [1 X]", "5 x 4"), ("a(2) = [1 g(z(2))]", "5 x 6"), ("delta(3) = h - Y", "5 x 3"),
                        ("Delta(1) = delta(2)' a(1), Theta1_grad", "5 x 4"),
                        ("Delta(2) = delta(3)' a(2), Theta2_grad", "3 x 6")]:
        line = next(line for line in table.splitlines() if line.strip().startswith(step))
        assert line.rstrip().endswith(shape), line


def test_a_deeper_networks_wrong_hidden_delta_is_found_by_its_blocks():
    # A 3-5-4-3 network whose g' is taken of the activation: every hidden layer's delta is wrong,
    # the output layer's gradient right.
    from ex4.handout import backprop
    from ex4.handout import handout_sigmoid as sigmoid
    from ex4.params import reshape_params, unroll_params

    def wrong_deep(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        sizes = (input_layer_size, *hidden_layer_size, num_labels)
        Thetas = reshape_params(nn_params, sizes)
        bp = backprop(Thetas, X, y, g_prime=lambda z: sigmoid(z) * (1 - z))
        m = X.shape[0]
        return bp.cost_terms.sum() / m, unroll_params([D / m for D in bp.Deltas])

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        checkNNGradients(hidden_layer_size=(5, 4), cost_function=wrong_deep)
    said = out.getvalue()
    assert "Theta1_grad, Theta2_grad wrong while Theta3_grad is right" in said and "step 3" in said


# -- the grader's hint, where no usual mistake matches ----------------------------------------

SAID_BY_THE_GRADER = [  # mistake file, part, words
    ("gradient_not_regularized", 5, "lacks (lambda/m) Theta"),
    ("gprime_of_activation", 4, "g' taken of the activation a(2) = g(z(2)); delta(2) takes g'(z(2))"),
    ("gradient_divided_by_m_twice", 4, "divided by m twice"),
    ("delta3_sign_flipped", 4, "the sign is flipped"),
    ("cost_matrix_product", 1, "your cost multiplies Y and log(h) as matrices"),
    ("cost_averaged_over_outputs", 1, "averaged over the K outputs"),
    ("labels_not_one_hot", 1, "your cost uses the labels as numbers"),
    ("blank_gradient", 4, "your gradient is all zeros"),
    ("delta1_bias_term_missing", 4, "Theta1_grad's bias column zero: Delta(1) = delta(2)' a(1) with a(1) = [1 X]"),
    ("theta2_bias_not_dropped", 1, "delta(3) Theta2 has 5 columns, the first the bias unit's; delta(2) drops it"),
    ("bias_unit_forgotten", 1, "a(1) = [1 X] has the bias unit's column of ones first, 3 columns as Theta1 has"),
    ("state_between_calls", 4, "it keeps state between calls"),
    ("log_terms_swapped", 4, "your cost pairs y with log(1 - h) and 1 - y with log(h)"),
    ("cost_reg_precedence", 2, "lambda_ / 2 * m is (lambda_ / 2) * m"),
    ("lambda_set_inside", 2, "does not use its lambda_ argument"),
    ("labels_not_shifted", 1, "use y - 1 as the column index"),
    ("sigmoid_gradient_precedence", 3, "your sigmoidGradient returns zeros"),
    ("thetas_zeroed_through_an_alias", 4, "the forward pass does not use Theta1's first column"),
]


FAST = {"state_between_calls", "lambda_set_inside", "theta2_bias_not_dropped", "log_terms_swapped"}


@pytest.mark.parametrize("name, part, words", [
    pytest.param(*m, marks=() if m[0] in FAST else pytest.mark.slow) for m in SAID_BY_THE_GRADER
], ids=[m[0] for m in SAID_BY_THE_GRADER])
def test_the_graders_hint_names_the_fix(name, part, words):
    result = grade(str(MISTAKES / f"{name}.py"), timeout=30)
    hints = next(p for p in result.parts if p.part == part).hints
    assert any(words in hint for hint in hints), hints
    assert all(len(hint) < 400 for hint in hints)  # one or two lines


def test_the_grader_reads_a_wrong_hidden_delta_and_notes_float32():
    result = grade(str(MISTAKES / "gprime_of_activation.py"), timeout=30)
    assert {p.part: p.score for p in result.parts} == {1: 30, 2: 15, 3: 5, 4: 0, 5: 0}
    assert any("g' taken of the activation a(2) = g(z(2))" in h for h in result.parts[3].hints)
    result = grade(str(MISTAKES / "float32.py"), timeout=30)
    assert result.total == 100  # the course's rule scores it; the note names the dtype
    assert any("returns float32 values" in note for note in result.notes)


def test_a_notebook_written_as_the_python_port_teaches_grades_100_with_its_utils():
    notebook = str(MISTAKES / "python_port_notebook.ipynb")
    result = grade(notebook, convention="python", timeout=30)
    assert result.total == 100, [(p.part, p.detail) for p in result.parts]
    assert any("imports utils (the Python notebook port's helpers)" in note for note in result.notes)


def ports_utils():
    """The port's utils as a learner's ``import utils`` finds it where none is beside the file."""
    import importlib.util

    from ex4.inside import SHIMS

    spec = importlib.util.spec_from_file_location("port_utils_under_test", f"{SHIMS}/utils.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_ports_display_and_grader_stand_in_work():
    port_utils = ports_utils()
    fig, grid = port_utils.displayData(np.sin(np.arange(1, 801)).reshape(2, 400), figsize=(4, 4))
    assert tuple(fig.get_size_inches()) == (4, 4) and grid.ndim == 2 and grid.min() == -1
    with pytest.raises(RuntimeError, match="grade offline with ex4-submit"):
        port_utils.Grader()


def test_the_ports_utils_follows_the_ports_conventions(capsys):
    port_utils = ports_utils()
    from ex4.weights import debugInitializeWeights

    W = debugInitializeWeights(2, 3)
    assert np.array_equal(W, np.reshape(np.sin(np.arange(1, 9)) / 10, (2, 4), order="F"))  # the course's formula
    Theta1 = np.array([[0.0, 1.0], [0.0, -1.0]])
    Theta2 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert port_utils.predict(Theta1, Theta2, np.array([[5.0], [-5.0]])).tolist() == [0, 1]  # 0-based

    def port_style(nn_params, i, h, k, X, y, lambda_):  # labels 0..K-1, row-major: the port's conventions
        from ex4 import nnCostFunction
        T1 = nn_params[:h * (i + 1)].reshape(h, i + 1)
        T2 = nn_params[h * (i + 1):].reshape(k, h + 1)
        J, grad = nnCostFunction(np.concatenate([T1.ravel("F"), T2.ravel("F")]), i, h, k, X, y + 1, lambda_)
        G1 = grad[:h * (i + 1)].reshape((h, i + 1), order="F")
        G2 = grad[h * (i + 1):].reshape((k, h + 1), order="F")
        return J, np.concatenate([G1.ravel(), G2.ravel()])

    port_utils.checkNNGradients(port_style)
    said = capsys.readouterr().out
    assert float(said.rsplit("Relative Difference: ", 1)[1]) < 1e-9


# -- the exercise run: training, NaN, the picture ----------------------------------------------

def test_a_nan_from_the_learners_cost_is_the_learners(digits):
    from ex4.train import NonFiniteCost, train

    X, y = digits
    with pytest.raises(NonFiniteCost, match="comes from your code, not from lambda_"), np.errstate(all="ignore"):
        train(X, y, 400, 25, 10, 1.0, 30, cost_function=load("cost_returns_nan").nnCostFunction, rng=0)


def test_the_picture_shows_the_wrong_layer_and_no_other():
    from ex4.checked_call import checked_cost_function
    from ex4.programs.exercise import gradient_check_figure

    fig = gradient_check_figure(checked_cost_function(load("gprime_of_activation").nnCostFunction), (400, 25, 10))
    differences = [ax.images[0].get_array() for ax in fig.axes if ax.images and "numerical (" in ax.get_title()]
    assert len(differences) == 4  # Theta1 and Theta2, at lambda 0 and 3
    largest = [float(np.abs(d).max()) for d in differences]
    assert largest[0] > 1e-4 and largest[2] > 1e-4  # Theta1_grad: wrong
    assert largest[1] < 1e-8 and largest[3] < 1e-8  # Theta2_grad: right


@pytest.mark.slow
def test_impl_saves_the_picture_and_tells_why_training_did_not_start(tmp_path):
    from learner_files import run

    (tmp_path / "mine.py").write_text((MISTAKES / "delta3_sign_flipped.py").read_text())
    proc = run([*module_command("ex4"), "--impl", "mine.py", "--no-pause", "--maxiter", "5"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ex4-figures" / "gradcheck.png").is_file()
    assert "the sign is flipped" in proc.stdout
    assert "a gradient of zeros" not in proc.stdout
    assert "the gradient is not the cost's derivative" in proc.stdout


# -- boolean X ---------------------------------------------------------------------------------

def test_a_boolean_X_is_refused_as_the_readme_says():
    from ex4 import nnCostFunction

    with pytest.raises(TypeError, match=r"X: expected numbers, got booleans .*X.astype\(float\)"):
        nnCostFunction(np.zeros(38), 3, 5, 3, np.ones((5, 3), dtype=bool), np.array([1, 2, 3, 1, 2]), 0)
