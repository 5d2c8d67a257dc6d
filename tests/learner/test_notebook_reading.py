"""A notebook read as Jupyter runs it, and the near misses said exactly (the hints issue).

Each failed before: a correct notebook with %%time atop its nnCostFunction cell got 5 / 100;
the starter's own imports gave four notes above every notebook's table; an old function left
in a later cell was graded with no word that there were two; a port notebook whose cells are
single strings was not seen as the port's under --convention auto; the port's submission.py
(it imports requests) cost a correct notebook everything; nn_cost_function was "not defined".
"""

import json
import shutil

from conftest import REPO
from ex4.grader.grade import grade
from ex4.programs.loading import Implementation
from learner_files import BODIES, fill_function, fill_notebook

PORT_NOTEBOOK = REPO / "tests" / "mistakes" / "python_port_notebook.ipynb"


def starter_notebook():
    from ex4.programs import notebook

    return fill_notebook(notebook.notebook())


def write(path, nb):
    path.write_text(json.dumps(nb))
    return path


def cell_defining(nb, name):
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and f"def {name}(" in "".join(c["source"]))


def test_a_time_magic_atop_a_cell_runs_its_body_as_ipython_does(tmp_path):
    nb = starter_notebook()
    cell = cell_defining(nb, "nnCostFunction")
    cell["source"] = ["%%time\n"] + cell["source"]
    other = cell_defining(nb, "sigmoidGradient")
    other["source"] = ["%matplotlib inline\n", "!pip install numpy\n"] + other["source"]
    path = write(tmp_path / "timed.ipynb", nb)
    result = grade(str(path))
    assert result.total == 100, [(p.part, p.detail) for p in result.parts]
    assert set(Implementation.load(str(path)).own) == {"nnCostFunction", "sigmoidGradient", "randInitializeWeights"}


def test_a_cell_magic_that_is_not_python_is_said_so(tmp_path):
    nb = starter_notebook()
    cell_defining(nb, "nnCostFunction")["source"].insert(0, "%%timeit\n")
    result = grade(str(write(tmp_path / "timeit.ipynb", nb)))
    assert any("skipped: a cell magic (%%timeit) whose body is not Python" in n for n in result.notes), result.notes
    assert "nnCostFunction" in result.missing


def test_the_starters_own_imports_leave_no_note(tmp_path):
    result = grade(str(write(tmp_path / "mine.ipynb", starter_notebook())))
    assert result.total == 100 and result.notes == [], result.notes


def test_a_function_defined_twice_says_which_one_is_graded(tmp_path):
    nb = starter_notebook()
    old = json.loads(json.dumps(cell_defining(nb, "nnCostFunction")))
    old["source"] = fill_function("".join(old["source"]).replace(BODIES["nnCostFunction"], "    # =\n"),
                                  "nnCostFunction", BODIES["nnCostFunction"].replace("MISTAKE", "None").replace(
                                      "    J += lambda_ / (2 * m)", "    J += 0 * lambda_ / (2 * m)")).splitlines(True)
    nb["cells"].append(old)  # an unregularized one, left in a later cell
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    last = len(code_cells)
    first = next(i for i, c in enumerate(code_cells, 1) if c is cell_defining(nb, "nnCostFunction"))
    result = grade(str(write(tmp_path / "twice.ipynb", nb)))
    assert result.parts[1].score == 0  # the last definition is the one graded, as after Run All
    note = next(n for n in result.notes if "defined more than once" in n)
    assert f"the last, in code cell {last} (line 1), is the one graded" in note and f"also in code cell {first}" in note


def test_auto_reads_a_port_notebook_whose_cells_are_single_strings(tmp_path):
    nb = json.loads(PORT_NOTEBOOK.read_text())
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"])  # one string a cell, as some front ends save it
    from ex4.grader.grade import grade_any

    result = grade_any(str(write(tmp_path / "port.ipynb", nb)), "auto")
    assert result.convention == "python" and result.total == 100, (result.convention_why, result.notes)


def test_the_ports_own_submission_py_beside_a_correct_notebook(tmp_path):
    from port_utils_file import TEXT

    shutil.copy(PORT_NOTEBOOK, tmp_path / "exercise4.ipynb")
    (tmp_path / "utils.py").write_text(TEXT)
    (tmp_path / "submission.py").write_text("import requests\n\nclass SubmissionBase:\n    pass\n")
    result = grade(str(tmp_path / "exercise4.ipynb"), convention="python")
    assert result.total == 100, [(p.part, p.detail) for p in result.parts]
    assert any("its submission.py (the notebook port's online submission) imports requests" in n for n in result.notes)


def test_a_near_name_is_told_the_courses(tmp_path):
    from learner_files import STUDENT_TEMPLATE

    path = tmp_path / "snake.py"
    path.write_text(STUDENT_TEMPLATE.format(mistake=None).replace("def nnCostFunction(", "def nn_cost_function("))
    result = grade(str(path))
    assert "nnCostFunction" in result.missing
    assert any("it defines nn_cost_function and not nnCostFunction: the course's name is nnCostFunction" in n
               for n in result.notes), result.notes


def test_another_signature_is_shown_the_courses(tmp_path):
    from learner_files import STUDENT_TEMPLATE

    path = tmp_path / "three.py"
    path.write_text(STUDENT_TEMPLATE.format(mistake=None) + "\n_course = nnCostFunction\n"
                    "def nnCostFunction(theta, X, y):\n    return _course(theta, 2, 4, 4, X, y, 0)\n")
    result = grade(str(path))
    hint = result.parts[0].hints[0]
    assert "your nnCostFunction takes other arguments than the course's" in hint
    assert "nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)" in hint
