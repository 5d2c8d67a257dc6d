"""The gradient's regularization uses a mask over the unrolled vector, whose bias entries are zeroed through a reshape without order='F' (row-major), so the wrong entries are excluded from (lambda/m)*Theta.

First fix: order='f' | order="f" | column-major | column major | fortran
First failing part: 5
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
    n1 = hidden_layer_size * (input_layer_size + 1)
    Theta1 = nn_params[:n1].reshape((hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    a3 = sigmoid(a2 @ Theta2.T)

    Y = np.eye(num_labels)[y.astype(int) - 1]
    J = np.sum(-Y * np.log(a3) - (1 - Y) * np.log(1 - a3)) / m

    # regularization mask on the unrolled parameters: 0 on the bias weights, 1 elsewhere
    mask = np.ones_like(nn_params)
    mask[:n1].reshape(hidden_layer_size, input_layer_size + 1)[:, 0] = 0
    mask[n1:].reshape(num_labels, hidden_layer_size + 1)[:, 0] = 0

    J += lambda_ / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    d3 = a3 - Y
    d2 = (d3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = d2.T @ a1 / m
    Theta2_grad = d3.T @ a2 / m

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    grad = grad + (lambda_ / m) * nn_params * mask
    return J, grad
