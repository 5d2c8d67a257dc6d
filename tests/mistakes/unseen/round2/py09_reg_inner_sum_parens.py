"""A closing parenthesis in the wrong place in the cost's regularization: np.sum(Theta1[:,1:]**2 + np.sum(Theta2[:,1:]**2)) adds the Theta2 total to every entry of Theta1 before summing.

First fix: parenthes | bracket | separately | np.sum(theta1[:, 1:] ** 2) + np.sum | two sums | each sum
First failing part: 2
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoidGradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


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

    a1 = np.hstack((np.ones((m, 1)), X))
    z2 = a1 @ Theta1.T
    a2 = np.hstack((np.ones((m, 1)), sigmoid(z2)))
    a3 = sigmoid(a2 @ Theta2.T)

    Y = np.eye(num_labels)[np.asarray(y, dtype=int).ravel() - 1]

    J = -np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)) / m
    reg = np.sum(Theta1[:, 1:] ** 2 + np.sum(Theta2[:, 1:] ** 2))
    J = J + lambda_ / (2 * m) * reg

    d3 = a3 - Y
    d2 = d3 @ Theta2[:, 1:] * sigmoidGradient(z2)
    Theta1_grad = d2.T @ a1 / m
    Theta2_grad = d3.T @ a2 / m
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    return J, np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
