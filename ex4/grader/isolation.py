"""How this machine confines a learner's code: bubblewrap where it works, else a child process.

A grader runs strangers' code, so that code must never run as host root, see the host, a
classmate or the grader's reference, nor outlive its grading.  Flatpak's sandbox,
bubblewrap (``bwrap``), does the confining; this module only decides how to start it:

- **bwrap, as an ordinary user**: ``bwrap`` runs as that user, in new user, PID, mount,
  network, IPC and UTS namespaces, with nothing of the host but the interpreter, its
  packages (this project's own hidden), the sandbox's side of the grader
  (:mod:`ex4.inside`) and the one submission's folder, read-only; a private tmpfs to work in.
- **bwrap, as root**: root running bwrap would stay host root (its user namespace maps
  uid 0 to 0, and ``/proc/sys`` stays writable), so :mod:`ex4.grader.launch` first takes a
  private mount namespace of its own, binds every path the sandbox needs where an
  unprivileged user can reach it (a venv under a 0700 home included), joins the file's
  cgroups, drops to an unprivileged uid (``nobody`` or ``--sandbox-user``, the same for every
  ``--jobs`` slot: each sandbox has its own PID namespace), and runs bwrap unprivileged.
- **process**, where bwrap cannot run (not installed; a container without CAP_SYS_ADMIN, or
  whose seccomp profile refuses user namespaces): a child process; as root it still drops
  to an unused uid per ``--jobs`` slot (a ``--sandbox-user`` grades one file at a time), with
  no capabilities and ``no_new_privs``, where that uid can reach the interpreter; otherwise
  it refuses.  It hides nothing of the host
  that the uid may read: docs/teachers.md says what each mode prevents.

:func:`plan` probes once per process and says which mode this machine gives, and why.
"""

import functools
import os
import pwd
import shutil
import site
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field

MODES = ("auto", "bwrap", "process")
SLOT_UIDS = range(61000, 61064)  # unused uids for the --jobs slots, as root without a --sandbox-user
SANDBOX = "/sandbox"  # inside: the writable tmpfs (work/, home/, tmp/), lib/ (ex4_inside), in/ (the submission)


class IsolationError(Exception):
    """The grader's own machinery cannot isolate here: never a student's fault (exit status 3)."""


@dataclass
class Plan:
    """The isolation this machine gives: ``mode`` ("bwrap" or "process"), ``why`` (for "process": why not
    bwrap), ``uids`` (as root: the unprivileged uids to run as, one per slot; else empty)."""

    mode: str
    why: str = ""
    uids: list = field(default_factory=list)
    root: bool = False

    def describe(self):
        distinct = sorted(set(self.uids))
        who = (f"as uid {distinct[0]}" + (f"..{distinct[-1]}" if len(distinct) > 1 else "")
               if distinct else "with your own rights")
        if self.mode == "bwrap":
            return (f"bubblewrap {who}: new user, PID, mount, network, IPC and UTS namespaces; only the "
                    "interpreter, its packages and the one submission visible, read-only; a private tmpfs")
        return f"a child process {who}, not a sandbox ({self.why})"


def _uid_of(user):
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
    """:func:`own_package_entries` of :func:`host_paths`, read once per process."""
    return own_package_entries(host_paths())


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
    """The isolation this machine gives for ``requested`` ("auto", "bwrap" or "process"), for
    ``slots`` files at once; probed once per process and kept.

    Raises IsolationError where ``requested`` cannot be had ("bwrap" without a working bwrap;
    as root, no unprivileged uid that can run the interpreter)."""
    return _plan(requested, user, max(1, int(slots)))


@functools.lru_cache(maxsize=None)
def _plan(requested, user, slots):
    if requested not in MODES:
        raise ValueError(f"--isolation: expected one of {', '.join(MODES)}, got {requested!r}")
    if not sys.platform.startswith("linux"):
        if requested == "bwrap":
            raise IsolationError("--isolation bwrap: bubblewrap needs Linux")
        return Plan("process", "not Linux")
    root = os.geteuid() == 0
    named = [_uid_of(user)] * slots if root and user is not None else []
    nobody = named or ([_uid_of("nobody")] * slots if root else [])
    why = "" if requested == "process" else _bwrap_fails(root, nobody[0] if root else None)
    if requested == "bwrap" and why:
        raise IsolationError(f"--isolation bwrap: bubblewrap cannot sandbox here ({why})")
    if requested != "process" and not why:
        return Plan("bwrap", "", nobody, root)
    why = why if requested == "auto" else "asked for with --isolation process"
    if not root:
        return Plan("process", why)
    # A uid of its own per slot: every process of it is ended after each file. A named user's one
    # uid therefore serves one file at a time.
    uids = named[:1] or _free_uids(slots)
    cannot = _interpreter_unreachable(uids[0])
    if cannot:
        raise IsolationError(f"as root without bubblewrap ({why}), the grader drops to uid {uids[0]}, which "
                             f"cannot run this Python ({cannot}): install ex4 in a virtual environment outside "
                             "a 0700 home, or grade as an ordinary user")
    return Plan("process", why, uids, root)


def _bwrap_fails(root, uid):
    """'' where bwrap can start a sandbox here (as ``uid`` when root), else why not, in a few words."""
    if bwrap_path() is None:
        return "bwrap is not installed (the Debian/Ubuntu package bubblewrap)"
    from .launch import launch_command, staged

    paths = host_paths()
    command = bwrap_command([(p, p, False) for p in paths], [], {"PATH": "/usr/bin:/bin"},
                            [sys.executable, "-s", "-E", "-c", "import numpy"], 2 ** 20)
    command[command.index("--chdir") + 1] = "/"
    if root:
        stage = _probe_stage()
        command = bwrap_command([(p, p, False) for p in paths], [], {"PATH": "/usr/bin:/bin"},
                                [sys.executable, "-s", "-E", "-c", "import numpy"], 2 ** 20, staged(stage, paths))
        command[command.index("--chdir") + 1] = "/"
        command = launch_command(stage, paths, uid, [], command)
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap did not start: {exc}"
    finally:
        if root:
            os.rmdir(stage)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return said[-1][:200] if said else f"bwrap exited with status {done.returncode}"
    return ""


def _probe_stage():
    import tempfile

    return tempfile.mkdtemp(prefix="ex4-probe-")


def _interpreter_unreachable(uid):
    """'' where ``uid`` can run this interpreter with numpy, else what it said."""
    command = [shutil.which("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
               "--no-new-privs", "--", sys.executable, "-s", "-E", "-c", "import numpy"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, cwd="/", stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return ""
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return said[-1][:200] if said else f"status {done.returncode}"


def check(requested="auto", user=None):
    """One paragraph for ``--check-isolation``: the mode this machine gives and why."""
    chosen = plan(requested, user)
    lines = [f"isolation: {chosen.mode}", f"  {chosen.describe()}"]
    if chosen.mode == "process":
        lines.append("  not prevented in this mode: reading what the uid may read on the host (other "
                     "submissions given to the grader, this project's reference), the network; see docs/teachers.md")
    return "\n".join(lines)


plan.cache_clear = _plan.cache_clear
