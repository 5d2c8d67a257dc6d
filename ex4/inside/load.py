"""A learner's file, notebook or module loaded, and the learner's own frames of a traceback.

Used inside the grader's sandbox (:mod:`ex4.inside.worker`) and by ``python -m ex4 --impl``
(:mod:`ex4.programs.loading`): one way to load a learner's code.  Imports nothing of ex4.
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

from . import SHIMS

NAMES = ("nnCostFunction", "sigmoidGradient", "randInitializeWeights")
_INSIDE_DIR = os.path.dirname(os.path.realpath(__file__))
_PACKAGE_DIR = os.path.dirname(_INSIDE_DIR)  # ex4/, where this runs as ex4.inside


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
    (The project grading itself gives its package's name, as the worker is told it.)

    A file ending in ``.ipynb`` is a Jupyter notebook: see :func:`_load_notebook`.
    Any other file is read as Python source, whatever its ending.

    Raises
    ------
    LoadError
        Naming the target and why: no such file, not Python source, or the error its
        import raised (in one line, then the learner's part of the traceback).
    """
    path = Path(target)
    if target.endswith((".py", ".ipynb")) or os.sep in target or "/" in target or path.is_file():
        if not path.is_file():
            raise LoadError(f"{target}: no such file")
        folder = str(path.resolve().parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        offer_shims()
        notes = [note for note in (_port_utils(path, folder), _port_submission(path, folder)) if note]
        load = _load_notebook if path.suffix == ".ipynb" else _load_source
        module = load(path, folder)
        module.__ex4_notes__[:0] = notes
        return str(path), module, folder
    try:
        module = importlib.import_module(target)
    except Exception as exc:  # noqa: BLE001 - whatever the import raised is the learner's to see
        raise LoadError(f"{target}: cannot be imported: {exception_line(exc)}") from None
    folder = os.path.dirname(os.path.realpath(getattr(module, "__file__", None) or "."))
    return target, module, folder


def learner_functions(module, folder, names=NAMES):
    """{name: the learner's function} for each of ``names`` they define: in the module, or, one
    function per file as the course lays it out, in ``NAME.py`` beside it (imported by name,
    so the files can import each other as they do at home).  A note says where each came from."""
    found = {}
    for name in names:
        function = getattr(module, name, None)
        if callable(function) and not inspect.ismodule(function):
            found[name] = function
            continue
        near = _near_name(module, name)
        if near:
            getattr(module, "__ex4_notes__", []).append(
                f"it defines {near} and not {name}: the course's name is {name} (rename it, or add {name} = {near})")
        beside = os.path.join(folder, name + ".py") if folder else ""
        if not beside or not os.path.isfile(beside) or os.path.realpath(beside) == os.path.realpath(
                getattr(module, "__file__", "") or ""):
            continue
        try:
            sibling = importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - the learner's file's own error, noted
            getattr(module, "__ex4_notes__", []).append(f"{name}.py beside it cannot be imported: {exception_line(exc)}")
            continue
        function = getattr(sibling, name, None)
        if callable(function) and not inspect.ismodule(function):
            found[name] = function
            notes = getattr(module, "__ex4_notes__", None)
            if notes is not None:
                notes.append(f"{name} is taken from {name}.py beside it (one function per file, as the course's "
                             ".m files are laid out)")
    return found


def _near_name(module, name):
    """A function of ``module`` named as ``name`` in other words (nn_cost_function, NNCostFunction), or ''."""
    wanted = name.lower()
    for other, value in vars(module).items():
        if other != name and callable(value) and other.replace("_", "").lower() == wanted:
            return other
    return ""


_AUTODIFF = re.compile(rb"^[ \t]*(?:import|from)[ \t]+(torch|jax|autograd|tensorflow)\b|\b(MLPClassifier|MLPRegressor)\b",
                       re.MULTILINE)
_NUMERICAL = re.compile(r"\b(computeNumericalGradient|approx_fprime|check_grad|numdifftools)\b")


def borrowed_gradients(path, functions):
    """Notes (no change of score) where the learner's code lets a library or a numerical gradient do
    the work backpropagation is asked to do."""
    notes = []
    text = source_text(path) if path else b""
    found = sorted({(m.group(1) or m.group(2)).decode() for m in _AUTODIFF.finditer(text)})
    if found:
        notes.append(f"it uses {', '.join(found)}, which can compute gradients for it: the exercise asks for "
                     "backpropagation written by hand (the score does not change)")
    cost = functions.get("nnCostFunction")
    try:
        source = inspect.getsource(cost) if cost is not None else ""
    except (OSError, TypeError):
        source = ""
    called = sorted(set(_NUMERICAL.findall(source)))
    if called:
        notes.append(f"its nnCostFunction calls {', '.join(called)}: a numerical gradient is the check of "
                     "backpropagation, not backpropagation (the score does not change; training is far slower)")
    return notes


# The mark of the Python notebook port: its notebooks and files import its ``utils`` module.
IMPORTS_UTILS = re.compile(rb"\bimport[ \t]+utils\b|\bfrom[ \t]+utils[ \t]+import\b")
# Every pattern read over a learner's whole file stays within a line ([ \t], never \s after ^): a
# file of blank lines must cost linear time, and only its first SCAN_MOST bytes are read.
SCAN_MOST = 4 * 2 ** 20


def _port_utils(path, folder):
    """Where the file imports ``utils`` and none is beside it, a note that the notebook port's
    helpers are this project's copy (``shims/utils.py``, found last on ``sys.path``); else ''."""
    if not IMPORTS_UTILS.search(source_text(path)):
        return ""
    if os.path.exists(os.path.join(folder, "utils.py")) or os.path.isdir(os.path.join(folder, "utils")):
        return ""
    return ("it imports utils (the Python notebook port's helpers) and none is beside it: this project's "
            "copy is used (sigmoid, displayData, predict, debugInitializeWeights, computeNumericalGradient, "
            "checkNNGradients)")


def _port_submission(path, folder):
    """Where the port's own ``submission.py`` (its online grader's client) is beside the file and cannot be
    imported for want of a module (``requests``), this project's stand-in takes its place, and a note
    says so; else ''.  Grading needs no online submission."""
    if not os.path.isfile(os.path.join(folder, "submission.py")) or not IMPORTS_UTILS.search(source_text(path)):
        return ""
    try:
        importlib.import_module("submission")
        return ""
    except ModuleNotFoundError as exc:
        if not exc.name or exc.name == "submission" or _importable_beside(exc.name, folder):
            return ""
        missing = exc.name
    except Exception:  # noqa: BLE001 - its own error: the learner's to meet when utils imports it
        return ""
    sys.modules.pop("submission", None)
    spec = importlib.util.spec_from_file_location("submission", os.path.join(SHIMS, "submission.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module
    spec.loader.exec_module(module)
    return (f"its submission.py (the notebook port's online submission) imports {missing}, which is not installed "
            "here: this project's stand-in is used, since grading needs no online submission")


def source_text(path, most=SCAN_MOST):
    """The Python source of a learner's file as bytes (at most ``most`` of them), for a notebook its
    code cells' (not the JSON, where a cell's lines are escaped into one string); b"" where it
    cannot be read."""
    try:
        with open(path, "rb") as f:
            text = f.read(most)
    except OSError:
        return b""
    if str(path).endswith(".ipynb"):
        try:
            return "\n".join(source for _, source in notebook_cells(json.loads(text))).encode("utf-8", "replace")
        except (LoadError, ValueError, UnicodeDecodeError, RecursionError):
            return b""
    return text


def offer_shims():
    """Put ``shims/`` last on ``sys.path``: ``utils``, ``submission`` (and, where the real
    package is absent, the helpers-only ``ex4``) for code that finds none of its own."""
    if SHIMS not in sys.path:
        sys.path.append(SHIMS)


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
        raise LoadError(f"{path}: cannot be imported: {exception_line(exc)}") from None
    module = _new_module(path)
    try:
        exec(code, module.__dict__)
    except Exception as exc:  # noqa: BLE001
        del sys.modules[module.__name__]
        if isinstance(exc, ModuleNotFoundError) and exc.name and not _importable_beside(exc.name, folder):
            raise LoadError(f"{path}: cannot be imported: it imports {exc.name}, which is not installed (the "
                            "grader offers Python's standard library, numpy, scipy and matplotlib)") from None
        raise LoadError(f"{path}: cannot be imported: {exception_line(exc)}\n"
                        f"{learner_traceback(exc, folder)}".rstrip()) from None
    return module


def _importable_beside(name, folder):
    """Whether a module ``name`` would be the learner's own, beside the file (then its error is theirs)."""
    top = name.split(".")[0]
    return os.path.exists(os.path.join(folder, top + ".py")) or os.path.isdir(os.path.join(folder, top))


# What is taken from a notebook: imports and definitions, nothing that runs work.
_KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _load_notebook(path, folder):
    """The imports and function and class definitions of a notebook's code cells, as a module.

    Nothing else runs: a cell that trains, plots, submits online or loops for ever is
    passed over.  A cell is read as IPython runs it (:func:`ipython_source`): ``%%time`` and
    ``%%capture`` run their body, other cell magics are not Python, and line magics and
    shell lines are passed over.  An import that fails is noted (``module.__ex4_notes__``)
    and skipped, as is a cell that is not Python; a function that needs it fails when
    called.  A function of the exercise defined in several cells is the last one, as after
    Run All, and a note says where the others are.  Code keeps the notebook's cell and line
    numbers in tracebacks.
    """
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise LoadError(f"{path}: not a Jupyter notebook (expected nbformat JSON with cells)") from None
    try:
        cells = notebook_cells(notebook)
    except LoadError as exc:
        raise LoadError(f"{path}: {exc}") from None
    module = _new_module(path)
    defined = {}  # name: [(cell, line)] of each def of a function the learner writes
    for number, source in cells:
        where = f"code cell {number}"
        text, skipped = ipython_source(source)
        if skipped:
            module.__ex4_notes__.append(f"{where} skipped: {skipped}")
            continue
        filename = f"{path.resolve()}, {where}"
        try:
            tree = ast.parse(text, filename)
        except SyntaxError as exc:
            module.__ex4_notes__.append(f"{where} skipped: not Python ({exception_line(exc)})")
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
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in NAMES:
                defined.setdefault(node.name, []).append((number, node.lineno))
            try:
                exec(compile(ast.Module([node], type_ignores=[]), filename, "exec"), module.__dict__)
            except Exception as exc:  # noqa: BLE001 - noted; the definitions that need it fail when called
                module.__ex4_notes__.append(f"{where}, line {node.lineno} skipped: {exception_line(exc)}")
    for name, places in defined.items():
        if len(places) > 1:
            earlier = ", ".join(f"code cell {cell} (line {line})" for cell, line in places[:-1])
            module.__ex4_notes__.append(
                f"{name} is defined more than once: the last, in code cell {places[-1][0]} (line {places[-1][1]}), is "
                f"the one graded, as running the notebook top to bottom leaves it; also in {earlier}")
    return module


# Cell magics that run their cell as Python in the notebook's namespace (IPython's %%time, %%capture):
# their body is taken; any other cell magic (%%timeit, %%bash, %%writefile, ...) is not Python.
RUNS_ITS_BODY = ("time", "capture")
_SHELL_ASSIGNMENT = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*[!%]")


def ipython_source(source):
    """(Python text, '') of a cell as IPython runs it, or ('', why) where it is not Python: a cell magic
    that times or captures gives its body; line magics, shell lines (``!pip``, ``files = !ls``) and
    help (``f?``) become ``pass``, so blocks and line numbers stay as in the notebook."""
    lines = source.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in RUNS_ITS_BODY:
            return "", f"a cell magic (%%{magic}) whose body is not Python"
        lines = [""] + lines[1:]
    kept = []
    for line in lines:
        bare = line.strip()
        if bare.startswith(("%", "!")) or _SHELL_ASSIGNMENT.match(line) or (bare.endswith("?") and bare[:1].isalpha()
                                                                              and "#" not in bare):
            kept.append(line[:len(line) - len(line.lstrip())] + "pass")
        else:
            kept.append(line)
    return "\n".join(kept) + "\n", ""


def notebook_cells(notebook):
    """[(number, source)] of a notebook's code cells (nbformat 4 or 3, a cell's source a string or a
    list of lines), numbered from 1; LoadError where it is not a notebook."""
    try:
        cells = notebook["cells"] if "cells" in notebook else notebook["worksheets"][0]["cells"]
    except (KeyError, IndexError, TypeError):
        raise LoadError("not a Jupyter notebook (expected nbformat JSON with cells)") from None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise LoadError("not a notebook: its cells are not a list of cells")
    found = []
    for number, cell in enumerate((c for c in cells if c.get("cell_type") == "code"), 1):
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        elif not isinstance(source, str):
            raise LoadError(f"not a notebook: code cell {number}'s source is not text")
        found.append((number, source))
    return found


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


def exception_line(exc):
    """``Type: message`` on one line, at most 200 characters; where it was raised inside np.matrix's
    operators (where * is a matrix product), it says so."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    if any(frame.filename.replace(os.sep, "/").endswith("matrixlib/defmatrix.py")
           for frame in traceback.extract_tb(exc.__traceback__)):
        text = "(in an np.matrix product) " + text
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


