"""Running a learner's code in a child process, request by request, under limits.

A grader runs strangers' code.  Whatever that code does (exit, loop, crash, allocate,
fork, write on the grader's channel, signal), the grader must go on, score only numbers it
checks itself, and leave nothing running.  So:

- the code runs in a child (:mod:`ex4.grader.worker`) that answers one request at a time
  with raw numbers; every answer is checked here (its id, its keys, its types, its size),
  and anything else on the channel fails the file (:class:`ChannelViolation`);
- a request has a deadline; one that is not answered in time, or whose child dies, costs
  that request alone: the child is ended and a new one started for the next;
- as root on Linux, the child runs in namespaces of its own with no capabilities, a
  read-only file system but for a private tmpfs, no network, and cgroup limits on the
  memory and processes of everything it starts (:mod:`ex4.grader.isolation`);
  elsewhere, in a process of its own session, with per-process limits, and the grader
  (made a child subreaper on Linux) ends whatever it left behind;
- only the last few KiB of its standard error are kept, and every answer line is capped.
"""

import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import isolation

PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)
MAX_ANSWER = 1 << 20  # bytes in one answer line; the largest honest one is a few KiB
STDERR_KEPT = 4096  # bytes of the child's standard error kept, the last ones
FILE_BYTES = 64 * 2 ** 20  # the largest file the code may write
MAX_PROCESSES = 64  # processes the code may have at once, where a cgroup can count them
TMPFS_BYTES = 256 * 2 ** 20


class Failed(Exception):
    """A request the learner's code did not answer: one line saying what happened."""


class ChannelViolation(Failed):
    """Something on the grader's channel that the worker would not have written: the file fails."""


