"""Only Theta1_grad is divided by m; Theta2_grad = Delta2 is left as the raw accumulated sum (the /m line was written once and not repeated).

First fix: theta2_grad & / m | theta2_grad & /m | theta2_grad & 1/m | delta2 / m | delta2/m | theta2 & divide | theta2 & divided by m
First failing part: 4
"""
import numpy as np
from ex4 import sigmoid


def sigmoidGradient(z):
    sg = sigmoid(z)
    return sg * (1 - sg)


def randInitializeWeights(L_in, L_out):
    epsilon_init = 0.12
    return np.random.rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    t1_size = hidden_layer_size * (input_layer_size + 1)
    Theta1 = nn_params[:t1_size].reshape((hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = nn_params[t1_size:].reshape((num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    a1 = np.c_[np.ones((m, 1)), X]
    z2 = a1 @ Theta1.T
    a2 = np.c_[np.ones((m, 1)), sigmoid(z2)]
    a3 = sigmoid(a2 @ Theta2.T)

    Y = np.zeros((m, num_labels))
    Y[range(m), (y - 1).astype(int)] = 1

    J = (-Y * np.log(a3) - (1 - Y) * np.log(1 - a3)).sum() / m
    J += lambda_ / (2 * m) * ((Theta1[:, 1:] ** 2).sum() + (Theta2[:, 1:] ** 2).sum())

    delta3 = a3 - Y
    delta2 = (delta3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Delta1 = delta2.T @ a1
    Delta2 = delta3.T @ a2

    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2
    Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
    Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
