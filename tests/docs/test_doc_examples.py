"""The examples in every doc run, and print what their comments say: each ```python block of
README.md and docs/*.md, one namespace per file, from a folder holding a correct my_ex4.py."""

import contextlib
import io
import re
import sys

import pytest
from conftest import REPO

DOCS = ["README.md", *sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md"))]


def python_blocks(name):
    return re.findall(r"```python\n(.*?)```", (REPO / name).read_text(), flags=re.S)


def run_blocks(name, tmp_path, monkeypatch):
    """(what the blocks printed, what their comments say they print, their namespace)."""
    from learner_files import write_solution
    # The learner's sections import their my_ex4.py: a correct one, written by the tests.
    write_solution(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "my_ex4", raising=False)  # another test's my_ex4 (a blank starter, say)
    blocks = python_blocks(name)
    expected = [line.split("#")[-1].strip() for block in blocks for line in block.splitlines()
                if line.startswith("print(") and "#" in line]
    namespace = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, name, "exec"), namespace)  # noqa: S102 - our own docs
    return out.getvalue().splitlines(), expected, namespace


@pytest.mark.parametrize("name", DOCS)
def test_a_docs_examples_print_what_their_comments_say(name, tmp_path, monkeypatch):
    printed, expected, namespace = run_blocks(name, tmp_path, monkeypatch)
    assert printed == expected
    if name == "README.md":  # the front door's example: the course's functions, trained as ex4.m does
        assert len(expected) >= 2 and namespace["res"].nit == 50


def test_every_relative_link_of_the_docs_leads_to_a_file():
    for name in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", (REPO / name).read_text()):
            if "://" in target:
                continue
            assert ((REPO / name).parent / target).exists(), f"{name} links to {target}, which is not there"
