"""A page to each student: self-contained, escaped, their scores, hint, file and line, never
the hidden variants' numbers; checked as HTML and in a real browser (Debian's headless Chromium)."""

import json

import pytest

from ex4.submit import main
from class_files import Page, student_folder
from learner_files import STUDENT_TEMPLATE


def test_feedback_pages_are_self_contained_escaped_and_keep_the_variants_hidden(graded_class):
    out_dir, _, _, _ = graded_class
    pages = sorted(p.name for p in (out_dir / "pages").iterdir())
    assert pages == ["alice.html", "bob.html", "dora.html", "eve_script.html", "frank.html", "index.html"]
    for name in pages:
        text = (out_dir / "pages" / name).read_text()
        page = Page()
        page.feed(text)
        links = [] if name != "index.html" else [p for p in pages if p != "index.html"]  # the overview: its pages
        assert "script" not in page.tags and "img" not in page.tags and page.links == links, name
    eve = (out_dir / "pages" / "eve_script.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in eve and "<script>" not in eve
    bob = (out_dir / "pages" / "bob.html").read_text()
    assert "75 / 100" in bob and "of Theta1 it takes the bias column too" in bob and "3.64704" in bob  # the course's case is public
    frank = (out_dir / "pages" / "frank.html").read_text()
    assert "hidden variant" in frank and "a 3 x " not in frank.split("hidden variant")[0]
    grades = json.loads((out_dir / "grades.json").read_text())
    detail = next(p["detail"] for f in grades["files"] if f["student"] == "frank" for p in f["parts"] if p["detail"])
    hidden_numbers = detail.split("differs: ")[1]  # "expected ..., got ...": the teacher's only
    assert hidden_numbers not in frank and "424242" not in frank  # nor the seed


LEAKER = STUDENT_TEMPLATE.format(mistake=None).replace("def nnCostFunction(", "def _real(") + """
_seen = []
def nnCostFunction(nn_params, i, h, k, X, y, lam):
    if X.shape != (16, 2):
        _seen.append((i, h, k, lam, float(X[0, 0])))
    elif _seen:
        raise RuntimeError("LEAK " + repr(_seen[-1]))
    return _real(nn_params, i, h, k, X, y, lam)
"""


def test_a_hidden_variants_inputs_cannot_reach_the_students_page(tmp_path, command):
    mallory = student_folder(tmp_path, "mallory")
    (mallory / "ex4_answers.py").write_text(LEAKER)
    status, _, _ = command(main, str(mallory), "--variants", "2", "--seed", "7", "--feedback", str(tmp_path / "p"),
                           "--gradescope", str(tmp_path / "gs.json"))
    page = (tmp_path / "p" / "mallory.html").read_text()
    gradescope = (tmp_path / "gs.json").read_text()
    assert "LEAK" not in page and "LEAK" not in gradescope  # every course case runs before any variant


def test_a_page_never_takes_the_name_of_something_already_in_the_folder(tmp_path, command):
    pages = tmp_path / "pages"
    (pages / "alice.html").mkdir(parents=True)  # the teacher's, whatever it is
    status, out, err = command(main, str(student_folder(tmp_path, "alice")), "--feedback", str(pages))
    assert status == 0, err
    assert sorted(p.name for p in pages.iterdir()) == ["alice.html", "alice_2.html", "index.html"]
    assert (pages / "alice.html").is_dir()


@pytest.mark.slow
def test_a_feedback_page_shows_the_student_their_scores_hint_file_and_line(tmp_path, command):
    from browser import browser, require_browser

    require_browser()
    dora = student_folder(tmp_path, "dora")
    (dora / "ex4_answers.py").write_text(STUDENT_TEMPLATE.format(mistake=None).replace(
        "    m = X.shape[0]\n", "    m = X.shape[0]\n    X = X.T @ X  # a slip\n"))
    status, out, err = command(main, str(dora), "--feedback", str(tmp_path / "pages"), "--quiet")
    page_file = tmp_path / "pages" / "dora.html"
    shot = tmp_path / "page.png"
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1000, "height": 900})
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        shown = page.inner_text("body")
        page.screenshot(path=shot, full_page=True)
    assert requests == [page_file.as_uri()]  # self-contained: nothing else is fetched
    assert "0 / 30" in shown and "5 / 5" in shown  # the score of each part
    lines = (dora / "ex4_answers.py").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "a1 = np.hstack" in text)  # where the slip shows
    assert f"(at ex4_answers.py, line {line}: a1 = np.hstack([np.ones((m, 1)), X]))" in shown  # their file, line
    assert "hint:" in shown
    # What the student sees, from the pixels: the part passed in green, the parts failed in red.
    from pixels import mask

    assert mask(shot, "#176117").sum() >= 30 and mask(shot, "#aa1111").sum() >= 4 * 30


@pytest.mark.slow
def test_every_output_says_the_same_of_a_file_not_graded_or_timed_out(tmp_path, command):
    import csv

    from class_files import page_text

    subs = tmp_path / "class"
    subs.mkdir()
    student_folder(subs, "alice")
    (subs / "empty").mkdir()  # no submission in it
    crash = subs / "crash"
    crash.mkdir()
    (crash / "answers.py").write_text("raise ImportError('half written')\ndef nnCostFunction(*a):\n    pass\n")
    spin = student_folder(subs, "spin")
    (spin / "ex4_answers.py").write_text(STUDENT_TEMPLATE.format(mistake=None).replace(
        "    m = X.shape[0]\n", "    m = X.shape[0]\n    while True:\n        pass\n"))
    student_folder(subs, "slip", mistake="no_one_over_m_in_gradient")
    out = tmp_path / "out"
    out.mkdir()
    (out / "pages").mkdir()
    (out / "pages" / "index.html").write_text("the teacher's own")
    status, _, err = command(main, *sorted(str(p) for p in subs.iterdir()), "--timeout", "1", "--variants", "1",
                             "--seed", "7", "--csv", str(out / "g.csv"), "--json", str(out / "g.json"), "--feedback",
                             str(out / "pages"), "--report", str(out / "report"), "--quiet")
    rows = {r["student"]: r for r in csv.DictReader((out / "g.csv").open(encoding="utf-8-sig"))}
    files = {f["student"]: f for f in json.loads((out / "g.json").read_text())["files"]}
    report = (out / "report" / "report.txt").read_text()
    for student in ("empty", "crash"):
        page = page_text((out / "pages" / f"{student}.html").read_text())
        assert "Not graded:" in page and "Score:" not in page and "0 / 100" not in page, page
        assert rows[student]["total"] == "" and rows[student]["status"].startswith("not graded: ")
        assert files[student]["total"] is None and files[student]["error"]
        assert f"{student}:" in report.split("could not be graded:")[1]
    spun = page_text((out / "pages" / "spin.html").read_text())
    assert spun.count("Timed out.") >= 2 * 4 and "Sorry, try again." not in spun  # both tables, four parts
    assert "timed out: spin" in report and "seed 7" in report
    slipped = (out / "pages" / "slip.html").read_text()
    assert slipped.count("<mark>") == 2 * 32  # parts 4 and 5: every value of the gradient differs, not J
    assert str(tmp_path) not in slipped and str(tmp_path) not in (out / "pages" / "crash.html").read_text()
    overview = (out / "pages" / "overview.html").read_text()
    assert (out / "pages" / "index.html").read_text() == "the teacher's own"
    for student in ("alice", "empty", "crash", "spin", "slip"):
        assert f'href="{student}.html"' in overview
    assert "not graded: " in page_text(overview) and "seed 7" in overview
