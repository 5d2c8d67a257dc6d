"""Doing the exercise yourself: `python -m ex4 start`, then `python -m ex4 --impl my_ex4.py`.

Every run here starts from a folder outside the clone, as a learner's would, on a
learner file written by the tests (tests/learner_files.py).
"""

import ast
import re

import numpy as np
import pytest

import oracle
from course_values import GRADCHECK_TOLERANCE, SIGMOID_GRADIENT_PRINTED
from ex4.programs.exercise import BUNDLED_EXPECTED
from learner_files import REPO, run, starter_text, write_solution, write_starter
from ex4.install import module_command

# The costs of the bundled weights on the bundled digits at lambda = 0, 1, 3, as the script
# prints them (test_exercise checks the constants against the oracle, test_data against a retrain).
BUNDLED = {lam: f"{cost:f}" for lam, cost in BUNDLED_EXPECTED.items()}


def ex4(*args, cwd):
    return run([*module_command("ex4"), *args], cwd=cwd)


def costs_printed(stdout):
    return [line.split(":")[1].split()[0] for line in stdout.splitlines()
            if line.startswith(("Cost at parameters", "Cost at (fixed)"))]


def test_start_writes_the_starter_with_the_courses_signatures(tmp_path):
    path = write_starter(tmp_path, real=True)  # python -m ex4 start, from the learner's folder
    tree = ast.parse(path.read_text())
    signatures = {f.name: [a.arg for a in f.args.args] for f in tree.body if isinstance(f, ast.FunctionDef)}
    assert signatures == {
        "sigmoidGradient": ["z"],
        "randInitializeWeights": ["L_in", "L_out"],
        "nnCostFunction": ["nn_params", "input_layer_size", "hidden_layer_size", "num_labels", "X", "y", "lambda_"],
    }
    assert path.read_text().count("= YOUR CODE HERE =") == 3
    for section in ("§2.1", "§2.2", "§1.4", "§2.3", "§2.5"):
        assert section in path.read_text()


