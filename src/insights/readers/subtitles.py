"""Transcripts as subtitles (``.vtt`` with webvtt-py, ``.srt`` with srt).

The speaker of a cue is its ``<v Name>`` voice tag, else a ``Name :`` prefix; a cue without
either continues the current speaker. Consecutive cues of one speaker are merged into one
turn (one block) whose ``line`` is the 1-based number of its first cue.
"""
from __future__ import annotations

import re
from pathlib import Path

from insights.readers import (
    DEFAULT_LIMITS, Block, Limits, Note, RawDocument, ReaderError, read_text, register, split_speaker,
)

_TAG = re.compile(r"</?[^>]+>")
#: an SRT-style time (``00:00:03,200``) on a WebVTT cue timing line
_COMMA_TIME = re.compile(r"(?<![\d:])((?:\d{1,2}:)?\d{2}:\d{2}),(\d{3})(?!\d)")


def merge_turns(cues: list[tuple[str, str]]) -> list[Block]:
    """Merge ``(voice, text)`` cues (1-based cue number = position) into speaker turns."""
    blocks: list[Block] = []
    speaker = ""
    for number, (voice, raw) in enumerate(cues, start=1):
        text = " ".join(_TAG.sub("", raw).split())
        if voice:
            name = voice.strip()
            turn = split_speaker(text)
            if turn and turn[0] == name:  # "<v Camille>Camille : ..." written twice
                text = turn[1]
        else:
            turn = split_speaker(text)
            if turn:
                name, text = turn
            else:
                name = speaker
        if not text:
            speaker = name
            continue
        if blocks and blocks[-1].speaker == name:
            blocks[-1].text = f"{blocks[-1].text} {text}"
        else:
            blocks.append(Block(text=text, line=number, speaker=name, speaker_from="voice" if name else ""))
        speaker = name
    return blocks


def _vtt_times(text: str) -> tuple[str, int]:
    """``text`` with SRT-style times (``00:00:03,200``) on cue timing lines (those holding
    ``-->``) written the WebVTT way (``00:00:03.200``), and how many lines were changed."""
    changed = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "-->" in line and _COMMA_TIME.search(line):
            lines[i] = _COMMA_TIME.sub(r"\1.\2", line)
            changed += 1
    return "\n".join(lines), changed


@register(".vtt")
def read_vtt(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a WebVTT transcript into speaker turns. Cue times written the SubRip way
    (``00:00:03,200``, a common export mistake) are read, with a warning."""
    import webvtt
    from webvtt.errors import MalformedFileError

    notes: list[str] = []
    text, encoding, newline = read_text(path, limits=limits, notes=notes)
    text, changed = _vtt_times(text)
    if changed:
        notes.append(Note(f"{changed} cue timing line(s) written with SRT-style times "
                          "(00:00:03,200): read as WebVTT times (00:00:03.200)",
                          "warn.srt_times", n=changed))
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, ValueError, IndexError) as exc:
        raise ReaderError(f"malformed WebVTT file ({type(exc).__name__})",
                          code="skip.vtt_malformed", error=type(exc).__name__) from None
    if not captions and "-->" in text:
        raise ReaderError("malformed WebVTT file: cue timing lines found but no cue could be "
                          "read (expected 00:00:03.200 --> 00:00:05.000)", code="skip.vtt_no_cue")
    voice = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]+)>")
    cues = []
    for caption in captions:
        match = voice.search(caption.raw_text)
        cues.append((match.group(1) if match else "", caption.raw_text))
    return RawDocument(
        blocks=merge_turns(cues), kind="transcription", encoding=encoding, newline=newline,
        notes=notes,
    )


@register(".srt")
def read_srt(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a SubRip transcript into speaker turns."""
    import srt

    notes: list[str] = []
    text, encoding, newline = read_text(path, limits=limits, notes=notes)
    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as exc:
        raise ReaderError(f"malformed SubRip file ({type(exc).__name__})",
                          code="skip.srt_malformed", error=type(exc).__name__) from None
    if not subtitles and text.strip():
        raise ReaderError("malformed SubRip file: no subtitle found", code="skip.srt_no_cue")
    cues = [("", subtitle.content) for subtitle in subtitles]
    return RawDocument(
        blocks=merge_turns(cues), kind="transcription", encoding=encoding, newline=newline,
        notes=notes,
    )
