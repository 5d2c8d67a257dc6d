"""MATLAB habit: the cost is taken with a single Python built-in sum() over the m x K matrix, which (like MATLAB's sum) only sums the columns, so J comes back as a vector of K numbers.

First fix: np.sum | sum(sum | double sum | .sum() | both axes | every entry | all entries | scalar | sum over the outputs too
First failing part: 1
"""
import numpy as np
from numpy import log


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    return np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    # Reshape nn_params back into Theta1 and Theta2 (column-major, as Theta(:) in Octave)
    Theta1 = nn_params[0:hidden_layer_size * (input_layer_size + 1)].reshape(
        hidden_layer_size, input_layer_size + 1, order='F')
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(
        num_labels, hidden_layer_size + 1, order='F')
    m = X.shape[0]

    a1 = np.column_stack((np.ones(m), X))
    z2 = a1 @ Theta1.T
    a2 = np.column_stack((np.ones(m), sigmoid(z2)))
    z3 = a2 @ Theta2.T
    h = sigmoid(z3)

    # recode the labels: yy(i, :) = (1:num_labels) == y(i)
    yy = np.array([np.arange(1, num_labels + 1) == yi for yi in y], dtype=float)

    J = (1 / m) * sum(-yy * log(h) - (1 - yy) * log(1 - h))
    J = J + (lambda_ / (2 * m)) * (sum(sum(Theta1[:, 1:] ** 2)) + sum(sum(Theta2[:, 1:] ** 2)))

    d3 = h - yy
    d2 = (d3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = (d2.T @ a1) / m
    Theta2_grad = (d3.T @ a2) / m
    Theta1_grad[:, 1:] = Theta1_grad[:, 1:] + (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] = Theta2_grad[:, 1:] + (lambda_ / m) * Theta2[:, 1:]

    grad = np.hstack((Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')))
    return J, grad
