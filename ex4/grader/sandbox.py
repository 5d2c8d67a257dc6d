"""Running a learner's code in a sandbox, request by request, under limits and one clock.

A grader runs strangers' code.  Whatever that code does (exit, loop, crash, allocate,
fork, write on the grader's channel, signal, read the host), the grader must go on, score
only numbers it checks itself, and leave nothing running.  So:

- the code runs in a child (:mod:`ex4.inside.worker`), confined as
  :mod:`ex4.grader.isolation` says this machine allows (bubblewrap, else a child process);
  it answers one request at a time with raw numbers; every answer is checked here (its id,
  its keys, its types, its size), and anything else on the channel fails the file
  (:class:`ChannelViolation`);
- time is CPU time: a :class:`Budget` counts the CPU the file's processes use (the
  cgroup's clock where there is one, else the processes' own from /proc), so a classmate's
  load cannot make an innocent file time out; a request whose CPU time stays flat for
  ``IDLE_SECONDS`` (it sleeps, or waits for input) is ended then, and a wall-clock backstop
  at twice the budget bounds the rest; a request past its budget is ended, and a new child
  started for the next;
- as root, one cgroup per file (v1 or v2) limits memory, processes and CPU to one core;
- a failure of the sandbox itself (it never said it was ready) is :class:`GraderError`,
  the grader's, never the student's;
- only the last few KiB of its standard error are kept, and every answer line is capped.
"""

import importlib.machinery
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

from . import channel, chroot, isolation, launch, processes
from .channel import escaped, shorten
from ..inside import worker as inside_worker

INSIDE_DIR, OWN_PACKAGE = isolation.INSIDE_DIR, isolation.OWN_PACKAGE
MAX_ANSWER = 1 << 20  # bytes in one answer line; the largest honest one is a few KiB
STDERR_KEPT = 4096  # bytes of the child's standard error kept, the last ones
FILE_BYTES = 64 * 2 ** 20  # the largest file the code may write
TMPFS_BYTES = 256 * 2 ** 20
READY_SECONDS = 60.0  # wall seconds for the sandbox to start, before any of the learner's code runs
POLL = 0.05  # seconds between looks at the clock while waiting for an answer
BACKSTOP = 2.0  # the wall-clock backstop, in multiples of the CPU budget
IDLE_SECONDS = 3.0  # wall seconds a request may go without IDLE_CPU of CPU time (code that sleeps or waits)
IDLE_CPU = 0.05  # CPU seconds that count as working, within IDLE_SECONDS
PASSED_ON = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL")  # what numpy's build may need


class Failed(Exception):
    """A request the learner's code did not answer: one line saying what happened, and what kind
    of thing it was (raised, returned, exit, memory, timed out, crashed); ``where`` is the
    learner's line that raised ({file, line, code}, checked and escaped), or None."""

    def __init__(self, message, kind="crashed", where=None):
        super().__init__(message)
        self.kind, self.where = kind, where

    def located(self):
        """The message, with the learner's file and line where known."""
        if not self.where:
            return str(self)
        return f"{self} (at {self.where['file']}, line {self.where['line']}: {self.where['code']})"




class ChannelViolation(Failed):
    """Something on the grader's channel that the worker would not have written: the file fails."""


class GraderError(Exception):
    """The grader's own machinery failed (the sandbox did not start): never the student's score."""


class Budget:
    """``seconds`` of CPU time for a stretch of grading, and a wall-clock backstop at ``BACKSTOP``
    times that: a spinning file is stopped by the first; a sleeping one once its CPU time has
    stayed flat for ``IDLE_SECONDS`` (``ended``: then nothing more is asked of it), else by the second."""

    def __init__(self, seconds):
        self.seconds = float(seconds)
        self.used = 0.0
        self.wall = time.monotonic() + BACKSTOP * self.seconds
        self.ended = ""  # why the file's time ended before its budget (it slept): nothing more is asked

    def over(self, extra=0.0):
        """'' while within budget with ``extra`` CPU seconds more used, else why not."""
        if self.ended:
            return self.ended
        if self.used + extra > self.seconds:
            return f"timed out: it used its {self.seconds:g} s of CPU time"
        if time.monotonic() > self.wall:
            return (f"timed out after {BACKSTOP * self.seconds:g} s of waiting, having used "
                    f"{self.used + extra:.1f} s of CPU time (it sleeps or waits)")
        return ""




