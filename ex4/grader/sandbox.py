"""Running a learner's code in a child process, part by part, under a time and a memory limit.

A grader runs strangers' code.  Whatever that code does (``sys.exit``, ``os._exit``,
an endless loop, a crash, a huge allocation, a ``chdir``, printing or reading standard
input), the grader must go on and report only what it measured.  So the code runs in
a child (:mod:`ex4.grader.worker`), one request at a time; a request that does not
come back within the time limit, or whose child dies, costs that request alone: the
child is ended and a new one started for the next.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)


class Failed(Exception):
    """A request the learner's code did not answer: one line saying what happened."""


class Sandbox:
    """A child process with the learner's code loaded; :meth:`ask` sends it one request.

    Parameters
    ----------
    target : str or None
        A file (``.py``, ``.ipynb`` or Python source with another ending), a module
        name, or None for this project's own ``ex4``.
    timeout : float
        Seconds for loading, and for each request.
    memory : int
        Bytes of address space the child may use (where the system can limit it).
    """

    def __init__(self, target, timeout=60.0, memory=2 * 2 ** 30):
        self.target, self.timeout, self.memory = target, timeout, memory
        self.process = None
        self.label = "this project's ex4" if target is None else str(target)
        self.functions, self.notes = [], []

    def start(self):
        """Start a child and load the target; raises Failed with why it cannot be loaded."""
        self.close()
        folder = None
        if self.target is not None and Path(self.target).is_file():
            folder = str(Path(self.target).resolve().parent)  # the learner's own folder, as at home
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_PARENT, env.get("PYTHONPATH")]))
        env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"  # tiny inputs
        env["MPLBACKEND"] = "Agg"  # a learner's file that plots at import needs no display
        target = "-" if self.target is None else str(Path(self.target).resolve()) if folder else self.target
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ex4.grader.worker", target, str(self.memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, cwd=folder, env=env,
            text=True, encoding="utf-8", start_new_session=True)
        self._answers = queue.Queue()
        threading.Thread(target=self._read, args=(self.process.stdout, self._answers), daemon=True).start()
        try:
            hello = self._receive("loading")
        except Failed as exc:
            self.close()
            # Name the file as it was given, not by the absolute path the child was handed.
            message = str(exc).replace(target, self.label) if folder else str(exc)
            raise Failed(message if message.startswith(self.label) else
                         f"{self.label}: cannot be imported: {message}") from None
        self.functions, self.notes = hello["functions"], hello["notes"]
        return self

    @staticmethod
    def _read(stream, answers):
        for line in stream:
            answers.put(line)
        answers.put(None)  # the child closed its end: it has exited

    def ask(self, part, convention):
        """The text the part prints under the convention; Failed with one line when it did not answer."""
        if self.process is None:
            self.start()
        try:
            self.process.stdin.write(json.dumps({"part": part, "convention": convention}) + "\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the child is gone: _receive says how it ended
        return self._receive(f"part {part}")["ok"]

    def _receive(self, doing):
        try:
            line = self._answers.get(timeout=self.timeout)
        except queue.Empty:
            self.close()
            raise Failed(f"timed out after {self.timeout:g} s ({doing})") from None
        if line is None:
            raise Failed(self._how_it_ended(doing))
        message = json.loads(line)
        if "error" in message:
            raise Failed(message["error"])
        return message

    def _how_it_ended(self, doing):
        code = self.process.wait()
        self._stderr.seek(0)
        last = [text for text in self._stderr.read().decode("utf-8", "replace").splitlines() if text.strip()]
        self.close()
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            why = f"the process was killed by {name} during {doing}"
            if -code == signal.SIGKILL:
                why += " (perhaps out of memory)"
        else:
            why = f"the process exited with status {code} during {doing} (os._exit or a crash)"
        if last:
            why += f"; its last words: {last[-1][:150]}"
        return why

    def close(self):
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except (AttributeError, ProcessLookupError, PermissionError):
                    self.process.kill()
            self.process.wait()
            try:
                self.process.stdin.close()
            except OSError:
                pass
            # stdout is left to the reader thread, which sees its end now that the child is gone.
            self._stderr.close()
            self.process = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
