"""``python -m ex4 explain``: why backprop's deltas are derivatives, shown with numbers.

On the small network of checkNNGradients (3-5-3, m = 5, the course's debug weights),
or on sizes given with ``--sizes``, it shows:

1. the forward pass for one example: z(l) and a(l) layer by layer;
2. δ(l) by the handout's recurrence beside ∂J_i/∂z(l) computed by central differences
   on z(l) itself: the delta *is* the derivative of the example's cost with respect to
   the layer's weighted input;
3. the accumulator Δ(l) += δ(l+1) a(l)' example by example, ending equal to m times
   the gradient of nnCostFunction and to central differences on Theta: the cost is
   an average over examples, so its gradient is the average of theirs;
4. one gradient-descent step: the cost falls, as the derivative said it would, and a
   plot of the cost along the step's direction.

:func:`explain` computes the numbers and returns them (the tests check them);
:func:`main` prints them.  See docs/backprop.md for the derivation.
"""

from dataclasses import dataclass, field

import numpy as np

from .. import checks, memory
from ..cost import nnCostFunction
from ..diagnosis import blocks, read_gradient
from ..numgrad import computeNumericalGradient
from ..weights import debug_problem
from ..handout import backprop
from ..sigmoid import logistic as sigmoid
from ..params import unroll_params
from . import cli
from ..checks import InputError

# What "equal" means for each claim: central differences (step 1e-4) agree with an
# exact derivative to about 1e-9 here; the sums agree to rounding.
DERIVATIVE_TOLERANCE = 1e-8
SUM_TOLERANCE = 1e-12


@dataclass
class Explanation:
    sizes: tuple
    m: int
    lambda_: float
    example: int  # 0-based index of the example shown in steps 1-2
    z: list  # z(2)..z(L) of that example (list index 0 is layer 2)
    a: list  # a(1)..a(L), each with its bias unit where the handout has one
    y_vec: np.ndarray
    cost_i: float  # that example's cost J_i (unaveraged, no regularization)
    deltas: list  # δ(2)..δ(L) by the recurrence
    numeric_dz: list  # ∂J_i/∂z(l) by central differences, same layout
    accumulator_history: list = field(default_factory=list)  # [(example, [Δ(1), ..., Δ(L-1)])]
    grad_from_accumulator: np.ndarray = None
    grad_nnCostFunction: np.ndarray = None
    grad_numeric: np.ndarray = None
    step_rate: float = 0.0
    cost_before: float = 0.0
    cost_after: float = 0.0
    predicted_decrease: float = 0.0
    line_t: np.ndarray = None
    line_cost: np.ndarray = None
    mistaken_blocks: list = field(default_factory=list)  # [(block, largest |difference|)] with g'(a) for g'(z)
    mistaken_reading: str = ""  # what ex4.diagnosis reads from that gradient

    def delta_differences(self):
        """Largest |δ(l) - ∂J_i/∂z(l)| for each layer l = 2..L."""
        return [float(np.max(np.abs(d - n))) for d, n in zip(self.deltas, self.numeric_dz)]

    def accumulator_differences(self):
        """Largest |Δ/m (+ reg) - nnCostFunction's grad| and |... - central differences|."""
        return (float(np.max(np.abs(self.grad_from_accumulator - self.grad_nnCostFunction))),
                float(np.max(np.abs(self.grad_from_accumulator - self.grad_numeric))))


def _one_example(Thetas, x, y_i):
    """The handout's steps 1-4 for one example (:mod:`ex4.handout`), as vectors."""
    bp = backprop(Thetas, x[None, :], [y_i])
    return ([z[0] for z in bp.z], [a[0] for a in bp.a], bp.Y[0], float(bp.cost_terms.sum()),
            [d[0] for d in bp.deltas], bp.Deltas)


def _cost_from_z(Thetas, layer, z_layer, y_vec):
    """J_i as a function of z(layer) alone: carry on forward from that layer."""
    a = sigmoid(z_layer)
    for Theta in Thetas[layer - 1:]:  # Thetas[layer - 1] is Theta(layer), which reads a(layer)
        a = sigmoid(Theta @ np.concatenate([[1.0], a]))
    return float(np.sum(-y_vec * np.log(a) - (1 - y_vec) * np.log(1 - a)))  # §1.4, one example


# explain is a worked example: every number it shows is computed the slow, plain way.
MAX_SECONDS = 60


