"""Errors raised by insights, and the one place their messages are built.

Every message says which file or argument, what was wrong, and what is allowed, so that a
user never has to read a traceback from a third-party library to understand bad input.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd


class InsightsError(Exception):
    """Base class of every error insights raises on purpose."""


class InvalidInputError(InsightsError):
    """One or more input files are invalid.

    ``problems`` holds ``(path, reason)`` pairs, one per invalid file, paths relative to the event
    folder where possible.
    """

    def __init__(self, problems: Sequence[tuple[str, str]], *, hint: str | None = None):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} invalid input file(s):"]
        lines += [f"  - {path}: {reason}" for path, reason in self.problems]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class InvalidArgumentError(InsightsError, ValueError):
    """A function argument has a value that is not allowed."""


def bad_value(name: str, value: object, allowed: Iterable[object] | str) -> InvalidArgumentError:
    """Build the error for argument ``name`` having ``value`` outside ``allowed``."""
    if not isinstance(allowed, str):
        allowed = ", ".join(repr(a) for a in allowed)
    return InvalidArgumentError(f"invalid value for `{name}`: {value!r}; allowed: {allowed}")


def require_columns(
    df: object, name: str, columns: Iterable[str], *, what: str | None = None
) -> pd.DataFrame:
    """Return ``df`` if argument ``name`` is a DataFrame holding every one of ``columns``, else
    raise the error that says what is missing; ``what`` describes the expected table (default:
    "a DataFrame with columns [...]")."""
    columns = list(columns)
    allowed = what or f"a DataFrame with columns {columns}"
    if not isinstance(df, pd.DataFrame):
        raise bad_value(name, type(df).__name__, allowed)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InvalidArgumentError(
            f"invalid value for `{name}`: its columns {list(df.columns)} lack {missing}; "
            f"allowed: {allowed}"
        )
    return df
