"""Starting a sandbox as root without staying root: the grader's launcher (Linux, root only).

Root running bwrap would stay host root inside (its user namespace maps uid 0 to 0), and a
learner's code must never run as root.  So the grader starts this file as a script (the
standard library only: ``python -I -S launch.py CONFIG``), as root, which

1. joins the file's cgroups (memory, processes, CPU: for everything the sandbox will start);
2. for bubblewrap with CAP_SYS_ADMIN: takes a private mount namespace of its own and binds
   each host folder the sandbox needs onto a tmpfs over the empty folder ``stage`` (so an
   unprivileged uid can reach a venv under a 0700 home; the host sees none of it, and the
   mounts end with the sandbox); without CAP_SYS_ADMIN (a container) nothing is staged and
   the folders must be reachable as they are;
3. for the chroot (:mod:`ex4.grader.chroot`, where bubblewrap cannot start): ``chroot``
   into the tree made for the run;
4. drops every group and capability and becomes ``uid`` (``no_new_privs`` set);
5. in the chroot, installs a seccomp filter (:func:`seccomp_filter`): no socket but a local
   one, no System V IPC, POSIX message queue or key ring (they outlive a process), no
   io_uring, no new namespaces;
6. execs the command: bwrap, which then runs unprivileged and binds the staged folders where
   they belong, or the worker itself in the chroot.

Nothing of ex4 is imported: this runs as root, before anything is confined.
"""

import ctypes
import json
import os
import platform
import struct
import sys

CLONE_NEWNS = 0x20000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2

# The seccomp filter's system calls, by architecture: (audit arch, socket, [refused], x32 bit or 0).
# Refused: shmget semget msgget mq_open add_key request_key keyctl io_uring_setup io_uring_enter
# io_uring_register unshare setns.
SYSCALLS = {
    "x86_64": (0xC000003E, 41, [29, 64, 68, 240, 248, 249, 250, 425, 426, 427, 272, 308], 0x40000000),
    "aarch64": (0xC00000B7, 198, [194, 190, 186, 180, 217, 218, 219, 425, 426, 427, 97, 268], 0),
}
AF_UNIX, EPERM, EACCES, ENOSYS = 1, 1, 13, 38
_LD_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_KILL, _ERRNO, _ALLOW = 0x80000000, 0x00050000, 0x7FFF0000


def seccomp_filter(machine=None):
    """The chroot's seccomp program (classic BPF, as bytes), or None for an architecture not in
    :data:`SYSCALLS`.  Every other architecture's calls are refused (an x86_64 process could
    otherwise make i386's or x32's, numbered differently)."""
    known = SYSCALLS.get(machine or platform.machine())
    if known is None:
        return None
    arch, socket, refused, x32 = known
    program = [(_LD_ABS, 0, 0, 4), (_JEQ, 1, 0, arch), (_RET, 0, 0, _KILL), (_LD_ABS, 0, 0, 0)]
    if x32:
        program += [(_JGE, 0, 1, x32), (_RET, 0, 0, _ERRNO | ENOSYS)]
    for number in refused:
        program += [(_JEQ, 0, 1, number), (_RET, 0, 0, _ERRNO | EPERM)]
    # socket(domain, ...): a local (AF_UNIX) one only; args[0]'s low half sits at offset 16.
    program += [(_JEQ, 0, 4, socket), (_LD_ABS, 0, 0, 16), (_JEQ, 0, 1, AF_UNIX), (_RET, 0, 0, _ALLOW),
                (_RET, 0, 0, _ERRNO | EACCES), (_RET, 0, 0, _ALLOW)]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in program)


def _install_filter(libc, program):
    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = Program(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    _check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0), "seccomp")


def launch_command(stage, hosts, uid, cgroup_procs, command, chroot="", cwd="/"):
    """The command that starts ``command`` as ``uid``, from root: a bwrap command line whose binds
    name the staged paths ``stage/0``, ``stage/1``, ... for ``hosts`` (none: nothing staged), or,
    with ``chroot``, the worker's command line as seen inside that tree, started in ``cwd`` there."""
    config = {"stage": stage, "hosts": list(hosts), "uid": uid, "cgroup_procs": list(cgroup_procs),
              "command": list(command), "chroot": chroot, "cwd": cwd}
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), json.dumps(config)]


def staged(stage, hosts):
    """{host path: where the launcher binds it}."""
    return {host: os.path.join(stage, str(i)) for i, host in enumerate(hosts)}


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def main(argv):
    config = json.loads(argv[1])
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]

    def mount(source, target, fstype, flags, data=None):
        enc = (lambda s: None if s is None else s.encode("utf-8", "surrogateescape"))
        _check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")

    try:
        for procs in config["cgroup_procs"]:
            with open(procs, "w", encoding="ascii") as f:
                f.write("0")  # this process, and everything it starts
        if config["hosts"]:
            _check(libc.unshare(CLONE_NEWNS), "unshare (a private mount namespace)")
            mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here reaches the host's mounts
            mount("tmpfs", config["stage"], "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
            for host, where in staged(config["stage"], config["hosts"]).items():
                if os.path.isdir(host):
                    os.mkdir(where, 0o755)
                else:
                    os.close(os.open(where, os.O_CREAT | os.O_WRONLY, 0o644))
                mount(host, where, None, MS_BIND | MS_REC)
                mount(None, where, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        program = None
        if config.get("chroot"):
            program = seccomp_filter()
            os.chroot(config["chroot"])
            os.chdir(config.get("cwd") or "/")
        uid = int(config["uid"])
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # from here on no capability is left
        _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")
        if program is not None:
            _install_filter(libc, program)
        os.execv(config["command"][0], config["command"])
    except OSError as exc:
        print(f"ex4 launcher: {exc}", file=sys.stderr)
        return 125
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
