"""`python -m ex4 start --notebook`: the exercise as a Jupyter notebook, run with a real kernel.

Executing needs nbclient and ipykernel (requirements-notebook.txt, which CI installs);
without them those tests are skipped, and the rest of the suite does not need them.
"""

import ast
import json

import pytest

from course_values import SIGMOID_GRADIENT_PRINTED
from learner_files import REPO, fill_notebook, run

from ex4.programs.exercise import BUNDLED_EXPECTED
from ex4.install import module_command

BUNDLED = {lam: f"{cost:f}" for lam, cost in BUNDLED_EXPECTED.items()}  # checked by the oracle in test_exercise


def start_notebook(folder, *extra):
    """`python -m ex4 start --notebook` in ``folder``, as a learner runs it."""
    proc = run([*module_command("ex4"), "start", "--notebook", *extra], cwd=folder)
    return proc, folder / "my_ex4.ipynb"


def start_notebook_in_process(command, folder, *extra):
    """The same, its main(argv) run in this process: (exit status, stdout, stderr), the notebook."""
    from ex4.programs.start import main

    return command(main, "--notebook", *extra, str(folder)), folder / "my_ex4.ipynb"


@pytest.mark.slow
def test_the_notebook_is_nbformat_4_without_outputs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    proc, path = start_notebook(tmp_path)
    assert proc.returncode == 0, proc.stderr
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)  # raises if not valid nbformat 4
    assert notebook.nbformat == 4
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert sum("= YOUR CODE HERE =" in c.source for c in code) == 3


def test_the_notebook_imports_only_the_project_and_its_dependencies(tmp_path, command):
    _, path = start_notebook_in_process(command, tmp_path)
    imported = set()
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom):
                    imported.add(node.module.split(".")[0])
    assert imported <= {"numpy", "scipy", "matplotlib", "ex4"}, imported


def test_start_notebook_refuses_to_overwrite(tmp_path, command):
    (status, _, _), path = start_notebook_in_process(command, tmp_path)
    assert status == 0
    path.write_text("{}")
    (status, _, err), _ = start_notebook_in_process(command, tmp_path)
    assert status == 2 and err.count("\n") == 1 and "already exists" in err
    assert path.read_text() == "{}"


def execute(path, monkeypatch):
    """Run every cell, top to bottom, in a fresh kernel; an error in a cell fails the test."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("PYTHONPATH", str(REPO))  # the kernel imports this clone's ex4
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    images = sum("image/png" in o.get("data", {}) for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    return text, images


@pytest.mark.slow
def test_the_blank_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    _, path = start_notebook(tmp_path)
    text, images = execute(path, monkeypatch)
    assert "Cost at parameters (loaded from ex4weights): 0.000000" in text
    assert "Relative Difference: nan\n(NaN: both gradients are zero, so nothing was checked" in text
    assert "Training Set Accuracy: " in text
    assert "|   0 / 100 |" in text  # graded by its last cell: nothing filled in yet
    assert images >= 2  # the digits and the hidden units, inline


@pytest.mark.slow
def test_the_filled_in_notebook_shows_the_bundled_values_and_grades_100(tmp_path, monkeypatch):
    _, path = start_notebook(tmp_path)
    path.write_text(json.dumps(fill_notebook(json.loads(path.read_text()))))
    text, images = execute(path, monkeypatch)
    assert f"  {SIGMOID_GRADIENT_PRINTED}\n" in text
    assert f"Cost at parameters (loaded from ex4weights): {BUNDLED[0]}" in text
    assert f"Cost at parameters (loaded from ex4weights), lambda = 1: {BUNDLED[1]}" in text
    assert f"Cost at (fixed) debugging parameters (w/ lambda = 3): {BUNDLED[3]}" in text
    diffs = [float(line.split(":")[1]) for line in text.splitlines() if line.startswith("Relative Difference")]
    assert len(diffs) == 2 and all(0 < d < 1e-9 for d in diffs)
    accuracy = float(text.split("Training Set Accuracy: ")[1].split()[0])
    assert accuracy > 94.3  # the handout's 95.3, give or take 1%
    assert "50 iterations" in text
    assert "| 100 / 100 |" in text
    assert images >= 3  # the digits, the cost curve, the hidden units
