"""Every notebook runs on an event other than the sample.

``make test`` checks the notebooks under nbval on the sample event, where the cells marked
``# NBVAL_CHECK_OUTPUT`` must give their stored outputs. On another event those outputs differ by
design (other counts, other themes), so here each notebook is executed with nbclient on the second
bundled event (``INSIGHTS_EVENT=aubusson-2020-02-06``; for 06, ``INSIGHTS_PROGRAMME`` makes it a
programme of that one event), as nbval-lax would without comparing: no
cell may fail, the charts must be drawn, nothing of the sample may show, and nothing may be
written into the project's ``reports/`` folder. The notebooks on disk are left untouched.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from insights.read import read_event_yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
OTHER_EVENT = "aubusson-2020-02-06"
SAMPLE_EVENT = "rennes-2019-11-28"
#: notebooks that must draw at least this many figures
FIGURES = {"02-vocabulaire": 2, "03-themes": 2, "04-rapport": 10, "05-classification": 3,
           "06-programme": 5}  # 06 on one event: no other event to contrast

pytestmark = pytest.mark.notebooks


def _snapshot(folder: Path) -> dict[str, float]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_another_event(path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    assert (ROOT / "data" / "raw" / OTHER_EVENT / "event.yaml").is_file()
    monkeypatch.setenv("INSIGHTS_EVENT", OTHER_EVENT)
    monkeypatch.setenv("INSIGHTS_PROGRAMME", OTHER_EVENT)  # 06: a programme of that one event
    monkeypatch.delenv("INSIGHTS_ROOT", raising=False)
    reports = _snapshot(ROOT / "reports")

    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=1200, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = json.dumps([o.get("data", {}).get("text/plain", o.get("text", "")) for o in outputs],
                      ensure_ascii=False)
    assert SAMPLE_EVENT not in text
    if path.stem == "01-ingestion":
        assert OTHER_EVENT in text
    if path.stem == "04-rapport":  # the source line under each figure names the event's day
        day = read_event_yaml(ROOT / "data" / "raw" / OTHER_EVENT / "event.yaml")[0]["date"]
        assert "/".join(reversed(day.split("-"))) in text
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    assert images >= FIGURES.get(path.stem, 0), f"{path.stem}: {images} figure(s) drawn"
    assert _snapshot(ROOT / "reports") == reports, "the notebook wrote into reports/"
