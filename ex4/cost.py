"""nnCostFunction: the network's cost and its gradient by backpropagation (ex4.pdf §1.4, §2.3-2.5)."""

import contextlib
import threading

import numpy as np

from . import checks, memory
from .params import layout, matrices
from .sigmoid import derivative_from_output, formulation, logistic_and_softplus_tail
from .checks import InputError


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_, *,
                   hidden_sigmoid=None):
    """The regularized cost of the network and its gradient.

    Parameters
    ----------
    nn_params : ndarray, shape (n,)
        ``[Theta1(:); Theta2(:)]``: the weight matrices unrolled column-major, one after
        another (see :func:`ex4.params.unroll_params`).  ``Theta1`` has shape
        (hidden_layer_size, input_layer_size + 1), ``Theta2`` (num_labels, hidden_layer_size + 1).
    input_layer_size : int
        Units in the input layer (400 for 20x20 images), not counting the bias unit.
    hidden_layer_size : int or sequence of int
        Units in the hidden layer (25 in the course), or one size per hidden layer
        for a deeper network, e.g. ``(100, 50)``.
    num_labels : int
        Output units K; labels run 1..K.
    X : ndarray, shape (m, input_layer_size)
        One example per row.
    y : ndarray, shape (m,) or (m, 1)
        Labels 1..num_labels (for the digits, 10 stands for the digit 0).
    lambda_ : float
        Regularization strength, >= 0.
    hidden_sigmoid : {None, 'exp', 'expit'}, keyword only
        How the hidden layers' sigmoid is computed (:data:`ex4.sigmoid.FORMULATIONS`):
        the same values either way, to 1e-15; by default the faster on this processor.
        ``python -m ex4.bench`` times both.

    Returns
    -------
    J : float
        The cost.
    grad : ndarray, shape (n,)
        dJ/dnn_params, unrolled like ``nn_params``; a new array on every call.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type, shape or values; the message names it.

    Notes
    -----
    With h = a(L) the network's output and y_k the label as a one-hot vector (§1.4)::

        J = 1/m Σ_i Σ_k [ -y_k log(h_k) - (1 - y_k) log(1 - h_k) ]
            + λ/(2m) Σ_l Σ_{j, k >= 1} Theta(l)_jk²        (bias columns not regularized)

    and by backpropagation (§2.3, steps 1-5; §2.5)::

        δ(L) = a(L) - y
        δ(l) = (Theta(l)' δ(l+1)) .* g'(z(l))            (bias term dropped)
        dJ/dTheta(l) = 1/m Σ_i δ(l+1) a(l)'  +  λ/m Theta(l)   (λ term: not on the bias column)

    The handout loops over examples and adds each one's δ(l+1) a(l)' into an
    accumulator Δ(l); here all m examples go through at once, one row each, so the
    sum over i is a matrix product.

    Examples
    --------
    >>> import numpy as np
    >>> from ex4.weights import debugInitializeWeights
    >>> from ex4.params import unroll_params
    >>> p = unroll_params([debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])
    >>> X = debugInitializeWeights(5, 2)
    >>> J, grad = nnCostFunction(p, 3, 5, 3, X, [2, 3, 1, 2, 3], 0)
    >>> round(J, 6), grad.shape
    (2.100951, (38,))
    """
    sizes = checks.network_sizes(input_layer_size, hidden_layer_size, num_labels)
    nn_params = checks.param_vector("nn_params", nn_params, sizes)
    X = checks.data_matrix("X", X, sizes[0], "input_layer_size", check_finite=False)
    y = checks.labels("y", y, X.shape[0], sizes[-1])
    lambda_ = checks.regularization("lambda_", lambda_)
    hidden = formulation(hidden_sigmoid)
    # The (m x units) buffers: refused before allocating where they cannot fit.
    memory.fits_in_memory("hidden_layer_size", sizes, buffer_bytes(X.shape[0], sizes))

    # A NaN or infinity in X is found by its effect on the result (checking all of X on
    # every call would cost a tenth of an evaluation); numpy's warnings about it on the
    # way are silenced because the error below says it better.
    with np.errstate(invalid="ignore", over="ignore"):
        J, grad = _cost_and_gradient(nn_params, sizes, X, y, lambda_, hidden)
    if not (np.isfinite(J) and np.isfinite(grad).all()):
        checks.finite("X", X)  # a NaN or infinity in X always shows up here: name it
        largest = np.abs(nn_params).max()
        if lambda_ > 0:
            with np.errstate(invalid="ignore", over="ignore"):
                J0, grad0 = _cost_and_gradient(nn_params, sizes, X, y, 0.0, hidden)
            if np.isfinite(J0) and np.isfinite(grad0).all():
                raise InputError(
                    f"lambda_: the regularization term overflows with lambda_ = {lambda_:.6g} and weights "
                    f"up to {largest:.3g} (without it the cost is {J0:.6g}); use a smaller lambda_")
        raise InputError(
            "nnCostFunction: the cost or gradient overflowed to a non-finite value; "
            f"nn_params are too large (largest |value| {largest:.3g})"
        )
    return J, grad


