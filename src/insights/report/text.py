"""The words of the report and how they are written: French sentences from the catalogue
(:func:`say`), French typography (:func:`typo`), Markdown that shows data verbatim
(:func:`md_escape`, :func:`md_code`, :func:`md_table`), dates, plurals, figure blocks and quotes.

Every sentence a reader of a report sees comes from :mod:`insights.messages_fr` (its
"charts / report" section) through :func:`say`; this module only places it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from ..charts import NBSP, NNBSP, format_number, format_time
from ..messages_fr import MESSAGES

FIGURES_DIR = "figures"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def typo(text: str) -> str:
    """French typography for text written by the report: no-break space before « : », narrow
    no-break space before ; ! ? and inside « », typographic apostrophe."""
    text = re.sub(r" :", f"{NBSP}:", text)
    text = re.sub(r" ([;!?])", rf"{NNBSP}\1", text)
    text = text.replace("« ", f"«{NNBSP}").replace(" »", f"{NNBSP}»")
    return re.sub(r"(\w)'(\w)", r"\1’\2", text)


def say(code: str, /, **params: Any) -> str:
    """The catalogue's French text of ``code`` (:data:`insights.messages_fr.MESSAGES`), in
    French typography, with ``params`` filled in as given (data and numbers already written
    by the caller are not retouched). Raises ``KeyError`` for a code the catalogue lacks."""
    return typo(MESSAGES[code]).format(**params)


def say_or(code: str, default: str, /, **params: Any) -> str:
    """:func:`say` for an open family of codes (``report.kind.<kind>``): ``default`` (data,
    shown as it is) when the catalogue has no ``code``."""
    return say(code, **params) if code in MESSAGES else default


def md_escape(text: Any) -> str:
    """Escape data text (labels, quotes, file names) so Markdown shows it verbatim and no HTML
    from the data reaches the report."""
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    text = re.sub(r"([`*_\[\]|])", r"\\\1", text)
    text = re.sub(r"^(\s*)([#+\->])", r"\1\\\2", text, flags=re.M)
    return re.sub(r"^(\s*\d+)\.", r"\1\\.", text, flags=re.M)


def md_code(value: Any) -> str:
    """``value`` as an inline code span (ids, paths, versions, hashes); text holding a backtick
    or a pipe (which would break a table) is escaped as plain text instead."""
    text = str(value)
    if "`" in text or "|" in text or "\n" in text:
        return md_escape(text)
    return f"`{text}`"


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table; cells are written as given (escape data with :func:`md_escape`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("\n", " ") for c in row) + " |")
    return "\n".join(lines)


def long_date(value: Any) -> str:
    """``2019-11-28`` -> ``"28 novembre 2019"`` (other text returned unchanged)."""
    try:
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 fichier"``, ``"3 fichiers"`` (French: 0 and 1 take the singular)."""
    word = singular if abs(n) < 2 else (plural_form or singular + "s")
    return f"{format_number(n, decimals=0)} {word}"


def count(n: int, word: str) -> str:
    """``n`` and the catalogue's word ``report.word.<word>`` (``report.word.<word>s`` for the
    plural when the catalogue has it): ``count(3, "file") == "3 fichiers"``."""
    single = say(f"report.word.{word}")
    return plural(n, single, say_or(f"report.word.{word}s", single + "s"))


def whole(n: Any) -> str:
    """A whole number the French way (``1 234``)."""
    return format_number(n, decimals=0)


def figure_md(figures: Mapping[str, Any], name: str, number: list[int]) -> str:
    """The Markdown of figure ``name`` (an image and its numbered caption), or ``""`` when the
    report has no such figure; ``number`` (a one-item list) counts the figures shown."""
    if name not in figures:
        return ""
    number[0] += 1
    caption = figures[name].caption
    return (f"![{md_escape(caption)}]({FIGURES_DIR}/{name}.png)\n\n"
            f"*{say('report.figure', n=number[0], caption=md_escape(typo(caption)))}*\n")


def quote_md(text: Any, source: str) -> str:
    """A verbatim quote as a Markdown block quote, then ``source`` (already Markdown) as the
    paragraph after it (which also keeps two quotes apart)."""
    body = "\n".join("> " + md_escape(line.strip()) if line.strip() else ">"
                     for line in str(text).strip().splitlines())
    return f"{body}\n\n— {source}\n"


def speaker_md(speaker: Any) -> str:
    """A quote's speaker (a pseudonym), or the catalogue's word for an unknown one."""
    return md_escape(speaker) if str(speaker or "").strip() else say("report.anonymous")


def when_md(start: Any) -> str:
    """`` (9 h 30)`` for a session start, ``""`` without one."""
    when = format_time(start) if start else ""
    return f" ({when})" if when else ""


def overused_cell(part: pd.DataFrame, value: str, *, n: int, banality: float) -> str:
    """The ``n`` most over-used terms of ``value`` in a specificities table (score at least
    ``banality``), ``"terme (score)"`` comma-separated, or a dash."""
    top = part[(part["value"].astype(str) == value) & (part["score"] >= banality)]
    top = top.sort_values(["score", "term"], ascending=[False, True], kind="mergesort").head(n)
    return ", ".join(f"{md_escape(t)} ({format_number(s, decimals=1)})"
                     for t, s in zip(top["term"], top["score"])) or "—"


def tidy(lines: Sequence[str]) -> str:
    """The report's lines joined, at most one blank line in a row, one line end at the end."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"


__all__ = ["FIGURES_DIR", "count", "figure_md", "long_date", "md_code", "md_escape",
           "md_table", "overused_cell", "plural", "quote_md", "say", "say_or", "speaker_md",
           "tidy", "typo", "when_md", "whole"]
