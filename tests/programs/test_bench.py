"""The benchmark's baseline is a correct implementation, and its evaluation part runs (no timing asserted)."""

import subprocess

import numpy as np
import pytest

from conftest import REPO
from ex4 import nnCostFunction
from ex4.handout import handout_nnCostFunction
from ex4.programs.bench import evaluation
from course_values import GRADED_OUTPUT, GRADED_SIZES, GRADED_t, GRADED_Xm, GRADED_ym, sprintf5
from ex4.install import module_command


def test_baseline_gives_the_courses_graded_outputs():
    J, grad = handout_nnCostFunction(GRADED_t, *GRADED_SIZES, GRADED_Xm, GRADED_ym, 1.5)
    assert sprintf5(np.concatenate([[J], grad])) == GRADED_OUTPUT[5]


def test_fast_path_equals_the_baseline_on_the_digits(digits):
    X, y = digits
    p = np.random.default_rng(0).uniform(-0.12, 0.12, 10285)
    J0, g0 = handout_nnCostFunction(p, 400, 25, 10, X, y, 1.0)
    J1, g1 = nnCostFunction(p, 400, 25, 10, X, y, 1.0)
    assert abs(J1 - J0) <= 1e-12 * abs(J0)
    assert np.linalg.norm(g1 - g0) <= 1e-12 * np.linalg.norm(g0)


def test_evaluation_report_runs(digits, capsys):
    evaluation(*digits, rounds=2)
    out = capsys.readouterr().out
    assert "x the bound" in out and "new memory per evaluation" in out
    # The floor: each of its parts printed, then their sum, and nnCostFunction against it.
    for part in ("an exponential per hidden value", "an exponential per output value",
                 "a logarithm per output value", "delta3 = h - y", "delta2 = t .* a2 .* (1 - a2)"):
        assert part in out, part
    assert "x the floor" in out and "hidden sigmoid:" in out


def test_the_simd_level_agrees_with_the_processors_own_flags():
    # /proc/cpuinfo is the kernel's word on the processor, apart from numpy's dispatch table.
    from ex4.cpu import simd_level
    from ex4.programs.bench import machine_line
    try:
        flags = next(line for line in open("/proc/cpuinfo") if line.startswith("flags")).split()
    except (OSError, StopIteration):
        pytest.skip("no /proc/cpuinfo flags on this machine")
    level = simd_level()
    assert level.startswith("AVX-512") == ("avx512f" in flags)
    if "avx512f" not in flags:
        assert level.startswith("AVX2") == ("avx2" in flags)
    assert f"SIMD: {level}" in machine_line()


@pytest.mark.parametrize("args, message", [
    (["--repeats", "0"], "--repeats: expected a positive whole number, got '0'"),
    (["--rounds", "0"], "--rounds: expected a positive whole number, got '0'"),
    (["--rounds", "x"], "--rounds: expected a positive whole number, got 'x'"),
    (["--nonsense"], "unrecognized arguments: --nonsense"),
])
def test_bad_options_are_one_line_and_exit_2(command, args, message):
    from ex4.bench import main
    status, out, err = command(main, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err


def test_the_command_exits_2_on_a_bad_option_through_a_real_process():
    proc = subprocess.run([*module_command("ex4.bench"), "--rounds", "x"], cwd=REPO, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "python -m ex4.bench: error: argument --rounds: expected a positive whole number, got 'x'\n"
