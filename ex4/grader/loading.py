"""A learner's own functions: loaded from their file or module, called the course's way.

``python -m ex4 --impl my_ex4.py`` runs the exercise on the learner's
``nnCostFunction``, ``sigmoidGradient`` and ``randInitializeWeights``; the grader
(:mod:`ex4.submit`) loads the same way.  When the learner's code fails, what they
need is their own file and line: :class:`LearnerCodeError` carries the traceback cut
down to the learner's frames, without this project's.
"""

import ast
import importlib
import importlib.machinery
import importlib.util
import inspect
import json
import linecache
import os
import re
import sys
import traceback
from pathlib import Path

import numpy as np

from .. import _checks
from ..diagnosis import is_shape_error

NAMES = ("nnCostFunction", "sigmoidGradient", "randInitializeWeights")
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # ex4/


class LoadError(ValueError):
    """The learner's file or module cannot be loaded at all (missing, not Python, fails to import)."""


class LearnerCodeError(Exception):
    """The learner's function raised, or returned something of the wrong kind.

    ``str()`` is one line; :attr:`details` is the learner's part of the traceback
    (empty for a wrong return value, which the one line says all about).
    """

    def __init__(self, function, message, details=""):
        super().__init__(message)
        self.function = function
        self.details = details


def load_module(target):
    """The module of a learner's file (any path), notebook, or importable module name.

    Returns ``(label, module, folder)``: how to name it to the learner, the module,
    and the folder its code lives in (their frames are the ones under it).  A file's
    folder goes to the front of ``sys.path`` and stays there, so that the file can
    import modules beside it, at import and later, from inside its functions.
    ``None`` is this project's own ``ex4``.

    A file ending in ``.ipynb`` is a Jupyter notebook: see :func:`_load_notebook`.
    Any other file is read as Python source, whatever its ending.

    Raises
    ------
    LoadError
        Naming the target and why: no such file, not Python source, or the error its
        import raised (in one line, then the learner's part of the traceback).
    """
    if target is None:
        import ex4
        return "this project's ex4", ex4, _PACKAGE_DIR
    path = Path(target)
    if target.endswith((".py", ".ipynb")) or os.sep in target or "/" in target or path.is_file():
        if not path.is_file():
            raise LoadError(f"{target}: no such file")
        folder = str(path.resolve().parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        note = _port_utils(path, folder)
        load = _load_notebook if path.suffix == ".ipynb" else _load_source
        module = load(path, folder)
        if note:
            module.__ex4_notes__.insert(0, note)
        return str(path), module, folder
    try:
        module = importlib.import_module(target)
    except Exception as exc:  # noqa: BLE001 - whatever the import raised is the learner's to see
        raise LoadError(f"{target}: cannot be imported: {one_line(exc)}") from None
    folder = os.path.dirname(os.path.realpath(getattr(module, "__file__", None) or "."))
    return target, module, folder


_IMPORTS_UTILS = re.compile(rb"\bimport\s+utils\b|\bfrom\s+utils\s+import\b")


def _port_utils(path, folder):
    """Where the file imports ``utils`` and none is beside it: the notebook port's helpers from
    this project (:mod:`ex4.port_utils`) as ``utils``, and a note saying so; else ''."""
    try:
        if not _IMPORTS_UTILS.search(path.read_bytes()):
            return ""
    except OSError:
        return ""
    if os.path.exists(os.path.join(folder, "utils.py")) or os.path.isdir(os.path.join(folder, "utils")):
        return ""
    from .. import port_utils

    sys.modules["utils"] = port_utils
    return (f"it imports utils (the Python notebook port's helpers) and none is beside it: this project's "
            f"copy is used ({port_utils.PROVIDED})")


def _new_module(path):
    # A loader for any ending: importlib finds none for a file without ".py".
    name = "_learner_" + "".join(c if c.isalnum() else "_" for c in path.stem)
    loader = importlib.machinery.SourceFileLoader(name, str(path.resolve()))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(name, loader))
    module.__ex4_notes__ = []  # what loading skipped, for the learner
    sys.modules[name] = module
    return module


def _load_source(path, folder):
    try:
        code = compile(path.read_bytes(), str(path.resolve()), "exec")  # absolute: the learner may chdir
    except (SyntaxError, ValueError) as exc:
        if path.suffix != ".py":
            raise LoadError(f"{path}: not a Python file (it does not parse as Python source)") from None
        raise LoadError(f"{path}: cannot be imported: {one_line(exc)}") from None
    module = _new_module(path)
    try:
        exec(code, module.__dict__)
    except Exception as exc:  # noqa: BLE001
        del sys.modules[module.__name__]
        raise LoadError(f"{path}: cannot be imported: {one_line(exc)}\n"
                        f"{learner_traceback(exc, folder)}".rstrip()) from None
    return module


