import numpy as np
import pytest

from ex4 import debugInitializeWeights
from ex4.train import METHODS, limit_scipy_blas_threads, train

X = debugInitializeWeights(20, 3)
Y = 1 + np.mod(np.arange(1, 21), 3)


@pytest.mark.parametrize("method", METHODS)
def test_maxiter_counts_iterations_for_every_method(method):
    seen = []
    result = train(X, Y, 4, 5, 3, 0.1, 6, method, rng=0, callback=lambda i, cost: seen.append((i, cost)))
    assert [i for i, _ in seen] == list(range(1, 7))
    assert len(result.costs) == 6 and result.costs[-1] < result.costs[0]
    assert result.Thetas[0].shape == (5, 5) and result.Thetas[1].shape == (3, 6)


def test_same_seed_same_network():
    a = train(X, Y, 4, 5, 3, 1.0, 10, rng=3)
    b = train(X, Y, 4, 5, 3, 1.0, 10, rng=3)
    np.testing.assert_array_equal(a.nn_params, b.nn_params)


def test_deeper_network_learns_a_rule():
    rng = np.random.default_rng(0)
    Xr = rng.uniform(-2, 2, (90, 4))
    yr = 1 + np.argmax(Xr[:, :3], axis=1)  # the label is the largest of the first three inputs
    result = train(Xr, yr, 4, (6, 4), 3, 0.0, 200, rng=0)
    assert [T.shape for T in result.Thetas] == [(6, 5), (4, 7), (3, 5)]
    from ex4 import predict
    assert np.mean(predict(*result.Thetas[:2], Xr, result.Thetas[2]) == yr) > 0.9


def test_scipys_blas_is_limited_to_one_thread_while_training():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import os

    import scipy
    scipy_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(scipy.__file__))), "scipy")
    blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    if len(blas) < 2:
        pytest.skip("numpy and scipy share one BLAS here: nothing to limit")
    with limit_scipy_blas_threads():
        inside = threadpoolctl.threadpool_info()
    for lib in inside:
        if lib["user_api"] == "blas" and os.path.realpath(lib["filepath"]).startswith(scipy_dir):
            assert lib["num_threads"] == 1
        elif lib["user_api"] == "blas":
            assert lib["num_threads"] == next(b["num_threads"] for b in blas if b["filepath"] == lib["filepath"])
