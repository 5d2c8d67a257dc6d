"""The child that runs a learner's code for the grader (:mod:`ex4.grader.sandbox`).

Started inside the sandbox as ``python -s -E -m ex4_inside.worker CONFIG`` (this folder,
copied into the sandbox as the package ``ex4_inside``), from a folder of its own, so that
nothing in the learner's folder can stand in for a module it imports.  It imports what it
needs, moves its two protocol streams to private descriptors (standard input becomes
/dev/null; whatever the learner's code prints goes to standard error), says it is ready,
and only then copies the learner's folder into its own writable folder, puts that on
``sys.path`` and loads the code.

It computes nothing that decides a score.  Each request names a function and its
arguments; the answer is the function's raw result, as numbers:

- first, unasked: ``{"ready": true}`` (before it, a failure is the grader's, not the learner's);
- ``{"id": ID, "load": true}`` -> ``{"id": ID, "functions": [...], "notes": [...], "ex4_own": [...]}``
- ``{"id": ID, "call": "nnCostFunction", "args": [...]}`` -> ``{"id": ID, "J": x, "grad": [...], "float32": b, "used_ex4": b}``
- ``{"id": ID, "call": "sigmoidGradient", "z": [[...]]}`` -> ``{"id": ID, "g": [...], "shape": [...], "used_ex4": b}``
- any of them -> ``{"id": ID, "error": ONE_LINE}`` when the learner's code raised or exited.

The grader checks every answer's form, formats and compares the numbers itself, and
treats anything else on the channel as the learner's code writing there.
"""

import importlib.util
import json
import os
import shutil
import sys

COPY_LIMIT = 64 * 2 ** 20  # bytes of the learner's folder copied, at most


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


MAX_PROCESSES = 64  # processes the learner's code may start, besides those already running as its user


def _limit(memory, file_bytes):
    """Address space per process, the size of any file written, and the processes its user may
    have (where the system limits them): a fork bomb stops at ``MAX_PROCESSES`` more."""
    try:
        import resource
    except ImportError:  # Windows: no limit, and a MemoryError or a crash is reported as such
        return
    uid = os.getuid()
    running = sum(1 for p in os.listdir("/proc") if p.isdigit() and _owner(p) == uid) if os.path.isdir("/proc") else 0
    for what, limit in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, file_bytes),
                        (resource.RLIMIT_NPROC, running + MAX_PROCESSES)):
        soft, hard = resource.getrlimit(what)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(what, (limit, limit))


def _subreaper():
    """What the learner's code starts and leaves (a double fork, ``setsid``) stays below this
    process (Linux): the grader counts its CPU time as the file's and ends it with the file."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _owner(pid):
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def copy_folder(source, target, limit=COPY_LIMIT):
    """Regular files and folders of ``source`` into ``target``, up to ``limit`` bytes; no links.

    ``target`` itself is never copied, where it lies inside ``source`` (a file graded straight
    from /tmp, where the grader's work folders are too); a file that cannot be read is left out.
    """
    total = 0
    target_real = os.path.realpath(target)
    for folder, dirs, files in os.walk(source):
        here = os.path.normpath(os.path.join(target, os.path.relpath(folder, source)))
        os.makedirs(here, exist_ok=True)
        os.chmod(here, 0o755)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))
                   and not _within(os.path.realpath(os.path.join(folder, d)), target_real)]
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            if total + size > limit:
                continue
            try:
                shutil.copyfile(path, os.path.join(here, name))
            except OSError:  # not readable by the grader: not the learner's to read either
                continue
            os.chmod(os.path.join(here, name), 0o644)
            total += size


def _within(path, folder):
    """Whether ``path`` is ``folder`` or inside it (both real paths)."""
    return path == folder or path.startswith(os.path.join(folder, ""))


def _stand_in_ex4():
    """The helpers-only ``ex4`` (``shims/ex4``) as ``sys.modules['ex4']``, so that any import
    of ex4 by the learner's code gets it, wherever the real package may be installed."""
    from . import SHIMS

    spec = importlib.util.spec_from_file_location("ex4", os.path.join(SHIMS, "ex4", "__init__.py"),
                                                  submodule_search_locations=[os.path.join(SHIMS, "ex4")])
    module = importlib.util.module_from_spec(spec)
    sys.modules["ex4"] = module
    spec.loader.exec_module(module)
    return module


def _through_own_ex4(exc, work):
    """Whether importing the learner's own ex4.py (or ex4/) is where ``exc`` came from."""
    own = (os.path.join(work, "ex4.py"), os.path.join(work, "ex4", ""))
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, ImportError) and str(getattr(exc, "path", "") or "").startswith(own):
            return True
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith(own):
                return True
            tb = tb.tb_next
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _not_yours(exc):
    """Whether ``exc`` (or what it was raised from) is the stand-in ex4 refusing a learner's function."""
    seen = 0
    while exc is not None and seen < 20:
        if type(exc).__name__ == "NotYours" and getattr(type(exc), "__module__", "") == "ex4":
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


