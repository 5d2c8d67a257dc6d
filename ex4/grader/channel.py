"""The grader's channel to the worker, read as untrusted: the form of each answer, checked before
any of it is used, and the learner's text made printable wherever it will be shown.

Every answer line comes from a process that runs the learner's code, which can write on the
channel too: an answer is used only where its keys, types and sizes are what the worker sends
(:func:`hello_form`, :func:`result_form`, :func:`error_form`), and every text in it passes
through :func:`escaped` before it reaches a message, a page or a cell.
"""

import os

from ..inside.calls import COST_ARGUMENTS

ERROR_KINDS = ("raised", "returned", "exit", "memory")


def hello_form(message):
    """Whether the worker's first answer (what it found to grade) has its form."""
    return (set(message) == {"id", "functions", "notes", "ex4_own"}
            and strings(message["functions"], 2) and strings(message["notes"], 20)
            and strings(message["ex4_own"], 2)
            and set(message["functions"]) | set(message["ex4_own"]) <= {"nnCostFunction", "sigmoidGradient"})

def result_form(message):
    """Whether an answer to a call has its form: the numbers of sigmoidGradient or of nnCostFunction."""
    keys = set(message) - {"id", "used_ex4", "changed", "grad_error"}
    if not isinstance(message.get("grad_error", ""), str) or len(message.get("grad_error", "")) > 500:
        return False
    if not isinstance(message.get("used_ex4"), bool):
        return False
    if message["used_ex4"]:
        return not keys and "changed" not in message
    if not strings(message.get("changed"), len(COST_ARGUMENTS)):
        return False
    if keys == {"g", "shape"}:
        return numbers(message["g"]) and numbers(message["shape"]) and len(message["shape"]) <= 2
    return (keys == {"J", "grad", "float32", "J_alone"} and numbers(message["J"])
            and numbers(message["grad"]) and isinstance(message["float32"], bool)
            and isinstance(message["J_alone"], bool))


def error_form(message):
    """An error answer's form: its one line, its kind, and the learner's line (or None)."""
    if not set(message) <= {"id", "error", "kind", "where", "own_ex4"} or not isinstance(message["error"], str):
        return False
    if message.get("kind", "raised") not in ERROR_KINDS:
        return False
    where = message.get("where")
    return where is None or (isinstance(where, dict) and set(where) == {"file", "line", "code"}
                             and isinstance(where["file"], str) and isinstance(where["code"], str)
                             and isinstance(where["line"], int) and not isinstance(where["line"], bool)
                             and 0 <= where["line"] < 10 ** 7)


def strings(value, most):
    return isinstance(value, list) and len(value) <= most and all(isinstance(v, str) for v in value)


def numbers(value):
    """A list of JSON numbers that are floats: an integer too large for one (10**400) is not."""
    return isinstance(value, list) and all(
        isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2 ** 1023)
        for v in value)


def printable(text):
    """Text from the learner's code with control characters, escape codes and bidirectional
    marks shown escaped (``\\x1b``): nothing of it acts on a terminal, a page or a cell."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def shorten(text, limit=200):
    """Text from the learner's code as one printable line (:func:`printable`), at most ``limit`` characters."""
    shown = printable(text)
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."


def escaped(value):
    """An answer with every text in it :func:`printable` (keys are the worker's own, checked after)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    return value


def decoded(text):
    """Text holding a path that is not UTF-8 (a folder named so) with those bytes shown as ``\\xff``."""
    return os.fsencode(text).decode("utf-8", "backslashreplace") if isinstance(text, str) else str(text)


def readable(name):
    """A student's name as every output can hold it: bytes that are not UTF-8 shown as ``\\xff``,
    control and bidirectional characters escaped, at most 300 characters."""
    shown = printable(decoded(name))
    return shown if len(shown) <= 300 else shown[:297] + "..."
