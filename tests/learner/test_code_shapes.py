"""Fair scores for the shapes of code learners really write: the port's utils.py beside a
notebook, one function per file, a cost that returns J alone, any shape the course allows.
Each case a learner file written here in the style described, graded through the real sandbox."""

import textwrap

import pytest
from conftest import REPO
from learner_files import STUDENT_TEMPLATE, run, student_file

from ex4.grader.grade import grade
from ex4.install import module_command

CORRECT = STUDENT_TEMPLATE.format(mistake=None)


def write(folder, name, text):
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


# -- a function that changes its arguments: a note everywhere, no change of score ------------------

Y_IN_PLACE = CORRECT.replace("    y = np.asarray(y).ravel().astype(int)\n",
                             "    y -= 1  # labels 1..K to column indices, in place\n"
                             "    y = np.asarray(y).ravel().astype(int) + 1\n")


def test_y_changed_in_place_is_named_by_the_grader_without_changing_the_score(tmp_path):
    result = grade(str(write(tmp_path, "inplace.py", Y_IN_PLACE)))
    assert result.total == 100
    assert any("changes its argument y in place (16 of 16 values, the first 2 -> 1)" in n for n in result.notes)


@pytest.mark.slow
def test_y_changed_in_place_is_named_by_impl_and_the_gradient_check(tmp_path, capsys):
    from ex4 import checkNNGradients
    from ex4.inside.load import load_module

    _, module, _ = load_module(str(write(tmp_path, "inplace_check.py", Y_IN_PLACE)))
    checkNNGradients(cost_function=module.nnCostFunction)
    assert "Note: your nnCostFunction changes its argument y in place" in capsys.readouterr().out
    path = write(tmp_path, "inplace_impl.py", Y_IN_PLACE)
    proc = run([*module_command("ex4"), "--impl", str(path), "--maxiter", "1", "--no-pause"], cwd=tmp_path)
    first_note = [line for line in proc.stdout.splitlines() if line.startswith("Note: your nnCostFunction")]
    assert proc.returncode == 0 and first_note and "argument y in place" in first_note[0], proc.stdout[-2000:]


# -- J alone: parts 1-2 as submit.m reads them; parts 4-5 say the gradient is missing ---------------

def test_a_cost_returning_j_alone_scores_parts_1_and_2(tmp_path):
    text = CORRECT.replace("        return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])",
                           "        return J")
    text = text.replace("    return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])",
                        "    return J")
    assert "return J\n" in text
    result = grade(str(write(tmp_path, "j_alone.py", text)), variants=2, seed=5)
    assert [r.score for r in result.parts] == [30, 15, 5, 0, 0], [r.detail for r in result.parts]
    assert "returns J alone" in result.parts[3].detail and "return J, grad" in result.parts[4].detail


# -- part 3 on every shape the course's function takes ------------------------------------------------

TWO_D_ONLY = CORRECT.replace('''    z = np.asarray(z, dtype=float)
    if MISTAKE == "sigmoid_times_one_minus_z":''', '''    rows, cols = z.shape  # works on a matrix only
    z = np.asarray(z, dtype=float).reshape(rows, cols)
    if MISTAKE == "sigmoid_times_one_minus_z":''')


@pytest.mark.parametrize("variants", [0, 2])
def test_a_sigmoid_gradient_for_matrices_only_loses_part_3(tmp_path, variants):
    assert "works on a matrix only" in TWO_D_ONLY
    result = grade(str(write(tmp_path, "two_d.py", TWO_D_ONLY)), variants=variants, seed=1)
    assert [r.score for r in result.parts] == [30, 15, 0, 40, 10]
    assert result.parts[2].detail.startswith("right on a matrix, but not on a number (z = 0)")


def test_a_correct_sigmoid_gradient_passes_every_shape_in_variants(tmp_path):
    result = grade(str(student_file(tmp_path)), variants=3, seed=2)
    assert result.total == 100 and result.parts[2].variants_passed == 3


# -- one function per file, as the course's .m files are laid out -----------------------------------

