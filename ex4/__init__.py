"""ex4: Exercise 4 of Andrew Ng's Machine Learning course ("Neural Networks Learning") in Python.

The course's functions keep their names and argument order::

    from ex4 import nnCostFunction, sigmoid, sigmoidGradient, randInitializeWeights, \\
        debugInitializeWeights, computeNumericalGradient, checkNNGradients, predict, displayData

Parameters travel as one vector, ``[Theta1(:); Theta2(:)]`` unrolled column-major
(see :mod:`ex4.params`); labels run 1..K, and for the digits 10 stands for 0.
"""

from .cost import nnCostFunction
from .display import displayData
from .gradcheck import checkNNGradients
from .numgrad import computeNumericalGradient
from .predict import predict
from .sigmoid import sigmoid, sigmoidGradient
from .weights import debugInitializeWeights, randInitializeWeights

__all__ = [
    "nnCostFunction",
    "sigmoid",
    "sigmoidGradient",
    "randInitializeWeights",
    "debugInitializeWeights",
    "computeNumericalGradient",
    "checkNNGradients",
    "predict",
    "displayData",
]
