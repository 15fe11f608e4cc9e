"""Text segments (rainette ``split_segments``): an event's source segments cut into slices of
about ``segment_size`` tokens, short ones of one text pooled.

Vocabulary: a *source segment* is a row of the ingest ``segments`` table (a paragraph, a
post-it, a speaker turn); a *text* is the unit no step ever merges across
(``segments["text_id"]``: one post-it, questionnaire row or speaker turn, one section of a
notes file); a *text segment* (``uce``) is a slice of about ``segment_size`` tokens of one
source segment, or several short source segments of one text merged.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from insights.errors import bad_value, check_int, require_columns
from insights.memory import release_memory
from insights.vectorize import pool_short, str_codes

__all__ = ["METADATA", "split_segments"]

#: token texts that end a sentence (rainette ``split_segments``'s strongest cut)
_STRONG = {".", "?", "!", "…", "...", "?!", "!?", "!!", "??"}
#: segment columns copied onto the text segments (from their first source segment)
METADATA = ("session", "group", "kind", "category", "profile", "speaker", "source")
TOKEN_COLUMNS = ["segment_id", "position", "start", "end", "text", "is_punct"]


def texts_of(segments: pd.DataFrame, column: str = "text_id") -> pd.Series:
    """The text of each segment (indexed by segment id): ``segments[column]``, or the segment
    itself when the table has no such column (a segment table built by hand)."""
    ids = segments["segment_id"].astype(str)
    if column not in segments.columns:
        return pd.Series(ids.to_numpy(), index=ids.to_numpy())
    return pd.Series(segments[column].astype(str).to_numpy(), index=ids.to_numpy())


def _token_weight(text: str) -> float:
    """Weight of a token as a place to end a text segment (rainette ``split_segments``)."""
    t = text.strip()
    if t in _STRONG or (t and set(t) <= {".", "!", "?", "…"}):
        return 6.0
    if t == ":":
        return 5.0
    if t == ";":
        return 4.0
    if t == ",":
        return 1.0
    return 0.01


def _cut_points(weights: np.ndarray, segment_size: int, window: int) -> list[int]:
    """Start index of each text segment of a token sequence.

    Follows rainette ``split_segments.character``: from the current start, look at the next
    ``segment_size + window`` tokens, score each by ``weight / (|rank - segment_size| + 1)`` and
    end the segment on the best one; go on while more than ``1.25 * segment_size`` tokens remain.
    """
    n = len(weights)
    starts = [0]
    start = 0
    while start + 1 <= n - segment_size * 1.25:
        stop = min(n, start + segment_size + window + 1)
        rank = np.arange(1, stop - start + 1)
        ratio = weights[start:stop] / (np.abs(rank - segment_size) + 1)
        start += int(np.argmax(ratio)) + 1
        if start >= n:
            break
        starts.append(start)
    return starts


def _ordered_tokens(tokens: pd.DataFrame, segments: pd.DataFrame
                    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The tokens of ``segments`` that are not blank, in segment then position order, as the
    arrays the cutting reads: ``segment`` (the row number in ``segments`` of the token's
    segment), ``position``, ``start``, ``end``, ``words`` (1 for a word, 0 for punctuation)
    and ``text`` (a code into the second value returned, each distinct token text's
    :func:`_token_weight`). Worked out on the distinct segment ids and token texts, in 32-bit
    integers: no string per token, no copy of the token table (a table already in order, as
    annotate returns it, is not reordered)."""
    codes, names = str_codes(tokens["segment_id"], sort=False)
    row = pd.Index(segments["segment_id"].astype(str)).get_indexer(names)
    segment = np.append(row, -1).astype(np.int32)[codes]
    del codes
    tcodes, texts = str_codes(tokens["text"], sort=False)
    blank = np.append([t.strip() == "" for t in texts], False)
    weights = np.append([_token_weight(t) for t in texts], _token_weight("nan"))
    keep = (segment >= 0) & ~blank[tcodes]
    if "pos" in tokens.columns:
        keep &= (tokens["pos"] != "SPACE").to_numpy(dtype=bool)
    out = {"segment": segment[keep], "text": tcodes.astype(np.int32)[keep],
           "words": ~tokens["is_punct"].to_numpy(dtype=bool)[keep]}
    del segment, tcodes
    for c in ("position", "start", "end"):
        out[c] = tokens[c].to_numpy()[keep].astype(np.int32, copy=False)
    seg, pos = out["segment"], out["position"]
    step = np.diff(seg)
    if not np.all((step > 0) | ((step == 0) & (np.diff(pos) >= 0))):
        order = np.lexsort((pos, seg))
        out = {k: v[order] for k, v in out.items()}
    return out, weights


