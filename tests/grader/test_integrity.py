"""Grades a teacher can trust: each attack of the grader-integrity issue, as a test.

Each failed on the grader before the child handed back raw numbers, the variants, the
ex4-own check, the namespaces and the limits. Files are written in a folder outside the
clone and graded through the real child (that is what is tested), as root in CI with the
namespaces, and also with --isolation process where the attack is about the child alone.
"""

import json
import os
import textwrap
import time

import pytest

from course_values import GRADED_OUTPUT
from ex4.grader.grade import grade
from ex4.grader.channel import shorten
from ex4.submit import main as submit_main
from learner_files import run
from learner_files import STUDENT_TEMPLATE, student_file
from ex4.install import module_command

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="cgroups need root")

PUBLISHED = textwrap.dedent(f'''
    # No numpy, no computation: the course's published outputs, typed in.
    OUT = {{p: [float(v) for v in s.split()] for p, s in {dict(GRADED_OUTPUT)!r}.items()}}

    def sigmoidGradient(z):
        rows, cols = len(z), len(z[0])
        return [[OUT[3][c * rows + r] for c in range(cols)] for r in range(rows)]

    def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        part = 2 if lambda_ else 1
        grad = OUT[part + 3][1:]
        return OUT[part][0], grad
''')


def write(folder, name, text):
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def test_typed_in_published_outputs_pass_the_course_case_but_not_the_variants(tmp_path):
    path = write(tmp_path, "typed.py", PUBLISHED)
    plain = grade(str(path))  # the course's cases are public: without variants, they pass but part 3's
    assert [r.score for r in plain.parts] == [30, 15, 0, 40, 10]  # number and vector, beside its matrix
    result = grade(str(path), variants=2, seed=7)
    assert result.total == 0
    hint = result.parts[0].hints[0]  # the probes: the same answer on networks of other weights and sizes
    assert "your nnCostFunction answered the same, J = 3.08745" in hint and "published outputs typed in" in hint


def test_a_correct_file_passes_every_variant(tmp_path):
    result = grade(str(student_file(tmp_path)), variants=3, seed=11)
    assert result.total == 100 and all(r.variants_passed == 3 for r in result.parts)


def test_a_file_assuming_the_test_sizes_fails_the_variants(tmp_path):
    text = STUDENT_TEMPLATE.format(mistake=None).replace(
        "n1 = hidden_layer_size * (input_layer_size + 1)", "hidden_layer_size, input_layer_size = 4, 2\n"
        "    n1 = hidden_layer_size * (input_layer_size + 1)")
    path = write(tmp_path, "sizes.py", text)
    result = grade(str(path), variants=1, seed=3)
    assert [r.score for r in result.parts] == [0, 0, 5, 0, 0]
    assert result.parts[0].hints[0].startswith("on a network of other sizes (2 inputs, 3 hidden units, 3 labels")
    assert "take every size from its arguments" in result.parts[0].hints[0]


def test_variants_are_the_same_for_the_same_seed(tmp_path):
    from ex4.grader import parts, variants
    import numpy as np
    a = variants.make(4, 2, np.random.default_rng(5), parts.COURSE)
    b = variants.make(4, 2, np.random.default_rng(5), parts.COURSE)
    assert [c.request for c, _ in a] == [c.request for c, _ in b]
    assert all(case.sizes != (2, 4, 4) for case, _ in a)


@pytest.mark.parametrize("line", ["from ex4 import nnCostFunction, sigmoidGradient\n",
                                  "import ex4\nnnCostFunction = ex4.nnCostFunction\nsigmoidGradient = ex4.sigmoidGradient\n"])
def test_ex4s_own_functions_score_nothing(tmp_path, line):
    path = write(tmp_path, "borrowed.py", line)
    result = grade(str(path))
    assert result.total == 0
    assert "is this project's own (imported from ex4), not yours" in result.parts[0].detail


