"""spaCy's French language data, read without building spaCy's French language class.

``import spacy.lang.fr.stop_words`` runs ``spacy/lang/fr/__init__.py`` first, which compiles
the tokenizer's exception patterns: about 3.5 s on our machines, for a list of words.
:func:`stop_words` loads the list's own file (``spacy/lang/fr/stop_words.py``, which imports
nothing) as a stand-alone module, so reading an event or drawing a word cloud does not pay
for a tokenizer it does not use. If that file cannot be found, the package import is used.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

__all__ = ["stop_words"]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's French stop words (``spacy.lang.fr.stop_words.STOP_WORDS``)."""
    try:
        spec = importlib.util.find_spec("spacy")
        location = spec.submodule_search_locations[0]
        path = f"{location}/lang/fr/stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_insights_fr_stop_words", path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        return frozenset(module.STOP_WORDS)
    except (AttributeError, ImportError, OSError, TypeError, IndexError):
        from spacy.lang.fr.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)
