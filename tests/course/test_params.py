import numpy as np

from ex4 import debugInitializeWeights
from ex4.checks import layer_sizes
from ex4.params import reshape_params, unroll_params


def test_unroll_is_matlabs_colon_operator():
    Theta1 = np.array([[1, 2, 3], [4, 5, 6]])  # MATLAB: Theta1(:) = [1 4 2 5 3 6]'
    Theta2 = np.array([[7, 8, 9]])
    np.testing.assert_array_equal(unroll_params([Theta1, Theta2]), [1, 4, 2, 5, 3, 6, 7, 8, 9])


def test_reshape_undoes_unroll_for_any_depth():
    rng = np.random.default_rng(0)
    for sizes in [(400, 25, 10), (3, 5, 3), (2, 7, 4, 3), (1, 1, 1)]:
        Thetas = [rng.standard_normal((b, a + 1)) for a, b in zip(sizes[:-1], sizes[1:])]
        back = reshape_params(unroll_params(Thetas), sizes)
        assert len(back) == len(Thetas)
        for T, B in zip(Thetas, back):
            np.testing.assert_array_equal(T, B)


def test_layer_sizes():
    assert layer_sizes(400, 25, 10) == (400, 25, 10)
    assert layer_sizes(400, (100, 50), 10) == (400, 100, 50, 10)


P = unroll_params([debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])  # 3-5-3
X = debugInitializeWeights(5, 2)
Y = np.array([2, 3, 1, 2, 3])


def test_reshape_params_takes_a_list():
    Thetas = reshape_params(list(P), [3, 5, 3])
    assert [T.shape for T in Thetas] == [(5, 4), (3, 6)]
    assert np.array_equal(unroll_params(Thetas), P)


def test_the_layout_is_matlabs_worked_by_hand():
    from ex4.params import layout, matrices

    # [Theta1(:); Theta2(:)] for 2-4-4: Theta1 is 4 x 3 at 0..11, Theta2 4 x 5 at 12..31.
    assert layout((2, 4, 4)) == [(0, 4, 3), (12, 4, 5)]
    vector = np.arange(32.0)
    Theta1, Theta2 = matrices(vector, (2, 4, 4))
    assert Theta1[:, 0].tolist() == [0, 1, 2, 3] and Theta2[0, :2].tolist() == [12, 16]  # column by column
    Theta1_c, _ = matrices(vector, (2, 4, 4), order="C")
    assert Theta1_c[0].tolist() == [0, 1, 2]  # row by row, as a learner's ravel() writes it
