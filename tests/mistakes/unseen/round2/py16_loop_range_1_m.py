"""MATLAB 1-based habit in the backprop loop: `for t in range(1, m)` (from for t = 1:m) skips the first example (row 0) in the accumulated gradient.

First fix: range(m) | range(0, m) | first example | row 0 | index 0 | skip | 0-based | zero-based
First failing part: 4
"""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    return np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    Theta1 = nn_params[:hidden_layer_size * (input_layer_size + 1)].reshape(
        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(
        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    # Part 1: feedforward and cost, vectorized
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    a3 = sigmoid(a2 @ Theta2.T)
    y_matrix = np.eye(num_labels)[y.astype(int) - 1]
    J = (1.0 / m) * np.sum(-y_matrix * np.log(a3) - (1 - y_matrix) * np.log(1 - a3))
    J += (lambda_ / (2.0 * m)) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    # Part 2: backpropagation, for t = 1:m as in ex4.pdf
    Delta1 = np.zeros(Theta1.shape)
    Delta2 = np.zeros(Theta2.shape)
    for t in range(1, m):
        a1_t = a1[t, :]
        z2_t = z2[t, :]
        a2_t = a2[t, :]
        a3_t = a3[t, :]
        d3 = a3_t - y_matrix[t, :]
        d2 = (Theta2[:, 1:].T @ d3) * sigmoidGradient(z2_t)
        Delta2 += np.outer(d3, a2_t)
        Delta1 += np.outer(d2, a1_t)

    # Part 3: regularization
    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m
    Theta1_grad[:, 1:] += (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] += (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
