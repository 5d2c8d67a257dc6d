"""Bad input, round 2: no silent wrong answer, finite values wherever the math is finite,
re-entrant evaluation, oversized requests refused before they start, figures written whole.

Each test here failed on the code before the fix it checks.
"""

import math
import os
import re
import sys

import numpy as np
import pytest
import scipy.io
import scipy.sparse

import learner_files
from conftest import REPO
from ex4 import (checkNNGradients, debugInitializeWeights, nnCostFunction, predict,
                 randInitializeWeights, sigmoidGradient)
from ex4.data import DataFileError, load_digits, load_mat, load_weights
from ex4.params import reshape_params, unroll_params

P = unroll_params([debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])  # 3-5-3
X = debugInitializeWeights(5, 2)
Y = np.array([2, 3, 1, 2, 3])


def independent_cost(p, X, y, lambda_):
    """J for the 3-5-3 network, written here with numpy's logaddexp (stable in both tails)."""
    T1 = p[:20].reshape((5, 4), order="F")
    T2 = p[20:].reshape((3, 6), order="F")
    a2 = 0.5 * (1 + np.tanh(0.5 * (np.c_[np.ones(len(X)), X] @ T1.T)))  # sigmoid, another way
    z3 = np.c_[np.ones(len(X)), a2] @ T2.T
    Yh = np.eye(3)[np.asarray(y) - 1]
    J = np.sum(Yh * np.logaddexp(0, -z3) + (1 - Yh) * np.logaddexp(0, z3)) / len(X)
    if lambda_ == 0:
        return J
    return J + lambda_ / (2 * len(X)) * (np.sum(T1[:, 1:] ** 2) + np.sum(T2[:, 1:] ** 2))


def test_lambda_0_with_huge_weights_gives_the_finite_cost():
    J, grad = nnCostFunction(P * 1e155, 3, 5, 3, X, Y, 0)
    assert J == pytest.approx(independent_cost(P * 1e155, X, Y, 0), rel=1e-12)
    assert np.isfinite(grad).all() and np.abs(grad).max() <= 1.0  # |delta| <= 1, a in [0, 1]


def test_a_huge_lambda_with_small_weights_gives_the_finite_cost():
    # One weight of 2: lambda_ * 2 overflows, but lambda_/m * 2 and lambda_/(2m) * sum(theta^2) do not.
    p = P.copy()
    p[30] = 2.0  # Theta2[1, 3], not a bias weight
    J, grad = nnCostFunction(p, 3, 5, 3, X, Y, 1e308)
    T1, T2 = reshape_params(p, (3, 5, 3))
    assert J == pytest.approx(independent_cost(p, X, Y, 0) + 1e308 / 10 * (
        np.sum(T1[:, 1:] ** 2) + np.sum(T2[:, 1:] ** 2)), rel=1e-12)
    assert np.isfinite(grad).all() and grad[30] == pytest.approx(1e308 / 5 * 2.0, rel=1e-12)


def test_the_gradient_check_with_a_huge_lambda_is_a_number():
    # A quadratic regularization dominates; central differences are exact for it.
    assert checkNNGradients(1e300, verbose=False) < 1e-9


def test_random_weights_with_a_huge_epsilon_stay_finite_and_inside():
    W = randInitializeWeights(3, 3, epsilon_init=1e308, rng=0)
    assert np.isfinite(W).all() and np.abs(W).max() <= 1e308 and W.min() < 0 < W.max()


def test_sigmoid_gradient_is_symmetric_in_both_tails():
    exact = math.exp(-40) / (1 + math.exp(-40)) ** 2  # 4.248e-18, worked out here
    assert sigmoidGradient(40.0) == pytest.approx(exact, rel=1e-12)
    assert sigmoidGradient(-40.0) == pytest.approx(exact, rel=1e-12)


def test_predict_is_not_fooled_by_an_output_sum_that_overflows():
    # Eight hidden units, all at 1.0; output 2's weights sum to exactly 0, but term by term
    # they overflow (+inf and -inf: NaN). The true outputs are z = [0, -1]: label 1.
    T1 = np.zeros((8, 2))
    T1[:, 1] = 1.0
    T2 = np.zeros((2, 9))
    T2[1, 0] = -1.0
    T2[1, 1:] = [1e308, -1e308] * 4
    assert predict(T1, T2, np.array([[50.0]])).tolist() == [1]


def test_predict_tells_apart_outputs_that_the_sigmoid_rounds_to_one():
    # z = [40, 41]: sigma gives 1.0 for both in floating point; the label is 2.
    T1 = np.array([[0.0, 1.0]])  # one hidden unit, sigmoid(x) = 1.0 for x = 50
    T2 = np.array([[40.0, 0.0], [41.0, 0.0]])
    assert predict(T1, T2, np.array([[50.0]])).tolist() == [2]


def test_a_call_reentered_in_the_same_thread_leaves_the_interrupted_one_intact():
    # A tracer stands in for a signal handler (or a debugger) that evaluates another network
    # of the same shapes in the middle of a call; the interrupted call must not notice.
    m = 50
    Xm = np.sin(np.arange(m * 3)).reshape(m, 3)
    ym = 1 + np.arange(m) % 3
    other = P[::-1].copy()
    expected = nnCostFunction(P, 3, 5, 3, Xm, ym, 1.0)
    reentered = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == "_cross_entropy_and_delta" and event == "call" and not reentered:
            reentered.append(nnCostFunction(other, 3, 5, 3, Xm, ym, 1.0))
        return None

    sys.settrace(tracer)
    try:
        J, grad = nnCostFunction(P, 3, 5, 3, Xm, ym, 1.0)
    finally:
        sys.settrace(None)
    assert reentered, "the tracer did not re-enter"
    assert J == expected[0] and np.array_equal(grad, expected[1])
    assert reentered[0][0] == nnCostFunction(other, 3, 5, 3, Xm, ym, 1.0)[0]


