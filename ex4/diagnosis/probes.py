"""A learner's nnCostFunction read on inputs designed to isolate one term at a time (ex4.pdf §1.3-2.5).

A wrong number on the course's test case says *that* something is wrong, not *what*.  So the
learner's function is asked again, as a unit test isolates one behaviour, on small inputs
built so that one term of the math shows alone:

- ``zero``: every weight 0.  Every hidden a and every h is then exactly 1/2, so the cost is
  K log 2 for any labels, and its ratio to that counts the terms, the 1/m and the
  logarithm's base; the gradient is Theta2's alone (delta2 = delta3 Theta2 = 0), the output
  layer's delta3 = 1/2 - y read from it;
- ``outputs``: Theta1 = 0 and Theta2 = [b 0], so h = g(b) for every example: which terms of
  the cross-entropy are there, how the labels light the columns of Y, the output layer's g;
- ``hidden``: one hidden unit switched on alone (a bias only) and read by one output: the
  hidden layer's activation, read back from the cost;
- ``backward``: Theta1 = 0, so z2 = 0 and g'(z2) = 1/4 exactly, with Theta2 and X full: the
  hidden layer's delta2 = (delta3 Theta2)(:, 2:end) .* g'(z2) read from Theta1_grad;
- ``weights`` at lambda = 0 and 1.5: the regularization alone, the difference of the two, on
  weights whose squares differ block by block;
- ``absent``: labels that leave some of 1..K out (Y's width from num_labels, not from y),
  beside ``present``, which has them all;
- the same call twice in a row (state kept between calls).

Each reading says, in the learner's terms, which term or step is wrong and what it should be,
and they are read in the order a learner fixes things (:func:`Prober.readings`).  Every call
goes through ``ask``: the grader's sandbox, or the learner's function in this process (``--impl``,
the gradient check, the browser), so the readings are one path for all of them.
"""

import math

import numpy as np

from ..params import matrices
from ..sigmoid import logistic as g
from .forms import BACKPROP_WAYS, COST_TEXTS, SCALES, TERMS, backprop_variants, close, cost_value, fit_cost, gradient_of, one_hot, regularization_form
from .inputs import BETA, BIASES, OMEGA, PROBES, SIZES_SAID, Probe  # noqa: F401 - Probe is read from here too
from .terms import read_regularization


class Unanswered(Exception):
    """A probe the learner's function did not answer: it raised, returned something unreadable, or
    its time went (``timed_out``: then nothing more is asked)."""

    def __init__(self, message, timed_out=False):
        super().__init__(message)
        self.timed_out = timed_out


STATE_ADVICE = ("it keeps something between calls (a global, a mutable default argument such as cache={}, a "
                "variable of the module); compute everything from each call's own arguments, Delta from zeros each time")


def _same(one, other):
    """Two answers (J, grad or None) alike, NaN where the other has NaN."""
    J1, g1 = one
    J2, g2 = other
    if not (np.array_equal([J1], [J2], equal_nan=True) or close(J1, J2)):
        return False
    if g1 is None or g2 is None:
        return g1 is None and g2 is None
    return g1.shape == g2.shape and (np.array_equal(g1, g2, equal_nan=True) or close(g1, g2))


