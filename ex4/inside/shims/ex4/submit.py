"""The starter notebook's ``from ex4.submit import main as submit``, while graded: importable, and it
refuses to grade from inside the grader."""


def main(argv=None):
    raise RuntimeError("ex4.submit is not available while grading: the grader is already grading this file")


def grade_notebook(namespace, notebook=None, convention="course"):
    return main()
