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


@pytest.fixture(scope="session")
def written_report(tmp_path_factory):
    """The report of the small fixture analysis (``test_charts.make_analysis``) written once
    for every test module that reads it: ``(analysis, folder, paths)``."""
    from test_charts import make_analysis
    from test_report import as_real_analysis

    from insights import report

    analysis = as_real_analysis(make_analysis())
    folder = tmp_path_factory.mktemp("report")
    return analysis, folder, report.write_report(analysis, folder)
