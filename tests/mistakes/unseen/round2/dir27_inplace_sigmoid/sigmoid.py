import numpy as np


def sigmoid(z):
    """SIGMOID Compute sigmoid function, in place to avoid temporaries
    on the 5000 x 25 matrices."""
    z *= -1
    np.exp(z, out=z)
    z += 1
    return 1.0 / z
