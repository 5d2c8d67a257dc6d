"""The README's Python examples run, and print what their comments say."""

import contextlib
import io
import re
import sys

from conftest import REPO


def python_blocks():
    return re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(), flags=re.S)


def test_readme_examples_print_what_their_comments_say(tmp_path, monkeypatch):
    from learner_files import write_solution
    # The learner's section imports their my_ex4.py: a correct one, written by the tests.
    write_solution(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "my_ex4", raising=False)  # another test's my_ex4 (a blank starter, say)
    blocks = python_blocks()
    assert len(blocks) >= 2
    expected = [line.split("#")[-1].strip() for block in blocks for line in block.splitlines()
                if line.startswith("print(") and "#" in line]
    namespace = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert out.getvalue().splitlines() == expected
    assert namespace["res"].nit == 50
