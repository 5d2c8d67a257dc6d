"""Training: ``scipy.optimize.minimize(nnCostFunction, ...)`` in place of the course's fmincg.

ex4.m trains with fmincg, a conjugate-gradient minimizer, for ``MaxIter`` iterations.
Here the same role is played by scipy's gradient-based minimizers that scale to
ten thousand parameters: L-BFGS-B (the default), CG and TNC.  ``maxiter`` counts
iterations for each of them, as MaxIter does.
"""

import contextlib
import os
import time
from dataclasses import dataclass, field

import numpy as np
import scipy
import scipy.optimize

from . import _checks
from .cost import nnCostFunction
from .params import course_hidden_size, reshape_params, unroll_params
from .weights import make_rng, randInitializeWeights

METHODS = ("L-BFGS-B", "CG", "TNC")
# Methods that keep an n x n matrix (or worse): 10285 x 10285 doubles is 846 MB,
# and every iteration works on all of it.
DENSE_METHODS = ("BFGS", "SLSQP", "trust-constr", "trust-exact", "dogleg", "COBYLA", "COBYQA")


@dataclass
class TrainResult:
    """What training returns.

    Attributes
    ----------
    nn_params : ndarray
        The trained parameters, unrolled as ``[Theta1(:); Theta2(:); ...]``.
    Thetas : list of ndarray
        The same, as matrices.
    costs : list of float
        The cost after each iteration (what fmincg prints).
    seconds : float
        Wall time of the minimization.
    result : scipy.optimize.OptimizeResult
        scipy's own account (``nit``, ``nfev``, ``message``, ...).
    """

    nn_params: np.ndarray
    Thetas: list
    costs: list = field(default_factory=list)
    seconds: float = 0.0
    result: object = None


def check_method(method):
    """The canonical name of a supported method, or a ValueError that says why not."""
    if not isinstance(method, str):
        raise TypeError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    for name in METHODS:
        if method.upper() == name.upper():
            return name
    for name in DENSE_METHODS:
        if method.upper() == name.upper():
            raise ValueError(
                f"method: {name} keeps a dense n x n matrix (10285 x 10285 = 846 MB for the "
                f"400-25-10 network) and is far too slow here; use one of {', '.join(METHODS)}"
            )
    raise ValueError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")


class _Diverged(Exception):
    """Raised when the optimizer hands over parameters that are not finite."""


def training_bytes(sizes, m):
    """About how much memory training this network on m examples takes, in bytes.

    The parameters (the optimizer keeps some twenty vectors of them: L-BFGS-B's ten
    pairs), and each layer's (m x units) arrays, four of each, as nnCostFunction keeps.
    """
    n = sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    return 8 * (24 * n + 4 * m * sum(sizes[1:]))


class _StopTraining(Exception):
    """Raised by the progress callback of TNC, which has no iteration limit of its own."""


