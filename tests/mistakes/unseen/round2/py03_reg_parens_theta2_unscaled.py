"""Missing parentheses around the two sums in the cost's regularization: lambda/(2m) multiplies only the Theta1 sum, and the Theta2 sum of squares is added unscaled (even when lambda = 0).

First fix: parenthes | bracket | both sums | whole sum | lambda_ / (2 * m) * (
First failing part: 1
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoidGradient(z):
    g = np.zeros(np.shape(z))
    g = sigmoid(z) * (1 - sigmoid(z))
    return g


def randInitializeWeights(L_in, L_out):
    W = np.zeros((L_out, 1 + L_in))
    epsilon_init = 0.12
    W = np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init
    return W


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, (input_layer_size + 1)), order='F')
    Theta2 = np.reshape(nn_params[(hidden_layer_size * (input_layer_size + 1)):],
                        (num_labels, (hidden_layer_size + 1)), order='F')
    m = y.size

    a1 = np.concatenate([np.ones((m, 1)), X], axis=1)
    z2 = a1 @ Theta1.T
    a2 = np.concatenate([np.ones((m, 1)), sigmoid(z2)], axis=1)
    a3 = sigmoid(a2 @ Theta2.T)

    y_matrix = y.reshape(-1).astype(int)
    y_matrix = np.eye(num_labels)[y_matrix - 1]

    temp1 = Theta1
    temp2 = Theta2

    J = (-1 / m) * np.sum(np.log(a3) * y_matrix + np.log(1 - a3) * (1 - y_matrix))
    reg_term = lambda_ / (2 * m) * np.sum(np.square(temp1[:, 1:])) + np.sum(np.square(temp2[:, 1:]))
    J = J + reg_term

    delta_3 = a3 - y_matrix
    delta_2 = delta_3.dot(Theta2)[:, 1:] * sigmoidGradient(z2)
    Delta1 = delta_2.T.dot(a1)
    Delta2 = delta_3.T.dot(a2)

    Theta1_grad = (1 / m) * Delta1
    Theta1_grad[:, 1:] = Theta1_grad[:, 1:] + (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad = (1 / m) * Delta2
    Theta2_grad[:, 1:] = Theta2_grad[:, 1:] + (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
