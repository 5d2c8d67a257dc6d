"""`python -m ex4` end to end, as CI runs it: no terminal, no display."""

import subprocess

import numpy as np
import pytest

from conftest import REPO
from ex4.install import module_command

PARTS = [
    "Loading and Visualizing Data ...",
    "Loading Saved Neural Network Parameters ...",
    "Feedforward Using Neural Network ...",
    "Cost at parameters (loaded from ex4weights): ",
    "Checking Cost Function (w/ Regularization) ...",
    "Evaluating sigmoid gradient...",
    "Sigmoid gradient evaluated at [-1 -0.5 0 0.5 1]:",
    "  0.196612 0.235004 0.250000 0.235004 0.196612",
    "Initializing Neural Network Parameters ...",
    "Checking Backpropagation...",
    "Relative Difference: ",
    "Checking Backpropagation (w/ Regularization) ...",
    "Cost at (fixed) debugging parameters (w/ lambda = 3.000000): ",
    "Training Neural Network...",
    "Iteration    1 | Cost: ",
    "Iteration   50 | Cost: ",
    "Visualizing Neural Network...",
    "Training Set Accuracy: ",
]


def run_ex4(*args, stdin=subprocess.DEVNULL):
    return subprocess.run([*module_command("ex4"), *args], cwd=REPO, stdin=stdin,
                          capture_output=True, text=True, timeout=300)


def in_process(command, *args):
    from ex4.__main__ import main
    return command(main, *args)


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return run_ex4("--out", str(out)), out


def test_runs_every_part_in_order(default_run):
    proc, _ = default_run
    assert proc.returncode == 0, proc.stderr
    position = 0
    for part in PARTS:
        found = proc.stdout.find(part, position)
        assert found >= 0, f"missing or out of order: {part!r}"
        position = found
    assert "Program paused" not in proc.stdout  # no terminal: no pauses


def test_prints_the_costs_for_the_bundled_files(default_run):
    proc, _ = default_run
    from ex4.programs.exercise import BUNDLED_EXPECTED
    # The printed costs are the bundled weights' (cross-checked in test_data with a retrain).
    assert f"Cost at parameters (loaded from ex4weights): {BUNDLED_EXPECTED[0]:f}" in proc.stdout
    assert f"Cost at parameters (loaded from ex4weights): {BUNDLED_EXPECTED[1]:f}" in proc.stdout
    assert f"w/ lambda = 3.000000): {BUNDLED_EXPECTED[3]:f}" in proc.stdout


def test_bundled_constants_are_the_bundled_weights_costs_by_the_oracle(digits):
    # The per-example oracle of tests/oracle.py, not nnCostFunction: a second source.
    import oracle
    from ex4.data import load_weights
    from ex4.programs.exercise import BUNDLED_EXPECTED
    Theta1, Theta2 = load_weights()
    p = np.concatenate([Theta1.ravel(order="F"), Theta2.ravel(order="F")])
    for lambda_, value in BUNDLED_EXPECTED.items():
        assert f"{oracle.cost(p, (400, 25, 10), *digits, lambda_):f}" == f"{value:f}"


def test_gradient_checks_pass_in_the_run(default_run):
    proc, _ = default_run
    diffs = [float(line.split(":")[1]) for line in proc.stdout.splitlines() if line.startswith("Relative Difference")]
    assert len(diffs) == 2 and all(d < 1e-9 for d in diffs)


def test_accuracy_is_at_least_the_handouts_minus_one_percent(default_run):
    proc, _ = default_run
    line = next(l for l in proc.stdout.splitlines() if l.startswith("Training Set Accuracy:"))
    assert float(line.split(":")[1]) >= 94.3


def test_an_accuracy_above_the_handouts_says_why(default_run):
    # The script printed 97.3% beside "the handout: about 95.3, give or take 1%" and said no more.
    from ex4.programs.exercise import ABOVE_THE_HANDOUT

    proc, _ = default_run
    lines = proc.stdout.splitlines()
    at = next(i for i, l in enumerate(lines) if l.startswith("Training Set Accuracy:"))
    assert float(lines[at].split(":")[1]) > 96.3 and lines[at + 2] == ABOVE_THE_HANDOUT


@pytest.mark.slow
def test_what_the_why_says_of_cg_holds(tmp_path):
    from ex4.programs.exercise import ABOVE_THE_HANDOUT

    cg = run_ex4("--method", "CG", "--no-pause", "--out", str(tmp_path))
    accuracy = float(next(l for l in cg.stdout.splitlines() if l.startswith("Training Set Accuracy:")).split(":")[1])
    assert "about 96.4" in ABOVE_THE_HANDOUT and abs(accuracy - 96.4) < 0.1 and ABOVE_THE_HANDOUT not in cg.stdout


def test_saves_the_figures_as_images_of_the_right_size(default_run):
    import matplotlib.image
    _, out = default_run
    # The two grids are 5 x 5 inches at 100 dpi, plus 7% on top for the title (5 / 0.93 = 5.37).
    titled = (537, 500)
    for name, shape in [("digits.png", titled), ("hidden_units.png", titled), ("cost.png", (400, 600))]:
        img = matplotlib.image.imread(out / name)
        assert img.shape[:2] == shape, name
        assert np.ptp(img[..., :3]) > 0.5, f"{name} is blank"


def test_missing_data_file_is_one_line_and_exit_2(tmp_path):
    # The one error line of python -m ex4 that goes through a real process: its exit status.
    proc = run_ex4("--data", str(tmp_path / "nothere.mat"), "--out", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "nothere.mat: no such file" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args, message", [
    (["--lambda", "-1"], "expected a finite number >= 0"),
    (["--maxiter", "0"], "expected a positive whole number"),
    (["--method", "BFGS"], "dense n x n matrix"),
    (["--method", "nelder"], "expected one of L-BFGS-B, CG, TNC"),
    (["--hidden", "0"], "expected a positive whole number"),
    (["--bogus"], "unrecognized arguments"),
])
def test_bad_options_are_one_line_and_exit_2(command, args, message):
    status, _, err = in_process(command, *args)
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and message in err


