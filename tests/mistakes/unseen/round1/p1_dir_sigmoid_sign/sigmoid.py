import numpy as np


def sigmoid(z):
    """SIGMOID Compute sigmoid function: g = 1 / (1 + e^-z), element by element."""
    g = np.zeros(np.shape(z))
    g = 1.0 / (1.0 + np.exp(z))
    return g