def one_per_file(folder, by_module):
    folder.mkdir()
    write(folder, "sigmoid.py", "import numpy as np\ndef sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))\n")
    write(folder, "sigmoidGradient.py", "from sigmoid import sigmoid\n"
                                        "def sigmoidGradient(z):\n    return sigmoid(z) * (1 - sigmoid(z))\n")
    cost = CORRECT.split("def nnCostFunction(")[1]
    header = "import numpy as np\nMISTAKE = None\n" + (
        "import sigmoidGradient as sg\nfrom sigmoid import sigmoid\n" if by_module
        else "from sigmoidGradient import sigmoidGradient\nfrom sigmoid import sigmoid\n")
    body = "def nnCostFunction(" + cost
    if by_module:
        body = body.replace("sigmoidGradient(z2)", "sg.sigmoidGradient(z2)")
    write(folder, "nnCostFunction.py", header + body)
    write(folder, "ex4.py", "from nnCostFunction import nnCostFunction\nprint('the exercise script')\n")
    return folder


@pytest.mark.parametrize("by_module", [False, True], ids=["by name", "by module"])
def test_one_function_per_file_is_one_submission_in_folder_mode_and_by_path(tmp_path, command, by_module):
    from ex4.submit import main

    folder = one_per_file(tmp_path / "carol", by_module)
    status, out, err = command(main, str(folder))
    assert status == 0 and "| 100 / 100 |" in out, out + err
    assert ("sigmoidGradient is taken from sigmoidGradient.py beside it" in out) == by_module
    assert grade(str(folder / "nnCostFunction.py")).total == 100
    by_path = grade(str(folder / "sigmoidGradient.py"))
    assert by_path.total == 100 and any("nnCostFunction is taken from nnCostFunction.py" in n for n in by_path.notes)


# -- the port's own utils.py beside its notebook ----------------------------------------------------

def test_a_port_notebook_with_the_ports_own_utils_beside_it_scores_100(tmp_path):
    import shutil

    from conftest import REPO
    from port_utils_file import TEXT

    folder = tmp_path / "Exercise4"
    folder.mkdir()
    shutil.copy(REPO / "tests" / "mistakes" / "python_port_notebook.ipynb", folder / "exercise4.ipynb")
    (folder / "utils.py").write_text(TEXT)
    result = grade(str(folder / "exercise4.ipynb"), convention="python", variants=2, seed=4)
    assert result.total == 100, (result.error, result.notes, [r.detail for r in result.parts])
    assert not any("imports utils" in n for n in result.notes)  # its own utils.py, not this project's


# -- conventions: auto on evidence only; the two mixed ones by name -----------------------------------

def test_auto_grades_a_port_file_under_the_port_and_says_why(tmp_path, command):
    from ex4.submit import main

    text = "import utils\n" + STUDENT_TEMPLATE.format(mistake="python_port").replace(
        "    m = X.shape[0]\n", "    m = X.shape[0]\n    X = X[:, :1]  # a real mistake of its own\n")
    path = write(tmp_path, "port_mistake.py", text)
    status, out, err = command(main, str(path), "--convention", "auto")
    first = out.splitlines()[0]
    assert "convention: python" in first and "it imports utils" in first
    assert "IndexError: index 4 is out of bounds" not in out  # the course's labels never reached it


@pytest.mark.parametrize("mistake", ["zero_based", "row_major_params"])
def test_auto_keeps_a_course_learners_label_or_order_mistake_a_mistake(tmp_path, mistake):
    from ex4.grader.grade import grade_any

    result = grade_any(str(student_file(tmp_path, mistake)), "auto")
    assert result.convention == "course" and result.total < 100


@pytest.mark.parametrize("mistake, convention", [("zero_based", "0-based"), ("row_major_params", "row-major")])
def test_a_port_mixing_the_two_conventions_is_graded_by_naming_its_mix(tmp_path, mistake, convention, command):
    from ex4.submit import main

    path = student_file(tmp_path, mistake)
    assert grade(str(path)).total < 100 and grade(str(path), convention="python").total < 100
    assert grade(str(path), convention=convention, variants=2, seed=9).total == 100
    status, out, _ = command(main, "--help")
    assert all(name in out for name in ("course", "python", "0-based", "row-major"))


