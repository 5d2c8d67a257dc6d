import numpy as np
import pytest

from ex4 import debugInitializeWeights, randInitializeWeights


def test_rand_shape_range_and_spread():
    W = randInitializeWeights(400, 25, rng=0)
    assert W.shape == (25, 401)
    assert np.all(np.abs(W) <= 0.12)
    # Uniform on [-0.12, 0.12]: mean 0, standard deviation 0.24 / sqrt(12) = 0.0693.
    assert abs(W.mean()) < 0.005 and W.std() == pytest.approx(0.24 / np.sqrt(12), rel=0.03)


def test_rand_repeats_with_a_seed_and_a_generator():
    np.testing.assert_array_equal(randInitializeWeights(3, 2, rng=7), randInitializeWeights(3, 2, rng=7))
    a = randInitializeWeights(3, 2, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a, randInitializeWeights(3, 2, rng=7))
    assert not np.array_equal(randInitializeWeights(3, 2, rng=7), randInitializeWeights(3, 2, rng=8))


def test_rand_epsilon():
    W = randInitializeWeights(10, 10, epsilon_init=1e-3, rng=1)
    assert np.all(np.abs(W) <= 1e-3) and np.abs(W).max() > 5e-4


def test_debug_weights_are_sin_of_1_to_numel_column_major():
    W = debugInitializeWeights(3, 2)
    assert W.shape == (3, 3)
    # MATLAB: reshape(sin(1:9), 3, 3) / 10 puts sin(1), sin(2), sin(3) down the first column.
    np.testing.assert_array_equal(W[:, 0], np.sin([1, 2, 3]) / 10)
    np.testing.assert_array_equal(W[0], np.sin([1, 4, 7]) / 10)


def test_random_weights_with_a_huge_epsilon_stay_finite_and_inside():
    W = randInitializeWeights(3, 3, epsilon_init=1e308, rng=0)
    assert np.isfinite(W).all() and np.abs(W).max() <= 1e308 and W.min() < 0 < W.max()
