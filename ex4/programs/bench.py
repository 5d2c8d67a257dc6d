"""``python -m ex4.bench``: how fast one evaluation and one training run are, as ratios.

Everything is measured in this one process, interleaved round by round, and reported as
medians, so that the ratios hold on a shared, noisy machine even when the milliseconds
do not.  It first names the machine: its processor and the SIMD level numpy uses (with
AVX-512 numpy's float64 ``exp`` is about 1 ns an element, with AVX2 only about 10 ns,
which decides how much the element-wise work weighs).  Then, in about 20 s:

- ms per evaluation of nnCostFunction on the bundled data (m = 5000, 400-25-10), the
  bound (the two large matrix products every evaluation must do, ``X @ Theta1[:, 1:].T``
  and ``delta2.T @ X``, timed alone with numpy's threads) and the ratio;
- the same for a plain vectorized version written straight from the handout, kept
  here as a baseline;
- the default training (L-BFGS-B, lambda = 1, 50 iterations), with and without the fix
  for the two-BLAS thread trap (see ex4/train.py), and its accuracy;
- new memory per evaluation, and the wall time and peak memory of ``python -m ex4 --no-pause``.

``--full`` adds CG and TNC (TNC takes minutes: it evaluates about 20 times per
iteration) and scikit-learn's MLPClassifier on the same data, where it is installed.
"""

import os
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np
from scipy.special import expit

from .. import cpu, nnCostFunction, predict, randInitializeWeights
from ..data import load_digits
from ..handout import handout_nnCostFunction, handout_sigmoid
from ..params import reshape_params, unroll_params
from ..sigmoid import FORMULATIONS, formulation
from ..train import METHODS, train
from . import cli


def interleaved_medians(jobs, rounds, per_round):
    """Median seconds per call of each job, the jobs taking turns round by round."""
    times = {name: [] for name in jobs}
    for job in jobs.values():  # warm up: buffers, caches, thread pools
        for _ in range(3):
            job()
    for _ in range(rounds):
        for name, job in jobs.items():
            start = time.perf_counter()
            for _ in range(per_round):
                job()
            times[name].append((time.perf_counter() - start) / per_round)
    return {name: float(np.median(t)) for name, t in times.items()}


def floor_jobs(X, p):
    """The element-wise work every evaluation must do, each piece timed alone, each the
    fastest way numpy or scipy offers (both ways are timed; the faster counts).

    On real values: z(2) and z(3) of these weights.  ``h - y`` is one pass over the
    (m, K) output; ``t .* a .* (1 - a)`` (t = delta3 Theta2[:, 1:]) three over (m, 25).
    """
    Theta1, Theta2 = reshape_params(p, (400, 25, 10))
    z2 = X @ Theta1[:, 1:].T + Theta1[:, 0]
    a2 = handout_sigmoid(z2)
    z3 = a2 @ Theta2[:, 1:].T + Theta2[:, 0]
    h = handout_sigmoid(z3)
    t = np.random.default_rng(3).standard_normal(z2.shape)
    out2, out3, g = np.empty_like(z2), np.empty_like(z3), np.empty_like(z2)

    def hidden_delta():
        np.subtract(1.0, a2, out=g)
        np.multiply(g, a2, out=g)
        np.multiply(g, t, out=g)

    return {
        "exp(-z2), np.exp": lambda: np.exp(z2, out=out2),
        "exp(-z2), expit": lambda: expit(z2, out=out2),
        "exp(-z3), np.exp": lambda: np.exp(z3, out=out3),
        "exp(-z3), expit": lambda: expit(z3, out=out3),
        "log, np.log": lambda: np.log(h, out=out3),
        "log, np.log1p": lambda: np.log1p(h, out=out3),
        "delta3 = h - y": lambda: np.subtract(h, 1.0, out=out3),
        "delta2 = t .* a2 .* (1 - a2)": hidden_delta,
    }


