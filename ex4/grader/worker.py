"""The child process that runs a learner's code for the grader (:mod:`ex4.grader.sandbox`).

Started as ``python -m ex4.grader.worker TARGET FOLDER MEMORY_BYTES FILE_BYTES`` from a
folder of its own (so that nothing in the learner's folder can stand in for a module it
imports).  It imports everything it needs, moves its two protocol streams to private
descriptors (standard input becomes /dev/null, whatever the learner's code prints goes to
standard error), and only then puts the learner's folder on ``sys.path`` and loads their code.

It computes nothing that decides a score.  Each request names a function and its
arguments; the answer is the function's raw result, as numbers:

- ``{"id": ID, "load": true}`` -> ``{"id": ID, "functions": [...], "notes": [...], "ex4_own": [...]}``
- ``{"id": ID, "call": "nnCostFunction", "args": [...]}`` -> ``{"id": ID, "J": x, "grad": [...], "used_ex4": bool}``
- ``{"id": ID, "call": "sigmoidGradient", "z": [[...]]}`` -> ``{"id": ID, "g": [...], "shape": [...], "used_ex4": bool}``
- any of them -> ``{"id": ID, "error": ONE_LINE}`` when the learner's code raised or exited.

The grader checks every answer's form, formats and compares the numbers itself, and
treats anything else on the channel as the learner's code writing there.
"""

import json
import os
import sys


def _private_streams():
    """(requests, answers): fds 0 and 1 moved out of the learner's way."""
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)  # the learner's prints go to standard error
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = sys.stderr
    return requests, answers


def _limit(memory, file_bytes):
    """Address space per process and the size of any file written (where the system limits them)."""
    try:
        import resource
    except ImportError:  # Windows: no limit, and a MemoryError or a crash is reported as such
        return
    for what, limit in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, file_bytes)):
        soft, hard = resource.getrlimit(what)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(what, (limit, limit))


class _Ex4Guard:
    """Stand-ins for this project's nnCostFunction and sigmoidGradient, which note their use.

    Put in place before the learner's code loads, so that ``from ex4 import
    nnCostFunction`` gets a stand-in (and is seen: the function *is* ex4's), and a call
    to one from inside the learner's function during a request is seen too.  The course's
    helpers (sigmoid, checkNNGradients, ...) stay as they are.
    """

    def __init__(self):
        import functools
        import importlib

        import ex4

        self.used = False
        self.armed = False
        self.stand_ins = {}
        for name, module_name in (("nnCostFunction", "ex4.cost"), ("sigmoidGradient", "ex4.sigmoid")):
            home = importlib.import_module(module_name)  # ex4.sigmoid, the attribute, is the function
            real = getattr(home, name)

            def stand_in(*args, _real=real, **kwargs):
                if self.armed:
                    self.used = True
                return _real(*args, **kwargs)

            functools.update_wrapper(stand_in, real)
            self.stand_ins[name] = stand_in
            for module in (ex4, home):
                setattr(module, name, stand_in)

    def own(self, functions):
        """The names whose learner's function is ex4's own (imported)."""
        return sorted(name for name, f in functions.items() if f is self.stand_ins.get(name))


def describe(exc, limit):
    """One line for what the learner's code did."""
    from .loading import one_line

    if isinstance(exc, SystemExit):
        return f"it called sys.exit({exc.code!r})"
    if isinstance(exc, MemoryError):
        return f"it ran out of memory (MemoryError; the limit is {limit / 2 ** 30:g} GiB)"
    if isinstance(exc, KeyboardInterrupt):
        return "it raised KeyboardInterrupt"
    return f"it raised {one_line(exc)}"


def _floats(value):
    """The learner's value as a flat list of floats (column-major) and its shape; TypeError if not numbers."""
    import numpy as np

    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"not numbers ({type(value).__name__})") from None
    return [float(v) for v in np.ravel(arr, order="F")], list(arr.shape)


def _call(request, functions, guard):
    """The raw result of one request, as a dict of numbers."""
    import numpy as np

    from .. import _checks

    if guard is not None:
        guard.used, guard.armed = False, True
    try:
        if request["call"] == "sigmoidGradient":
            g, shape = _floats(functions["sigmoidGradient"](np.array(request["z"], dtype=float)))
            result = {"g": g, "shape": shape}
        else:
            nn_params, input_size, hidden, labels, X, y, lambda_ = request["args"]
            returned = functions["nnCostFunction"](np.array(nn_params, dtype=float), input_size, hidden, labels,
                                                   np.array(X, dtype=float), np.array(y), lambda_)
            if not isinstance(returned, (tuple, list)) or len(returned) != 2:
                raise TypeError(f"nnCostFunction should return (J, grad), returned {type(returned).__name__}")
            for what, value in zip(("J", "grad"), returned):
                if _checks.not_numbers(value):
                    raise TypeError(f"{what} should be {'a number' if what == 'J' else 'numbers'}, "
                                    f"got {type(value).__name__} ({np.asarray(value).dtype})")
            J, _ = _floats(returned[0])
            grad, _ = _floats(returned[1])
            result = {"J": J, "grad": grad, "float32": bool(_checks.low_precision(returned))}
    finally:
        if guard is not None:
            guard.armed = False
    result["used_ex4"] = bool(guard is not None and guard.used)
    return result


def main(argv):
    target, folder, memory, file_bytes = argv[0], argv[1], int(argv[2]), int(argv[3])
    if sys.path and os.path.abspath(sys.path[0] or ".") == os.getcwd():
        del sys.path[0]  # the folder this started in is never searched for modules
    import numpy  # noqa: F401 - imported before the learner's folder is on sys.path

    from . import loading

    guard = None if target == "-" else _Ex4Guard()
    requests, answers = _private_streams()

    def answer(message):
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    _limit(memory, file_bytes)
    hello = json.loads(requests.readline())
    if folder:
        os.chdir(folder)  # the learner's code runs from its own folder, as at home
    try:
        _, module, _ = loading.load_module(None if target == "-" else target)
    except loading.LoadError as exc:
        answer({"id": hello["id"], "error": str(exc).splitlines()[0]})
        return 0
    except BaseException as exc:  # noqa: BLE001 - sys.exit and the like at import: the learner's
        answer({"id": hello["id"], "error": describe(exc, memory)})
        return 0
    functions = {name: getattr(module, name, None) for name in ("nnCostFunction", "sigmoidGradient")}
    functions = {name: f for name, f in functions.items() if callable(f)}
    notes = [str(note) for note in getattr(module, "__ex4_notes__", [])][:20]
    answer({"id": hello["id"], "functions": sorted(functions), "notes": notes,
            "ex4_own": guard.own(functions) if guard else []})

    for line in requests:
        request = json.loads(line)
        try:
            answer({"id": request["id"], **_call(request, functions, guard)})
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            answer({"id": request["id"], "error": describe(exc, memory)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
