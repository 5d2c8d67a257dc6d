"""Bad input: every public function names the argument, what it expected and what arrived.

BAD_INPUTS lists each distinct bad input tried here, with the error it must raise.
"""

from fractions import Fraction

import numpy as np
import pytest

from ex4 import (checkNNGradients, computeNumericalGradient, debugInitializeWeights, displayData,
                 nnCostFunction, predict, randInitializeWeights, sigmoid, sigmoidGradient)
from ex4.params import reshape_params, unroll_params
from ex4.train import check_method, train

P = unroll_params([debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)])  # 3-5-3: 38 values
X = debugInitializeWeights(5, 2)  # 5 x 3
Y = np.array([2, 3, 1, 2, 3])


def cost(p=P, i=3, h=5, k=3, X=X, y=Y, lam=0.0):
    return nnCostFunction(p, i, h, k, X, y, lam)


def with_value(a, index, value):
    a = np.array(a, dtype=float)
    a[index] = value
    return a


T1, T2 = debugInitializeWeights(5, 3), debugInitializeWeights(3, 5)

BAD_INPUTS = [
    # nnCostFunction: nn_params
    ("nn_params too short", lambda: cost(p=P[:-1]), ValueError,
     r"nn_params: expected length 5\*\(3\+1\) \+ 3\*\(5\+1\) = 38 for layer sizes 3-5-3, got length 37"),
    ("nn_params for other sizes", lambda: nnCostFunction(np.zeros(100), 400, 25, 10, np.zeros((2, 400)), [1, 2], 0),
     ValueError, r"expected length 25\*\(400\+1\) \+ 10\*\(25\+1\) = 10285 for layer sizes 400-25-10, got length 100"),
    ("nn_params a matrix", lambda: cost(p=np.zeros((2, 19))), ValueError, r"nn_params: expected a 1-D vector"),
    ("nn_params with NaN", lambda: cost(p=with_value(P, 4, np.nan)), ValueError,
     r"nn_params: expected finite numbers, got NaN at index \(4,\)"),
    ("nn_params with infinity", lambda: cost(p=with_value(P, 0, np.inf)), ValueError,
     r"nn_params: expected finite numbers, got infinity"),
    ("nn_params text", lambda: cost(p="abc"), TypeError, r"nn_params: expected a numeric array"),
    # X
    ("X 1-D", lambda: cost(X=X[0]), ValueError, r"X: expected a 2-D matrix \(one example per row\), got 1-D shape \(3,\)"),
    ("X with a wrong column count", lambda: cost(X=X[:, :2]), ValueError,
     r"X: expected 3 columns \(input_layer_size = 3\), got shape \(5, 2\)"),
    ("X empty", lambda: cost(X=np.zeros((0, 3)), y=[]), ValueError, r"X: expected at least one example"),
    ("X with NaN", lambda: cost(X=with_value(X, (1, 2), np.nan)), ValueError,
     r"X: expected finite numbers, got NaN at index \(1, 2\)"),
    ("X with infinity", lambda: cost(X=with_value(X, (3, 0), -np.inf)), ValueError,
     r"X: expected finite numbers, got infinity at index \(3, 0\)"),
    # y
    ("y too short", lambda: cost(y=Y[:4]), ValueError, r"y: expected 5 labels, one per row of X, got 4"),
    ("y a matrix", lambda: cost(y=np.ones((5, 2))), ValueError, r"y: expected a vector of 5 labels"),
    ("y not whole numbers", lambda: cost(y=[1, 2, 2.5, 1, 1]), ValueError, r"y: expected whole-number labels 1\.\.3, got 2\.5"),
    ("y 0-based", lambda: cost(y=[0, 1, 2, 0, 1]), ValueError,
     r"y: expected labels in 1\.\.3 \(num_labels = 3\), got 0; labels are 1-based as in the course "
     r"\(for the digits, 10 stands for the digit 0\), so 0-based labels need y \+ 1"),
    ("y above num_labels", lambda: cost(y=[1, 2, 4, 1, 1]), ValueError, r"y: expected labels in 1\.\.3 \(num_labels = 3\), got 4$"),
    ("y with NaN", lambda: cost(y=[1, 2, np.nan, 1, 1]), ValueError, r"y: expected finite numbers, got NaN"),
    # lambda_
    ("lambda_ negative", lambda: cost(lam=-1), ValueError, r"lambda_: expected a finite number >= 0, got -1\.0"),
    ("lambda_ NaN", lambda: cost(lam=np.nan), ValueError, r"lambda_: expected a finite number >= 0, got nan"),
    ("lambda_ infinite", lambda: cost(lam=np.inf), ValueError, r"lambda_: expected a finite number >= 0, got inf"),
    ("lambda_ text", lambda: cost(lam="1"), TypeError, r"lambda_: expected a number >= 0, got '1' \(str\)"),
    # layer sizes
    ("input_layer_size 0", lambda: cost(i=0), ValueError, r"input_layer_size: expected a positive whole number, got 0"),
    ("hidden_layer_size fractional", lambda: cost(h=2.5), ValueError, r"hidden_layer_size: expected a positive whole number, got 2\.5"),
    ("hidden_layer_size negative in a sequence", lambda: cost(h=(5, -1)), ValueError, r"hidden_layer_size\[1\]: expected a positive whole number, got -1"),
    ("hidden_layer_size empty", lambda: cost(h=()), ValueError, r"hidden_layer_size: expected at least one hidden layer size"),
    ("num_labels text", lambda: cost(k="3"), TypeError, r"num_labels: expected a positive whole number, got '3' \(str\)"),
    ("num_labels bool", lambda: cost(k=True), TypeError, r"num_labels: expected a positive whole number, got True"),
    # randInitializeWeights, debugInitializeWeights
    ("epsilon_init 0", lambda: randInitializeWeights(3, 2, epsilon_init=0), ValueError, r"epsilon_init: expected a finite number > 0, got 0\.0"),
    ("epsilon_init negative", lambda: randInitializeWeights(3, 2, epsilon_init=-0.1), ValueError, r"epsilon_init: expected a finite number > 0"),
    ("L_in 0", lambda: randInitializeWeights(0, 2), ValueError, r"L_in: expected a positive whole number, got 0"),
    ("L_out fractional", lambda: randInitializeWeights(3, 1.5), ValueError, r"L_out: expected a positive whole number, got 1\.5"),
    ("rng of another kind", lambda: randInitializeWeights(3, 2, rng="seed"), TypeError, r"rng: expected None, a whole-number seed or a numpy Generator"),
    ("fan_out 0", lambda: debugInitializeWeights(0, 2), ValueError, r"fan_out: expected a positive whole number, got 0"),
    ("fan_in negative", lambda: debugInitializeWeights(2, -1), ValueError, r"fan_in: expected a whole number >= 0, got -1"),
    # sigmoid, sigmoidGradient
    ("sigmoid of text", lambda: sigmoid("a"), TypeError, r"z: expected a numeric array, got 'a' \(str\)"),
    ("sigmoidGradient of NaN", lambda: sigmoidGradient([0.0, np.nan]), ValueError, r"z: expected numbers, got NaN"),
    # computeNumericalGradient, checkNNGradients
    ("J not callable", lambda: computeNumericalGradient(3.0, np.zeros(2)), TypeError, r"J: expected a function of theta, got 3\.0"),
    ("theta a matrix", lambda: computeNumericalGradient(np.sum, np.zeros((2, 2))), ValueError, r"theta: expected a 1-D vector of parameters, got shape \(2, 2\)"),
    ("theta with NaN", lambda: computeNumericalGradient(np.sum, np.array([0.0, np.nan])), ValueError, r"theta: expected finite numbers, got NaN"),
    ("e 0", lambda: computeNumericalGradient(np.sum, np.zeros(2), e=0), ValueError, r"e: expected a finite number > 0, got 0\.0"),
    ("J returning text", lambda: computeNumericalGradient(lambda t: "x", np.zeros(2)), TypeError, r"J: expected J\(theta\) to return a number or \(cost, grad\), got 'x'"),
    ("checkNNGradients lambda_ negative", lambda: checkNNGradients(-3, verbose=False), ValueError, r"lambda_: expected a finite number >= 0, got -3\.0"),
    ("checkNNGradients m 0", lambda: checkNNGradients(0, m=0, verbose=False), ValueError, r"m: expected a positive whole number, got 0"),
    # predict
    ("predict Thetas that do not chain", lambda: predict(T1, debugInitializeWeights(3, 4), X), ValueError,
     r"Theta2: expected 6 columns \(1 \+ the 5 rows of Theta1\), got shape \(3, 5\); the Thetas' shapes do not chain"),
    ("predict Theta1 1-D", lambda: predict(T1[0], T2, X), ValueError, r"Theta1: expected a 2-D weight matrix, got 1-D shape \(4,\)"),
    ("predict Theta with NaN", lambda: predict(with_value(T1, (0, 0), np.nan), T2, X), ValueError, r"Theta1: expected finite numbers, got NaN"),
    ("predict X of the wrong width", lambda: predict(T1, T2, np.zeros((2, 5))), ValueError, r"X: expected 3 columns \(columns of Theta1 - 1 = 3\), got shape \(2, 5\)"),
    ("predict Theta3 that does not chain", lambda: predict(T1, T2, X, debugInitializeWeights(2, 4)), ValueError, r"Theta3: expected 4 columns \(1 \+ the 3 rows of Theta2\)"),
    # displayData
    ("displayData of text", lambda: displayData("pixels"), TypeError, r"X: expected a numeric array"),
    ("displayData width not dividing", lambda: displayData(np.ones((2, 10)), example_width=3), ValueError, r"example_width: expected a divisor of the 10 columns of X, got 3"),
    ("displayData with NaN", lambda: displayData(with_value(np.ones((2, 4)), (0, 1), np.nan)), ValueError, r"X: expected finite numbers, got NaN at index \(0, 1\)"),
    # training
    ("method BFGS", lambda: check_method("BFGS"), ValueError, r"method: BFGS keeps a dense n x n matrix \(10285 x 10285 = 846 MB"),
    ("method unknown", lambda: check_method("simplex"), ValueError, r"method: expected one of L-BFGS-B, CG, TNC, got 'simplex'"),
    ("maxiter 0", lambda: train(X, Y, 3, 5, 3, maxiter=0), ValueError, r"maxiter: expected a positive whole number, got 0"),
    # What numpy would take without a word (complex, masked, dates, strings of digits) or fail on naming nothing.
    ("nn_params complex", lambda: cost(p=P + 1j), TypeError, r"nn_params: expected real numbers, got complex values"),
    ("X complex", lambda: cost(X=X + 0j), TypeError, r"X: expected real numbers, got complex values"),
    ("y complex", lambda: cost(y=Y + 0j), TypeError, r"y: expected real numbers, got complex values"),
    ("predict Theta1 complex", lambda: predict(T1 + 1j, T2, X), TypeError, r"Theta1: expected real numbers, got complex"),
    ("sigmoid of complex", lambda: sigmoid(np.array([1 + 5j])), TypeError, r"z: expected real numbers, got complex"),
    ("displayData of complex", lambda: displayData(np.ones((2, 4)) + 1j), TypeError, r"X: expected real numbers, got complex"),
    ("X masked", lambda: cost(X=np.ma.masked_array(X, mask=X > 0)), TypeError,
     r"X: expected a plain numeric array, got a masked array \(its mask would be ignored\)"),
    ("nn_params datetime64", lambda: cost(p=np.array(["2020-01-01"] * 38, dtype="datetime64[D]")), TypeError,
     r"nn_params: expected a numeric array, got an array of shape \(38,\) and dtype datetime64\[D\]"),
    ("nn_params numeric strings", lambda: cost(p=[str(v) for v in P]), TypeError, r"nn_params: expected a numeric array, got an array of shape \(38,\) and dtype <U"),
    ("X a list mixing strings", lambda: cost(X=[[1, 2, "3"]] * 5), TypeError, r"X: expected a numeric array"),
    ("unroll_params of a bare matrix", lambda: unroll_params(T1), TypeError,
     r"thetas: expected a list of weight matrices \[Theta1, Theta2, \.\.\.\], got an array of shape \(5, 4\)"),
    ("unroll_params of None", lambda: unroll_params(None), TypeError, r"thetas: expected a list of weight matrices"),
    ("unroll_params of nothing", lambda: unroll_params([]), ValueError, r"thetas: expected at least one weight matrix"),
    ("unroll_params of text", lambda: unroll_params([T1, "abc"]), TypeError, r"thetas\[1\] \(Theta2\): expected a numeric array"),
    ("unroll_params with NaN", lambda: unroll_params([with_value(T1, (0, 0), np.nan)]), ValueError, r"thetas\[0\] \(Theta1\): expected finite numbers, got NaN"),
    ("unroll_params of a 3-D array", lambda: unroll_params([np.zeros((2, 2, 2))]), ValueError, r"thetas\[0\] \(Theta1\): expected a 2-D weight matrix, got 3-D"),
    ("reshape_params with extra values", lambda: reshape_params(np.arange(100.0), (2, 3, 2)), ValueError,
     r"nn_params: expected length 3\*\(2\+1\) \+ 2\*\(3\+1\) = 17 for layer sizes 2-3-2, got length 100"),
    ("reshape_params sizes None", lambda: reshape_params(P, None), TypeError, r"sizes: expected the units of each layer"),
    ("reshape_params sizes too few", lambda: reshape_params(P, [38]), TypeError, r"sizes: expected the units of each layer, inputs first, at least two"),
    ("reshape_params size 0", lambda: reshape_params(P, (3, 0, 3)), ValueError, r"sizes\[1\]: expected a positive whole number, got 0"),
    ("reshape_params of text", lambda: reshape_params("abc", (3, 5, 3)), TypeError, r"nn_params: expected a numeric array"),
    ("reshape_params with NaN", lambda: reshape_params(with_value(P, 3, np.nan), (3, 5, 3)), ValueError, r"nn_params: expected finite numbers, got NaN"),
    ("reshape_params of a 3-D array", lambda: reshape_params(np.zeros((2, 19, 1)), (3, 5, 3)), ValueError, r"nn_params: expected a 1-D vector"),
    ("lambda_ too large for a float", lambda: cost(lam=10 ** 400), ValueError, r"lambda_: expected a number >= 0, got a number too large for a float \(100000\.\.\.\(401 digits\)\)"),
    ("lambda_ array of a bool", lambda: cost(lam=np.array([True])), TypeError, r"lambda_: expected a number >= 0, got .*bool"),
    ("lambda_ array of text", lambda: cost(lam=np.array(["1"])), TypeError, r"lambda_: expected a number >= 0, got an array of shape \(1,\) and dtype <U1"),
    ("input_layer_size too large", lambda: cost(i=10 ** 400), ValueError, r"input_layer_size: expected a positive whole number below 2\*\*31, got 100000\.\.\.\(401 digits\)"),
    ("input_layer_size a Fraction", lambda: cost(i=Fraction(3)), TypeError, r"input_layer_size: expected a positive whole number, got Fraction\(3, 1\) \(Fraction\)"),
    ("maxiter too large", lambda: train(X, Y, 3, 5, 3, maxiter=10 ** 400), ValueError, r"maxiter: expected a positive whole number below 2\*\*31"),
    ("epsilon_init too large for a float", lambda: randInitializeWeights(3, 2, epsilon_init=10 ** 400), ValueError, r"epsilon_init: expected a number > 0, got a number too large for a float"),
    ("L_out too large for memory", lambda: randInitializeWeights(400, 100_000_000), ValueError,
     r"L_out: a 100000000 x 401 weight matrix needs about [\d.e+]+ GiB, more than the [\d.]+ GiB of memory available here"),
    ("hidden layer too large for memory", lambda: train(X, Y, 3, 100_000_000, 3, rng=0), ValueError,
     r"hidden_layer_size: a 3-100000000-3 network needs about [\d.e+]+ GiB, more than"),
    ("train initial_params of the wrong length", lambda: train(X, Y, 3, 5, 3, initial_params=np.zeros(5)), ValueError,
     r"initial_params: expected length 5\*\(3\+1\) \+ 3\*\(5\+1\) = 38"),
    ("train callback not callable", lambda: train(X, Y, 3, 5, 3, callback=5), TypeError, r"callback: expected a function callback\(iteration, cost\), got 5"),
    ("displayData whose width was not passed", lambda: displayData(np.ones((2, 401))), ValueError,
     r"X: expected rows that are images of width x height pixels; 401 columns are not a multiple of the default "
     r"width round\(sqrt\(401\)\) = 20: pass example_width"),
    ("lambda_ whose regularization overflows", lambda: cost(p=P * 1e160, lam=1e300), ValueError,
     r"lambda_: the regularization term overflows with lambda_ = 1e\+300 and weights up to [\d.e+]+ \(without it the cost is"),
    ("training diverging with a huge lambda_", lambda: train(X, Y, 3, 5, 3, lambda_=1e308, rng=0), ValueError,
     r"lambda_: training with L-BFGS-B diverged after \d+ iterations: the optimizer stepped to parameters that are not finite"),
]


@pytest.mark.parametrize("call, error, message", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_names_of_bad_inputs_are_distinct():
    names = [b[0] for b in BAD_INPUTS]
    assert len(names) == len(set(names))


def test_a_nan_in_X_is_named_even_though_checked_after_the_math():
    # nnCostFunction checks X's finiteness only when its result is not finite; an
    # infinity whose products saturate the sigmoid must still reach the gradient.
    Xbig = X.copy()
    Xbig[0, 0] = np.inf
    with pytest.raises(ValueError, match=r"X: expected finite numbers, got infinity at index \(0, 0\)"):
        nnCostFunction(np.ones_like(P), 3, 5, 3, Xbig, Y, 0)
