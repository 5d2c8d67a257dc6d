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

import base64
import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from . import cli

NOTEBOOK = "my_ex4.ipynb"
PACKAGE = Path(__file__).resolve().parent.parent  # ex4/
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
        raise ValueError("building a site needs JupyterLite: pip install -r requirements-site.txt") from None
    folder = Path(folder).resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ValueError(f"DIR: {folder} is not an empty folder; give a new one (a site is written whole)")
    local = _local_pyodide(pyodide)
    names = [NOTEBOOK] + [Path(p).name for p in contents]
    if len(set(names)) != len(names):
        raise ValueError(f"--contents: two files named alike, or one named {NOTEBOOK} (the starter's name)")
    for path in contents:
        if not Path(path).is_file():
            raise ValueError(f"--contents: {path}: no such file")
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
            raise OSError(f"jupyter lite build failed: {said[-1] if said else done.returncode}")
    return folder


def _local_pyodide(pyodide):
    """Whether ``pyodide`` is a local distribution (a folder or a .tar.bz2); refused where it is neither nor a URL."""
    if pyodide is None or re.match(r"^https?://", str(pyodide)):
        return False
    path = Path(pyodide)
    if path.is_dir() or (path.is_file() and path.name.endswith(".tar.bz2")):
        return True
    raise ValueError(f"--pyodide: expected a Pyodide folder, a .tar.bz2 or an http(s) URL, got {pyodide}")


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
    from ..data import DATA_DIR

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
        raise ValueError(f"building a site needs {name} installed: pip install -r requirements-site.txt") from None
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
