"""Local grading of Exercise 4, as the course's submit.m grades it (``python -m ex4.submit``).

The course's grader runs five parts on fixed inputs, prints each result with
``sprintf('%0.5f ', ...)`` column-major, and compares the text with its own.  This does
the same offline, on this project's code by default or on any file, notebook or
module that defines ``nnCostFunction`` and ``sigmoidGradient``::

    python -m ex4.submit                          # grade this project's own implementation
    python -m ex4.submit my_ex4.py                # grade your file
    python -m ex4.submit my_ex4.ipynb             # or your notebook (its definitions only)
    python -m ex4.submit a.py b.ipynb --json -    # several files, the results as JSON
    python -m ex4.submit class/* --csv grades.csv --feedback pages --report report   # a class

The learner's code runs in a sandbox (:mod:`ex4.grader.sandbox`) with a CPU-time budget
for the whole file and a memory limit, so that an exit or a crash costs that part alone and
a hang the parts not yet asked.  Exit status: 0 when every part of every file scored full
marks, 1 when one did not, 2 when a file cannot be graded at all (or an argument is wrong,
or an output cannot be written), 3 when the grader's own machinery failed, 130 after Ctrl-C.
"""

import json
import os
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

from concurrent.futures import ThreadPoolExecutor

from .checks import InputError
from .grader import channel, classreport, gradebook, isolation, parts
from .grader.submissions import Submission, find_submissions, read_students
from .grader.grade import TIMEOUT, FileResult, grade_any, report, summary
from .grader.gradebook import GRADESCOPE_RESULTS
from .grader.channel import shorten
from .grader.processes import make_subreaper
from .grader.sandbox import IDLE_SECONDS, Sandbox
from .programs import cli


