import numpy as np
from matplotlib.figure import Figure

from ex4 import displayData


def test_grid_layout_padding_and_scaling():
    # Three 2x2 images, unrolled column-major; each is scaled by its largest |value|.
    X = np.array([[1, 2, 3, 4], [0, 0, 0, -2], [4, 4, 4, 4]], dtype=float)
    fig, grid = displayData(X)
    assert isinstance(fig, Figure)
    # floor(sqrt(3)) = 1 row, ceil(3/1) = 3 columns, 1 pixel of padding: 1 + 1*(2+1) by 1 + 3*(2+1).
    assert grid.shape == (4, 10)
    np.testing.assert_array_equal(grid[0], -1)  # top padding row
    np.testing.assert_array_equal(grid[1:3, 1:3], [[0.25, 0.75], [0.5, 1.0]])  # reshape(x, 2, 2) / 4
    np.testing.assert_array_equal(grid[1:3, 4:6], [[0, 0], [0, -1]])
    np.testing.assert_array_equal(grid[1:3, 7:9], [[1, 1], [1, 1]])


def test_hidden_units_grid_is_5_by_5_of_20_by_20():
    rng = np.random.default_rng(0)
    _, grid = displayData(rng.standard_normal((25, 400)))
    assert grid.shape == (1 + 5 * 21, 1 + 5 * 21)
    assert grid.min() >= -1 and grid.max() <= 1
