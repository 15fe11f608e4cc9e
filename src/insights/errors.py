"""Errors raised by insights, the argument checks every module shares, and renamed arguments.

Errors are English, for the developer who reads a traceback; each carries a ``code`` and its
``params`` so that what a reader of the report sees is written in French from the catalogue
(:func:`insights.messages_fr.fr_error`). Every message says which file or argument, what was
wrong, and what is allowed, so that a user never has to read a traceback from a third-party
library to understand bad input.
"""
from __future__ import annotations

import functools
import numbers
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])


class InsightsError(Exception):
    """Base class of every error insights raises on purpose.

    ``code`` names the kind of error (a key of :data:`insights.messages_fr.MESSAGES`, where the
    French text lives) and ``params`` the values it speaks of; the message itself is English.
    """

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params


class InvalidInputError(InsightsError):
    """One or more input files are invalid.

    ``problems`` holds ``(path, reason)`` pairs, one per invalid file, paths relative to the event
    folder where possible.
    """

    code = "invalid_input"

    def __init__(self, problems: Sequence[tuple[str, str]], *, hint: str | None = None):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} invalid input file(s):"]
        lines += [f"  - {path}: {reason}" for path, reason in self.problems]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines), n=len(self.problems))


class InvalidArgumentError(InsightsError, ValueError):
    """A function argument has a value that is not allowed."""

    code = "invalid_argument"


def bad_value(name: str, value: object, allowed: Iterable[object] | str) -> InvalidArgumentError:
    """Build the error for argument ``name`` having ``value`` outside ``allowed``."""
    if not isinstance(allowed, str):
        allowed = ", ".join(repr(a) for a in allowed)
    return InvalidArgumentError(f"invalid value for `{name}`: {value!r}; allowed: {allowed}",
                                code="bad_value", name=name, value=value, allowed=allowed)


# ----------------------------------------------------------------------------- argument checks
def check_int(name: str, value: object, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """``value`` as an ``int`` if it is a whole number (not a bool) within
    ``[minimum, maximum]`` (either bound may be ``None``); else raise ``bad_value``."""
    whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    return int(_checked(name, value, whole, minimum, maximum, "an integer"))


def check_float(name: str, value: object, minimum: float | None = None,
                maximum: float | None = None) -> float:
    """``value`` as a ``float`` if it is a real number (not a bool, not NaN) within
    ``[minimum, maximum]``; else raise ``bad_value``."""
    real = isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value
    return float(_checked(name, value, real, minimum, maximum, "a number"))


def _checked(name: str, value: Any, ok: bool, minimum: Any, maximum: Any, what: str) -> Any:
    """``value`` if ``ok`` and within the bounds given; else raise ``bad_value``."""
    if ok and (minimum is None or value >= minimum) and (maximum is None or value <= maximum):
        return value
    raise bad_value(name, value, _bounds(what, minimum, maximum))


def check_choice(name: str, value: object, allowed: Iterable[object]) -> Any:
    """``value`` if it is one of ``allowed``; else raise ``bad_value``."""
    allowed = list(allowed)
    if value not in allowed:
        raise bad_value(name, value, allowed)
    return value


def check_range(name: str, value: object, minimum: int = 1) -> tuple[int, int]:
    """``value`` as ``(low, high)`` if it is a pair of integers with
    ``minimum <= low <= high``; else raise ``bad_value``."""
    allowed = f"a pair (low, high) of integers with {minimum} <= low <= high"
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise bad_value(name, value, allowed)
    low, high = value
    if any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in (low, high)) \
            or not minimum <= low <= high:
        raise bad_value(name, value, allowed)
    return int(low), int(high)


def _bounds(what: str, minimum: object, maximum: object) -> str:
    if minimum is not None and maximum is not None:
        return f"{what} between {minimum} and {maximum}"
    if minimum is not None:
        return f"{what} >= {minimum}"
    if maximum is not None:
        return f"{what} <= {maximum}"
    return what


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
            f"allowed: {allowed}", code="missing_columns", name=name, missing=missing,
        )
    return df


# ----------------------------------------------------------------------------- renamed arguments
def renamed(**old_to_new: str) -> Callable[[F], F]:
    """Decorator keeping old keyword names working for one release: ``@renamed(n_themes="k")``
    lets a caller still pass ``n_themes=``, with a ``FutureWarning`` naming the new ``k``.
    Passing both names raises ``InvalidArgumentError``."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise InvalidArgumentError(
                            f"`{old}` is the old name of `{new}`: pass only `{new}`",
                            code="renamed_twice", old=old, new=new)
                    warnings.warn(f"`{old}` is deprecated, use `{new}` (the old name goes in "
                                  "the next release)", FutureWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed__ = dict(old_to_new)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def deprecated_alias(new: Any, old_name: str, new_name: str) -> Any:
    """A callable or class under its old public name: calling it warns (``FutureWarning``) that
    ``old_name`` is now ``new_name``, then calls ``new``."""

    @functools.wraps(new)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(f"`{old_name}` is deprecated, use `{new_name}` (the old name goes in the "
                      "next release)", FutureWarning, stacklevel=2)
        return new(*args, **kwargs)

    return alias
