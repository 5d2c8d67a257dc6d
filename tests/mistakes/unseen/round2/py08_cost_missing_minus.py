"""The leading minus sign of the cross-entropy is lost: J = (1/m) * sum(y log h + (1-y) log(1-h)), a negative cost (the gradient is right).

First fix: minus | negative | -1 | sign | -(1 / m) | -(1/m) | -y
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
    Theta1 = nn_params[:hidden_layer_size * (input_layer_size + 1)].reshape(
        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(
        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    X1 = np.insert(X, 0, 1, axis=1)
    z2 = np.dot(X1, Theta1.T)
    a2 = np.insert(sigmoid(z2), 0, 1, axis=1)
    z3 = np.dot(a2, Theta2.T)
    a3 = sigmoid(z3)

    y_vec = np.zeros((m, num_labels))
    for i in range(m):
        y_vec[i, int(y[i]) - 1] = 1

    J = (1 / m) * np.sum(y_vec * np.log(a3) + (1 - y_vec) * np.log(1 - a3))
    J = J + (lambda_ / (2 * m)) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    delta3 = a3 - y_vec
    delta2 = np.dot(delta3, Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = np.dot(delta2.T, X1) / m
    Theta2_grad = np.dot(delta3.T, a2) / m
    Theta1_grad[:, 1:] += (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] += (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
