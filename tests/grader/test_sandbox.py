"""The grader's sandbox (bubblewrap), attacked as a hostile student would, as root and as an
ordinary user (.ci/run runs this file both ways).

Every attack of the sandbox issue is here, and each failed on the hand-written namespaces
before: a sysctl or core_pattern opened for writing, the kernel log, a block device, the
teacher's class folder read from /proc/1/cmdline and a classmate's file read by its host
path, this project's reference reached four ways, a chain of 25 sessions left running, 60
spinners starving a classmate, and a correct file scored 0 as root without CAP_SYS_ADMIN.
Write access is proven by opening for writing and closing: nothing on the host is written.
"""

import os
import shutil
import sys
import textwrap
import time

import pytest

from conftest import REPO, skip_unless_mode_is_had
from identities import NO_USER_NAMESPACES
from ex4.grader.grade import grade
from learner_files import run
from learner_files import STUDENT_TEMPLATE, student_file
from ex4.install import module_command

CORRECT = STUDENT_TEMPLATE.format(mistake=None)


def probe_file(folder, attacks, name="probe.py"):
    """A correct file whose nnCostFunction first tries each of ``attacks`` (name: code that
    raises when the sandbox holds) and reports them: '.' blocked, the name where it got through."""
    lines = ["import os, sys, importlib, importlib.util", "def _attempts():", "    got = []"]
    for key, code in attacks.items():
        lines += ["    try:", textwrap.indent(textwrap.dedent(code).strip(), " " * 8),
                  f"        got.append({key!r})", "    except Exception:", "        got.append('.')"]
    lines += ["    return ''.join(got)", CORRECT.replace(
        "def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):",
        "def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):\n"
        "    raise RuntimeError('outcomes:' + _attempts())")]
    path = folder / name
    path.write_text("\n".join(lines))
    return path


def outcomes(result):
    detail = result.parts[0].detail
    assert "outcomes:" in detail, detail
    return detail.split("outcomes:")[1].split()[0].rstrip("'\"")


def test_the_host_cannot_be_written_through_proc_dev_or_a_block_device(tmp_path, bwrap):
    blocks = [f"/dev/{d}" for d in os.listdir("/dev") if d.startswith(("loop", "sd", "vd", "nvme", "xvd"))][:3]
    attacks = {"S": "open('/proc/sys/fs/lease-break-time', 'w').close()",
               "C": "open('/proc/sys/kernel/core_pattern', 'w').close()",
               "K": "open('/dev/kmsg', 'w').close()",
               "R": "open('/proc/sysrq-trigger', 'w').close()"}
    attacks.update({f"B{i}": f"open({b!r}, 'wb').close()" for i, b in enumerate(blocks)})
    result = grade(str(probe_file(tmp_path, attacks)))
    assert outcomes(result) == "." * len(attacks)
    assert result.parts[2].score == 5  # the file itself was graded


def test_a_classmate_and_the_teachers_folder_are_out_of_sight(tmp_path, bwrap):
    classmate = tmp_path / "bob"
    classmate.mkdir()
    secret = student_file(classmate)
    alice = tmp_path / "alice"
    alice.mkdir()
    from ex4.grader.isolation import host_paths
    home = "/root" if os.geteuid() == 0 else os.path.expanduser("~")
    way_in = {os.path.relpath(p, home).split(os.sep)[0] for p in host_paths() if p.startswith(home + os.sep)}
    attacks = {"F": f"open({str(secret)!r}).read()",
               "P": f"assert {str(tmp_path)!r} in open('/proc/1/cmdline').read(); raise RuntimeError",
               "Q": "[open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc') if p.isdigit()]\n"
                    f"assert any({str(tmp_path)!r} in open(f'/proc/{{p}}/cmdline').read() "
                    "for p in os.listdir('/proc') if p.isdigit())",
               "H": f"assert 'ex4' in os.listdir({str(REPO)!r})",
               # the home folder shows only the way to the interpreter (a venv under it), nothing else
               "T": f"assert set(os.listdir({home!r})) - {way_in!r}"}
    result = grade(str(probe_file(alice, attacks)))
    assert outcomes(result) == "." * len(attacks)


