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
