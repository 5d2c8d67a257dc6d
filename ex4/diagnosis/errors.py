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


_SHAPE = re.compile(r"\((\d+), ?(\d+)\)")
_CORE = re.compile(r"size (\d+) is different from (\d+)")
_NOT_ALIGNED = re.compile(r"not aligned: (\d+) \(dim \d\) != (\d+)")
_RESHAPE = re.compile(r"cannot reshape array of size (\d+) into shape \((\d+), ?(\d+)\)")


def read_shape_error(exc_text, m, sizes, code=""):
    """(name, text) naming the step a shape error comes from, read from the sizes in numpy's own words
    for a call of m examples and these layer sizes (one hidden layer), or None.

    A product off by one column is a bias unit (a(1) = [1 X], a(2) = [1 g(z(2))]); a sum of an
    m x (H + 1) and an m x H array is delta(2) with the bias unit's column kept; of m x (K + 1) and
    m x K, a Y of K + 1 columns; a Theta's shape transposed is an accumulator the wrong way round.
    ``code``, the learner's line, tells Y's width from delta(2) where K = H."""
    if len(sizes) != 3:
        return None
    n, H, K = (int(s) for s in sizes)
    shapes = [(int(a), int(b)) for a, b in _SHAPE.findall(exc_text)]
    reshape = _RESHAPE.search(exc_text)
    if reshape:
        size, rows, cols = (int(v) for v in reshape.groups())
        for l, (want_rows, want_cols) in ((1, (H, n + 1)), (2, (K, H + 1))):
            if size == want_rows * want_cols and (rows, cols) != (want_rows, want_cols):
                return (f"Theta{l} reshaped to another shape", f"{size} values reshaped into {rows} x {cols}: Theta{l} "
                        f"is {want_rows} x {want_cols}, " + ("hidden_layer_size x (input_layer_size + 1)" if l == 1 else
                                                             "num_labels x (hidden_layer_size + 1)")
                        + ", read column by column (order='F') (§1.3)")
        return None
    product = _CORE.search(exc_text) or _NOT_ALIGNED.search(exc_text)
    if product:
        off = {int(product.group(1)), int(product.group(2))}
        transposed = ".T" in code or "transpose" in code
        explanations = [(pair, reading) for pair, reading, needs_no_transpose in (
            ({n, n + 1}, ("a(1) without its bias unit", f"a product where one side has {n} columns and the other "
                          f"{n + 1} rows: a(1) = [1 X] has the bias unit's column of ones first, {n + 1} columns as "
                          "Theta1 has (§1.3)"), False),
            ({H, H + 1}, ("a(2) without its bias unit", f"a product where one side has {H} columns and the other "
                          f"{H + 1} rows: a(2) = [1 g(z(2))] has the bias unit's column of ones first, {H + 1} columns "
                          "as Theta2 has (§1.3, §2.3 step 4)"), False),
            ({n + 1, n + 2}, ("a(1) with two bias units", f"a product where one side has {n + 2} columns and the other "
                              f"{n + 1} rows: a(1) has one column of ones, first, and {n + 1} columns in all; is the "
                              "bias unit added twice? (§1.3)"), False),
            ({H + 1, H + 2}, ("a(2) with two bias units", f"a product where one side has {H + 2} columns and the other "
                              f"{H + 1} rows: a(2) has one column of ones, first, and {H + 1} columns in all; is the "
                              "bias unit added twice? (§1.3)"), False),
            ({n + 1, H}, ("Theta1 not transposed", f"a product where one side has {n + 1} columns and the other {H} "
                          "rows: z(2) = a(1) Theta1', Theta1 transposed (Theta1.T) (§1.3)"), True),
            ({H + 1, K}, ("Theta2 not transposed", f"a product where one side has {H + 1} columns and the other {K} "
                          "rows: z(3) = a(2) Theta2', Theta2 transposed (Theta2.T) (§1.3)"), True),
        ) if pair == off and not (needs_no_transpose and transposed)]
        return explanations[0][1] if len(explanations) == 1 else None  # two that fit: the sizes cannot tell
    if "broadcast" not in exc_text:
        return None
    names = set(re.findall(r"[A-Za-z_]\w*", code))
    if (m, K + 1) in shapes and (m, K) in shapes and (H != K or "Y" in names or "y" in names):
        return ("Y of K + 1 columns", f"an element-wise operation on {m} x {K + 1} and {m} x {K} arrays: Y needs num_labels = {K} "
                "columns, one per label 1..K (y.max() + 1 or np.eye(K + 1) counts a label 0 the course does not have): "
                "np.eye(num_labels)[y - 1] (§1.3)")
    widths = {w for rows, w in shapes if rows == m}
    if (m, K) in shapes and widths - {K, K + 1, H, H + 1, n, n + 1}:  # no step has that width: Y's
        width = min(widths - {K, K + 1, H, H + 1, n, n + 1})
        return ("Y of another width", f"an element-wise operation on {m} x {width} and {m} x {K} arrays: Y needs num_labels = {K} "
                f"columns, one per output (is a number of labels written in?): np.eye(num_labels)[y - 1] (§1.3)")
    if (m, H + 1) in shapes and (m, H) in shapes:
        return ("delta(2) with the bias unit's column", f"an element-wise operation on {m} x {H + 1} and {m} x {H} arrays: delta(3) "
                f"Theta2 has {H + 1} columns, the first the bias unit's; delta(2) drops it: delta(2) = (delta(3) "
                "Theta2)(:, 2:end) .* g'(z(2)) (§2.3 step 3)")
    if (m, H) in shapes and (m, K) in shapes and H != K:
        return ("the hidden and the output layer mixed", f"an element-wise operation on an {m} x {H} array (the hidden layer's) and an {m} "
                f"x {K} one (the output layer's): delta(2) = (delta(3) Theta2)(:, 2:end) .* g'(z(2)) takes the hidden "
                "layer's z(2), and delta(3) = a(3) - y the output layer's (§2.3 steps 2-3)")
    transposed = {(n + 1, H): 1, (n + 1, H - 1): 1, (H + 1, K): 2, (H + 1, K - 1): 2}
    steps = {(m, n + 1), (m, H), (m, H + 1), (m, K), (H, n + 1), (K, H + 1), (H, n), (K, H)}
    for shape in shapes:
        if shape in transposed and shape not in steps:
            l = transposed[shape]
            return ("an accumulator transposed", f"an array of shape {shape[0]} x {shape[1]}, Theta{l}'s shape "
                    f"transposed: Delta({l}) = delta({l + 1})' a({l}) has Theta{l}'s shape, and so has Theta{l}_grad "
                    "(§2.3 step 4)")
    return None