# What is taken from a notebook: imports and definitions, nothing that runs work.
_KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _load_notebook(path, folder):
    """The imports and function and class definitions of a notebook's code cells, as a module.

    Nothing else runs: a cell that trains, plots, submits online or loops for ever is
    passed over, and so are IPython magics (``%...``, ``%%...`` cells) and shell lines
    (``!...``).  An import that fails is noted (``module.__ex4_notes__``) and skipped, as
    is a cell that is not Python; a function that needs it fails when called.  Code
    keeps the notebook's cell and line numbers in tracebacks.
    """
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"] if "cells" in notebook else notebook["worksheets"][0]["cells"]  # nbformat 4, 3
    except (ValueError, UnicodeDecodeError, KeyError, IndexError, TypeError, RecursionError):
        raise LoadError(f"{path}: not a Jupyter notebook (expected nbformat JSON with cells)") from None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise LoadError(f"{path}: not a notebook: its cells are not a list of cells")
    module = _new_module(path)
    code_cells = [c for c in cells if c.get("cell_type") == "code"]
    for number, cell in enumerate(code_cells, 1):
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        elif not isinstance(source, str):
            raise LoadError(f"{path}: not a notebook: code cell {number}'s source is not text")
        where = f"code cell {number}"
        if source.lstrip().startswith("%%"):
            module.__ex4_notes__.append(f"{where} skipped: a cell magic ({source.split()[0]})")
            continue
        # Magics and shell lines become blank lines, so line numbers stay the notebook's.
        lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
        text = "\n".join(lines) + "\n"
        filename = f"{path.resolve()}, {where}"
        try:
            tree = ast.parse(text, filename)
        except SyntaxError as exc:
            module.__ex4_notes__.append(f"{where} skipped: not Python ({one_line(exc)})")
            continue
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
        for node in tree.body:
            if not isinstance(node, _KEPT):
                skipped = _defines(node)
                if skipped:
                    module.__ex4_notes__.append(
                        f"{where}, line {node.lineno} skipped: {skipped} (only imports and def or class "
                        "statements at the top of a cell are taken from a notebook)")
                continue
            try:
                exec(compile(ast.Module([node], type_ignores=[]), filename, "exec"), module.__dict__)
            except Exception as exc:  # noqa: BLE001 - noted; the definitions that need it fail when called
                module.__ex4_notes__.append(f"{where}, line {node.lineno} skipped: {one_line(exc)}")
    return module


