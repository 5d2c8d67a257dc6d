"""The class report: pass rates per part, the usual mistakes, three figures; time-outs, crashes
and grader errors counted apart from mistakes."""



from ex4.submit import main
from class_files import student_folder
from learner_files import STUDENT_TEMPLATE


def test_the_report_prints_pass_rates_and_draws_three_pngs(graded_class):
    import csv
    import re

    from pixels import mask, runs

    out_dir, _, stdout, _ = graded_class
    table = stdout.split("Class report:")[1]
    assert "5 submission(s), 5 graded" in table
    assert "Sigmoid Gradient" in table and "4 / 5" in table  # eve's sigmoidGradient raises
    assert "cost's regularization: Theta1 with its bias column" in table
    assert (out_dir / "report" / "report.txt").read_text().startswith("Class report:")
    # What each figure draws, read from its pixels: a bar per distinct total, per part, per hint.
    rows = list(csv.DictReader((out_dir / "grades.csv").open(newline="", encoding="utf-8-sig")))
    totals = {r["total"] for r in rows if r["total"]}
    report = out_dir / "report"
    assert len(runs(mask(report / "totals.png", "#4a7ab5"), axis=1)) == len(totals), totals
    assert len(runs(mask(report / "parts.png", "#4a9a5b"), axis=0, least=60)) == 5  # each part's "ok" share
    hints = re.findall(r"^ {4,}\d+  \S.*$", table.split("most common mistakes (students):")[1], re.M)
    assert len(runs(mask(report / "hints.png", "#b5644a"), axis=0)) == len(hints) > 0, hints


def test_the_report_counts_time_outs_apart_from_mistakes(tmp_path, command):
    alice = student_folder(tmp_path, "alice")
    hang = student_folder(tmp_path, "hangs")
    (hang / "ex4_answers.py").write_text(STUDENT_TEMPLATE.format(mistake=None).replace(
        "    m = X.shape[0]\n", "    m = X.shape[0]\n    while True:\n        pass\n"))
    status, out, err = command(main, str(alice), str(hang), "--timeout", "1", "--report", str(tmp_path / "r"),
                               "--quiet")
    table = out.split("Class report:")[1]
    assert "not mistakes (parts): 4 timed out, 0 crashed, 0 grader error" in table
    assert "most common mistakes" not in table  # a hang is no mistake of the cost's
