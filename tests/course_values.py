"""Values that come from the course or from outside this project's code.

The graded parts' inputs and outputs are the course's (submit.m and its grader, as
printed by sprintf('%0.5f ', ...)); the data constants are the ones the project's
issue tracker recorded for the rebuilt data with the course's own weights.
ex4/grader/parts.py holds its own copy of the graded inputs and outputs on purpose: these are
the second source the tests check it (and nnCostFunction) against.
"""

import numpy as np

# sigmoidGradient([-1 -0.5 0 0.5 1]) printed with %f in ex4.m.
SIGMOID_GRADIENT_AT = [-1, -0.5, 0, 0.5, 1]
SIGMOID_GRADIENT_PRINTED = "0.196612 0.235004 0.250000 0.235004 0.196612"

# checkNNGradients: a correct backprop gives a relative difference below 1e-9
# (GNU Octave prints about 2.3e-11 at lambda = 0 and 2.2e-11 at lambda = 3).
GRADCHECK_TOLERANCE = 1e-9

# The course's graded inputs (submit.m), built the MATLAB way.
GRADED_X = np.reshape(3 * np.sin(np.arange(1, 31)), (3, 10), order="F")
GRADED_Xm = np.reshape(np.sin(np.arange(1, 33)), (16, 2), order="F") / 5
GRADED_ym = 1 + np.mod(np.arange(1, 17), 4)
GRADED_t1 = np.sin(np.reshape(np.arange(1, 25, 2), (4, 3), order="F"))
GRADED_t2 = np.cos(np.reshape(np.arange(1, 41, 2), (4, 5), order="F"))
GRADED_t = np.concatenate([GRADED_t1.ravel(order="F"), GRADED_t2.ravel(order="F")])
GRADED_SIZES = (2, 4, 4)  # input_layer_size, hidden_layer_size, num_labels

GRADED_OUTPUT = {
    1: "3.08745 ",
    2: "3.64704 ",
    3: "0.06866 0.05758 0.23912 0.08484 0.05047 0.21076 0.10733 0.04650 0.17441 0.13680 "
       "0.04518 0.13886 0.17210 0.04634 0.10897 0.20861 0.05014 0.08605 0.23778 0.05703 "
       "0.06951 0.24996 0.06783 0.05815 0.24040 0.08366 0.05082 0.21287 0.10572 0.04667 ",
    4: "3.08745 -0.01210 -0.12776 0.04255 0.09974 -0.00313 -0.00419 0.00399 0.00135 0.00377 "
       "0.00486 -0.00473 -0.00167 0.25504 -0.00802 0.46691 0.34101 0.18263 -0.00807 0.32624 "
       "0.23966 0.13171 -0.00244 0.24870 0.18061 0.06931 -0.00109 0.12956 0.09393 0.17316 "
       "-0.00799 0.30771 0.22624 ",
    5: "3.64704 -0.01210 -0.12776 0.04255 0.09974 0.03550 -0.09794 0.04338 0.06231 -0.08636 "
       "0.01891 0.07370 -0.08100 0.25504 -0.00802 0.46691 0.34101 0.09722 -0.00766 0.41132 "
       "0.16844 0.10592 0.09025 0.19735 0.13066 0.16223 -0.02847 0.05943 0.17969 0.17191 "
       "-0.09271 0.37947 0.25124 ",
}


def sprintf5(values):
    """MATLAB's sprintf('%0.5f ', values): column-major, a space after each."""
    return "".join(f"{v:0.5f} " for v in np.ravel(values, order="F"))


# The rebuilt digits (data/ex4data1.mat) with the course's own ex4weights.mat.
# (The course's own ex4data1.mat gives 0.287629, 0.383770 and 97.52%.)
REBUILT_COST_LAMBDA0 = 0.287653
REBUILT_COST_LAMBDA1 = 0.383794
REBUILT_ACCURACY = 97.52
REBUILT_X_MIN, REBUILT_X_MAX = -0.131963, 1.127688
REBUILT_SHAPE = (5000, 400)
