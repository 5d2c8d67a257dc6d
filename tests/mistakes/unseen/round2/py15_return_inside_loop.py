"""Indentation: the end of the function (dividing the accumulators by m, regularizing, unrolling and `return J, grad`) is indented inside the backprop for-loop, so it returns after the first example.

First fix: indent | outside the loop | after the loop | inside the loop | first example | one example | dedent
First failing part: 4
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
    Theta1 = nn_params[:hidden_layer_size * (input_layer_size + 1)].reshape(
        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(
        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    # ---- cost (vectorized) ----
    A1 = np.hstack([np.ones((m, 1)), X])
    A2 = np.hstack([np.ones((m, 1)), sigmoid(A1 @ Theta1.T)])
    H = sigmoid(A2 @ Theta2.T)
    Y = np.zeros((m, num_labels))
    for i in range(m):
        Y[i, int(y[i]) - 1] = 1
    J = np.sum(-Y * np.log(H) - (1 - Y) * np.log(1 - H)) / m
    J += lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    # ---- backpropagation (loop over the examples) ----
    Delta1 = np.zeros(Theta1.shape)
    Delta2 = np.zeros(Theta2.shape)
    for t in range(m):
        a1 = A1[t]
        z2 = Theta1 @ a1
        a2 = np.concatenate(([1.0], sigmoid(z2)))
        a3 = sigmoid(Theta2 @ a2)
        delta3 = a3 - Y[t]
        delta2 = (Theta2[:, 1:].T @ delta3) * sigmoidGradient(z2)
        Delta1 += np.outer(delta2, a1)
        Delta2 += np.outer(delta3, a2)

        Theta1_grad = Delta1 / m
        Theta2_grad = Delta2 / m
        Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
        Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

        grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
        return J, grad
