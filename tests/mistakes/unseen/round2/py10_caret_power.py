"""MATLAB habit: squares written with ^ (Theta1(:,2:).^2 became Theta1[:, 1:]^2), which is bitwise XOR in Python and raises a TypeError on floats; hidden at lambda = 0 by an `if lambda_:` guard.

First fix: ** | np.square | power | xor | bitwise
First failing part: 2
"""
import numpy as np
from ex4 import sigmoid


def sigmoidGradient(z):
    g = sigmoid(z)
    return g * (1 - g)


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    return np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = np.reshape(nn_params[hidden_layer_size * (input_layer_size + 1):],
                        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    z3 = a2 @ Theta2.T
    a3 = sigmoid(z3)

    y_matrix = np.zeros((m, num_labels))
    y_matrix[np.arange(m), y.astype(int) - 1] = 1

    J = 1 / m * np.sum(-y_matrix * np.log(a3) - (1 - y_matrix) * np.log(1 - a3))

    if lambda_:
        J = J + lambda_ / (2 * m) * (np.sum(Theta1[:, 1:]^2) + np.sum(Theta2[:, 1:]^2))

    delta3 = a3 - y_matrix
    delta2 = (delta3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = delta2.T @ a1 / m
    Theta2_grad = delta3.T @ a2 / m

    if lambda_:
        Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
        Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.r_[Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')]
    return J, grad