def _pieces(
    tokens: pd.DataFrame, segments: pd.DataFrame, segment_size: int, window: int
) -> pd.DataFrame:
    """One row per text segment cut inside a source segment (before any merging)."""
    tok, text_weight = _ordered_tokens(tokens, segments)
    seg_order, pos, text = tok["segment"], tok["position"], tok["text"]
    bounds = np.flatnonzero(np.diff(seg_order)) + 1
    seg_start = np.concatenate([[0], bounds]).astype(np.int64)
    seg_end = np.concatenate([bounds, [len(seg_order)]]).astype(np.int64)
    firsts, lasts, piece_no = [], [], []
    for a, b in zip(seg_start, seg_end):
        if b - a <= segment_size * 1.25:  # one piece: the loop would not run
            cuts = [0]
        else:
            cuts = _cut_points(text_weight[text[a:b]], segment_size, window)
        ends = cuts[1:] + [b - a]
        firsts += [a + c for c in cuts]
        lasts += [a + e - 1 for e in ends]
        piece_no += range(1, len(cuts) + 1)
    firsts, lasts = np.array(firsts, dtype=np.int64), np.array(lasts, dtype=np.int64)
    cum = np.concatenate([[0], np.cumsum(tok["words"], dtype=np.int64)])
    return pd.DataFrame({
        "_order": seg_order[firsts].astype(np.int64),
        "segment_id": segments["segment_id"].to_numpy()[seg_order[firsts]],
        "_piece": np.array(piece_no, dtype=np.int64),
        "start_position": pos[firsts].astype(np.int64),
        "end_position": pos[lasts].astype(np.int64) + 1,
        "start_char": tok["start"][firsts].astype(np.int64),
        "end_char": tok["end"][lasts].astype(np.int64),
        "n_words": cum[lasts + 1] - cum[firsts],
    })


def _joined(pieces: pd.DataFrame, parts: pd.Series, n_pieces: np.ndarray,
            first: pd.DataFrame) -> tuple[pd.api.extensions.ExtensionArray, list[list[str]]]:
    """Text and source segments of each text segment: its piece's, or, for a merged one, its
    pieces' texts joined by a newline and their segments (only those are joined, and only
    their pieces' texts become Python strings)."""
    text = first["_text"].reset_index(drop=True)
    seg_ids = [[s] for s in first["segment_id"]]
    multi = np.flatnonzero(n_pieces > 1)
    if len(multi):
        order = np.argsort(pieces["uce"].to_numpy(), kind="stable")
        piece_segs = pieces["segment_id"].to_numpy(dtype=object)
        bounds = np.concatenate([[0], np.cumsum(n_pieces)])
        joined = []
        for i in multi.tolist():
            rows = order[bounds[i]:bounds[i + 1]]
            joined.append("\n".join(parts.iloc[rows].tolist()))
            seg_ids[i] = list(dict.fromkeys(piece_segs[rows].tolist()))
        text.iloc[multi] = joined
    return text.array, seg_ids


def _piece_texts(pieces: pd.DataFrame, segments: pd.DataFrame) -> pd.Series:
    """The verbatim text of each piece (``start_char:end_char`` of its source segment), as
    a string Series in the dtype of ``segments["text"]``: a piece that is its whole segment
    (most are) is taken from the column as it is, with no Python string per piece."""
    texts = segments["text"].astype(str)
    parts = texts.iloc[pieces["_order"].to_numpy()].reset_index(drop=True)
    start = pieces["start_char"].to_numpy()
    end = pieces["end_char"].to_numpy()
    cut = np.flatnonzero((start != 0) | (end != parts.str.len().to_numpy()))
    if len(cut):
        parts.iloc[cut] = [t[a:b] for t, a, b in zip(parts.iloc[cut].tolist(), start[cut],
                                                     end[cut])]
    return parts


