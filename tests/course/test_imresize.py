"""The resize against MATLAB's documented recipe, on cases worked out by hand."""

import numpy as np

from ex4.datatools.imresize import cubic, imresize, resize_matrix


def test_keys_kernel_values():
    # a = -0.5: k(0) = 1, k(1) = k(2) = 0, k(0.5) = 1.5/8 - 2.5/4 + 1 = 0.5625, k(1.5) = -0.0625.
    np.testing.assert_allclose(cubic(np.array([0, 0.5, 1, 1.5, 2, 2.5, -0.5])),
                               [1, 0.5625, 0, -0.0625, 0, 0, 0.5625])


def test_rows_sum_to_one_and_constants_stay_constant():
    W = resize_matrix(28, 20)
    np.testing.assert_allclose(W.sum(axis=1), 1, rtol=0, atol=1e-15)
    np.testing.assert_allclose(imresize(np.full((28, 28), 0.7), (20, 20)), 0.7, atol=1e-15)


def test_halving_weights_by_hand():
    # 4 -> 2: scale 1/2, output u centred at 2u - 1/2, kernel 0.5 k(x/2) over 8 taps.
    # Output 1 at 1.5: distances 2.5, 1.5, 0.5, -0.5, -1.5, -2.5 to pixels -1..4 give
    # 0.5 k(1.25), 0.5 k(0.75), 0.5 k(0.25), ... ; pixels -1, 0 mirror onto 2, 1.
    k = lambda x: 0.5 * cubic(np.asarray(x) / 2)
    w = {p: float(k(1.5 - p)) for p in range(-2, 6)}
    total = sum(w.values())
    expected = np.zeros(4)
    for p, weight in w.items():
        q = {-2: 3, -1: 2, 0: 1, 5: 4}.get(p, p)  # mirror: 0 -> 1, -1 -> 2, -2 -> 3, 5 -> 4
        expected[q - 1] += weight / total
    np.testing.assert_allclose(resize_matrix(4, 2)[0], expected, rtol=1e-15)


def test_enlarging_reproduces_a_ramp():
    # Scale 2, no antialiasing: the cubic reproduces a linear ramp away from the
    # mirrored borders, so outputs step by 1/2.
    out = resize_matrix(10, 20) @ np.arange(1.0, 11.0)
    np.testing.assert_allclose(np.diff(out)[4:15], 0.5, atol=1e-12)
