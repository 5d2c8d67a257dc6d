"""Everything that runs inside the grader's sandbox, in one place that imports nothing else of ex4.

- :mod:`ex4.inside.load`: a learner's file, notebook or module loaded, and the learner's
  own frames of a traceback (used by ``python -m ex4 --impl`` too);
- :mod:`ex4.inside.worker`: the child that answers the grader's requests with raw numbers;
- :mod:`ex4.inside.calls` and :mod:`ex4.inside.values`: a learner's function called by value
  (each argument it changes in place noted), and what counts as numbers and as low precision
  (shared with ``--impl`` and :mod:`ex4.checked_call`);
- ``shims/``: what a learner's code may import while it is graded and cannot find: a
  helpers-only ``ex4`` (the course's given files, none of the functions the learner
  writes), the notebook port's ``utils`` and the ``submission`` module its ``utils.py``
  imports.  The folder goes last on ``sys.path``, so a learner's own module of the same
  name wins.

The grader copies this folder into each sandbox as the package ``ex4_inside``, where the
real ``ex4`` is hidden: so nothing here may import ``ex4`` (a test checks), and every
import inside the package is relative.
"""

import os

SHIMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shims")
