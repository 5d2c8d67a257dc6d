"""Shared test setup: no display, the repository's paths, the optional reference file, the
slow marker, and commands run in-process.

``python -m pytest -q`` runs the fast suite; ``python -m pytest -q --run-slow`` (or
EX4_RUN_SLOW=1) also runs the tests marked slow: pip installs, notebooks run by a real
kernel, the data rebuild, full trainings and the grader's time-outs. CI runs them all.
"""

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # plot tests never need a display

REPO = Path(__file__).resolve().parent.parent
# The course's own trained weights: read only from ../shared, never committed here.
COURSE_WEIGHTS = Path(os.environ.get("EX4_COURSE_WEIGHTS",
                                     REPO.parent / "shared" / "reference" / "course-ex4weights.mat"))


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the tests marked slow (installs, notebooks, trainings, time-outs)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes seconds; skipped unless --run-slow (CI runs them)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("EX4_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


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


@pytest.fixture
def command(capsys):
    """A command's ``main(argv)`` run in this process: (exit status, stdout, stderr).

    For what a command says; a real process is started only where the process itself
    (exit status through the interpreter, isolation, installation) is what is tested.
    """
    def run(main, *argv):
        try:
            status = main(list(argv))
        except SystemExit as exc:  # argparse's usage errors exit
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture(scope="session")
def bwrap():
    """The bubblewrap sandbox, required: skipped where it cannot run, but a failure under CI
    (``CI`` set, as .ci/run runs), where bubblewrap is installed to be tested."""
    from ex4.grader import isolation

    try:
        plan = isolation.plan("auto")
        why = "" if plan.mode == "bwrap" else plan.why
    except isolation.IsolationError as exc:
        why = str(exc)
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"bubblewrap cannot sandbox under CI: {why}")
        pytest.skip(f"bubblewrap cannot sandbox here: {why}")
    return plan
