"""What a learner's function returned, read as numbers: shared by the sandbox's worker and the
checks of ``--impl`` (:mod:`ex4.checks`), so that both say the same of the same value."""

import numpy as np


def not_numbers(value):
    """Whether a returned J or grad is text, booleans or objects: not numbers, even where float()
    would take them ('3.2', True)."""
    if isinstance(value, (str, bytes)):
        return True
    try:
        return np.asarray(value).dtype.kind in "bUSO"
    except ValueError:  # a ragged list, such as [Theta1_grad, Theta2_grad]: not one vector of numbers
        return True


def low_precision(returned):
    """'float32' (or 'float16') where a cost function's (J, grad) holds floats narrower than
    float64, else ''.  Such a gradient agrees with central differences to about 1e-7 at best."""
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        return ""
    for value in returned:
        if not_numbers(value):
            continue
        dtype = np.asarray(value).dtype
        if dtype.kind == "f" and dtype.itemsize < 8:
            return dtype.name
    return ""
