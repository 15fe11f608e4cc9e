"""Transcripts as subtitles (``.vtt`` with webvtt-py, ``.srt`` with srt).

The speaker of a cue is its ``<v Name>`` voice tag, else a ``Name :`` prefix; a cue without
either continues the current speaker. Consecutive cues of one speaker are merged into one
turn (one block) whose ``line`` is the 1-based number of its first cue.
"""
from __future__ import annotations

import re
from pathlib import Path

from insights.readers import Block, RawDocument, ReaderError, read_text, register, split_speaker

_TAG = re.compile(r"</?[^>]+>")


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


@register(".vtt")
def read_vtt(path: Path) -> RawDocument:
    """Read a WebVTT transcript into speaker turns."""
    import webvtt
    from webvtt.errors import MalformedFileError

    text, encoding, newline = read_text(path)
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, ValueError, IndexError) as exc:
        raise ReaderError(f"malformed WebVTT file ({type(exc).__name__})") from None
    voice = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]+)>")
    cues = []
    for caption in captions:
        match = voice.search(caption.raw_text)
        cues.append((match.group(1) if match else "", caption.raw_text))
    return RawDocument(
        blocks=merge_turns(cues), kind="transcription", encoding=encoding, newline=newline
    )


@register(".srt")
def read_srt(path: Path) -> RawDocument:
    """Read a SubRip transcript into speaker turns."""
    import srt

    text, encoding, newline = read_text(path)
    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as exc:
        raise ReaderError(f"malformed SubRip file ({type(exc).__name__})") from None
    if not subtitles and text.strip():
        raise ReaderError("malformed SubRip file: no subtitle found")
    cues = [("", subtitle.content) for subtitle in subtitles]
    return RawDocument(
        blocks=merge_turns(cues), kind="transcription", encoding=encoding, newline=newline
    )
