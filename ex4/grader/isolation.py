"""How this machine confines a learner's code: bubblewrap where it can start, else a chroot (as root).

A grader runs strangers' code, so that code must never run as host root, see the host, a
classmate or the grader's reference, nor outlive its grading.  Flatpak's sandbox,
bubblewrap (``bwrap``), does the confining wherever it can start; this module only decides
how to start it, and what to use where it cannot:

- **bwrap, as an ordinary user**: ``bwrap`` runs as that user, in new user, PID, mount,
  network, IPC and UTS namespaces, with nothing of the host but the interpreter, its
  packages (this project's own hidden, wherever it is installed), the sandbox's side of the
  grader (:mod:`ex4.inside`) and the one submission's folder, read-only; a private tmpfs to
  work in.
- **bwrap, as root**: root running bwrap would stay host root inside (its user namespace maps
  uid 0 to 0, and ``/proc/sys`` stays writable), so :mod:`ex4.grader.launch` joins the file's
  cgroups, drops to an unprivileged uid (``nobody`` or ``--sandbox-user``, the same for every
  ``--jobs`` slot: each sandbox has its own PID namespace) and runs bwrap unprivileged.  With
  CAP_SYS_ADMIN it first binds every path the sandbox needs where that uid can reach it (a
  venv under a 0700 home included), in a mount namespace of its own; without it (a
  container's root) the paths must be reachable as they are.
- **chroot**, as root where bwrap cannot start (a container whose seccomp profile refuses user
  namespaces, or no bwrap): :mod:`ex4.grader.chroot` makes a tree for the run holding only
  the interpreter, the standard library, numpy, scipy and matplotlib, and the launcher runs
  each file's worker chrooted into it as an unused uid per ``--jobs`` slot, with a seccomp
  filter; everything that uid can write is removed after each file, and every process of it
  ended.
- **process**, for an ordinary user where bwrap cannot start (not Linux, no bwrap, no user
  namespaces), or asked for: a child process with the user's own rights.  It hides nothing:
  fine for a learner grading their own file, not for a class.  Never as root.

:func:`plan` probes once per process and says which mode this machine gives, and why;
docs/teachers.md says what each mode prevents and what it does not.
"""

import functools
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field

from ..checks import InputError
from ..inside import worker as _inside_worker

INSIDE_DIR = os.path.dirname(os.path.abspath(_inside_worker.__file__))  # what runs in the sandbox, bound there
OWN_PACKAGE = os.path.dirname(INSIDE_DIR)  # this project's ex4: hidden from the sandbox, or graded itself

MODES = ("auto", "bwrap", "chroot", "process")
SLOT_UIDS = range(61000, 61064)  # unused uids for the --jobs slots of the chroot
SANDBOX = "/sandbox"  # inside: the writable tmpfs (work/, home/, tmp/), lib/ (ex4_inside), in/ (the submission)


class IsolationError(Exception):
    """The grader's own machinery cannot isolate here: never a student's fault (exit status 3)."""


@dataclass
class Plan:
    """The isolation this machine gives: ``mode`` ("bwrap", "chroot" or "process"); ``why`` (where not
    bwrap: why not, for the teacher); ``uids`` (as root: the unprivileged uids to run as, one per
    slot); ``staged`` (bwrap as root: the launcher binds the host folders in a mount namespace of
    its own first); ``tree`` (chroot: the root of the tree made for the run)."""

    mode: str
    why: str = ""
    uids: list = field(default_factory=list)
    root: bool = False
    staged: bool = False
    tree: str = ""

    def _who(self):
        distinct = sorted(set(self.uids))
        return (f"as uid {distinct[0]}" + (f"..{distinct[-1]}" if len(distinct) > 1 else "")
                if distinct else "with the grader's own rights")

    def describe(self):
        """What the code ran in, in one line a student may read (nothing of the machine's setup)."""
        if self.mode == "bwrap":
            return (f"bubblewrap {self._who()}: new user, PID, mount, network, IPC and UTS namespaces; only the "
                    "interpreter, its packages and the one submission visible, read-only; a private tmpfs")
        if self.mode == "chroot":
            return (f"a chroot made for the run, {self._who()}: only the interpreter, the standard library, numpy, "
                    "scipy, matplotlib and the one submission visible, read-only; no network; its files removed "
                    "after it")
        return f"a child process {self._who()}, not a sandbox"