def _cost_and_gradient(nn_params, sizes, X, y, lambda_, hidden):
    """The math of nnCostFunction, on checked arguments.

    Lists are indexed from 0 where the handout counts layers from 1:
    ``Thetas[0]`` is Theta1, ``Theta_grads[0]`` is Theta1_grad.  The sums over the
    examples (the cost's Σ_i and the accumulators Δ) are :func:`_backprop_rows`;
    what is left here is step 5 and the regularization (§2.5).
    """
    Thetas = matrices(nn_params, sizes)
    m = X.shape[0]
    # grad is new on every call: scipy keeps it.  Theta_grads are column-major views into it.
    grad = np.empty_like(nn_params)
    Theta_grads = matrices(grad, sizes)
    cost_sum = _backprop_rows(Thetas, X, y, Theta_grads, hidden)  # Σ_i cost terms; Δ(l) into Theta_grads

    J = cost_sum / m
    grad /= m  # Step 5: D = Δ / m
    if lambda_ > 0:  # with lambda_ = 0 the term is 0, even where the squares would overflow
        # Column-major, Theta(l) without its bias column is one contiguous run of nn_params.
        weights = [slice(start + rows, start + rows * cols) for start, rows, cols in layout(sizes)]
        J += _regularization(lambda_ / (2 * m), [nn_params[w] for w in weights])
        for w in weights:
            grad[w] += (lambda_ / m) * nn_params[w]  # §2.5: no λ on the bias column
    return float(J), grad


def _regularization(scale, weights):
    """scale * Σ_l Σ_{j, k >= 1} Theta(l)_jk² (§1.4: the bias columns left out), given
    each Theta(l)'s weights without its bias column, as flat arrays.

    Where the squares overflow but the product with a small ``scale`` need not, the
    sum is taken on w / max |w| and scaled back.
    """
    total = scale * sum(np.vdot(w, w) for w in weights)
    if np.isfinite(total):
        return total
    largest = max(np.abs(w).max(initial=0.0) for w in weights)
    unit = sum(np.vdot(w / largest, w / largest) for w in weights)
    return (scale * largest) * largest * unit


def _backprop_rows(Thetas, X, y, Theta_grads, hidden):
    """The handout's steps 1-4 for the examples in the rows of X, all at once (§1.3, §1.4, §2.3).

    Returns Σ_i of the cost terms, and writes Δ(l) = Σ_i δ(l+1) a(l)' into
    ``Theta_grads``.  The handout loops over examples; here each example is a row,
    so the sum over i is a matrix product.  No activation carries its bias unit: the
    bias column's products are done apart (``+ Theta[:, 0]`` forward, ``1' delta``
    backward), which saves copying X into ``[ones(m, 1) X]``.  ``hidden`` is the hidden
    layers' sigmoid (:func:`ex4.sigmoid.formulation`).  The (rows x units)
    arrays are buffers kept from call to call (see :func:`_workspace`).
    """
    m = X.shape[0]
    with _workspace(m, Thetas) as ws:
        # y_k = 1 at row i, column y(i) - 1 (label k is column k - 1); as flat indices.
        true_class = np.arange(m) * Thetas[-1].shape[0] + (y - 1)

        # Step 1, feedforward (§1.3): z(l+1) = a(l) Theta(l)', a(l+1) = g(z(l+1)).
        a = [X]  # a(1) = X, (m, s_1)
        for Theta, buf, g_prime in zip(Thetas[:-1], ws.a, ws.g_prime):
            a.append(_hidden_layer(hidden, a[-1], Theta, out=buf))  # a(l+1), (m, s_l+1)
            # g'(z(l+1)) = a(l+1) (1 - a(l+1)) for step 3, now, while a(l+1) is in this core's cache.
            derivative_from_output(a[-1], out=g_prime)
        z_out = _weighted_input(a[-1], Thetas[-1], out=ws.z_out)  # z(L), (m, K)

        # Cost (§1.4) and step 2, δ(L) = a(L) - y.
        cost_sum, delta = _cross_entropy_and_delta(z_out, true_class, ws)

        # Steps 3-4, from the last layer back.
        for l in reversed(range(len(Thetas))):
            Theta, Theta_grad = Thetas[l], Theta_grads[l]
            # Step 4: Δ(l) = Σ_i δ(l+1) a(l)' = delta' [1 a(l)]; the bias unit's column of ones
            # gives Δ's first column, 1' delta (as a product, BLAS sums it 5x faster than np.sum).
            np.matmul(ws.ones, delta, out=Theta_grad[:, 0])
            # Δ[:, 1:] = delta' a(l): BLAS is fastest writing a row-major buffer; then a
            # small copy into grad's column-major storage.
            Theta_grad[:, 1:] = np.matmul(delta.T, a[l], out=ws.Delta[l])
            if l > 0:
                # Step 3: δ(l) = δ(l+1) Theta(l)[:, 1:] .* g'(z(l)): the bias column of Theta is
                # dropped (the handout's δ_0 is discarded).  a(l) is not needed any more: δ(l) takes its place.
                delta = np.matmul(delta, Theta[:, 1:], out=ws.a[l - 1])
                delta *= ws.g_prime[l - 1]
        return float(cost_sum)