def test_a_function_calling_ex4s_own_inside_scores_nothing_and_helpers_stay_allowed(tmp_path):
    path = write(tmp_path, "wrapper.py", """
        import ex4
        from ex4 import sigmoid, checkNNGradients  # the course's helpers: allowed
        def sigmoidGradient(z):
            return sigmoid(z) * (1 - sigmoid(z))
        def nnCostFunction(*args):
            return ex4.nnCostFunction(*args)
    """)
    result = grade(str(path))
    assert [r.score for r in result.parts] == [0, 0, 5, 0, 0]
    assert "calls this project's own nnCostFunction" in result.parts[0].detail


def test_the_project_itself_is_still_graded_on_purpose():
    assert grade(None).total == 100


# The learner's code writes its payload on every descriptor it has: one of them is the answers'.
ON_EVERY_DESCRIPTOR = """import os
for fd in range(3, 64):
    try:
        os.write(fd, PAYLOAD)
    except OSError:
        pass
"""


@pytest.mark.slow
@pytest.mark.parametrize("payload, what", [
    (b"not json\n", "a line that is not the grader's JSON"),
    (b"[" * 200000 + b"\n", "a line that is not the grader's JSON"),
    (b'{"id": 1, "ok": 2}\n', "an answer to a request it was not sent"),
    (b"x" * 3000000, "a message over"),
], ids=["not JSON", "deep nesting", "wrong id", "oversized"])
def test_writing_on_the_channel_fails_the_file_and_grading_goes_on(tmp_path, payload, what):
    bad = write(tmp_path, "bad.py", f"PAYLOAD = {payload!r}\n" + ON_EVERY_DESCRIPTOR + STUDENT_TEMPLATE.format(mistake=None))
    good = student_file(tmp_path)
    out = tmp_path / "grades.json"
    proc = run([*module_command("ex4.submit"), str(bad), str(good), "--json", str(out)], cwd=tmp_path)
    assert proc.returncode == 2
    assert "its code wrote on the grader's channel" in proc.stderr and what in proc.stderr, proc.stderr
    files = json.loads(out.read_text())["files"]
    assert [f["total"] for f in files] == [None, 100] and files[0]["error"]  # not graded: no total


def test_a_forged_answer_at_import_does_not_score(tmp_path):
    forged = "".join(json.dumps({"ok": text}) + "\n" for text in GRADED_OUTPUT.values())
    path = write(tmp_path, "forge.py", f"PAYLOAD = {forged.encode()!r}\n" + ON_EVERY_DESCRIPTOR)
    result = grade(str(path))
    assert result.total == 0 and "its code wrote on the grader's channel" in result.error


PATCHER = """
    import sys
    try:  # the grader's comparison, patched to find every output right
        import ex4.grader.parts as parts
        parts.compare = lambda expected, obtained: ""
    except ImportError:
        pass
    def sigmoidGradient(z):
        return z * 0
    def nnCostFunction(nn_params, *args):
        return 0.0, [0.0] * len(nn_params)
"""


def test_replacing_the_graders_modules_in_the_child_changes_nothing(tmp_path, monkeypatch):
    # Sandboxed, the file cannot reach the grader's comparison: it scores what it returns, 0.
    assert grade(str(write(tmp_path, "patch.py", PATCHER))).total == 0
    # In the grader's own process (as a browser grades the learner's own kernel) the same patch takes
    # the grader in: the attack is real, and only where the comparison lives keeps it out.
    from ex4.grader import parts
    from ex4.grader.grade import grade_here

    monkeypatch.setattr(parts, "compare", parts.compare)  # put back after the test
    namespace = {}
    exec(textwrap.dedent(PATCHER), namespace)
    fooled = grade_here({name: namespace[name] for name in ("sigmoidGradient", "nnCostFunction")})
    assert fooled.total == 100


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ex4.py", "json.py", "parts.py", "numpy.py"])
def test_a_module_beside_the_file_cannot_replace_the_graders(tmp_path, name):
    write(tmp_path, name, "print('this would break the worker')\nraise SystemExit(3)\n")
    assert grade(str(student_file(tmp_path))).total == 100


