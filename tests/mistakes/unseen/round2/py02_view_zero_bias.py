"""Zeroes the bias columns "for the regularization" through a plain assignment (Theta1_reg = Theta1), which is a view, before the forward pass, so the network runs with zero bias weights.

First fix: copy | .copy() | np.copy | view | alias | same array | same object
First failing part: 1
"""
import numpy as np
from ex4 import sigmoid


def sigmoidGradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


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

    # the bias weights are not regularized: prepare versions with the first column zeroed
    Theta1_reg = Theta1
    Theta1_reg[:, 0] = 0
    Theta2_reg = Theta2
    Theta2_reg[:, 0] = 0

    # Part 1: feedforward
    a1 = np.c_[np.ones(m), X]
    z2 = a1.dot(Theta1.T)
    a2 = np.c_[np.ones(m), sigmoid(z2)]
    z3 = a2.dot(Theta2.T)
    h = sigmoid(z3)

    Y = np.zeros((m, num_labels))
    for i in range(m):
        Y[i, int(y[i]) - 1] = 1

    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    J += lambda_ / (2 * m) * (np.sum(Theta1_reg ** 2) + np.sum(Theta2_reg ** 2))

    # Part 2: backpropagation
    d3 = h - Y
    d2 = d3.dot(Theta2[:, 1:]) * sigmoidGradient(z2)
    Delta1 = d2.T.dot(a1)
    Delta2 = d3.T.dot(a2)

    Theta1_grad = Delta1 / m + lambda_ / m * Theta1_reg
    Theta2_grad = Delta2 / m + lambda_ / m * Theta2_reg

    grad = np.concatenate((Theta1_grad.flatten(order='F'), Theta2_grad.flatten(order='F')))
    return J, grad