def _check_small_enough(sizes, m):
    """Refuse, before starting, a network or an example count that would take minutes or not fit.

    The work: central differences evaluate the cost twice per parameter (n of them) on
    all m examples, about 2 n (m n) multiply-adds, and the per-example loop keeps the
    accumulators after each example (m n numbers).
    """
    n = checks.param_count(sizes)
    seconds = 2 * n * (30e-6 + 2e-9 * m * n) + m * 100e-6  # per call overhead + arithmetic; loop
    nbytes = 8 * m * n
    name = "m" if m * 10 > n else "sizes"
    if seconds > MAX_SECONDS:
        raise InputError(f"{name}: explaining a {'-'.join(map(str, sizes))} network on {m} examples "
                         f"({n} parameters) would take about {seconds / 60:.3g} minutes; explain is "
                         "a worked example for small networks (the default is 3 5 3 on 5 examples)")
    memory.fits_in_memory(name, sizes, nbytes)


def explain(sizes=(3, 5, 3), m=5, lambda_=0.0, example=0, rate=0.1, e=1e-4):
    """Compute every number that ``python -m ex4 explain`` prints.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first (at least one hidden layer).
    m : int
        Examples, as in checkNNGradients.
    lambda_ : float
    example : int
        0-based index of the example shown in steps 1-2.
    rate : float, default 0.1
        The gradient-descent step size alpha.
    e : float
        Central-difference step.
    """
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 3:
        raise InputError(f"sizes: expected at least 3 sizes (input, hidden..., output), got {sizes!r}")
    sizes = tuple(checks.layer_size(f"sizes[{i}]", s) for i, s in enumerate(sizes))
    m = checks.layer_size("m", m)
    if not 0 <= example < m:
        raise InputError(f"example: expected 1..{m}, got {example + 1}")
    _check_small_enough(sizes, m)
    Thetas, X, y = debug_problem(sizes, m)
    L = len(sizes)

    # Steps 1-2 for one example, with dJ_i/dz(l) by central differences on z(l).
    z, a, y_vec, cost_i, deltas, _ = _one_example(Thetas, X[example], y[example])
    numeric = []
    for layer in range(2, L + 1):  # the handout's layer numbers
        z_l = z[layer - 2]
        numeric.append(computeNumericalGradient(
            lambda zz, layer=layer: _cost_from_z(Thetas, layer, zz, y_vec), z_l, e))

    ex = Explanation(sizes, m, float(lambda_), example, z, a, y_vec, cost_i, deltas, numeric)

    # Step 4 for every example, into the accumulators Δ(l).
    Deltas = [np.zeros_like(Theta) for Theta in Thetas]
    for i in range(m):
        for Delta, term in zip(Deltas, _one_example(Thetas, X[i], y[i])[-1]):
            Delta += term  # Δ(l) += δ(l+1) a(l)'
        ex.accumulator_history.append((i, [D.copy() for D in Deltas]))

    # Step 5: D = Δ/m (+ λ/m Theta off the bias column), against nnCostFunction and central differences.
    ex.grad_from_accumulator = _step5(Deltas, Thetas, lambda_, m)
    nn_params = unroll_params(Thetas)
    args = (sizes[0], sizes[1:-1], sizes[-1], X, y, lambda_)
    J, ex.grad_nnCostFunction = nnCostFunction(nn_params, *args)
    ex.grad_numeric = computeNumericalGradient(lambda p: nnCostFunction(p, *args), nn_params, e)

    # A delta taken wrong (g' of a(l) instead of z(l), a usual mistake): which blocks go wrong.
    wrong = backprop(Thetas, X, y, g_prime=lambda zz: sigmoid(sigmoid(zz)) * (1 - sigmoid(sigmoid(zz))))
    wrong_grad = _step5(wrong.Deltas, Thetas, lambda_, m)
    ex.mistaken_blocks = [(label, float(np.abs(wrong_grad[where] - ex.grad_nnCostFunction[where]).max()))
                          for label, where in blocks(sizes)]
    readings = read_gradient(wrong_grad, ex.grad_nnCostFunction, Thetas, sizes, lambda_, m)
    ex.mistaken_reading = readings[0][1] if readings else ""

    # One gradient-descent step, and the cost along its direction.
    g = ex.grad_nnCostFunction
    ex.step_rate = float(rate)
    ex.cost_before = J
    ex.cost_after = nnCostFunction(nn_params - ex.step_rate * g, *args)[0]
    ex.predicted_decrease = ex.step_rate * float(g @ g)  # first order: J(θ - αg) ≈ J(θ) - α|g|²
    # The cost along -grad, from behind the start to past the lowest point of the line.
    def along(ts):
        return np.array([nnCostFunction(nn_params - t * g, *args)[0] for t in ts])

    coarse = np.linspace(0, 10 / np.linalg.norm(g), 101)
    t_low = max(coarse[np.argmin(along(coarse))], 4 * ex.step_rate)
    ex.line_t = np.linspace(-0.5 * t_low, 2 * t_low, 101)
    ex.line_cost = along(ex.line_t)
    return ex


