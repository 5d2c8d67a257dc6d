"""What a PNG shows, read from its pixels: where a colour stands (the tests of the figures and pages)."""

import matplotlib.image
import numpy as np


def mask(png, colour, tolerance=0.04):
    """Where the image at ``png`` has the colour ``colour`` ('#rrggbb'), as a boolean array."""
    image = matplotlib.image.imread(str(png))[..., :3]
    rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.all(np.abs(image - rgb) <= tolerance, axis=-1)


def runs(found, axis, least=1):
    """The runs of rows (axis 0) or columns (axis 1) holding the colour over ``least`` pixels or more
    of their length: one per bar of a bar chart (a legend's small patch left out by ``least``)."""
    present = found.sum(axis=1 - axis) >= least
    edges = np.diff(np.concatenate([[0], present.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))