def test_reshape_params_takes_a_list():
    Thetas = reshape_params(list(P), [3, 5, 3])
    assert [T.shape for T in Thetas] == [(5, 4), (3, 6)]
    assert np.array_equal(unroll_params(Thetas), P)


def save_mat(path, **arrays):
    scipy.io.savemat(path, arrays)
    return path


def test_a_sparse_X_in_a_mat_file_is_read_as_its_numbers(tmp_path, digits):
    X_digits, y_digits = digits
    path = save_mat(tmp_path / "sparse.mat", X=scipy.sparse.csc_matrix(X_digits[:20]), y=y_digits[:20, None])
    X_read, y_read = load_digits(path)
    assert np.array_equal(X_read, X_digits[:20]) and np.array_equal(y_read, y_digits[:20])


@pytest.mark.parametrize("arrays, message", [
    (dict(X=np.ones((3, 400)) + 1j, y=np.ones((3, 1))), r"expected X to hold real numbers, got complex values"),
    (dict(X=np.ones((0, 400)), y=np.ones((0, 1))), r"X has no rows \(no examples\)"),
], ids=["complex X", "no rows"])
def test_mat_files_the_script_cannot_use_are_named(tmp_path, arrays, message, command):
    path = save_mat(tmp_path / "bad.mat", **arrays)
    with pytest.raises(DataFileError, match=message):
        load_digits(path)
    status, _, err = in_process(command, "--data", str(path), "--out", str(tmp_path))
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err


def test_load_mat_and_load_weights_name_their_bad_arguments(tmp_path):
    path = save_mat(tmp_path / "w.mat", X=np.ones((2, 400)))
    with pytest.raises(TypeError, match=r"names: expected a dict of variable name to shape"):
        load_mat(path, ["X"])
    with pytest.raises(TypeError, match=r"hidden_layer_size: expected a positive whole number, got '25' \(str\)"):
        load_weights(hidden_layer_size="25")


def run(*args, cwd=REPO):
    return learner_files.run([sys.executable, "-m", "ex4", *args], cwd=cwd)


def in_process(command, *args):
    from ex4.__main__ import main
    return command(main, *args)


@pytest.mark.parametrize("args, message", [
    (["--hidden", "100000000"], r"python -m ex4: error: --hidden: a 400-100000000-10 network needs about [\d.e+]+ GiB"),
    (["--lambda", "1e308"], r"python -m ex4: error: --lambda: training with L-BFGS-B diverged"),
    (["sweep", "--hidden", "100000000"], r"python -m ex4 sweep: error: --hidden: a 400-100000000-10 network needs about"),
    (["explain", "--sizes", "3", "100000000", "3"], r"python -m ex4 explain: error: --sizes: explaining a 3-100000000-3 network on 5 examples \(700000003 parameters\) would take about"),
    (["explain", "--m", "100000000"], r"python -m ex4 explain: error: --m: explaining a 3-5-3 network on 100000000 examples .* would take about"),
    (["explain", "--lambda", "1e200"], r"python -m ex4 explain: error: --lambda: the regularization term overflows with lambda_ = 1e\+200"),
], ids=["hidden", "lambda", "sweep hidden", "explain sizes", "explain m", "explain lambda"])
def test_oversized_or_overflowing_requests_are_one_line_and_exit_2(tmp_path, args, message, command):
    status, _, err = in_process(command, *args, "--out", str(tmp_path))
    assert status == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.match(message, err), err


def test_a_figure_that_cannot_be_written_whole_leaves_the_old_one(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from ex4.programs import cli

    old = tmp_path / "digits.png"
    old.write_bytes(b"the old figure")
    fig = plt.figure()

    def disk_full(path, **kwargs):
        with open(path, "wb") as f:
            f.write(b"\x89PNG truncated")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fig, "savefig", disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        cli.Session(pause=False, show=False).save(fig, old)
    assert old.read_bytes() == b"the old figure"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digits.png"]  # no partial file left
    plt.close(fig)


def test_a_figure_is_saved_in_place(tmp_path):
    import matplotlib.image
    import matplotlib.pyplot as plt

    from ex4.programs import cli

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    path = cli.Session(pause=False, show=False).save(fig, tmp_path / "line.png")
    assert matplotlib.image.imread(path).shape[:2] == (100, 200)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png"]


@pytest.fixture
def unwritable_folder(tmp_path):
    """An existing folder this process cannot write into.

    A folder without write permission, for an ordinary user; root writes anywhere, so
    for root (as in CI) /proc/self, a folder of the kernel's where nobody can make files.
    """
    if not hasattr(os, "geteuid"):
        pytest.skip("needs POSIX permissions")
    if os.geteuid() == 0:
        if not os.path.isdir("/proc/self"):
            pytest.skip("root, and no /proc to stand in for a read-only folder")
        yield "/proc/self"
        return
    folder = tmp_path / "figures"
    folder.mkdir()
    folder.chmod(0o555)
    yield str(folder)
    folder.chmod(0o755)


@pytest.mark.parametrize("args", [["sweep", "--iters", "2"], ["explain"], ["--maxiter", "2"]],
                         ids=["sweep", "explain", "exercise"])
def test_an_unwritable_out_folder_fails_before_any_training(tmp_path, unwritable_folder, args, command):
    status, out, err = in_process(command, *args, "--out", unwritable_folder)
    assert status == 2, out + err
    assert err.count("\n") == 1 and f"--out: cannot write into {unwritable_folder}: " in err
    assert "Training" not in out and "lambda  iterations" not in out  # nothing ran first