def _step5(Deltas, Thetas, lambda_, m):
    """D = Δ/m + (λ/m) Theta off the bias column (§2.3 step 5, §2.5), unrolled."""
    grads = [D / m for D in Deltas]
    for G, Theta in zip(grads, Thetas):
        G[:, 1:] += lambda_ / m * Theta[:, 1:]
    return unroll_params(grads)


def _vec(v, fmt="{: .6f}"):
    return "[" + " ".join(fmt.format(x) for x in np.ravel(v)) + "]"


def report(ex, out=print):
    """Print the explanation, step by step."""
    sizes = "-".join(map(str, ex.sizes))
    L = len(ex.sizes)
    i = ex.example
    out(f"Backpropagation, step by step, on the {sizes} network of checkNNGradients "
        f"(the course's debug weights, m = {ex.m}, lambda = {ex.lambda_:g}).")
    out("The handout counts layers from 1: a(1) is the input, a(%d) the output." % L)

    out(f"\n== 1. Forward pass for example {i + 1} (y = {int(np.argmax(ex.y_vec)) + 1}) ==")
    out(f"{'a(1) = [1; x]':<22} = {_vec(ex.a[0])}")
    for l in range(2, L + 1):
        out(f"{f'z({l}) = Theta({l - 1}) a({l - 1})':<22} = {_vec(ex.z[l - 2])}")
        label = "a(%d) = [1; g(z(%d))]" % (l, l) if l < L else "a(%d) = g(z(%d)) = h" % (l, l)
        out(f"{label:<22} = {_vec(ex.a[l - 1])}")
    out(f"This example's cost J_{i + 1} = sum_k -y_k log h_k - (1 - y_k) log(1 - h_k) = {ex.cost_i:.6f}")

    out("\n== 2. Deltas are derivatives: delta(l) = dJ_%d/dz(l) ==" % (i + 1))
    out("delta(L) = a(L) - y; delta(l) = (Theta(l)' delta(l+1))(2:end) .* g'(z(l)), the handout's recurrence;")
    out("beside it, dJ_%d/dz(l) by central differences, nudging each z(l)_j by +-1e-4 and running the rest" % (i + 1))
    out("of the network forward. They agree: a delta is how much the example's cost changes per unit change")
    out("of that unit's weighted input. (The chain rule, layer by layer: docs/backprop.md.)")
    for layer, (d, n, diff) in enumerate(zip(ex.deltas, ex.numeric_dz, ex.delta_differences()), start=2):
        out(f"layer {layer}:   unit       delta(l)   central diff.")
        for j, (dv, nv) in enumerate(zip(d, n), start=1):
            out(f"          {j:5d}  {dv: .8e}  {nv: .8e}")
        out(f"          largest difference: {diff:.2e}  (below {DERIVATIVE_TOLERANCE:.0e}: "
            f"{'yes' if diff < DERIVATIVE_TOLERANCE else 'NO'})")

    out("\n== 3. The accumulator: Delta(l) += delta(l+1) a(l)' for each example ==")
    out("Each example's term delta(l+1) a(l)' is the gradient of ITS cost J_i with respect to Theta(l).")
    for example, Deltas in ex.accumulator_history:
        out(f"after example {example + 1}:")
        for l, D in enumerate(Deltas, start=1):
            rows = [" ".join(f"{v: .5f}" for v in row) for row in D]
            out(f"  Delta({l}) = " + ("\n" + " " * 13).join(rows))
    d_nn, d_num = ex.accumulator_differences()
    out(f"The cost is an average over the examples, J = (1/m) sum_i J_i"
        f"{' + (lambda/2m) sum Theta^2' if ex.lambda_ else ''},")
    out("so its gradient is the average of theirs: D = Delta/m"
        f"{' + (lambda/m) Theta (not the bias column)' if ex.lambda_ else ''}. Summing into Delta is just that sum,")
    out("and the accumulators end equal to m times the gradient that nnCostFunction returns"
        f"{' (its lambda term aside)' if ex.lambda_ else ''}:")
    out(f"  largest |D - nnCostFunction's grad| = {d_nn:.2e}  (below {SUM_TOLERANCE:.0e}: "
        f"{'yes' if d_nn < SUM_TOLERANCE else 'NO'})")
    out(f"  largest |D - central differences on Theta| = {d_num:.2e}  (below {DERIVATIVE_TOLERANCE:.0e}: "
        f"{'yes' if d_num < DERIVATIVE_TOLERANCE else 'NO'})")

    if len(ex.sizes) > 2:
        out("\n== The same question of your code: a wrong delta is a wrong block of the gradient ==")
        out("Take step 3 wrong, g' of a(l) instead of z(l) (a usual mistake): every delta below the output")
        out("layer changes, so exactly the gradients they feed change. Largest |wrong - right|, block by block:")
        for label, largest in ex.mistaken_blocks:
            out(f"  {label:<24} {largest:.2e}")
        out(f"Read from the numbers alone: {ex.mistaken_reading}")
        out("checkNNGradients(cost_function=yours) and ex4 --impl print this reading for your code.")

    out("\n== 4. Why the gradient makes the weights better: one gradient-descent step ==")
    out(f"theta_new = theta - alpha * grad, with alpha = {ex.step_rate:.6f} (|grad| = {np.linalg.norm(ex.grad_nnCostFunction):.6f})")
    out(f"  cost before: {ex.cost_before:.6f}")
    out(f"  cost after:  {ex.cost_after:.6f}  (lower by {ex.cost_before - ex.cost_after:.6f})")
    out(f"  the derivative predicted a fall of alpha * |grad|^2 = {ex.predicted_decrease:.6f} (to first order)")
    out("Stepping against the gradient lowers the cost, and backprop gives the gradient for all the weights")
    out("at the price of one forward and one backward pass; training repeats such steps (fmincg, L-BFGS-B")
    out("choose their steps more cleverly).")


