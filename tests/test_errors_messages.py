"""The shared argument checks, renamed arguments and the French message catalogue."""
import warnings

import pytest

from insights.errors import (InsightsError, InvalidArgumentError, bad_value, check_choice,
                             check_float, check_int, check_range, renamed)
from insights.messages_fr import MESSAGES, fr, fr_error, fr_number


@pytest.mark.parametrize("value", [1, True, 2.5, "3", None])
def test_check_int_refuses_with_code_and_params(value):
    with pytest.raises(InvalidArgumentError) as info:
        check_int("k", value, 2)
    assert info.value.code == "bad_value"
    assert info.value.params["name"] == "k"
    assert "k" in str(info.value)


def test_checks_accept_and_convert():
    import numpy as np
    assert check_int("k", np.int64(3), 2, 10) == 3
    assert check_float("ratio", 1, 0, 1) == 1.0
    assert check_range("k_range", [2, 5]) == (2, 5)
    assert check_choice("method", "nmf", ["nmf", "reinert"]) == "nmf"
    for bad in [(5, 2), (0, 3), (1,), (1.5, 2)]:
        with pytest.raises(InvalidArgumentError):
            check_range("k_range", bad)
    with pytest.raises(InvalidArgumentError):
        check_float("ratio", float("nan"))


def test_renamed_keyword_warns_and_forwards():
    @renamed(n_themes="k")
    def fit(*, k: int = 1) -> int:
        return k

    with pytest.warns(FutureWarning, match="`n_themes` is deprecated, use `k`"):
        assert fit(n_themes=4) == 4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fit(k=3) == 3
    with pytest.raises(InvalidArgumentError):
        fit(n_themes=4, k=4)


def test_french_text_of_errors():
    assert fr_error(bad_value("k", 1, "an integer >= 2")) == \
        "valeur non permise pour le réglage « k » : 1"
    assert fr_error(KeyError("x")) == "erreur inattendue (KeyError)"
    # a code the catalogue lacks never shows English: the type is named instead
    assert fr_error(InsightsError("boom", code="no.such.code")) == \
        "erreur inattendue (InsightsError)"


def test_french_numbers_and_missing_codes():
    assert fr_number(12345) == "12\u202f345"
    assert fr_number(0.5, 2) == "0,50"
    with pytest.raises(KeyError):
        fr("no.such.code")


def test_every_template_formats():
    # each template is well formed: its fields are all named
    import string
    for code, template in MESSAGES.items():
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        assert all(f and f.isidentifier() for f in fields), code
