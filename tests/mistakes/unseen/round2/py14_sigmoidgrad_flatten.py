"""sigmoidGradient starts with z = np.array(z).flatten() "so it also works for scalars and lists", which returns a flat vector instead of an array of z's shape (harmless in the per-example loop, wrong for a matrix).

First fix: flatten | ravel | same shape | keep & shape | shape of z | 1-d | one-dimensional | flat
First failing part: 3
"""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoidGradient(z):
    z = np.array(z).flatten()   # so it also works for a scalar or a list
    g = sigmoid(z)
    return g * (1 - g)


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

    cost = 0.0
    D1 = np.zeros_like(Theta1)
    D2 = np.zeros_like(Theta2)
    for i in range(m):
        a1 = np.r_[1.0, X[i]]
        z2 = Theta1 @ a1
        a2 = np.r_[1.0, sigmoid(z2)]
        a3 = sigmoid(Theta2 @ a2)

        yv = (np.arange(1, num_labels + 1) == y[i]).astype(float)
        cost += -yv @ np.log(a3) - (1 - yv) @ np.log(1 - a3)

        d3 = a3 - yv
        d2 = (Theta2[:, 1:].T @ d3) * sigmoidGradient(z2)
        D2 += np.outer(d3, a2)
        D1 += np.outer(d2, a1)

    J = cost / m + lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    Theta1_grad = D1 / m
    Theta2_grad = D2 / m
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]
    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
