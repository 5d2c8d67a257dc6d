"""A class's submissions in (``python -m ex4.submit`` with folders): who each submission is (its
folder's name, else its file's stem, or the teacher's ``--students`` CSV) and which file in a
student's folder is graded (:func:`find_submissions`).  What is written out is
:mod:`ex4.grader.gradebook`'s.
"""

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..checks import InputError
from ..inside.load import source_text
from .channel import readable

# Where a folder's Python file is the submission: it defines one of these (within a line: linear time).
DEFINES = re.compile(rb"^[ \t]*def[ \t]+(nnCostFunction|sigmoidGradient)[ \t]*\(", re.MULTILINE)
ONE_PER_FILE = {"nnCostFunction.py", "sigmoidGradient.py"}  # the course's one-function-per-file layout: nnCostFunction.py first


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
        unreadable = sorted(p.name for p in path.glob("*.py") if p.is_file() and not os.access(p, os.R_OK))
        found.append(Submission(student, None, f"{target}: no notebook, and no .py file that defines "
                                               "nnCostFunction or sigmoidGradient" + (
                                                   f" among those the grader can read (not {', '.join(unreadable)}: "
                                                   "it reads them as the user it runs as)" if unreadable else ""),
                                folder=True))
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