def build_parser():
    parser = cli.ArgumentParser(
        prog="python -m ex4.submit",
        description="Grade Exercise 4 offline with the course's five graded parts, inputs and expected "
                    "outputs. Each file's code runs in a sandbox with a CPU-time limit per part. Exit "
                    "status 0 when every part of every file scored full marks, 1 below, 2 if a file "
                    "cannot be graded, 3 if the grader's own machinery failed.")
    parser.add_argument("targets", nargs="*", metavar="FILE|MODULE",
                        help="what to grade: .py files, Jupyter notebooks (.ipynb: their imports and "
                             "definitions only), or importable modules, defining nnCostFunction and "
                             "sigmoidGradient (default: this project's ex4)")
    parser.add_argument("--convention", choices=sorted(parts.CONVENTIONS) + ["auto"], default="course",
                        help="course (default): labels 1..K, column-major unrolling, as the course; "
                             "python: labels 0..K-1, row-major unrolling, as the Python notebook port; "
                             "0-based: labels 0..K-1, column-major; row-major: labels 1..K, row-major (ports "
                             "that mix the two); auto: python where the file shows it is the port's (it "
                             "imports utils), else course")
    parser.add_argument("--timeout", type=cli.positive_float, default=TIMEOUT, metavar="SECONDS",
                        help="CPU time for each file as a whole (loading, every part, its variants and "
                             "hints): code that spins costs this much; code that sleeps or waits is ended "
                             f"after {IDLE_SECONDS:g} s without using CPU (default {TIMEOUT:g}; a correct file "
                             "uses well under 1 s)")
    parser.add_argument("--memory", type=memory_gib, default=2.0, metavar="GIB",
                        help=f"memory limit of the code, in GiB, {MEMORY_RANGE[0]:g} to {MEMORY_RANGE[1]:g} "
                             "(default 2): per process, and for all its processes together where a cgroup allows")
    parser.add_argument("--variants", type=cli.non_negative_int, metavar="N",
                        help="hidden variants: N more cases per part on random sizes, made and checked "
                             "here; a part scores only when all pass (default 0: the course's cases alone; "
                             "2 in --make-autograder's)")
    parser.add_argument("--seed", type=cli.non_negative_int, metavar="S",
                        help="seed of the hidden variants (default: a random one, printed in the report)")
    parser.add_argument("--isolation", choices=isolation.MODES, default="auto",
                        help="auto (default): bubblewrap where it starts here; else, as root, a chroot made for "
                             "the run, run as an unused uid; else, as an ordinary user, a child process (not a "
                             "sandbox), said at the top and in every output. bwrap, chroot: refuse to grade without "
                             "it; process: an ordinary user's only. See --check-isolation and docs/teachers.md")
    parser.add_argument("--sandbox-user", metavar="NAME",
                        help="as root, the user the code runs as (default: nobody under bubblewrap, an "
                             "unused uid per --jobs slot without)")
    parser.add_argument("--check-isolation", action="store_true",
                        help="print the isolation this machine gives (and why), then exit: 0, or 3 "
                             "where the --isolation asked for cannot be had")
    parser.add_argument("--jobs", type=cli.positive_int, default=os.cpu_count() or 1, metavar="N",
                        help="files graded at once, each in its own child under its own limits "
                             f"(default: the number of cores, {os.cpu_count() or 1} here); printed in the order given")
    parser.add_argument("--students", metavar="CSV",
                        help="a CSV of two columns, file or folder and student, naming the students "
                             "(default: a folder's name, else the file's name without its ending)")
    parser.add_argument("--file", metavar="NAME",
                        help="in each student's folder, grade the file with this name (where several "
                             "files could be the submission)")
    parser.add_argument("--csv", metavar="FILE",
                        help="write the gradebook to FILE: one row per student, a column per part")
    parser.add_argument("--feedback", metavar="DIR",
                        help="write a page for each student into DIR (HTML, self-contained; nothing of the "
                             "hidden variants but their sizes)")
    parser.add_argument("--make-autograder", metavar="DIR",
                        help="write Gradescope's autograder into DIR: setup.sh (installs ex4, its requirements "
                             "and bubblewrap), run_autograder (a fixed --seed, --variants and --timeout: give "
                             "them here) and autograder.zip to upload; then exit")
    parser.add_argument("--gradescope", metavar="FILE", nargs="?", const=GRADESCOPE_RESULTS,
                        help=f"write Gradescope's results.json for the one submission graded (default "
                             f"FILE: {GRADESCOPE_RESULTS}, the autograder specification's own path); with "
                             "several submissions, FILE is a folder: DIR/STUDENT/results.json for each")
    parser.add_argument("--report", metavar="DIR",
                        help="the class at a glance: print pass rates and common mistakes, and write "
                             "totals.png, parts.png, hints.png and report.txt into DIR")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress line on standard error as each file finishes")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the results as JSON to FILE, one entry per graded file; "
                             "'-' writes only the JSON to standard output (the tables go to standard error)")
    return parser


MEMORY_RANGE = (0.5, 1024.0)  # GiB: less cannot import numpy; more is no limit


memory_gib = cli.converter(float, lambda v: MEMORY_RANGE[0] <= v <= MEMORY_RANGE[1],
                           f"a number of GiB from {MEMORY_RANGE[0]:g} to {MEMORY_RANGE[1]:g}")


def _check_targets(targets):
    for target in targets:
        if target == "-":
            raise InputError("-: expected a file, notebook or module to grade (standard input is not graded)")
        path = Path(target)
        if path.exists() and not path.is_file() and not path.is_dir():
            raise InputError(f"{target}: not a regular file (a FIFO, socket or device is not graded)")


def _check_json_path(path, targets, option="--json"):
    """Refuse, before any grading, a report that could not be written."""
    if path is None or path == "-":
        return
    if not path.strip():
        either = " or '-'" if option == "--json" else ""
        raise InputError(f"{option}: expected a file name{either}, got an empty name")
    out = Path(path).resolve()
    for target in targets:
        if Path(target).exists() and Path(target).resolve() == out:
            raise InputError(f"{option}: {path} is a file being graded; choose another name for the report")
    if out.is_dir():
        raise InputError(f"{option}: {path} is a folder; expected a file name")
    if not out.parent.is_dir():
        raise InputError(f"{option}: {out.parent} is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.") as probe:
            probe.write(b"{}\n")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise InputError(f"{option}: cannot write into {out.parent}: {exc.strerror or exc}") from None
    if out.exists() and not out.is_file():
        raise InputError(f"{option}: {path} is not a regular file")


