import numpy as np
from sigmoid import sigmoid
from sigmoidGradient import sigmoidGradient


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels,
                   X, y, lambda_):
    """Implements the neural network cost function for a two layer neural network
    which performs classification. Returns (J, grad), grad unrolled like nn_params."""
    # Reshape nn_params back into the parameters Theta1 and Theta2
    Theta1 = np.reshape(nn_params[:hidden_layer_size * (input_layer_size + 1)],
                        (hidden_layer_size, input_layer_size + 1), order='F')
    Theta2 = np.reshape(nn_params[hidden_layer_size * (input_layer_size + 1):],
                        (num_labels, hidden_layer_size + 1), order='F')
    m = X.shape[0]

    # Part 1: feedforward
    a1 = np.hstack([np.ones((m, 1)), X])
    z2 = a1 @ Theta1.T
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])
    z3 = a2 @ Theta2.T
    a3 = sigmoid(z3)

    y_matrix = np.eye(num_labels)[np.asarray(y).astype(int).ravel() - 1]

    J = (1 / m) * np.sum(-y_matrix * np.log(a3) - (1 - y_matrix) * np.log(1 - a3))
    reg = np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2)
    J = J + (lambda_ / (2 * m)) * reg

    # Part 2: backpropagation
    delta3 = a3 - y_matrix
    delta2 = (delta3 @ Theta2[:, 1:]) * sigmoidGradient(z2)
    Delta1 = delta2.T @ a1
    Delta2 = delta3.T @ a2

    # Part 3: regularization
    Theta1_grad = Delta1 / m
    Theta2_grad = Delta2 / m
    Theta1_grad[:, 1:] = Theta1_grad[:, 1:] + (lambda_ / m) * Theta1[:, 1:]
    Theta2_grad[:, 1:] = Theta2_grad[:, 1:] + (lambda_ / m) * Theta2[:, 1:]

    grad = np.concatenate([Theta1_grad.ravel(order='F'), Theta2_grad.ravel(order='F')])
    return J, grad
