"""`pip install .` and `pip install -e .` in a fresh virtual environment, then the learner's loop
from a folder outside the clone, with the commands `ex4 start` prints: start, the exercise on their
file, the grader, and the Gradescope bundle built from the installed package.

The new environment sees the running one's numpy, scipy and matplotlib (and what they need, no
more: never an ex4 installed there) through a .pth file (installing them again would take
minutes); the project itself is built and installed by pip as a learner's pip would (build
isolation: setuptools from the index).
"""

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile

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


def dependency_closure(names=("numpy", "scipy", "matplotlib", "threadpoolctl")):
    """The installed distributions ``names`` need, with theirs (extras and other platforms left out)."""
    seen, todo = {}, list(names)
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop(), maxsplit=1)[0]
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        todo += [r for r in dist.requires or [] if "extra ==" not in r and "platform" not in r]
    return list(seen.values())


def venv_with_dependencies(folder):
    """A fresh venv that sees this one's dependencies through a .pth naming a site-packages of their
    own files only, hard links where it can (one naming this whole site-packages would show the
    new venv this environment's ex4 as well)."""
    sh([sys.executable, "-m", "venv", str(folder)], cwd=folder.parent).check_returncode()
    python = folder / ("Scripts" if os.name == "nt" else "bin") / "python"
    site = sh([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=folder).stdout.strip()
    linked = folder.parent / "dependencies" / "site-packages"
    for dist in dependency_closure():
        for entry in dist.files or []:
            source, target = dist.locate_file(entry), linked / entry
            if entry.parts[0] == ".." or not os.path.isfile(source) or os.path.lexists(target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # another filesystem
                shutil.copy2(source, target)
    assert not (linked / "ex4").exists()
    (folder.parent / site / "outer.pth").write_text(f"{linked}\n")
    return python


# The course's ex4.m, ported beside the learner's functions, as one-function-per-file ports keep it:
# python -m ex4... from this folder runs it instead of the package.
LEARNERS_OWN_EX4 = "import sys\nprint('my own ex4.py ran')\nsys.exit(7)\n"


def printed_commands(text):
    """The command lines ``ex4 start`` printed, each as an argument list: {'--impl': [...], 'submit': [...]}."""
    found = {}
    for line in text.splitlines():
        if line.startswith("  "):
            words = shlex.split(line.strip().split("   ")[0])
            found["--impl" if "--impl" in words else "submit"] = words
    return found


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

    (learner / "ex4.py").write_text(LEARNERS_OWN_EX4)
    start = sh([str(python.parent / "ex4"), "start"], cwd=learner)
    assert start.returncode == 0, start.stderr
    commands = printed_commands(start.stdout)
    assert commands["--impl"][1:] == ["--impl", "my_ex4.py"] and commands["submit"][1:] == ["my_ex4.py"], start.stdout
    assert os.path.samefile(commands["--impl"][0], python.parent / "ex4"), start.stdout  # not on PATH: its full path
    write_solution(learner)  # overwrite the starter with its blanks filled in
    exercise = sh(commands["--impl"] + ["--maxiter", "2"], cwd=learner)
    assert exercise.returncode == 0, exercise.stdout + exercise.stderr
    assert "Cost at parameters (loaded from ex4weights): 0.156755" in exercise.stdout
    hijacked = sh([str(python), "-m", "ex4.submit", "my_ex4.py"], cwd=learner)  # what the commands avoid
    assert hijacked.returncode == 7 and "my own ex4.py ran" in hijacked.stdout
    # The grader imports the file as Python would from its folder: its `from ex4 import sigmoid`
    # gets the learner's ex4.py, and the grader says so; renamed, the file is graded.
    grade = sh(commands["submit"], cwd=learner)
    assert grade.returncode == 2 and "it called sys.exit(7); that is the ex4.py beside it" in grade.stderr, grade.stderr
    (learner / "ex4.py").rename(learner / "ex4_script.py")
    grade = sh(commands["submit"], cwd=learner)
    assert grade.returncode == 0 and "| 100 / 100 |" in grade.stdout, grade.stdout + grade.stderr
    script = sh([str(python.parent / "ex4-submit"), str(learner / "my_ex4.py")], cwd=tmp_path)
    assert script.returncode == 0, script.stdout + script.stderr
    bundle = sh([str(python.parent / "ex4-submit"), "--make-autograder", "gradescope"], cwd=learner)
    assert bundle.returncode == 0, bundle.stderr  # from the installed package, not only from a clone
    names = zipfile.ZipFile(learner / "gradescope" / "autograder.zip").namelist()
    wheel = next(n for n in names if n.endswith(".whl"))
    inside = zipfile.ZipFile(zipfile.ZipFile(learner / "gradescope" / "autograder.zip").open(wheel)).namelist()
    assert {"ex4/grader/grade.py", "ex4/_bundled/ex4data1.mat", "ex4/inside/shims/utils.py"} <= set(inside)
    if "bubblewrap" in grade.stdout:  # installed, the reference is hidden from the sandbox all the same
        thief = tmp_path / "thief"
        thief.mkdir()
        (thief / "thief.py").write_text("import importlib.metadata\nimport ex4.cost\n"
                                        "def nnCostFunction(*a):\n    return ex4.cost.nnCostFunction(*a)\n")
        stolen = sh([str(python.parent / "ex4-submit"), "thief/thief.py"], cwd=tmp_path)
        assert stolen.returncode == 2 and "cannot be imported" in stolen.stderr, stolen.stdout + stolen.stderr
        probe = sh([str(python), "-c", "import ex4.cost, importlib.metadata as m; print(m.version('ex4'))"], cwd=thief)
        assert probe.returncode == 0  # outside the sandbox the same import works: the test can fail
