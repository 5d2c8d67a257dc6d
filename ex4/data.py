"""Loading the exercise's MAT-files: the digits (X, y) and trained weights (Theta1, Theta2).

Labels follow the course: y holds 1..10, and **10 stands for the digit 0** (MATLAB
indexes from 1, so the course gave the digit 0 the label 10).  Images are 20x20 gray
levels unrolled column-major into the 400 columns of X, as MATLAB's ``img(:)``.
The bundled files live in the repository's ``data/`` folder (see data/README.md); an
installed copy of the package carries them as ``ex4/_bundled/`` (see pyproject.toml).
"""

from pathlib import Path

import numpy as np
import scipy.io
import scipy.sparse

from . import checks
from .checks import InputError, InputTypeError



def _bundled_data_dir():
    """Where the bundled MAT-files are: inside an installed package, else the clone's data/."""
    package = Path(__file__).resolve().parent
    installed = package / "_bundled"
    return installed if (installed / "ex4data1.mat").is_file() else package.parent / "data"


DATA_DIR = _bundled_data_dir()
DIGITS_FILE = DATA_DIR / "ex4data1.mat"
WEIGHTS_FILE = DATA_DIR / "ex4weights.mat"


class DataFileError(InputError):
    """A data file that is missing, unreadable, or without the expected variables."""


def load_mat(path, names):
    """The named variables of a MAT-file, as float arrays.

    Parameters
    ----------
    path : str or Path
    names : dict of str to tuple
        For each variable the shape it must have; ``None`` in a shape accepts any
        length there, e.g. ``{"X": (None, 400), "y": (None, 1)}``.

    Returns
    -------
    arrays : dict of str to ndarray (float64)

    Raises
    ------
    DataFileError
        (a ValueError) naming the path and what is wrong: missing, not a MAT-file,
        a variable missing or of another shape.
    """
    if not isinstance(names, dict) or not all(isinstance(k, str) and isinstance(v, tuple) for k, v in names.items()):
        raise InputTypeError(f"names: expected a dict of variable name to shape, such as "
                        f"{{'X': (None, 400)}}, got {names!r}")
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"{path}: no such file")
    try:
        contents = scipy.io.loadmat(path)
    except Exception as exc:  # noqa: BLE001 - scipy raises many kinds (ValueError, IndexError,
        # NotImplementedError for v7.3 HDF5 files, ...): each means the same to the user.
        raise DataFileError(f"{path}: not a readable MAT-file ({type(exc).__name__}: {exc})") from None
    arrays = {}
    for name, shape in names.items():
        if name not in contents:
            found = sorted(k for k in contents if not k.startswith("__"))
            raise DataFileError(f"{path}: expected a variable {name!r}, found {found or 'none'}")
        value = contents[name]
        if scipy.sparse.issparse(value):  # MATLAB saves sparse matrices as such: the same numbers
            value = value.toarray()
        if np.iscomplexobj(value):
            raise DataFileError(f"{path}: expected {name} to hold real numbers, got complex values "
                                f"(dtype {value.dtype})")
        if not np.issubdtype(value.dtype, np.number) or value.ndim != len(shape) or any(
            want is not None and got != want for want, got in zip(shape, value.shape)
        ):
            want = " x ".join("m" if s is None else str(s) for s in shape)
            raise DataFileError(
                f"{path}: expected {name} to be a numeric {want} matrix, "
                f"got {value.dtype} of shape {value.shape}"
            )
        arrays[name] = np.asarray(value, dtype=float)
    return arrays


def load_digits(path=DIGITS_FILE):
    """X (m x 400, pixel values) and y (m,, labels 1..10; 10 = digit 0) from a MAT-file.

    The course's own ``ex4data1.mat`` works as well as the bundled one.
    """
    d = load_mat(path, {"X": (None, 400), "y": (None, 1)})
    X, y = d["X"], d["y"].ravel()
    if X.shape[0] == 0:
        raise DataFileError(f"{path}: X has no rows (no examples)")
    if X.shape[0] != y.shape[0]:
        raise DataFileError(f"{path}: X has {X.shape[0]} rows but y has {y.shape[0]}")
    if not np.isfinite(X).all():
        raise DataFileError(f"{path}: X holds NaN or infinity")
    if not np.all(np.isin(y, np.arange(1, 11))):
        raise DataFileError(f"{path}: expected y to hold labels 1..10 (10 = digit 0), got {np.unique(y)[:12]}")
    return np.ascontiguousarray(X), y.astype(np.intp)


def load_weights(path=WEIGHTS_FILE, input_layer_size=400, hidden_layer_size=25, num_labels=10):
    """Theta1 and Theta2 from a MAT-file such as the course's ``ex4weights.mat``."""
    input_layer_size, hidden_layer_size, num_labels = (
        checks.layer_size(name, value) for name, value in
        (("input_layer_size", input_layer_size), ("hidden_layer_size", hidden_layer_size), ("num_labels", num_labels)))
    d = load_mat(path, {"Theta1": (hidden_layer_size, input_layer_size + 1),
                        "Theta2": (num_labels, hidden_layer_size + 1)})
    if not (np.isfinite(d["Theta1"]).all() and np.isfinite(d["Theta2"]).all()):
        raise DataFileError(f"{path}: Theta1 or Theta2 holds NaN or infinity")
    return d["Theta1"], d["Theta2"]
