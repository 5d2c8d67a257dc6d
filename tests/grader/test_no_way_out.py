"""No way out in any mode: the attacks of a hostile learner on the grader itself, as the tester,
as a container's root (with and without user namespaces) and as an ordinary user.

Each failed before the fix: the learner's code planted numpy/ and matplotlib/ where the grader
started and the grader imported them as root; ex4 installed under /usr was found in the
sandbox (a forged 100); a container's fallback showed the open host (the reference, a
classmate's file, the network); files outlived their student; a double fork's CPU went
uncounted; a folder of blank lines stalled the class; escape codes reached the terminal; a
learner's own ex4.py was refused.  Nothing on the host is changed, even when a test fails.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from conftest import REPO
from identities import WHO, nobody_can_run_the_grader, run_as
from learner_files import STUDENT_TEMPLATE
from ex4.install import module_command

CORRECT = STUDENT_TEMPLATE.format(mistake=None)
CONTAINERS = ("a container's root", "a container's root without user namespaces")


@pytest.fixture
def open_folder():
    """A folder every user may write, as /tmp is (sticky): where a teacher may well start the grader."""
    folder = Path(tempfile.mkdtemp(prefix="ex4-test-open-"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def graded(proc):
    """The JSON the grader wrote to standard output (``--json -``)."""
    assert proc.stdout.strip().startswith("{"), proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def isolation_of(report):
    return report["files"][0]["isolation"]


@pytest.mark.slow
@pytest.mark.parametrize("who", WHO)
def test_nothing_the_code_writes_is_ever_imported_by_the_grader(open_folder, who):
    # The learner's code plants numpy/, matplotlib/ and a module of the standard library in the
    # folder the grader was started from, where python -m looks first: the grader must never
    # import them, in this run (its report's figures come after grading) or the next.
    marker = open_folder / "imported"
    plants = textwrap.dedent(f"""
        import os
        for name in ("numpy", "matplotlib", "secrets", "csv"):
            try:
                os.makedirs(os.path.join({str(open_folder)!r}, name), exist_ok=True)
                with open(os.path.join({str(open_folder)!r}, name, "__init__.py"), "w") as f:
                    f.write("open({str(marker)!r} + '-' + __name__ + '-' + str(__import__('os').getuid()), 'w')\\n")
            except OSError:
                pass
    """)
    (open_folder / "planter.py").write_text(plants + CORRECT)
    args = ["planter.py", "--json", "-", "--report", str(open_folder / "report")]
    first = run_as(who, [*module_command("ex4.submit"), *args], cwd=open_folder)
    second = run_as(who, [*module_command("ex4.submit"), "planter.py", "--json", "-"], cwd=open_folder)
    planted = sorted(p.name for p in open_folder.iterdir() if p.name in ("numpy", "matplotlib", "secrets", "csv"))
    imported = sorted(p.name for p in open_folder.glob("imported-*"))
    report = graded(first)
    mode = isolation_of(report)
    assert imported == [], (imported, mode)
    assert report["files"][0]["total"] == 100, first.stderr
    if not mode.startswith("a child process"):  # bubblewrap or a chroot: nowhere to write on the host
        assert planted == [], isolation_of(report)
        assert graded(second)["files"][0]["total"] == 100, second.stderr
    else:  # a child process with the tester's own rights (an ordinary user, no bwrap): it could write,
        assert os.geteuid() != 0  # never as root; and this run imported nothing of it


def test_ex4_installed_under_usr_is_hidden_from_the_sandbox_too():
    from ex4.grader import isolation

    site = Path(tempfile.mkdtemp(prefix="ex4-test-usr-"))
    try:
        for name in ("ex4", "ex4-0.2.0.dist-info", "__editable__.ex4-0.2.0.pth", "numpy"):
            (site / name).mkdir()
        hidden = isolation.own_package_entries([str(site)])
        assert sorted(Path(h).name for h in hidden) == ["__editable__.ex4-0.2.0.pth", "ex4", "ex4-0.2.0.dist-info"]
    finally:
        shutil.rmtree(site)
    # Every folder the worker's interpreter searches is looked in, those under /usr included.
    searched = set(isolation.interpreter_path())
    assert any(p.startswith(("/usr/", "/root/", "/opt/")) or "lib/python" in p for p in searched), searched


USR_SITE = "/usr/local/lib/python{0}.{1}/dist-packages".format(*sys.version_info[:2])


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="a private mount namespace over /usr/local: needs root")
@pytest.mark.parametrize("mode", ["bwrap", "chroot"])
def test_a_sudo_pip_install_of_ex4_under_usr_gives_no_forged_100(tmp_path, mode):
    # Debian's python3 searches /usr/local/lib/python3.X/dist-packages; ex4 installed there (as
    # `sudo pip install .` does) was visible in the sandbox, where only folders outside /usr were
    # searched for it. The install is made in a mount namespace of the test's own, on a tmpfs.
    debian = "/usr/bin/python3"
    probe = subprocess.run([debian, "-c", f"import sys; print(sys.version_info[:2] == {sys.version_info[:2]!r} "
                                          f"and {USR_SITE!r} in sys.path)"], capture_output=True, text=True)
    if probe.stdout.strip() != "True" or not shutil.which("unshare"):
        pytest.skip(f"needs Debian's python3 {sys.version_info[0]}.{sys.version_info[1]}, searching {USR_SITE}")
    thief = tmp_path / "thief.py"
    thief.write_text(textwrap.dedent("""
        import importlib.util, os, sys
        import numpy as np

        found = [os.path.join(p, "ex4") for p in sys.path if os.path.isfile(os.path.join(p, "ex4", "cost.py"))]
        sys.modules.pop("ex4", None)  # the sandbox's stand-in: the real package, wherever it is
        spec = importlib.util.spec_from_file_location("ex4", os.path.join(found[0], "__init__.py"))
        real_ex4 = importlib.util.module_from_spec(spec)
        sys.modules["ex4"] = real_ex4
        spec.loader.exec_module(real_ex4)
        real = real_ex4.nnCostFunction

        def sigmoidGradient(z):
            return 1 / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z)))

        def nnCostFunction(*args):
            return real(*args)
    """))
    import numpy

    from ex4.grader.chroot import distributions

    site_packages = Path(numpy.__file__).parent.parent
    needed = {f.parts[0] for d in distributions() for f in (d.files or []) if len(f.parts) > 1 or f.suffix == ".py"}
    install = "\n".join(
        [f"mount -t tmpfs tmpfs {USR_SITE.rsplit('/', 1)[0]}", f"mkdir -p {USR_SITE}"]
        + [f"cp -a {site_packages / n} {USR_SITE}/" for n in sorted(needed) if (site_packages / n).exists()]
        + [f"cp -a {REPO / 'ex4'} {USR_SITE}/ex4", f"cp -a {REPO / 'data'} {USR_SITE}/ex4/_bundled",
           f"mkdir {USR_SITE}/ex4-0.2.0.dist-info",
           f"printf 'Metadata-Version: 2.1\\nName: ex4\\nVersion: 0.2.0\\n' > {USR_SITE}/ex4-0.2.0.dist-info/METADATA",
           f"cd {tmp_path} && exec {debian} -I -m ex4.submit {thief} --variants 3 --seed 5 --isolation {mode} "
           "--json -"])
    done = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-ec", install],
                          capture_output=True, text=True, timeout=600, env={"PATH": "/usr/bin:/bin"})
    report = graded(done)
    parts = report["files"][0]["parts"]
    assert mode in isolation_of(report) or (mode == "bwrap" and "bubblewrap" in isolation_of(report))
    # the theft finds nothing to load: it cannot even be imported
    assert not parts and "cannot be imported" in report["files"][0]["error"], report["files"][0]


ATTACKS = {  # name: code that raises where the sandbox holds
    "reference": """
        found = [os.path.join(base, 'cost.py') for base, dirs, files in os.walk('/')
                 if 'cost.py' in files and 'def nnCostFunction' in open(os.path.join(base, 'cost.py')).read()]
        assert found, 'no reference'
    """,
    "classmate": "open(CLASSMATE).read()",
    "teacher's folder": "os.listdir(TEACHER)",
    "passwd": "assert 'root:' in open('/etc/passwd').read()",
    "processes": "assert any(TEACHER in open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc') if p.isdigit())",
    "network": "socket.create_connection(('127.0.0.1', PORT), timeout=2).close()",
}
# Written where the code can (its own /tmp may be private): the host's /tmp must not show it.
WRITES = "for _place in ('/tmp', '/var/tmp', '/dev/shm'):\n    try:\n        open(os.path.join(_place, " \
         "'ex4-attack-written'), 'w').close()\n    except OSError:\n        pass"


def attacker(folder, classmate, teacher, port):
    lines = ["import os, socket", f"CLASSMATE, TEACHER, PORT = {str(classmate)!r}, {str(teacher)!r}, {port}",
             WRITES, "def _attempts():", "    got = []"]
    for name, code in ATTACKS.items():
        lines += ["    try:", textwrap.indent(textwrap.dedent(code).strip(), " " * 8), f"        got.append({name!r})",
                  "    except Exception:", "        pass"]
    lines += ["    return got", CORRECT.replace(
        "def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):",
        "def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):\n"
        "    raise RuntimeError('got:' + ','.join(_attempts()) + ':')")]
    path = folder / "attacker.py"
    path.write_text("\n".join(lines))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("who", CONTAINERS)
def test_in_a_container_the_code_reaches_nothing_of_the_host(open_folder, who):
    teacher = open_folder / "class"
    (teacher / "bob").mkdir(parents=True)
    classmate = teacher / "bob" / "answers.py"
    classmate.write_text(CORRECT)
    classmate.chmod(0o644)  # world-readable, as a teacher's copy often is
    (teacher / "eve").mkdir()
    path = attacker(teacher / "eve", classmate, teacher, 0)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    path.write_text(path.read_text().replace(", 0\n", f", {listener.getsockname()[1]}\n", 1))
    try:
        done = run_as(who, [*module_command("ex4.submit"), str(path), "--json", "-"], cwd=open_folder)
    finally:
        listener.close()
        written = [p for p in ("/tmp", "/var/tmp", "/dev/shm") if os.path.exists(f"{p}/ex4-attack-written")]
        for place in written:
            os.unlink(f"{place}/ex4-attack-written")
    assert written == []
    report = graded(done)
    detail = report["files"][0]["parts"][0]["detail"]
    assert "got::" in detail, (detail, isolation_of(report))
    mode = isolation_of(report)
    assert mode.startswith(("bubblewrap", "a chroot")), mode
    if who.endswith("without user namespaces"):
        assert mode.startswith("a chroot"), mode


@pytest.mark.slow
@pytest.mark.parametrize("who", WHO)
def test_nothing_one_file_writes_is_there_for_the_next(open_folder, who):
    # Two files in one run, one slot: the first writes wherever it can (its folders, /tmp,
    # /var/tmp, /dev/shm) and holds a process; the second looks for all of it.
    places = "[os.getcwd(), os.path.expanduser('~'), tempfile.gettempdir(), '/tmp', '/var/tmp', '/dev/shm']"
    (open_folder / "a_writer.py").write_text(textwrap.dedent(f"""
        import os, tempfile, subprocess, sys
        for place in {places}:
            try:
                with open(os.path.join(place, 'ex4-left-by-a'), 'w') as f:
                    f.write('x' * 1000)
            except OSError:
                pass
    """) + CORRECT)
    (open_folder / "b_reader.py").write_text(textwrap.dedent(f"""
        import os, tempfile
        def _found():
            return [p for p in {places} if os.path.exists(os.path.join(p, 'ex4-left-by-a'))]
    """) + CORRECT.replace("def sigmoidGradient(z):", "def sigmoidGradient(z):\n    raise RuntimeError('found:%s:' % _found())\n\n"
                           "def _unused(z):"))
    try:
        done = run_as(who, [*module_command("ex4.submit"), "a_writer.py", "b_reader.py", "--jobs", "1",
                            "--json", "-"], cwd=open_folder)
        report = graded(done)
        mode = isolation_of(report)
        detail = next(p for p in report["files"][1]["parts"] if p["part"] == 3)["detail"]
        left_on_host = [p for p in ("/tmp", "/var/tmp", "/dev/shm") if os.path.exists(f"{p}/ex4-left-by-a")]
        if mode.startswith("a child process"):  # an ordinary user without bwrap: the tester's own rights
            assert os.geteuid() != 0
            return
        assert "found:[]:" in detail, (detail, mode)
        assert left_on_host == [], mode
        assert not (open_folder / "ex4-left-by-a").exists()
    finally:
        for place in ("/tmp", "/var/tmp", "/dev/shm", str(open_folder)):
            Path(place, "ex4-left-by-a").unlink(missing_ok=True)


@pytest.mark.slow
def test_a_double_forks_cpu_is_the_files_as_an_ordinary_user(open_folder):
    # Process mode as an ordinary user, no cgroup: two spinners left by a double fork (re-parented
    # away from the worker) used 8 s each against a 5 s budget, and the file still scored. Its
    # nnCostFunction waits 0.8 s a call (no CPU), while the spinners spin.
    who = "the tester" if os.geteuid() != 0 else "nobody"
    if who == "nobody" and not nobody_can_run_the_grader():
        pytest.skip("nobody cannot reach this interpreter (a venv under a 0700 home)")
    (open_folder / "spinners.py").write_text(textwrap.dedent("""
        import os, time
        for _ in range(2):
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    end = time.time() + 20
                    while time.time() < end:
                        pass
                os._exit(0)
            os.wait()
    """) + CORRECT.replace("    if MISTAKE == \"raises\":", "    import time\n    time.sleep(0.8)\n    if MISTAKE == \"raises\":", 1))
    done = run_as(who, [*module_command("ex4.submit"), "spinners.py", "--isolation", "process", "--timeout", "3",
                        "--json", "-"], cwd=open_folder)
    report = graded(done)
    assert report["files"][0]["total"] < 100, report["files"][0]
    kinds = [p["kind"] for p in report["files"][0]["parts"]]
    assert "timed out" in kinds, kinds


def test_a_megabyte_of_blank_lines_is_read_in_linear_time(tmp_path):
    # The grader's scan of a student's folder for `def nnCostFunction` backtracked on blank lines:
    # 296 KB took 71 s. The alarm only keeps a regression from hanging the suite.
    from ex4.grader.submissions import find_submissions

    folder = tmp_path / "alice"
    folder.mkdir()
    (folder / "answers.py").write_text(CORRECT)
    (folder / "blank.py").write_text("\n" * (1 << 20))
    (folder / "spaces.py").write_text(" " * (1 << 20) + "\n" + "\t\n" * (1 << 19))
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the scan of blank lines did not end"))
    signal.alarm(60)
    try:
        found = find_submissions([str(folder)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [Path(s.target).name for s in found] == ["answers.py"]


ESCAPES = "\x1b[2J\x1b[32m== all parts passed \x1b[0m\x07\u202e"


def test_escape_codes_from_the_code_never_reach_an_output(tmp_path):
    from ex4.submit import main
    import contextlib
    import io

    folder = tmp_path / "mallory"
    folder.mkdir()
    (folder / "answers.py").write_text(CORRECT + textwrap.dedent(f"""
        import sys
        _cost, _gradient = nnCostFunction, sigmoidGradient
        Sneaky = type({ESCAPES!r}, (list,), {{}})  # a list by another name
        print({ESCAPES!r})

        def nnCostFunction(*args):
            J, grad = _cost(*args)
            if args[-1]:
                raise ValueError({ESCAPES!r})
            return J, Sneaky([np.zeros((2, 2)), np.zeros((2, 2))])

        def sigmoidGradient(z):
            sys.stderr.write({ESCAPES!r})
            if np.ndim(z) == 0:
                raise ValueError({ESCAPES!r})
            return _gradient(z)
    """))
    out_dir = tmp_path / "out"
    (out_dir / "gs").mkdir(parents=True)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        main([str(folder), str(tmp_path / "absent"), "--csv", str(out_dir / "g.csv"), "--feedback", str(out_dir / "p"),
              "--report", str(out_dir / "r"), "--json", str(out_dir / "g.json"), "--gradescope", str(out_dir / "gs")])
    outputs = {"stdout": stdout.getvalue(), "stderr": stderr.getvalue()}
    for path in out_dir.rglob("*"):
        if path.is_file() and path.suffix != ".png":
            outputs[str(path)] = path.read_text(encoding="utf-8")
    assert "grad as a \\x1b[2J" in outputs["stdout"] and "it raised ValueError: \\x1b[2J" in outputs["stdout"], outputs
    for name, text in outputs.items():
        assert not any(c in text for c in "\x1b\x07\u202e"), name


def test_a_helper_named_ex4_py_is_the_learners_own(tmp_path):
    # Every one-function-per-file port keeps the course's ex4.m as ex4.py beside its functions.
    from ex4.grader.grade import grade

    (tmp_path / "ex4.py").write_text("import numpy as np\n\ndef unroll(a, b):\n"
                                     "    return np.concatenate([a.ravel(order='F'), b.ravel(order='F')])\n")
    (tmp_path / "answers.py").write_text(CORRECT.replace("return J, np.concatenate([Theta1_grad.ravel(order=order), "
                                                         "Theta2_grad.ravel(order=order)])",
                                                         "from ex4 import unroll\n    return J, unroll(Theta1_grad, "
                                                         "Theta2_grad)"))
    assert "from ex4 import unroll" in (tmp_path / "answers.py").read_text()
    result = grade(str(tmp_path / "answers.py"))
    assert result.total == 100, (result.error, [p.detail for p in result.parts])


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="a container's root: needs root")
@pytest.mark.parametrize("who", CONTAINERS)
def test_a_class_in_a_container_is_graded_and_leaves_nothing(open_folder, who):
    folders = []
    for name in ("alice", "bob", "carol"):
        (open_folder / name).mkdir()
        (open_folder / name / "answers.py").write_text(CORRECT)
        folders.append(name)
    before = sorted(p.name for p in Path(tempfile.gettempdir()).glob("ex4-*"))
    done = run_as(who, [*module_command("ex4.submit"), *folders, "--jobs", "2", "--json", "-"], cwd=open_folder)
    report = graded(done)
    assert [f["total"] for f in report["files"]] == [100, 100, 100], done.stderr
    after = sorted(p.name for p in Path(tempfile.gettempdir()).glob("ex4-*"))
    assert after == before  # the chroot's tree and every work folder removed
