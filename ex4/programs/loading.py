"""A learner's own functions for ``python -m ex4 --impl``: loaded (:mod:`ex4.inside.load`, the
same loading as inside the grader's sandbox) and called the course's way.

When the learner's code fails, what they need is their own file and line:
:class:`LearnerCodeError` carries the traceback cut down to the learner's frames.
"""

import contextlib
import inspect
import os
import sys
import time

import numpy as np

from .. import checked_call
from ..inside.values import low_precision, not_numbers
from ..diagnosis import error_reading, is_shape_error, read_shape_error
from ..inside.calls import COST_ARGUMENTS, add_notes, call_by_value
from ..inside.load import (NAMES, LearnerCodeError, LoadError, borrowed_gradients,  # noqa: F401
                           learner_functions, learner_traceback, load_module, exception_line)


class Implementation:
    """The three functions of ex4 the learner writes: theirs where defined, else this project's.

    Each is called the course's way and its result checked, so that the rest of
    the project can call it as it calls its own:

    - ``nnCostFunction`` gets copies of its arguments (MATLAB passes by value) and
      ``hidden_layer_size`` as an int for one hidden layer;
    - ``randInitializeWeights(L_in, L_out)`` without ``rng`` unless the learner's
      takes one (a run is made repeatable by seeding ``np.random`` instead);
    - ``sigmoidGradient`` must return one value per input value.
    """

    def __init__(self, label, functions, folder):
        self.precision = ""  # 'float32' once the learner's nnCostFunction has returned such values
        self.label = label
        self.folder = folder
        self.own = {name: f for name, f in functions.items() if name in NAMES and callable(f)}
        self.notes = []  # what loading skipped (a notebook's failed imports, say)
        self.changes = []  # a note for each argument a learner's function changed in place (ex4.inside.calls)
        self.told = 0  # how many of those the learner has been shown
        self.j_alone = False  # its nnCostFunction returned J alone (a cost part read it)
        self.seconds, self.printed = {}, {}  # name: its last call's seconds, and characters it printed
        self.probes = None  # the readings' Prober of its nnCostFunction, made when first needed
        self.target = label

    @classmethod
    def load(cls, target):
        """The learner's functions from a file or module (see :func:`load_module`)."""
        label, module, folder = load_module(target)
        functions = learner_functions(module, folder)
        implementation = cls(label, functions, folder)
        implementation.notes = list(getattr(module, "__ex4_notes__", [])) + borrowed_gradients(
            target if os.path.isfile(str(target)) else None, functions)
        if not implementation.own:
            raise LoadError(f"{label} defines none of {', '.join(NAMES)}")
        return implementation

    def reloaded(self):
        """The same learner's code loaded afresh (a new module: no state from earlier calls)."""
        return type(self).load(self.target)

    def _call(self, name, *args, **kwargs):
        function = self.own[name]
        counted = _CountingStream(sys.stdout)
        start = time.perf_counter()
        try:
            with contextlib.redirect_stdout(counted):
                returned = function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported with the learner's own frames
            details = learner_traceback(exc, self.folder, function)
            text = exception_line(exc)
            reading = error_reading(text)
            if reading:
                details += "\n" + reading[1]
            elif name == "sigmoidGradient":
                details += ("\nsigmoidGradient takes z of any shape, a number, a vector or a matrix: work on np.asarray(z) "
                            "element by element (np.exp, *, no loop over z.shape), as the course's calls it on each (§2.1)")
            elif name == "nnCostFunction" and len(args) == 7 and is_shape_error(text):
                shape = read_shape_error(text, np.shape(args[4])[0], _sizes(args), _learners_line(exc, self.folder))
                details += "\n" + (shape[1] if shape else shape_table(args))
            raise LearnerCodeError(name, f"your {name} raised {exception_line(exc)}", details) from exc
        finally:
            self.seconds[name] = time.perf_counter() - start
            self.printed[name] = counted.count
        if name == "nnCostFunction":
            self.precision = self.precision or low_precision(returned)
        return returned

    def nnCostFunction(self, nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        from ..cost import nnCostFunction

        if "nnCostFunction" not in self.own:
            return nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)
        theirs = checked_call.checked_cost_function(
            lambda *args: self._call("nnCostFunction", *args), name="nnCostFunction")
        try:
            return theirs(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)
        except TypeError as exc:  # what it returned is not (J, grad)
            if self.j_alone:
                raise LearnerCodeError("nnCostFunction", "your nnCostFunction returns J alone: the gradient "
                                       "checks and training need (J, grad): return J, grad") from None
            raise LearnerCodeError("nnCostFunction", f"your {exc}") from None
        finally:
            add_notes(self.changes, theirs.changes)

    def cost(self, nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        """J alone, as the course's cost parts read it: a learner's nnCostFunction that does not yet
        return its gradient (``return J``) is read too."""
        if "nnCostFunction" in self.own:
            returned, changed = call_by_value(lambda *args: self._call("nnCostFunction", *args),
                                              [nn_params, input_layer_size, hidden_layer_size, num_labels, X, y,
                                               lambda_], COST_ARGUMENTS)
            add_notes(self.changes, changed)
            if not isinstance(returned, (tuple, list)) and not not_numbers(returned) and np.size(returned) == 1:
                self.j_alone = True
                return float(np.reshape(returned, ()))
        return self.nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)[0]

    def sigmoidGradient(self, z):
        from ..sigmoid import sigmoidGradient

        if "sigmoidGradient" not in self.own:
            return sigmoidGradient(z)
        z = np.array(z, dtype=float)
        g, changed = call_by_value(lambda copy: self._call("sigmoidGradient", copy), [z], ["z"], "sigmoidGradient")
        add_notes(self.changes, changed)
        try:
            g = np.array(g, dtype=float)
        except (TypeError, ValueError):
            g = None
        if g is None or g.shape != z.shape:
            got = "something that is not numbers" if g is None else f"shape {g.shape}"
            why = (": a product of two vectors by np.dot (or @) is one number; element by element is * (np.multiply)"
                   if g is not None and g.ndim == 0 and z.ndim >= 1 else "")
            raise LearnerCodeError("sigmoidGradient", f"your sigmoidGradient returned {got} for z of "
                                   f"shape {z.shape}; expected g'(z) for each value of z, the same shape{why}")
        return g

    def randInitializeWeights(self, L_in, L_out, rng):
        from ..weights import randInitializeWeights

        if "randInitializeWeights" not in self.own:
            return randInitializeWeights(L_in, L_out, rng=rng)
        if _takes_keyword(self.own["randInitializeWeights"], "rng"):
            W = self._call("randInitializeWeights", L_in, L_out, rng=rng)
        else:
            W = self._call("randInitializeWeights", L_in, L_out)
        try:
            W = np.array(W, dtype=float)
        except (TypeError, ValueError):
            W = None
        if W is None or W.shape != (L_out, 1 + L_in) or not np.isfinite(W).all():
            got = "something that is not numbers" if W is None else (
                f"shape {W.shape}" if W.shape != (L_out, 1 + L_in) else "NaN or infinity")
            raise LearnerCodeError("randInitializeWeights", f"your randInitializeWeights({L_in}, {L_out}) "
                                   f"returned {got}; expected finite numbers of shape ({L_out}, {1 + L_in}), "
                                   "L_out x (1 + L_in)")
        return W

    def untold(self):
        """The notes on changed arguments not yet shown (the exercise prints them as they appear)."""
        new, self.told = self.changes[self.told:], len(self.changes)
        return new

    def describe(self):
        """One line per function: the learner's, or this project's in its place."""
        lines = []
        for name in NAMES:
            if name in self.own:
                lines.append(f"  {name}: yours, from {self.label}")
            else:
                lines.append(f"  {name}: not defined in {self.label}, so ex4's own is used")
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def _sizes(args):
    _, input_layer_size, hidden_layer_size, num_labels, _, _, _ = args
    return (int(input_layer_size), *np.atleast_1d(hidden_layer_size).astype(int).tolist(), int(num_labels))