def _uce_table(pieces: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """The text segments table of ``pieces`` numbered by ``uce`` (see ``split_segments``);
    segment columns are read by row number (``pieces["_order"]``, segment ids being
    unique), and only the columns each step needs are grouped."""
    parts = _piece_texts(pieces, segments)
    grp = pieces.assign(_text=parts.array).groupby("uce", sort=True)
    first = grp[["_order", "segment_id", "_piece", "start_position", "start_char",
                 "_text"]].first()
    last = grp[["end_position", "end_char"]].last()
    at = first["_order"].to_numpy()
    n_pieces = grp.size().to_numpy()
    base = first["segment_id"].astype(str) + "/" + first["_piece"].astype(str)
    text, seg_ids = _joined(pieces, parts, n_pieces, first)
    uce = pd.DataFrame({
        "uce_id": np.where(n_pieces == 1, base, base + "+" + (n_pieces - 1).astype(str)),
        "segment_id": first["segment_id"].to_numpy(),
        "segment_ids": seg_ids,
        "start_position": first["start_position"].to_numpy(dtype=np.int64),
        "end_position": last["end_position"].to_numpy(dtype=np.int64),
        "start_char": first["start_char"].to_numpy(dtype=np.int64),
        "end_char": last["end_char"].to_numpy(dtype=np.int64),
        "n_words": grp["n_words"].sum().to_numpy(dtype=np.int64),
        "text": text,
    })
    uce.insert(2, "text_id", texts_of(segments).to_numpy()[at])
    for c in [c for c in METADATA if c in segments.columns]:
        uce[c] = segments[c].to_numpy()[at]
    uce["text"] = uce["text"].astype(str)
    return uce


def build_uces(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    segment_size: int,
    segment_size_window: int,
    merge_short: bool,
    min_words: int,
    groups: str = "text_id",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(uce, pieces)``: the text segments table (see ``split_segments``) and, for
    each piece of a source segment, the row number (``uce``) of the text segment holding it;
    short pieces of one value of ``segments[groups]`` are pooled when ``merge_short``."""
    require_columns(tokens, "tokens", TOKEN_COLUMNS)
    require_columns(segments, "segments", ["segment_id", "text"])
    segment_size = check_int("segment_size", segment_size, 5)
    segment_size_window = check_int("segment_size_window", segment_size_window, 0)
    min_words = check_int("min_words", min_words, 1)
    if segments["segment_id"].duplicated().any():
        dup = segments.loc[segments["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise bad_value("segments.segment_id", dup, "unique segment ids")
    pieces = _pieces(tokens, segments, segment_size, segment_size_window)
    release_memory()  # the token arrays the cutting read: 230 MB on a 6.7M-word corpus
    if merge_short:
        text = texts_of(segments, groups).loc[pieces["segment_id"]].to_numpy()
        group = pool_short(pieces["n_words"].to_numpy(), text, min_words)
    else:
        group = np.arange(len(pieces))
    # number uces in order of their first piece
    pieces = pieces.assign(uce=np.unique(group, return_inverse=True)[1])
    return _uce_table(pieces, segments), pieces.drop(columns=["_order"])


def split_segments(
    tokens: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    segment_size: int = 40,
    segment_size_window: int = 15,
    merge_short: bool = False,
    min_words: int = 20,
) -> pd.DataFrame:
    """Cut source segments into text segments of about ``segment_size`` tokens.

    Inside each source segment (``segments`` row, in table order) the end of a text segment is
    chosen among the ``segment_size + segment_size_window`` next tokens, preferring strong
    punctuation (``. ! ? …``), then ``:``, ``;``, ``,``, near ``segment_size`` (rainette
    ``split_segments``: weight 6, 5, 4, 1 or 0.01 divided by the distance to ``segment_size``).
    With ``merge_short=True``, text segments of fewer than ``min_words`` words of one text
    (``segments["text_id"]``; each segment is its own text when the column is absent) are
    merged, in segment order, until they reach ``min_words`` (a short remainder joins the
    previous merged unit of its text; :func:`insights.vectorize.pool_short`). Two texts (two
    post-its, two speaker turns) are never merged.

    ``tokens`` needs ``segment_id, position, start, end, text, is_punct`` (``pos`` optional:
    ``SPACE`` tokens are ignored); ``segments`` needs ``segment_id, text``.
    Returns one row per text segment: ``uce_id`` (``<segment_id>/<k>``, ``+<n>`` when n more
    pieces were merged in), ``segment_id`` (first source segment), ``segment_ids`` (list of
    all source segments), ``text_id`` (their text), ``start_position``/``end_position``
    (token positions, end exclusive), ``start_char``/``end_char`` (char offsets into the
    source text), ``n_words`` (non-punctuation tokens), ``text`` (verbatim slice; merged
    pieces joined by a newline), then the metadata columns of the first source segment among
    ``session, group, kind, category, profile, speaker, source``. Raises
    ``InvalidArgumentError`` on missing columns or bad options.
    """
    uce, _ = build_uces(
        tokens, segments, segment_size=segment_size, segment_size_window=segment_size_window,
        merge_short=merge_short, min_words=min_words,
    )
    return uce
