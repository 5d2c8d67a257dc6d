"""Loop implementation where the regularization term of the cost is added inside the per-example loop (indentation), so it is counted m times.

First fix: outside the loop | after the loop | indent | once | m times | inside the loop
First failing part: 2
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

    J = 0.0
    Delta1 = np.zeros_like(Theta1)
    Delta2 = np.zeros_like(Theta2)
    reg = np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2)

    for i in range(m):
        a1 = np.append(1, X[i])
        z2 = Theta1 @ a1
        a2 = np.append(1, sigmoid(z2))
        a3 = sigmoid(Theta2 @ a2)

        yi = np.zeros(num_labels)
        yi[int(y[i]) - 1] = 1

        J += (1 / m) * np.sum(-yi * np.log(a3) - (1 - yi) * np.log(1 - a3))
        J += lambda_ / (2 * m) * reg

        d3 = a3 - yi
        d2 = (Theta2[:, 1:].T @ d3) * sigmoidGradient(z2)
        Delta2 += np.outer(d3, a2)
        Delta1 += np.outer(d2, a1)

    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
