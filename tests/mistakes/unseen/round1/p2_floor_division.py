"""The cost's regularization factor uses floor division, lambda_ // (2 * m), which is 0 whenever lambda < 2m (1.5 // 32 = 0.0), so the term vanishes.

First fix: floor division | // | true division | integer division | lambda_ / (2 * m)
First failing part: 2
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    g = sigmoid(z)
    return g * (1 - g)


def randInitializeWeights(L_in, L_out):
    epsilon_init = np.sqrt(6) / np.sqrt(L_in + L_out)
    return np.random.uniform(-epsilon_init, epsilon_init, (L_out, L_in + 1))


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    Theta1 = nn_params[:hidden_layer_size * (input_layer_size + 1)].reshape(
        (hidden_layer_size, input_layer_size + 1), order="F")
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(
        (num_labels, hidden_layer_size + 1), order="F")
    m = X.shape[0]

    J = 0
    Theta1_grad = np.zeros(Theta1.shape)
    Theta2_grad = np.zeros(Theta2.shape)

    # one example at a time, as in the handout's for-loop
    for i in range(m):
        a1 = np.concatenate(([1.0], X[i, :]))
        z2 = Theta1 @ a1
        a2 = np.concatenate(([1.0], sigmoid(z2)))
        z3 = Theta2 @ a2
        a3 = sigmoid(z3)

        yk = np.zeros(num_labels)
        yk[y[i] - 1] = 1

        J += np.sum(-yk * np.log(a3) - (1 - yk) * np.log(1 - a3))

        d3 = a3 - yk
        d2 = (Theta2[:, 1:].T @ d3) * sigmoidGradient(z2)
        Theta1_grad += np.outer(d2, a1)
        Theta2_grad += np.outer(d3, a2)

    J = J / m
    Theta1_grad = Theta1_grad / m
    Theta2_grad = Theta2_grad / m

    # regularization
    J += (lambda_ // (2 * m)) * (np.sum(np.square(Theta1[:, 1:])) + np.sum(np.square(Theta2[:, 1:])))
    Theta1_grad[:, 1:] += (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] += (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate((Theta1_grad.ravel(order="F"), Theta2_grad.ravel(order="F")))
    return J, grad