def _kill_tree_fallback(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


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


def _children(parent):
    """(PID, session ID) of each process whose parent is ``parent``, from /proc."""
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append((int(entry), int(fields[3])))
    return found


class _Cgroups:
    """A cgroup per controller (memory, pids) for one child, under this process's own (v1 or v2)."""

    def __init__(self, memory):
        self.dirs = []
        name = f"ex4-grading-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return
        v1 = {c: path for line in lines for _, controllers, path in [line.split(":", 2)]
              for c in controllers.split(",") if c}
        settings = {"memory": ("memory.limit_in_bytes", memory), "pids": ("pids.max", MAX_PROCESSES)}
        made = []
        try:
            for controller, (knob, value) in settings.items():
                if controller not in v1:
                    raise OSError("no v1 controller")
                folder = Path("/sys/fs/cgroup", controller, v1[controller].lstrip("/"), name)
                folder.mkdir()
                made.append(folder)
                (folder / knob).write_text(str(value))
        except OSError:
            for folder in made:
                self._remove(folder)
            made = []
        self.dirs = made

    @property
    def procs_files(self):
        return [str(folder / "cgroup.procs") for folder in self.dirs]

    def pids(self):
        for folder in self.dirs:
            try:
                return [int(p) for p in (folder / "cgroup.procs").read_text().split()]
            except OSError:
                pass
        return []

    def out_of_memory(self):
        for folder in self.dirs:
            try:
                if int((folder / "memory.failcnt").read_text()) > 0:
                    return True
            except (OSError, ValueError):
                pass
        return False

    def close(self):
        for folder in self.dirs:
            self._remove(folder)
        self.dirs = []

    @staticmethod
    def _remove(folder):
        for _ in range(50):
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


class Sandbox:
    """A child process with the learner's code loaded; :meth:`call` sends it one request.

    Parameters
    ----------
    target : str or None
        A file (``.py``, ``.ipynb`` or Python source with another ending), a module
        name, or None for this project's own ``ex4``.
    timeout : float
        Seconds for loading; each request has the deadline its caller gives.
    memory : int
        Bytes: the address space of each of the child's processes, and where a cgroup
        allows, the memory of all of them together.
    isolation : {"auto", "namespaces", "process"}
        "auto": namespaces where :func:`ex4.grader.isolation.available`, else a process.
    """

    live = set()  # PIDs of the children of every open sandbox, not to be swept as left behind
    _lock = threading.Lock()  # files graded in parallel threads: a child is in ``live`` from its start

    def __init__(self, target, timeout=60.0, memory=2 * 2 ** 30, isolation_mode="auto"):
        self.target, self.timeout, self.memory = target, timeout, memory
        self.process = None
        self.label = "this project's ex4" if target is None else str(target)
        self.functions, self.notes, self.ex4_own = [], [], []
        why_not = isolation.available()
        if isolation_mode == "namespaces" and why_not:
            raise ValueError(f"--isolation: namespaces are not available here ({why_not})")
        self.namespaces = isolation_mode != "process" and not why_not
        self.isolation = ("namespaces (PID, mount, network, IPC), read-only file system but a private tmpfs, "
                          "no capabilities" if self.namespaces else
                          f"a child process of its own, with your rights ({why_not or 'by request'})")
        self.left_behind = 0
        self.cgroup_note = ""

    # -- starting and ending the child ---------------------------------------------------

    def start(self):
        """Start a child and load the target; raises Failed with why it cannot be loaded."""
        self.close()
        path = None if self.target is None else Path(self.target)
        folder = str(path.resolve().parent) if path is not None and path.is_file() else ""
        target = "-" if path is None else str(path.resolve()) if folder else self.target
        self._workdir = tempfile.mkdtemp(prefix="ex4-grading-")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EX4_"))}
        # This package first, then the teacher's own PYTHONPATH (where a module named by name lives).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_PARENT, os.environ.get("PYTHONPATH")]))
        env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"  # tiny inputs
        env["MPLBACKEND"] = "Agg"  # a learner's file that plots at import needs no display
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        worker_folder = folder
        self._cgroups = None
        self._status = None
        if self.namespaces:
            self._cgroups = _Cgroups(self.memory)
            self.cgroup_note = ("; cgroup: memory and processes limited for the whole file" if self._cgroups.dirs
                                else "; no cgroup here: memory limited per process")
            if folder:  # the worker sees the copy of the (resolved) folder in the tmpfs
                worker_folder = os.path.join(self._workdir, "submission")
                target = os.path.join(worker_folder, path.resolve().name)
            env.update(HOME=os.path.join(self._workdir, "home"), TMPDIR=os.path.join(self._workdir, "tmp"),
                       MPLCONFIGDIR=os.path.join(self._workdir, "tmp"))
            status_read, status_write = os.pipe()
            self._status = status_read
            config = {"workdir": self._workdir, "folder": folder, "tmpfs_bytes": TMPFS_BYTES,
                      "status_fd": status_write, "cgroup_procs": self._cgroups.procs_files, "env": env,
                      "command": [sys.executable, "-m", "ex4.grader.worker", target, worker_folder,
                                  str(self.memory), str(FILE_BYTES)]}
            command = [sys.executable, "-I", "-S", isolation.__file__, json.dumps(config)]
            pass_fds = (status_write,)
        else:
            env.update(MPLCONFIGDIR=self._workdir)
            command = [sys.executable, "-m", "ex4.grader.worker", target, worker_folder, str(self.memory),
                       str(FILE_BYTES)]
            pass_fds = ()
        with Sandbox._lock:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, cwd=self._workdir, env=env,
                                            start_new_session=True, pass_fds=pass_fds)
            Sandbox.live.add(self.process.pid)
        if self.namespaces:
            os.close(pass_fds[0])
        self._answers = queue.Queue()
        self._stderr_tail = bytearray()
        threading.Thread(target=self._read, args=(self.process.stdout, self._answers), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()
        try:
            hello = self._request({"load": True}, time.monotonic() + self.timeout, "loading", self._hello)
        except ChannelViolation:
            self.close()
            raise
        except Failed as exc:
            self.close()
            # Name the file as it was given, not by the path the child was handed.
            message = str(exc).replace(target, self.label) if folder else str(exc)
            raise Failed(message if message.startswith(self.label) else
                         f"{self.label}: cannot be imported: {message}") from None
        self.functions, self.notes, self.ex4_own = hello["functions"], hello["notes"], hello["ex4_own"]
        return self

    def close(self):
        """End the child and everything it started; count what it left running."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if self._cgroups is not None:
            others = [p for p in self._cgroups.pids() if p != process.pid]
            self.left_behind = max(self.left_behind, len(others) - 2)  # PID 1 and the worker are ours
        _kill_tree_fallback(process.pid)
        process.wait()
        self._sweep_orphans(process.pid)
        with Sandbox._lock:
            Sandbox.live.discard(process.pid)
        if self._cgroups is not None:
            self._cgroups.close()
        for stream in (process.stdin,):
            try:
                stream.close()
            except OSError:
                pass
        if self._status is not None:
            os.close(self._status)
            self._status = None
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _sweep_orphans(self, session):
        """Without namespaces: end the processes the code left, reparented to this subreaper.

        The child leads a session of its own (its PID), and what it starts stays in it unless
        it calls setsid: those are this file's.  Strays from no open sandbox's session are
        swept too; other files' children, graded in parallel, are left alone.
        """
        if self.namespaces or not _subreaper:
            return
        for _ in range(20):
            with Sandbox._lock:
                stray = [pid for pid, sid in _children(os.getpid())
                         if pid not in Sandbox.live and (sid == session or sid not in Sandbox.live)]
            if not stray:
                return
            for pid in stray:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError, PermissionError):
                    pass
            self.left_behind += len(stray)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- the channel ---------------------------------------------------------------------

    @staticmethod
    def _read(stream, answers):
        while True:
            line = stream.readline(MAX_ANSWER + 1)
            if not line:
                answers.put(None)  # the child closed its end: it has exited
                return
            if len(line) > MAX_ANSWER:
                answers.put(b"")  # too long: read no further; the child is ended
                return
            answers.put(line)

    def _drain(self, stream):
        while True:
            chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            if not chunk:
                return
            self._stderr_tail = (self._stderr_tail + chunk)[-STDERR_KEPT:]

    def call(self, request, deadline, doing):
        """The worker's answer to ``request`` (a dict of numbers), by ``deadline`` (time.monotonic)."""
        if self.process is None:
            self.start()
        return self._request(request, deadline, doing, self._result)

    def _request(self, request, deadline, doing, check):
        if not self._answers.empty():
            self._violation("a message the grader did not ask for")
        token = secrets.token_hex(8)
        try:
            self.process.stdin.write((json.dumps({"id": token, **request}) + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            pass  # the child is gone: the answer says how it ended
        try:
            line = self._answers.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            self.close()
            raise Failed(f"timed out after {self.timeout:g} s ({doing})") from None
        if line is None:
            raise Failed(self._how_it_ended(doing))
        if not line.endswith(b"\n"):
            self._violation(f"a message over {MAX_ANSWER} bytes" if line == b"" else "a message cut short")
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            self._violation("a line that is not the grader's JSON")
        if not isinstance(message, dict) or message.get("id") != token:
            self._violation("an answer to a request it was not sent")
        if set(message) == {"id", "error"} and isinstance(message["error"], str):
            raise Failed(one_line(message["error"]))
        if not check(message):
            self._violation("an answer of the wrong form")
        return message

    def check_quiet(self):
        """After the last request: nothing more may have arrived."""
        if self.process is not None and not self._answers.empty() and self._answers.queue[0] is not None:
            self._violation("a message the grader did not ask for")

    def _violation(self, what):
        self.close()
        raise ChannelViolation(f"its code wrote on the grader's channel ({what})")

    @staticmethod
    def _hello(message):
        return (set(message) == {"id", "functions", "notes", "ex4_own"}
                and _strings(message["functions"], 2) and _strings(message["notes"], 20)
                and _strings(message["ex4_own"], 2)
                and set(message["functions"]) | set(message["ex4_own"]) <= {"nnCostFunction", "sigmoidGradient"})

    @staticmethod
    def _result(message):
        keys = set(message) - {"id", "used_ex4"}
        if not isinstance(message.get("used_ex4"), bool):
            return False
        if keys == {"g", "shape"}:
            return _numbers(message["g"]) and _numbers(message["shape"]) and len(message["shape"]) <= 2
        return (keys == {"J", "grad", "float32"} and _numbers(message["J"]) and _numbers(message["grad"])
                and isinstance(message["float32"], bool))

    def _how_it_ended(self, doing):
        process = self.process
        code = process.wait()
        signal_number, how = None, None
        if self._status is not None:
            with os.fdopen(os.dup(self._status), "rb") as status:
                report = status.read(4096).decode("utf-8", "replace").strip()
            try:
                how = json.loads(report.splitlines()[-1]) if report else None
            except ValueError:
                how = None
            if how and "signal" in how:
                signal_number = how["signal"]
            elif how and "exit" in how:
                code = how["exit"]
            elif how and "setup" in how:
                code = None
        elif code < 0:
            signal_number = -code
        out_of_memory = self._cgroups is not None and self._cgroups.out_of_memory()
        time.sleep(0.05)  # the stderr reader's last chunk
        last = [text for text in bytes(self._stderr_tail).decode("utf-8", "replace").splitlines() if text.strip()]
        self.close()
        if how and "setup" in how:
            return f"the grader could not isolate it ({how['setup']})"
        if signal_number is not None:
            try:
                name = signal.Signals(signal_number).name
            except ValueError:
                name = f"signal {signal_number}"
            why = f"the process was killed by {name} during {doing}"
            if out_of_memory:
                why += f" (it ran out of memory: the limit is {self.memory / 2 ** 30:g} GiB for the whole file)"
            elif signal_number == signal.SIGKILL:
                why += " (perhaps out of memory)"
        else:
            why = f"the process exited with status {code} during {doing} (os._exit or a crash)"
        if last:
            why += f"; its last words: {one_line(last[-1], 150)}"
        return why


def _strings(value, most):
    return isinstance(value, list) and len(value) <= most and all(isinstance(v, str) for v in value)


def _numbers(value):
    """A list of JSON numbers that are floats: an integer too large for one (10**400) is not."""
    return isinstance(value, list) and all(
        isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2 ** 1023)
        for v in value)


def one_line(text, limit=200):
    """Text from the learner's code as one printable line: control characters and escape codes
    shown escaped (``\\x1b``), whitespace folded, at most ``limit`` characters."""
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."
