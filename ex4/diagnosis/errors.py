"""An error a learner's code raised, read from its text: numpy's words, not a list of files."""

import re


SHAPE_ERROR_WORDS = ("shape", "broadcast", "dimension", "aligned", "concatenat", "mismatch")
_ALIGNED = re.compile(r"shapes \((\d+), ?(\d+)\) and \((\d+), ?(\d+)\) not aligned")


SIGNATURES = {"nnCostFunction": "nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, "
                                 "lambda_)",
              "sigmoidGradient": "sigmoidGradient(z)", "randInitializeWeights": "randInitializeWeights(L_in, L_out)"}
_CALLED = re.compile(r"\b(nnCostFunction|sigmoidGradient|randInitializeWeights)\(\) (takes|missing|got)")


def error_reading(exc_text):
    """(name, text) for an error the learner's code raised that is not about the sizes of the
    network (those get the table of shapes), or None.  Read from the error itself, numpy's words."""
    called = _CALLED.search(exc_text)
    if called and "TypeError" in exc_text:
        name = called.group(1)
        return ("another signature", f"your {name} takes other arguments than the course's, which calls it as "
                f"{SIGNATURES[name]}, in that order ({exc_text.split(': ', 1)[-1]})")
    if "(in an np.matrix product)" in exc_text:
        return ("np.matrix's * is a matrix product", "with np.matrix, * multiplies matrices, not element by element as "
                "MATLAB's .* does: keep plain arrays (np.asarray, or np.array instead of np.matrix), where * is "
                "element by element and @ the matrix product")
    low = exc_text.lower()
    if "arrays can be converted to python scalars" in low or ("must be real number" in low and "ndarray" in low):
        return ("math function on an array", "a function of the math module (math.exp, math.log) or float() was "
                "given an array: they take one number; use numpy's, np.exp and np.log, which work element by element")
    aligned = _ALIGNED.search(exc_text)
    if aligned and aligned.group(1, 2) == aligned.group(3, 4):
        return ("matrix product of equal shapes", "np.dot (or @) multiplies matrices, and two matrices of the same "
                "shape do not multiply so; element by element, as MATLAB's .*, is * in numpy")
    if "'list' object has no attribute" in low or "can't multiply sequence" in low or (
            "unsupported operand" in low and "list" in low):
        return ("a list where an array is meant", "a Python list does not do arithmetic element by element: make "
                "it an array first, np.array(...)")
    if "index" in low and "out of bounds" in low:
        return ("index out of bounds", "an index past the end of an axis: labels run 1..num_labels (for the "
                "digits, 10 stands for the digit 0), and Python counts from 0: as a column index, label y is y - 1")
    return None


def is_shape_error(exc_text):
    """Whether an error's text (``ValueError: operands could not be broadcast ...``) is about the
    network's shapes: where :func:`error_reading` has nothing more exact to say."""
    if error_reading(exc_text) is not None:
        return False
    first = exc_text.lower()
    return any(word in first for word in SHAPE_ERROR_WORDS)
