"""What the programs share (ex4/programs/cli.py): a request too large or that overflows is one
line and exit 2, figures are written whole or not at all, an unwritable --out fails before any work."""

import os
import re

import pytest


def in_process(command, *args):
    from ex4.__main__ import main
    return command(main, *args)


@pytest.mark.parametrize("args, message", [
    (["--hidden", "100000000"], r"python -m ex4: error: --hidden: a 400-100000000-10 network needs about [\d.e+]+ GiB"),
    (["--lambda", "1e308"], r"python -m ex4: error: --lambda: training with L-BFGS-B diverged"),
    (["sweep", "--hidden", "100000000"], r"python -m ex4 sweep: error: --hidden: a 400-100000000-10 network needs about"),
    (["explain", "--sizes", "3", "100000000", "3"], r"python -m ex4 explain: error: --sizes: explaining a 3-100000000-3 network on 5 examples \(700000003 parameters\) would take about"),
    (["explain", "--m", "100000000"], r"python -m ex4 explain: error: --m: explaining a 3-5-3 network on 100000000 examples .* would take about"),
    (["explain", "--lambda", "1e200"], r"python -m ex4 explain: error: --lambda: the regularization term overflows with lambda_ = 1e\+200"),
], ids=["hidden", "lambda", "sweep hidden", "explain sizes", "explain m", "explain lambda"])
def test_oversized_or_overflowing_requests_are_one_line_and_exit_2(tmp_path, args, message, command):
    status, _, err = in_process(command, *args, "--out", str(tmp_path))
    assert status == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.match(message, err), err


def test_a_figure_that_cannot_be_written_whole_leaves_the_old_one(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from ex4.programs import cli

    old = tmp_path / "digits.png"
    old.write_bytes(b"the old figure")
    fig = plt.figure()

    def disk_full(path, **kwargs):
        with open(path, "wb") as f:
            f.write(b"\x89PNG truncated")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fig, "savefig", disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        cli.Session(pause=False, show=False).save(fig, old)
    assert old.read_bytes() == b"the old figure"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digits.png"]  # no partial file left
    plt.close(fig)


def test_a_figure_is_saved_in_place(tmp_path):
    import matplotlib.image
    import matplotlib.pyplot as plt

    from ex4.programs import cli

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    path = cli.Session(pause=False, show=False).save(fig, tmp_path / "line.png")
    assert matplotlib.image.imread(path).shape[:2] == (100, 200)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png"]


@pytest.fixture
def unwritable_folder(tmp_path):
    """An existing folder this process cannot write into.

    A folder without write permission, for an ordinary user; root writes anywhere, so
    for root (as in CI) /proc/self, a folder of the kernel's where nobody can make files.
    """
    if not hasattr(os, "geteuid"):
        pytest.skip("needs POSIX permissions")
    if os.geteuid() == 0:
        if not os.path.isdir("/proc/self"):
            pytest.skip("root, and no /proc to stand in for a read-only folder")
        yield "/proc/self"
        return
    folder = tmp_path / "figures"
    folder.mkdir()
    folder.chmod(0o555)
    yield str(folder)
    folder.chmod(0o755)


@pytest.mark.parametrize("args", [["sweep", "--iters", "2"], ["explain"], ["--maxiter", "2"]],
                         ids=["sweep", "explain", "exercise"])
def test_an_unwritable_out_folder_fails_before_any_training(tmp_path, unwritable_folder, args, command):
    status, out, err = in_process(command, *args, "--out", unwritable_folder)
    assert status == 2, out + err
    assert err.count("\n") == 1 and f"--out: cannot write into {unwritable_folder}: " in err
    assert "Training" not in out and "lambda  iterations" not in out  # nothing ran first


def test_a_users_error_is_one_line_and_a_bug_of_ex4s_own_keeps_its_traceback(capsys):
    from ex4.checks import InputError
    from ex4.programs import cli

    def users():
        raise InputError("lambda_: expected a number >= 0, got -1")

    assert cli.run_reporting_errors("ex4", users, {"lambda_": "--lambda"}) == 2
    assert capsys.readouterr().err == "ex4: error: --lambda: expected a number >= 0, got -1\n"
    for bug in (ValueError("too many values to unpack"), TypeError("'NoneType' object is not subscriptable"),
                OSError("an OSError ex4 made itself")):
        def ours(bug=bug):
            raise bug
        with pytest.raises(type(bug)):
            cli.run_reporting_errors("ex4", ours)
