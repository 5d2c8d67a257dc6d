"""The shape of every step of §1.3 and §2.3, for a shape error's table."""

from ..params import theta_shapes


def expected_shapes(m, sizes):
    """[(name, shape)] of each step of §1.3 and §2.3 for m examples and these layer sizes,
    as the handout's vectorized solution has them (one example per row, bias columns first)."""
    shapes = [(f"Theta{l} = reshape(nn_params, {rows} x {cols}, order='F')", (rows, cols))
              for l, (rows, cols) in enumerate(theta_shapes(sizes), 1)]
    shapes += [("a(1) = [1 X]", (m, sizes[0] + 1))]
    L = len(sizes)
    for l in range(2, L + 1):
        shapes.append((f"z({l}) = a({l - 1}) Theta{l - 1}'", (m, sizes[l - 1])))
        if l < L:
            shapes.append((f"a({l}) = [1 g(z({l}))]", (m, sizes[l - 1] + 1)))
    shapes += [(f"a({L}) = h", (m, sizes[-1])), ("Y, y one-hot", (m, sizes[-1])),
               (f"delta({L}) = h - Y", (m, sizes[-1]))]
    for l in range(L - 1, 1, -1):
        shapes.append((f"delta({l}) = (delta({l + 1}) Theta{l})(:, 2:end) .* g'(z({l}))", (m, sizes[l - 1])))
    for l in range(1, L):
        shapes.append((f"Delta({l}) = delta({l + 1})' a({l}), Theta{l}_grad", (sizes[l], sizes[l - 1] + 1)))
    return shapes


def shape_line(m, sizes):
    """:func:`expected_shapes` in one short line: 'a(1) 16x3, z(2) 16x4, ...'."""
    return ", ".join(f"{name.split(' = ')[0].split(',')[0]} {'x'.join(map(str, shape))}"
                     for name, shape in expected_shapes(m, sizes))
