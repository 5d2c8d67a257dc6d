"""The hidden layers' sigmoid is chosen per machine (ex4/cpu.py, ex4.sigmoid.formulation), or by
nnCostFunction's hidden_sigmoid: both formulations must give the same values, whichever one this
machine picks."""

import warnings

import numpy as np
import oracle
import pytest
from course_values import (
    GRADED_OUTPUT,
    GRADED_SIZES,
    GRADED_t,
    GRADED_Xm,
    GRADED_ym,
    sprintf5,
)

from ex4 import cpu, nnCostFunction
from ex4.sigmoid import FORMULATIONS, formulation as chosen_formulation


@pytest.fixture(params=sorted(FORMULATIONS))
def formulation(request):
    return request.param


def test_each_formulation_is_the_logistic_function_everywhere(formulation):
    # z = [1 a] Theta' for a = 1 and a Theta whose rows give z from -800 (e^-z overflows) to 800.
    z = np.concatenate([[-800.0, -745.0, -709.5, -40.0, -1.0, -1e-9], [0.0, 1e-9, 1.0, 40.0, 709.5, 800.0]])
    Theta = np.column_stack([z / 2, z / 2])  # bias and weight each give half
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning may escape
        # One input of 1 and 12 hidden units: the cost's hidden layer computes g(z) for each.
        X = np.ones((1, 1))
        p = np.concatenate([Theta.ravel(order="F"), np.zeros(13)])
        J, grad = nnCostFunction(p, 1, 12, 1, X, [1], 0, hidden_sigmoid=formulation)
        # dJ/dTheta2 (weights, not bias) = (h - y) a(2): with Theta2 = 0, h = 1/2 and y = 1.
        g = grad[Theta.size + 1:] / -0.5
    # The logistic function by hand, in the two forms that are each exact on their side of 0.
    expected = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
    assert np.all(np.abs(g - expected) <= 1e-15 + 1e-12 * expected), (g, expected)
    assert g[0] == 0.0 and g[-1] == 1.0 and g[6] == 0.5


def test_each_formulation_gives_the_courses_graded_output(formulation):
    J, grad = nnCostFunction(GRADED_t, *GRADED_SIZES, GRADED_Xm, GRADED_ym, 1.5, hidden_sigmoid=formulation)
    assert sprintf5(np.concatenate([[J], grad])) == GRADED_OUTPUT[5]


def test_both_formulations_agree_on_the_digits_to_1e_12(digits):
    X, y = digits
    p = np.random.default_rng(4).uniform(-0.5, 0.5, 10285)
    results = [nnCostFunction(p, 400, 25, 10, X, y, 1.0, hidden_sigmoid=name) for name in sorted(FORMULATIONS)]
    (J1, g1), (J2, g2) = results
    assert abs(J1 - J2) <= 1e-12 * abs(J1)
    assert np.linalg.norm(g1 - g2) <= 1e-12 * np.linalg.norm(g1)


def test_each_formulation_matches_the_per_example_oracle_on_a_deeper_network(formulation):
    rng = np.random.default_rng(5)
    sizes = (6, 5, 4, 3)
    p = rng.uniform(-2, 2, 5 * 7 + 4 * 6 + 3 * 5)
    X, y = rng.standard_normal((9, 6)), rng.integers(1, 4, 9)
    J, grad = nnCostFunction(p, 6, (5, 4), 3, X, y, 0.7, hidden_sigmoid=formulation)
    J0, g0 = oracle.cost(p, sizes, X, y, 0.7), oracle.backprop(p, sizes, X, y, 0.7)
    assert abs(J - J0) <= 1e-12 * abs(J0)
    assert np.allclose(grad, g0, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("features, fast", [
    ({"AVX512F": True, "AVX512_SKX": True, "AVX2": True}, True),
    ({"AVX512F": False, "AVX2": True, "FMA3": True}, False),  # the AVX2-only EPYC of the speed issue
    ({"ASIMD": True, "NEON": True}, False),
    ({}, False),
])
def test_the_rule_reads_numpys_cpu_features(features, fast):
    assert cpu.numpy_vectorizes_exp(features) is fast


def test_this_process_uses_the_formulation_the_rule_picks_for_this_machine():
    expected = FORMULATIONS["exp"] if cpu.numpy_vectorizes_exp() else FORMULATIONS["expit"]
    assert chosen_formulation() is expected
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            flags = next(line for line in info if line.startswith("flags")).split()
    except (OSError, StopIteration):
        pytest.skip("no /proc/cpuinfo flags on this machine")
    assert cpu.numpy_vectorizes_exp() == ("avx512f" in flags)  # the kernel's word, apart from numpy's


def test_an_unknown_formulation_is_named():
    with pytest.raises(ValueError, match=r"hidden_sigmoid: expected one of 'exp', 'expit' or None, got 'tanh'"):
        nnCostFunction(GRADED_t, *GRADED_SIZES, GRADED_Xm, GRADED_ym, 1.5, hidden_sigmoid="tanh")
