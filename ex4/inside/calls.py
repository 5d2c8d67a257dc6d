"""A learner's function called as MATLAB calls it: on copies of its arguments, and told when it
changes one in place.

MATLAB passes arguments by value; Python passes the array itself, so ``y -= 1`` inside a
learner's nnCostFunction changes the caller's ``y`` too (in the exercise script, the next
call then gets other labels).  Every place that calls a learner's function (the grader's
worker, ``--impl``, ``checkNNGradients(cost_function=...)``, training) calls it through
:func:`call_by_value`, which hands it copies and, after the call, names any argument that
changed, with a note for the learner.  The score never changes for it.
"""

import numpy as np

COST_ARGUMENTS = ("nn_params", "input_layer_size", "hidden_layer_size", "num_labels", "X", "y", "lambda_")


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _differs(before, after):
    try:
        a, b = np.asarray(before), np.asarray(after)
        return a.shape != b.shape or not np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    except (TypeError, ValueError):
        return False


def call_by_value(function, args, names, name="nnCostFunction"):
    """``(returned, notes)``: ``function`` called on copies of ``args``; a note for each argument
    (named by ``names``) that the call changed in place."""
    copies = [_copy(a) for a in args]
    returned = function(*copies)
    notes = [changed_note(name, arg, before, after)
             for arg, before, after in zip(names, args, copies) if _differs(before, after)]
    return returned, notes


def add_notes(notes, new):
    """``notes`` extended by each of ``new`` not said already: one note for each function and argument,
    however many calls changed it (the values differ from call to call)."""
    said = {note.split(" in place")[0] for note in notes}
    for note in new:
        if note.split(" in place")[0] not in said:
            notes.append(note)
            said.add(note.split(" in place")[0])
    return notes


def changed_note(function, arg, before, after):
    """What the learner is told of an argument their function changed in place."""
    a, b = np.ravel(np.asarray(before)), np.ravel(np.asarray(after))
    where = ""
    if a.shape == b.shape and a.size:
        changed = np.flatnonzero(a != b)
        if changed.size:
            i = int(changed[0])
            where = f" ({changed.size} of {a.size} values, the first {a[i]:g} -> {b[i]:g})"
    return (f"your {function} changes its argument {arg} in place{where}: MATLAB passes arguments by value, "
            f"Python passes the array itself, so the caller's {arg} changes too and the next call gets other "
            f"numbers; work on a copy ({arg} = {arg} - 1, not {arg} -= 1; {arg}.copy() before changing parts of it)")
