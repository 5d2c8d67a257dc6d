"""Argument checks for the public functions, kept apart so the math stays readable.

Every helper takes the argument's public name and raises ``TypeError`` (wrong kind
of thing) or ``ValueError`` (right kind, wrong value) with a message that names the
argument, says what was expected and what arrived.  None of them uses ``assert``:
``python -O`` strips asserts, and a student running that way still deserves the check.
"""

import numbers

import numpy as np


class InputError(ValueError):
    """A value given to ex4 that it cannot take (right kind, wrong value): the message names the
    argument, what was expected and what arrived.  Commands print it as one line; any other
    exception is a bug of ex4's own and keeps its traceback."""


class InputTypeError(TypeError):
    """The same, for a value of the wrong kind."""


class CommandError(Exception):
    """What a command was asked cannot be done (a folder it cannot write, a file it would overwrite, a
    build that failed), for a reason the message gives."""


USER_ERRORS = (InputError, InputTypeError, CommandError)  # what a command prints as one line (with load.py's LoadError)


def describe(value):
    """A short description of what arrived, for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{value!r} ({type(value).__name__})"


# dtype kinds that hold real numbers: signed and unsigned integers, floats (booleans are not numbers here).
_REAL_KINDS = "iuf"


def as_float_array(name, value):
    """``value`` as a float array (no copy when it already is one), or a TypeError.

    Only real numbers pass: complex values (numpy would drop the imaginary part with
    a mere warning), strings (even numeric ones, ``["1", "2"]``), dates and times,
    and masked arrays (whose mask numpy would ignore) are refused, naming ``name``.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise InputTypeError(f"{name}: expected a numeric array, got {describe(value)}")
    if isinstance(value, np.ma.MaskedArray):
        raise InputTypeError(f"{name}: expected a plain numeric array, got a masked array (its mask would be "
                        "ignored); pass value.filled(...) or drop the masked entries")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"{name}: expected a numeric array, got {describe(value)} ({exc})") from None
    if raw.dtype.kind == "O":  # a list mixing kinds: every item must be a real number
        items = raw.reshape(-1)
        bad = next((v for v in items if isinstance(v, (str, bytes, complex, np.complexfloating, bool, np.bool_))
                    or not isinstance(v, numbers.Real)), None) if items.size else None
        if bad is not None:
            raise InputTypeError(f"{name}: expected real numbers, got {describe(bad)} among them")
    elif raw.dtype.kind == "c":
        raise InputTypeError(f"{name}: expected real numbers, got complex values (dtype {raw.dtype}); "
                        "pass the real part (.real) if that is what you mean")
    elif raw.dtype.kind == "b":
        raise InputTypeError(f"{name}: expected numbers, got booleans ({describe(raw)}); pass {name}.astype(float) "
                        "if 0 and 1 are meant")
    elif raw.dtype.kind not in _REAL_KINDS:
        raise InputTypeError(f"{name}: expected a numeric array, got {describe(raw)}")
    try:
        return np.asarray(raw, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputTypeError(f"{name}: expected real numbers, got {describe(value)} ({exc})") from None


def real_number(name, value, expected):
    """One real number, as a float: the one rule for every scalar argument.

    Accepted: Python and numpy integers and floats, and other real numbers (a
    Fraction), or an array holding exactly one of them.  Refused with a TypeError
    naming ``name``: booleans, strings, complex numbers, anything else.  Integers too
    large for a float are a ValueError.  ``expected`` says what was wanted, for the message.
    """
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in _REAL_KINDS + "O":
        value = value.reshape(-1)[0]
        value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name}: expected {expected}, got {describe(value)}")
    try:
        return float(value)
    except OverflowError:
        raise InputError(f"{name}: expected {expected}, got a number too large for a float "
                         f"({_short(value)})") from None


def _require_finite(name, arr):
    bad = ~np.isfinite(arr)
    if bad.any():
        where = np.unravel_index(np.argmax(bad), arr.shape) if arr.ndim else ()
        kind = "NaN" if np.isnan(arr[where]) else "infinity"
        raise InputError(
            f"{name}: expected finite numbers, got {kind} at index "
            f"{tuple(int(i) for i in where)} ({int(bad.sum())} non-finite values in all)"
        )


