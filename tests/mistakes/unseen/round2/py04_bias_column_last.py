"""The add-bias helper appends the column of ones at the end (np.column_stack((A, ones))) instead of putting it first, so every layer's bias multiplies the wrong weight column.

First fix: first column | prepend | at the front | beginning | left | column 0 | np.ones((m, 1)), x | before the
First failing part: 1
"""
import numpy as np
from ex4 import sigmoid


def sigmoidGradient(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def randInitializeWeights(L_in, L_out):
    epsilon_init = np.sqrt(6) / np.sqrt(L_in + L_out)
    return np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def add_bias(A):
    """Add the bias unit (a column of ones) to a matrix of activations."""
    return np.column_stack((A, np.ones(A.shape[0])))


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    n1 = hidden_layer_size * (input_layer_size + 1)
    Theta1 = nn_params[:n1].reshape((hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order='F')
    m = len(X)

    a1 = add_bias(X)
    z2 = a1 @ Theta1.T
    a2 = add_bias(sigmoid(z2))
    z3 = a2 @ Theta2.T
    a3 = sigmoid(z3)

    labels = np.arange(1, num_labels + 1)
    Y = (np.ravel(y)[:, None] == labels).astype(float)

    cost = -Y * np.log(a3) - (1 - Y) * np.log(1 - a3)
    J = cost.sum() / m
    J += lambda_ / (2 * m) * ((Theta1[:, 1:] ** 2).sum() + (Theta2[:, 1:] ** 2).sum())

    delta3 = a3 - Y
    delta2 = (delta3 @ Theta2[:, 1:]) * sigmoidGradient(z2)

    Theta1_grad = delta2.T @ a1 / m
    Theta2_grad = delta3.T @ a2 / m
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
