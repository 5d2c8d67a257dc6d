"""The offline grader behind ``python -m ex4.submit``, one idea a module.

- :mod:`ex4.grader.grade`: one file graded: its parts asked of the child, scored, the course's tables;
- :mod:`ex4.grader.parts`: the course's five graded parts, their inputs and expected
  outputs, and the two conventions (the course's, and the Python notebook port's);
- :mod:`ex4.grader.sandbox` and :mod:`ex4.grader.worker`: the learner's code runs in a
  child process, part by part, under a time and a memory limit;
- :mod:`ex4.grader.loading`: a learner's file, notebook or module loaded, and its functions
  called the course's way (shared with ``python -m ex4 --impl``);
- :mod:`ex4.grader.hints`: what a failing output matches (another convention, a usual mistake).
"""
