"""What is wrong with a learner's nnCostFunction, read from its numbers: for the grader's hints,
``python -m ex4 --impl``, the gradient check and the notebook in a browser alike.

- :mod:`~ex4.diagnosis.probes`: the learner's function asked again on inputs designed to isolate
  one term at a time (:mod:`~ex4.diagnosis.inputs`), and its answers read against what each
  form their code may take gives there (:mod:`~ex4.diagnosis.forms`): the main method;
- :mod:`~ex4.diagnosis.readings`: the ordered readings (:data:`READINGS`, :func:`read`) of a
  cost and a gradient against the course's, block by block, and :func:`diagnose` on the
  gradient check's network;
- :mod:`~ex4.diagnosis.mistakes`: usual mistakes recomputed exactly, a refinement where the
  probes cannot tell them apart;
- :mod:`~ex4.diagnosis.terms`: the factors, blocks and regularization term the readings speak in;
- :mod:`~ex4.diagnosis.shapes` and :mod:`~ex4.diagnosis.errors`: a shape error's table of every
  step's shape, and an error read from numpy's own words.
"""

from .errors import error_reading, is_shape_error, read_shape_error
from .mistakes import MISTAKES, NONE, Mistake, mistake_output, named_mistakes
from .probes import PROBES, Probe, Prober, Unanswered
from .readings import (READINGS, Numbers, cross_entropy_bounds, diagnose, read, read_cost, read_gradient,
                       read_initial_weights, read_sigmoid_gradient, where_not_finite)
from .shapes import expected_shapes, shape_line
from .terms import blocks, read_regularization

__all__ = ["MISTAKES", "NONE", "Mistake", "mistake_output", "named_mistakes", "PROBES", "Probe", "Prober", "Unanswered",
           "READINGS", "Numbers", "cross_entropy_bounds", "diagnose", "read", "read_cost", "read_gradient",
           "read_initial_weights", "read_sigmoid_gradient", "where_not_finite", "expected_shapes", "shape_line", "error_reading",
           "is_shape_error", "read_shape_error", "blocks", "read_regularization"]