def test_help_reads_like_a_synopsis(command):
    status, out, _ = in_process(command, "--help")
    assert status == 0
    assert out.startswith("usage: python -m ex4 [--impl FILE.py|MODULE] [--data FILE]")
    assert "python -m ex4 start [--notebook] [DIR]" in out
    for option in ["--impl", "--data", "--weights", "--lambda", "--maxiter", "--method", "--hidden", "--seed", "--out", "--no-pause"]:
        assert option in out


@pytest.mark.slow
def test_sweep_on_a_small_grid_shows_the_table_and_saves_plots(tmp_path):
    proc = run_ex4("sweep", "--lambdas", "0", "3", "--iters", "3", "30", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "Training on 4000 examples, holding out 1000" in proc.stdout
    rows = [line.split() for line in proc.stdout.splitlines() if line.strip().endswith(tuple("0123456789")) and "%" in line]
    assert [(float(r[0]), int(r[1])) for r in rows] == [(0, 3), (3, 3), (0, 30), (3, 30)]
    for r in rows:
        train_acc, held_acc = float(r[3].rstrip("%")), float(r[4].rstrip("%"))
        assert 0 <= held_acc <= 100 and 0 <= train_acc <= 100
    # More iterations fit the training part better.
    assert float(rows[2][3].rstrip("%")) > float(rows[0][3].rstrip("%"))
    for name in ["sweep_accuracy.png", "sweep_hidden_units.png"]:
        assert (tmp_path / name).stat().st_size > 1000


def test_sweep_rejects_a_bad_holdout(command):
    status, _, err = in_process(command, "sweep", "--holdout", "1.5")
    assert status == 2 and "expected a fraction between 0 and 1" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_course_files_print_the_handouts_expectations(tmp_path):
    from conftest import COURSE_WEIGHTS
    if not COURSE_WEIGHTS.is_file():
        pytest.skip("the course's weights are not in ../shared/reference")
    proc = run_ex4("--weights", str(COURSE_WEIGHTS), "--maxiter", "2", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    # The rebuilt digits with the course's weights, beside the handout's values.
    # The values say which files they belong to: these are neither the bundled nor the course's.
    course = "the handout's value, for the course's own ex4data1.mat and ex4weights.mat"
    assert f"Cost at parameters (loaded from ex4weights): 0.287653 \n(this value should be about 0.287629, {course})" in proc.stdout
    assert f"Cost at parameters (loaded from ex4weights): 0.383794 \n(this value should be about 0.383770, {course})" in proc.stdout


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("extra, pauses", [([], True), (["--no-pause"], False)])
def test_pauses_only_with_a_terminal_and_without_no_pause(tmp_path, extra, pauses):
    import os
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    try:
        os.write(master, b"\n" * 20)  # Enter for every pause
        proc = subprocess.run([*module_command("ex4"), "--maxiter", "2", "--out", str(tmp_path), *extra],
                              cwd=REPO, stdin=slave, capture_output=True, text=True, timeout=300, env=env)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert ("Program paused. Press enter to continue." in proc.stdout) == pauses


def test_corrupt_data_file_is_one_line_and_exit_2(tmp_path, command):
    bad = tmp_path / "corrupt.mat"
    bad.write_bytes(b"MATLAB 5.0 MAT-file" + b"\x00" * 50)
    status, _, err = in_process(command, "--data", str(bad), "--out", str(tmp_path))
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "corrupt.mat: not a readable MAT-file" in err and "Traceback" not in err


def test_weights_of_the_wrong_shape_are_one_line_and_exit_2(tmp_path, command):
    import scipy.io
    path = tmp_path / "w.mat"
    scipy.io.savemat(path, {"Theta1": np.zeros((25, 400)), "Theta2": np.zeros((10, 26))})
    status, _, err = in_process(command, "--weights", str(path), "--out", str(tmp_path))
    assert status == 2
    assert "expected Theta1 to be a numeric 25 x 401 matrix, got float64 of shape (25, 400)" in err


@pytest.mark.slow
def test_the_sweep_table_in_the_docs_is_what_sweep_prints(tmp_path):
    # docs/learners.md showed 7 rows where sweep prints 12, and 400-iteration rows of another run.
    from conftest import REPO

    text = (REPO / "docs" / "learners.md").read_text(encoding="utf-8").split("## Seeing overfitting", 1)[1]
    shown = text.split("```\n", 2)[1].strip("\n").splitlines()
    printed = run_ex4("sweep", "--out", str(tmp_path)).stdout.splitlines()
    first = printed.index(shown[0])
    printed = printed[first:first + len(shown)]
    rows = [(a.split(), b.split()) for a, b in zip(shown[1:-2], printed[1:-2])]
    assert len(rows) == 12 and printed[-1] == shown[-1] and not printed[-2], printed
    for doc, now in rows:
        assert doc[:2] == now[:2]  # lambda, iterations
        if doc[1] == "50":  # 50 iterations: the same digits on any machine
            assert doc == now
        else:  # 400 iterations carry a BLAS's last bits further
            assert abs(float(doc[2]) - float(now[2])) < 1e-3 + 0.01 * float(doc[2]), (doc, now)
            assert all(abs(float(d.rstrip("%")) - float(n.rstrip("%"))) <= 0.5 for d, n in zip(doc[3:5], now[3:5]))