def train(X, y, input_layer_size, hidden_layer_size, num_labels, lambda_=1.0, maxiter=50,
          method="L-BFGS-B", rng=None, initial_params=None, callback=None, cost_function=None):
    """Train the network from random initial weights, as ex4.m part 9.

    Parameters
    ----------
    X : ndarray, shape (m, input_layer_size)
    y : ndarray, shape (m,)
        Labels 1..num_labels.
    input_layer_size, hidden_layer_size, num_labels : int
        ``hidden_layer_size`` may be a sequence, one size per hidden layer.
    lambda_ : float, default 1.0
    maxiter : int, default 50
        Iterations, for every method (TNC counts function evaluations instead: its
        iterations are counted here and it is stopped after ``maxiter``).
    method : {"L-BFGS-B", "CG", "TNC"}
    rng : None, int or numpy.random.Generator
        For the initial weights (:func:`ex4.randInitializeWeights`, layer by layer).
    initial_params : ndarray, optional
        Start here instead of at random weights.
    callback : callable, optional
        ``callback(iteration, cost)`` after each iteration, iteration counted from 1.
    cost_function : callable, optional
        What to minimize, with nnCostFunction's signature (a learner's own, say);
        by default :func:`ex4.nnCostFunction`.  It is called with ``hidden_layer_size``
        an int for one hidden layer, as the course calls it.

    Returns
    -------
    TrainResult

    Raises
    ------
    ValueError
        For a bad argument, or if training ends with parameters that are not finite.
    """
    sizes = _checks.network_sizes(input_layer_size, hidden_layer_size, num_labels)
    method = check_method(method)
    maxiter = _checks.layer_size("maxiter", maxiter)
    lambda_ = _checks.regularization("lambda_", lambda_)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback: expected a function callback(iteration, cost), got {callback!r}")
    _checks.fits_in_memory("hidden_layer_size", sizes, training_bytes(sizes, np.shape(X)[0]))
    if initial_params is None:
        gen = make_rng(rng)
        initial_params = unroll_params(
            [randInitializeWeights(n_in, n_out, rng=gen) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        )
    else:
        initial_params = _checks.param_vector("initial_params", initial_params, sizes)
    args = (sizes[0], course_hidden_size(sizes), sizes[-1], X, y, lambda_)
    J0, _ = nnCostFunction(initial_params, *args)  # check every argument once, before scipy sees them
    checked = nnCostFunction if cost_function is None else _checks.checked_cost_function(cost_function)

    def fun(p, *fun_args):
        if not np.isfinite(p).all():  # the optimizer's step overflowed: say so, not "nn_params: NaN"
            raise _Diverged
        return checked(p, *fun_args)

    costs = []

    def record(cost):
        costs.append(float(cost))
        if callback is not None:
            callback(len(costs), costs[-1])

    start = time.perf_counter()
    try:
        with limit_scipy_blas_threads():
            if method == "TNC":
                result = _minimize_tnc(fun, initial_params, args, maxiter, record)
            else:
                result = scipy.optimize.minimize(
                    fun, initial_params, args=args, jac=True, method=method,
                    callback=lambda intermediate_result: record(intermediate_result.fun),
                    options={"maxiter": maxiter},
                )
    except _Diverged:
        blame = "lambda_: " if lambda_ > 0 else ""
        raise ValueError(
            f"{blame}training with {method} diverged after {len(costs)} iterations: the optimizer "
            f"stepped to parameters that are not finite (lambda_ = {lambda_:.6g}, cost at the start "
            f"{J0:.6g}); try a smaller lambda_ or another method") from None
    seconds = time.perf_counter() - start

    nn_params = np.asarray(result.x, dtype=float)
    if not np.isfinite(nn_params).all():
        raise ValueError(
            f"training with {method} ended with parameters that are not finite "
            f"({int((~np.isfinite(nn_params)).sum())} of {nn_params.size}); try a smaller "
            "lambda_ or another method"
        )
    return TrainResult(nn_params, reshape_params(nn_params, sizes), costs, seconds, result)


def _minimize_tnc(cost_function, initial_params, args, maxiter, record):
    """TNC stopped after ``maxiter`` iterations.

    TNC's own limit, ``maxfun``, counts evaluations (each of its iterations takes
    several), and its callback gets only x and cannot stop it the way the others'
    can; so the cost at x is looked up from the last evaluation, and an exception
    from the callback stops it.
    """
    last = {"nfev": 0}

    def fun(p, *fun_args):
        J, grad = cost_function(p, *fun_args)
        last["x"], last["J"] = p.copy(), J
        last["nfev"] += 1
        return J, grad

    iterations = []

    def progress(xk):
        cost = last["J"] if np.array_equal(last.get("x"), xk) else cost_function(xk, *args)[0]
        iterations.append(xk.copy())
        record(cost)
        if len(iterations) >= maxiter:
            raise _StopTraining

    try:
        return scipy.optimize.minimize(fun, initial_params, args=args, jac=True, method="TNC",
                                       callback=progress, options={"maxfun": 100 * maxiter})
    except _StopTraining:
        return scipy.optimize.OptimizeResult(
            x=iterations[-1], fun=cost_function(iterations[-1], *args)[0], nit=len(iterations),
            nfev=last["nfev"], success=False, message=f"stopped after maxiter = {maxiter} iterations")


def limit_scipy_blas_threads():
    """Limit scipy's own OpenBLAS to one thread while a minimizer runs.

    numpy and scipy's wheels each bring an OpenBLAS with its own thread pool.
    L-BFGS-B calls scipy's BLAS between evaluations; that pool's threads then spin,
    waiting for more work, on the same two cores where numpy's threads do the
    evaluation's matrix products, and every evaluation runs 2-5x slower.  With
    scipy's pool at one thread, its BLAS runs on the calling thread and nothing spins.
    numpy's pool is left alone: the big products need both cores.  Where numpy and
    scipy share one BLAS (conda, distribution packages) there is nothing to do.
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # without threadpoolctl, training is slower but the same
        return contextlib.nullcontext()
    controller = ThreadpoolController()
    blas = [lib for lib in controller.lib_controllers if lib.user_api == "blas"]
    scipy_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(scipy.__file__))), "scipy")
    scipy_own = [lib.filepath for lib in blas if os.path.realpath(lib.filepath).startswith(scipy_dir)]
    if len(blas) < 2 or not scipy_own:
        return contextlib.nullcontext()
    return controller.select(filepath=scipy_own).limit(limits=1)
