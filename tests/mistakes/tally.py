"""What the learner reads first, for every learner file with a mistake: ``python tests/mistakes/tally.py [PATH ...]``.

For each submission (a ``.py`` file, a notebook, or a one-function-per-file folder; by default
every one in tests/mistakes/), the grader's first line under its table (the first failing part's
first hint, else its detail) and ``python -m ex4 --impl``'s first reading, each classed as

- **exact**: it names the first fix, by the words the file's ``First fix:`` line lists
  (alternatives separated by ``|``, phrases that must all appear joined by ``&``);
- **vague**: true but general (the cost or a block "is not the course's", a table of shapes,
  a question), or nothing said;
- **elsewhere**: it names another fix.

Each file says its mistake, its first fix and its first failing part: in its docstring (``.py``),
in ``metadata["ex4_mistake"]`` (a notebook), or in ``MISTAKE.txt`` (a folder).  ``--no-impl``
skips ``--impl`` (about 4 s a file).  It prints one line per file and the counts.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# Words of readings that are true but name no fix.
VAGUE = ("is not the course's (", "every Theta(l)_grad is wrong", "the forward pass comes first",
         "every column but the first, of Theta² (§1.4)", "is not (lambda/m) Theta(:, 2:end)",
         "g'(z) = g(z) (1 - g(z)) element by element, with g the sigmoid",
         "is above what any one-hot cross-entropy", "is below what any one-hot cross-entropy",
         "each step should have these shapes", "The shapes each step should have", "does it assume the test's sizes",
         "look at §2.3's steps 2-5 in order", " raised ")


def metadata(path):
    """(what, first fix, first failing part) of a submission, or None where it declares none."""
    if path.is_dir():
        text = (path / "MISTAKE.txt").read_text() if (path / "MISTAKE.txt").is_file() else ""
    elif path.suffix == ".ipynb":
        meta = json.loads(path.read_text()).get("metadata", {}).get("ex4_mistake")
        if not meta:
            return None
        return meta["what"], meta["first_fix"], int(meta["first_failing_part"])
    else:
        text = path.read_text()
    fix = re.search(r"^First fix: (.+)$", text, re.M)
    part = re.search(r"^First failing part: (\d)", text, re.M)
    if not fix or not part:
        return None
    doc = text.split('"""')[1] if text.lstrip().startswith('"""') else text
    what = next((line.strip() for line in doc.splitlines() if line.strip() and not line.startswith(
        ("First", "Exercise 4, written as a learner would"))), "")
    return what, fix.group(1).strip(), int(part.group(1))


def target(path):
    """What to grade: a folder's nnCostFunction.py (the course's layout), else the path."""
    return path / "nnCostFunction.py" if path.is_dir() else path


def names_fix(line, fix):
    low = line.lower()
    return any(all(word.strip().lower() in low for word in alternative.split("&")) for alternative in fix.split("|"))


def classed(line, fix):
    if line and names_fix(line, fix):
        return "exact"
    if not line or any(v in line for v in VAGUE):
        return "vague"
    return "elsewhere"


def graders_first_line(path):
    from ex4.grader.grade import grade

    result = grade(str(target(path)), timeout=30)
    if result.error:
        return result.error.splitlines()[0], 0
    failing = [p for p in result.parts if p.score < p.points]
    if not failing:
        return "", 0
    first = failing[0]
    return (first.hints[0] if first.hints else first.detail), first.part


def impls_first_line(path):
    """--impl's first reading: the first note or reading line after the data is loaded; where the learner's
    code raised first, the line that explains the error, after its traceback (else the error itself)."""
    import tempfile

    from ex4.install import module_command  # a learner's own ex4.py beside the file is not ex4

    with tempfile.TemporaryDirectory(prefix="ex4-tally-") as figures:  # never into the mistakes' folder
        done = subprocess.run(module_command("ex4", "--impl", target(path).name, "--no-pause", "--maxiter", "2",
                                             "--out", figures),
                              cwd=target(path).parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=600, env=dict(os.environ, PYTHONPATH=str(REPO), MPLBACKEND="Agg"))
    lines = done.stdout.splitlines()
    started, error = False, ""
    for i, line in enumerate(lines):
        if line.startswith("Loading and Visualizing Data"):
            started = True
        elif started and (line.startswith("Note: your") or line.startswith("  - ") or line.startswith("Note: it ")):
            return line.removeprefix("Note: ").removeprefix("  - ")
        elif started and line.startswith("python -m ex4: "):
            error = line
            for after in lines[i + 1:]:
                if after.startswith(("Traceback", "  ")) or re.match(r"^\w+(Error|Exception|Warning)\b", after):
                    continue
                return after if not after.startswith("(the rest of") else error
            return error
    return error
def submissions(paths):
    found = []
    for path in paths:
        path = Path(path)
        if path.is_dir() and not (path / "MISTAKE.txt").is_file():
            found += sorted(p for p in path.iterdir() if p.suffix in (".py", ".ipynb") or (p / "MISTAKE.txt").is_file())
        else:
            found.append(path)
    return [(p, metadata(p)) for p in found if p.name not in ("tally.py", "__init__.py") and metadata(p)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(HERE)])
    parser.add_argument("--no-impl", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    counts = {"grader": {"exact": 0, "vague": 0, "elsewhere": 0}, "--impl": {"exact": 0, "vague": 0, "elsewhere": 0}}
    for path, (what, fix, part) in submissions(args.paths):
        line, failing = graders_first_line(path)
        print(f"{path.name}: {what}")
        if part or failing:  # a mistake the course's test case shows (else only the digits do: --impl)
            grader = classed(line, fix)
            counts["grader"][grader] += 1
            print(f"  grader ({grader}; first failing part {failing}, declared {part}): {line[:300]}")
        if not args.no_impl:
            impl = impls_first_line(path)
            kind = classed(impl, fix)
            counts["--impl"][kind] += 1
            print(f"  --impl ({kind}): {impl[:300]}")
    for who, tally in counts.items():
        if sum(tally.values()):
            print(f"{who}: " + ", ".join(f"{n} {k}" for k, n in tally.items()) + f" of {sum(tally.values())}")


if __name__ == "__main__":
    main()
