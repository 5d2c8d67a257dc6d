"""The programs around the course's functions, one module each.

- :mod:`~ex4.programs.exercise`: ``python -m ex4``, ex4.m part by part (``--impl`` runs it on a
  learner's own file);
- :mod:`~ex4.programs.start` and :mod:`~ex4.programs.notebook`: ``python -m ex4 start
  [--notebook]``, the starter ``my_ex4.py`` (from ``templates/``) or ``my_ex4.ipynb``;
- :mod:`~ex4.programs.explain`: ``python -m ex4 explain``, why deltas are derivatives;
- :mod:`~ex4.programs.sweep`: ``python -m ex4 sweep``, lambda and iterations against overfitting;
- :mod:`~ex4.programs.bench`: ``python -m ex4.bench``, how fast, as ratios;
- :mod:`~ex4.programs.cli`: what they share (one-line errors, pauses, saving figures).

Programs own the constants and the printing; the modules they call do neither.
"""
