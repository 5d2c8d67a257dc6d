"""The processes a file's code may have, from the host's side: a subreaper that brings back what
leaves, the process table read from /proc, one cgroup per file (as root: memory, processes and
one core, and the CPU clock), and the uid slots handed out one per open sandbox."""

import os
import secrets
import signal
import sys
import threading
import time
from pathlib import Path

from ..inside.worker import MAX_PROCESSES


def is_subreaper():
    """Whether :func:`make_subreaper` made this process one (only then are its stray children swept)."""
    return _subreaper


_subreaper = False  # set by make_subreaper: only then are this process's stray children swept


def make_subreaper():
    """Make this process a child subreaper (Linux), so that what a child's code leaves behind
    (even after ``setsid``) is reparented here and can be ended; False where not possible.

    Only the grader's command does this: a process that has other children of its own (a
    notebook's kernel calling grade()) must not have them swept."""
    global _subreaper
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        _subreaper = ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        _subreaper = False
    return _subreaper


def process_table():
    """{PID: (parent PID, uid, CPU seconds incl. reaped children)} of every process, from /proc."""
    found = {}
    if not os.path.isdir("/proc"):
        return found
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            uid = os.stat(f"/proc/{entry}").st_uid
        except OSError:
            continue
        cpu = sum(int(v) for v in fields[11:15]) / tick  # utime, stime, cutime, cstime
        found[int(entry)] = (int(fields[1]), uid, cpu)
    return found


def descendants(pid, table=None):
    """The PIDs below ``pid`` (children, their children, ...)."""
    table = process_table() if table is None else table
    children = {}
    for p, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(p)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Cgroups:
    """One cgroup for one file (v1: a folder per controller; v2: one folder), under this process's own."""

    def __init__(self, memory):
        self.dirs, self.v2 = {}, False
        name = f"ex4-grading-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return
        v1 = {c: path for line in lines for _, controllers, path in [line.split(":", 2)]
              for c in controllers.split(",") if c}
        try:
            if v1:
                self._make_v1(v1, name, memory)
            elif lines and lines[0].startswith("0::"):
                self._make_v2(lines[0][3:], name, memory)
        except OSError:
            self.close()

    def _make_v1(self, v1, name, memory):
        settings = {"memory": [("memory.limit_in_bytes", memory)], "pids": [("pids.max", MAX_PROCESSES)],
                    "cpu": [("cpu.cfs_period_us", 100000), ("cpu.cfs_quota_us", 100000)], "cpuacct": []}
        for controller, knobs in settings.items():
            if controller not in v1:
                raise OSError(f"no v1 controller {controller}")
            folder = Path("/sys/fs/cgroup", controller, v1[controller].lstrip("/"), name)
            if folder in self.dirs.values():  # cpu and cpuacct mounted together
                continue
            folder.mkdir()
            self.dirs[controller] = folder
            for knob, value in knobs:
                (folder / knob).write_text(str(value))

    def _make_v2(self, path, name, memory):
        parent = Path("/sys/fs/cgroup", path.lstrip("/"))
        try:  # the controllers, where the parent may hand them down
            (parent / "cgroup.subtree_control").write_text("+memory +pids +cpu")
        except OSError:
            pass
        folder = parent / name
        folder.mkdir()
        self.dirs["v2"], self.v2 = folder, True
        for knob, value in (("memory.max", memory), ("pids.max", MAX_PROCESSES), ("cpu.max", "100000 100000")):
            try:
                (folder / knob).write_text(str(value))
            except OSError:
                pass  # accounting still works: cpu.stat is in every v2 cgroup

    @property
    def procs_files(self):
        return sorted({str(folder / "cgroup.procs") for folder in self.dirs.values()})

    def pids(self):
        for folder in self.dirs.values():
            try:
                return [int(p) for p in (folder / "cgroup.procs").read_text().split()]
            except OSError:
                pass
        return []

    def cpu_seconds(self):
        """CPU seconds of everything in the cgroup, or None where it cannot be read."""
        try:
            if self.v2:
                stat = dict(line.split() for line in (self.dirs["v2"] / "cpu.stat").read_text().splitlines())
                return int(stat["usage_usec"]) / 1e6
            if "cpuacct" in self.dirs:
                return int((self.dirs["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
            if "cpu" in self.dirs and (self.dirs["cpu"] / "cpuacct.usage").exists():
                return int((self.dirs["cpu"] / "cpuacct.usage").read_text()) / 1e9
        except (OSError, ValueError, KeyError):
            pass
        return None

    def out_of_memory(self):
        for folder in self.dirs.values():
            try:
                if self.v2:
                    events = dict(line.split() for line in (folder / "memory.events").read_text().splitlines())
                    return int(events.get("oom_kill", 0)) > 0
                if (folder / "memory.failcnt").exists() and int((folder / "memory.failcnt").read_text()) > 0:
                    return True
            except (OSError, ValueError):
                pass
        return False

    def close(self):
        for folder in self.dirs.values():
            self._remove(folder)
        self.dirs = {}

    @staticmethod
    def _remove(folder):
        for _ in range(100):
            try:
                for pid in (folder / "cgroup.procs").read_text().split():
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                folder.rmdir()
                return
            except OSError:
                time.sleep(0.02)


class Slots:
    """The uids of a plan handed out one per open sandbox (as root: what runs as a slot's uid is that file's)."""

    def __init__(self):
        self.lock, self.free = threading.Condition(), {}

    def take(self, uids):
        key = tuple(uids)
        with self.lock:
            pool = self.free.setdefault(key, list(uids))
            while not pool:
                self.lock.wait()
            return pool.pop(0)

    def give(self, uids, uid):
        with self.lock:
            self.free[tuple(uids)].append(uid)
            self.lock.notify()


slots = Slots()
