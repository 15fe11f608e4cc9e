"""Benchmark: peak memory and time of insights on the hostile and careless inputs of issue #11.

Prints figures, asserts nothing. Each case is built in a temporary folder (with the builders
of ``tests/fixtures_ingest/hostile.py``) and run as a fresh ``insights`` process, as a user
runs it; its peak RSS is the child's own maximum resident set size (``wait4``). The issue's
target: every case under 1 GB, each refused with its file's name (exit status 2) or handled.

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME ...]
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures_ingest.builders import write  # noqa: E402
from fixtures_ingest.hostile import (  # noqa: E402
    docx_bomb, docx_with_dtd, event_yaml_bomb, long_paragraph, make_careless_event, minimal_event,
    odt_entity_bomb, secret_file,
)

MB = 1024 * 1024


def _symlinks(root: Path) -> Path:
    event = minimal_event(root)
    secret = secret_file(root)
    (event / "matin" / "passwd.txt").symlink_to("/etc/passwd")
    (event / "matin" / "secret.png").symlink_to(secret)
    (event / "matin" / "ailleurs").symlink_to(secret.parent, target_is_directory=True)
    (event / "matin" / "s1").mkdir()
    write(event / "matin" / "s1" / "note.md", "Une note.\n")
    (event / "matin" / "s1" / "loop").symlink_to("..", target_is_directory=True)
    return event


def _careless_inputs(root: Path) -> Path:
    body = "Hélène Le Goff, Gaëlle Quéré et H".encode() + b"\xe9" + "lène.\n".encode()
    event = minimal_event(root, files={
        "matin/octet.md": body,
        "matin/r.vtt": "WEBVTT\n\n00:00:03,200 --> 00:00:05,000\n<v Anne>Bonjour.\n"})
    with open(os.path.join(os.fsencode(event / "matin"), b"r\xe9union.md"), "wb") as handle:
        handle.write(b"Le lieu.\n")
    return event


#: name -> (what it is, command, builder of the event folder)
CASES: dict[str, tuple[str, str, Callable[[Path], Path]]] = {
    "baseline": ("a one-note event (reference)", "ingest", lambda r: minimal_event(r)),
    "docx-bomb": ("1.7 MB .docx inflating to 500 MB of paragraphs", "ingest",
                  lambda r: (docx_bomb(minimal_event(r) / "matin" / "b.docx"), r / "evt")[1]),
    "odt-entities": ("billion laughs in an .odt's content.xml", "ingest",
                     lambda r: (odt_entity_bomb(minimal_event(r) / "matin" / "l.odt"),
                                r / "evt")[1]),
    "docx-dtd": ("billion laughs in a .docx's document.xml", "ingest",
                 lambda r: (docx_with_dtd(minimal_event(r) / "matin" / "l.docx"), r / "evt")[1]),
    "yaml-bomb": ("YAML alias bomb as event.yaml organisers", "report",
                  lambda r: minimal_event(r, event_yaml=event_yaml_bomb("evt"))),
    "front-matter-bomb": ("YAML alias bomb in a note's front matter", "ingest",
                          lambda r: minimal_event(r, files={"matin/fm.md": "---\n" + event_yaml_bomb(
                              "x").split("sessions")[0] + "---\nTexte.\n"})),
    "huge-file": ("a note of 10.4 million characters", "ingest",
                  lambda r: minimal_event(r, files={"matin/roman.txt": "mot " * 2_600_000})),
    "long-paragraph": ("one paragraph of 1,000,000 characters, whole chain", "report",
                       lambda r: minimal_event(r, files={
                           "matin/fleuve.md": long_paragraph(1_000_000) + "\n"})),
    "symlinks": ("links to /etc/passwd, a file and a folder outside, a loop", "ingest",
                 _symlinks),
    "careless-bytes": ("stray UTF-8 byte, non-UTF-8 file name, SRT times in .vtt", "ingest",
                       _careless_inputs),
    "careless-event": ("names as note-takers write them, whole chain", "report",
                       make_careless_event),
}


def _run(command: str, event: Path, out: Path, cache: Path) -> tuple[int, float, float, str]:
    """Run one ``insights`` process: (exit status, seconds, peak RSS in MB, first error line)."""
    env = dict(os.environ, INSIGHTS_CACHE=str(cache))
    argv = [sys.executable, "-m", "insights.cli", command, str(event), "--out", str(out)]
    t0 = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - t0
    process.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
    lines = [line for line in stderr.splitlines() if line.startswith(("insights:", "  - "))]
    shown = " ".join(lines[:2])[:110] or ("Traceback!" if "Traceback" in stderr else "")
    return process.returncode, seconds, usage.ru_maxrss * scale / MB, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(CASES), help="cases to run")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    print(f"{'case':<18} {'command':<7} {'exit':>4} {'time':>7} {'peak RSS':>9}  outcome")
    worst = 0.0
    for name in args.only or list(CASES):
        what, command, build = CASES[name]
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            event = build(root)
            status, seconds, peak, shown = _run(command, event, root / "out", root / "cache")
        worst = max(worst, peak)
        print(f"{name:<18} {command:<7} {status:>4} {seconds:6.1f}s {peak:7.0f} MB  "
              f"{shown or 'handled'}")
        print(f"{'':<18} ({what})")
    print(f"largest peak RSS: {worst:.0f} MB (target: under 1024 MB)")


if __name__ == "__main__":
    main()
