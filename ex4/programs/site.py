"""``python -m ex4 site DIR``: the exercise in a browser, as a static JupyterLite site on Pyodide.

JupyterLite serves a whole Jupyter from a folder of static files, and its Pyodide kernel runs
CPython, numpy, scipy and matplotlib in the browser: a teacher puts DIR on any static web host
(or a USB stick and ``python -m http.server``), and a learner needs only a browser.  The site
holds

- the starter notebook, the one ``python -m ex4 start --notebook`` writes, and any
  ``--contents`` files (a teacher's own notebook, a filled one), at the top of its files;
- ex4 itself, as a wheel made here of this package and its bundled data, loaded into the
  kernel at its start (so the notebook's plain ``import ex4`` works), and ``comm``, which the
  kernel installs at its start;
- where ``--pyodide`` gives a local Pyodide distribution (a folder or a ``.tar.bz2``), that
  Pyodide, with the kernel's fallback to the package index turned off: the site then makes no
  request off its own origin (a classroom without internet).  Without it the site loads the
  Pyodide its kernel expects from its usual public location, as every JupyterLite site does.

The build itself is JupyterLite's (``jupyterlite-core`` and ``jupyterlite-pyodide-kernel``,
pinned in requirements-site.txt); nothing here runs a notebook or Python in a browser.
"""

import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..install import installed_wheel, make_wheel
from . import cli
from ..checks import CommandError, InputError

NOTEBOOK = "my_ex4.ipynb"
PYPI = "../../../../pypi/"  # the site's pypi/ folder, from the kernel's worker script (its static/ folder)
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"


def build_parser():
    parser = cli.ArgumentParser(
        prog="python -m ex4 site",
        description="Write a static JupyterLite site (Pyodide kernel) into DIR: the exercise's notebook, ex4 "
                    "itself and its data, run and graded in a browser with nothing installed. Needs the packages "
                    "of requirements-site.txt.")
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to write the site into (new, or empty)")
    parser.add_argument("--pyodide", metavar="PATH_OR_URL",
                        help="a Pyodide distribution for a classroom without internet: a folder or a .tar.bz2 "
                             "(the site then makes no request off its own origin), or the URL of one; by default "
                             "the Pyodide the kernel expects, from its usual public location")
    parser.add_argument("--contents", type=Path, nargs="+", default=[], metavar="FILE",
                        help="more files for the site, at the top of its files (a teacher's notebook, a filled "
                             "copy of the starter): notebooks/index.html?path=NAME opens one")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)

    def job():
        site = build(args.dir, args.pyodide, args.contents)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"Wrote a JupyterLite site into {site} ({size / 2 ** 20:.0f} MB). Serve the folder on any static web "
              f"host, or try it here:\n  python -m http.server --directory {site} 8000\nand open\n  "
              f"http://127.0.0.1:8000/notebooks/index.html?path={NOTEBOOK}")
        for path in args.contents:
            print(f"  http://127.0.0.1:8000/notebooks/index.html?path={path.name}")
        return 0

    return cli.run_reporting_errors("python -m ex4 site", job)


def build(folder, pyodide=None, contents=()):
    """Write the site into ``folder``; returns its path.  ``pyodide``: a folder, a .tar.bz2 or a URL;
    ``contents``: more files for the site."""
    try:
        importlib.metadata.version("jupyterlite-core")
        importlib.metadata.version("jupyterlite-pyodide-kernel")
    except importlib.metadata.PackageNotFoundError:
        raise InputError("building a site needs JupyterLite: pip install -r requirements-site.txt") from None
    folder = Path(folder).resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"DIR: {folder} is not an empty folder; give a new one (a site is written whole)")
    local = _local_pyodide(pyodide)
    names = [NOTEBOOK] + [Path(p).name for p in contents]
    if len(set(names)) != len(names):
        raise InputError(f"--contents: two files named alike, or one named {NOTEBOOK} (the starter's name)")
    for path in contents:
        if not Path(path).is_file():
            raise InputError(f"--contents: {path}: no such file")
    with tempfile.TemporaryDirectory(prefix="ex4-site-") as work:
        work = Path(work)
        wheels = [make_wheel(work / "wheels"), installed_wheel("comm", work / "wheels")]
        (work / "contents").mkdir()
        from .notebook import text

        (work / "contents" / NOTEBOOK).write_text(text(), encoding="utf-8")
        for path in contents:
            shutil.copyfile(path, work / "contents" / Path(path).name)
        (work / "jupyter-lite.json").write_text(json.dumps(lite_settings(wheels[0].name, pyodide, local), indent=1))
        config = {"LiteBuildConfig": {"contents": ["contents"], "output_dir": str(folder), "no_sourcemaps": True},
                  "PipliteAddon": {"piplite_urls": [str(w) for w in wheels]}}
        if local:
            config["PyodideAddon"] = {"pyodide_url": str(Path(pyodide).resolve())}
        (work / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1))
        done = subprocess.run([sys.executable, "-c", "import sys; from jupyterlite_core.app import main; sys.exit(main())",
                               "build"], cwd=work, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
            raise CommandError(f"jupyter lite build failed: {said[-1] if said else done.returncode}")
    return folder


def _local_pyodide(pyodide):
    """Whether ``pyodide`` is a local distribution (a folder or a .tar.bz2); refused where it is neither nor a URL."""
    if pyodide is None or re.match(r"^https?://", str(pyodide)):
        return False
    path = Path(pyodide)
    if path.is_dir() or (path.is_file() and path.name.endswith(".tar.bz2")):
        return True
    raise InputError(f"--pyodide: expected a Pyodide folder, a .tar.bz2 or an http(s) URL, got {pyodide}")


def lite_settings(ex4_wheel, pyodide, local):
    """The site's jupyter-lite.json: the kernel loads numpy, scipy, matplotlib and ex4 at its start (a
    wheel by URL brings no dependencies: they are named); offline, no fallback to the package index."""
    kernel = {"loadPyodideOptions": {"packages": ["numpy", "scipy", "matplotlib", PYPI + ex4_wheel]}}
    if local:
        kernel["disablePyPIFallback"] = True
    elif pyodide:
        kernel["pyodideUrl"] = str(pyodide)
    return {"jupyter-lite-schema-version": 0,
            "jupyter-config-data": {"litePluginSettings": {KERNEL_SETTINGS: kernel}}}
