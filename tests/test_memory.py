"""Tests of insights.memory: what release_memory gives back, and where."""
from __future__ import annotations

import platform

import pytest

from insights import memory


def test_release_memory_trims_the_c_heap_where_glibc_can(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda: calls.append)
    memory.release_memory()
    assert calls == [0]
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)  # musl, macOS, Windows
    memory.release_memory()
    assert calls == [0]


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_glibc_malloc_trim_is_found():
    trim = memory._malloc_trim()
    assert callable(trim) and trim(0) in (0, 1)
