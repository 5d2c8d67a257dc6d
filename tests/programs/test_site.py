"""The exercise in a browser: ``python -m ex4 site DIR`` builds a JupyterLite site, and the notebook runs
and is graded there, offline.

The site is built with the offline Pyodide of ../shared/pyodide (test data: a failure under CI where it
is missing, a skip elsewhere), served on 127.0.0.1 from inside a network namespace with only loopback,
and opened in Debian's Chromium through Playwright: Run All on a filled copy of the starter notebook
grades it 100 / 100 and draws the hidden units; on a copy with a mistake, the first hint is the one
``python -m ex4.submit`` gives on the same cells; no request leaves 127.0.0.1.
"""

import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import REPO
from learner_files import fill_notebook

OFFLINE_PYODIDE = Path(os.environ.get("EX4_PYODIDE", REPO.parent / "shared" / "pyodide" /
                                      "pyodide-0.27.7-offline.tar.bz2"))
TIMING = """import time
import numpy as np
from ex4.data import load_digits, load_weights
from ex4.params import unroll_params
from ex4.weights import randInitializeWeights
import scipy.optimize
X, y = load_digits()
p = unroll_params(list(load_weights()))
start = time.perf_counter()
for _ in range(5):
    nnCostFunction(p, 400, 25, 10, X, y, 1.0)
print("ONE_EVALUATION_S", (time.perf_counter() - start) / 5)
x0 = unroll_params([randInitializeWeights(400, 25, rng=0), randInitializeWeights(25, 10, rng=1)])
start = time.perf_counter()
scipy.optimize.minimize(nnCostFunction, x0, args=(400, 25, 10, X, y, 1.0), jac=True, method="L-BFGS-B",
                        options={"maxiter": 50})
print("TRAINING_50_S", time.perf_counter() - start)"""


def offline_pyodide():
    if not OFFLINE_PYODIDE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the offline Pyodide is not at {OFFLINE_PYODIDE} (test data, read from ../shared)")
        pytest.skip(f"the offline Pyodide is not at {OFFLINE_PYODIDE}")
    return OFFLINE_PYODIDE


def require_jupyterlite():
    try:
        import jupyterlite_core  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("JupyterLite is missing under CI (.ci/run installs requirements-site.txt)")
        pytest.skip("needs the packages of requirements-site.txt")


def notebooks(folder):
    """(a filled copy of the starter notebook, with a cell timing ex4 in the kernel; a copy with a mistake)."""
    from ex4.programs import notebook

    filled = fill_notebook(notebook.notebook())
    filled["cells"].append({"cell_type": "code", "id": "ex4-timing", "metadata": {}, "execution_count": None,
                            "outputs": [], "source": TIMING.splitlines(True)})
    (folder / "filled.ipynb").write_text(json.dumps(filled))
    wrong = fill_notebook(notebook.notebook())
    for cell in wrong["cells"]:
        source = "".join(cell["source"])
        if "def nnCostFunction(" in source:
            cell["source"] = source.replace("    delta3 = h - Y\n", "    delta3 = Y - h\n").splitlines(True)
    assert "delta3 = Y - h" in json.dumps(wrong)
    (folder / "mistake.ipynb").write_text(json.dumps(wrong))
    return folder / "filled.ipynb", folder / "mistake.ipynb"