FLOOR_PARTS = [  # (what, the timed ways to do it)
    ("an exponential per hidden value, (m, 25)", ("exp(-z2), np.exp", "exp(-z2), expit")),
    ("an exponential per output value, (m, 10)", ("exp(-z3), np.exp", "exp(-z3), expit")),
    ("a logarithm per output value, (m, 10)", ("log, np.log", "log, np.log1p")),
    ("delta3 = h - y, one pass, (m, 10)", ("delta3 = h - y",)),
    ("delta2 = t .* a2 .* (1 - a2), three passes, (m, 25)", ("delta2 = t .* a2 .* (1 - a2)",)),
]


def evaluation(X, y, rounds):
    p = unroll_params([randInitializeWeights(400, 25, rng=0), randInitializeWeights(25, 10, rng=1)])
    Theta1 = reshape_params(p, (400, 25, 10))[0]
    delta2 = np.random.default_rng(2).standard_normal((X.shape[0], 25))
    args = (400, 25, 10, X, y, 1.0)
    J_fast, g_fast = nnCostFunction(p, *args)
    J_base, g_base = handout_nnCostFunction(p, *args)
    chosen = formulation()  # what nnCostFunction uses here by default
    other_name = next(name for name, f in FORMULATIONS.items() if f is not chosen)
    other = FORMULATIONS[other_name]
    J_other, g_other = nnCostFunction(p, *args, hidden_sigmoid=other_name)

    times = interleaved_medians({
        "forward": lambda: X @ Theta1[:, 1:].T,
        "backward": lambda: delta2.T @ X,
        "nnCostFunction": lambda: nnCostFunction(p, *args),
        "other": lambda: nnCostFunction(p, *args, hidden_sigmoid=other_name),
        "handout": lambda: handout_nnCostFunction(p, *args),
        **floor_jobs(X, p),
    }, rounds, 10)
    bound = times["forward"] + times["backward"]
    parts = [(what, min(ways, key=times.get)) for what, ways in FLOOR_PARTS]
    floor = bound + sum(times[way] for _, way in parts)
    print(f"One evaluation of cost and gradient, m = 5000, 400-25-10 network (medians of {rounds} rounds, "
          f"interleaved; SIMD: {cpu.simd_level()}):")
    print(f"  the bound, the two products: X @ Theta1[:, 1:].T {times['forward'] * 1e3:.3f} ms + "
          f"delta2.T @ X {times['backward'] * 1e3:.3f} ms = {bound * 1e3:.3f} ms")
    print("  the numpy floor: the bound + the element-wise work the math cannot avoid, each the fastest way:")
    for what, way in parts:
        print(f"    {what:<52} {times[way] * 1e3:6.3f} ms  ({way.split(', ')[-1]})")
    print(f"    = {floor * 1e3:.3f} ms")
    print(f"  hidden sigmoid: {chosen.name} (chosen here: {sigmoid_reason()})")
    rows = [("nnCostFunction", "nnCostFunction"),
            ("other", f"... with {other.name} instead"),
            ("handout", "handout-style baseline")]
    for name, label in rows:
        print(f"  {label:<31} {times[name] * 1e3:7.3f} ms   {times[name] / bound:5.2f} x the bound   "
              f"{times[name] / floor:5.2f} x the floor")
    print(f"  handout baseline / nnCostFunction: {times['handout'] / times['nnCostFunction']:.2f}x faster; "
          f"same values: |dJ| = {abs(J_fast - J_base):.1e}, max |dgrad| = {np.max(np.abs(g_fast - g_base)):.1e}; "
          f"with {other.name}: |dJ| = {abs(J_fast - J_other):.1e}, "
          f"max |dgrad| = {np.max(np.abs(g_fast - g_other)):.1e}")

    tracemalloc.start()
    nnCostFunction(p, *args)
    tracemalloc.reset_peak()
    nnCostFunction(p, *args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  new memory per evaluation (buffers reused): peak {peak / 1024:.0f} KiB "
          f"(one m x hidden array is {X.shape[0] * 25 * 8 / 1024:.0f} KiB; grad is {p.size * 8 / 1024:.0f} KiB)")
    return times, bound


