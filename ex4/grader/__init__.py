"""The offline grader behind ``python -m ex4.submit``, one idea a module.

- :mod:`ex4.grader.grade`: one file graded: its parts asked of the sandbox, scored, the course's tables;
- :mod:`ex4.grader.parts`: the course's five graded parts, their inputs and expected
  outputs, and the conventions (the course's, and the Python notebook port's);
- :mod:`ex4.grader.variants`: hidden variants, made and checked here;
- :mod:`ex4.grader.isolation`: how this machine confines the learner's code (bubblewrap, or a
  child process), decided once; :mod:`ex4.grader.launch`: root's way into bubblewrap
  without staying root;
- :mod:`ex4.grader.sandbox`: one file's sandbox, its requests under one CPU clock (the worker
  it talks to is :mod:`ex4.inside.worker`, the sandbox's side); :mod:`ex4.grader.channel`: the
  answers' forms, checked, and the learner's text made printable; :mod:`ex4.grader.processes`:
  the processes a file may have (a cgroup per file, uid slots, a subreaper);
- :mod:`ex4.grader.inprocess`: the same requests answered in this process (the browser's kernel);
- :mod:`ex4.grader.hints`: what a failing output matches (another convention, a usual mistake);
- :mod:`ex4.grader.submissions`: who each submission is and which file is graded;
  :mod:`ex4.grader.gradebook` and :mod:`ex4.grader.classreport`: a class's CSV, pages,
  Gradescope results and report; :mod:`ex4.grader.autograder`: Gradescope's autograder zip.
"""
