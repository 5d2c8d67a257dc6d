"""A teacher's gradebook out, from graded files (:class:`ex4.grader.grade.FileResult`):

- :func:`csv_text`: one row per student, for a spreadsheet.
- :func:`gradescope_results`: the ``results.json`` of Gradescope's autograder specification.
- :func:`feedback_html`: a page to hand back to each student, with nothing of the hidden
  variants but their sizes; :func:`overview_html`, the teacher's page of them all.

Who each submission is, and which file is graded, is :mod:`ex4.grader.submissions`'.
"""

import csv
import html
import io
import os
import re
from pathlib import Path

from . import parts
from ..checks import InputError
from .grade import format_table

GRADESCOPE_RESULTS = "/autograder/results/results.json"  # the specification's own path


def status(result):
    if result.grader_error:
        return f"grader error (no score): {result.error.splitlines()[0]}"
    return "graded" if not result.error else f"not graded: {result.error.splitlines()[0]}"


def _cell(text):
    """Text for a spreadsheet cell, never a formula and never over a cell's size: a spreadsheet
    runs a cell that starts with = + - @ (a student's folder name, or an error message from the
    learner's code, could), also after spaces, and in their full-width forms."""
    text = str(text)
    if len(text) > CELL_MOST - 1:
        text = text[:CELL_MOST - 4] + "..."
    lead = text.lstrip(" \t\r\n")[:1]
    if lead in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20") or text[:1] in ("\t", "\r"):
        return "'" + text
    return text


# A part's status in the gradebook, from what its grading found (PartResult.kind).
PART_STATUS = {"ok": "ok", "wrong": "wrong", "raised": "error", "returned": "error", "exit": "error",
               "memory": "crashed", "crashed": "crashed", "timed out": "timed out", "not graded": "not graded"}
CELL_MOST = 32767  # characters in one spreadsheet cell, at most (Excel and LibreOffice stop there)


def part_status(result, part):
    """ok, wrong, error, timed out, crashed, not graded or grader error: what became of one part."""
    if result.grader_error:
        return "grader error"
    found = next((p for p in result.parts if p.part == part), None)
    if found is None:
        return "not graded"
    return PART_STATUS.get(found.kind, "error" if found.score < found.points else "ok")


