"""Exercise 4, written as a learner would from the handout (ex4.pdf §1.3-1.4, §2.1-2.5).

The cost's regularization sums Theta1 twice (a copy and paste), Theta2 never.

First fix: Theta1 & Theta2 & both | Theta2 & 0 time | Theta2 & missing
First failing part: 2
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    z = np.asarray(z, dtype=float)
    g = sigmoid(z) * (1 - sigmoid(z))
    return g


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    return np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, input_layer_size + 1), order="F")
    Theta2 = np.reshape(nn_params[hidden_layer_size * (input_layer_size + 1):],
                        (num_labels, hidden_layer_size + 1), order="F")
    m = X.shape[0]
    y = np.asarray(y).ravel()

    # Part 1: feedforward and cost (§1.3, §1.4)
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    z3 = a2 @ Theta2.T
    h = sigmoid(z3)
    Y = np.eye(num_labels)[y.astype(int) - 1]
    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    J += lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta1[:, 1:] ** 2))

    # Part 2: backpropagation (§2.3)
    delta3 = h - Y
    delta2 = (delta3 @ Theta2)[:, 1:] * sigmoidGradient(z2)
    Delta1 = delta2.T @ a1
    Delta2 = delta3.T @ a2
    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m

    # Part 3: regularization (§2.5)
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order="F"), Theta2_grad.ravel(order="F")])
    return J, grad
