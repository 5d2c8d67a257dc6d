import numpy as np
from sigmoid import sigmoid
from sigmoidGradient import sigmoidGradient


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    """NNCOSTFUNCTION Implements the neural network cost function for a two layer
    neural network which performs classification. Returns (J, grad)."""
    # Reshape nn_params back into the parameters Theta1 and Theta2
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = np.reshape(nn_params[hidden_layer_size * (input_layer_size + 1):],
                        (num_labels, hidden_layer_size + 1), order='F')

    m = X.shape[0]

    # Part 1: feedforward the neural network and return the cost in J
    a1 = np.concatenate([np.ones((m, 1)), X], axis=1)
    z2 = a1.dot(Theta1.T)
    a2 = np.concatenate([np.ones((m, 1)), sigmoid(z2)], axis=1)
    z3 = a2.dot(Theta2.T)
    a3 = sigmoid(z3)

    y_matrix = np.zeros((m, num_labels))
    y_matrix[np.arange(m), y - 1] = 1

    J = (1 / m) * np.sum(-y_matrix * np.log(a3) - (1 - y_matrix) * np.log(1 - a3))
    J = J + (lambda_ / (2 * m)) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))

    # Part 2: backpropagation
    d3 = a3 - y_matrix
    d2 = d3.dot(Theta2[:, 1:]) * sigmoidGradient(z2)
    Delta1 = d2.T.dot(a1)
    Delta2 = d3.T.dot(a2)
    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m

    # Part 3: regularized gradient (not for the bias column)
    Theta1_grad_reg = Theta1_grad.copy()
    Theta2_grad_reg = Theta2_grad.copy()
    Theta1_grad_reg[:, 1:] += (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad_reg[:, 1:] += (lambda_ / m) * Theta2[:, 1:]

    # Unroll gradients
    grad = np.concatenate([Theta1_grad_reg.ravel(order='F'), Theta2_grad_reg.ravel(order='F')])
    return J, grad
