"""The notebook port's own utils.py, as it sits beside a learner's notebook in the port (written
here in its style: it imports the port's online grader from the parent folder)."""

TEXT = '''import sys
import numpy as np
from matplotlib import pyplot

sys.path.append('..')
from submission import SubmissionBase


def displayData(X, example_width=None, figsize=(10, 10)):
    pass


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def debugInitializeWeights(fan_out, fan_in):
    W = np.sin(np.arange(1, 1 + (1 + fan_in) * fan_out)) / 10.0
    return W.reshape(fan_out, 1 + fan_in, order='F')


class Grader(SubmissionBase):
    def __init__(self):
        super().__init__('neural-network-learning', 'ex4', [])
'''
