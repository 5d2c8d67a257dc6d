"""displayData: examples (or hidden units) as a grid of gray images."""

import math

import numpy as np

from . import checks
from .checks import InputError


def displayData(X, example_width=None):
    """Show each row of ``X`` as an image, in a grid, as the course's displayData.m.

    Parameters
    ----------
    X : ndarray, shape (m, n)
        One image per row, unrolled column-major (MATLAB's ``img(:)``), as in the
        course's data; ``Theta1[:, 1:]`` shows the hidden units.
    example_width : int, optional
        Image width in pixels; by default round(sqrt(n)).  The height is n / width.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure; nothing is shown (a script calls ``plt.show()`` if it wants to).
    display_array : ndarray
        The grid image: each example scaled by its largest |value| (so each shows on
        [-1, 1]), with 1 pixel of padding (-1, black) around and between examples.

    Raises
    ------
    TypeError, ValueError
        If X is not a finite non-empty matrix, or n is not a multiple of ``example_width``.
    """
    X = np.atleast_2d(checks.as_float_array("X", X))
    X = checks.data_matrix("X", X)
    display_array = display_grid(X, example_width)

    import matplotlib.pyplot as plt  # only plotting needs matplotlib: keep the math importable without it

    fig, ax = plt.subplots(figsize=(5, 5 * display_array.shape[0] / display_array.shape[1]))
    ax.imshow(display_array, cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig, display_array


def display_grid(X, example_width=None):
    """The grid image of displayData, without plotting (see :func:`displayData`)."""
    m, n = X.shape
    if example_width is None:
        example_width = int(round(math.sqrt(n)))
        if n % example_width:  # the caller gave no width: blame X, and say what to pass
            raise InputError(
                f"X: expected rows that are images of width x height pixels; {n} columns are not a "
                f"multiple of the default width round(sqrt({n})) = {example_width}: pass example_width")
    example_width = checks.layer_size("example_width", example_width)
    if n % example_width:
        raise InputError(
            f"example_width: expected a divisor of the {n} columns of X, got {example_width}"
        )
    example_height = n // example_width

    display_rows = int(math.floor(math.sqrt(m)))
    display_cols = int(math.ceil(m / display_rows))
    pad = 1
    grid = -np.ones((pad + display_rows * (example_height + pad),
                     pad + display_cols * (example_width + pad)))
    for k in range(m):
        # The course fills the grid row by row: example k goes to row k // cols, column k % cols.
        j, i = divmod(k, display_cols)
        max_val = np.max(np.abs(X[k]))
        img = X[k].reshape((example_height, example_width), order="F")  # MATLAB's reshape
        top = pad + j * (example_height + pad)
        left = pad + i * (example_width + pad)
        grid[top:top + example_height, left:left + example_width] = img / max_val if max_val else img
    return grid
