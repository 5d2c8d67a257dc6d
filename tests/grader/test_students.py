"""Who is who in a class: each student's submission found in their folder or named by a
students CSV, every name shown and kept safely, a link to a classmate's file refused."""

import csv
import json

import pytest

from ex4.grader.gradebook import page_names
from ex4.grader.submissions import find_submissions, read_students
from ex4.submit import main
from class_files import student_folder
from learner_files import student_file


def test_a_folder_is_its_student_and_its_one_defining_file_the_submission(tmp_path):
    alice = student_folder(tmp_path, "alice", extra=["plotting.py"])
    single = student_file(tmp_path)
    found = find_submissions([str(alice), str(single), "some.module"])
    assert [(s.student, s.error) for s in found] == [("alice", ""), ("student_correct", ""), ("some.module", "")]
    assert found[0].target == str(alice / "ex4_answers.py")  # the helper is not the submission


def test_several_candidate_files_refuse_the_student_unless_file_picks(tmp_path):
    bob = student_folder(tmp_path, "bob")
    (bob / "old_attempt.py").write_text("def nnCostFunction(*args):\n    return 0\n")
    (found,) = find_submissions([str(bob)])
    assert found.target is None and "several files" in found.error and "--file NAME" in found.error
    assert "ex4_answers.py" in found.error and "old_attempt.py" in found.error
    (picked,) = find_submissions([str(bob)], pick="ex4_answers.py")
    assert picked.target == str(bob / "ex4_answers.py") and not picked.error
    (missing,) = find_submissions([str(bob)], pick="nope.py")
    assert "no file named nope.py" in missing.error and "several could be the submission" in missing.error


def test_file_settles_the_folders_it_names_and_the_others_keep_their_one_submission(tmp_path, command):
    # --file given to settle bob's folder made every other student 'cannot be graded' (no such file).
    from ex4.submit import main

    bob = student_folder(tmp_path, "bob")
    (bob / "old_attempt.py").write_text("def nnCostFunction(*args):\n    return 0\n")
    alice = student_folder(tmp_path, "alice")
    status, out, err = command(main, str(alice), str(bob), "--file", "ex4_answers.py", "--json", "-")
    files = {f["student"]: f for f in json.loads(out)["files"]}
    assert files["alice"]["total"] == 100 and files["bob"]["total"] == 100, err
    carol = student_folder(tmp_path, "carol")
    status, out, err = command(main, str(carol), "--file", "answers_v2.py", "--json", "-")
    (only,) = json.loads(out)["files"]
    assert only["total"] == 100
    assert "--file answers_v2.py: no such file in this folder; its one submission was graded" in only["notes"]


def test_a_folder_with_nothing_to_grade_says_so(tmp_path):
    empty = tmp_path / "carol"
    empty.mkdir()
    (empty / "notes.py").write_text("x = 1\n")
    (found,) = find_submissions([str(empty)])
    assert found.student == "carol" and "no notebook" in found.error


def test_the_students_csv_names_files_and_folders(tmp_path):
    alice = student_folder(tmp_path, "alice")
    single = student_file(tmp_path)
    table = tmp_path / "students.csv"
    table.write_text(f"file or folder,student\n{alice},Alice Liddell\n{single},\"Smith, Jo\"\n")
    found = find_submissions([str(alice), str(single)], students=read_students(table))
    assert [s.student for s in found] == ["Alice Liddell", "Smith, Jo"]


def test_a_malformed_students_csv_is_one_clear_line(tmp_path, command):
    table = tmp_path / "students.csv"
    table.write_text("a.py,Ann,extra\n")
    status, out, err = command(main, str(student_file(tmp_path)), "--students", str(table))
    assert status == 2 and err.count("\n") == 1
    assert "--students" in err and "line 1: expected two columns (file or folder, student), got 3" in err


def test_page_names_are_safe_and_distinct():
    assert page_names(["../../etc/passwd", "Ann", "ann", "<b>"]) == ["etc_passwd.html", "Ann.html", "ann_2.html",
                                                                      "b.html"]


