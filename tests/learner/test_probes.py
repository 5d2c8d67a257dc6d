"""The probes (ex4/diagnosis/probes.py, inputs.py, forms.py): inputs designed so that one term of the math shows alone.

First the design itself, against values worked out here by hand (every h = 1/2 at weights 0,
g'(0) = 1/4, the cost of known h): then one learner's function per slip, written here in the
handout's style with none of the package's code, each read by the probes in this process (as
--impl and the gradient check read them) and named by the reading that names its fix.
"""

import itertools
import math

import numpy as np
import pytest

from ex4.diagnosis import forms, inputs
from ex4.diagnosis.probes import PROBES, Prober


def g(z):
    return 1.0 / (1.0 + np.exp(-z))


# -- the design, by hand -------------------------------------------------------------------------

def test_every_weight_zero_makes_every_h_one_half_and_the_cost_k_log_2():
    probe = PROBES["zero"]
    J, grad = probe.expected()
    K, m = probe.Thetas[1].shape[0], probe.m
    assert J == pytest.approx(K * math.log(2), abs=1e-12)
    n1 = probe.Thetas[0].size
    assert not grad[:n1].any()  # delta(2) = (delta(3) Theta2)(:, 2:end) .* g' = 0 where Theta2 = 0
    Y = np.eye(K)[probe.y - 1]
    by_hand = sum(np.outer(0.5 - Y[i], [1, 0.5, 0.5, 0.5]) for i in range(m)) / m
    assert np.allclose(grad[n1:], by_hand.ravel(order="F"), atol=1e-15)


def test_the_output_biases_alone_give_a_cost_of_known_terms():
    probe = PROBES["outputs"]
    b = inputs.BIASES
    h = g(b)
    Y = np.eye(3)[probe.y - 1]
    by_hand = np.mean([np.sum(-Y[i] * np.log(h) - (1 - Y[i]) * np.log(1 - h)) for i in range(probe.m)])
    assert probe.expected()[0] == pytest.approx(by_hand, abs=1e-12)


def test_one_hidden_unit_alone_can_be_read_back_from_the_cost():
    probe = PROBES["hidden"]
    J = probe.expected()[0]
    by_hand = -math.log(g(inputs.OMEGA * g(inputs.BETA))) + math.log(2)  # label 1: output 2 is 1/2, y = 0 there
    assert J == pytest.approx(by_hand, abs=1e-12)
    read = Prober(lambda p: p.expected()).hidden_activation()
    assert read == []  # the course's own function: its activation is g(0.9), nothing to say


def test_theta1_zero_makes_g_prime_of_z2_one_quarter_in_theta1_grad():
    probe = PROBES["backward"]
    Theta1, Theta2 = probe.Thetas
    m = probe.m
    h = g(np.hstack([np.ones((m, 1)), np.full((m, 3), 0.5)]) @ Theta2.T)
    delta2 = ((h - np.eye(3)[probe.y - 1]) @ Theta2)[:, 1:] * 0.25
    by_hand = delta2.T @ np.hstack([np.ones((m, 1)), probe.X]) / m
    assert np.allclose(probe.expected()[1][:Theta1.size], by_hand.ravel(order="F"), atol=1e-15)


def test_the_cost_forms_tell_apart_everything_but_the_sigmoids_own_symmetry():
    # g(-z) = 1 - g(z): a sigmoid with the sign flipped and the logs swapped is the course's cost, and
    # the logs swapped with the right sigmoid is the sign flipped with the right logs. Every other
    # pair of forms (and scales) gives other numbers on the two probes.
    zero, outputs = PROBES["zero"], PROBES["outputs"]
    values = {}
    for y_form, output, terms in itertools.product(forms.Y_FORMS, forms.OUTPUTS, forms.TERMS):
        values[y_form, output, terms] = (forms.cost_value(zero, y_form, output, terms),
                                         forms.cost_value(outputs, y_form, output, terms))
    course = values["one-hot", "sigmoid", "both terms"]
    same = [k for k, v in values.items() if np.allclose(v, course) and k != ("one-hot", "sigmoid", "both terms")]
    assert same == [("one-hot", "sigmoid of -z", "the logs swapped")]
    for form, (at_zero, at_outputs) in values.items():
        if not (np.isfinite(at_zero) and np.isfinite(at_outputs)):
            continue
        found = forms.fit_cost(at_zero, at_outputs)
        assert found is not None and np.allclose(values[found[:3]], (at_zero, at_outputs)), (form, found)