def _defines(node):
    """What a statement that is not taken would have defined, for the note; '' for plain work."""
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]
        if isinstance(node.value, ast.Lambda) or any(n in NAMES or n in ("sigmoid", "utils") for n in names):
            return f"an assignment to {', '.join(names)}"
        return ""
    inner = [n.name for n in ast.walk(node) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if inner:
        return f"a def of {', '.join(inner)} inside a {type(node).__name__.lower()} statement"
    return ""


def one_line(exc):
    """``Type: message`` on one line, at most 200 characters."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 200 else text[:197] + "..."


def learner_traceback(exc, folder, function=None):
    """The traceback of ``exc`` cut down to the learner's own frames.

    The learner's frames are those in files under ``folder``, except this package
    and installed packages (a virtual environment inside the learner's folder).
    When none is left (a call with the wrong number of arguments fails before the
    function's first line), the function's ``def`` line is shown instead.
    """
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_learners(f.filename, folder)]
    if not frames and function is not None:
        code = getattr(inspect.unwrap(function), "__code__", None)
        if code is not None:
            frames = [traceback.FrameSummary(code.co_filename, code.co_firstlineno, code.co_name)]
    lines = ["Traceback (your code only):\n"] if frames else []
    lines += traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def is_learners(filename, folder):
    path = os.path.realpath(filename)
    inside = path.startswith(os.path.join(folder, ""))
    installed = "site-packages" in path or "dist-packages" in path
    return inside and not installed and not path.startswith(os.path.join(_PACKAGE_DIR, ""))


class Implementation:
    """The three functions of ex4 the learner writes: theirs where defined, else this project's.

    Each is called the course's way and its result checked, so that the rest of
    the project can call it as it calls its own:

    - ``nnCostFunction`` gets copies of its arguments (MATLAB passes by value) and
      ``hidden_layer_size`` as an int for one hidden layer;
    - ``randInitializeWeights(L_in, L_out)`` without ``rng`` unless the learner's
      takes one (a run is made repeatable by seeding ``np.random`` instead);
    - ``sigmoidGradient`` must return one value per input value.
    """

    def __init__(self, label, functions, folder):
        self.precision = ""  # 'float32' once the learner's nnCostFunction has returned such values
        self.label = label
        self.folder = folder
        self.own = {name: f for name, f in functions.items() if name in NAMES and callable(f)}
        self.notes = []  # what loading skipped (a notebook's failed imports, say)

    @classmethod
    def load(cls, target):
        """The learner's functions from a file or module (see :func:`load_module`)."""
        label, module, folder = load_module(target)
        functions = {name: getattr(module, name, None) for name in NAMES}
        implementation = cls(label, functions, folder)
        implementation.notes = list(getattr(module, "__ex4_notes__", []))
        if not implementation.own:
            raise LoadError(f"{label} defines none of {', '.join(NAMES)}")
        return implementation

    def _call(self, name, *args, **kwargs):
        function = self.own[name]
        try:
            returned = function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported with the learner's own frames
            details = learner_traceback(exc, self.folder, function)
            if name == "nnCostFunction" and len(args) == 7 and isinstance(exc, IndexError):
                details += ("\nLabels run 1..num_labels (for the digits, 10 stands for the digit 0), and Python "
                            "counts from 0: as a column index, label y is y - 1.")
            elif name == "nnCostFunction" and len(args) == 7 and is_shape_error(f"{type(exc).__name__}: {exc}"):
                details += "\n" + shape_table(args)
            raise LearnerCodeError(name, f"your {name} raised {one_line(exc)}", details) from exc
        if name == "nnCostFunction":
            self.precision = self.precision or _checks.low_precision(returned)
        return returned

    def nnCostFunction(self, nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_):
        from ..cost import nnCostFunction

        if "nnCostFunction" not in self.own:
            return nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)
        theirs = _checks.checked_cost_function(
            lambda *args: self._call("nnCostFunction", *args), name="nnCostFunction")
        try:
            return theirs(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, lambda_)
        except TypeError as exc:  # what it returned is not (J, grad)
            raise LearnerCodeError("nnCostFunction", f"your {exc}") from None

    def sigmoidGradient(self, z):
        from ..sigmoid import sigmoidGradient

        if "sigmoidGradient" not in self.own:
            return sigmoidGradient(z)
        z = np.array(z, dtype=float)
        g = self._call("sigmoidGradient", z.copy())
        try:
            g = np.array(g, dtype=float)
        except (TypeError, ValueError):
            g = None
        if g is None or g.shape != z.shape:
            got = "something that is not numbers" if g is None else f"shape {g.shape}"
            raise LearnerCodeError("sigmoidGradient", f"your sigmoidGradient returned {got} for z of "
                                   f"shape {z.shape}; expected g'(z) for each value of z, the same shape")
        return g

    def randInitializeWeights(self, L_in, L_out, rng):
        from ..weights import randInitializeWeights

        if "randInitializeWeights" not in self.own:
            return randInitializeWeights(L_in, L_out, rng=rng)
        if _takes_keyword(self.own["randInitializeWeights"], "rng"):
            W = self._call("randInitializeWeights", L_in, L_out, rng=rng)
        else:
            W = self._call("randInitializeWeights", L_in, L_out)
        try:
            W = np.array(W, dtype=float)
        except (TypeError, ValueError):
            W = None
        if W is None or W.shape != (L_out, 1 + L_in) or not np.isfinite(W).all():
            got = "something that is not numbers" if W is None else (
                f"shape {W.shape}" if W.shape != (L_out, 1 + L_in) else "NaN or infinity")
            raise LearnerCodeError("randInitializeWeights", f"your randInitializeWeights({L_in}, {L_out}) "
                                   f"returned {got}; expected finite numbers of shape ({L_out}, {1 + L_in}), "
                                   "L_out x (1 + L_in)")
        return W

    def describe(self):
        """One line per function: the learner's, or this project's in its place."""
        lines = []
        for name in NAMES:
            if name in self.own:
                lines.append(f"  {name}: yours, from {self.label}")
            else:
                lines.append(f"  {name}: not defined in {self.label}, so ex4's own is used")
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def shape_table(args):
    """The shape each step of §1.3 and §2.3 should have for this call of nnCostFunction."""
    from ..diagnosis import expected_shapes

    _, input_layer_size, hidden_layer_size, num_labels, X, _, _ = args
    sizes = (int(input_layer_size), *np.atleast_1d(hidden_layer_size).astype(int).tolist(), int(num_labels))
    m = np.shape(X)[0] if np.ndim(X) else 0
    lines = [f"The shapes each step should have for this call (m = {m} examples, one per row; "
             "find the first of yours that differs):"]
    lines += [f"  {name:<55} {shape[0]} x {shape[1]}" for name, shape in expected_shapes(m, sizes)]
    return "\n".join(lines)


def _takes_keyword(function, name):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind == p.VAR_KEYWORD for p in parameters)