@pytest.mark.slow
def test_the_site_runs_and_grades_the_notebook_offline_in_a_browser(tmp_path):
    from browser import run_offline
    from ex4.programs.site import build

    require_jupyterlite()
    filled, mistake = notebooks(tmp_path)
    start = time.perf_counter()
    site = build(tmp_path / "site", offline_pyodide(), [filled, mistake])
    build_seconds = time.perf_counter() - start
    out = tmp_path / "browser.json"
    done = run_offline(site, __file__, "drive", out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    runs = json.loads(out.read_text())
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    figures = {"site MB": round(size / 2 ** 20, 1), "build s": round(build_seconds, 1)}

    correct, wrong = runs["filled.ipynb"], runs["mistake.ipynb"]
    for run in (correct, wrong):
        assert run["all_done"] and not run["errors"], run
        assert hosts_of_requests(run) == {"127.0.0.1"}, run["off_host"]
    assert "| 100 / 100 |" in correct["text"], correct["text"][-3000:]
    assert correct["images"] >= 2  # the digits, the training's cost curve, the hidden units
    assert "Training Set Accuracy:" in correct["text"]
    # The mistake's first hint, as python -m ex4.submit says it on the same cells (in the sandbox).
    from ex4.grader.grade import grade

    expected = grade(str(mistake))
    first = next(p for p in expected.parts if p.score < p.points)
    assert first.hints and first.hints[0] in wrong["text"], (first.hints, wrong["text"][-3000:])
    assert "|  50 / 100 |" in wrong["text"] and f"|  {expected.total} / 100 |" in wrong["text"]
    figures.update({k: correct[k] for k in ("first_output_s", "run_all_s", "requests_count", "unique_urls")})
    figures.update(one_evaluation_s=_number(correct["text"], "ONE_EVALUATION_S"),
                   training_50_s=_number(correct["text"], "TRAINING_50_S"))
    print("\nsite figures:", json.dumps(figures))
    (tmp_path / "figures.json").write_text(json.dumps(figures))
    if os.environ.get("EX4_SITE_FIGURES"):
        Path(os.environ["EX4_SITE_FIGURES"]).write_text(json.dumps({**figures, "screenshot": correct["screenshot"]}))


def hosts_of_requests(run):
    from browser import hosts_of

    return hosts_of(run["requests"])


def _number(text, key):
    found = re.search(key + r" ([0-9.e+-]+)", text)
    return float(found.group(1)) if found else None


# -- inside the network namespace ------------------------------------------------------------------

def drive(base, out):
    """Open each notebook of the site in a fresh Chromium, Run All, and record what it shows."""
    from browser import browser

    found = {}
    for name in ("filled.ipynb", "mistake.ipynb"):
        with browser() as chromium:
            found[name] = run_notebook(chromium, f"{base}/notebooks/index.html?path={name}",
                                       str(Path(out).with_name(name + ".png")))
    Path(out).write_text(json.dumps(found))


KERNEL_STATUS = """(() => { window.__status = []; setInterval(() => {
    const e = document.querySelector('.jp-Notebook-ExecutionIndicator');
    const s = e ? e.getAttribute('data-status') : null;
    if (s && window.__status[window.__status.length - 1] !== s) window.__status.push(s); }, 50); })()"""
CELLS = r"""() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(c => {
    const p = c.querySelector('.jp-InputArea-prompt');
    const outs = [...c.querySelectorAll('.jp-OutputArea-output')];
    const text = outs.map(o => o.textContent).join('\n');
    return [p ? p.textContent : '', text, c.querySelectorAll('.jp-OutputArea-output img').length,
            /Traceback \(most recent call last\)/.test(text)];
})"""


def run_notebook(chromium, url, screenshot, timeout=600):
    """Open ``url`` (a notebook of the site), wait for the kernel, Run All, wait until every cell has run:
    {all_done, errors, text, images, requests, first_output_s, run_all_s, screenshot}."""
    context = chromium.new_context(viewport={"width": 1280, "height": 2000})  # a fresh profile
    requests = []
    context.on("request", lambda r: requests.append(r.url))  # the page's, its workers' and service worker's
    context.add_init_script(KERNEL_STATUS)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
    deadline = start + 300
    while not page.evaluate("() => { const s = window.__status; return s.length >= 2 && "
                            "s.slice(0, -1).some(x => x !== 'idle') && s[s.length - 1] === 'idle'; }"):
        assert time.perf_counter() < deadline, "the kernel did not start"
        time.sleep(0.1)
    seen = page.evaluate("() => window.__status.length")
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    ran, first, deadline = time.perf_counter(), None, time.perf_counter() + timeout
    while True:  # the kernel went busy after Run All and is idle again, no cell waiting ([*])
        cells = page.evaluate(CELLS)
        if first is None and cells and cells[0][1].strip():
            first = time.perf_counter()
        status = page.evaluate("() => window.__status")
        done = ("busy" in status[seen:] and status[-1] == "idle" and not any("*" in c[0] for c in cells))
        if done or any(c[3] for c in cells) or time.perf_counter() > deadline:
            break
        time.sleep(0.2)
    finished = time.perf_counter()
    page.evaluate("() => document.querySelectorAll('.jp-WindowedPanel-outer').forEach(e => e.scrollTop = 1e9)")
    time.sleep(0.5)
    page.screenshot(path=screenshot)
    context.close()
    return {"all_done": done, "errors": [c[1][-2000:] for c in cells if c[3]],
            "text": "\n".join(c[1] for c in cells), "images": sum(c[2] for c in cells), "requests": requests,
            "unique_urls": len(set(requests)), "off_host": [u for u in requests if "127.0.0.1" not in u
                                                          and u.startswith(("http", "ws"))],
            "first_output_s": round((first or finished) - start, 1), "run_all_s": round(finished - ran, 1),
            "requests_count": len(requests), "screenshot": screenshot, "prompts": [c[0] for c in cells]}


@pytest.mark.slow
def test_a_site_without_a_local_pyodide_names_its_public_location_and_nothing_else(tmp_path):
    from ex4.programs.site import build

    require_jupyterlite()
    site = build(tmp_path / "site")
    config = json.loads((site / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert "pyodideUrl" not in kernel and not kernel.get("disablePyPIFallback")  # the kernel's own default
    assert not (site / "static" / "pyodide").exists()  # no Pyodide shipped
    bundled = "\n".join(p.read_text(errors="replace") for p in (site / "extensions").rglob("*.js"))
    assert re.search(r"https://cdn\.jsdelivr\.net/pyodide/v0\.27\.\d+/full/pyodide\.js", bundled)
    # Every jupyter-lite.json of the site, and the notebooks: no other address to load anything from.
    for path in list(site.rglob("jupyter-lite.json")) + list((site / "files").rglob("*.ipynb")):
        assert not re.findall(r"https?://", path.read_text()), path
