"""The child process that runs a learner's code for the grader (:mod:`ex4.grader.sandbox`).

Started as ``python -m ex4.grader.worker TARGET MEMORY_BYTES``.  It loads the target,
then answers one request per line on its standard input, one JSON line each on its
standard output.  The learner's code gets neither: before loading it, the two
protocol streams move to private file descriptors, standard input becomes /dev/null
and whatever the learner's code prints goes to standard error.

Requests: ``{"part": N, "convention": NAME}``.  Answers: ``{"ok": TEXT}`` (what the
part prints), or ``{"error": ONE_LINE}`` when the learner's code raised, exited
(SystemExit is caught here; ``os._exit`` ends the process, and the parent says so)
or ran out of memory.
"""

import json
import os
import sys


def _private_streams():
    """(requests, answers): fds 0 and 1 moved out of the learner's reach."""
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)  # the learner's prints go to standard error
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = sys.stderr
    return requests, answers


def _limit_memory(limit):
    try:
        import resource
    except ImportError:  # Windows: no limit, and a MemoryError or a crash is reported as such
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))


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


def main(argv):
    target, limit = argv[0], int(argv[1])
    requests, answers = _private_streams()

    def answer(**message):
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    _limit_memory(limit)
    from .loading import LoadError, load_module
    from . import parts

    try:
        _, module, _ = load_module(None if target == "-" else target)
    except LoadError as exc:
        answer(error=str(exc).splitlines()[0])
        return 0
    except BaseException as exc:  # noqa: BLE001 - sys.exit and the like at import: the learner's
        answer(error=describe(exc, limit))
        return 0
    functions = {name: getattr(module, name, None) for name in parts.FUNCTIONS}
    functions = {name: f for name, f in functions.items() if callable(f)}
    answer(ok="loaded", functions=sorted(functions), notes=getattr(module, "__ex4_notes__", []))

    for line in requests:
        request = json.loads(line)
        try:
            text = parts.graded_output(request["part"], functions, parts.BY_NAME[request["convention"]])
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            answer(error=describe(exc, limit))
        else:
            answer(ok=text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