def test_a_helper_beside_the_file_is_still_importable(tmp_path):
    write(tmp_path, "helper_for_ex4.py", "def scale(m):\n    return 1 / m\n")
    text = STUDENT_TEMPLATE.format(mistake=None).replace("    m = X.shape[0]\n",
                                                         "    m = X.shape[0]\n    import helper_for_ex4\n")
    assert grade(str(write(tmp_path, "uses_helper.py", text))).total == 100


def test_the_reports_text_is_the_graders(tmp_path):
    path = write(tmp_path, "noisy.py", STUDENT_TEMPLATE.format(mistake=None).replace(
        "def nnCostFunction(", "def nnCostFunction(*a):\n    raise ValueError('\\x1b[31mred\\nNote: forged line')\n\n"
                               "def _unused(", 1))
    result = grade(str(path))
    detail = result.parts[0].detail
    assert "\x1b" not in detail and "\n" not in detail and "\\x1b[31mred" in detail


def test_one_line_escapes_control_characters_and_caps_length():
    assert shorten("a\x1b[2Jb\r\nNote: c\x00") == "a\\x1b[2Jb\\r\\nNote: c\\x00"
    assert len(shorten("x" * 1000)) == 200


@pytest.mark.slow
def test_a_function_that_raises_under_the_course_and_hangs_under_the_others_costs_one_budget(tmp_path):
    path = write(tmp_path, "hangs.py", """
        import numpy as np
        def sigmoidGradient(z):
            return np.zeros_like(z)
        def nnCostFunction(nn_params, i, h, k, X, y, lambda_):
            if np.min(y) == 1:
                raise IndexError("course convention")
            while True:
                pass
    """)
    result = grade(str(path), timeout=2)
    assert result.total == 0
    # Part 1 raises under the course's convention; its probe of another convention hangs and
    # spends the file's budget; parts 2, 4 and 5 are then not graded, not given a budget each
    # (a budget per part would make one hang cost the file five budgets).
    parts = {p.part: p for p in result.parts}
    assert parts[1].kind == "raised" and "course convention" in parts[1].detail
    for later in (2, 4, 5):  # not given budgets of their own: the file's one budget is spent
        assert parts[later].kind == "timed out", parts[later]
        assert parts[later].detail.startswith("not graded: timed out:"), parts[later].detail
        assert "(the budget is the file's)" in parts[later].detail


@pytest.mark.slow
def test_the_code_cannot_write_signal_or_reach_the_network(tmp_path, bwrap):
    marker = tmp_path / "written_by_the_learner"
    path = write(tmp_path, "hostile.py", textwrap.dedent(f"""
        import os, signal, socket
        results = []
        for attempt in (lambda: open({str(marker)!r}, "w").write("x"),
                        lambda: os.kill({os.getpid()}, signal.SIGSTOP),
                        lambda: socket.create_connection(("127.0.0.1", 22), timeout=1)):
            try:
                attempt()
                results.append("done")
            except Exception as exc:
                results.append(type(exc).__name__)
        open("private_tmp_ok", "w").write("the private copy is writable")
        RESULTS = results
    """) + STUDENT_TEMPLATE.format(mistake=None) + textwrap.dedent("""
        def sigmoidGradient(z):  # tells the grader, and so this test, what each attempt met
            raise RuntimeError("attempts: " + " ".join(RESULTS))
    """))
    result = grade(str(path))
    assert "bubblewrap" in result.isolation
    part3 = next(p for p in result.parts if p.part == 3)
    attempts = part3.detail.split("attempts: ")[1].split()[:3]
    # The host's folder is not there (or read-only), the grader's pid is in no namespace of the
    # child's, and there is no network: each attempt failed, none was "done".
    assert attempts[0] in ("FileNotFoundError", "PermissionError", "OSError"), part3.detail
    assert attempts[1] == "ProcessLookupError", part3.detail
    assert attempts[2] in ("OSError", "ConnectionRefusedError", "TimeoutError"), part3.detail
    assert not marker.exists() and not (tmp_path / "private_tmp_ok").exists()


