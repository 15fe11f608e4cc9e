"""One rule for the order of sessions (insights.sessions), used by themes and charts alike."""
import pandas as pd
import pytest

import insights
from insights import charts
from insights.errors import InvalidArgumentError
from insights.sessions import natural_key, session_order, value_order
from insights.themes import codebook_counts, theme_by_session

SESSIONS = pd.DataFrame({
    "session": ["pepites", "accueil", "action"],
    "title": ["Des pépites et des défis", "Faisons connaissance", "En action"],
    "start": ["11:30", "09:30", "14:00"],
    "order": [2, 1, 3],
})


def test_sessions_table_follows_its_order_column():
    assert session_order(SESSIONS) == ["accueil", "pepites", "action"]
    # the order column decides, not the rows' order
    assert session_order(SESSIONS.iloc[::-1]) == ["accueil", "pepites", "action"]


def test_sessions_table_without_order_keeps_its_rows():
    table = SESSIONS.drop(columns="order")
    assert session_order(table) == ["pepites", "accueil", "action"]


def test_segments_go_by_earliest_start_then_id():
    segments = pd.DataFrame({
        "segment_id": ["a", "b", "c", "d", "e"],
        "session": ["s10", "s2", "s10", "", "s1"],
        "session_start": ["14:00", "09:30", "14:00", "08:00", "09:30"],
    })
    # empty ids left out; a tie on start time goes by id
    assert session_order(segments) == ["s1", "s2", "s10"]
    assert value_order(segments, "session") == ["s1", "s2", "s10"]


def test_other_columns_are_sorted_and_unknown_columns_raise():
    segments = pd.DataFrame({"profile": ["élu", "", "agent", None, "élu"]})
    assert value_order(segments, "profile") == ["agent", "élu"]
    with pytest.raises(InvalidArgumentError, match="by"):
        value_order(segments, "group")
    with pytest.raises(InvalidArgumentError):
        session_order(segments)  # no session column


def test_natural_key_compares_numbers_as_numbers():
    assert sorted(["nmf-10", "nmf-2", "nmf-1"], key=natural_key) == ["nmf-1", "nmf-2", "nmf-10"]


def test_themes_and_charts_share_the_order():
    from insights.schema import ThemeResult

    segments = pd.DataFrame({
        "segment_id": ["1", "2", "3", "4"],
        "session": ["action", "accueil", "pepites", "accueil"],
        "session_start": ["14:00", "09:30", "11:30", "09:30"],
    })
    result = ThemeResult(
        pd.DataFrame({"theme": ["codebook-1"], "label": ["accueil"], "method": ["codebook"],
                      "top_terms": [["accueil"]]}),
        pd.DataFrame({"segment_id": ["2", "3"], "theme": ["codebook-1"] * 2,
                      "method": ["codebook"] * 2, "weight": [1.0, 1.0]}))
    by_session = theme_by_session(result, segments, SESSIONS)
    expected = session_order(SESSIONS)
    assert list(by_session.columns[2:]) == expected
    assert list(codebook_counts(result, segments).columns[2:-1]) == expected
    assert list(charts.session_labels(SESSIONS)) == expected
    long = charts.theme_session_table(by_session, SESSIONS, result.themes)
    assert list(long["session"]) == expected


def test_public_from_the_package():
    assert insights.session_order is session_order
