"""What every theme method returns, and the helpers that read several results together."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from insights.errors import bad_value
from insights.schema import ASSIGNMENT_COLUMNS, ThemeResult

__all__ = ["Results", "as_results", "empty_assignments", "themes_and_assignments"]

#: one method's result, or several
Results = ThemeResult | Sequence[ThemeResult]


def empty_assignments() -> pd.DataFrame:
    """An assignments table without rows, with the contract's columns and dtypes."""
    return pd.DataFrame(
        {
            "segment_id": pd.Series(dtype="str"),
            "theme": pd.Series(dtype="str"),
            "method": pd.Series(dtype="str"),
            "weight": pd.Series(dtype="float64"),
        }
    )[ASSIGNMENT_COLUMNS]


def as_results(results: Results) -> list[ThemeResult]:
    """``results`` as a list of ``ThemeResult``; raises ``InvalidArgumentError`` otherwise."""
    if isinstance(results, ThemeResult):
        return [results]
    if isinstance(results, Sequence) and all(isinstance(r, ThemeResult) for r in results):
        return list(results)
    raise bad_value("results", type(results).__name__, "a ThemeResult or a list of ThemeResult")


def themes_and_assignments(results: Results) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The themes (``theme, label, method, top_terms``) and assignments of ``results``
    together. Raises ``InvalidArgumentError`` when two themes share a (method, theme) pair."""
    res = as_results(results)
    themes = pd.concat(
        [pd.DataFrame(columns=["theme", "label", "method", "top_terms"])]
        + [r.themes[["theme", "label", "method", "top_terms"]] for r in res], ignore_index=True)
    assignments = pd.concat([empty_assignments()] + [r.assignments for r in res],
                            ignore_index=True)
    themes["theme"] = themes["theme"].astype(str)
    if themes.duplicated(["method", "theme"]).any():
        dup = themes.loc[themes.duplicated(["method", "theme"]), ["method", "theme"]]
        raise bad_value("results", dup.to_records(index=False).tolist(),
                        "results whose (method, theme) pairs are unique")
    return themes, assignments

