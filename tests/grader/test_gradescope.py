"""Gradescope: results.json by its specification, --gradescope DIR for a class, and an autograder
zip (--make-autograder) run as Gradescope runs it; a grader failure gives no score."""

import os
import json

import pytest

from ex4.submit import main
from class_files import COURSE_PART_NAMES, COURSE_POINTS, student_folder
from learner_files import student_file


GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def check_gradescope_spec(results):
    """The fields and types of Gradescope's autograder specification (results.json)."""
    assert isinstance(results["score"], float)
    assert results["visibility"] in GRADESCOPE_VISIBILITY and results["stdout_visibility"] in GRADESCOPE_VISIBILITY
    assert isinstance(results["output"], str)
    for test in results["tests"]:
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert test["status"] in ("passed", "failed") and test["visibility"] in GRADESCOPE_VISIBILITY
        assert 0 <= test["score"] <= test["max_score"]


def test_gradescope_results_json_follows_the_specification(tmp_path, command):
    folder = student_folder(tmp_path, "submission", mistake="bias_in_cost")
    out = tmp_path / "results.json"
    status, _, _ = command(main, str(folder), "--gradescope", str(out), "--variants", "1", "--seed", "3")
    assert status == 1
    results = json.loads(out.read_text())
    check_gradescope_spec(results)
    visible = [t for t in results["tests"] if t["visibility"] == "visible"]
    assert [t["name"] for t in visible] == [f"Part {i}: {n}" for i, n in enumerate(COURSE_PART_NAMES, 1)]
    assert [t["max_score"] for t in visible] == [float(p) for p in COURSE_POINTS]
    (hidden,) = [t for t in results["tests"] if t["visibility"] == "hidden"]
    assert hidden["max_score"] == 0.0 and "Seed of the hidden variants: 3" in hidden["output"]
    assert results["score"] == sum(t["score"] for t in results["tests"]) == 75.0
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert [t["name"][:6] for t in failed] == ["Part 2", "Part 5"]
    assert "hint: your cost's regularization term is 1.14557 where it should be 0.82072: Theta1 with its bias column" in failed[0]["output"]
    passed = results["tests"][0]
    assert "1 of 1 hidden variants passed" in passed["output"]


def test_gradescope_for_a_class_writes_a_folder_or_is_refused_before_anything_is_made(tmp_path, command):
    two = [str(student_file(tmp_path)), str(student_file(tmp_path, "raises"))]
    status, out, err = command(main, *two, "--gradescope", str(tmp_path / "r.json"),
                               "--feedback", str(tmp_path / "pages"), "--report", str(tmp_path / "report"))
    assert status == 2 and err.count("\n") == 1 and "--gradescope: 2 submissions want a folder" in err
    assert not (tmp_path / "pages").exists() and not (tmp_path / "report").exists()
    status, out, err = command(main, *two, "--gradescope", str(tmp_path / "gs"), "--quiet")
    scores = {p.parent.name: json.loads(p.read_text())["score"] for p in (tmp_path / "gs").glob("*/results.json")}
    assert scores == {"student_correct": 100.0, "student_raises": 5.0}, (scores, err)