def _weighted_input(a_prev, Theta, out):
    """z = [1 a_prev] Theta' without building [1 a_prev]: a_prev Theta[:, 1:]' + Theta[:, 0]."""
    z = np.matmul(a_prev, Theta[:, 1:].T, out=out)
    z += Theta[:, 0]
    return z


def _hidden_layer(hidden, a_prev, Theta, out):
    """a = g(z) for z = [1 a_prev] Theta', in ``out``, by the formulation ``hidden``.

    A formulation that takes -z gets it straight from the product with -Theta (a copy
    the size of Theta, not of z).
    """
    if hidden.takes_negated:
        w = np.matmul(a_prev, np.negative(Theta[:, 1:]).T, out=out)
        w -= Theta[:, 0]
    else:
        w = _weighted_input(a_prev, Theta, out=out)
    return hidden(w, out=out)


def _cross_entropy_and_delta(z_out, true_class, ws):
    """Σ_i Σ_k cost terms and δ(L) = h - y, finite for every finite z(L); overwrites z_out.

    Each term is -log σ(z) for the true class and -log(1 - σ(z)) = -log σ(-z) for the
    others, that is softplus(w) = log(1 + e^w) with w = -z at the true class and w = z
    elsewhere.  softplus(w) = max(w, 0) + log(1 + e^-|w|) never takes log(0), so the
    cost stays finite where σ saturates, and every term is >= 0.  One exponential
    serves both the cost and h = σ(z) (:func:`ex4.sigmoid.logistic_and_softplus_tail`).
    """
    h, softplus_tail = logistic_and_softplus_tail(z_out, ws.h, ws.tail, ws.e, ws.mask)  # |w| = |z|

    w = z_out.reshape(-1)  # z(L) is not needed any more: w overwrites it
    w[true_class] *= -1.0
    np.maximum(w, 0.0, out=w)
    cost_sum = w.sum() + softplus_tail.sum()

    # δ(L) = h - y: subtract 1 where y_k = 1, without building the (m, K) one-hot matrix.
    h.reshape(-1)[true_class] -= 1.0
    return cost_sum, h


def buffer_bytes(m, sizes):
    """Bytes of the (m x units) arrays an evaluation keeps (:class:`_Buffers`): a(l) and δ(l)
    for each hidden layer, five for the output layer."""
    return 8 * m * (2 * sum(sizes[1:-1]) + 5 * sizes[-1])


class _Buffers:
    """The (rows x units) arrays of one evaluation, kept for the next one."""

    def __init__(self, m, Thetas):
        self.key = (m, tuple(T.shape for T in Thetas))
        hidden, K = [T.shape[0] for T in Thetas[:-1]], Thetas[-1].shape[0]
        self.a = [np.empty((m, s)) for s in hidden]  # a(2)..a(L-1), then δ(2)..δ(L-1)
        self.g_prime = [np.empty((m, s)) for s in hidden]  # g'(z(2))..g'(z(L-1))
        self.z_out, self.e, self.h, self.tail = (np.empty((m, K)) for _ in range(4))
        self.mask = np.empty((m, K))  # 1.0 where z(L) >= 0
        self.Delta = [np.empty((T.shape[0], T.shape[1] - 1)) for T in Thetas]  # Δ(l)[:, 1:]
        self.ones = np.ones(m)
        self.busy = False


_local = threading.local()


@contextlib.contextmanager
def _workspace(m, Thetas):
    """Buffers for m rows and these Thetas' shapes, reused while they stay the same.

    Training calls nnCostFunction a hundred times with the same shapes.  Fresh
    (rows x units) arrays on every call cost more than the arithmetic done in them:
    the allocator hands each one back to the operating system when it is freed, and
    the next one starts with page faults (a third of the evaluation time for the
    digits).  One set per thread, so that threads stay apart; and a call that starts
    while the same thread's buffers are still in use (a signal handler, or a debugger
    stopped inside one, evaluating another network) gets fresh ones, so the call it
    interrupted finds its own intact.  Nothing in them is returned to the caller.
    """
    buffers = getattr(_local, "buffers", None)
    if buffers is not None and buffers.busy:  # re-entered: these belong to the call interrupted
        buffers = _Buffers(m, Thetas)
    elif buffers is None or buffers.key != (m, tuple(T.shape for T in Thetas)):
        buffers = _local.buffers = _Buffers(m, Thetas)
    buffers.busy = True
    try:
        yield buffers
    finally:
        buffers.busy = False
