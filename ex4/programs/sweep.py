"""``python -m ex4 sweep``: the ungraded exercise of ex4.pdf §3.1, over a grid of settings.

The handout suggests training with other values of lambda and MaxIter to see how
regularization keeps a network from overfitting.  This trains on part of the digits,
for every (lambda, iterations) pair, from the same initial weights, and reports the
accuracy on the training part and on the held-out part.  With little regularization
and many iterations, training accuracy goes to about 100% while held-out accuracy
stays lower: that gap is overfitting.
"""

from pathlib import Path

import numpy as np

from . import cli
from ..data import DIGITS_FILE, load_digits
from ..train import METHODS
from .exercise import NUM_LABELS
from ..checks import InputError

DEFAULT_LAMBDAS = [0.0, 0.01, 0.1, 1.0, 3.0, 10.0]
DEFAULT_ITERATIONS = [50, 400]


def build_parser():
    parser = cli.ArgumentParser(
        prog="python -m ex4 sweep",
        usage="python -m ex4 sweep [--lambdas L [L ...]] [--iters N [N ...]] [--holdout F]\n"
              "                          [--hidden N] [--method M] [--seed S] [--data FILE] [--out DIR]",
        description="Train over a grid of lambda and iteration counts on a training split and "
                    "report training and held-out accuracy (ex4.pdf §3.1): see overfitting happen.")
    parser.add_argument("--lambdas", type=cli.non_negative_float, nargs="+", default=DEFAULT_LAMBDAS,
                        metavar="L", help=f"values of lambda (default {' '.join(map(str, DEFAULT_LAMBDAS))})")
    parser.add_argument("--iters", type=cli.positive_int, nargs="+", default=DEFAULT_ITERATIONS,
                        metavar="N", help=f"iteration counts (default {' '.join(map(str, DEFAULT_ITERATIONS))})")
    parser.add_argument("--holdout", type=cli.fraction, default=0.2, metavar="F",
                        help="fraction of the examples held out (default 0.2: 1000 of 5000)")
    parser.add_argument("--hidden", type=cli.positive_int, default=25, metavar="N",
                        help="hidden layer size (default 25)")
    parser.add_argument("--method", type=cli.method, default="L-BFGS-B",
                        help=f"one of {', '.join(METHODS)} (default L-BFGS-B)")
    parser.add_argument("--seed", type=cli.non_negative_int, default=0, metavar="S",
                        help="seed for the split and the initial weights (default 0)")
    parser.add_argument("--data", type=Path, default=DIGITS_FILE, metavar="FILE",
                        help="MAT-file with X and y (default: the bundled data/ex4data1.mat)")
    cli.add_out_option(parser)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    session = cli.Session.for_this_run(pause=False)
    return cli.run_reporting_errors("python -m ex4 sweep", lambda: run(args, session),
                                     options={"hidden_layer_size": "--hidden", "method": "--method"})


def split(m, holdout, rng):
    """Indices of a random training part and a held-out part."""
    order = rng.permutation(m)
    n_held = max(1, int(round(m * holdout)))
    return np.sort(order[n_held:]), np.sort(order[:n_held])


def run(args, session):
    from .. import memory, predict, randInitializeWeights
    from ..params import unroll_params
    from ..train import train, training_bytes

    cli.check_writable(args.out)  # before the training, not after it
    X, y = load_digits(args.data)
    sizes = (X.shape[1], args.hidden, NUM_LABELS)
    memory.fits_in_memory("hidden_layer_size", sizes, training_bytes(sizes, X.shape[0]))
    rng = np.random.default_rng(args.seed)
    train_idx, held_idx = split(X.shape[0], args.holdout, rng)
    if len(train_idx) == 0:
        raise InputError("holdout: nothing left to train on")
    X_train, y_train, X_held, y_held = X[train_idx], y[train_idx], X[held_idx], y[held_idx]
    initial = unroll_params([randInitializeWeights(n_in, n_out, rng=rng) for n_in, n_out in zip(sizes[:-1], sizes[1:])])

    print(f"Training on {len(train_idx)} examples, holding out {len(held_idx)}; "
          f"{'-'.join(map(str, sizes))} network, {args.method}, the same initial weights for every setting.\n")
    print(f"{'lambda':>8}  {'iterations':>10}  {'cost':>10}  {'training':>9}  {'held-out':>9}  {'gap':>6}")
    rows = []
    for iterations in args.iters:
        for lambda_ in args.lambdas:
            result = train(X_train, y_train, *sizes, lambda_, iterations, args.method,
                           initial_params=initial)
            Theta1, Theta2 = result.Thetas
            acc_train = np.mean(predict(Theta1, Theta2, X_train) == y_train) * 100
            acc_held = np.mean(predict(Theta1, Theta2, X_held) == y_held) * 100
            rows.append((lambda_, iterations, acc_train, acc_held, Theta1))
            print(f"{lambda_:8g}  {iterations:10d}  {result.costs[-1] if result.costs else float('nan'):10.6f}  "
                  f"{acc_train:8.2f}%  {acc_held:8.2f}%  {acc_train - acc_held:6.2f}")

    best = max(rows, key=lambda r: (r[3], -r[1]))
    print(f"\nBest held-out accuracy: {best[3]:.2f}% at lambda = {best[0]:g}, {best[1]} iterations.")
    print("A large gap between training and held-out accuracy (small lambda, many iterations) "
          "is overfitting; a larger lambda narrows it.")
    figures = [session.save(_accuracy_figure(rows, args), args.out / "sweep_accuracy.png"),
               session.save(_hidden_units_figure(rows, args), args.out / "sweep_hidden_units.png")]
    print("\nFigures saved: " + ", ".join(str(f) for f in figures))
    session.finish()
    return 0


def _accuracy_figure(rows, args):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    lambdas = sorted(set(args.lambdas))
    positions = {lam: i for i, lam in enumerate(lambdas)}  # evenly spaced: lambda = 0 has a place too
    for iterations in args.iters:
        mine = [r for r in rows if r[1] == iterations]
        x = [positions[r[0]] for r in mine]
        line, = ax.plot(x, [r[2] for r in mine], marker="o", label=f"training, {iterations} iterations")
        ax.plot(x, [r[3] for r in mine], marker="s", linestyle="--", color=line.get_color(),
                label=f"held-out, {iterations} iterations")
    ax.set_xticks(range(len(lambdas)), [f"{lam:g}" for lam in lambdas])
    ax.set_xlabel("lambda")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("Training vs held-out accuracy (ex4.pdf §3.1)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def _hidden_units_figure(rows, args):
    import matplotlib.pyplot as plt

    from ..display import display_grid

    n_rows, n_cols = len(args.iters), len(args.lambdas)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(2.2 * n_cols, 2.9 * n_rows), squeeze=False)
    for ax, (lambda_, iterations, _, acc_held, Theta1) in zip(axes.ravel(), rows):
        ax.imshow(display_grid(Theta1[:, 1:]), cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
        ax.set_title(f"λ={lambda_:g}, {iterations} it.\nheld-out {acc_held:.1f}%", fontsize=8)
        ax.set_axis_off()
    fig.tight_layout()
    return fig