def layer_size(name, value, minimum=1):
    """A whole number of units >= ``minimum`` (positive by default), e.g. ``input_layer_size``.

    Integers, and floats with a whole value (2.0, as MATLAB habits give); not booleans,
    Fractions or strings.
    """
    what = "a positive whole number" if minimum == 1 else f"a whole number >= {minimum}"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float, np.floating)):
        raise InputTypeError(f"{name}: expected {what}, got {describe(value)}")
    if not isinstance(value, numbers.Integral) and (not np.isfinite(value) or value != int(value)):
        raise InputError(f"{name}: expected {what}, got {value!r}")
    if int(value) < minimum:
        raise InputError(f"{name}: expected {what}, got {value!r}")
    if int(value) > MAX_COUNT:  # no layer of this size fits in memory; compiled code takes 32 bits
        raise InputError(f"{name}: expected {what} below 2**31, got {_short(int(value))}")
    return int(value)


MAX_COUNT = 2 ** 31 - 1


def _short(number):
    """An integer, shortened where it has too many digits to print."""
    text = str(number)
    return text if len(text) <= 20 else f"{text[:6]}...({len(text)} digits)"


def hidden_sizes(name, value):
    """One hidden layer size (an int) or a sequence of them, as a tuple of ints."""
    if isinstance(value, (numbers.Number, np.generic)) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return (layer_size(name, value),)
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) == 0:
            raise InputError(f"{name}: expected at least one hidden layer size, got an empty {type(value).__name__}")
        return tuple(layer_size(f"{name}[{i}]", v) for i, v in enumerate(value))
    raise InputTypeError(
        f"{name}: expected a positive whole number or a sequence of them, got {describe(value)}"
    )


def layer_sizes(input_layer_size, hidden_layer_size, num_labels):
    """The units per layer, inputs first, as a tuple of ints (no checks: see network_sizes).

    ``hidden_layer_size`` is one int (the course's three-layer network) or a sequence
    of ints, one per hidden layer.
    """
    hidden = (hidden_layer_size,) if np.ndim(hidden_layer_size) == 0 else tuple(hidden_layer_size)
    return (int(input_layer_size),) + tuple(int(h) for h in hidden) + (int(num_labels),)


def param_count(sizes):
    """How many weights a network of these layer sizes has: Σ_l s_(l+1) (s_l + 1)."""
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def network_sizes(input_layer_size, hidden_layer_size, num_labels):
    """Units per layer, inputs first, from the course's three size arguments, checked."""
    return layer_sizes(
        layer_size("input_layer_size", input_layer_size),
        hidden_sizes("hidden_layer_size", hidden_layer_size),
        layer_size("num_labels", num_labels),
    )


def regularization(name, value):
    """The regularization strength lambda: a finite number >= 0."""
    value = real_number(name, value, "a number >= 0")
    if not np.isfinite(value) or value < 0:
        raise InputError(f"{name}: expected a finite number >= 0, got {value!r}")
    return value


def positive_number(name, value):
    """A finite number > 0, such as ``epsilon_init`` or a step ``e``."""
    value = real_number(name, value, "a number > 0")
    if not np.isfinite(value) or value <= 0:
        raise InputError(f"{name}: expected a finite number > 0, got {value!r}")
    return value


def numeric(name, value):
    """Any finite numeric scalar or array, as floats (for ``sigmoid`` and friends)."""
    arr = as_float_array(name, value)
    if np.isnan(arr).any():
        raise InputError(f"{name}: expected numbers, got NaN ({int(np.isnan(arr).sum())} of them)")
    return arr