def _uid_of(user):
    import pwd  # POSIX only: not in a browser's Python, which grades in process

    try:
        return pwd.getpwnam(user).pw_uid if not str(user).isdigit() else int(user)
    except KeyError:
        raise IsolationError(f"--sandbox-user: no user named {user} here") from None


def _free_uids(count):
    """``count`` uids that no account has and no process runs as, for the --jobs slots."""
    busy = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                busy.add(os.stat(f"/proc/{entry}").st_uid)
            except OSError:
                pass
    import pwd

    free = []
    for uid in SLOT_UIDS:
        try:
            pwd.getpwuid(uid)
            continue
        except KeyError:
            pass
        if uid not in busy:
            free.append(uid)
        if len(free) == count:
            return free
    raise IsolationError(f"no {count} unused uids in {SLOT_UIDS.start}..{SLOT_UIDS.stop - 1} for the sandboxes")


def bwrap_path():
    return shutil.which("bwrap")


@functools.lru_cache(maxsize=None)
def host_paths():
    """The folders of the host the worker's interpreter needs: its prefixes, and the package
    folders on ``sys.path`` (site-packages or dist-packages, or under a prefix): never the
    current folder, a teacher's own folders, nor this project's source tree."""
    prefixes = [sys.base_prefix, sys.prefix]
    paths = prefixes + [sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    try:
        paths += site.getsitepackages()
    except AttributeError:  # an old virtualenv's site module
        pass
    own_source = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else ""
        if (real and real != own_source and os.path.isdir(real)
                and ("site-packages" in real or "dist-packages" in real
                     or any(real.startswith(os.path.realpath(p) + os.sep) for p in prefixes))):
            paths.append(real)
    found = []
    for path in paths:
        real = os.path.realpath(path)
        if os.path.isdir(real) and not any(real == f or real.startswith(f + os.sep) for f in found):
            found = [f for f in found if not f.startswith(real + os.sep)] + [real]
    return tuple(p for p in found if p != "/usr" and not p.startswith("/usr/"))


@functools.lru_cache(maxsize=None)
def hidden_entries():
    """What of this project the sandbox could import, read once per process: looked for in every
    folder the worker's interpreter searches (under /usr too: ``sudo pip install``, Docker's
    ``python`` images) and every site folder of this one, wherever the sandbox can see it (a
    folder bound, or /usr, bound whole)."""
    visible = [p + os.sep for p in host_paths()] + ["/usr/"]
    found = own_package_entries(sorted(set(host_paths()) | set(interpreter_path()) | set(_site_folders())))
    return [entry for entry in found if any(entry.startswith(v) for v in visible)]


def _site_folders():
    folders = []
    try:
        folders += site.getsitepackages()
    except AttributeError:  # an old virtualenv's site module
        pass
    own_source = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    folders += [p for p in sys.path if p and os.path.realpath(p) != own_source and os.path.isdir(p)
                and os.path.realpath(p) != os.path.realpath(os.getcwd())]
    return [os.path.realpath(p) for p in folders if os.path.isdir(p)]


@functools.lru_cache(maxsize=None)
def interpreter_path():
    """The folders on ``sys.path`` of this interpreter started as the worker is (``-s -E``, from /)."""
    try:
        done = subprocess.run([sys.executable, "-s", "-E", "-c", "import json, sys; print(json.dumps(sys.path))"],
                              capture_output=True, text=True, timeout=60, cwd="/", stdin=subprocess.DEVNULL)
        found = json.loads(done.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return ()
    return tuple(os.path.realpath(p) for p in found if p and os.path.isdir(p))


def own_package_entries(folders):
    """What of this project is installed in ``folders`` (the package, its dist-info or egg-info,
    an editable install's .pth and finder): hidden inside the sandbox."""
    hidden = []
    for folder in folders:
        for root in {folder} | {os.path.join(folder, d) for d in ("site-packages", "dist-packages")}:
            for sub in _site_dirs_below(root):
                try:
                    names = os.listdir(sub)
                except OSError:
                    continue
                for name in names:
                    low = name.lower()
                    if (low == "ex4" or low.startswith(("ex4-", "ex4.", "__editable__.ex4", "__editable___ex4",
                                                        "_ex4_editable", "_ex4"))
                            or (low.endswith((".pth", ".egg-link")) and "ex4" in low)):
                        hidden.append(os.path.join(sub, name))
    return sorted(set(hidden))


def _site_dirs_below(root):
    """``root`` and the site-packages folders under it (lib/pythonX.Y/site-packages)."""
    found = [root]
    for lib in ("lib", "lib64", "local/lib"):
        base = os.path.join(root, lib)
        if os.path.isdir(base):
            for entry in os.listdir(base):
                for name in ("site-packages", "dist-packages"):
                    path = os.path.join(base, entry, name)
                    if os.path.isdir(path):
                        found.append(path)
    return [p for p in found if os.path.isdir(p)]


def bwrap_command(binds, hidden, env, command, tmpfs_bytes, staged=None):
    """The bwrap command line: ``binds`` is [(host path, path inside, writable)]; ``hidden`` the
    paths made empty inside; ``staged`` maps a host path to where the launcher bound it."""
    staged = staged or {}
    args = [bwrap_path(), "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
            "--new-session", "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + name
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for etc in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime"):
        if os.path.exists(etc):
            args += ["--ro-bind", etc, etc]
    args += ["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev", "--size", str(tmpfs_bytes), "--tmpfs", SANDBOX,
             "--dir", f"{SANDBOX}/work", "--dir", f"{SANDBOX}/home", "--dir", f"{SANDBOX}/tmp",
             "--size", str(tmpfs_bytes), "--tmpfs", "/tmp"]
    for host, inside, writable in binds:
        if host == "/usr" and inside == "/usr":
            continue
        args += ["--bind" if writable else "--ro-bind", staged.get(host, host), inside]
    for path in hidden:
        if os.path.isdir(path) and not os.path.islink(path):
            args += ["--tmpfs", path, "--remount-ro", path]
        else:
            args += ["--ro-bind", "/dev/null", path]
    args += ["--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    args += ["--chdir", f"{SANDBOX}/lib", "--"] + list(command)
    return args


def plan(requested="auto", user=None, slots=1):
    """The isolation this machine gives for ``requested`` (one of :data:`MODES`), for ``slots``
    files at once; probed once per process and kept.

    Raises IsolationError where ``requested`` cannot be had ("bwrap" without a working bwrap,
    "chroot" as an ordinary user, "process" as root) or, as root, where neither bubblewrap nor
    a chroot can start."""
    return _plan(requested, user, max(1, int(slots)))


@functools.lru_cache(maxsize=None)
def _plan(requested, user, slots):
    if requested not in MODES:
        raise InputError(f"--isolation: expected one of {', '.join(MODES)}, got {requested!r}")
    if not sys.platform.startswith("linux"):
        if requested in ("bwrap", "chroot"):
            raise IsolationError(f"--isolation {requested}: needs Linux")
        return Plan("process", "not Linux")
    if os.geteuid() != 0:
        if requested == "chroot":
            raise IsolationError("--isolation chroot: needs root (it runs the code as an unused uid); as an "
                                 "ordinary user the sandbox is bubblewrap")
        why = "" if requested == "process" else _bwrap_fails()
        if requested == "bwrap" and why:
            raise IsolationError(f"--isolation bwrap: bubblewrap cannot sandbox here ({why})")
        if requested != "process" and not why:
            return Plan("bwrap")
        return Plan("process", why if requested == "auto" else "asked for with --isolation process")
    if requested == "process":
        raise IsolationError("--isolation process: as root, a learner's code never runs on the open host; use "
                             "auto, bwrap or chroot")
    named = [_uid_of(user)] * slots if user is not None else []
    why = ""
    if requested in ("auto", "bwrap"):
        nobody = named or [_uid_of("nobody")] * slots
        staged_why = _bwrap_fails(nobody[0], staged=True)
        if not staged_why:
            return Plan("bwrap", "", nobody, True, staged=True)
        why = _bwrap_fails(nobody[0], staged=False)
        if not why:
            return Plan("bwrap", "", nobody, True)
        if requested == "bwrap":
            raise IsolationError(f"--isolation bwrap: bubblewrap cannot sandbox here ({why})")
    # A uid of its own per slot: everything it runs and writes is ended and removed after each file.
    # A named user's one uid therefore serves one file at a time.
    uids = named[:1] or _free_uids(slots)
    tree, failure = _chroot(uids[0])
    if failure:
        raise IsolationError((f"bubblewrap cannot sandbox here ({why}), " if why else "")
                             + f"and the chroot cannot start either: {failure}")
    return Plan("chroot", why or "asked for with --isolation chroot", uids, True, tree=tree)


def _bwrap_fails(uid=None, staged=False):
    """'' where bwrap can start a sandbox here, else why not, in a few words: as this user, or
    (``uid`` given, as root) through the launcher as ``uid``, ``staged`` or not."""
    if bwrap_path() is None:
        return "bwrap is not installed (the Debian/Ubuntu package bubblewrap)"
    from .launch import launch_command, staged as staged_paths

    paths = host_paths()
    stage = _probe_stage() if staged else ""
    command = bwrap_command([(p, p, False) for p in paths], [], {"PATH": "/usr/bin:/bin"},
                            [sys.executable, "-s", "-E", "-c", "import numpy"], 2 ** 20,
                            staged_paths(stage, paths) if staged else None)
    command[command.index("--chdir") + 1] = "/"
    if uid is not None:
        command = launch_command(stage, paths if staged else [], uid, [], command)
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, stdin=subprocess.DEVNULL, cwd="/")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap did not start: {exc}"
    finally:
        if stage:
            os.rmdir(stage)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return said[-1][:200] if said else f"bwrap exited with status {done.returncode}"
    return ""


def _probe_stage():
    import tempfile

    return tempfile.mkdtemp(prefix="ex4-probe-")


def _chroot(uid):
    """(the tree's root, '') where a chroot made for the run runs this Python with numpy as ``uid``,
    else ('', why not)."""
    from . import chroot, launch

    try:
        root = chroot.shared_tree(INSIDE_DIR, OWN_PACKAGE)[0]
    except OSError as exc:
        return "", f"the tree could not be made: {exc}"
    command = launch.launch_command("", [], uid, [], [sys.executable, "-s", "-E", "-c", "import numpy"], chroot=root)
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, cwd="/", stdin=subprocess.DEVNULL,
                              env={"PATH": "/usr/bin:/bin"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "", str(exc)
    if done.returncode == 0:
        return root, ""
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return "", said[-1][:200] if said else f"status {done.returncode}"


def check(requested="auto", user=None):
    """One paragraph for ``--check-isolation``: the mode this machine gives and why."""
    chosen = plan(requested, user)
    lines = [f"isolation: {chosen.mode}", f"  {chosen.describe()}"]
    if chosen.why:
        lines.append(f"  not bubblewrap: {chosen.why}")
    if chosen.mode == "process":
        lines.append("  not prevented in this mode: anything the grader's own user may do (read other "
                     "submissions, this project's reference, the network; write files); see docs/teachers.md")
    return "\n".join(lines)


plan.cache_clear = _plan.cache_clear
