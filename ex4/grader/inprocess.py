"""A learner's functions called in this very process, answering the grader as the sandbox's worker does.

In a browser (JupyterLite, on Pyodide) there is no subprocess, and none is needed: it is the
learner's own code in the learner's own kernel.  :class:`InProcess` stands where
:class:`~ex4.grader.sandbox.Sandbox` stands for a teacher grading strangers' code: the same
requests, answered by the same :func:`ex4.inside.worker.answer_request`, checked and escaped as
the sandbox's answers are; the parts, the comparison and the readings are the grader's own
(:mod:`ex4.grader.grade`).  It confines nothing: a time budget is counted, never enforced
(a call that hangs, hangs the kernel), and what the functions print goes where the kernel's
output goes.
"""

import contextlib
import io
import time
import traceback

from ..inside import worker
from .channel import escaped, shorten
from .sandbox import Failed

FUNCTIONS = ("nnCostFunction", "sigmoidGradient")
ISOLATION = "none: your own functions, called in your own kernel (a teacher's grader runs each file in a sandbox)"


class InProcess:
    """The learner's ``functions`` ({name: function}) called here, request by request."""

    mode = "in process"
    restartable = False  # there is no fresh process to start: the probes do without

    def __init__(self, functions, label="the functions defined here"):
        self.label = label
        self.functions = {name: f for name, f in functions.items() if name in FUNCTIONS and callable(f)}
        self.ex4_own = sorted(name for name, f in self.functions.items() if _is_ex4s(f))
        self.notes, self.isolation, self.cgroup_note, self.left_behind = [], ISOLATION, "", 0

    def start(self, budget=None):
        return self

    def call(self, request, budget, doing):
        """The answer to ``request`` (a dict of numbers), as the worker gives it; Failed where the learner's
        function raised or returned what is not numbers."""
        if request.get("call") in self.ex4_own:
            return {"used_ex4": True}
        start = time.process_time()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                answer = worker.answer_request(request, self.functions)
        except Exception as exc:  # noqa: BLE001 - what the learner's code raised is the part's detail
            text, kind = worker.describe(exc, 0)
            raise Failed(shorten(text), kind, _where(exc)) from None
        finally:
            budget.used += time.process_time() - start
        return escaped({**answer, "used_ex4": False})

    def check_quiet(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _is_ex4s(function):
    """Whether ``function`` is this project's own (imported from ex4), not the learner's."""
    return (getattr(function, "__module__", "") or "").split(".")[0] == "ex4"


def _where(exc):
    """The learner's line that raised ``exc``: the innermost frame outside ex4 and the installed packages."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "/ex4/" not in f.filename.replace("\\", "/") and "-packages" not in f.filename]
    if not frames:
        return None
    frame = frames[-1]
    return {"file": shorten(frame.filename, 120), "line": int(frame.lineno or 0),
            "code": shorten((frame.line or "").strip(), 120)}