def training(X, y, repeats, methods=("L-BFGS-B",)):
    print("\nTraining, lambda = 1, 50 iterations, the same initial weights (median of "
          f"{repeats} runs, interleaved):")
    initial = unroll_params([randInitializeWeights(400, 25, rng=np.random.default_rng(0)),
                             randInitializeWeights(25, 10, rng=np.random.default_rng(1))])
    results = {}
    for repeat in range(repeats):
        for method in methods:
            for fixed in ((True, False) if repeat % 2 == 0 else (False, True)):  # order evened out
                r = train(X, y, 400, 25, 10, 1.0, 50, method, initial_params=initial, limit_threads=fixed)
                results.setdefault((method, fixed), []).append(r)
    for method in methods:
        fixed = results[(method, True)]
        plain = results[(method, False)]
        t_fixed = np.median([r.seconds for r in fixed])
        t_plain = np.median([r.seconds for r in plain])
        r = fixed[0]
        nfev = r.result.get("nfev", None)
        accuracy = np.mean(predict(*r.Thetas, X) == y) * 100
        evals = f"{nfev} evaluations"
        print(f"  {method:<9} {t_fixed:6.3f} s with the thread fix, {t_plain:6.3f} s without "
              f"({t_plain / t_fixed:4.1f}x); {evals}; cost {r.costs[-1]:.6f}; accuracy {accuracy:.2f}%")
    return results


def sklearn_comparison(X, y, repeats):
    try:
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        print("\nscikit-learn is not installed: no MLPClassifier comparison (pip install scikit-learn).")
        return
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    seconds, accuracy = [], []
    for _ in range(repeats):
        clf = MLPClassifier(hidden_layer_sizes=(25,), activation="logistic", solver="lbfgs", alpha=1,
                            max_iter=50, random_state=0)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
        seconds.append(time.perf_counter() - start)
        accuracy.append(np.mean(clf.predict(X) == y) * 100)
    print(f"\nscikit-learn MLPClassifier(hidden_layer_sizes=(25,), activation='logistic', solver='lbfgs', "
          f"alpha=1, max_iter=50): {np.median(seconds):.3f} s, accuracy {accuracy[0]:.2f}%")


def script_memory():
    """Peak resident memory of `python -m ex4 --no-pause`, in a child process."""
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "ex4", "--no-pause", "--out", out],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    print(f"\npython -m ex4 --no-pause: {wall:.2f} s wall, peak memory {peak_kib / 1024:.0f} MiB ({status})")


def sigmoid_reason():
    if cpu.numpy_vectorizes_exp():
        return "numpy reports AVX-512F, where its float64 exp is vectorized"
    return "numpy reports no AVX-512F: its float64 exp is scalar, and expit does it in one pass"


def machine_line():
    return (f"Machine: {cpu.processor()}, {os.cpu_count()} CPUs, SIMD: {cpu.simd_level()}; numpy {np.__version__}; "
            f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}")


def build_parser():
    parser = cli.ArgumentParser(prog="python -m ex4.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=cli.positive_int, default=30, metavar="N",
                        help="rounds of the evaluation timing (default 30)")
    parser.add_argument("--repeats", type=cli.positive_int, default=3, metavar="N",
                        help="training runs per setting (default 3)")
    parser.add_argument("--full", action="store_true",
                        help="also train with CG and TNC (minutes) and compare with scikit-learn")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    X, y = load_digits()
    print(machine_line() + "\n")
    evaluation(X, y, args.rounds)
    training(X, y, args.repeats, METHODS if args.full else ("L-BFGS-B",))
    if args.full:
        sklearn_comparison(X, y, args.repeats)
    script_memory()
    if not args.full:
        print("\n(python -m ex4.bench --full adds CG, TNC and scikit-learn)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
