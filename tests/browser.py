"""Pages in a real browser: Debian's Chromium, driven by Playwright (from PyPI, pointed at the system's
Chromium: Playwright's own browser download cannot work here, and is never used).

``browser()`` gives a fresh, headless Chromium (skipped where Playwright or Chromium is missing, a
failure under CI, which installs both).  ``offline_site(folder)`` serves a folder on 127.0.0.1 from
inside a network namespace that has only loopback (``unshare -n``, ``lo`` up), where the browser
then runs too: nothing it asks for can leave the machine, and every request is recorded.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing(what):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing under CI (.ci/run installs Debian's chromium and requirements-browser.txt)")
    pytest.skip(f"needs {what}")


def require_browser():
    """Skip where Playwright or Debian's Chromium is missing (a failure under CI)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("Playwright (pip install -r requirements-browser.txt)")
    if not Path(CHROMIUM).is_file():
        _missing("Debian's Chromium (apt-get install chromium)")


@contextlib.contextmanager
def browser():
    """A Playwright Browser on Debian's headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def hosts_of(urls):
    """The hosts of the http(s) and ws(s) requests among ``urls`` (data: and blob: have none)."""
    return {urlparse(u).hostname for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")}


def run_offline(folder, module, function, out, timeout=900):
    """``function(url, out)`` of the test file ``module`` (a path), run in a new network namespace with only
    loopback, beside a server of ``folder`` on 127.0.0.1 that it starts and ends by its pid: this file,
    run as a script there, does both; its CompletedProcess."""
    require_browser()
    if not shutil.which("unshare") or not shutil.which("ip"):
        _missing("unshare and ip (util-linux, iproute2)")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a network namespace here: {probe.stderr.decode().strip()}")
    script = Path(__file__).resolve()
    done = subprocess.run(["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", sys.executable,
                           str(script), str(folder), module, function, str(out)],
                          capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                              [str(script.parent), str(script.parent.parent)] + sys.path)))
    return done


def _serve_and_call(folder, module, function, out):
    port = 8765
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", folder,
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        import importlib.util

        spec = importlib.util.spec_from_file_location(Path(module).stem, module)
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        getattr(loaded, function)(f"http://127.0.0.1:{port}", out)
    finally:
        server.terminate()  # the server this started, by its pid
        server.wait(timeout=10)


if __name__ == "__main__":
    _serve_and_call(*sys.argv[1:5])
