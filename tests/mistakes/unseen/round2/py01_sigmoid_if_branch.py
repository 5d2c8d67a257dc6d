"""Hand-written "numerically stable" sigmoid branches with a Python `if z >= 0`, which only works for scalars (ValueError: truth value of an array is ambiguous).

First fix: np.where | vectoriz | element-wise | elementwise | expit | boolean mask | truth value | ambiguous
First failing part: 1
"""
import numpy as np


def sigmoid(z):
    # numerically stable version so exp never overflows (saw this on StackOverflow)
    if z >= 0:
        return 1.0 / (1.0 + np.exp(-z))
    else:
        ez = np.exp(z)
        return ez / (1.0 + ez)


def sigmoidGradient(z):
    g = sigmoid(z)
    return g * (1 - g)


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    W = np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init
    return W


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    Theta1 = nn_params[:hidden_layer_size * (input_layer_size + 1)].reshape(
        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[hidden_layer_size * (input_layer_size + 1):].reshape(
        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    # feedforward
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    z3 = a2 @ Theta2.T
    a3 = sigmoid(z3)

    y_matrix = np.eye(num_labels)[y.astype(int) - 1]

    J = (1 / m) * np.sum(-y_matrix * np.log(a3) - (1 - y_matrix) * np.log(1 - a3))
    J += (lambda_ / (2 * m)) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    # backprop
    delta3 = a3 - y_matrix
    delta2 = (delta3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Theta1_grad = (delta2.T @ a1) / m
    Theta2_grad = (delta3.T @ a2) / m
    Theta1_grad[:, 1:] += (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] += (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
