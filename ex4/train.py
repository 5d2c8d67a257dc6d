"""Training: ``scipy.optimize.minimize(nnCostFunction, ...)`` in place of the course's fmincg.

ex4.m trains with fmincg, a conjugate-gradient minimizer, for ``MaxIter`` iterations.
Here the same role is played by scipy's gradient-based minimizers that scale to
ten thousand parameters: L-BFGS-B (the default), CG and TNC.  ``maxiter`` counts
iterations for each of them, as MaxIter does.
"""

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy
import scipy.optimize

from . import checked_call, checks, memory
from .checks import InputError, InputTypeError
from .cost import buffer_bytes, nnCostFunction
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
        raise InputTypeError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    for name in METHODS:
        if method.upper() == name.upper():
            return name
    for name in DENSE_METHODS:
        if method.upper() == name.upper():
            raise InputError(
                f"method: {name} keeps a dense n x n matrix (10285 x 10285 = 846 MB for the "
                f"400-25-10 network) and is far too slow here; use one of {', '.join(METHODS)}"
            )
    raise InputError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")


class _Diverged(Exception):
    """Raised when the optimizer hands over parameters that are not finite."""


def training_bytes(sizes, m):
    """About how much memory training this network on m examples takes, in bytes.

    The parameters (the optimizer keeps some twenty vectors of them: L-BFGS-B's ten
    pairs, and a few more), and the (m x units) arrays nnCostFunction keeps.
    """
    return 8 * 24 * checks.param_count(sizes) + buffer_bytes(m, sizes)


class _StopTraining(Exception):
    """Raised by the progress callback of TNC, which has no iteration limit of its own."""


def train(X, y, input_layer_size, hidden_layer_size, num_labels, lambda_=1.0, maxiter=50,
          method="L-BFGS-B", rng=None, initial_params=None, callback=None, cost_function=None,
          limit_threads=True):
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
    limit_threads : bool, default True
        Keep scipy's own BLAS to one thread while minimizing
        (:func:`limit_scipy_blas_threads`); ``python -m ex4.bench`` times it both ways.

    Returns
    -------
    TrainResult

    Raises
    ------
    ValueError
        For a bad argument, or if the optimizer steps to parameters that are not finite.
    """
    sizes = checks.network_sizes(input_layer_size, hidden_layer_size, num_labels)
    method = check_method(method)
    maxiter = checks.layer_size("maxiter", maxiter)
    lambda_ = checks.regularization("lambda_", lambda_)
    if callback is not None and not callable(callback):
        raise InputTypeError(f"callback: expected a function callback(iteration, cost), got {callback!r}")
    memory.fits_in_memory("hidden_layer_size", sizes, training_bytes(sizes, np.shape(X)[0]))
    initial_params = _initial_params(sizes, rng, initial_params)
    args = (sizes[0], course_hidden_size(sizes), sizes[-1], X, y, lambda_)
    J0, _ = nnCostFunction(initial_params, *args)  # check every argument once, before scipy sees them
    checked = nnCostFunction if cost_function is None else checked_call.checked_cost_function(cost_function)
    costs = []

    def fun(p, *fun_args):
        if not np.isfinite(p).all():  # the optimizer's step overflowed: say so, not "nn_params: NaN"
            raise _Diverged
        J, grad = checked(p, *fun_args)
        if cost_function is not None and not (np.isfinite(J) and np.isfinite(grad).all()):
            raise _LearnersNonFinite(J, grad, len(costs))
        return J, grad

    def record(cost):
        costs.append(float(cost))
        if callback is not None:
            callback(len(costs), costs[-1])

    start = time.perf_counter()
    try:
        result = _minimize(fun, initial_params, args, method, maxiter, record, limit_threads)
    except _LearnersNonFinite as exc:
        name = getattr(cost_function, "__name__", "cost_function")
        raise NonFiniteCost(
            f"{name}: your {name} returned J = {exc.J:g} with {exc.bad} non-finite gradient value(s) "
            f"after {exc.iteration} iteration(s): the NaN or infinity comes from your code, not from lambda_ "
            "(log(0) where an h reaches exactly 0 or 1, and 0 * log(0) = NaN: a forward pass that saturates, "
            "or a cost that takes the log of a rounded h; clipping h would only hide a wrong forward pass)") from None
    except _Diverged:
        if cost_function is not None:
            J0 = checked(initial_params, *args)[0]  # the learner's own starting cost, not this project's
        blame = "lambda_: " if lambda_ > 0 else ""
        raise InputError(
            f"{blame}training with {method} diverged after {len(costs)} iterations: the optimizer "
            f"stepped to parameters that are not finite (lambda_ = {lambda_:.6g}, cost at the start "
            f"{J0:.6g}); try a smaller lambda_ or another method") from None
    seconds = time.perf_counter() - start
    # result.x is finite: every point the optimizer returns, fun was called at (and refused NaN).
    nn_params = np.asarray(result.x, dtype=float)
    return TrainResult(nn_params, reshape_params(nn_params, sizes), costs, seconds, result)


class NonFiniteCost(InputError):
    """The ``cost_function`` given to :func:`train` returned NaN or infinity: its own fault."""


class _LearnersNonFinite(Exception):
    """The learner's cost function returned NaN or infinity."""

    def __init__(self, J, grad, iteration):
        super().__init__()
        self.J, self.bad, self.iteration = J, int(np.size(grad) - np.isfinite(grad).sum()), iteration


def _initial_params(sizes, rng, initial_params):
    """``initial_params`` checked, or random weights layer by layer (§2.2)."""
    if initial_params is not None:
        return checks.param_vector("initial_params", initial_params, sizes)
    gen = make_rng(rng)
    return unroll_params([randInitializeWeights(n_in, n_out, rng=gen) for n_in, n_out in zip(sizes[:-1], sizes[1:])])


def _minimize(fun, initial_params, args, method, maxiter, record, limit_threads=True):
    """scipy.optimize.minimize for ``maxiter`` iterations, ``record(cost)`` after each."""
    with limit_scipy_blas_threads() if limit_threads else contextlib.nullcontext():
        if method == "TNC":
            return _minimize_tnc(fun, initial_params, args, maxiter, record)
        return scipy.optimize.minimize(
            fun, initial_params, args=args, jac=True, method=method,
            callback=lambda intermediate_result: record(intermediate_result.fun),
            options={"maxiter": maxiter})


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
    # A wheel keeps its BLAS in the package's folder or in a "<package>.libs" folder beside it.
    package = Path(scipy.__file__).resolve().parent
    scipy_dirs = (package, package.with_name(package.name + ".libs"))
    scipy_own = [lib.filepath for lib in blas
                 if any(Path(lib.filepath).resolve().is_relative_to(folder) for folder in scipy_dirs)]
    if len(blas) < 2 or not scipy_own:
        return contextlib.nullcontext()
    return controller.select(filepath=scipy_own).limit(limits=1)
