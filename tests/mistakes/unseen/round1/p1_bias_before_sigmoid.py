"""The hidden layer's bias column is added before the sigmoid is applied (a2 = sigmoid([1, z2])), so the bias unit is sigmoid(1) = 0.73 instead of 1.

First fix: after the sigmoid | after applying the sigmoid | after applying sigmoid | sigmoid(1) | 0.73 | ones after | bias & after
First failing part: 1
"""

import numpy as np
from ex4 import sigmoid


def sigmoidGradient(z):
    g = sigmoid(z) * (1 - sigmoid(z))
    return g


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    W = np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init
    return W


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    split = hidden_layer_size * (input_layer_size + 1)
    Theta1 = np.reshape(nn_params[:split], (hidden_layer_size, input_layer_size + 1), order="F")
    Theta2 = np.reshape(nn_params[split:], (num_labels, hidden_layer_size + 1), order="F")
    m = X.shape[0]

    # Part 1: feedforward
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = sigmoid(np.hstack([np.ones((m, 1)), z2]))
    z3 = a2 @ Theta2.T
    a3 = sigmoid(z3)

    # labels as one-hot rows (label k -> column k-1)
    Y = np.eye(num_labels)[y - 1]

    J = np.sum(-Y * np.log(a3) - (1 - Y) * np.log(1 - a3)) / m
    J += lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    # Part 2: backpropagation
    delta3 = a3 - Y
    delta2 = (delta3 @ Theta2)[:, 1:] * sigmoidGradient(z2)
    Delta1 = delta2.T @ a1
    Delta2 = delta3.T @ a2

    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m

    # Part 3: regularization (bias column left alone)
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order="F"), Theta2_grad.ravel(order="F")])
    return J, grad