@pytest.mark.slow
def test_make_autograder_and_run_it_as_gradescope_does(tmp_path, command):
    import shutil
    import subprocess
    import sys
    import zipfile

    from conftest import REPO

    status, out, err = command(main, "--make-autograder", str(tmp_path / "ag"), "--seed", "7")
    assert status == 0, err
    setup = (tmp_path / "ag" / "setup.sh").read_text()
    assert "apt-get update" in setup and "bubblewrap" in setup and "pip install" in setup
    run_text = (tmp_path / "ag" / "run_autograder").read_text()
    assert "--seed 7" in run_text and "--timeout 10" in run_text
    names = zipfile.ZipFile(tmp_path / "ag" / "autograder.zip").namelist()
    wheels = [n for n in names if n.endswith("-py3-none-any.whl")]
    assert {"setup.sh", "run_autograder"} <= set(names) and len(wheels) == 1, names
    assert f"pip install /autograder/source/{wheels[0]}" in setup
    # Gradescope's folders, in a root of the test's own: source/, submission/, results/.
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    zipfile.ZipFile(tmp_path / "ag" / "autograder.zip").extractall(root / "source")
    seed_file = root / "source" / "run_autograder"
    # A submission that reads the seed of the hidden variants (or anything of /autograder) gives
    # itself away: its sigmoidGradient then returns zeros.
    shutil.copy(student_file(tmp_path, prelude=f"try:\n    SEEN = open({str(seed_file)!r}).read()\n"
                                                "except OSError:\n    SEEN = ''\n"), root / "submission" / "ex4_answers.py")
    with open(root / "submission" / "ex4_answers.py", "a") as f:
        f.write("\n_right = sigmoidGradient\ndef sigmoidGradient(z):\n    return _right(z) * (0 if SEEN else 1)\n")
    command_line = ["bash", str(seed_file)]
    if os.geteuid() == 0:  # as a hosted container runs it: root without CAP_SYS_ADMIN
        command_line = [shutil.which("setpriv"), "--bounding-set=-sys_admin", "--"] + command_line
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), EX4_PYTHON=sys.executable, PYTHONPATH=str(REPO))
    done = subprocess.run(command_line, env=env, capture_output=True, text=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text())
    assert done.returncode == 0 and results["score"] == 100.0, done.stdout + done.stderr


def test_what_is_the_machines_goes_only_where_the_teacher_sees_it():
    # In a hosted container the students read "a child process as uid 61000, not a sandbox (ex4
    # launcher: [Errno 1] unshare ...)": the machine's side is the teacher's (hidden visibility).
    from ex4.grader.gradebook import gradescope_results
    from ex4.grader.grade import FileResult

    why = "not bubblewrap: bwrap: No permissions to create new namespace"
    graded = FileResult("s.py", "course", isolation="a chroot made for the run, as uid 61000",
                        isolation_setup=f"no cgroup here: CPU time read from /proc; {why}")
    failed = FileResult("s.py", "course", isolation="a chroot made for the run, as uid 61000", isolation_setup=why,
                        grader_error=True, error="s.py: the sandbox did not start (ex4 launcher: [Errno 1] unshare)")
    for result in (graded, failed):
        results = gradescope_results(result)
        seen = json.dumps([results["output"]] + [t for t in results["tests"] if t["visibility"] != "hidden"])
        assert "bwrap" not in seen and "cgroup" not in seen and "unshare" not in seen, seen
        (hidden,) = [t for t in results["tests"] if t["visibility"] == "hidden"]
        assert why in hidden["output"]
        if not result.grader_error:  # a grader error gives no score at all
            check_gradescope_spec(results)
    assert "score" not in gradescope_results(failed) and "unshare" in gradescope_results(failed)["tests"][0]["output"]


def test_an_ungradable_submission_still_gives_gradescope_its_json(tmp_path, command):
    broken = tmp_path / "broken.py"
    broken.write_text("def nnCostFunction(:\n")
    out = tmp_path / "results.json"
    command(main, str(broken), "--gradescope", str(out))
    results = json.loads(out.read_text())
    check_gradescope_spec(results)
    assert results["score"] == 0.0 and results["output"].startswith("Not graded:")


@pytest.mark.parametrize("given, written", [([], "--variants 2"), (["--variants", "0"], "--variants 0"),
                                            (["--variants", "3"], "--variants 3")], ids=["default", "0", "3"])
def test_the_autograder_takes_the_variants_given_even_0(tmp_path, command, given, written):
    status, _, err = command(main, "--make-autograder", str(tmp_path / "ag"), *given)
    assert status == 0, err
    assert f" {written} " in (tmp_path / "ag" / "run_autograder").read_text()  # 0 is a choice, not a missing value
