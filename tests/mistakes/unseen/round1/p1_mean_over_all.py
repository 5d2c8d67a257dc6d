"""The cost is np.mean of the whole m x K matrix of terms, which divides by m*K instead of summing over the K classes and dividing by m.

First fix: divide by m | / m | sum over k | sum over the classes | sum over all | sum over both | m*K | m * K | np.sum | np.mean | factor of K | factor K
First failing part: 1
"""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoidGradient(z):
    return sigmoid(z) * (1 - sigmoid(z))


def randInitializeWeights(L_in, L_out):
    eps = 0.12
    return np.random.rand(L_out, L_in + 1) * 2 * eps - eps


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    n1 = hidden_layer_size * (input_layer_size + 1)
    Theta1 = np.reshape(nn_params[:n1], (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = np.reshape(nn_params[n1:], (num_labels, hidden_layer_size + 1), order='F')
    m = len(y)

    # recode the labels as vectors of 0s and 1s
    Y = np.zeros((m, num_labels))
    for k in range(1, num_labels + 1):
        Y[:, k - 1] = (y == k)

    # forward propagation
    a1 = np.c_[np.ones(m), X]
    z2 = np.dot(a1, Theta1.T)
    a2 = np.c_[np.ones(m), sigmoid(z2)]
    z3 = np.dot(a2, Theta2.T)
    h = sigmoid(z3)

    cost = -Y * np.log(h) - (1 - Y) * np.log(1 - h)
    J = np.mean(cost)

    t1 = Theta1[:, 1:]
    t2 = Theta2[:, 1:]
    J = J + lambda_ / (2 * m) * (np.sum(t1 ** 2) + np.sum(t2 ** 2))

    # back propagation
    d3 = h - Y
    d2 = np.dot(d3, t2) * sigmoidGradient(z2)
    Theta1_grad = np.dot(d2.T, a1) / m
    Theta2_grad = np.dot(d3.T, a2) / m

    Theta1_grad[:, 1:] = Theta1_grad[:, 1:] + (lambda_ / m) * t1
    Theta2_grad[:, 1:] = Theta2_grad[:, 1:] + (lambda_ / m) * t2

    grad = np.concatenate([Theta1_grad.flatten('F'), Theta2_grad.flatten('F')])
    return J, grad