# -- learners' functions, one slip each -----------------------------------------------------------

def learner(slip=None, state=None):
    """nnCostFunction in the handout's vectorized style, with ``slip`` switched in."""
    def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_, cache={}):
        n1 = hidden_layer_size * (input_layer_size + 1)
        if slip == "sizes written in":
            input_layer_size, hidden_layer_size, num_labels, n1 = 2, 4, 4, 12
        Theta1 = nn_params[:n1].reshape((hidden_layer_size, input_layer_size + 1), order="F")
        Theta2 = nn_params[n1:].reshape((num_labels, hidden_layer_size + 1), order="F")
        m = X.shape[0]
        y = np.asarray(y, dtype=int).ravel()
        if slip == "lambda set inside":
            lambda_ = 1.0
        width = y.max() if slip == "width from y.max()" else num_labels
        if slip == "labels as numbers":
            Y = np.repeat(y[:, None].astype(float), num_labels, axis=1)
        elif slip == "Y cached in a mutable default":
            Y = cache.setdefault("Y", np.eye(width)[y - 1])
        else:
            Y = np.eye(width)[y - (0 if slip == "label k in column k" else 1)]
        a1 = np.hstack([np.ones((m, 1)), X])
        z2 = a1 @ Theta1.T
        a2 = np.hstack([np.ones((m, 1)), np.tanh(z2) if slip == "tanh hidden" else g(z2)])
        z3 = a2 @ Theta2.T
        if slip == "softmax":
            h = np.exp(z3) / np.exp(z3).sum(axis=1, keepdims=True)
        elif slip == "h truncated":
            h = np.zeros(z3.shape, dtype=int)
            h[:] = g(z3)
        else:
            h = g(z3)
        log = np.log10 if slip == "np.log10" else np.log
        terms = {"first term alone": -Y * log(h), "second term alone": -(1 - Y) * log(1 - h),
                 "logs swapped": -Y * log(1 - h) - (1 - Y) * log(h)}.get(slip, -Y * log(h) - (1 - Y) * log(1 - h))
        if slip == "matrix product":
            J = np.sum(-Y.T @ log(h) - (1 - Y).T @ log(1 - h)) / m
        elif slip == "np.mean":
            J = np.mean(terms)
        else:
            J = np.sum(terms) / (1 if slip == "cost not over m" else m)
        R1, R2 = Theta1.copy(), Theta2.copy()
        if slip != "bias regularized":
            R1[:, 0] = 0
            R2[:, 0] = 0
        over = {"lambda/m": lambda_ / m, "lambda / 2 * m": lambda_ / 2 * m}.get(slip, lambda_ / (2 * m))
        J += over * (np.sum(R1 ** 2) + np.sum(R2 ** 2))
        delta3 = (Y - h) if slip == "delta3 sign" else (h - Y)
        gprime = {"g' of a(2)": g(a2[:, 1:]) * (1 - g(a2[:, 1:])), "no g'": 1.0}.get(slip, g(z2) * (1 - g(z2)))
        kept = (delta3 @ Theta2)[:, :-1] if slip == "drops the last column" else (delta3 @ Theta2)[:, 1:]
        delta2 = kept * gprime
        if slip == "Delta assigned in the loop":
            for i in range(m):
                Delta1 = np.outer(delta2[i], a1[i])
                Delta2 = np.outer(delta3[i], a2[i])
        else:
            Delta1, Delta2 = delta2.T @ a1, delta3.T @ a2
        if slip == "no bias unit in Delta1":
            Delta1[:, 0] = 0
        over_m = 1 if slip == "gradient not over m" else m
        Theta1_grad, Theta2_grad = Delta1 / over_m, Delta2 / over_m
        if slip == "regularization assigned":
            Theta1_grad[:, 1:] = lambda_ / m * Theta1[:, 1:]
            Theta2_grad[:, 1:] = lambda_ / m * Theta2[:, 1:]
        else:
            Theta1_grad[:, 1:] += lambda_ / m * Theta1[:, 1:]
            Theta2_grad[:, 1:] += lambda_ / m * Theta2[:, 1:]
        blocks = [Theta2_grad, Theta1_grad] if slip == "Theta2 first" else [Theta1_grad, Theta2_grad]
        grad = np.concatenate([b.ravel(order="C" if slip == "row-major gradient" else "F") for b in blocks])
        return float(J), grad

    return nnCostFunction