@pytest.mark.parametrize("steal", [
    "from ex4 import nnCostFunction as real",
    f"spec = importlib.util.spec_from_file_location('c', {str(REPO / 'ex4' / 'cost.py')!r})\n"
    "module = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(module)\nreal = module.nnCostFunction",
    "sys.modules.pop('ex4', None)\nreal = importlib.import_module('ex4.cost').nnCostFunction",
    f"scope = {{}}\nexec(open({str(REPO / 'ex4' / 'cost.py')!r}).read(), scope)\nreal = scope['nnCostFunction']",
    "import ex4\nreal = importlib.reload(ex4).nnCostFunction.__wrapped__",
    "from ex4.grader.parts import EXPECTED\nreal = lambda *a: (float(EXPECTED[1]), [])",
], ids=["plain import", "by path", "sys.modules", "source exec'd", "reload and __wrapped__", "expected values"])
def test_the_reference_cannot_be_reached(tmp_path, bwrap, steal):
    path = tmp_path / "thief.py"
    path.write_text(textwrap.dedent("""
        import importlib, importlib.util, sys
        import numpy as np
        {steal}

        def sigmoidGradient(z):
            return 1 / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z)))

        def nnCostFunction(*args):
            return real(*args)
    """).format(steal=textwrap.indent(steal, "").replace("\n", "\n")))
    result = grade(str(path), variants=1, seed=3)
    if result.parts:
        assert [r.score for r in result.parts] == [0, 0, 5, 0, 0], [r.detail for r in result.parts]
    else:  # the theft itself failed at import: nothing of the reference was there
        assert "cannot be imported" in result.error


def test_the_starter_imports_the_course_helpers_and_is_told_ex4s_own_is_not_its_own(tmp_path, bwrap):
    path = tmp_path / "starter.py"
    path.write_text(textwrap.dedent("""
        from ex4 import sigmoid, debugInitializeWeights, computeNumericalGradient, checkNNGradients, predict
        from ex4 import nnCostFunction

        def sigmoidGradient(z):
            return sigmoid(z) * (1 - sigmoid(z))
    """))
    result = grade(str(path))
    assert [r.score for r in result.parts] == [0, 0, 5, 0, 0]
    assert "is this project's own (imported from ex4), not yours" in result.parts[0].detail


def marked_processes(marker):
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["bwrap", "chroot", "process"])
def test_a_chain_of_25_sessions_does_not_outlive_the_grader(tmp_path, bwrap, mode):
    skip_unless_mode_is_had(mode)
    marker = f"ex4-chain-{os.getpid()}-{mode}"
    path = tmp_path / "chain.py"
    path.write_text(textwrap.dedent(f"""
        import os, sys, time
        def _chain(depth):
            for _ in range(depth):
                if os.fork():
                    os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", {marker!r}])
                os.setsid()
            time.sleep(60)
        if os.fork() == 0:
            _chain(25)
        time.sleep(1)
    """) + CORRECT)
    proc = run([*module_command("ex4.submit"), str(path), "--isolation", mode], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    time.sleep(0.5)
    left = marked_processes(marker)
    for pid in left:  # never leave the host changed, even when the test fails
        os.kill(pid, 9)
    assert left == []


@pytest.mark.slow
def test_spinners_in_new_sessions_cannot_time_out_an_innocent_classmate(tmp_path, bwrap):
    spinner = tmp_path / "spinner"
    innocent = tmp_path / "alice2"
    spinner.mkdir()
    innocent.mkdir()
    student_file(innocent)
    (spinner / "spin.py").write_text(textwrap.dedent("""
        import os
        for _ in range(60):
            try:
                if os.fork() == 0:
                    os.setsid()
                    while True:
                        pass
            except OSError:
                break
    """) + CORRECT.replace("def nnCostFunction(", "def nnCostFunction(*args):\n    while True:\n        pass\n\n"
                                                   "def _unused("))
    proc = run([*module_command("ex4.submit"), str(spinner), str(innocent), "--jobs", "2", "--timeout", "4"],
               cwd=tmp_path)
    summary = proc.stdout.split("Summary:")[-1]
    assert "alice2" in summary and "100 / 100" in summary.split("alice2")[1].splitlines()[0], proc.stdout + proc.stderr
    assert [r.split()[0] for r in proc.stdout.split("Summary:")[1].split("\n") if r.strip()] == ["spinner", "alice2"]
    # The spinners' CPU is their file's: it times out (loading, where no cgroup holds them to one
    # core; else its hanging parts), never its classmate.
    assert "timed out: it used its 4 s of CPU time" in proc.stdout + proc.stderr


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root")
def test_user_namespaces_refused_give_a_chroot_and_say_why(tmp_path):
    proc = run([shutil.which("setpriv"), "--bounding-set=-sys_admin", "--", sys.executable, "-c", NO_USER_NAMESPACES,
                sys.executable, "-m", "ex4.submit", "--check-isolation"], cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("isolation: chroot\n"), proc.stdout + proc.stderr
    assert "not bubblewrap: " in proc.stdout


def test_process_mode_is_never_root_s(command):
    from ex4.submit import main

    if os.geteuid() != 0:
        pytest.skip("as root only")
    status, out, err = command(main, "--isolation", "process", "--check-isolation")
    assert status == 3 and out == "" and "never runs on the open host" in err


def test_bwrap_asked_for_where_it_cannot_run_is_exit_3_in_one_line(tmp_path, command, monkeypatch):
    from ex4.grader import isolation
    from ex4.submit import main

    monkeypatch.setattr(isolation, "bwrap_path", lambda: None)
    isolation.plan.cache_clear()
    try:
        status, out, err = command(main, str(student_file(tmp_path)), "--isolation", "bwrap")
    finally:
        isolation.plan.cache_clear()
    assert status == 3 and out == "" and err.count("\n") == 1 and "bwrap is not installed" in err


def test_check_isolation_names_the_mode(command, bwrap):
    from ex4.submit import main

    status, out, err = command(main, "--check-isolation")
    assert status == 0 and out.startswith("isolation: bwrap\n") and "bubblewrap" in out


def test_the_sandbox_side_imports_nothing_of_ex4():
    import ast

    for path in (REPO / "ex4" / "inside").rglob("*.py"):
        if "shims" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("ex4"), f"{path}: from {node.module} import"
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                raise AssertionError(f"{path}: imports from outside ex4/inside (level {node.level})")
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("ex4") for a in node.names), f"{path}: import {node.names}"


def test_a_sandbox_that_does_not_start_is_the_graders_error_never_a_0(tmp_path, command, monkeypatch, bwrap):
    from ex4.grader import gradebook, isolation
    from ex4.submit import main

    monkeypatch.setattr(isolation, "bwrap_command", lambda *args, **kwargs: [shutil.which("false")])
    path = student_file(tmp_path)
    result = grade(str(path))
    assert result.grader_error and result.parts == [] and "did not start" in result.error
    row = gradebook.csv_text([result]).splitlines()[1]
    assert ",," in row and "grader error (no score)" in row  # the total cell stays empty
    assert "score" not in gradebook.gradescope_results(result)
    status, out, err = command(main, str(path))
    assert status == 3 and "0 / 100" not in out


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["bwrap", "chroot", "process"])
def test_the_starter_filled_in_scores_100_in_every_mode(tmp_path, bwrap, mode):
    from learner_files import write_solution

    skip_unless_mode_is_had(mode)
    path = write_solution(tmp_path)
    assert "from ex4 import" in path.read_text()  # the starter's own imports of the course's helpers
    result = grade(str(path), isolation=mode)
    assert result.total == 100, (result.error, [r.detail for r in result.parts])
    if mode == "chroot":  # a sandbox, and said to be one
        proc = run([sys.executable, "-m", "ex4.submit", str(path), "--isolation", "chroot"], cwd=tmp_path)
        assert proc.returncode == 0 and "not sandboxed" not in proc.stderr, proc.stderr
        assert "note: not bubblewrap here (asked for with --isolation chroot): each file runs in a chroot" in proc.stderr


