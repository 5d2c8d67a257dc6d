"""The one-hot label matrix is built as uint8 (astype(np.uint8), to save memory), so -Y wraps around to 255 instead of -1 in the cost.

First fix: float | uint8 | unsigned | dtype | wrap | overflow | 255
First failing part: 1
"""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    sz = sigmoid(z)
    return sz * (1 - sz)


def randInitializeWeights(L_in, L_out):
    eps = 0.12
    return np.random.uniform(-eps, eps, size=(L_out, L_in + 1))


def one_hot(y, num_labels):
    """m x K matrix of 0/1 (labels 1..K), stored compactly."""
    y = np.asarray(y).ravel()
    return (y[:, np.newaxis] == np.arange(1, num_labels + 1)).astype(np.uint8)


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    split = hidden_layer_size * (input_layer_size + 1)
    Theta1 = nn_params[:split].reshape((hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[split:].reshape((num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    h = sigmoid(a2 @ Theta2.T)

    Y = one_hot(y, num_labels)

    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    J += lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    d3 = h - Y
    d2 = (d3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = d2.T @ a1 / m
    Theta2_grad = d3.T @ a2 / m
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
