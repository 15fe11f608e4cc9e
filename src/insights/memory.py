"""Memory the process holds but no longer uses, given back to the system between steps.

A long analysis (millions of tokens) frees much of what each step builds; the allocators keep
those blocks for reuse, so the process's resident memory only grows, and its peak is that of
every step's leftovers added up. :func:`release_memory` is called between the steps of
:func:`insights.analyse` and of the Reinert chain; it changes no result.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

__all__ = ["release_memory"]


def release_memory() -> None:
    """Give the memory the process holds but no longer uses back to the system.

    The token table's string columns live in Arrow buffers; building or reading the table
    (and every copy a step makes of a column) leaves freed blocks in the Arrow pool (mimalloc
    or jemalloc), which keeps them for reuse: about 400 MB after reading the whole 6.7M-word
    GDN table from the cache. NumPy arrays and Python objects freed by a step stay in the C
    heap (glibc keeps freed blocks below its top, and arrays of a few MB come from the heap
    once one large array was freed): 230 MB after cutting the whole sample's text segments,
    given back by ``malloc_trim`` (glibc only; elsewhere that part does nothing)."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS, Windows)."""
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):
        return None
