import numpy as np

from ex4 import predict


def test_picks_the_largest_output_as_label_1_to_K():
    # Identity-like network: hidden unit j copies input j; output k reads hidden k with weight 10.
    Theta1 = np.hstack([np.zeros((3, 1)), 10 * np.eye(3)])
    Theta2 = np.hstack([-5 * np.ones((3, 1)), 10 * np.eye(3)])
    X = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, 1.0, 0]])
    np.testing.assert_array_equal(predict(Theta1, Theta2, X), [1, 3, 2])


def test_deeper_network():
    Theta1 = np.hstack([np.zeros((2, 1)), 10 * np.eye(2)])
    Theta2 = np.hstack([np.zeros((2, 1)), 10 * np.eye(2)])
    Theta3 = np.hstack([np.zeros((2, 1)), 10 * np.array([[0, 1.0], [1.0, 0]])])
    X = np.array([[1.0, 0], [0, 1.0]])
    np.testing.assert_array_equal(predict(Theta1, Theta2, X, Theta3), [2, 1])


def test_accuracy_with_the_course_weights(digits, course_weights):
    from course_values import REBUILT_ACCURACY
    X, y = digits
    accuracy = np.mean(predict(*course_weights, X) == y) * 100
    assert f"{accuracy:.2f}" == f"{REBUILT_ACCURACY:.2f}"