def _check_folder(path, option):
    """Make the output folder ``path`` now, before grading, or refuse it in one line."""
    if path is None:
        return
    if not path.strip():
        raise InputError(f"{option}: expected a folder name, got an empty name")
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{option}: {path} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{option}: cannot make the folder {path}: {exc.strerror or exc}") from None


def _write_atomically(path, text, option="--json", encoding="utf-8"):
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename, with
    the modes the umask gives a new file (a temporary file is made 0600).  A failure is one line
    naming ``option``, and leaves no temporary file behind."""
    path = Path(path).resolve()
    partial = None
    try:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False,
                                         encoding=encoding, errors="backslashreplace") as partial:
            partial.write(text)
        os.chmod(partial.name, 0o666 & ~_umask())
        os.replace(partial.name, path)
    except OSError as exc:
        if partial is not None:
            Path(partial.name).unlink(missing_ok=True)
        raise InputError(f"{option}: cannot write {path}: {exc.strerror or exc}") from None


def _umask():
    """This process's umask, read without changing it where Linux says it (/proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def main(argv=None):
    args = build_parser().parse_args(argv)
    return cli.run_reporting_errors("python -m ex4.submit", lambda: _command(args))


def _command(args):
    """The command's one job: say how this machine isolates, write the Gradescope bundle, or grade."""
    if args.check_isolation:
        try:
            print(isolation.check(args.isolation, args.sandbox_user))
        except isolation.IsolationError as exc:
            print(f"python -m ex4.submit: error: {exc}", file=sys.stderr)
            return 3
        return 0
    if args.make_autograder:
        from .grader import autograder

        variants = 2 if args.variants is None else args.variants  # 0 given is 0
        written = autograder.make(args.make_autograder, variants=variants,
                                  seed=args.seed if args.seed is not None else 20, timeout=args.timeout,
                                  convention=args.convention)
        print("written: " + ", ".join(str(p) for p in written))
        return 0
    return _grade_class(args)


def _grade_class(args):
    """Every submission graded (as many at once as --jobs), its outputs written, the exit status."""
    args.variants = args.variants or 0  # not given: the course's cases alone
    submissions, several_for_gradescope = _submissions(args)
    make_subreaper()  # what a file's code leaves behind comes back here, to be ended
    if args.report:
        classreport.prepare()  # its imports made before any file runs
    out = sys.stderr if args.json == "-" else sys.stdout
    jobs = min(args.jobs, len(submissions))
    try:
        chosen = isolation.plan(args.isolation, args.sandbox_user, jobs)
    except isolation.IsolationError as exc:
        print(f"python -m ex4.submit: error: {exc}", file=sys.stderr)
        if args.gradescope and not several_for_gradescope:  # Gradescope still gets its file: no score
            failed = FileResult(str(submissions[0].target), args.convention, grader_error=True,
                                error=f"the grader cannot isolate the code here: {exc}")
            _write_atomically(args.gradescope, json.dumps(gradebook.gradescope_results(failed), indent=2)
                              + "\n", "--gradescope")
        return 3
    if chosen.mode == "chroot":  # a sandbox, if not bubblewrap: said once, as the docs' table says what it holds
        print(f"python -m ex4.submit: note: not bubblewrap here ({chosen.why}): each file runs in "
              f"{chosen.describe()}", file=sys.stderr)
    elif chosen.mode != "bwrap":
        print(f"python -m ex4.submit: warning: not sandboxed: {chosen.describe()}", file=sys.stderr)
    seed = args.seed if args.seed is not None else secrets.randbelow(2 ** 32)
    results, interrupted = _graded_in_turn(args, submissions, jobs, seed, out)
    if interrupted:
        unwritten = _write_outputs(args, results, seed, out)
        print(f"python -m ex4.submit: interrupted: the outputs of the {len(results)} file(s) graded before "
              "were written" + (f"; not: {'; '.join(unwritten)}" if unwritten else ""), file=sys.stderr)
        return 130
    if len(results) > 1:
        print(summary(results), file=out)
    unwritten = _write_outputs(args, results, seed, out)
    for line in unwritten:
        print(f"python -m ex4.submit: error: {shorten(line, 300)}", file=sys.stderr)
    if any(r.grader_error for r in results):
        return 3
    if unwritten or any(r.error for r in results):
        return 2
    return 0 if all(r.total == r.possible for r in results) else 1


