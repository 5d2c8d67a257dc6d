"""Gradescope from one command: ``python -m ex4.submit --make-autograder DIR``.

Gradescope's autograder is a zip holding ``setup.sh`` (run once, as root, to build the image)
and ``run_autograder`` (run for each submission, as root, in a container without
CAP_SYS_ADMIN), with anything else the zip holds in ``/autograder/source``.  This writes both
scripts and the zip, with a wheel of ex4 as it is here (:mod:`ex4.install`: from a clone or an
installed copy alike), so the image installs this very ex4.  ``run_autograder`` grades ``/autograder/submission`` with a fixed seed and time budget
and writes ``/autograder/results/results.json``; the two folders can be moved for a test with
``AUTOGRADER_ROOT``, and the interpreter with ``EX4_PYTHON``.
"""

import os
import shlex
import tempfile
import zipfile
from pathlib import Path

from ..install import RUN_MODULE, make_wheel
from ..checks import InputError

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, to build the autograder's image.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-pip python3-venv bubblewrap
python3 -m venv /opt/ex4
/opt/ex4/bin/pip install /autograder/source/{wheel}
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission, as root; the results go to results/results.json.
# The same seed and budget for every upload: re-uploading one file gives the same score.
root="${{AUTOGRADER_ROOT:-/autograder}}"
python="${{EX4_PYTHON:-/opt/ex4/bin/python}}"
mkdir -p "$root/results"
cd /
# python -m ex4.submit, but never from the folder it starts in (where an ex4.py would take its place)
"$python" -c {run_module} ex4.submit "$root/submission" --variants {variants} --seed {seed} --timeout {timeout:g} \\
    --convention {convention} --gradescope "$root/results/results.json" --quiet
status=$?
# 0, 1 and 2 are scores (full marks, not, cannot be graded); 3 is the grader's own failure:
# results.json then holds no score and says so, and Gradescope shows the autograder failed.
exit $(( status == 3 ? 3 : 0 ))
"""


def make(folder, variants=2, seed=20, timeout=10.0, convention="auto"):
    """Write ``setup.sh``, ``run_autograder`` and ``autograder.zip`` into ``folder``; their paths."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--make-autograder: {folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ex4-autograder-") as work:
        wheel = make_wheel(Path(work))
        scripts = {"setup.sh": SETUP.format(wheel=wheel.name),
                   "run_autograder": RUN.format(run_module=shlex.quote(RUN_MODULE), variants=variants, seed=seed, timeout=timeout, convention=convention)}
        written = []
        for name, text in scripts.items():
            path = folder / name
            path.write_text(text)
            os.chmod(path, 0o755)
            written.append(path)
        archive = folder / "autograder.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in scripts.items():
                info = zipfile.ZipInfo(name)
                info.external_attr = 0o100755 << 16
                zf.writestr(info, text)
            zf.write(wheel, wheel.name)
    written.append(archive)
    return written