class Returned(Exception):
    """What the learner's function returned cannot be read as the part's numbers."""


def describe(exc, limit):
    """(one line for what the learner's code did, its kind: raised, returned, exit or memory)."""
    from .load import exception_line

    if isinstance(exc, Returned):
        return str(exc), "returned"
    if isinstance(exc, SystemExit):
        return f"it called sys.exit({exc.code!r})", "exit"
    if isinstance(exc, MemoryError):
        return f"it ran out of memory (MemoryError; the limit is {limit / 2 ** 30:g} GiB)", "memory"
    return f"it raised {exception_line(exc)}", "raised"


def where(exc, folder):
    """The learner's own line that raised ``exc`` (the innermost in their folder): {file relative to
    the folder, line, code}, or None."""
    import traceback

    from .load import is_learners

    if not folder or isinstance(exc, Returned):
        return None
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_learners(f.filename, folder)]
    if not frames:
        return None
    frame = frames[-1]
    name = frame.filename
    if name.startswith(os.path.join(folder, "")):
        name = name[len(os.path.join(folder, "")):]
    return {"file": name[:300], "line": int(frame.lineno or 0), "code": (frame.line or "").strip()[:300]}


def _error(request_id, exc, memory, folder):
    text, kind = describe(exc, memory)
    return {"id": request_id, "error": text, "kind": kind, "where": where(exc, folder)}


def _floats(value):
    """The learner's value as a flat list of floats (column-major) and its shape; TypeError if not numbers."""
    import numpy as np

    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"not numbers ({type(value).__name__})") from None
    return [float(v) for v in np.ravel(arr, order="F")], list(arr.shape)


def answer_request(request, functions):
    """The raw result of one request, as a dict of numbers."""
    import numpy as np

    from .calls import COST_ARGUMENTS, call_by_value
    from .values import low_precision, not_numbers

    if request["call"] == "sigmoidGradient":
        z = request["z"]  # a number as numpy's float64, which has a shape (()) as templates expect
        z = np.float64(z) if isinstance(z, (int, float)) else np.array(z, dtype=float)
        returned, changed = call_by_value(functions["sigmoidGradient"], [z], ["z"], "sigmoidGradient")
        try:
            g, shape = _floats(returned)
        except TypeError as exc:
            raise Returned(f"sigmoidGradient returned {exc}; expected g'(z), numbers of z's shape") from None
        if len(shape) > 2:  # np.gradient's list of arrays, say: not an answer the channel carries
            raise Returned(f"sigmoidGradient returned an array of shape {tuple(shape)} for z of shape "
                           f"{np.shape(z)}; expected g'(z), numbers of z's shape")
        return {"g": g, "shape": shape, "changed": changed}
    nn_params, input_size, hidden, labels, X, y, lambda_ = request["args"]
    args = [np.array(nn_params, dtype=float), input_size, hidden, labels, np.array(X, dtype=float), np.array(y),
            lambda_]
    returned, changed = call_by_value(functions["nnCostFunction"], args, COST_ARGUMENTS)
    if _one_number(returned):  # J alone, as a cost that does not yet compute its gradient returns it
        J, _ = _floats(returned)
        return {"J": J, "grad": [], "float32": bool(low_precision((returned, 0.0))), "changed": changed,
                "J_alone": True}
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        count = f" of {len(returned)} values" if isinstance(returned, (tuple, list)) else ""
        raise Returned(f"nnCostFunction returned a {type(returned).__name__}{count}; expected (J, grad), a "
                       "number and a vector: return J, grad")
    grad = returned[1]
    if _one_number(returned[0]) and isinstance(grad, (list, tuple)) and len(grad) > 1 and all(
            np.ndim(g) == 2 for g in grad):  # J is read, as submit.m reads it for parts 1-2; the gradient cannot be
        J, _ = _floats(returned[0])
        return {"J": J, "grad": [], "float32": False, "changed": changed, "J_alone": True,
                "grad_error": f"nnCostFunction returned grad as a {type(grad).__name__} of {len(grad)} matrices; "
                              "expected one vector: unroll them into one, np.concatenate([Theta1_grad.ravel("
                              "order='F'), Theta2_grad.ravel(order='F')])"}
    if _one_number(returned[1]) and not _one_number(returned[0]) and np.size(returned[0]) > 1:
        raise Returned("nnCostFunction returned (grad, J), the gradient first: the course's order is J, grad: return "
                       "J, grad")
    for what, value in zip(("J", "grad"), returned):
        if not_numbers(value):
            raise Returned(f"nnCostFunction returned {what} as {type(value).__name__}; expected "
                           f"{'a number' if what == 'J' else 'numbers'}")
    try:
        J, _ = _floats(returned[0])
        grad, _ = _floats(returned[1])
    except TypeError as exc:
        raise Returned(f"nnCostFunction returned (J, grad) that are {exc}") from None
    return {"J": J, "grad": grad, "float32": bool(low_precision(returned)), "changed": changed, "J_alone": False}


