"""The starter's ``from ex4.data import load_digits, load_weights``, while graded: importable, so that a
notebook's imports go through, but the data is not in the sandbox (the grader hands every input over)."""


def _not_here(name):
    def stand_in(*args, **kwargs):
        raise RuntimeError(f"{name}: the digits are not available while grading (the grader passes your "
                           "functions their inputs)")

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


load_digits = _not_here("load_digits")
load_weights = _not_here("load_weights")
