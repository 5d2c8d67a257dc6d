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
    if not COURSE_WEIGHTS.is_file():  # test data of ../shared: CI must have it, elsewhere it may be absent
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"the course's weights are not at {COURSE_WEIGHTS}")
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
def graded_class(tmp_path_factory):
    """Five students graded once with everything on: (folder, exit status, stdout, stderr).
    Read by the gradebook, feedback-page and class-report tests."""
    import contextlib
    import io

    from class_files import student_folder
    from learner_files import STUDENT_TEMPLATE

    from ex4.submit import main

    root = tmp_path_factory.mktemp("class")
    subs = root / "submissions"
    subs.mkdir()
    student_folder(subs, "alice")
    student_folder(subs, "bob", mistake="bias_in_cost")
    dora = student_folder(subs, "dora", mistake="python_port")  # the port's mark: it imports utils
    (dora / "ex4_answers.py").write_text("import utils\n" + (dora / "ex4_answers.py").read_text())
    evil = student_folder(subs, "eve<script>")
    # A learner's error message is text from the child: it must arrive escaped.
    (evil / "ex4_answers.py").write_text(
        "def nnCostFunction(*args):\n    raise ValueError('<script>alert(1)</script>')\n"
        "def sigmoidGradient(z):\n    raise ValueError('<img src=x onerror=alert(2)>')\n")
    # Right on the course's case only: the hidden variants fail, and their numbers stay hidden.
    fixed = subs / "frank"
    fixed.mkdir()
    (fixed / "answers.py").write_text(STUDENT_TEMPLATE.format(mistake=None) + (
        "\n_course_sigmoid_gradient = sigmoidGradient\n"
        "def sigmoidGradient(z):\n"
        "    import inspect\n"
        "    import numpy as np\n"
        "    z = np.asarray(z, dtype=float)\n"
        "    if z.shape == (3, 10) or z.ndim < 2 or inspect.stack()[1].function == 'nnCostFunction':\n"
        "        return _course_sigmoid_gradient(z)\n"
        "    return np.zeros_like(z)\n"))
    out_dir = root / "out"
    out_dir.mkdir()
    folders = sorted(str(p) for p in subs.iterdir())
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main([*folders, "--convention", "auto", "--variants", "2", "--seed", "424242", "--jobs", "2",
                       "--csv", str(out_dir / "grades.csv"), "--feedback", str(out_dir / "pages"),
                       "--report", str(out_dir / "report"), "--json", str(out_dir / "grades.json"),
                       "--timeout", "30"])
    return out_dir, status, stdout.getvalue(), stderr.getvalue()


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


def skip_unless_mode_is_had(mode):
    """Skip where this user cannot have isolation ``mode``: the chroot is root's, a child process an
    ordinary user's (never root's); bubblewrap is required (see the ``bwrap`` fixture)."""
    root = os.geteuid() == 0
    if mode == "chroot" and not root:
        pytest.skip("the chroot is root's (an ordinary user's sandbox is bubblewrap)")
    if mode == "process" and root:
        pytest.skip("a child process is an ordinary user's mode, never root's")