def csv_text(results, pages=None):
    """The gradebook: one row per student, a column per part (headed with its name), then each
    part's status and first hint; text cells are never formulas (:func:`_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [name for name, _, _ in parts.PARTS.values()]
    writer.writerow(["student", "file", "convention", "total", "possible", *names, "status", "hints", "seed",
                     "isolation", *(f"{name}: {what}" for name in names for what in ("status", "first hint")),
                     *(["feedback page"] if pages else [])])
    for i, r in enumerate(results):
        scores = {p.part: p.score for p in r.parts}
        first = {p.part: p.hints[0] if p.hints else "" for p in r.parts}
        hint_names = []
        for p in r.parts:
            hint_names.extend(n for n in p.hint_names if n not in hint_names)
        writer.writerow([_cell(r.student), _cell(r.target), r.convention, r.total if not r.error else "",
                         r.possible, *(scores.get(part, "") for part in parts.PARTS), _cell(status(r)),
                         _cell("; ".join(hint_names)),
                         r.seed if r.seed is not None else "",
                         _cell(r.isolation + (f"; {r.isolation_setup}" if r.isolation_setup else "")),
                         *(cell for part in parts.PARTS for cell in (part_status(r, part), _cell(first.get(part, "")))),
                         *([pages[i]] if pages else [])])
    return out.getvalue()


def _part_output(part_result):
    lines = []
    if part_result.score == part_result.points:
        if part_result.variants:
            lines.append(f"the course's case and {part_result.variants_passed} of {part_result.variants} "
                         "hidden variants passed")
        return "\n".join(lines)
    if part_result.shown:
        lines.append(part_result.shown)
    lines.extend(f"hint: {hint}" for hint in part_result.hints)
    if part_result.variants and part_result.shown.startswith("right on the course's case"):
        lines.append(f"{part_result.variants_passed} of {part_result.variants} hidden variants passed")
    return "\n".join(lines)


def gradescope_results(result):
    """Gradescope's results.json for one graded submission: a test per part, its variants folded in.
    What is the machine's (cgroups, why not bubblewrap, the grader's own failure) goes into a test
    of hidden visibility, which only the teacher sees; the student sees what the code ran in."""
    notes = [f"Isolation: {result.isolation}."] if result.isolation else []
    notes += [f"Note: {note}" for note in result.notes]
    notes += [f"Note: the submission does not define {name}." for name in result.missing]
    setup = [f"Isolation: {result.isolation}" + (f"; {result.isolation_setup}" if result.isolation_setup else "")]
    if result.grader_error:  # no score at all: Gradescope shows the autograder's failure, not a 0
        hidden = _teachers_test(setup + [f"The grader's own failure: {result.error}"])
        return {"output": "The grader failed, not your code: your teacher sees why. Nothing was scored.",
                "visibility": "visible", "stdout_visibility": "hidden", "tests": [hidden]}
    if result.error:
        return {"score": 0.0, "output": "\n".join([f"Not graded: {result.error}", *notes]),
                "visibility": "visible", "stdout_visibility": "hidden", "tests": [_teachers_test(setup)]}
    tests = []
    for number, p in enumerate(result.parts, 1):
        tests.append({"name": f"Part {p.part}: {p.name}", "number": str(number), "score": float(p.score),
                      "max_score": float(p.points), "status": "passed" if p.score == p.points else "failed",
                      "output": _part_output(p), "visibility": "visible"})
    tests.append(_teachers_test(setup + ([f"Seed of the hidden variants: {result.seed}"] if result.variants else [])))
    convention = parts.CONVENTIONS[result.convention]
    output = "\n".join([f"Graded offline with the course's test cases, convention: {convention.name} "
                        f"({convention.says}).", *notes])
    return {"score": float(result.total), "output": output, "visibility": "visible",
            "stdout_visibility": "hidden", "tests": tests}


def _teachers_test(lines):
    """A test of no points that only the teacher sees (Gradescope's hidden visibility)."""
    return {"name": "The grader's machine (for the teacher)", "score": 0.0, "max_score": 0.0, "status": "passed",
            "output": "\n".join(lines), "visibility": "hidden"}


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Exercise 4 feedback: {student}</title>
<style>
body {{ font-family: sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }}
pre {{ background: #f4f4f4; padding: 0.8em; overflow-x: auto; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #bbb; padding: 0.3em 0.7em; text-align: left; }}
.passed {{ color: #176117; }} .failed {{ color: #a11; }}
mark {{ background: #fbd5d5; }}
</style>
</head>
<body>
<h1>Exercise 4 (Neural Networks Learning): {student}</h1>
<p>File: <code>{file}</code>. Convention: {convention}. {score}</p>
{body}
</body>
</html>
"""


def feedback_html(result):
    """A self-contained page for one student: no scripts, no links out, everything escaped."""
    def e(text):  # escaped, and the teacher's folders left out: the student's own names only
        return html.escape(_public(str(text), result.target))

    body = []
    if result.error:
        body.append(f"<p class=\"failed\">Not graded: {e(result.error)}</p>")
    else:
        rows = "\n".join(
            f"<tr><td>{p.part}</td><td>{e(p.name)}</td><td>{p.score} / {p.points}</td>"
            f"<td class=\"{'passed' if p.score == p.points else 'failed'}\">{e(p.feedback)}</td></tr>"
            for p in result.parts)
        body.append("<h2>Scores</h2>\n<table>\n<tr><th>Part</th><th>Name</th><th>Score</th><th>Feedback</th></tr>\n"
                    f"{rows}\n</table>")
        body.append(f"<p>As the course's submit prints it:</p>\n<pre>{e(format_table(result.parts))}</pre>")
        failing = [p for p in result.parts if p.score != p.points]
        if failing:
            body.append("<h2>What to look at</h2>")
        for p in failing:
            items = [f"<li>{e(p.shown or p.detail)}</li>"]
            if p.obtained and not p.shown.startswith("right on the course's case"):
                items.append(f"<li>expected: <code>{e(p.expected)}</code></li>")
                items.append(f"<li>obtained (the values that differ marked): <code>{_marked(p.expected, p.obtained)}"
                             "</code></li>")
            items.extend(f"<li>hint: {e(hint)}</li>" for hint in p.hints)
            body.append(f"<h3>Part {p.part}, {e(p.name)}</h3>\n<ul>\n" + "\n".join(items) + "\n</ul>")
        if result.variants:
            body.append(f"<p>Each part was also checked on {result.variants} hidden variant(s) of other sizes; "
                        "a part scores only when they pass too.</p>")
    notes = list(result.notes) + [f"the file does not define {name}" for name in result.missing]
    if notes:
        body.append("<h2>Notes</h2>\n<ul>\n" + "\n".join(f"<li>{e(n)}</li>" for n in notes) + "\n</ul>")
    convention = parts.CONVENTIONS[result.convention]
    return _PAGE.format(student=e(result.student), file=e(shown_file(result.target)),
                        convention=e(f"{convention.name} ({convention.says})"),
                        score=f"Not graded: {e(result.error.splitlines()[0])}" if result.error
                        else f"Score: <strong>{result.total} / {result.possible}</strong>.", body="\n".join(body))


def _marked(expected, obtained):
    """The obtained values, escaped, each one that differs from the expected (as the course's compare
    reads them) in <mark>."""
    want, got = expected.split(), obtained.split()
    shown = []
    for i, value in enumerate(got):
        same = i < len(want) and not parts.compare(want[i] + " ", value + " ")
        shown.append(html.escape(value) if same else f"<mark>{html.escape(value)}</mark>")
    return " ".join(shown)


def _public(text, target):
    """``text`` without the teacher's path to the student's folder (it keeps the folder's own name)."""
    folder = os.path.dirname(os.path.dirname(os.path.abspath(str(target))))
    return text.replace(folder + os.sep, "") if len(folder) > 1 else text


OVERVIEW = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Exercise 4: the class</title>
<style>
body {{ font-family: sans-serif; margin: 2em; line-height: 1.4; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; }}
.ok {{ color: #176117; }} .other {{ color: #a11; }}
</style>
</head>
<body>
<h1>Exercise 4 (Neural Networks Learning): the class</h1>
<p>{summary}</p>
<table>
<tr><th>Student</th><th>Total</th>{part_heads}<th>First hint</th></tr>
{rows}
</table>
</body>
</html>
"""


def overview_html(results, pages, seed=None):
    """The feedback folder's overview: each student (a link to their page), their total or why they were
    not graded, each part's status and the first hint; no scripts, everything escaped."""
    e = html.escape
    rows = []
    for result, page in zip(results, pages):
        if result.grader_error:
            total = "not graded: the grader failed"
        elif result.error:
            total = "not graded: " + _public(result.error.splitlines()[0], result.target)
        else:
            total = f"{result.total} / {result.possible}"
        cells = "".join(f"<td class=\"{'ok' if part_status(result, part) == 'ok' else 'other'}\">"
                        f"{e(part_status(result, part))}</td>" for part in parts.PARTS)
        first = next((p.hints[0] for p in result.parts if p.score < p.points and p.hints), "")
        rows.append(f"<tr><td><a href=\"{e(page)}\">{e(result.student)}</a></td><td>{e(total)}</td>{cells}"
                    f"<td>{e(_public(first, result.target))}</td></tr>")
    graded = [r for r in results if not r.error]
    summary = (f"{len(results)} submission(s), {len(graded)} graded" + (
        f", {sum(r.total == r.possible for r in graded)} with full marks" if graded else "")
        + (f"; hidden variants' seed {seed}" if seed is not None else "") + ".")
    heads = "".join(f"<th>Part {part}</th>" for part in parts.PARTS)
    return OVERVIEW.format(summary=e(summary), part_heads=heads, rows="\n".join(rows))


def overview_name(taken):
    """index.html, unless a file of the folder has that name: then overview.html, overview_2.html, ..."""
    taken = {t.lower() for t in taken}
    for name in ["index.html", "overview.html"] + [f"overview_{n}.html" for n in range(2, 1000)]:
        if name not in taken:
            return name
    raise InputError("--feedback: no free name for the overview page")


def shown_file(target):
    """The file as a student may see it: its folder's name and its own, never the teacher's path."""
    path = Path(str(target))
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


PAGE_NAME_MOST = 80  # characters of a page's name from the student's, before ".html"
RESERVED = {"index"}  # the teacher's own page names in a feedback folder


def page_names(students, taken=()):
    """A file name for each student's page: safe characters only, at most PAGE_NAME_MOST of them,
    never two alike, never a teacher's (``index``, or a name in ``taken``: files already there)."""
    names = []
    used = {n.lower() for n in RESERVED} | {os.path.splitext(t)[0].lower() for t in taken}
    for student in students:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._-")[:PAGE_NAME_MOST].strip("._-") or "student"
        name, n = base, 2
        while name.lower() in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name.lower())
        names.append(name + ".html")
    return names