# -- hidden variants: fair to float32, strict with K taken from the data, honest about time ------------

MISTAKES = REPO / "tests" / "mistakes"  # learner files, one classic mistake each


@pytest.mark.slow
def test_a_correct_float32_file_scores_100_with_variants_over_20_seeds():
    for seed in range(20):
        result = grade(str(MISTAKES / "float32.py"), variants=5, seed=seed)
        assert result.total == 100, (seed, [(r.part, r.detail) for r in result.parts if r.score < r.points])


@pytest.mark.slow
# correct and float32 are right; cost_returns_nan is right on every graded case (its NaN comes in training)
@pytest.mark.parametrize("name", sorted(p.stem for p in MISTAKES.glob("*.py")
                                        if p.stem not in ("correct", "float32", "cost_returns_nan")))
def test_every_mistake_still_loses_its_points_with_variants(name):
    plain = grade(str(MISTAKES / f"{name}.py"))
    with_variants = grade(str(MISTAKES / f"{name}.py"), variants=3, seed=1)
    assert plain.total < 100 and with_variants.total <= plain.total


def test_k_taken_from_the_data_fails_the_variant_with_labels_absent(tmp_path):
    text = CORRECT.replace("        Y = np.zeros((m, num_labels))\n", "        num_labels = len(np.unique(y))  # K from the data\n"
                                                                     "        Y = np.zeros((m, num_labels))\n")
    text = text.replace("    Y = np.zeros((m, num_labels))\n", "    K = len(np.unique(y))  # K from the data, as OneHotEncoder does\n"
                                                               "    Y = np.zeros((m, num_labels))[:, :K]\n"
                                                               "    Y = np.hstack([Y, np.zeros((m, num_labels - K))])\n"
                                                               "    Y[:, K:] = np.nan\n")
    assert "K from the data" in text
    path = write(tmp_path, "k_from_data.py", text)
    assert grade(str(path)).total == 100  # the course's case has every label
    result = grade(str(path), variants=3, seed=6)
    shown = result.parts[0].shown  # the variants with labels missing from y: m = 1, or labels absent
    assert result.parts[0].score == 0 and ("absent from y" in shown or "m = 1)" in shown), shown


@pytest.mark.slow
def test_a_variant_that_times_out_says_so(tmp_path):
    text = CORRECT.replace("    m = X.shape[0]\n", "    m = X.shape[0]\n    while m != 16:  # slow on any other size\n"
                                                   "        pass\n")
    result = grade(str(write(tmp_path, "slow.py", text)), variants=1, seed=1, timeout=1)
    assert result.parts[0].score == 0 and "timed out" in result.parts[0].shown
    assert "gets another answer" not in result.parts[0].shown


# -- a library or a numerical gradient doing backprop's work: a note, no change of score ----------------

@pytest.mark.parametrize("line, words", [
    pytest.param("from sklearn.neural_network import MLPClassifier  # noqa\n", "it uses MLPClassifier",
                 marks=pytest.mark.slow),
    ("import torch\n", "it uses torch"),
])
def test_a_library_that_computes_gradients_is_noted(tmp_path, line, words):
    text = "try:\n    " + line.replace("\n", "") + "\nexcept ImportError:\n    pass\n" + CORRECT
    result = grade(str(write(tmp_path, "lib.py", text)))
    assert result.total == 100 and any(words in n and "written by hand" in n for n in result.notes), result.notes


def test_a_numerical_gradient_inside_the_cost_is_noted(tmp_path):
    text = CORRECT.replace("        return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])",
                           "        return J, np.concatenate([Theta1_grad.ravel(order=order), Theta2_grad.ravel(order=order)])")
    text = text.replace("    d3 = h - Y\n", "    d3 = h - Y\n    if False:\n        computeNumericalGradient(None, nn_params)\n")
    result = grade(str(write(tmp_path, "numerical.py", text)))
    assert result.total == 100 and any("calls computeNumericalGradient" in n for n in result.notes), result.notes