def _submissions(args):
    """(the submissions to grade, whether Gradescope's results go one per folder), every output option
    checked first: nothing is graded that could not be written."""
    _check_targets(args.targets)
    students = read_students(args.students) if args.students else None
    submissions = (find_submissions(args.targets, args.file, students) if args.targets
                   else [Submission("this project", None)])
    graded_files = list(args.targets) + [s.target for s in submissions if s.target]
    several_for_gradescope = bool(args.gradescope) and len(submissions) > 1
    if several_for_gradescope and (Path(args.gradescope).is_file() or args.gradescope.endswith(".json")):
        raise InputError(f"--gradescope: {len(submissions)} submissions want a folder, one results.json each "
                         f"(Gradescope itself grades one at a time), got the file {args.gradescope}")
    for option in ("json", "csv") + (() if several_for_gradescope else ("gradescope",)):
        _check_json_path(getattr(args, option), graded_files, f"--{option}")
    for option in ("feedback", "report") + (("gradescope",) if several_for_gradescope else ()):
        _check_folder(getattr(args, option), f"--{option}")
    if students is not None:
        for where in students.unmatched():
            print(f"python -m ex4.submit: warning: --students: {shorten(where)} matches no submission given",
                  file=sys.stderr)
    return submissions, several_for_gradescope


def _graded_in_turn(args, submissions, jobs, seed, out):
    """(results in the students' order, whether Ctrl-C cut it short): each reported as it is ready."""
    progress = _Progress(len(submissions), quiet=args.quiet or len(submissions) == 1)
    results, interrupted = [], False
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_grade_one, args, submission, seed, jobs) for submission in submissions]
        for future in futures:  # said once the result is there to keep, whatever comes after
            future.add_done_callback(lambda f: progress.done(f.result(), f.result().seconds)
                                     if not f.cancelled() and f.exception() is None else None)
        try:
            for future in futures:  # in the order given, as each is ready
                result = future.result()
                results.append(result)
                if result.error:
                    print(f"python -m ex4.submit: error: {shorten(result.error.splitlines()[0], 400)}",
                          file=sys.stderr)
                else:
                    report(result, out)
        except KeyboardInterrupt:  # Ctrl-C: every file graded so far keeps its outputs
            interrupted = progress.interrupted = True
            done = [f for f in futures if f.done() and not f.cancelled() and f.exception() is None]
            pool.shutdown(wait=False, cancel_futures=True)
            Sandbox.stop_all()
            results = [f.result() for f in done]  # in the students' order
    return results, interrupted


def _grade_one(args, submission, seed, jobs):
    """One submission's result: never an exception (one file must never stop the class)."""
    start = time.monotonic()
    if submission.error:
        return FileResult(submission.given or str(submission.student), "course", error=submission.error,
                          student=submission.student, seconds=time.monotonic() - start)
    try:
        result = grade_any(submission.target, args.convention, args.timeout, int(args.memory * 2 ** 30),
                           args.variants, seed, args.isolation, args.sandbox_user, jobs)
    except Exception as exc:  # noqa: BLE001 - a failure of the grader's own: no score, the teacher told
        result = FileResult(str(submission.target), "course", student=submission.student,
                            error=f"{submission.target}: the grader could not grade it "
                                  f"({type(exc).__name__}: {shorten(str(exc), 150)})", grader_error=True)
    result.student = submission.student
    if submission.note:
        result.notes.insert(0, submission.note)
    result.target = channel.readable(result.target)  # a path that is not UTF-8 shown escaped
    result.error = channel.decoded(result.error)
    result.seconds = time.monotonic() - start
    return result


class _Progress:
    """A line on standard error as each file finishes, in the order they finish:
    ``[12/40] alice 100/100 3.1 s`` (none with --quiet, or for one file)."""

    def __init__(self, total, quiet=False):
        self.total, self.quiet, self.count, self.lock = total, quiet, 0, threading.Lock()
        self.interrupted = False  # Ctrl-C: the files still being graded are ended, not failed

    def done(self, result, seconds):
        if self.quiet:
            return
        with self.lock:
            self.count += 1
            said = ("interrupted" if self.interrupted else "grader error" if result.grader_error
                    else "not graded" if result.error else f"{result.total}/{result.possible}")
            print(f"[{self.count}/{self.total}] {shorten(result.student or result.target, 60)} {said} "
                  f"{seconds:.1f} s", file=sys.stderr, flush=True)


