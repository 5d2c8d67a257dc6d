"""Grading a class as a run: --jobs, the options refused before any grading, a progress line,
one CPU budget per file, Ctrl-C, and no file's output lost to another file or a name."""

import csv
import os
import json

import pytest

from ex4.install import module_command
from ex4.submit import main
from class_files import student_folder
from learner_files import STUDENT_TEMPLATE, student_file


@pytest.mark.slow
def test_jobs_2_gives_what_jobs_1_gives_in_the_order_given(tmp_path, command):
    files = [str(student_file(tmp_path, m)) for m in (None, "bias_in_cost", "raises", "row_major", "lambda_over_m")]
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.json"
        status, stdout, _ = command(main, *files, "--jobs", jobs, "--variants", "1", "--seed", "5",
                                    "--json", str(out))
        graded = json.loads(out.read_text())["files"]
        for f in graded:
            f.pop("isolation")
        results.append((status, [f["target"] for f in graded], graded,
                        [line for line in stdout.splitlines() if line.startswith("Grading ")]))
    assert results[0] == results[1]
    assert results[0][1] == files


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs: expected a positive whole number, got '0'"),
    (["--csv", ""], "--csv: expected a file name, got an empty name"),
])
def test_bad_gradebook_options_are_one_line(tmp_path, command, args, message):
    status, out, err = command(main, str(student_file(tmp_path)), *args)
    assert status == 2 and err.count("\n") == 1 and message in err, err


def test_feedback_into_a_file_is_refused_before_grading(tmp_path, command):
    (tmp_path / "taken").write_text("")
    status, out, err = command(main, str(student_file(tmp_path)), "--feedback", str(tmp_path / "taken"))
    assert status == 2 and out == "" and "--feedback" in err and "is not a folder" in err


FORGER = """
import sys, time
def sigmoidGradient(z):
    return z
def nnCostFunction(*args):
    # Reach the worker's answer channel up the stack and hand back a number too large for a float.
    frame = sys._getframe(1)
    while not {"answer", "request"} <= frame.f_locals.keys():
        frame = frame.f_back
    frame.f_locals["answer"]({"id": frame.f_locals["request"]["id"], "J": [10**400], "grad": [0.0], "float32": False,
                              "used_ex4": False})
    time.sleep(100)
"""


def test_an_answer_too_large_for_a_float_fails_that_file_not_the_class(tmp_path, command):
    forger = student_folder(tmp_path, "zed")
    (forger / "ex4_answers.py").write_text(FORGER)
    alice = student_folder(tmp_path, "alice")
    out = tmp_path / "grades.csv"
    status, _, err = command(main, str(forger), str(alice), "--csv", str(out), "--timeout", "10")
    rows = {r["student"]: r for r in csv.DictReader(out.open(newline="", encoding="utf-8-sig"))}
    assert rows["alice"]["total"] == "100"
    assert rows["zed"]["total"] == "" and "grader's channel" in rows["zed"]["status"] and "Traceback" not in err, rows["zed"]


def test_an_output_over_a_file_chosen_inside_a_folder_is_refused(tmp_path, command):
    alice = student_folder(tmp_path, "alice")
    before = (alice / "ex4_answers.py").read_text()
    status, out, err = command(main, str(alice), "--csv", str(alice / "ex4_answers.py"))
    assert status == 2 and "--csv" in err and "is a file being graded" in err
    assert (alice / "ex4_answers.py").read_text() == before


def test_a_progress_line_as_each_file_finishes_and_none_with_quiet(tmp_path, command):
    folders = [str(student_folder(tmp_path, name)) for name in ("alice", "bob")]
    status, out, err = command(main, *folders, "--jobs", "2")
    lines = sorted(line for line in err.splitlines() if line.startswith("["))
    assert status == 0 and len(lines) == 2 and all(" 100/100 " in line and line.endswith(" s") for line in lines)
    assert {line.split()[0] for line in lines} == {"[1/2]", "[2/2]"}
    status, out, err = command(main, *folders, "--quiet")
    assert status == 0 and not [line for line in err.splitlines() if line.startswith("[")]


LOOPING = STUDENT_TEMPLATE.format(mistake=None).replace(
    "    a1 = np.hstack([np.ones((m, 1)), X])\n",
    "    a1 = np.hstack([np.ones((m, 1)), X])\n"
    "    for i in range(m):  # the handout's per-example loop, as many first solutions have it\n"
    "        _ = sigmoid(Theta2 @ np.concatenate([[1.0], sigmoid(Theta1 @ a1[i])]))\n")


def test_a_correct_file_looping_over_the_examples_uses_a_small_share_of_the_budget(tmp_path):
    from ex4.grader.grade import TIMEOUT, grade

    path = tmp_path / "loops.py"
    path.write_text(LOOPING)
    # Graded under a quarter of the usual budget: the grader's own CPU limit is the measure.
    result = grade(str(path), variants=3, seed=8, timeout=TIMEOUT / 4)
    assert result.total == 100, [(p.part, p.detail) for p in result.parts if p.score < p.points]
    assert result.cpu_seconds > 0  # the time it used is reported (the class's times list it)


@pytest.mark.slow
@pytest.mark.parametrize("hang", ["    while True:\n        pass\n", "    import time\n    time.sleep(3600)\n"],
                         ids=["spinning", "sleeping"])