def test_a_file_in_the_folder_that_holds_the_graders_work_folders_is_graded(monkeypatch, bwrap):
    # A teacher's file straight in /tmp: the grader's work folder (tempfile's, under /tmp too) is
    # inside the folder it copies for the sandbox, and must not be copied into itself (the grader
    # crashed on "File name too long"). Files the grader cannot read there are left out, not fatal.
    import tempfile
    from pathlib import Path

    base = Path(tempfile.mkdtemp(prefix="ex4-test-tmp-"))  # a /tmp of the test's own, as open as /tmp
    try:
        base.chmod(0o755)
        monkeypatch.setattr("tempfile.tempdir", str(base))
        path = student_file(base)
        unreadable = base / "someone_elses.txt"
        unreadable.write_text("not yours")
        unreadable.chmod(0)
        result = grade(str(path))
        assert result.total == 100, result.error
        assert not list(base.glob("ex4-grading-*"))  # its work folder removed afterwards
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="a uid per slot: needs root")
def test_in_the_chroot_a_files_copy_is_out_of_another_slots_reach(tmp_path):
    # Each --jobs slot has a uid of its own; the folder of a file's copy must be that uid's alone
    # (another slot's file, graded at the same time, could read a classmate's copy).
    path = tmp_path / "peeks.py"
    path.write_text(STUDENT_TEMPLATE.format(mistake=None) + textwrap.dedent("""
        import os, stat
        def sigmoidGradient(z):  # its work folder's parent, as another uid would meet it
            raise RuntimeError("mode " + oct(stat.S_IMODE(os.stat("..").st_mode)))
    """))
    result = grade(str(path), isolation="chroot")
    part3 = next(p for p in result.parts if p.part == 3)
    assert "mode 0o700" in part3.detail, part3.detail


@pytest.mark.skipif(os.geteuid() != 0, reason="--sandbox-user is for root")
def test_a_named_sandbox_user_grades_one_file_at_a_time_in_the_chroot():
    # Every process of the slot's uid is ended and everything it wrote removed after each file:
    # two slots sharing one named user's uid would end each other's code. It gets one slot; each
    # free uid gets its own.
    from ex4.grader import isolation

    named = isolation.plan("chroot", user="nobody", slots=2)
    assert named.uids == [65534]
    free = isolation.plan("chroot", slots=2)
    assert len(set(free.uids)) == 2
