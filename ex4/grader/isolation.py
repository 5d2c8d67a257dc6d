"""Running the learner's code without root's powers, when the grader runs as root (Linux).

Containers, CI and hosted autograders run the grader as root; a learner's code run as
root could signal the grader, read its descriptors, write the teacher's files, reach the
network or leave processes behind.  So, as root, :mod:`ex4.grader.sandbox` starts this
file as a script (the standard library only: ``python -I -S isolation.py CONFIG``):

1. it joins the file's cgroups (memory and process limits for everything the code starts);
2. it enters new PID, mount, network, IPC and UTS namespaces and forks the namespace's
   first process (PID 1), which keeps root's powers only to set things up: a fresh /proc,
   a private tmpfs holding a copy of the submission's folder, and every other mount made
   read-only;
3. PID 1 forks the worker, which drops every capability (util-linux's ``setpriv``) and
   runs ``python -m ex4.grader.worker`` from the tmpfs; PID 1 waits for it and writes how
   it ended on a descriptor of its own, which the worker does not have.

When PID 1 ends, the kernel ends every process left in its namespace, so nothing the
code starts can outlive it; and PID 1 ends with this script (``PR_SET_PDEATHSIG``), which
the grader kills when it is done with a file.  :func:`available` says whether all of it
can work here.  Nothing of this package is imported: this runs before the interpreter
is trusted with the learner's folder.
"""

import ctypes
import json
import os
import shutil
import signal
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x4000000, 0x8000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG = 1
COPY_LIMIT = 64 * 2 ** 20  # bytes of the submission's folder copied into the tmpfs, at most


def available():
    """'' when the namespaces can be used here, else why not (one short clause)."""
    if not sys.platform.startswith("linux"):
        return "not Linux"
    if os.geteuid() != 0:
        return "not root"
    if shutil.which("setpriv") is None:
        return "no setpriv (util-linux)"
    if not os.path.isdir("/proc/self"):
        return "no /proc"
    return ""


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(libc, source, target, fstype, flags, data=None):
    encode = (lambda s: None if s is None else s.encode())
    _check(libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)), f"mount {target}")


def _mount_points():
    """Every mount point, from /proc/self/mountinfo (octal escapes undone)."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as info:
        for line in info:
            field = line.split()[4]
            points.append(field.encode("latin-1", "surrogateescape").decode("unicode_escape"))
    return points


def _copy_folder(source, target, limit=COPY_LIMIT):
    """Regular files and folders of ``source`` into ``target``, up to ``limit`` bytes; no links."""
    total = 0
    for folder, dirs, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        here = os.path.normpath(os.path.join(target, relative))
        os.makedirs(here, exist_ok=True)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            if total + size > limit:
                continue
            shutil.copyfile(path, os.path.join(here, name))
            total += size


def _set_up(config, libc):
    """In PID 1 of the new namespaces, as root: /proc, the tmpfs, everything else read-only."""
    workdir = config["workdir"]
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here reaches the host's mounts
    _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount(libc, "tmpfs", workdir, "tmpfs", MS_NOSUID | MS_NODEV, f"size={config['tmpfs_bytes']},mode=0755")
    for sub in ("submission", "home", "tmp"):
        os.mkdir(os.path.join(workdir, sub), 0o777)
    if config.get("folder"):
        _copy_folder(config["folder"], os.path.join(workdir, "submission"))
    keep = (workdir, "/proc")
    for point in _mount_points():
        if any(point == k or point.startswith(k.rstrip("/") + "/") for k in keep):
            continue
        statvfs = os.statvfs(point) if os.path.exists(point) else None
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        if statvfs is not None:  # keep the flags a remount may not drop
            flags |= (MS_NOSUID if statvfs.f_flag & os.ST_NOSUID else 0) | (
                MS_NODEV if statvfs.f_flag & os.ST_NODEV else 0) | (MS_NOEXEC if statvfs.f_flag & os.ST_NOEXEC else 0)
        try:
            _mount(libc, None, point, None, flags)
        except OSError:
            pass  # a mount of the kernel's own that refuses (it stays as it was); / and the rest are read-only


def main(argv):
    config = json.loads(argv[1])
    status_fd = config["status_fd"]
    for procs in config.get("cgroup_procs", []):
        with open(procs, "w", encoding="ascii") as f:
            f.write("0")  # this process, and everything it starts
    libc = _libc()
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    init = os.fork()
    if init:  # the launcher: wait for PID 1, then go
        os.close(status_fd)
        os.waitpid(init, 0)
        return 0

    # PID 1 of the new namespaces.
    _check(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0), "prctl")  # ends with the launcher
    try:
        _set_up(config, libc)
    except OSError as exc:
        os.write(status_fd, (json.dumps({"setup": str(exc)}) + "\n").encode())
        os._exit(1)
    worker = os.fork()
    if worker == 0:
        os.close(status_fd)
        os.chdir(config["workdir"])
        command = [shutil.which("setpriv"), "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs",
                   "--", *config["command"]]
        os.execve(command[0], command, config["env"])
    for fd in (0, 1):  # the channel is the worker's alone: its end closes when the worker's does
        os.close(fd)
    _, status = os.waitpid(worker, 0)
    if os.WIFSIGNALED(status):
        report = {"signal": os.WTERMSIG(status)}
    else:
        report = {"exit": os.WEXITSTATUS(status)}
    os.write(status_fd, (json.dumps(report) + "\n").encode())
    os._exit(0)  # PID 1 ends: the kernel ends whatever the code left in the namespace


if __name__ == "__main__":
    sys.exit(main(sys.argv))
