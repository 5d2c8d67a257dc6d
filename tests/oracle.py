"""An independent implementation to check nnCostFunction against.

Written from ex4.pdf, one example at a time, with none of the package's code: the
course's formulas for the cost (log of the sigmoid, a one-hot y), the per-example
backpropagation of §2.3 (steps 1-5, an accumulator Delta per layer), and central
differences.  Slow and plain on purpose.
"""

import numpy as np


def g(z):
    return 1.0 / (1.0 + np.exp(-z))


def unpack(nn_params, sizes):
    Thetas, start = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        count = n_out * (n_in + 1)
        Thetas.append(np.reshape(nn_params[start:start + count], (n_out, n_in + 1), order="F"))
        start += count
    return Thetas


def cost(nn_params, sizes, X, y, lambda_):
    """J by the course's formula (§1.4), example by example."""
    Thetas = unpack(nn_params, sizes)
    m, K = X.shape[0], sizes[-1]
    J = 0.0
    for i in range(m):
        a = X[i]
        for Theta in Thetas:
            a = g(Theta @ np.concatenate([[1.0], a]))
        yk = np.zeros(K)
        yk[int(y[i]) - 1] = 1.0
        J += np.sum(-yk * np.log(a) - (1 - yk) * np.log(1 - a))
    J /= m
    J += lambda_ / (2 * m) * sum(np.sum(Theta[:, 1:] ** 2) for Theta in Thetas)
    return J


def backprop(nn_params, sizes, X, y, lambda_):
    """The gradient by the handout's loop: for each example, steps 1-4, then step 5."""
    Thetas = unpack(nn_params, sizes)
    m, K = X.shape[0], sizes[-1]
    Deltas = [np.zeros_like(Theta) for Theta in Thetas]
    for t in range(m):
        # Step 1: forward, keeping a(l) with its bias unit.
        activations = [np.concatenate([[1.0], X[t]])]
        zs = []
        for Theta in Thetas:
            z = Theta @ activations[-1]
            zs.append(z)
            activations.append(np.concatenate([[1.0], g(z)]))
        a_out = activations[-1][1:]
        # Step 2: delta of the output layer.
        yk = np.zeros(K)
        yk[int(y[t]) - 1] = 1.0
        delta = a_out - yk
        # Steps 3-4: back through the layers, accumulating.
        for l in range(len(Thetas) - 1, -1, -1):
            Deltas[l] += np.outer(delta, activations[l])
            if l > 0:
                full = Thetas[l].T @ delta * np.concatenate([[1.0], g(zs[l - 1]) * (1 - g(zs[l - 1]))])
                delta = full[1:]  # skip delta_0
    # Step 5, with regularization (§2.5).
    grads = []
    for Theta, Delta in zip(Thetas, Deltas):
        grad = Delta / m
        grad[:, 1:] += lambda_ / m * Theta[:, 1:]
        grads.append(grad)
    return np.concatenate([grad.ravel(order="F") for grad in grads])


def central_differences(f, theta, e=1e-5):
    grad = np.zeros_like(theta)
    for p in range(theta.size):
        step = np.zeros_like(theta)
        step[p] = e
        grad[p] = (f(theta + step) - f(theta - step)) / (2 * e)
    return grad