@pytest.mark.slow
def test_start_prints_commands_that_work_where_it_says_even_beside_a_learners_own_ex4_py(tmp_path):
    # From DIR, python -m ex4 --impl failed with "No module named ex4" where ex4 was not installed,
    # and ran the learner's own ex4.py where it was.  The commands printed are the installed ones
    # (from DIR), or, not installed, python -m from the folder start ran in (the clone).
    import os
    import shlex
    import subprocess
    import sys

    work = tmp_path / "my work"
    work.mkdir()
    (work / "ex4.py").write_text("import sys\nprint('my own ex4.py ran')\nsys.exit(7)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    said = run(module_command("ex4", "start", str(work)), cwd=REPO)
    assert said.returncode == 0, said.stderr
    installed = "not installed" not in said.stdout
    assert said.stdout.startswith(f"Wrote {work / 'my_ex4.py'}: fill in the blanks marked YOUR CODE HERE, then, from "
                                  + (f"{work}:" if installed else "this folder:")), said.stdout
    commands = [shlex.split(line.strip().split("   ")[0]) for line in said.stdout.splitlines() if line.startswith("  ")]
    assert len(commands) == 2 and [c[0] for c in commands] != ["python", "python"] or not installed, said.stdout
    write_solution(work)
    exercise, submit = [[sys.executable] + c[1:] if c[0] == "python" else c for c in commands]
    where = work if installed else REPO

    def done(words):
        return subprocess.run(words, cwd=where, env=env, capture_output=True, text=True, timeout=300)

    ran = done(exercise + ["--maxiter", "1", "--no-pause"])
    assert ran.returncode == 0 and "Cost at parameters (loaded from ex4weights): 0.156755" in ran.stdout, ran.stderr
    graded = done(submit)  # the grader ran, and imported the file as Python would: with the ex4.py beside it
    assert graded.returncode == 2 and "that is the ex4.py beside it" in graded.stderr, graded.stdout + graded.stderr
    (work / "ex4.py").rename(work / "ex4_script.py")
    graded = done(submit)
    assert graded.returncode == 0 and "| 100 / 100 |" in graded.stdout, graded.stdout + graded.stderr


def test_module_command_never_imports_from_the_current_folder(tmp_path):
    import sys

    (tmp_path / "ex4.py").write_text("import sys\nprint('my own ex4.py ran')\nsys.exit(7)\n")
    hijacked = run([sys.executable, "-m", "ex4.submit", "--help"], cwd=tmp_path)
    assert hijacked.returncode == 7 and "my own ex4.py ran" in hijacked.stdout  # what it avoids
    immune = run(module_command("ex4.submit", "--help"), cwd=tmp_path)
    assert immune.returncode == 0 and immune.stdout.startswith("usage: python -m ex4.submit"), immune.stdout


def test_start_refuses_to_overwrite_unless_forced(tmp_path, command):
    from ex4.programs.start import main
    path = write_starter(tmp_path)
    path.write_text("# my work\n")
    status, _, err = command(main, str(tmp_path))
    assert status == 2
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert path.read_text() == "# my work\n"
    status, _, _ = command(main, "--force", str(tmp_path))
    assert status == 0 and "YOUR CODE HERE" in path.read_text()


def test_start_force_replaces_a_link_not_the_file_it_points_to(tmp_path, command):
    from ex4.programs.start import main
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text("# someone else's file\n")
    work = tmp_path / "work"
    work.mkdir()
    (work / "my_ex4.py").symlink_to(elsewhere)
    status, _, err = command(main, str(work))
    assert status == 2 and err.count("\n") == 1 and "is a symbolic link" in err and "--force" in err
    status, _, err = command(main, "--force", str(work))
    assert status == 0, err
    assert elsewhere.read_text() == "# someone else's file\n"
    assert not (work / "my_ex4.py").is_symlink() and "YOUR CODE HERE" in (work / "my_ex4.py").read_text()


def test_start_refuses_a_dangling_link_rather_than_follow_it_out_of_dir(tmp_path, command):
    from ex4.programs.start import main
    work = tmp_path / "work"
    work.mkdir()
    outside = tmp_path / "outside" / "planted.py"
    (work / "my_ex4.py").symlink_to(outside)
    status, _, err = command(main, str(work))
    assert status == 2 and "points nowhere" in err and err.count("\n") == 1
    assert not outside.exists()


def test_start_into_a_file_is_one_clear_line(tmp_path, command):
    from ex4.programs.start import main
    (tmp_path / "notes.txt").write_text("x")
    status, out, err = command(main, str(tmp_path / "notes.txt"))
    assert status == 2 and out == "" and err.count("\n") == 1
    assert "is a file, not a folder" in err


def test_start_makes_the_folder(tmp_path, command, monkeypatch):
    from ex4.programs.start import main
    monkeypatch.chdir(tmp_path)
    status, _, err = command(main, "work/ex4")
    assert status == 0, err
    assert (tmp_path / "work" / "ex4" / "my_ex4.py").read_text() == starter_text()


@pytest.mark.slow
def test_the_blank_starter_runs_to_the_end(tmp_path):
    write_starter(tmp_path)
    proc = ex4("--impl", "my_ex4.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # The course's starter returns J = 0 and zero gradients: so do the learner's numbers.
    assert costs_printed(proc.stdout) == ["0.000000"] * 3
    assert "  0.000000 0.000000 0.000000 0.000000 0.000000" in proc.stdout
    assert "Relative Difference: nan\n(NaN: both gradients are zero, so nothing was checked" in proc.stdout
    assert "Training stopped before its first iteration" in proc.stdout
    assert "Training Set Accuracy: " in proc.stdout
    for name in ("digits", "cost", "hidden_units", "misclassified"):
        assert (tmp_path / "ex4-figures" / f"{name}.png").is_file()


@pytest.fixture(scope="module")
def correct_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learner")
    write_solution(folder)
    return ex4("--impl", "my_ex4.py", "--maxiter", "10", cwd=folder), folder


def test_a_correct_solution_prints_the_bundled_values(correct_run):
    proc, _ = correct_run
    assert proc.returncode == 0, proc.stderr
    assert costs_printed(proc.stdout) == [BUNDLED[0], BUNDLED[1], BUNDLED[3]]
    assert f"  {SIGMOID_GRADIENT_PRINTED} \n" in proc.stdout
    diffs = [float(line.split(":")[1]) for line in proc.stdout.splitlines() if line.startswith("Relative Difference")]
    assert len(diffs) == 2 and all(0 < d < GRADCHECK_TOLERANCE for d in diffs)
    for name in ("nnCostFunction", "sigmoidGradient", "randInitializeWeights"):
        assert f"  {name}: yours, from my_ex4.py" in proc.stdout


def test_the_run_reports_accuracy_per_digit_and_saves_the_misclassified(correct_run):
    proc, folder = correct_run
    accuracy = float(proc.stdout.split("Training Set Accuracy: ")[1].split()[0])
    table = proc.stdout.split("Accuracy per digit:\n")[1].split("Misclassified")[0]
    per_digit = {int(d): float(a) for d, a in re.findall(r"(\d): +([\d.]+)%", table)}
    assert sorted(per_digit) == list(range(10))  # label 10 shown as the digit 0
    # 500 examples of each digit: the overall accuracy is the mean of the ten.
    assert np.mean(list(per_digit.values())) == pytest.approx(accuracy, abs=0.06)
    wrong = int(proc.stdout.split("Misclassified: ")[1].split()[0])
    assert wrong == round(5000 * (1 - accuracy / 100))
    assert (folder / "ex4-figures" / "misclassified.png").is_file()


@pytest.mark.slow
def test_the_bias_regularized_by_mistake_prints_its_own_cost(tmp_path, digits):
    from ex4.data import load_weights
    write_solution(tmp_path, mistake="regularize_bias")
    proc = ex4("--impl", "my_ex4.py", "--maxiter", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # Worked out here: the course's cost plus lambda/(2m) times the squares of the bias columns too.
    Theta1, Theta2 = load_weights()
    p = np.concatenate([Theta1.ravel(order="F"), Theta2.ravel(order="F")])
    X, y = digits
    J0 = oracle.cost(p, (400, 25, 10), X, y, 0)
    with_bias = {lam: J0 + lam / (2 * 5000) * (np.sum(Theta1 ** 2) + np.sum(Theta2 ** 2)) for lam in (1, 3)}
    assert costs_printed(proc.stdout) == [BUNDLED[0], f"{with_bias[1]:f}", f"{with_bias[3]:f}"]
    assert f"{with_bias[1]:f}" != BUNDLED[1]


def test_an_error_in_the_learners_code_shows_their_line_and_exits_1(tmp_path):
    path = write_solution(tmp_path, mistake="raises")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "LINE OF THE ERROR" in text)
    proc = ex4("--impl", "my_ex4.py", "--maxiter", "1", cwd=tmp_path)  # it goes on to training
    assert proc.returncode == 1
    assert f'File "{path}", line {line}, in nnCostFunction' in proc.stderr
    assert "RuntimeError: not written yet" in proc.stderr
    assert 'in the part "Feedforward Using Neural Network"' in proc.stderr
    assert str(REPO / "ex4") not in proc.stderr and "site-packages" not in proc.stderr  # only their frames


def test_j_alone_is_read_by_the_cost_parts_and_named_by_the_gradient_parts(tmp_path):
    path = write_solution(tmp_path)
    path.write_text(path.read_text().replace("    return J, grad\n", "    return J\n"))
    proc = ex4("--impl", "my_ex4.py", "--maxiter", "1", cwd=tmp_path)  # it goes on to training
    assert proc.returncode == 1
    assert costs_printed(proc.stdout)[:2] == [f"{BUNDLED_EXPECTED[k]:f}" for k in (0, 1)]  # as submit.m reads J
    assert "your nnCostFunction returns J alone: the gradient checks and training need (J, grad)" in proc.stderr
    assert all(line.startswith(("python -m ex4: your nnCostFunction returns J alone", "Traceback"))
               for line in proc.stderr.splitlines() if line.startswith("python -m ex4"))


@pytest.mark.slow
def test_a_sigmoid_gradient_of_the_wrong_shape_is_named(tmp_path):
    path = write_solution(tmp_path)
    path.write_text(path.read_text().replace("    g = sigmoid(z) * (1 - sigmoid(z))\n", "    g = 0.25\n"))
    proc = ex4("--impl", "my_ex4.py", "--maxiter", "1", cwd=tmp_path)  # it goes on to training
    first = [line for line in proc.stderr.splitlines() if line.startswith("python -m ex4")][0]
    assert proc.returncode == 1 and "your sigmoidGradient returned shape () for z of shape (5,)" in first
    # Its nnCostFunction uses it: the gradient checks' first reading is that first fix, as the grader's is
    # (it said "look at step 3 ... g' of z(l), not of a(l)" before).
    readings = proc.stdout.split("What the numbers say")[1:]
    assert len(readings) == 2
    for reading in readings:
        assert reading.splitlines()[1].startswith("  - your sigmoidGradient is wrong (its own check says so), and "
                                                  "backpropagation uses it"), reading


@pytest.mark.slow
def test_functions_the_file_does_not_define_are_ex4s(tmp_path):
    (tmp_path / "partial.py").write_text(
        "import numpy as np\n"
        "def sigmoidGradient(z):\n"
        "    s = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))\n"
        "    return s * (1 - s)\n")
    proc = ex4("--impl", "partial.py", "--maxiter", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "  sigmoidGradient: yours, from partial.py" in proc.stdout
    assert "  nnCostFunction: not defined in partial.py, so ex4's own is used" in proc.stdout
    assert costs_printed(proc.stdout) == [BUNDLED[0], BUNDLED[1], BUNDLED[3]]


@pytest.mark.slow
def test_a_learners_random_weights_are_repeatable_with_seed(tmp_path):
    write_solution(tmp_path)

    def first_iterations(seed):
        proc = ex4("--impl", "my_ex4.py", "--maxiter", "3", "--seed", str(seed), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return [line for line in proc.stdout.splitlines() if line.startswith("Iteration")]

    assert first_iterations(5) == first_iterations(5) != first_iterations(6)


def test_a_file_that_cannot_be_loaded_is_one_line_exit_2(tmp_path, command, monkeypatch):
    from ex4.__main__ import main
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.py").write_text("def nnCostFunction(:\n")
    for target, message in [("broken.py", "broken.py: cannot be imported: SyntaxError"),
                            ("nothere.py", "nothere.py: no such file")]:
        status, _, err = command(main, "--impl", target)
        assert status == 2 and err.count("\n") == 1, err
        assert message in err