@pytest.mark.slow
def test_nothing_outlives_the_grader_even_after_setsid(tmp_path, bwrap):
    witness = tmp_path / "witness"
    modes = ["bwrap", "chroot" if os.geteuid() == 0 else "process"]
    for isolation in modes:
        path = write(tmp_path, f"leaves_{isolation}.py", textwrap.dedent(f"""
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(4)
                    try:
                        open({str(witness)!r}, "w").write("outlived")
                    except OSError:
                        pass
                os._exit(0)
        """) + STUDENT_TEMPLATE.format(mistake=None))
        proc = run([*module_command("ex4.submit"), str(path), "--isolation", isolation], cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        if isolation != "bwrap":  # no PID namespace of its own: the grader ended them
            assert "left" in proc.stdout and "process(es) running; the grader ended them" in proc.stdout
    time.sleep(5)
    assert not witness.exists()


@pytest.mark.slow
@needs_root
def test_forks_share_one_memory_limit_as_root(tmp_path):
    # Five children of 600 MiB at once: each is under the per-process limit of 1 GiB, together they
    # are three times the file's 1 GiB, which as root one cgroup holds for all its processes.
    # sigmoidGradient answers right only where every child lived: a limit per process alone gives 5.
    path = write(tmp_path, "forks.py", """
        import os, time
        import numpy as np
        def sigmoidGradient(z):
            children = []
            for _ in range(5):
                pid = os.fork()
                if pid == 0:
                    block = bytearray(600 * 2 ** 20)
                    block[::4096] = b"x" * len(block[::4096])
                    time.sleep(2)
                    os._exit(0)
                children.append(pid)
            lived = all(os.waitpid(pid, 0)[1] == 0 for pid in children)
            g = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
            return g * (1 - g) if lived else g * 0
    """)
    assert grade(str(path), memory=2 ** 30).parts[2].score == 0  # the cgroup ended a child
    assert grade(str(path), memory=4 * 2 ** 30).parts[2].score == 5  # 3 GiB fit in 4: every child lived


@pytest.mark.parametrize("args, message", [
    (["-"], "-: expected a file, notebook or module to grade"),
    (["--memory", "1e12"], "--memory: expected a number of GiB from 0.5 to 1024"),
    (["--memory", "0.1"], "--memory: expected a number of GiB from 0.5 to 1024"),
    (["--json", "/no/such/folder/grades.json"], "--json: /no/such/folder is not a folder"),
], ids=["stdin", "memory huge", "memory tiny", "json folder"])
def test_bad_requests_are_one_line_before_any_grading(command, args, message):
    status, out, err = command(submit_main, *args)
    assert status == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_a_fifo_is_not_a_regular_file(tmp_path, command):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    status, _, err = command(submit_main, str(fifo))
    assert status == 2 and "not a regular file" in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_json_onto_a_full_device_fails_before_grading(command):
    status, out, err = command(submit_main, "--json", "/dev/full")
    assert status == 2 and "--json" in err and out == ""


def notebook_file(path, cells):
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    return path


@pytest.mark.parametrize("cells, message", [
    ({"cell_type": "code"}, "not a notebook: its cells are not a list of cells"),
    ([{"cell_type": "code", "source": [1, 2]}], "not a notebook: code cell 1's source is not text"),
], ids=["cells a dict", "source of numbers"])
def test_a_malformed_notebook_is_not_a_notebook(tmp_path, cells, message):
    result = grade(str(notebook_file(tmp_path / "bad.ipynb", cells)))
    assert message in result.error and "TypeError" not in result.error


def test_a_notebooks_skipped_assignments_and_conditional_defs_are_noted(tmp_path):
    source = ("import numpy as np\nsigmoid = lambda z: 1 / (1 + np.exp(-z))\n"
              "if True:\n    def sigmoidGradient(z):\n        return sigmoid(z) * (1 - sigmoid(z))\n")
    path = notebook_file(tmp_path / "nb.ipynb", [{"cell_type": "code", "source": source, "metadata": {},
                                                   "outputs": [], "execution_count": None}])
    result = grade(str(path))
    assert any("line 2 skipped: an assignment to sigmoid" in note for note in result.notes), result.notes
    assert any("line 3 skipped: a def of sigmoidGradient inside a if statement" in note for note in result.notes)
