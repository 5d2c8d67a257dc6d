"""ex4 installed elsewhere, and run as installed: wheels made with the standard library, and its
commands typed so that a learner's own ``ex4.py`` can never take the package's place.

A wheel is a zip with the files and a dist-info: :func:`make_wheel` makes one of ex4 as it is here,
from a clone or from an installed copy alike, its bundled data inside as ``ex4/_bundled``; the
browser site loads it into its kernel (:mod:`ex4.programs.site`) and Gradescope's autograder installs
it (:mod:`ex4.grader.autograder`).  :func:`installed_wheel` makes one of another installed
distribution from its own files (``comm``, which the site's kernel installs at its start).
:func:`installed_command` is how to type ``ex4`` or ``ex4-submit`` here (``ex4 start`` prints it),
and :func:`module_command` runs ``python -m MODULE`` without the current folder (``run_autograder``
and the tests' commands).
"""

import base64
import contextlib
import hashlib
import importlib.metadata
import os
import re
import shlex
import shutil
import sys
import sysconfig
import zipfile
from pathlib import Path
from .checks import InputError

PACKAGE = Path(__file__).resolve().parent  # ex4/

# ``python -m MODULE`` looks first in the folder it starts in, where a learner's own ex4.py (the
# course's ex4.m, ported) takes the package's place; this runs MODULE as -m does, without that
# folder (Python 3.11's -P, on any version): for run_autograder and every command a test runs.
RUN_MODULE = ("import runpy, sys; getattr(sys.flags, 'safe_path', False) or sys.path.pop(0); "
              "runpy.run_module(sys.argv.pop(1), run_name='__main__', alter_sys=True)")


def module_command(module, *args, python=None):
    """The command line of ``python -m MODULE ARGS`` that never imports from the current folder."""
    return [python or sys.executable, "-c", RUN_MODULE, module, *map(str, args)]


def installed_command(name):
    """How to type the console script ``name`` (``ex4``, ``ex4-submit``) of this installation: its
    bare name where PATH finds this very file, else its full path; None where ex4 is not installed
    (run from a clone).  An installed script imports the package, never the current folder's ex4.py."""
    exe = name + (".exe" if os.name == "nt" else "")
    folders = [sysconfig.get_path("scripts"), Path(sys.executable).parent]
    with contextlib.suppress(KeyError):
        folders.append(sysconfig.get_path("scripts", f"{os.name}_user"))
    for folder in folders:
        candidate = Path(folder) / exe
        if candidate.is_file() and os.access(candidate, os.X_OK):
            found = shutil.which(name)
            if found and os.path.samefile(found, candidate):
                return name
            return shlex.quote(str(candidate))
    return None


def _version():
    try:
        return importlib.metadata.version("ex4")
    except importlib.metadata.PackageNotFoundError:  # a clone not installed: its pyproject.toml says
        text = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
        return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def _requirements():
    """ex4's Requires-Dist, as pyproject.toml lists them (an installed ex4's metadata, else the file)."""
    try:
        found = importlib.metadata.requires("ex4")
        if found is not None:
            return [r for r in found if "extra ==" not in r]
    except importlib.metadata.PackageNotFoundError:
        pass
    text = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.M | re.S).group(1)
    return re.findall(r'"([^"]+)"', block)


def make_wheel(out):
    """A wheel of this package (py3-none-any) with its bundled data as ex4/_bundled/, made with the
    standard library from the files themselves: from a clone or from an installed copy alike."""
    from .data import DATA_DIR

    files = {}
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files[str(path.relative_to(PACKAGE.parent)).replace("\\", "/")] = path.read_bytes()
    for path in sorted(DATA_DIR.iterdir()):
        if path.suffix == ".mat" or path.name == "README.md":
            files[f"ex4/_bundled/{path.name}"] = path.read_bytes()
    version = _version()
    metadata = ["Metadata-Version: 2.1", "Name: ex4", f"Version: {version}",
                "Summary: Exercise 4 (Neural Networks Learning) of Andrew Ng's Machine Learning course, in Python"]
    metadata += [f"Requires-Dist: {r}" for r in _requirements()]
    return _write_wheel(out, "ex4", version, files, "\n".join(metadata) + "\n")


def installed_wheel(name, out):
    """A wheel (py3-none-any) of the installed pure-Python distribution ``name``, from its own files."""
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        raise InputError(f"building a site needs {name} installed: pip install -r requirements-site.txt") from None
    files = {}
    for entry in dist.files or []:
        path = Path(str(dist.locate_file(entry)))
        rel = str(entry).replace("\\", "/")
        if rel.startswith("..") or ".dist-info/" in rel or "__pycache__" in rel or not path.is_file():
            continue
        files[rel] = path.read_bytes()
    metadata = dist.read_text("METADATA") or f"Metadata-Version: 2.1\nName: {name}\nVersion: {dist.version}\n"
    return _write_wheel(out, dist.metadata["Name"], dist.version, files, metadata)


def _write_wheel(out, name, version, files, metadata):
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}"
    info = f"{stem}.dist-info"
    files = dict(files)
    files[f"{info}/METADATA"] = metadata.encode("utf-8")
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: ex4 site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
              f"{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode("utf-8")
    wheel = out / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files.items():
            entry = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            zf.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return wheel