class Prober:
    """Asks a learner's nnCostFunction the probes, once each, and reads the answers.

    Parameters
    ----------
    ask : callable
        ``ask(probe)`` -> ``(J, grad)`` as floats and a vector unrolled the course's way (None
        where the function returns J alone); raises :class:`Unanswered`.
    """

    def __init__(self, ask, fresh=None):
        self._ask, self._answers, self.stopped = ask, {}, False
        self._fresh = fresh  # fresh() -> whether the learner's code now runs afresh (a new process, a new module)
        self.suspect_state = False  # set where the course's case passed and a variant did not
        self.answered = True  # whether the case being read was answered (see readings)

    @classmethod
    def in_process(cls, cost_function, fresh=None):
        """A prober of ``cost_function`` called here (``--impl``, the gradient check, the browser), the
        course's way, with what it prints thrown away; ``fresh()``, where given, returns the same
        function loaded afresh (a new module), or None."""
        import contextlib
        import io

        from ..params import unroll_params

        def ask(probe):
            try:
                with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
                    returned = cost_function(unroll_params(list(probe.Thetas)), *probe.sizes, probe.X.copy(),
                                             probe.y.copy(), probe.lambda_)
                    J, grad = returned if isinstance(returned, (tuple, list)) and len(returned) == 2 else (returned, None)
                    return float(np.reshape(np.asarray(J, dtype=float), ())), grad
            except Exception as exc:  # noqa: BLE001 - whatever the learner's code raised: the probe is unanswered
                raise Unanswered(f"{type(exc).__name__}: {exc}") from None

        def restart():
            nonlocal cost_function
            again = fresh() if fresh is not None else None
            if again is None:
                return False
            cost_function = again
            return True

        return cls(ask, restart if fresh is not None else None)

    def answer(self, name):
        """(J, grad or None) of the named probe, or None where the learner's code did not answer it."""
        if name not in self._answers:
            if self.stopped:
                return None
            try:
                J, grad = self._ask(PROBES[name])
                J = float(J)
                grad = None if grad is None else np.ravel(np.asarray(grad, dtype=float))
                self._answers[name] = (J, grad)
            except Unanswered as exc:
                self._answers[name] = None
                self.stopped = exc.timed_out
        return self._answers[name]

    def raised(self, name):
        """Whether the named probe was asked and not answered."""
        return name in self._answers and self._answers[name] is None

    # -- readings, each [(name, text)] or [] -----------------------------------------------

    def readings(self, cost_wrong=True, gradient_wrong=False, lambda_=0.0, right_at_zero=False, answered=True):
        """The first reading that says something, in the order a learner fixes things: the basics
        (state between calls, sizes written in), then the cost where it is wrong (its probes pin the
        labels and the forward pass, which the gradient uses too), then the gradient where it is
        wrong; at lambda > 0 with the same at lambda = 0 known right (``right_at_zero``), only the
        regularization is left to read.  ``answered``: the learner's function answered the case read
        (where it raised there, nothing is said of sizes or of state that a raise would explain)."""
        self.answered = answered
        basics = self._first([self.state, self.same_whatever_the_input, self.absent_labels, self.other_sizes])
        if basics or self.stopped:
            return basics
        if lambda_ > 0 and right_at_zero:
            return self._first([self.gradient_regularization if gradient_wrong else self.cost_regularization])
        cost, gradient = [], []
        if cost_wrong:
            cost = self._first([self.cost_form, self.lambda_used, self.regularization_at_zero, self.hidden_activation]
                               + ([self.cost_regularization] if lambda_ > 0 else []))
        if gradient_wrong and not self.stopped:
            gradient = self._first([self.unrolled_order, self.regularization_assigned, self.gradient_scale,
                                    self.backpropagation, self.output_layer_gradient,
                                    self.hidden_layer_gradient] + ([self.gradient_regularization] if lambda_ > 0 else []))
        return cost[:1] + gradient[:1] if cost else gradient

    def _first(self, steps):
        for step in steps:
            found = step()
            if found or self.stopped:
                return found
        return []

    def state(self):
        """The same call twice in a row; and, where a fresh start can be had, the same call asked first in
        a fresh process and after others (a cache filled by the first call ever answers every later
        call from it)."""
        first = self.answer("outputs")
        if first is not None:
            self._answers.pop("outputs")
            again = self.answer("outputs")
            if again is not None and not _same(first, again):
                return [("state between calls", f"asked the same thing twice in a row, your nnCostFunction answered J "
                         f"= {first[0]:.6g}, then {again[0]:.6g}: {STATE_ADVICE}")]
        if self._fresh is None or not self.answered or (self.answer("zero") is not None and not self.suspect_state):
            return []
        after = self.answer("zero")
        if not self._fresh():
            return []
        self._fresh = None  # one fresh start a file
        self._answers = {}  # what was asked before came from the old process
        fresh = self.answer("zero")
        if (after is None) == (fresh is None) and (after is None or _same(after, fresh)):
            return []
        said = ("answered" if fresh is not None else "did not answer") + " when it was the first call of a fresh " \
               "process, and " + ("answered otherwise" if after is not None else "failed") + " after other calls"
        return [("state between calls", f"your nnCostFunction {said}: {STATE_ADVICE}")]

    def same_whatever_the_input(self):
        names = ("zero", "outputs", "backward", "weights")
        answers = [self.answer(name) for name in names]
        if any(a is None for a in answers) or not all(_same(answers[0], a) for a in answers[1:]):
            return []
        return [("the same whatever the input", f"on four networks of other weights, labels and sizes your "
                 f"nnCostFunction answered the same, J = {answers[0][0]:.6g}: it must compute J and the gradient "
                 "from its arguments (are the course's published outputs typed in?)")]

    def other_sizes(self):
        if not self.answered or self.answer("zero") is not None or self.stopped:
            return []
        return [("assumes the test's sizes", f"on a network of other sizes ({SIZES_SAID}, m = 5) your nnCostFunction "
                 "did not answer: take every size from its arguments (input_layer_size, hidden_layer_size, "
                 "num_labels, X.shape[0]), none written in")]

    def absent_labels(self):
        """Every weight 0: the cost is K log 2 a example whatever the labels, so labels that leave some of
        1..K out change nothing.  Where that fails, or gives the cost of fewer outputs, Y's width comes
        from the labels present."""
        present = self.answer("present")
        if present is None:
            return []
        absent = self.answer("absent")
        if absent is None:
            if self.stopped:
                return []
            said = "fails"
        elif any(close(absent[0], present[0] * width / 4) for width in (2, 3)):  # of K = 4 outputs
            said = "gives the cost of fewer outputs"
        else:
            return []
        labels = " ".join(str(v) for v in PROBES["absent"].y)
        return [("one-hot width from the labels", f"with labels that leave some of 1..K out (y = [{labels}], num_labels "
                 f"= 4), your cost {said}: Y has as many columns as labels present in y; give it num_labels columns, "
                 "np.eye(num_labels)[y - 1] (§1.3)")]

    def cost_form(self):
        zero, outputs = self.answer("zero"), self.answer("outputs")
        if zero is None or outputs is None:
            return []
        if not np.isfinite(zero[0]):
            return [("cost not finite at h = 1/2", f"with every weight 0, every h is exactly 1/2 and log(h) = log(1 - h) = "
                     f"-log 2, yet your cost is {zero[0]:g}: is h truncated to integers (an array made with "
                     "np.zeros(..., dtype=int), or //), or the log taken of something else than h? (§1.3-1.4)")]
        fitted = fit_cost(zero[0], outputs[0])
        if fitted is None:
            return (self._fixed_m() or self._epsilon_in_the_logs(zero[0], outputs[0]) or self._bias_units_last()
                    or self._bias_unit_through_the_sigmoid())
        y_form, output, terms, scale, says = fitted
        pairs = self._every_example_with_every_other(fitted)
        if pairs is not None:
            return pairs
        if (output, terms) == ("sigmoid", "the logs swapped") and self._sigmoid_sign():
            output, terms = "sigmoid of -z", "both terms"  # the same cost: the hidden layer tells them apart
        for chosen, right in ((y_form, "one-hot"), (output, "sigmoid"), (terms, "both terms")):
            if chosen != right:
                return [(chosen, COST_TEXTS[chosen])]
        if scale != "1":
            return [(f"cost x {scale}", f"your cost is {scale} times the course's: {says}")]
        return []

    def _fixed_m(self):
        """Every weight 0 on 5 and on 3 examples: the cost is K log 2 for both; divided by a number written
        in, it grows with m."""
        zero, zero3 = self.answer("zero"), self.answer("zero3")
        if zero is None or zero3 is None or close(zero[0], zero3[0]) or not close(zero[0] * 3, zero3[0] * 5):
            return []
        divisor = PROBES["zero"].m * PROBES["zero"].Thetas[1].shape[0] * math.log(2) / zero[0]
        return [("m written in", f"your cost, on 5 examples and on 3 where every h is 1/2, is divided by the same "
                 f"{divisor:.6g} both times: J = (1/m) Σ_i Σ_k [...] with m the number of examples this call has, "
                 "X.shape[0], none written in (§1.4)")]

    def _epsilon_in_the_logs(self, J_zero, J_outputs):
        """Every h = 1/2: -log(1/2 + e) for each output gives e; where the same e gives the other probe's cost,
        the logs take h + e (and 1 - h + e): 'to avoid log(0)', but the cost moves with it."""
        K = PROBES["zero"].Thetas[1].shape[0]
        e = math.exp(-J_zero / K) - 0.5
        if not 1e-9 < abs(e) < 0.5:
            return []
        probe = PROBES["outputs"]
        h = g(np.full((probe.m, K), 0.0) + BIASES)
        Y = one_hot(probe.y, K, 0)
        if not close(J_outputs, float(np.sum(-Y * np.log(h + e) - (1 - Y) * np.log(1 - h + e))) / probe.m):
            return []
        return [("epsilon in the logs", f"your logs take h + {e:.3g} and 1 - h + {e:.3g}: an epsilon 'to avoid log(0)' "
                 "changes the cost; J uses log(h) and log(1 - h) themselves (§1.4), finite wherever 0 < h < 1")]

    def _every_example_with_every_other(self, fitted):
        """Where every example has the same h (the probes of the cost's form), a cost off by a factor and one
        that pairs every example's y with every example's h look alike: the weights probe, where each example
        has its own h, tells them apart.  [] where it confirms the fit, a reading where the pairs explain it,
        None where nothing more is known."""
        weights = self.answer("weights")
        if weights is None:
            return None
        y_form, output, terms, scale, _ = fitted
        probe = PROBES["weights"]
        value = next(v for v, name, _ in SCALES if name == scale)(probe.m, probe.Thetas[1].shape[0])
        if close(weights[0], value * cost_value(probe, y_form, output, terms)):
            return None
        Theta1, Theta2 = probe.Thetas
        m, K = probe.m, Theta2.shape[0]
        h = g(np.hstack([np.ones((m, 1)), g(np.hstack([np.ones((m, 1)), probe.X]) @ Theta1.T)]) @ Theta2.T)
        Y = one_hot(probe.y, K, 0)[:, None, :]
        with np.errstate(all="ignore"):
            pairs = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
        if close(weights[0], pairs):
            return [("every example with every other", "your cost pairs each example's labels with every example's h: "
                     "a y of shape (m, 1) makes Y of shape (m, 1, K), and Y * log(h) broadcasts to (m, m, K); make y "
                     "a flat vector first, y.ravel() (§1.3-1.4)")]
        return None

    def _bias_units_last(self):
        """The costs of the output biases alone and of one hidden unit alone, where a(1)'s and a(2)'s columns of
        ones come last: each bias weight then multiplies a unit's activation, and the bias unit another weight."""
        answers = [self.answer(name) for name in ("outputs", "hidden")]
        if any(a is None for a in answers):
            return []
        for (J, _), name in zip(answers, ("outputs", "hidden")):
            probe = PROBES[name]
            Theta1, Theta2 = probe.Thetas
            m, K = probe.m, Theta2.shape[0]
            a2 = np.hstack([g(np.hstack([probe.X, np.ones((m, 1))]) @ Theta1.T), np.ones((m, 1))])
            if not close(J, TERMS["both terms"](one_hot(probe.y, K, 0), g(a2 @ Theta2.T)) / m):
                return []
        return [("bias units last", "your a(1) and a(2) have their column of ones last: the bias unit comes first, "
                 "a(1) = [1 X], a(2) = [1 g(z(2))], so that Theta's first column holds the bias weights (§1.3)")]

    def _bias_unit_through_the_sigmoid(self):
        """The output biases alone: h = g(b g(1)) where a(2)'s column of ones went through the sigmoid with z(2)."""
        outputs = self.answer("outputs")
        if outputs is None:
            return []
        probe = PROBES["outputs"]
        Theta1, Theta2 = probe.Thetas
        m, K = probe.m, Theta2.shape[0]
        a2 = g(np.hstack([np.ones((m, 1)), np.hstack([np.ones((m, 1)), probe.X]) @ Theta1.T]))
        if not close(outputs[0], TERMS["both terms"](one_hot(probe.y, K, 0), g(a2 @ Theta2.T)) / m):
            return []
        return [("bias unit through the sigmoid", "your a(2)'s bias unit is g(1) = 0.731: the column of ones goes on "
                 "after the sigmoid, a(2) = [1 g(z(2))], not g([1 z(2)]) (§1.3)")]

    def _sigmoid_sign(self):
        """Whether the hidden probe's cost is that of a sigmoid written 1 / (1 + e^z), in both layers."""
        hidden = self.answer("hidden")
        if hidden is None:
            return False
        probe = PROBES["hidden"]
        Theta1, Theta2 = probe.Thetas
        m = probe.m
        a2 = np.hstack([np.ones((m, 1)), g(-(np.hstack([np.ones((m, 1)), probe.X]) @ Theta1.T))])
        h = g(-(a2 @ Theta2.T))
        return close(hidden[0], TERMS["both terms"](one_hot(probe.y, 2, 0), h) / m)

    def lambda_used(self):
        """The weights probe at lambda = 0 and 1.5: a cost that does not move with lambda_ ignores it."""
        plain, regularized = self.answer("weights"), self.answer("regularized")
        if plain is None or regularized is None or not close(plain[0], regularized[0]):
            return []
        return [("lambda ignored", f"your cost is the same with lambda = {PROBES['regularized'].lambda_:g} as with "
                 "lambda = 0: its J has no regularization term, so it does not use its lambda_ argument; J adds "
                 "(lambda/(2m)) Σ Theta² over every column but the first of each Theta (§1.4): is the term left out, "
                 "not returned, 0 (lambda_ // (2 * m) is 0 for lambda < 2m), or lambda_ set inside?")]

    def hidden_activation(self):
        """The hidden unit's activation, read back from the cost where the cost's form is right."""
        zero, outputs = self.answer("zero"), self.answer("outputs")
        if zero is None or outputs is None or (fit_cost(zero[0], outputs[0]) or ())[:4] != (
                "one-hot", "sigmoid", "both terms", "1"):
            return []
        hidden = self.answer("hidden")
        if hidden is None:
            return []
        tail = hidden[0] - math.log(2)  # the second output's h is 1/2; the first's -log g(OMEGA a)
        if not np.isfinite(tail) or tail <= 0:
            return []
        a = -math.log(math.expm1(tail)) / OMEGA
        right = float(g(BETA))
        if abs(a - right) <= 1e-6:
            return []
        named = {"tanh(z)": math.tanh(BETA), "g(-z), the sign flipped": float(g(-BETA)), "z itself, no g": BETA,
                 "max(0, z)": max(0.0, BETA)}
        name = next((n for n, v in named.items() if abs(a - v) <= 1e-6), "")
        if abs(a - 0.5) <= 1e-6:  # g(0): the unit's bias weight, its only weight, was not used
            return [("hidden bias weights not used", f"a hidden unit whose only weight is its bias ({BETA:g}) has, by "
                     "your cost, the activation g(0) = 0.5: the forward pass does not use Theta1's first column, the "
                     "bias weights: is a(1)'s column of ones not its first (a(1) = [1 X]), or Theta1's first column "
                     "zeroed before the forward pass (for the regularization, through a view of nn_params)? z(2) = "
                     "a(1) Theta1' with every column (§1.3)")]
        if not name and not 0 < a < 1:
            return []  # no sigmoid gives that: something else in the cost moved (read elsewhere)
        return [("hidden layer's activation", f"a hidden unit whose z(2) is {BETA:g} has, by your cost, the activation "
                 f"{a:.4g}{' (' + name + ')' if name else ''}; a(2) = g(z(2)) with g the sigmoid gives {right:.4g}: "
                 "a(2) = [1 g(a(1) Theta1')] (§1.3)")]

    def regularization_at_zero(self):
        """At lambda = 0 the weights' squares add nothing: a cost that adds some of them anyway has a term
        outside the parentheses of (lambda/(2m)) (Σ Theta1² + Σ Theta2²)."""
        plain = self.answer("weights")
        if plain is None:
            return []
        probe = PROBES["weights"]
        extra = plain[0] - probe.expected()[0]
        if close(extra, 0.0):
            return []
        found = regularization_form(extra, probe, (("1", 1.0, ""), ("1/(2m)", 1 / (2 * probe.m), ""),
                                                    ("1/m", 1 / probe.m, "")))
        if found is None:
            return []
        return [("regularization outside its factor", f"at lambda = 0 your cost adds {extra:.6g}, {found}: a term "
                 "outside the regularization's factor; (lambda/(2m)) multiplies the whole sum, (lambda/(2m)) * "
                 "(Σ Theta1² + Σ Theta2²), with its parentheses (§1.4)")]

    def cost_regularization(self):
        plain, regularized = self.answer("weights"), self.answer("regularized")
        if plain is None or regularized is None:
            return []
        term = regularized[0] - plain[0]
        probe = PROBES["regularized"]
        lambda_, m = probe.lambda_, probe.m
        right = lambda_ / (2 * m) * sum(np.sum(T[:, 1:] ** 2) for T in probe.Thetas)
        if close(term, right):
            return []
        if abs(term) <= 1e-9:
            return self.lambda_used()
        scales = (("lambda/(2m)", lambda_ / (2 * m), ""), ("lambda/m", lambda_ / m, "it is lambda/(2m), not lambda/m"),
                  ("(lambda/2) m", lambda_ / 2 * m, "lambda_ / 2 * m is (lambda_ / 2) * m; write lambda_ / (2 * m)"),
                  ("lambda/(2m²)", lambda_ / (2 * m * m), "divided by m once too often: lambda/(2m)"),
                  ("lambda/2", lambda_ / 2, "divided by 2, not by 2m: lambda/(2m), added once (added for each "
                                            "example inside a loop over them, it comes m times)"),
                  ("lambda", lambda_, "lambda/(2m)"),
                  ("-lambda/(2m)", -lambda_ / (2 * m), "the term is subtracted: J adds it, + (lambda/(2m)) Σ Theta²"),
                  ("lambda²/(2m)", lambda_ ** 2 / (2 * m), "lambda is squared: lambda/(2m), lambda itself"))
        found = regularization_form(term, probe, scales)
        if found is None:
            return []
        return [("cost's regularization: " + found.split(":")[0], f"your cost's regularization term is {term:.6g} where "
                 f"it should be {right:.6g}: {found} (§1.4)")]

    # -- the gradient -----------------------------------------------------------------------

    def _gradients(self, name):
        """(learner's, expected) gradient of the named probe, or None."""
        answer = self.answer(name)
        if answer is None or answer[1] is None:
            return None
        expected = PROBES[name].expected()[1]
        return (answer[1], expected) if answer[1].size == expected.size else None

    def unrolled_order(self):
        found = self._gradients("backward")
        if found is None or close(*found):
            return []
        theirs, expected = found
        shapes = [T.shape for T in PROBES["backward"].Thetas]
        blocks = matrices(expected, PROBES["backward"].sizes)
        orders = {
            "Theta2's gradient first": np.concatenate([np.ravel(blocks[1], order="F"), np.ravel(blocks[0], order="F")]),
            "row by row": np.concatenate([np.ravel(b, order="C") for b in blocks]),
            "Theta2's first, row by row": np.concatenate([np.ravel(blocks[1], order="C"), np.ravel(blocks[0], order="C")]),
            "Theta1_grad row by row": np.concatenate([np.ravel(blocks[0], order="C"), np.ravel(blocks[1], order="F")]),
            "Theta2_grad row by row": np.concatenate([np.ravel(blocks[0], order="F"), np.ravel(blocks[1], order="C")]),
        }
        for name, unrolled in orders.items():
            if close(theirs, unrolled):
                said = {"Theta2's gradient first": "Theta2_grad first",
                        "row by row": "each Theta(l)_grad row by row",
                        "Theta2's first, row by row": "Theta2_grad first, and each row by row",
                        "Theta1_grad row by row": "Theta1_grad row by row (Theta2_grad column by column)",
                        "Theta2_grad row by row": "Theta2_grad row by row (Theta1_grad column by column)"}[name]
                return [("gradient unrolled in another order", f"your gradient has the right values, unrolled "
                         f"{said}; nn_params is [Theta1(:); Theta2(:)], so the gradient is [Theta1_grad(:); "
                         f"Theta2_grad(:)], each column by column: np.concatenate([Theta1_grad.ravel(order='F'), "
                         f"Theta2_grad.ravel(order='F')]) (shapes {shapes[0]} and {shapes[1]})")]
        return []

    def regularization_assigned(self):
        """At lambda = 0, every column but the first of every Theta(l)_grad zero, the bias columns right: the
        regularization (lambda/m) Theta, zero here, is assigned (=) where it is added (+=)."""
        found = self._gradients("backward")
        if found is None or close(*found):
            return []
        sizes = PROBES["backward"].sizes
        mine, right = matrices(found[0], sizes), matrices(found[1], sizes)
        if not all(close(M[:, 0], R[:, 0]) and not np.abs(M[:, 1:]).any() for M, R in zip(mine, right)):
            return []
        return [("regularization assigned", "at lambda = 0 every column of your Theta(l)_grad but the first is zero: "
                 "the regularization (lambda/m) Theta, zero there, is assigned (=) where it is added (+=) to Delta/m, "
                 "Theta_grad(:, 2:end) += (lambda/m) Theta(:, 2:end) (§2.5)")]

    def gradient_scale(self):
        """The whole gradient off by one factor, where Theta1 and Theta2 both act (``backward``)."""
        found = self._gradients("backward")
        if found is None or close(*found):
            return []
        theirs, expected = found
        for value, name, says in _gradient_scales(PROBES["backward"].m):
            if name != "1" and close(theirs, value * expected):
                return [(f"gradient x {name}", f"your gradient is {name} times the course's in every block: {says}")]
        return []

    def backpropagation(self):
        """The gradient of every weight 0 (the output layer alone) and of Theta1 = 0 (g'(z(2)) = 1/4 exactly), read
        together against backpropagation with one or two of its steps done another way (:data:`BACKPROP_WAYS`):
        the fewest changes that give both."""
        zero, backward = self._gradients("zero"), self._gradients("backward")
        if zero is None or backward is None or (close(*zero) and close(*backward)):
            return []
        for changes in backprop_variants():
            if all(close(theirs, gradient_of(PROBES[name], changes)) for name, (theirs, _) in
                   (("zero", zero), ("backward", backward))):
                said = [BACKPROP_WAYS[step][way][1] for step, way in changes.items()]
                name = "; ".join(f"{step}: {way}" for step, way in changes.items())
                return [(name, "your gradient is backpropagation with " + "; and ".join(said))]
        return []

    def output_layer_gradient(self):
        """At every weight 0: Theta1_grad is 0, and Theta2_grad = (1/m) Σ_i (1/2 - y_i) [1 1/2 ...] alone."""
        found = self._gradients("zero")
        if found is None or close(*found):
            return []
        theirs, expected = found
        n1 = PROBES["zero"].Thetas[0].size
        probe = PROBES["zero"]
        m = probe.m
        if not close(theirs[:n1], 0 * expected[:n1]) and close(theirs[n1:], expected[n1:]):
            return [("hidden delta without Theta2", "where Theta2 is all zero, delta(2) = (delta(3) Theta2)(:, 2:end) .* "
                     "g'(z(2)) is zero and so is Theta1_grad; yours is not: delta(2) must come from delta(3) through "
                     "Theta2 (§2.3 step 3)")]
        G2, E2 = theirs[n1:], expected[n1:]
        K = probe.Thetas[1].shape[0]
        for value, name, says in _gradient_scales(m):
            if name != "1" and close(G2, value * E2):
                return [(f"gradient x {name}", f"your Theta2_grad is {name} times the course's, where only the output "
                         f"layer acts (every weight 0): {says}")]
        # Each example's own contribution: one example alone is an accumulator assigned, not added to.
        Y = one_hot(probe.y, K, 0)
        a2 = np.hstack([np.ones((m, 1)), np.full((m, 3), 0.5)])
        for i, which in ((m - 1, "the last"), (0, "the first")):
            alone = np.ravel(np.outer(0.5 - Y[i], a2[i]), order="F") / m
            if close(G2, alone) or close(G2, alone * m):
                return [("one example accumulated", f"your Theta2_grad holds {which} example's term alone: Delta is "
                         "assigned (=) for each example where it is added to (+=), Delta(l) = Delta(l) + delta(l+1) "
                         "a(l)' over every example (§2.3 step 4)")]
        columns = np.reshape(G2, probe.Thetas[1].shape, order="F")
        expected_columns = np.reshape(E2, probe.Thetas[1].shape, order="F")
        if close(columns[:, 0], expected_columns[:, 0]) and not close(columns[:, 1:], expected_columns[:, 1:]):
            return [("output layer's Delta, its a(2)", "your Theta2_grad's bias column is right and its other columns "
                     "are not: Delta(2) = delta(3)' a(2), with a(2) = [1 g(z(2))], the hidden layer's activations "
                     "(each 1/2 where every weight is 0) (§2.3 step 4)")]
        if close(columns[:, 1:], expected_columns[:, 1:]) and not close(columns[:, 0], expected_columns[:, 0]):
            return [("output layer's Delta, its bias unit", "your Theta2_grad is right but for its bias column: "
                     "Delta(2) = delta(3)' a(2) with a(2)'s first column the bias unit, all ones (§2.3 step 4)")]
        return []  # nothing this probe can pin: the readings of the blocks say what they can

    def hidden_layer_gradient(self):
        """Theta1 = 0: z(2) = 0, g'(z(2)) = 1/4 exactly and a(2) = 1/2; Theta1_grad read against delta(2)'s factors."""
        found = self._gradients("backward")
        if found is None or close(*found):
            return []
        theirs, expected = found
        n1 = PROBES["backward"].Thetas[0].size
        G1, E1 = theirs[:n1], expected[:n1]
        if not close(theirs[n1:], expected[n1:]):
            return []  # the output layer first (read on every weight 0, or left to the general readings)
        factors = (
            (float(g(0.5) * (1 - g(0.5))) / 0.25, "g'(a(2))", "g' is taken of the activation a(2) = g(z(2)); it is of z(2): "
                                                             "delta(2) = (Theta2' delta(3))(2:end) .* g'(z(2)) (§2.3 step 3)"),
            (0.0, "zero", "your delta(2) is zero where z(2) = 0, yet g'(0) = 1/4: g'(z) = g(z) (1 - g(z)), with its "
                          "parentheses (sigmoid(z) * 1 - sigmoid(z) is 0, and so is z (1 - z) at 0) (§2.1, §2.3 step 3)"),
            (2.0, "g(z) (1 - z)", "g'(z(2)) is computed as g(z) (1 - z): g'(z) = g(z) (1 - g(z)) (§2.1)"),
            (4.0, "no g'", "the factor .* g'(z(2)) is missing: delta(2) = (Theta2' delta(3))(2:end) .* g'(z(2)) (§2.3 "
                           "step 3)"),
            (-1.0, "-1", "the sign is flipped: delta(3) = a(3) - y, and delta(2) follows from it (§2.3 steps 2-3)"),
        )
        for value, name, says in factors:
            if close(G1, value * E1):
                return [("hidden layer's delta", f"your Theta1_grad is wrong while Theta2_grad is right: {says}")]
        for value, name, says in _gradient_scales(PROBES["backward"].m):
            if name != "1" and close(G1, value * E1):
                return [(f"Theta1_grad x {name}", f"your Theta1_grad is {name} times the course's while Theta2_grad is "
                         f"right: {says}")]
        shifted = self._shifted_delta2()
        if shifted is not None and close(G1, shifted):
            return [("delta(2) takes the wrong columns", "your delta(2) drops the last column of delta(3) Theta2 where it "
                     "drops the first (the bias unit's): delta(2) = (delta(3) Theta2)(:, 2:end) .* g'(z(2)) (§2.3 step 3)")]
        rows = np.reshape(G1, PROBES["backward"].Thetas[0].shape, order="F")
        want = np.reshape(E1, PROBES["backward"].Thetas[0].shape, order="F")
        if close(rows[:, 1:], want[:, 1:]) and not close(rows[:, 0], want[:, 0]):
            return [("Theta1_grad's bias column", "your Theta1_grad is right but for its bias column: Delta(1) = delta(2)' "
                     "a(1) with a(1) = [1 X], the bias unit a column of ones (§2.3 step 4)")]
        return []

    def _shifted_delta2(self):
        probe = PROBES["backward"]
        Theta1, Theta2 = probe.Thetas
        m = probe.m
        a1 = np.hstack([np.ones((m, 1)), probe.X])
        h = g(np.hstack([np.ones((m, 1)), np.full((m, Theta1.shape[0]), 0.5)]) @ Theta2.T)
        delta3 = h - one_hot(probe.y, Theta2.shape[0], 0)
        delta2 = (delta3 @ Theta2)[:, :-1] * 0.25
        return np.ravel(delta2.T @ a1 / m, order="F")

    def gradient_regularization(self):
        plain, regularized = self._gradients("weights"), self._gradients("regularized")
        if plain is None or regularized is None:
            return []
        probe = PROBES["regularized"]
        lambda_, m = probe.lambda_, probe.m
        term = regularized[0] - plain[0]
        want = regularized[1] - plain[1]
        if close(term, want):
            return []
        if close(plain[0], plain[1]):  # backpropagation right here: read the term alone
            found = read_regularization(term, list(probe.Thetas), lambda_, m, unregularized=plain[1])
            if found:
                return found
        # Assigned, not added: at lambda > 0 the columns but the first hold (lambda/m) Theta alone.
        mine = matrices(regularized[0], probe.sizes)
        right = matrices(regularized[1], probe.sizes)
        if all(close(M[:, 0], R[:, 0]) and close(M[:, 1:], lambda_ / m * T[:, 1:])
               for M, R, T in zip(mine, right, probe.Thetas)):
            return [("regularization assigned", "your gradient's columns but the first hold (lambda/m) Theta alone: the "
                     "regularization is assigned (=) where it is added (+=) to Delta/m, Theta_grad(:, 2:end) += "
                     "(lambda/m) Theta(:, 2:end) (§2.5)")]
        return []


def _gradient_scales(m):
    """Factors a gradient block is often off by: (value, name, what it says)."""
    return ((1.0, "1", ""), (float(m), "m", "not divided by m: D = Delta / m (§2.3 step 5)"),
            (1 / m, "1/m", "divided by m twice: once is enough, D = Delta / m (§2.3 step 5)"),
            (-1.0, "-1", "the sign is flipped: delta(3) = a(3) - y, not y - a(3) (§2.3 step 2)"),
            (2.0, "2", "counted twice"), (0.5, "1/2", "halved"))
