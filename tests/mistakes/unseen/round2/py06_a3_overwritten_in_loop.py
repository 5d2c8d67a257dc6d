"""The backprop loop reuses the names a1/a2/a3 of the vectorized forward pass for one example, and the cost is computed after the loop, so it uses only the last example's a3 (broadcast over all rows).

First fix: overwrit | rename | shadow | before the loop | different name | reuse | last example
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
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = np.reshape(nn_params[hidden_layer_size * (input_layer_size + 1):],
                        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    # forward propagation for all the examples
    a1 = np.hstack((np.ones((m, 1)), X))
    a2 = np.hstack((np.ones((m, 1)), sigmoid(a1 @ Theta1.T)))
    a3 = sigmoid(a2 @ Theta2.T)

    Y = np.zeros((m, num_labels))
    Y[np.arange(m), y.astype(int) - 1] = 1

    # backpropagation, one example at a time (ex4.pdf section 2.3)
    Delta1 = np.zeros(Theta1.shape)
    Delta2 = np.zeros(Theta2.shape)
    for t in range(m):
        a1 = np.concatenate(([1], X[t, :]))
        z2 = Theta1 @ a1
        a2 = np.concatenate(([1], sigmoid(z2)))
        z3 = Theta2 @ a2
        a3 = sigmoid(z3)
        delta3 = a3 - Y[t, :]
        delta2 = (Theta2.T @ delta3)[1:] * sigmoidGradient(z2)
        Delta1 = Delta1 + np.outer(delta2, a1)
        Delta2 = Delta2 + np.outer(delta3, a2)

    # cost
    J = (1 / m) * np.sum(-Y * np.log(a3) - (1 - Y) * np.log(1 - a3))
    J += (lambda_ / (2 * m)) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m
    Theta1_grad[:, 1:] += (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] += (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate((Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')))
    return J, grad