class Sandbox:
    """A child with the learner's code loaded; :meth:`call` sends it one request.

    Parameters
    ----------
    target : str or None
        A file (``.py``, ``.ipynb`` or Python source with another ending), a module
        name, or None for this project's own ``ex4``.
    timeout : float
        CPU seconds for loading; each request has the :class:`Budget` its caller gives.
    memory : int
        Bytes: the address space of each of the child's processes, and where a cgroup
        allows, the memory of all of them together.
    isolation_mode : {"auto", "bwrap", "process"}
        See :func:`ex4.grader.isolation.plan`.
    user : str, optional
        As root, the user to run the code as (default ``nobody``, or a free uid per slot).
    slots : int
        Files graded at once (``--jobs``): as root without bwrap, one uid each.
    """

    live = set()  # PIDs of the children of every open sandbox, not to be swept as left behind
    _lock = threading.Lock()  # files graded in parallel threads: a child is in ``live`` from its start
    stopping = False  # set by stop_all: no new child is started

    @classmethod
    def stop_all(cls):
        """End every open sandbox's child now and start no new one (the grader was interrupted)."""
        with cls._lock:
            cls.stopping = True
            pids = list(cls.live)
        for pid in pids:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def __init__(self, target, timeout=60.0, memory=2 * 2 ** 30, isolation_mode="auto", user=None, slots=1):
        self.target, self.timeout, self.memory = target, timeout, memory
        self.process = None
        self.label = "this project's ex4" if target is None else str(target)
        self.functions, self.notes, self.ex4_own = [], [], []
        try:
            self.plan = isolation.plan(isolation_mode, user, max(1, slots))
        except isolation.IsolationError as exc:
            raise GraderError(str(exc)) from None
        self.isolation = self.plan.describe()
        self.mode = self.plan.mode
        self.left_behind = 0
        self.cgroup_note = ""
        self.uid = None
        self._cgroups = None
        self._workdir = None

    # -- starting and ending the child ---------------------------------------------------

    def _resolve(self):
        """(file or None, its folder or '', the module name or None) of the target."""
        if self.target is None:
            return None, "", None
        path = Path(self.target)
        if path.is_file():
            return path.resolve(), str(path.resolve().parent), None
        if str(self.target).endswith((".py", ".ipynb")) or "/" in str(self.target):
            return path, "", None  # no such file: the worker says so
        # A module name: found as the teacher's Python would find it (their PYTHONPATH first),
        # then graded as its file; nothing of it is imported here.
        search = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p] + sys.path
        try:
            spec = (importlib.machinery.PathFinder.find_spec(str(self.target), search)
                    if str(self.target).isidentifier() else None)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            origin = Path(spec.origin).resolve()
            if origin.name == "__init__.py":
                return origin, str(origin.parent.parent), str(self.target)
            return origin, str(origin.parent), None
        return None, "", str(self.target)

    def start(self, budget=None):
        """Start a child and load the target within ``budget`` (a :class:`Budget`, by default
        ``timeout`` seconds of its own); raises Failed with why it cannot be loaded, and
        GraderError where the sandbox itself does not start."""
        self.close()
        if Sandbox.stopping:
            raise GraderError("interrupted before this file was graded")
        file, folder, module = self._resolve()
        self._workdir = tempfile.mkdtemp(prefix="ex4-grading-")
        os.chmod(self._workdir, 0o755)
        if self.plan.uids:
            self.uid = processes.slots.take(self.plan.uids)
        env = {k: os.environ[k] for k in PASSED_ON if k in os.environ}
        env.update(PATH="/usr/local/bin:/usr/bin:/bin", MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
                   OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        config = {"memory": self.memory, "file_bytes": FILE_BYTES, "source": "", "work": "", "path": [],
                  "target": None, "package": os.path.basename(OWN_PACKAGE)}  # the project grading itself
        self._cgroups = processes.Cgroups(self.memory) if self.plan.root else None
        if self._cgroups is not None and not self._cgroups.dirs:
            self._cgroups = None
        self.cgroup_note = ("; one cgroup for the file: memory, processes and one core of CPU" if self._cgroups
                            else "; no cgroup here: CPU time read from /proc, memory limited per process")
        command_for = {"bwrap": self._in_bubblewrap, "chroot": self._in_chroot}.get(self.mode, self._as_a_child)
        command, popen_env, cwd = command_for(config, env, (file, folder, module))
        self._folder_inside = config["work"] if folder else ""
        self._spawn(command, popen_env, cwd)
        self._load(budget, file)
        return self

    _WORKER = [sys.executable, "-s", "-E", "-B", "-m", "ex4_inside.worker"]

    def _in_bubblewrap(self, config, env, target):
        """(command, its environment, its folder) of the worker in bubblewrap: the host's system read-only,
        ex4 hidden, the file's folder a copy; as root through the launcher, which drops to the slot's uid."""
        file, folder, module = target
        inside = isolation.SANDBOX
        binds = [(p, p, False) for p in isolation.host_paths()]
        binds.append((INSIDE_DIR, f"{inside}/lib/ex4_inside", False))
        if folder:  # a copy the sandbox's uid can read, whatever the folder's own modes
            inside_worker.copy_folder(folder, os.path.join(self._workdir, "in"))
            binds.append((os.path.join(self._workdir, "in"), f"{inside}/in", False))
            config.update(source=f"{inside}/in", work=f"{inside}/work")
        else:
            config["work"] = f"{inside}/work"
        if self.target is None:
            binds.append((OWN_PACKAGE, f"{inside}/own/ex4", False))
            config["path"] = [f"{inside}/own"]
        env.update(HOME=f"{inside}/home", TMPDIR=f"{inside}/tmp", MPLCONFIGDIR=f"{inside}/tmp")
        config["target"] = self._inside_target(file, module, config["work"] if folder else "")
        hidden = isolation.hidden_entries()
        worker = self._WORKER + [json.dumps(config)]
        procs = self._cgroups.procs_files if self._cgroups else []
        if self.plan.staged:  # root with CAP_SYS_ADMIN: the launcher binds the folders where the uid reaches them
            stage = os.path.join(self._workdir, "stage")
            os.mkdir(stage, 0o755)
            hosts = [host for host, _, _ in binds]
            command = isolation.bwrap_command(binds, hidden, env, worker, TMPFS_BYTES, launch.staged(stage, hosts))
            command = launch.launch_command(stage, hosts, self.uid, procs, command)
        elif self.plan.root:  # a container's root: the launcher only drops to the uid
            command = launch.launch_command("", [], self.uid, procs,
                                            isolation.bwrap_command(binds, hidden, env, worker, TMPFS_BYTES))
        else:
            command = isolation.bwrap_command(binds, hidden, env, worker, TMPFS_BYTES)
        return command, {"PATH": "/usr/bin:/bin"}, "/"

    def _in_chroot(self, config, env, target):
        """The worker in the run's chroot, in the slot's own folders, as the slot's uid."""
        file, folder, module = target
        host, inside = chroot.slot_folders(self.plan.tree, self.uid)
        if folder:
            inside_worker.copy_folder(folder, os.path.join(host, "in"))
            config.update(source=f"{inside}/in", work=f"{inside}/work")
        else:
            config["work"] = f"{inside}/work"
        if self.target is None:  # the project grading itself: a copy of its package, for this file only
            shutil.copytree(OWN_PACKAGE, os.path.join(host, "own", "ex4"),
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            config["path"] = [f"{inside}/own"]
        config["target"] = self._inside_target(file, module, config["work"] if folder else "")
        env.update(HOME=f"{inside}/home", TMPDIR=f"{inside}/tmp", MPLCONFIGDIR=f"{inside}/tmp")
        procs = self._cgroups.procs_files if self._cgroups else []
        command = launch.launch_command("", [], self.uid, procs, self._WORKER + [json.dumps(config)],
                                        chroot=self.plan.tree, cwd=f"{chroot.INSIDE}/lib")
        return command, env, "/"

    def _as_a_child(self, config, env, target):
        """The worker as a child process with the grader's own rights (an ordinary user without bubblewrap)."""
        file, folder, module = target
        lib, work, home = (os.path.join(self._workdir, d) for d in ("lib", "work", "home"))
        shutil.copytree(INSIDE_DIR, os.path.join(lib, "ex4_inside"), ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        os.mkdir(home)
        if folder:
            inside_worker.copy_folder(folder, work)
        else:
            os.mkdir(work)
        if self.target is None:
            config["path"] = [os.path.dirname(OWN_PACKAGE)]
        config.update(work=work, target=self._inside_target(file, module, work if folder else ""))
        env.update(HOME=home, TMPDIR=home, MPLCONFIGDIR=home)
        return self._WORKER + [json.dumps(config)], env, lib

    def _spawn(self, command, popen_env, cwd):
        """The child started, its two streams read by threads, and its word that it is ready."""
        with Sandbox._lock:  # stop_all() either sees this child in ``live`` or this sees ``stopping``
            if Sandbox.stopping:
                raise GraderError("interrupted before this file was graded")
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, cwd=cwd, env=popen_env,
                                            start_new_session=True)
            Sandbox.live.add(self.process.pid)
        self._answers = queue.Queue()
        self._stderr_tail = bytearray()
        threading.Thread(target=self._read, args=(self.process.stdout, self._answers), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()
        self._await_ready()

    def _load(self, budget, file):
        """The learner's code loaded in the child: what it defines, and the notes of its loading."""
        try:
            hello = self._request({"load": True}, budget or Budget(self.timeout), "loading", channel.hello_form)
        except ChannelViolation:
            self.close()
            raise
        except Failed as exc:
            self.close()
            message = str(exc)
            if self._folder_inside and file is not None:  # name the file as it was given
                message = message.replace(self._inside_path(file), self.label)
            raise Failed(message if message.startswith(self.label) else
                         f"{self.label}: cannot be imported: {message}", exc.kind, exc.where) from None
        self.functions, self.notes, self.ex4_own = hello["functions"], hello["notes"], hello["ex4_own"]

    def _inside_target(self, file, module, work):
        if self.target is None:
            return None
        if file is not None and work and module is None:
            return os.path.join(work, file.name)
        if module is not None:
            return module
        return str(self.target)

    def _inside_path(self, file):
        return os.path.join(self._folder_inside, file.name)

    def _await_ready(self):
        """The worker's first line, before any of the learner's code runs: without it, the
        sandbox did not start, and that is the grader's failure."""
        try:
            line = self._answers.get(timeout=READY_SECONDS)
        except queue.Empty:
            line = None
        if line is not None and line.strip() == b'{"ready": true}':
            self._ours = set(processes.descendants(self.process.pid)) | {self.process.pid}
            return
        self.process.kill()
        self.process.wait()
        time.sleep(0.05)
        said = [t for t in bytes(self._stderr_tail).decode("utf-8", "replace").splitlines() if t.strip()]
        self.close()
        raise GraderError(f"the sandbox ({self.mode}) did not start"
                          + (f": {shorten(said[-1], 200)}" if said else ""))

    def cpu_seconds(self):
        """CPU seconds used by everything this file's child has run, so far."""
        if self._cgroups is not None:
            used = self._cgroups.cpu_seconds()
            if used is not None:
                return used
        table = processes.process_table()
        if self.mode == "chroot":
            return sum(cpu for _, uid, cpu in table.values() if uid == self.uid)
        if self.process is None:
            return 0.0
        return sum(table[p][2] for p in [self.process.pid] + processes.descendants(self.process.pid, table) if p in table)

    def close(self):
        """End the child and everything it started; count what it left running."""
        if self.process is None:
            self._release()
            return
        process, self.process = self.process, None
        table = processes.process_table()
        if self.mode == "chroot":
            mine = [p for p, (_, uid, _) in table.items() if uid == self.uid]
        else:
            mine = [process.pid] + processes.descendants(process.pid, table)
        self.left_behind = max(self.left_behind, len(set(mine) - getattr(self, "_ours", set())))
        self._kill(process.pid)
        process.wait()
        self._sweep_orphans(process.pid)
        with Sandbox._lock:
            Sandbox.live.discard(process.pid)
        if self._cgroups is not None:
            self._cgroups.close()
            self._cgroups = None
        try:
            process.stdin.close()
        except OSError:
            pass
        self._release()

    def _release(self):
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
        if self.uid is not None:
            if self.mode == "chroot":  # everything the uid could write: no file outlives its grading
                chroot.remove_slot(self.plan.tree, self.uid)
            processes.slots.give(self.plan.uids, self.uid)
            self.uid = None

    def _kill(self, pid):
        """SIGKILL ``pid`` and all below it, until none is left (a chain of any depth); in the
        chroot, every process of the slot's uid too, wherever it went."""
        for _ in range(1000):
            table = processes.process_table()
            doomed = [p for p in [pid] + processes.descendants(pid, table) if p in table]
            if self.mode == "chroot":
                doomed += [p for p, (_, uid, _) in table.items() if uid == self.uid and p not in doomed]
            for p in doomed:
                try:
                    os.kill(p, signal.SIGSTOP if p != pid else signal.SIGKILL)  # stopped: cannot fork again
                except (ProcessLookupError, PermissionError):
                    pass
            for p in doomed:
                try:
                    os.kill(p, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            if not doomed or doomed == [pid]:
                return
            time.sleep(0.005)

    def _sweep_orphans(self, session):
        """Process mode: end what the code left, reparented to this subreaper, until none is left
        (each killed parent hands its children here: any depth)."""
        if self.mode != "process" or not processes.is_subreaper():
            return
        quiet = 0
        for _ in range(2000):
            with Sandbox._lock:
                table = processes.process_table()
                stray = [p for p, (parent, _, _) in table.items() if parent == os.getpid() and p not in Sandbox.live]
            if not stray:
                quiet += 1
                if quiet > 3:
                    return
                time.sleep(0.01)
                continue
            quiet = 0
            for pid in stray:
                for p in [pid] + processes.descendants(pid, table):
                    try:
                        os.kill(p, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
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

    def call(self, request, budget, doing):
        """The worker's answer to ``request`` (a dict of numbers), within ``budget`` (a :class:`Budget`)."""
        if self.process is None:
            self.start(budget)
        return self._request(request, budget, doing, channel.result_form)

    def _request(self, request, budget, doing, check):
        if not self._answers.empty():
            self._violation("a message the grader did not ask for")
        token = secrets.token_hex(8)
        before = self.cpu_seconds()
        try:
            self.process.stdin.write((json.dumps({"id": token, **request}) + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            pass  # the child is gone: the answer says how it ended
        working_at, working_cpu = time.monotonic(), before  # when its CPU time last moved, and to what
        while True:
            try:
                line = self._answers.get(timeout=POLL)
                break
            except queue.Empty:
                now = self.cpu_seconds()
                used = now - before
                why = budget.over(used)
                if now - working_cpu >= IDLE_CPU:
                    working_at, working_cpu = time.monotonic(), now
                elif not why and time.monotonic() - working_at > IDLE_SECONDS:
                    why = budget.ended = (f"timed out: it did no work for {IDLE_SECONDS:g} s (it sleeps, or waits "
                                          f"for what never comes), having used {budget.used + used:.1f} s of CPU time")
                if why:
                    budget.used += used
                    self.close()
                    raise Failed(f"{why} ({doing})", "timed out") from None
        budget.used += self.cpu_seconds() - before if self.process is not None else 0.0
        if line is None:
            raise Failed(self._how_it_ended(doing), "crashed")
        if not line.endswith(b"\n"):
            self._violation(f"a message over {MAX_ANSWER} bytes" if line == b"" else "a message cut short")
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            self._violation("a line that is not the grader's JSON")
        if not isinstance(message, dict) or message.get("id") != token:
            self._violation("an answer to a request it was not sent")
        message = escaped(message)  # every text in it came from the learner's code, whatever its route
        if "error" in message:
            if not channel.error_form(message):
                self._violation("an answer of the wrong form")
            where = message.get("where")
            if where:
                where = {"file": shorten(where["file"], 120), "line": where["line"], "code": shorten(where["code"], 120)}
            own_ex4 = OWN_EX4 if message.get("own_ex4") is True else ""
            raise Failed(shorten(message["error"]) + own_ex4, message.get("kind", "raised"), where)
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

    def _how_it_ended(self, doing):
        process = self.process
        code = process.wait()
        out_of_memory = self._cgroups is not None and self._cgroups.out_of_memory()
        time.sleep(0.05)  # the stderr reader's last chunk
        last = [text for text in bytes(self._stderr_tail).decode("utf-8", "replace").splitlines() if text.strip()]
        self.close()
        if code < 0 or (self.mode == "bwrap" and code > 128):  # bwrap passes a signal on as 128 + N
            signal_number = -code if code < 0 else code - 128
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
            why += f"; its last words: {shorten(last[-1], 150)}"
        return why


# A file that imports ex4 beside an ex4.py of the learner's gets that file, as Python gives it to them.
OWN_EX4 = "; that is the ex4.py beside it, which `import ex4` finds first: rename it if you meant this project's ex4"
