"""What this processor lets numpy do: its SIMD level, and so whether numpy's float64 exp is fast.

numpy dispatches each loop, at run time, to the widest instruction set the processor has
and numpy was built for, and reports the processor's features in ``__cpu_features__``
(features turned off with ``NPY_DISABLE_CPU_FEATURES`` read as absent).  Its float64
``exp`` and ``log`` have a vector loop only for AVX-512F; on every other machine they run
one element at a time (about 7-10 ns an element on an AVX2 EPYC, about 1 ns with AVX-512).
"""

import functools


@functools.cache
def cpu_features():
    """numpy's run-time CPU features, {name: available}."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as features
    return dict(features)


def numpy_vectorizes_exp(features=None):
    """True where numpy's float64 exp has its AVX-512F vector loop (see the module's docstring)."""
    features = cpu_features() if features is None else features
    return bool(features.get("AVX512F"))


def simd_level(features=None):
    """The widest SIMD extension numpy dispatches to here: 'AVX-512 (...)', 'AVX2 (no AVX-512)', ..."""
    features = cpu_features() if features is None else features
    avx512 = sorted(name for name, on in features.items() if on and name.startswith("AVX512"))
    if avx512:
        return f"AVX-512 ({', '.join(avx512)})"
    for name in ("AVX2", "AVX", "SSE42", "ASIMD", "NEON", "VSX", "VX"):
        if features.get(name):
            return f"{name} (no AVX-512)" if name.startswith("AVX") else name
    return "none found"


def processor():
    """The processor's model name, from /proc/cpuinfo where there is one."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()