def _learners_line(exc, folder):
    """The code of the learner's innermost line in the traceback of ``exc``, or ''."""
    import traceback

    from ..inside.load import is_learners

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_learners(f.filename, folder)]
    return (frames[-1].line or "") if frames else ""


def shape_table(args):
    """The shape each step of §1.3 and §2.3 should have for this call of nnCostFunction."""
    from ..diagnosis import expected_shapes

    _, input_layer_size, hidden_layer_size, num_labels, X, _, _ = args
    sizes = (int(input_layer_size), *np.atleast_1d(hidden_layer_size).astype(int).tolist(), int(num_labels))
    m = np.shape(X)[0] if np.ndim(X) else 0
    lines = [f"The shapes each step should have for this call (m = {m} examples, one per row; "
             "find the first of yours that differs):"]
    lines += [f"  {name:<55} {shape[0]} x {shape[1]}" for name, shape in expected_shapes(m, sizes)]
    return "\n".join(lines)


def _takes_keyword(function, name):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind == p.VAR_KEYWORD for p in parameters)


class _CountingStream:
    """Standard output passed through, its characters counted (a learner's prints inside the cost)."""

    def __init__(self, stream):
        self.stream, self.count = stream, 0

    def write(self, text):
        self.count += len(text)
        return self.stream.write(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)
