"""insights.text: the one accent folding every stage uses."""
import unicodedata

import pytest

from insights.text import fold


@pytest.mark.parametrize("text, folded", [
    ("Hélène", "helene"),
    ("ÉCOLE", "ecole"),
    ("L’Été", "l'ete"),
    ("aʼb‘c", "a'b'c"),
    ("garçon", "garcon"),
    ("cœur", "cœur"),
    ("ﬁn", "fin"),
    ("", ""),
    (12, "12"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_is_the_same_for_composed_and_decomposed_text():
    word = "Noël à l'Hôtel-Dieu"
    assert fold(unicodedata.normalize("NFC", word)) == fold(unicodedata.normalize("NFD", word))


def test_fold_is_idempotent():
    text = "Ça s’est passé à Île-de-France, « déjà »"
    assert fold(fold(text)) == fold(text)
