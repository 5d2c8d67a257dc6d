"""The gradebook a teacher hands to a spreadsheet: one row per student, each part's status and
first hint, no cell a formula or too long; and the summary printed after a class."""

import csv


from ex4.submit import main
from class_files import COURSE_PART_NAMES, COURSE_POINTS, student_folder


def test_csv_cells_from_names_or_the_learners_code_are_never_formulas(tmp_path, command):
    folder = student_folder(tmp_path, "=HYPERLINK(\"http:x\")")
    broken = tmp_path / "@SUM(A1).py"
    broken.write_text("raise SystemExit('=cmd|calc')\n")
    out = tmp_path / "grades.csv"
    command(main, str(folder), str(broken), "--csv", str(out))
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8-sig")))
    assert rows[0]["student"] == "'=HYPERLINK(\"http:x\")" and rows[1]["student"] == "'@SUM(A1)"
    for row in rows:
        for column in ("student", "file", "status", "hints"):
            assert row[column][:1] not in ("=", "+", "-", "@"), (column, row[column])


def test_the_csv_opens_as_a_table_one_row_per_student(graded_class):
    out_dir, status, _, _ = graded_class
    assert status == 1  # graded, not all full marks
    rows = list(csv.DictReader((out_dir / "grades.csv").open(newline="", encoding="utf-8-sig")))
    assert list(rows[0]) == ["student", "file", "convention", "total", "possible", *COURSE_PART_NAMES,
                             "status", "hints", "seed", "isolation",
                             *(f"{n}: {w}" for n in COURSE_PART_NAMES for w in ("status", "first hint")),
                             "feedback page"]
    assert rows[0]["feedback page"] == "alice.html"
    assert all(r["isolation"].startswith(("bubblewrap", "a child process")) for r in rows if r["total"])
    by = {r["student"]: r for r in rows}
    assert list(by) == ["alice", "bob", "dora", "eve<script>", "frank"]  # the order given
    assert [by["alice"][n] for n in COURSE_PART_NAMES] == [str(p) for p in COURSE_POINTS]
    assert by["alice"]["total"] == "100" and by["alice"]["status"] == "graded" and by["alice"]["seed"] == "424242"
    # bob regularizes the bias in the cost: parts 2 and 5 fail, and the hint names the mistake.
    assert by["bob"]["total"] == "75" and "Theta1 with its bias column" in by["bob"]["hints"]
    # dora follows the Python port: auto grades her under its convention.
    assert (by["dora"]["convention"], by["dora"]["total"]) == ("python", "100")
    assert by["alice"]["convention"] == "course"
    assert by["eve<script>"]["total"] == "0"
    assert by["frank"]["total"] == "95" and "fails hidden variants" in by["frank"]["hints"]
    # Each part's status and first hint: what became of it, in words a spreadsheet can filter on.
    assert [by["bob"][f"{n}: status"] for n in COURSE_PART_NAMES] == ["ok", "wrong", "ok", "ok", "wrong"]
    assert "of Theta1 it takes the bias column too" in by["bob"][f"{COURSE_PART_NAMES[1]}: first hint"]
    assert {by["eve<script>"][f"{n}: status"] for n in COURSE_PART_NAMES} == {"error"}


def test_the_summary_names_students_and_conventions(graded_class):
    _, _, stdout, _ = graded_class
    summary = stdout.split("Summary:\n")[1].split("\n\n")[0].splitlines()
    assert summary[0].split()[:5] == ["alice", "100", "/", "100", "course"]
    assert summary[2].split()[:5] == ["dora", "100", "/", "100", "python"]


def test_the_median_of_an_even_class_is_the_mean_of_the_middle_two():
    from ex4.grader.classreport import class_table
    from ex4.grader.grade import FileResult, PartResult

    def result(total):
        return FileResult("f", "course", student="s", parts=[PartResult(1, "Feedforward and Cost Function", total,
                                                                        100, "", "")])

    assert "median 50," in class_table([result(0), result(100)])


def test_a_cell_is_never_a_formula_nor_longer_than_a_spreadsheet_takes():
    from ex4.grader.gradebook import CELL_MOST, _cell

    for name in ("=1+1", " =1+1", "\t=1+1", "\uff1d1+1", "+1", "-1", "@SUM(A1)"):
        assert _cell(name).startswith("'"), name
    assert _cell("alice") == "alice"
    assert len(_cell("x" * 40294)) <= CELL_MOST


def test_outputs_are_written_with_the_umasks_modes_and_the_csv_reads_right_in_a_spreadsheet(tmp_path, command):
    # Every output was 0600 whatever the umask (a temporary file renamed), and the CSV had no
    # byte-order mark, so Excel on Windows read "José Müller" as "JosÃ© MÃ¼ller".
    import os
    import stat

    folder = student_folder(tmp_path, "José Müller")
    for mask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        old = os.umask(mask)
        try:
            out = tmp_path / f"grades-{mask:o}.csv"
            status, _, err = command(main, str(folder), "--csv", str(out), "--json", str(tmp_path / f"r-{mask:o}.json"))
        finally:
            os.umask(old)
        assert status == 0, err
        assert stat.S_IMODE(out.stat().st_mode) == mode and stat.S_IMODE((tmp_path / f"r-{mask:o}.json").stat().st_mode) == mode
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfstudent,") and "José Müller".encode("utf-8") in raw
    assert next(csv.DictReader(out.open(newline="", encoding="utf-8-sig")))["student"] == "José Müller"
