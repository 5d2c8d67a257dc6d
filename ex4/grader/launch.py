"""Starting bubblewrap as root without staying root: the grader's launcher (Linux, root only).

Root running bwrap would stay host root inside (its user namespace maps uid 0 to 0).  So the
grader starts this file as a script (the standard library only: ``python -I -S launch.py
CONFIG``), as root, which

1. joins the file's cgroups (memory, processes, CPU: for everything the sandbox will start);
2. takes a private mount namespace of its own and binds each host folder the sandbox needs
   onto a tmpfs over the empty folder ``stage`` (so an unprivileged uid can reach a venv
   under a 0700 home; the host sees none of it, and the mounts end with the sandbox);
3. drops every group and capability and becomes ``uid`` (``no_new_privs`` set), and
4. execs bwrap, which then runs unprivileged and binds the staged folders where they belong.

Nothing of ex4 is imported: this runs as root, before anything is confined.
"""

import ctypes
import json
import os
import sys

CLONE_NEWNS = 0x20000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38


def launch_command(stage, hosts, uid, cgroup_procs, command):
    """The command that starts ``command`` (a bwrap command line whose binds name the staged
    paths ``stage/0``, ``stage/1``, ... for ``hosts``) as ``uid``, from root."""
    config = {"stage": stage, "hosts": list(hosts), "uid": uid, "cgroup_procs": list(cgroup_procs),
              "command": list(command)}
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
        uid = int(config["uid"])
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # from here on no capability is left
        _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")
        os.execv(config["command"][0], config["command"])
    except OSError as exc:
        print(f"ex4 launcher: {exc}", file=sys.stderr)
        return 125
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
