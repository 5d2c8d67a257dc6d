"""The class at a glance (``python -m ex4.submit ... --report DIR``): pass rates, common mistakes.

:func:`class_table` is the terminal's table; :func:`write_report` also draws ``totals.png``
(a histogram of the totals), ``parts.png`` (each part's share of ok, wrong, error, timed out,
crashed, not graded and grader error) and ``hints.png`` (how often each hint came up) into DIR.
Time-outs, crashes and the grader's own failures are counted apart from mistakes.
"""

from collections import Counter
from pathlib import Path

from . import parts
from .gradebook import part_status
from .channel import shorten

STATUSES = ("ok", "wrong", "error", "timed out", "crashed", "not graded", "grader error")
COLOURS = ("#4a9a5b", "#c0504d", "#e09a3a", "#7a5fb0", "#555555", "#bbbbbb", "#2a6fb5")


def status_counts(results):
    """{part: Counter of its statuses over the class} (:func:`ex4.grader.gradebook.part_status`)."""
    return {part: Counter(part_status(r, part) for r in results) for part in parts.PARTS}


def hint_counts(results):
    """{short hint name: number of students it came up for}, most common first."""
    counts = Counter()
    for r in results:
        counts.update({name for p in r.parts for name in p.hint_names})
    return dict(counts.most_common())


def class_table(results, seed=None):
    graded = [r for r in results if not r.error]
    lines = [f"Class report: {len(results)} submission(s), {len(graded)} graded"
             + (f"; hidden variants' seed {seed}" if seed is not None else "")]
    if graded:
        totals = sorted(r.total for r in graded)
        mean = sum(totals) / len(totals)
        half = len(totals) // 2
        median = totals[half] if len(totals) % 2 else (totals[half - 1] + totals[half]) / 2
        lines.append(f"  totals: mean {mean:.1f}, median {median:g}, "
                     f"full marks {sum(t == graded[0].possible for t in totals)} of {len(graded)}")
        lines.append("  part                                         passed")
        for part, (name, _, _) in parts.PARTS.items():
            passed = sum(1 for r in graded for p in r.parts if p.part == part and p.score == p.points)
            lines.append(f"  {part}. {name:<42} {passed:3d} / {len(graded)}  ({100 * passed / len(graded):5.1f}%)")
    statuses = status_counts(results)
    apart = {what: sum(c[what] for c in statuses.values()) for what in ("timed out", "crashed", "grader error")}
    if any(apart.values()):
        lines.append("  not mistakes (parts): " + ", ".join(f"{n} {what}" for what, n in apart.items()))
    counts = hint_counts(results)
    if counts:
        lines.append("  most common mistakes (students):")
        lines.extend(f"    {count:3d}  {name}" for name, count in list(counts.items())[:10])
    timed_out = [r for r in results if any(p.kind == "timed out" for p in r.parts)]
    if timed_out:
        lines.append("  timed out: " + ", ".join(shorten(r.student, 60) for r in timed_out))
    ungraded = [r for r in results if r.error]
    if ungraded:
        lines.append("  could not be graded:")
        lines.extend(f"    {shorten(r.student, 80)}: {shorten(r.error.splitlines()[0])}" for r in ungraded)
    return "\n".join(lines)


def prepare():
    """matplotlib imported (Agg), before any file is graded: nothing the grader imports may come after
    a learner's code has run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401


def write_report(results, folder, seed=None):
    """The table as report.txt, and totals.png and hints.png, in ``folder``; returns their paths."""
    prepare()
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    graded = [r for r in results if not r.error]
    possible = results[0].possible if results else 100

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist([r.total for r in graded], bins=[b - 2.5 for b in range(0, possible + 6, 5)], color="#4a7ab5", edgecolor="white")
    ax.set_title(f"Exercise 4: totals of {len(graded)} graded submission(s)")
    ax.set_xlabel(f"total score (of {possible})")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    written.append(_save(fig, folder / "totals.png"))

    statuses = status_counts(results)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    left = [0] * len(statuses)
    labels = [f"{part}. {parts.PARTS[part][0]}" for part in statuses][::-1]
    for what, colour in zip(STATUSES, COLOURS):
        widths = [100 * statuses[part][what] / max(1, len(results)) for part in statuses][::-1]
        if any(widths):
            ax.barh(labels, widths, left=left, color=colour, label=what)
            left = [a + b for a, b in zip(left, widths)]
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"% of {len(results)} submission(s)")
    ax.legend(ncol=4, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    fig.suptitle("Exercise 4: what became of each part")
    written.append(_save(fig, folder / "parts.png"))

    counts = hint_counts(results)
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.4 * max(1, len(counts))))
    names = list(counts)[::-1]
    ax.barh(names, [counts[n] for n in names], color="#b5644a")
    if not counts:
        ax.text(0.5, 0.5, "no hints: every failing part was unlike the known mistakes, or none failed",
                ha="center", va="center", transform=ax.transAxes)
    fig.suptitle("Exercise 4: how often each hint came up")
    ax.set_xlabel("students")
    ax.xaxis.get_major_locator().set_params(integer=True)
    written.append(_save(fig, folder / "hints.png"))

    (folder / "report.txt").write_text(class_table(results, seed) + "\n", encoding="utf-8", errors="backslashreplace")
    written.append(folder / "report.txt")
    return written


def _save(fig, path):
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path