def _write_outputs(args, results, seed, out):
    """The gradebook's files, each written whole (atomically), after every file is graded: one that
    cannot be written (a page, say) is said in one line, and every other is still written.
    Returns the lines of what could not be written."""
    failed = []

    def attempt(write):
        try:
            write()
        except ValueError as exc:
            failed.append(str(exc))

    pages = None
    if args.feedback:
        taken = os.listdir(args.feedback)
        pages = gradebook.page_names([r.student for r in results], taken=taken)
        overview = Path(args.feedback) / gradebook.overview_name(taken + pages)
    if args.csv:
        attempt(lambda: _write_atomically(args.csv, gradebook.csv_text(results, pages), "--csv",
                                          encoding="utf-8-sig"))  # a byte-order mark: Excel reads it as UTF-8
    if args.gradescope and len(results) == 1:
        attempt(lambda: _write_atomically(
            args.gradescope, json.dumps(gradebook.gradescope_results(results[0]), indent=2) + "\n", "--gradescope"))
    elif args.gradescope:  # a class: one results.json a student, in a folder of the student's name
        for result, name in zip(results, gradebook.page_names([r.student for r in results])):
            folder = Path(args.gradescope) / name[:-len(".html")]
            attempt(lambda result=result, folder=folder: (folder.mkdir(exist_ok=True), _write_atomically(
                folder / "results.json", json.dumps(gradebook.gradescope_results(result), indent=2) + "\n",
                "--gradescope")))
    if args.feedback:
        for result, name in zip(results, pages):
            attempt(lambda result=result, name=name: _write_atomically(
                Path(args.feedback) / name, gradebook.feedback_html(result), "--feedback"))
        attempt(lambda: _write_atomically(overview, gradebook.overview_html(
            results, pages, seed if args.variants else None), "--feedback"))
    if args.report:
        shown_seed = seed if args.variants else None
        print("\n" + classreport.class_table(results, shown_seed), file=out)
        try:
            written = classreport.write_report(results, args.report, shown_seed)
            print(f"  written: {', '.join(str(p) for p in written)}", file=out)
        except OSError as exc:
            failed.append(f"--report: cannot write into {args.report}: {exc.strerror or exc}")
    if args.json:
        text = json.dumps({"convention": args.convention, "variants": args.variants,
                           "seed": seed if args.variants else None,
                           "files": [r.as_json() for r in results]}, indent=2)
        if args.json == "-":
            print(text)
        else:
            attempt(lambda: _write_atomically(args.json, text + "\n", "--json"))
    return failed


def grade_notebook(namespace, notebook=None, convention="course"):
    """The starter notebook's grading cell: ``grade_notebook(globals(), "my_ex4.ipynb")``.

    In a browser (JupyterLite, on Pyodide), where no sandbox can start, it grades the functions
    defined in this kernel (``namespace``), in this process: the learner's own code in the learner's
    own browser, read by the grader's own parts, comparison and readings.  Elsewhere it grades the
    saved ``notebook`` file as ``python -m ex4.submit`` does, in the sandbox, as a teacher will.
    Prints the course's table; returns the exit status the command would."""
    from .grader.grade import grade_here

    if sys.platform != "emscripten" and notebook is not None:
        return main([str(notebook), "--convention", convention])
    functions = {name: namespace.get(name) for name in parts.FUNCTIONS if callable(namespace.get(name))}
    result = grade_here(functions, convention, label="this notebook's functions")
    if result.error:
        print(f"Not graded: {result.error}")
        return 2
    report(result, sys.stdout)
    return 0 if result.total == result.possible else 1


def _leave_the_current_folder():
    """``python -m`` puts the folder it was started in first on ``sys.path``; a learner's code may have
    written there (where it ran with the grader's rights), so the grader imports nothing more from it."""
    here = os.path.realpath(os.getcwd())
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != here]


if __name__ == "__main__":
    _leave_the_current_folder()
    sys.exit(main())
