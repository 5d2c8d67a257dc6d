"""The notebook port's ``submission`` module, as its ``utils.py`` imports it while being graded.

The port's ``utils.py`` starts with ``sys.path.append('..'); from submission import
SubmissionBase`` (its online grader, in the port's parent folder).  Offline there is no
online grader: this stand-in lets that ``utils.py`` import, and refuses to submit.
"""


class SubmissionBase:
    """The port's online submission: not available offline."""

    def __init__(self, *args, **kwargs):
        self.functions = {}

    def __setitem__(self, key, value):
        self.functions[key] = value

    def __getitem__(self, key):
        return self.functions[key]

    def grade(self):
        raise RuntimeError("the port's online grader is not available here: grade offline with "
                           "ex4-submit YOUR_NOTEBOOK --convention python")
