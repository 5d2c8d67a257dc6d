"""`pip install .` and `pip install -e .` in a fresh virtual environment, then the learner's loop
from a folder outside the clone: start, the exercise on their file, the grader.

The new environment sees the running one's numpy, scipy and matplotlib through a .pth
file (installing them again would take minutes); the project itself is built and
installed by pip as a learner's pip would (build isolation: setuptools from the index).
"""

import os
import shutil
import subprocess
import sys
import sysconfig

import pytest

from learner_files import REPO, write_solution

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(),
                                reason="needs the git clone, to copy the tracked files")


def sh(command, cwd, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=600, **kwargs)


def fresh_clone(folder):
    """The files git tracks (and new ones it does not ignore), as a clone would have them."""
    listed = sh(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, folder / name)
    return folder


def venv_with_dependencies(folder):
    sh([sys.executable, "-m", "venv", str(folder)], cwd=folder.parent).check_returncode()
    python = folder / ("Scripts" if os.name == "nt" else "bin") / "python"
    site = sh([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=folder).stdout.strip()
    import matplotlib
    import numpy
    import scipy
    here = {os.path.dirname(os.path.dirname(m.__file__)) for m in (numpy, scipy, matplotlib)}
    here.add(sysconfig.get_paths()["purelib"])
    (folder.parent / site / "outer.pth").write_text("\n".join(sorted(here)) + "\n")
    return python


@pytest.mark.slow
@pytest.mark.parametrize("editable", [False, True], ids=["pip install .", "pip install -e ."])
def test_installed_package_does_the_learners_loop_from_another_folder(tmp_path, editable):
    clone = fresh_clone(tmp_path / "clone")
    python = venv_with_dependencies(tmp_path / "venv")
    install = sh([str(python), "-m", "pip", "install", "--no-deps", "--disable-pip-version-check",
                  *(["-e"] if editable else []), str(clone)], cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr

    learner = tmp_path / "my work"
    learner.mkdir()
    where = sh([str(python), "-c", "import ex4, ex4.data; print(ex4.__file__); print(ex4.data.DIGITS_FILE)"], cwd=learner)
    package_file, digits_file = where.stdout.split("\n")[:2]
    assert digits_file.endswith("ex4data1.mat") and os.path.isfile(digits_file)
    if editable:
        assert package_file.startswith(str(clone))
    else:  # the data travelled with the package: nothing of the clone is needed any more
        assert "site-packages" in package_file and "site-packages" in digits_file
        shutil.rmtree(clone)

    start = sh([str(python), "-m", "ex4", "start"], cwd=learner)
    assert start.returncode == 0, start.stderr
    write_solution(learner)  # overwrite the starter with its blanks filled in
    exercise = sh([str(python), "-m", "ex4", "--impl", "my_ex4.py", "--maxiter", "2"], cwd=learner)
    assert exercise.returncode == 0, exercise.stderr
    assert "Cost at parameters (loaded from ex4weights): 0.156755" in exercise.stdout
    grade = sh([str(python), "-m", "ex4.submit", "my_ex4.py"], cwd=learner)
    assert grade.returncode == 0 and "| 100 / 100 |" in grade.stdout, grade.stdout + grade.stderr
    script = sh([str(python.parent / "ex4-submit"), str(learner / "my_ex4.py")], cwd=tmp_path)
    assert script.returncode == 0, script.stdout + script.stderr
    if "bubblewrap" in grade.stdout:  # installed, the reference is hidden from the sandbox all the same
        thief = tmp_path / "thief"
        thief.mkdir()
        (thief / "thief.py").write_text("import importlib.metadata\nimport ex4.cost\n"
                                        "def nnCostFunction(*a):\n    return ex4.cost.nnCostFunction(*a)\n")
        stolen = sh([str(python), "-m", "ex4.submit", "thief/thief.py"], cwd=tmp_path)
        assert stolen.returncode == 2 and "cannot be imported" in stolen.stderr, stolen.stdout + stolen.stderr
        probe = sh([str(python), "-c", "import ex4.cost, importlib.metadata as m; print(m.version('ex4'))"], cwd=thief)
        assert probe.returncode == 0  # outside the sandbox the same import works: the test can fail
