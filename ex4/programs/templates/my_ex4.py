"""Exercise 4, Neural Networks Learning: your three functions.

Fill in each block marked YOUR CODE HERE, then run the exercise on your functions
and grade them, from this folder:

    ex4 --impl my_ex4.py                # every part of ex4.m, on your code
    ex4-submit my_ex4.py                # the course's five graded parts, offline

Until a block is filled in it returns a placeholder of the right shape (zeros), so
this file runs from start to end as it is: the numbers are simply wrong.

The conventions are the course's: labels y run 1..num_labels (for the digits, 10
stands for the digit 0), and the weights travel as one vector, MATLAB's
[Theta1(:); Theta2(:)], unrolled column by column: numpy's order="F".
"""

import numpy as np

from ex4 import sigmoid  # g(z) = 1 / (1 + e^-z), given, as sigmoid.m is in the course


def sigmoidGradient(z):
    """The derivative of the sigmoid, g'(z), element by element (ex4.pdf §2.1).

    Parameters
    ----------
    z : float or ndarray, any shape

    Returns
    -------
    g : ndarray, the same shape as z
        g'(z) = g(z) (1 - g(z)), with g the sigmoid.  At z = 0 it is exactly 0.25;
        for large |z| it is close to 0.
    """
    z = np.asarray(z, dtype=float)
    g = np.zeros(z.shape)

    # ====================== YOUR CODE HERE ======================
    # Compute the gradient of the sigmoid at each value of z (z may be a number,
    # a vector or a matrix), using the sigmoid imported above.

    # =============================================================
    return g


def randInitializeWeights(L_in, L_out):
    """Random initial weights for a layer with L_in inputs and L_out outputs (ex4.pdf §2.2).

    Parameters
    ----------
    L_in, L_out : int
        Units in the layer before and in the layer after, bias units not counted.

    Returns
    -------
    W : ndarray, shape (L_out, 1 + L_in)
        Uniform on [-epsilon_init, epsilon_init]; the first column holds the
        weights of the bias unit.
    """
    W = np.zeros((L_out, 1 + L_in))

    # ====================== YOUR CODE HERE ======================
    # Draw W at random so that the units start out different (equal weights would
    # keep every hidden unit identical for ever).  epsilon_init = 0.12 is a good
    # choice here; np.random.rand(rows, cols) is uniform on [0, 1).

    # =============================================================
    return W


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
    """The cost of a two-layer network and its gradient (ex4.pdf §1.3-1.4, §2.3, §2.5).

    Parameters
    ----------
    nn_params : ndarray, shape (n,)
        Theta1 and Theta2 unrolled column by column, one after the other.
    input_layer_size : int
        Input units, bias not counted (400 for the digits).
    hidden_layer_size : int
        Hidden units, bias not counted (25 in the exercise).
    num_labels : int
        Output units K (10 for the digits).
    X : ndarray, shape (m, input_layer_size)
        One example per row.
    y : ndarray, shape (m,)
        Labels 1..K.
    lambda_ : float
        Regularization strength.

    Returns
    -------
    J : float
        The cost.
    grad : ndarray, shape (n,)
        The partial derivatives of J, unrolled like nn_params.

    What to do, in three parts
    --------------------------
    Part 1, the cost (§1.3, §1.4).  Feed X forward: a1 is X with a column of ones in
    front (m x (input_layer_size + 1)); z2 = a1 Theta1'; a2 is sigmoid(z2) with a
    column of ones in front; z3 = a2 Theta2'; h = a3 = sigmoid(z3), shape (m, K).
    Turn y into an m x K matrix Y of zeros and ones: row i has its 1 in column
    y[i] - 1 (Python counts columns from 0, the labels from 1).  Then

        J = 1/m sum over i and k of ( -Y log(h) - (1 - Y) log(1 - h) )

    Part 2, the gradient by backpropagation (§2.3, steps 1-5).  For each example,
    or for all rows at once:
        delta3 = a3 - Y                                    (m x K)
        delta2 = (delta3 Theta2)[:, 1:] * sigmoidGradient(z2)   (drop the bias column)
        Delta1 = delta2' a1,  Delta2 = delta3' a2          (sums over the examples)
        Theta1_grad = Delta1 / m,  Theta2_grad = Delta2 / m
    Check it with: ex4 --impl my_ex4.py (the part "Checking Backpropagation").

    Part 3, regularization (§1.4, §2.5).  Add lambda / (2m) times the sum of the
    squares of every weight except the first column (the bias weights) of Theta1
    and Theta2 to J, and lambda / m times Theta (again with the first column left
    out, set to zero) to Theta1_grad and Theta2_grad.
    """
    # The weights, back in matrix form: MATLAB's reshape, column by column.
    split = hidden_layer_size * (input_layer_size + 1)
    Theta1 = np.reshape(nn_params[:split], (hidden_layer_size, input_layer_size + 1), order="F")
    Theta2 = np.reshape(nn_params[split:], (num_labels, hidden_layer_size + 1), order="F")
    m = X.shape[0]

    # What you need to set:
    J = 0
    Theta1_grad = np.zeros(Theta1.shape)
    Theta2_grad = np.zeros(Theta2.shape)

    # ====================== YOUR CODE HERE ======================
    # Parts 1, 2 and 3 of the docstring: set J, Theta1_grad and Theta2_grad.

    # =============================================================

    # Unroll the gradients as nn_params is unrolled: column by column, Theta1 first.
    grad = np.concatenate([Theta1_grad.ravel(order="F"), Theta2_grad.ravel(order="F")])
    return J, grad
