"""The docs cite the code as it is: every code cell of docs/backprop.md's table is in ex4/cost.py or ex4/sigmoid.py,
and every module the README's course-file table names exists with the names it lists."""

import importlib
import re

from conftest import REPO


def table_rows(text, heading):
    """The rows of the first Markdown table after ``heading``, as lists of cells."""
    section = text.split(heading, 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    rows, started = [], False
    for line in section.splitlines():
        if line.startswith("|"):
            started = True
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif started:
            break
    assert lines, f"no table after {heading!r}"
    return rows[2:]  # header and rule


def test_every_code_cell_of_the_backprop_table_is_in_cost_py_or_sigmoid_py():
    source = " ".join(" ".join((REPO / "ex4" / name).read_text() for name in ("cost.py", "sigmoid.py")).split())
    rows = table_rows((REPO / "docs" / "backprop.md").read_text(), "## Each line of nnCostFunction")
    assert len(rows) >= 10
    for code, _ in rows:
        spans = re.findall(r"`([^`]+)`", code)
        assert spans, code
        for span in spans:
            assert " ".join(span.split()) in source, f"docs/backprop.md cites {span!r}, which ex4/cost.py and ex4/sigmoid.py no longer have"


def test_every_module_and_name_of_the_readmes_course_file_table_exists():
    rows = table_rows((REPO / "README.md").read_text(), "## Where each course file lives")
    checked = 0
    for _, here in rows:
        match = re.match(r"`(ex4/[\w/]+)\.py`(?::\s*(.*))?", here)
        if not match:
            continue
        module = importlib.import_module(match.group(1).replace("/", "."))
        for name in re.findall(r"`(\w+)`", match.group(2) or ""):
            assert hasattr(module, name), f"README: {match.group(1)}.py has no {name}"
        checked += 1
    assert checked >= 10


def test_the_help_and_teachers_md_say_the_same_of_what_a_hang_costs(capsys):
    # --help said a hang costs the budget, docs/teachers.md 20 s and a 40 s backstop for a sleeper.
    from ex4.grader.grade import TIMEOUT
    from ex4.grader.sandbox import BACKSTOP, IDLE_SECONDS
    from ex4.submit import build_parser

    teachers = " ".join((REPO / "docs" / "teachers.md").read_text(encoding="utf-8").split())
    helped = " ".join(build_parser().format_help().split())
    assert f"(default {TIMEOUT:g})" in teachers and f"(default {TIMEOUT:g};" in helped
    assert f"ended after {IDLE_SECONDS:g} s of doing nothing" in teachers
    assert f"ended after {IDLE_SECONDS:g} s without using CPU" in helped
    assert f"backstop at {'twice' if BACKSTOP == 2 else BACKSTOP} S" in teachers
    assert f"costs its {TIMEOUT:g} s of CPU time" in teachers and "sleeping one, 3 s" in teachers
