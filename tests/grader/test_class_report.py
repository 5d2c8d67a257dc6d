"""The class report: pass rates per part, the usual mistakes, three figures; time-outs, crashes
and grader errors counted apart from mistakes."""



from ex4.submit import main
from class_files import student_folder
from learner_files import STUDENT_TEMPLATE


def test_the_report_prints_pass_rates_and_draws_three_pngs(graded_class):
    out_dir, _, stdout, _ = graded_class
    table = stdout.split("Class report:")[1]
    assert "5 submission(s), 5 graded" in table
    assert "Sigmoid Gradient" in table and "4 / 5" in table  # eve's sigmoidGradient raises
    assert "cost's regularization: Theta1 with its bias column" in table
    for png in ("totals.png", "parts.png", "hints.png"):
        assert (out_dir / "report" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out_dir / "report" / "report.txt").read_text().startswith("Class report:")


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
