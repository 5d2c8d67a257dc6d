"""A class's submissions in; a teacher's gradebook out (``python -m ex4.submit`` with folders).

- :func:`find_submissions`: who each submission is (its folder's name, else its file's
  stem, or the teacher's ``--students`` CSV) and which file in a student's folder is graded.
- :func:`csv_text`: one row per student, for a spreadsheet.
- :func:`gradescope_results`: the ``results.json`` of Gradescope's autograder specification.
- :func:`feedback_html`: a page to hand back to each student, with nothing of the hidden
  variants but their sizes.
"""

import csv
import os
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..inside.load import source_text
from . import parts
from .grade import format_table
from .channel import printable
from ..checks import InputError

# Where a folder's Python file is the submission: it defines one of these (within a line: linear time).
DEFINES = re.compile(rb"^[ \t]*def[ \t]+(nnCostFunction|sigmoidGradient)[ \t]*\(", re.MULTILINE)
GRADESCOPE_RESULTS = "/autograder/results/results.json"
ONE_PER_FILE = {"nnCostFunction.py", "sigmoidGradient.py"}  # sorted: nnCostFunction.py first  # the specification's own path


@dataclass
class Submission:
    student: str
    target: object  # the file (or module name) to grade; None when refused
    error: str = ""
    folder: bool = False  # refused: its target is the folder given
    given: str = ""  # the target as given on the command line
    note: str = ""  # how it was chosen, where the teacher should know (--file did not match here)


def check_duplicates(submissions):
    """Refuse a submission whose file was given before (a folder and its file, or the same folder twice)."""
    seen = {}
    for s in submissions:
        if s.error or s.target is None or not Path(s.target).exists():
            continue
        key = str(Path(s.target).resolve())
        if key in seen:
            s.error = f"{s.given or s.target}: the same file as {seen[key]}, graded once"
            s.target = None
        else:
            seen[key] = s.given or s.target
    return submissions


def find_submissions(targets, pick=None, students=None):
    """One :class:`Submission` per target, in the order given.

    A folder is one student (the folder's name): its one notebook, or its one ``.py`` file
    that defines nnCostFunction or sigmoidGradient; other files are helpers.  Where several
    qualify, ``pick`` (a file name) chooses, else that student is refused.  A file is one
    student (its stem); a module name, one student (the name).  ``students`` maps a target,
    as given or resolved, to the teacher's own name for the student.
    """
    found = []
    for target in targets:
        before = len(found)
        _find_one(found, target, pick, students)
        found[before].given = str(target)
    return check_duplicates(found)


def _find_one(found, target, pick, students):
    """Append the one :class:`Submission` ``target`` makes to ``found``."""
    path = Path(target)
    is_file = path.is_file() or path.suffix in (".py", ".ipynb")
    student = readable(path.name if path.is_dir() else path.stem if is_file else str(target))
    student = _named(students, target, student) if students else student
    if not path.is_dir():
        found.append(_unless_outside(Submission(student, target), path.parent))
        return
    try:
        candidates = submission_files(path)
    except OSError as exc:
        found.append(Submission(student, None, f"{target}: cannot read the folder: {exc.strerror or exc}",
                                folder=True))
        return
    note = ""
    if pick is not None:
        chosen = [c for c in candidates if c.name == pick]
        if not chosen and (path / pick).is_file():
            chosen = [path / pick]
        if chosen:
            candidates = chosen
        elif len(candidates) > 1 and not {c.name for c in candidates} <= ONE_PER_FILE:
            names = ", ".join(c.name for c in candidates)
            found.append(Submission(student, None, f"{target}: no file named {pick} (--file), and several could be "
                                                   f"the submission ({names})", folder=True))
            return
        else:  # --file settles the folders it names; this one has its own one submission
            note = f"--file {pick}: no such file in this folder; its one submission was graded"
    if not candidates:
        found.append(Submission(student, None, f"{target}: no notebook, and no .py file that defines "
                                               "nnCostFunction or sigmoidGradient", folder=True))
    elif len(candidates) > 1 and {c.name for c in candidates} <= ONE_PER_FILE:
        # The course's layout, one function per file: the folder is one submission, graded from
        # nnCostFunction.py (its sigmoidGradient.py is found beside it).
        chosen = min(candidates, key=lambda c: sorted(ONE_PER_FILE).index(c.name))
        found.append(_unless_outside(Submission(student, str(chosen), note=note), path))
    elif len(candidates) > 1:
        names = ", ".join(c.name for c in candidates)
        found.append(Submission(student, None, f"{target}: several files could be the submission ({names}); "
                                               "choose one with --file NAME", folder=True))
    else:
        found.append(_unless_outside(Submission(student, str(candidates[0]), note=note), path))


def _unless_outside(submission, folder):
    """Refuse a submission that is a link to a file outside its own folder (a classmate's, say):
    the file it points at is graded as its owner's, once."""
    path = Path(submission.target)
    if path.is_symlink():
        real, home = os.path.realpath(path), os.path.realpath(folder)
        if not real.startswith(home + os.sep):
            submission.error = (f"{submission.target} is a link to {real}, outside its own folder: not graded "
                                "(that file is graded as its owner's)")
            submission.target = None
    return submission


def submission_files(folder):
    """The notebooks and the .py files defining nnCostFunction or sigmoidGradient directly in ``folder``."""
    found = []
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix == ".ipynb":
            found.append(path)
        elif path.suffix == ".py" and DEFINES.search(source_text(path)):
            found.append(path)
    return found


def _named(students, target, default):
    path = Path(target)
    for key in (str(target), str(path), str(path.resolve()), path.name):
        if key in students:
            students.used.add(students[key])
            return students[key]
    return default


class StudentTable(dict):
    """{file or folder (as written, resolved, and its last name): student}; notes which were used."""

    def __init__(self):
        super().__init__()
        self.used, self.rows = set(), []

    def unmatched(self):
        return [where for where, student in self.rows if student not in self.used]


def read_students(path):
    """{file or folder: student} from a CSV of two columns; a header row is allowed."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"--students: {path}: cannot read it as a UTF-8 CSV: {why}") from None
    table = StudentTable()
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise InputError(f"--students: {path}, line {number}: expected two columns (file or folder, "
                             f"student), got {len(row)}")
        where, student = (cell.strip() for cell in row)
        if number == 1 and where.lower() in ("file", "folder", "path", "file or folder", "submission"):
            continue  # a header
        if not where or not student:
            raise InputError(f"--students: {path}, line {number}: an empty cell")
        table[where.rstrip("/")] = student
        table[str(Path(where).resolve())] = student
        table.setdefault(Path(where).name, student)
        table.rows.append((where, student))
    return table


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


def decoded(text):
    """Text holding a path that is not UTF-8 (a folder named so) with those bytes shown as ``\\xff``."""
    return os.fsencode(text).decode("utf-8", "backslashreplace") if isinstance(text, str) else str(text)


def readable(name):
    """A student's name as every output can hold it: bytes that are not UTF-8 shown as ``\\xff``,
    control and bidirectional characters escaped, at most 300 characters."""
    shown = printable(decoded(name))
    return shown if len(shown) <= 300 else shown[:297] + "..."


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