def test_a_hang_costs_the_file_one_budget_and_nothing_after(tmp_path, hang):
    from ex4.grader.grade import grade

    path = tmp_path / "hang.py"
    path.write_text(STUDENT_TEMPLATE.format(mistake=None).replace("    m = X.shape[0]\n", "    m = X.shape[0]\n" + hang))
    result = grade(str(path), timeout=1 if "while" in hang else 4)  # the backstop (8 s) after the idle limit (3 s)
    kinds = [r.kind for r in result.parts]
    assert kinds == ["timed out", "timed out", "ok", "timed out", "timed out"], kinds
    assert sum("on the parts before" in r.detail for r in result.parts) == 3
    if "sleep" in hang:  # ended for doing no work, not by the CPU clock nor the backstop
        assert "timed out: it did no work for 3 s" in result.parts[0].detail, result.parts[0].detail


@pytest.mark.slow
def test_a_slow_file_that_works_is_not_taken_for_a_sleeping_one(tmp_path):
    # Its first call works 5 s of CPU (a Python loop), longer than the idle limit in wall time: its CPU
    # time moves all along, so it is waited for, within its budget.
    from ex4.grader.grade import grade

    path = tmp_path / "slow.py"
    path.write_text(STUDENT_TEMPLATE.format(mistake=None).replace("    m = X.shape[0]\n", (
        "    m = X.shape[0]\n    import time\n    global _waited\n    if not globals().get('_waited'):\n"
        "        _waited, end = True, time.process_time() + 5\n        while time.process_time() < end:\n"
        "            pass\n")))
    result = grade(str(path), timeout=8)
    assert result.total == 100, [(p.part, p.detail) for p in result.parts]
    assert result.cpu_seconds > 5


def test_no_output_is_lost_to_a_name(tmp_path, command):
    import os

    subs = tmp_path / "class"
    subs.mkdir()
    names = ["x" * 250, "index", "-t04", " =1+1", "\uff1dSUM", "ann\u202egnp.exe", "Ann", "ann"]
    for name in names:
        student_folder(subs, name)
    odd = os.fsencode(str(subs)) + b"/st\xffud"
    os.mkdir(odd)
    with open(odd + b"/ex4_answers.py", "w") as f:
        f.write(STUDENT_TEMPLATE.format(mistake=None))
    pages, out_csv, out_json = tmp_path / "pages", tmp_path / "grades.csv", tmp_path / "grades.json"
    pages.mkdir()
    (pages / "index.html").write_text("the teacher's own index")
    folders = sorted(os.listdir(os.fsencode(str(subs))))
    targets = [os.fsdecode(os.path.join(os.fsencode(str(subs)), f)) for f in folders]
    status, out, err = command(main, *targets, "--csv", str(out_csv), "--feedback", str(pages), "--json",
                               str(out_json), "--quiet")
    assert status == 0, err
    rows = list(csv.DictReader(out_csv.open(newline="", encoding="utf-8-sig")))
    assert len(rows) == len(targets) and all(r["total"] == "100" for r in rows)
    assert (pages / "index.html").read_text() == "the teacher's own index"  # the overview is overview.html
    written = sorted(p.name for p in pages.iterdir())
    assert len(written) == len(targets) + 2 and "overview.html" in written and all(len(p) <= 85 and not p.startswith("-") for p in written)
    assert all(r["student"][:1] not in "=+-@\uff1d" and not r["student"].lstrip().startswith("=") for r in rows)
    assert any("st\\xffud" == r["student"] for r in rows) and "\u202e" not in out_csv.read_text(encoding="utf-8")
    assert len(json.loads(out_json.read_text())["files"]) == len(targets)
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]  # no temporary file left


def test_one_page_that_cannot_be_written_leaves_every_other_output_written(tmp_path, command, monkeypatch):
    from ex4 import submit

    folders = [str(student_folder(tmp_path, name)) for name in ("alice", "bob")]
    real = submit._write_atomically

    def refuses_bob(path, text, option="--json", **kwargs):
        if str(path).endswith("bob.html"):
            raise ValueError(f"{option}: cannot write {path}: No space left on device")
        return real(path, text, option, **kwargs)

    monkeypatch.setattr(submit, "_write_atomically", refuses_bob)
    out_csv = tmp_path / "grades.csv"
    status, out, err = command(main, *folders, "--csv", str(out_csv), "--feedback", str(tmp_path / "pages"),
                               "--quiet")
    assert status == 2 and "--feedback: cannot write" in err and "bob.html" in err
    assert out_csv.exists() and (tmp_path / "pages" / "alice.html").exists()


@pytest.mark.slow
def test_ctrl_c_keeps_the_outputs_of_the_files_already_graded(tmp_path):
    import signal
    import subprocess

    from conftest import REPO

    alice = student_folder(tmp_path, "alice")
    hang = student_folder(tmp_path, "hangs")
    (hang / "ex4_answers.py").write_text(STUDENT_TEMPLATE.format(mistake=None).replace(
        "    m = X.shape[0]\n", "    m = X.shape[0]\n    while True:\n        pass\n"))
    out_csv = tmp_path / "grades.csv"
    proc = subprocess.Popen([*module_command("ex4.submit"), str(alice), str(hang), "--jobs", "1",
                             "--timeout", "600", "--csv", str(out_csv)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            # a shell's background job ignores SIGINT, and Python keeps that: undo it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in proc.stderr:  # the first file's progress line: it is graded, the second hangs
        if line.startswith("[1/2] alice"):
            break
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(err[-3000:])
    assert proc.returncode == 130 and "interrupted: the outputs of the 1 file(s) graded before were written" in err
    assert "[2/2] hangs interrupted" in err and "grader error" not in err, err  # it said "grader error"
    rows = list(csv.DictReader(out_csv.open(newline="", encoding="utf-8-sig")))
    assert [(r["student"], r["total"]) for r in rows] == [("alice", "100")]
