import math
import warnings

import numpy as np
import pytest

from course_values import GRADED_OUTPUT, GRADED_X, SIGMOID_GRADIENT_AT, SIGMOID_GRADIENT_PRINTED, sprintf5
from ex4 import sigmoid, sigmoidGradient


def test_sigmoid_gradient_at_zero_is_exactly_a_quarter():
    assert sigmoidGradient(0) == 0.25
    assert sigmoidGradient(0.0) == 0.25


def test_sigmoid_gradient_prints_as_ex4_m():
    printed = " ".join(f"{v:f}" for v in sigmoidGradient(SIGMOID_GRADIENT_AT))
    assert printed == SIGMOID_GRADIENT_PRINTED


def test_graded_part_3_sigmoid_gradient_of_course_matrix():
    assert sprintf5(sigmoidGradient(GRADED_X)) == GRADED_OUTPUT[3]


def test_scalars_vectors_and_matrices_keep_their_shape():
    assert isinstance(sigmoid(1.0), float)
    assert sigmoid([1.0, 2.0]).shape == (2,)
    assert sigmoidGradient(np.zeros((3, 4))).shape == (3, 4)


def test_sigmoid_against_the_formula():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)


def test_gradient_against_the_derivative_and_central_differences():
    z = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(sigmoidGradient(z), np.exp(-z) / (1 + np.exp(-z)) ** 2, rtol=1e-12)
    e = 1e-5
    numeric = (1 / (1 + np.exp(-(z + e))) - 1 / (1 + np.exp(-(z - e)))) / (2 * e)
    np.testing.assert_allclose(sigmoidGradient(z), numeric, rtol=1e-6)


def test_no_overflow_warning_for_large_inputs():
    z = np.array([-1e308, -1000.0, 1000.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = sigmoid(z)
        gp = sigmoidGradient(z)
    np.testing.assert_array_equal(g, [0, 0, 1, 1])
    assert np.all(np.isfinite(gp)) and np.all(gp >= 0)


def test_sigmoid_gradient_is_symmetric_in_both_tails():
    exact = math.exp(-40) / (1 + math.exp(-40)) ** 2  # 4.248e-18, worked out here
    assert sigmoidGradient(40.0) == pytest.approx(exact, rel=1e-12)
    assert sigmoidGradient(-40.0) == pytest.approx(exact, rel=1e-12)
