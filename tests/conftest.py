"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_EVENT = ROOT / "data" / "raw" / "rennes-2019-11-28"


@pytest.fixture(scope="session")
def nlp():
    """The French pipeline as the library loads it (cached loader)."""
    from insights.annotate import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample_event_dir() -> Path:
    """The bundled fictional sample event."""
    return SAMPLE_EVENT
