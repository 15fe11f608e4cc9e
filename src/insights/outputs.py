"""Writing outputs completely or not at all."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_output_dir(out: str | Path) -> Iterator[Path]:
    """Yield a fresh staging folder; on success move everything in it into ``out``.

    If the block raises, the staging folder is removed and ``out`` is left as it was: no
    half-written output is ever left behind. Files already in ``out`` that the block did not
    write are kept; files it wrote replace their old versions.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        out.mkdir(parents=True, exist_ok=True)
        for item in sorted(staging.rglob("*")):
            if item.is_dir():
                continue
            target = out / item.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            item.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