# slip, what is read (the cost, or the gradient, at lambda), the reading's name (how it begins)
SLIPS = [
    ("np.log10", "cost", 0, "cost x 1/ln 10"),
    ("np.mean", "cost", 0, "cost x 1/K"),
    ("cost not over m", "cost", 0, "cost x m"),
    ("first term alone", "cost", 0, "the first term alone"),
    ("second term alone", "cost", 0, "the second term alone"),
    ("logs swapped", "cost", 0, "the logs swapped"),
    ("matrix product", "cost", 0, "a matrix product"),
    ("labels as numbers", "cost", 0, "labels as numbers"),
    ("label k in column k", "cost", 0, "label k in column k"),
    ("softmax", "cost", 0, "softmax"),
    ("tanh hidden", "cost", 0, "hidden layer's activation"),
    ("h truncated", "cost", 0, "cost not finite at h = 1/2"),
    ("lambda set inside", "cost", 1.5, "lambda ignored"),
    ("bias regularized", "cost", 1.5, "cost's regularization: Theta1 with its bias column"),
    ("lambda/m", "cost", 1.5, "cost's regularization: lambda/m"),
    ("lambda / 2 * m", "cost", 1.5, "cost's regularization: (lambda/2) m"),
    ("width from y.max()", "cost", 0, "one-hot width from the labels"),
    ("Y cached in a mutable default", "cost", 0, "state between calls"),
    ("sizes written in", "cost", 0, "assumes the test's sizes"),
    ("delta3 sign", "gradient", 0, "gradient x -1"),
    ("gradient not over m", "gradient", 0, "gradient x m"),
    ("g' of a(2)", "gradient", 0, "g': g'(a2)"),
    ("no g'", "gradient", 0, "g': none"),
    ("drops the last column", "gradient", 0, "delta(2)'s columns: 1:end-1"),
    ("no bias unit in Delta1", "gradient", 0, "Delta(1)'s bias column: left out"),
    ("Delta assigned in the loop", "gradient", 0, "examples: the last"),
    ("Theta2 first", "gradient", 0, "gradient unrolled in another order"),
    ("row-major gradient", "gradient", 0, "gradient unrolled in another order"),
    ("regularization assigned", "gradient", 0, "regularization assigned"),
]


@pytest.mark.parametrize("slip, what, lambda_, name", SLIPS, ids=[s[0] for s in SLIPS])
def test_each_slip_is_read_by_the_probe_that_isolates_it(slip, what, lambda_, name):
    function = learner(slip)
    try:  # a first call of other sizes, as the course's case comes before any probe
        with np.errstate(all="ignore"):
            function(np.zeros(38), 3, 5, 3, np.ones((7, 3)), np.array([1, 2, 3, 1, 2, 3, 1]), 0)
    except (ValueError, IndexError):
        pass
    prober = Prober.in_process(function, fresh=lambda: learner(slip))
    gradient = what == "gradient"
    found = prober.readings(cost_wrong=not gradient, gradient_wrong=gradient, lambda_=lambda_,
                            right_at_zero=lambda_ > 0 and slip not in ("lambda set inside", "regularization assigned"))
    assert found and found[0][0].startswith(name), found


def test_the_course_s_own_function_gets_no_reading():
    prober = Prober.in_process(learner())
    for lambda_ in (0, 1.5):
        assert prober.readings(cost_wrong=True, gradient_wrong=True, lambda_=lambda_) == []


def test_a_probe_that_raises_is_unanswered_and_the_next_is_still_asked():
    calls = []

    def fussy(nn_params, i, h, k, X, y, lambda_):
        calls.append(X.shape[0])
        if k == 4:
            raise ValueError("only three labels here")
        return learner()(nn_params, i, h, k, X, y, lambda_)

    prober = Prober.in_process(fussy)
    assert prober.absent_labels() == []  # the control itself failed: nothing to say of the labels
    assert prober.raised("present") and prober.answer("zero") is not None
