"""Resizing an image as MATLAB's ``imresize(img, [rows cols])`` does by default.

Only what the data rebuild needs: bicubic interpolation with antialiasing when
shrinking, on a 2-D float image.  MATLAB's recipe, per dimension:

- the Keys cubic kernel with a = -0.5;
- when shrinking by ``scale`` (< 1), the kernel is widened by 1/scale and scaled by
  ``scale`` (antialiasing), so its support is 4/scale input pixels;
- output pixel u (1-based) is centred at input coordinate u/scale + 0.5 (1 - 1/scale);
- each output pixel's weights are normalized to sum to 1;
- input indices beyond the border are mirrored: 1, 2, ..., n, n, n-1, ...

Each dimension is one matrix, so ``imresize(img) = Wr @ img @ Wc.T``.  MATLAB resizes
the dimension with the smaller scale first, the rows when they tie, and so does this
(the two orders differ only in rounding).
"""

import numpy as np


def cubic(x):
    """Keys' cubic convolution kernel with a = -0.5, as MATLAB's imresize uses."""
    ax = np.abs(x)
    ax2, ax3 = ax**2, ax**3
    return ((1.5 * ax3 - 2.5 * ax2 + 1) * (ax <= 1)
            + (-0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2) * ((ax > 1) & (ax <= 2)))


def resize_matrix(in_length, out_length):
    """The (out_length, in_length) matrix that resizes one dimension.

    Row u holds the weights of output pixel u + 1 over the input pixels, with
    mirrored indices folded back onto the pixels they stand for.
    """
    scale = out_length / in_length
    if scale < 1:  # antialiasing: a wider, lower kernel
        kernel_width = 4.0 / scale
        def kernel(x):
            return scale * cubic(scale * x)
    else:
        kernel_width = 4.0
        kernel = cubic

    u = np.arange(1, out_length + 1)
    x = u / scale + 0.5 * (1 - 1 / scale)  # input coordinate of each output pixel (1-based)
    left = np.floor(x - kernel_width / 2)
    taps = int(np.ceil(kernel_width)) + 2
    indices = left[:, None] + np.arange(taps)[None, :]  # 1-based, may run past the border
    weights = kernel(x[:, None] - indices)
    weights /= weights.sum(axis=1, keepdims=True)

    mirror = np.concatenate([np.arange(1, in_length + 1), np.arange(in_length, 0, -1)])
    indices = mirror[np.mod(indices - 1, mirror.size).astype(int)]

    matrix = np.zeros((out_length, in_length))
    rows = np.repeat(np.arange(out_length), taps)
    np.add.at(matrix, (rows, indices.ravel() - 1), weights.ravel())
    return matrix


def imresize(img, shape):
    """``imresize(img, shape)`` for a 2-D float image: bicubic, antialiased."""
    img = np.asarray(img, dtype=float)
    Wr = resize_matrix(img.shape[0], shape[0])
    Wc = resize_matrix(img.shape[1], shape[1])
    if shape[1] / img.shape[1] < shape[0] / img.shape[0]:  # the columns shrink more: they go first
        return Wr @ (img @ Wc.T)
    return (Wr @ img) @ Wc.T  # rows first (also when the scales tie)
