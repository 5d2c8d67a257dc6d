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


def test_predict_is_not_fooled_by_an_output_sum_that_overflows():
    # Eight hidden units, all at 1.0; output 2's weights sum to exactly 0, but term by term
    # they overflow (+inf and -inf: NaN). The true outputs are z = [0, -1]: label 1.
    T1 = np.zeros((8, 2))
    T1[:, 1] = 1.0
    T2 = np.zeros((2, 9))
    T2[1, 0] = -1.0
    T2[1, 1:] = [1e308, -1e308] * 4
    assert predict(T1, T2, np.array([[50.0]])).tolist() == [1]


def test_predict_tells_apart_outputs_that_the_sigmoid_rounds_to_one():
    # z = [40, 41]: sigma gives 1.0 for both in floating point; the label is 2.
    T1 = np.array([[0.0, 1.0]])  # one hidden unit, sigmoid(x) = 1.0 for x = 50
    T2 = np.array([[40.0, 0.0], [41.0, 0.0]])
    assert predict(T1, T2, np.array([[50.0]])).tolist() == [2]
