"""Fair scores for the code learners really write (the fair-scores issue): each case a learner
file written here in the style described, graded through the real sandbox."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from ex4.grader.grade import grade
from learner_files import run
from test_submit import STUDENT_TEMPLATE, student_file

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


def test_y_changed_in_place_is_named_by_impl_and_the_gradient_check(tmp_path, capsys):
    from ex4 import checkNNGradients
    from ex4.inside.load import load_module

    _, module, _ = load_module(str(write(tmp_path, "inplace_check.py", Y_IN_PLACE)))
    checkNNGradients(cost_function=module.nnCostFunction)
    assert "Note: your nnCostFunction changes its argument y in place" in capsys.readouterr().out
    path = write(tmp_path, "inplace_impl.py", Y_IN_PLACE)
    proc = run([sys.executable, "-m", "ex4", "--impl", str(path), "--maxiter", "1", "--no-pause"], cwd=tmp_path)
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
