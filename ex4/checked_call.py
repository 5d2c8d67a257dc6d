"""A learner's cost function, called as MATLAB calls it and its result checked.

``ex4.checkNNGradients`` and ``ex4.train`` take any function with nnCostFunction's
signature; :func:`checked_cost_function` wraps one so that it gets its arguments by
value and what it returns is read as ``(J, grad)`` or refused with a message naming it.
"""

import numpy as np

from .checks import InputTypeError, describe
from .inside.calls import COST_ARGUMENTS, add_notes, call_by_value
from .inside.values import low_precision, not_numbers


def cost_function_result(name, returned, n):
    """What a cost function such as ``nnCostFunction`` returned, as ``(J, grad)``.

    ``returned`` must be a pair: J one real number, grad ``n`` real numbers (a vector,
    or a one-column or one-row matrix, as MATLAB's ``grad(:)``).  Returns a float and
    a new 1-D float array; anything else is a TypeError naming ``name``.
    """
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        raise InputTypeError(f"{name}: expected it to return (J, grad), got {describe(returned)}")
    J, grad = returned
    if isinstance(grad, (list, tuple)) and len(grad) > 1 and all(np.ndim(g) == 2 for g in grad):
        raise InputTypeError(f"{name}: expected grad to be one vector, got a {type(grad).__name__} of {len(grad)} "
                        "matrices: unroll them into one, np.concatenate([Theta1_grad.ravel(order='F'), "
                        "Theta2_grad.ravel(order='F')])")
    for what, value in (("J", J), ("grad", grad)):
        if not_numbers(value):
            raise InputTypeError(f"{name}: expected {what} to be {'a number' if what == 'J' else 'numbers'}, "
                            f"got {describe(value)}")
    try:
        J_arr = np.asarray(J, dtype=float)
        grad_arr = np.array(grad, dtype=float)
    except (TypeError, ValueError):
        raise InputTypeError(f"{name}: expected J a number and grad numbers, got J = {describe(J)}, "
                        f"grad {describe(grad)}") from None
    if J_arr.size == n and grad_arr.size == 1:
        raise InputTypeError(f"{name}: returned (grad, J), the gradient first: the course's order is J, grad: return J, grad")
    if J_arr.size != 1:
        raise InputTypeError(f"{name}: expected J to be one number, got {describe(J_arr)}")
    if grad_arr.size != n or grad_arr.ndim > 2 or (grad_arr.ndim == 2 and 1 not in grad_arr.shape):
        raise InputTypeError(f"{name}: expected grad to be a vector of {n} values, unrolled like nn_params, "
                        f"got {describe(grad_arr)}")
    return float(J_arr.reshape(())), grad_arr.reshape(-1)


PRECISION_NOTE = ("your nnCostFunction returns {dtype} values: {dtype} keeps about 7 digits, so its gradient "
                  "cannot agree with central differences much below 1e-7; compute in float64, numpy's default "
                  "(drop the .astype({dtype}) or dtype={dtype})")


def checked_cost_function(cost_function, name=None):
    """``cost_function`` (nnCostFunction's signature) called by value, its result checked.

    Each call gets copies of ``nn_params``, ``X`` and ``y``, as MATLAB passes them by
    value: a function that changes its arguments in place (``Theta1[:, 0] = 0`` on
    a view of nn_params is a common way) must not change the caller's.  What it
    returns goes through :func:`cost_function_result`; errors name it ``name`` (by
    default the function's own name).
    """
    if not callable(cost_function):
        raise InputTypeError(f"cost_function: expected a function with nnCostFunction's signature, "
                        f"got {cost_function!r}")
    name = name or getattr(cost_function, "__name__", "cost_function")

    def by_value(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        args = [np.array(nn_params, dtype=float), input_layer_size, hidden_layer_size, num_labels,
                np.array(X, dtype=float), np.array(y), lambda_]
        returned, changed = call_by_value(cost_function, args, COST_ARGUMENTS, name)
        add_notes(by_value.changes, changed)
        by_value.precision = by_value.precision or low_precision(returned)
        return cost_function_result(name, returned, np.size(nn_params))

    by_value.precision = ""  # 'float32' once it has returned float32 values (see low_precision)
    by_value.changes = []  # a note for each argument it changed in place (see ex4.inside.calls)
    return by_value