def _one_number(value):
    """Whether a returned value is one real number (a float, a numpy scalar, a 0-d or 1-element array)."""
    import numpy as np

    if isinstance(value, (bool, str, bytes, tuple, list)):
        return False
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return False
    return arr.size == 1 and arr.dtype.kind in "iuf"


def folder_of(target):
    return os.path.dirname(os.path.abspath(target)) if target and os.path.isfile(target) else ""


def main(argv):
    config = json.loads(argv[0])
    target, memory = config["target"], config["memory"]
    if sys.path and os.path.abspath(sys.path[0] or ".") == os.getcwd():
        del sys.path[0]  # the folder this started in is never searched for modules
    import numpy  # noqa: F401 - imported before the learner's folder is on sys.path

    from . import load

    own = target is None  # the project grading itself: its real package, bound where config["path"] says
    sys.path[:0] = config.get("path", [])
    # A learner's own ex4.py (the course's ex4.m, ported, beside their functions) is theirs to import.
    theirs = config.get("source") and any(os.path.exists(os.path.join(config["source"], name))
                                          for name in ("ex4.py", "ex4"))
    stand_in = None if own or theirs else _stand_in_ex4()
    _subreaper()
    requests, answers = _private_streams()

    def answer(message):
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    answer({"ready": True})
    _limit(memory, config["file_bytes"])
    hello = json.loads(requests.readline())
    if config.get("source"):
        copy_folder(config["source"], config["work"])
    if config.get("work"):
        os.chdir(config["work"])  # the learner's code runs from its own folder, as at home
    try:
        _, module, folder = load.load_module(config["package"] if own else target)
    except load.LoadError as exc:
        answer({"id": hello["id"], "error": str(exc).splitlines()[0],
                **({"own_ex4": True} if theirs and _through_own_ex4(exc, config["work"]) else {})})
        return 0
    except BaseException as exc:  # noqa: BLE001 - sys.exit and the like at import: the learner's
        failed = _error(hello["id"], exc, memory, folder_of(target))
        if theirs and _through_own_ex4(exc, config["work"]):
            failed["own_ex4"] = True  # the grader says so, after the learner's words
        answer(failed)
        return 0
    functions = load.learner_functions(module, folder, ("nnCostFunction", "sigmoidGradient"))
    notes = [str(note) for note in getattr(module, "__ex4_notes__", [])]
    notes = (notes + load.borrowed_gradients(target if folder else None, functions))[:20]
    ex4_own = [] if stand_in is None else sorted(
        name for name, f in functions.items() if getattr(f, "__ex4_not_yours__", False))
    answer({"id": hello["id"], "functions": sorted(functions), "notes": notes, "ex4_own": ex4_own})

    for line in requests:
        request = json.loads(line)
        try:
            answer({"id": request["id"], **answer_request(request, functions), "used_ex4": False})
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            if not own and _not_yours(exc):
                answer({"id": request["id"], "used_ex4": True})
            else:
                answer(_error(request["id"], exc, memory, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
