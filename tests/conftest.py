"""Shared test setup: no display, the repository's paths, the optional reference file."""

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # plot tests never need a display

REPO = Path(__file__).resolve().parent.parent
# The course's own trained weights: read only from ../shared, never committed here.
COURSE_WEIGHTS = Path(os.environ.get("EX4_COURSE_WEIGHTS",
                                     REPO.parent / "shared" / "reference" / "course-ex4weights.mat"))


@pytest.fixture(scope="session")
def digits():
    from ex4.data import load_digits
    return load_digits()


@pytest.fixture(scope="session")
def course_weights():
    if not COURSE_WEIGHTS.is_file():
        pytest.skip(f"the course's weights are not at {COURSE_WEIGHTS}")
    import scipy.io
    d = scipy.io.loadmat(COURSE_WEIGHTS)
    return d["Theta1"], d["Theta2"]
