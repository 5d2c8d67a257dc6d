"""The grader run as the users it meets: the user running the tests, a container's root, a
container's root whose seccomp profile refuses user namespaces, and an ordinary user.

``grader_command(who, *args)`` is the command line of ``python -m ex4.submit ARGS`` as ``who``;
it skips the test where that identity cannot be had here (they need root). Nothing of the
host is changed to make them: the container's root is ``setpriv --bounding-set=-sys_admin``,
and the refused user namespaces are a user namespace of the test's own, mapping uids 0..65535
to themselves, in which ``user.max_user_namespaces`` is 0.
"""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO
from ex4.install import module_command

WHO = ("the tester", "a container's root", "a container's root without user namespaces", "nobody")

NO_USER_NAMESPACES = textwrap.dedent("""
    import ctypes, os, sys
    libc = ctypes.CDLL(None, use_errno=True)
    go, done = os.pipe(), os.pipe()
    helper = os.fork()
    if helper == 0:
        os.read(go[0], 1)
        for name in ("uid_map", "gid_map"):
            with open(f"/proc/{os.getppid()}/{name}", "w") as f:
                f.write("0 0 65536")
        os.write(done[1], b"x")
        os._exit(0)
    if libc.unshare(0x10000000) != 0:
        sys.exit("unshare failed")
    os.write(go[1], b"x")
    os.read(done[0], 1)
    os.waitpid(helper, 0)
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")
    os.execv(sys.argv[1], sys.argv[1:])
""")

AS_NOBODY = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _setpriv():
    return shutil.which("setpriv") or "setpriv"


def nobody_can_run_the_grader():
    """Whether the user nobody reaches this interpreter, numpy and this clone (CI's second run): the same
    interpreter, with its own standard library (a venv under /work whose base Python lies in a 0700 home
    may still start as nobody, on the system's libpython, and that is not this interpreter)."""
    done = subprocess.run([_setpriv(), *AS_NOBODY, "--", sys.executable, "-c",
                           "import sys, numpy, ex4; print(sys.base_prefix)"],
                          capture_output=True, text=True, cwd="/", env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    return done.returncode == 0 and done.stdout.strip() == sys.base_prefix


def wrap(who, command):
    """``command`` run as ``who``; skips where that cannot be had here."""
    if who == "the tester":
        return list(command)
    if os.geteuid() != 0:
        pytest.skip(f"{who}: needs root")
    if who == "a container's root":
        return [_setpriv(), "--bounding-set=-sys_admin", "--", *command]
    if who == "a container's root without user namespaces":
        return [_setpriv(), "--bounding-set=-sys_admin", "--", sys.executable, "-c", NO_USER_NAMESPACES, *command]
    if who == "nobody":
        if not nobody_can_run_the_grader():
            pytest.skip("nobody cannot reach this interpreter or this clone (a venv under a 0700 home)")
        return [_setpriv(), *AS_NOBODY, "--", *command]
    raise ValueError(who)


def grader_command(who, *args):
    return wrap(who, [*module_command("ex4.submit"), *args])


def run_as(who, command, cwd, timeout=300):
    """``command`` as ``who`` from ``cwd``, this clone's ex4 importable; its CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if who == "nobody":
        env["HOME"] = str(cwd)
    return subprocess.run(wrap(who, command), cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout)
