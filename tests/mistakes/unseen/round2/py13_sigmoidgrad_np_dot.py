"""sigmoidGradient multiplies with np.dot(g, 1 - g) (MATLAB's .* read as a product): for the loop's 1-D z it silently returns one scalar, for a matrix it fails.

First fix: element-wise | elementwise | np.multiply | .* | dot product | np.dot | matrix product
First failing part: 3
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoidGradient(z):
    g = sigmoid(z)
    return np.dot(g, 1 - g)


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

    J = 0
    Theta1_grad = np.zeros(Theta1.shape)
    Theta2_grad = np.zeros(Theta2.shape)

    for t in range(m):
        a1 = np.hstack(([1], X[t]))
        z2 = np.dot(Theta1, a1)
        a2 = np.hstack(([1], sigmoid(z2)))
        z3 = np.dot(Theta2, a2)
        a3 = sigmoid(z3)

        yk = np.zeros(num_labels)
        yk[int(y[t]) - 1] = 1

        J = J + np.sum(-yk * np.log(a3) - (1 - yk) * np.log(1 - a3))

        delta3 = a3 - yk
        delta2 = np.dot(Theta2[:, 1:].T, delta3) * sigmoidGradient(z2)

        Theta2_grad = Theta2_grad + np.outer(delta3, a2)
        Theta1_grad = Theta1_grad + np.outer(delta2, a1)

    J = J / m + lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    Theta1_grad = Theta1_grad / m
    Theta2_grad = Theta2_grad / m
    Theta1_grad[:, 1:] = Theta1_grad[:, 1:] + lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] = Theta2_grad[:, 1:] + lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate((Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')))
    return J, grad