def test_an_unreadable_folder_refuses_that_student_only(tmp_path, command, monkeypatch):
    from ex4.grader import submissions

    locked = student_folder(tmp_path, "locked")
    alice = student_folder(tmp_path, "alice")
    real = submissions.submission_files

    def unreadable(folder):
        if folder == locked:
            raise PermissionError(13, "Permission denied")
        return real(folder)

    monkeypatch.setattr(submissions, "submission_files", unreadable)
    out = tmp_path / "grades.csv"
    status, _, err = command(main, str(locked), str(alice), "--csv", str(out))
    rows = {r["student"]: r for r in csv.DictReader(out.open(newline="", encoding="utf-8-sig"))}
    assert rows["alice"]["total"] == "100" and rows["locked"]["file"] == str(locked)
    assert "cannot read the folder: Permission denied" in rows["locked"]["status"]


def test_a_symlinked_submission_is_graded(tmp_path, command):
    real = student_file(tmp_path)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    status, out, err = command(main, str(link))
    assert status == 0 and "| 100 / 100 |" in out, err


def test_students_rows_match_folder_names_and_unmatched_rows_are_named(tmp_path, command):
    alice = student_folder(tmp_path, "alice")
    table = tmp_path / "names.csv"
    table.write_text("folder,student\nalice,Alice Smith\nbobb,Bob Typo\n")
    out = tmp_path / "grades.csv"
    status, _, err = command(main, str(alice), "--students", str(table), "--csv", str(out))
    assert next(csv.DictReader(out.open(newline="", encoding="utf-8-sig")))["student"] == "Alice Smith"
    assert "warning: --students: bobb matches no submission given" in err


@pytest.mark.parametrize("make, message", [
    (lambda d: None, "--students: {d}/nope.csv: cannot read it as a UTF-8 CSV"),
    (lambda d: (d / "nope.csv").write_bytes(b"\xff\xfe,x\n"), "--students: {d}/nope.csv: cannot read it as a UTF-8 CSV"),
])
def test_an_unreadable_students_file_is_one_line_naming_the_option(tmp_path, command, make, message):
    make(tmp_path)
    status, out, err = command(main, str(student_file(tmp_path)), "--students", str(tmp_path / "nope.csv"))
    assert status == 2 and err.count("\n") == 1 and message.format(d=tmp_path) in err, err


def test_the_same_submission_given_twice_is_graded_once(tmp_path, command):
    alice = student_folder(tmp_path, "alice")
    found = find_submissions([str(alice), str(alice) + "/", str(alice / "ex4_answers.py")])
    assert [bool(s.error) for s in found] == [False, True, True]
    assert "the same file as" in found[1].error


def test_control_characters_in_a_name_stay_escaped_in_the_terminal(tmp_path, command):
    odd = student_folder(tmp_path, "new\nline\x1b[31m")
    status, out, err = command(main, str(odd), str(student_folder(tmp_path, "alice")), "--report",
                               str(tmp_path / "r"))
    summary = out.split("Summary:\n")[1]
    assert "\x1b" not in summary and "new\\nline\\x1b[31m" in summary


def test_a_link_to_a_classmates_file_is_refused_and_the_file_graded_once_as_its_owners(tmp_path, command):
    bob = student_folder(tmp_path, "bob")
    mallory = tmp_path / "mallory"
    mallory.mkdir()
    (mallory / "ex4.py").symlink_to(next(bob.glob("*.py")))
    out_csv = tmp_path / "grades.csv"
    status, out, err = command(main, str(mallory), str(bob), "--csv", str(out_csv))
    rows = {r["student"]: r for r in csv.DictReader(out_csv.open(newline="", encoding="utf-8-sig"))}
    assert rows["bob"]["total"] == "100" and rows["mallory"]["total"] == ""
    assert "is a link to" in rows["mallory"]["status"] and "outside its own folder" in err
    assert err.count("outside its own folder") == 1


def test_a_file_the_grader_cannot_read_is_named_not_called_missing(tmp_path, monkeypatch):
    # An ordinary user grading a class where a student's file is another user's, mode 0600.
    import os

    from ex4.grader import submissions

    bob = student_folder(tmp_path, "bob")
    real_access = os.access
    monkeypatch.setattr(submissions.os, "access",
                        lambda path, mode: False if str(path).endswith("ex4_answers.py") else real_access(path, mode))
    monkeypatch.setattr(submissions, "source_text", lambda path: b"")  # what an unreadable file reads as
    found = submissions.find_submissions([str(bob)])
    assert found[0].target is None and "(not ex4_answers.py: it reads them as the user it runs as)" in found[0].error