def _line_figure(ex):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    g2 = float(ex.grad_nnCostFunction @ ex.grad_nnCostFunction)
    ax.plot(ex.line_t, ex.line_cost, label="J(theta - t grad)")
    ax.plot(ex.line_t, ex.cost_before - ex.line_t * g2, linestyle="--",
            label="tangent: J(theta) - t |grad|^2")
    ax.plot([0, ex.step_rate], [ex.cost_before, ex.cost_after], "o", color="black")
    ax.annotate("before", (0, ex.cost_before), textcoords="offset points", xytext=(-10, 12), ha="right")
    ax.annotate(f"after one step (alpha = {ex.step_rate:g})", (ex.step_rate, ex.cost_after),
                textcoords="offset points", xytext=(10, -14))
    ax.set_xlabel("step t along -grad")
    ax.set_ylabel("cost J")
    lo, hi = ex.line_cost.min(), ex.line_cost.max()
    ax.set_ylim(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo))
    ax.set_title("The cost along the gradient-descent direction")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def build_parser():
    parser = cli.ArgumentParser(
        prog="python -m ex4 explain",
        usage="python -m ex4 explain [--sizes N N N [N ...]] [--m M] [--lambda L] [--example I] "
              "[--rate A] [--out DIR]",
        description="Show, with numbers, why backprop's deltas are derivatives and why the per-example "
                    "terms are summed into an accumulator (see docs/backprop.md).")
    parser.add_argument("--sizes", type=cli.positive_int, nargs="+", default=[3, 5, 3], metavar="N",
                        help="units per layer, input first (default 3 5 3, checkNNGradients' network; "
                             "e.g. 3 5 4 3 for two hidden layers)")
    parser.add_argument("--m", type=cli.positive_int, default=5, help="examples (default 5)")
    parser.add_argument("--lambda", dest="lambda_", type=cli.non_negative_float, default=0.0,
                        metavar="L", help="regularization (default 0)")
    parser.add_argument("--example", type=cli.positive_int, default=1, metavar="I",
                        help="the example (1..m) shown in steps 1-2 (default 1)")
    parser.add_argument("--rate", type=cli.positive_float, default=0.1, metavar="A",
                        help="gradient-descent step size alpha (default 0.1)")
    cli.add_out_option(parser, "explain_step.png")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    session = cli.Session.for_this_run(pause=False)

    def job():
        cli.check_writable(args.out)
        ex = explain(args.sizes, args.m, args.lambda_, args.example - 1, args.rate)
        report(ex)
        path = session.save(_line_figure(ex), args.out / "explain_step.png")
        print(f"\nFigure saved: {path}")
        session.finish()
        return 0

    return cli.run_reporting_errors("python -m ex4 explain", job,
                                     options={"sizes": "--sizes", "m": "--m", "lambda_": "--lambda"})