def data_matrix(name, value, ncols=None, ncols_name=None, check_finite=True):
    """A non-empty 2-D matrix, one example per row; finite unless ``check_finite`` is off.

    ``nnCostFunction`` turns ``check_finite`` off and calls :func:`finite` only when its
    result is not finite: scanning all of X on every call of a training run would cost
    a tenth of the evaluation, and a NaN or infinity in X always reaches the gradient.
    """
    arr = as_float_array(name, value)
    if arr.ndim != 2:
        raise InputError(
            f"{name}: expected a 2-D matrix (one example per row), got {arr.ndim}-D shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise InputError(f"{name}: expected at least one example (row), got shape {arr.shape}")
    if ncols is not None and arr.shape[1] != ncols:
        because = f" ({ncols_name} = {ncols})" if ncols_name else ""
        raise InputError(
            f"{name}: expected {ncols} columns{because}, got shape {arr.shape}"
        )
    if check_finite:
        _require_finite(name, arr)
    return arr


def finite(name, arr):
    """Raise ValueError naming ``name`` if the array holds NaN or infinity."""
    _require_finite(name, np.asarray(arr, dtype=float))


def labels(name, value, m, num_labels):
    """Labels 1..num_labels as an int vector of length m.

    Accepts shape (m,), (m, 1) or (1, m) (a scalar when m = 1), integer or whole-valued float dtypes (as
    loadmat returns them).
    """
    arr = as_float_array(name, value)
    if arr.ndim > 2 or (arr.ndim == 2 and 1 not in arr.shape) or (arr.ndim == 0 and m != 1):
        raise InputError(
            f"{name}: expected a vector of {m} labels, shape ({m},) or ({m}, 1), got shape {arr.shape}"
        )
    arr = arr.reshape(-1)
    if arr.size != m:
        raise InputError(
            f"{name}: expected {m} labels, one per row of X, got {arr.size}"
        )
    _require_finite(name, arr)
    if np.any(arr != np.round(arr)):
        first = arr[np.argmax(arr != np.round(arr))].item()
        raise InputError(f"{name}: expected whole-number labels 1..{num_labels}, got {first!r}")
    out_of_range = (arr < 1) | (arr > num_labels)
    if out_of_range.any():
        first = arr[np.argmax(out_of_range)]
        hint = ""
        if (arr == 0).any():
            hint = (
                "; labels are 1-based as in the course (for the digits, 10 stands for the digit 0),"
                " so 0-based labels need y + 1"
            )
        raise InputError(
            f"{name}: expected labels in 1..{num_labels} (num_labels = {num_labels}), "
            f"got {int(first)}{hint}"
        )
    return arr.astype(np.intp)


def param_vector(name, value, sizes):
    """The unrolled parameter vector, of the length that the layer sizes imply."""
    arr = as_float_array(name, value)
    if arr.ndim > 2 or (arr.ndim == 2 and 1 not in arr.shape):
        raise InputError(f"{name}: expected a 1-D vector (the unrolled Thetas), got shape {arr.shape}")
    arr = arr.reshape(-1)
    counts = [f"{n_out}*({n_in}+1)" for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    expected = param_count(sizes)
    if arr.size != expected:
        raise InputError(
            f"{name}: expected length {' + '.join(counts)} = {expected} for layer sizes "
            f"{'-'.join(map(str, sizes))}, got length {arr.size}"
        )
    _require_finite(name, arr)
    return arr


def theta_chain(names, thetas):
    """Weight matrices whose shapes chain: each has 1 + (rows of the one before) columns."""
    mats = []
    for name, theta in zip(names, thetas):
        arr = as_float_array(name, theta)
        if arr.ndim != 2:
            raise InputError(f"{name}: expected a 2-D weight matrix, got {arr.ndim}-D shape {arr.shape}")
        if arr.shape[1] < 2 or arr.shape[0] < 1:
            raise InputError(
                f"{name}: expected shape (units out, 1 + units in) with a bias column, got shape {arr.shape}"
            )
        _require_finite(name, arr)
        mats.append(arr)
    for (prev_name, prev), (name, arr) in zip(zip(names, mats), zip(names[1:], mats[1:])):
        if arr.shape[1] != prev.shape[0] + 1:
            raise InputError(
                f"{name}: expected {prev.shape[0] + 1} columns (1 + the {prev.shape[0]} rows of "
                f"{prev_name}), got shape {arr.shape}; the Thetas' shapes do not chain"
            )
    return mats
