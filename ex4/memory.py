"""Memory: what an evaluation or training needs is refused before allocating where it cannot fit."""

from .checks import InputError


def available_memory():
    """Bytes of memory this process could still use, or None where that cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import os

        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


SURELY_AVAILABLE = 256 * 2 ** 20  # less than this needs no look at the machine's memory


def fits_in_memory(name, sizes, nbytes):
    """Refuse, before allocating, what needs more memory than the machine has.

    ``nbytes`` is the estimate for a network of layer ``sizes`` (or, given two sizes,
    one layer's weights); the ValueError names ``name`` (the argument to blame) and
    both amounts.  Numpy's own MemoryError would come only after minutes of swapping,
    or not at all.
    """
    if nbytes < SURELY_AVAILABLE:  # the common case, every call of nnCostFunction: no file read
        return
    available = available_memory()
    if available is not None and nbytes > available:
        what = (f"a {'-'.join(map(str, sizes))} network" if len(sizes) > 2 else
                f"a {sizes[1]} x {sizes[0] + 1} weight matrix")
        raise InputError(f"{name}: {what} needs about {_gib(nbytes)}, more than the "
                         f"{_gib(available)} of memory available here")


def _gib(nbytes):
    return f"{nbytes / 2 ** 30:.3g} GiB" if nbytes >= 2 ** 30 else f"{nbytes / 2 ** 20:.3g} MiB"
