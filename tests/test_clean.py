"""Pseudonymisation: contacts masked, names replaced by stable pseudonyms, common words kept."""
from __future__ import annotations

import pandas as pd
import pytest

from insights.clean import (
    AMBIGUOUS_MASK, EMAIL_MASK, PHONE_MASK, Pseudonymizer, mask_contacts, participants_table,
    pseudonymize,
)
from insights.errors import InvalidArgumentError

PEOPLE = pd.DataFrame({
    "name": ["Hélène Le Goff", "Camille Martin", "Camille Robin", "Claire Guégan",
             "Jérôme Tanguy", "Pierre Rose", "Noémie Salaün"],
    "pseudonym": ["Élue 1", "", None, "", "Élu 2", "", ""],
    "profile": ["élu·e", "agent·e", "animateur·rice", "animateur·rice", "élu·e", "", ""],
})


@pytest.fixture(scope="module")
def engine():
    return Pseudonymizer(PEOPLE)


@pytest.mark.parametrize("phone", [
    "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+33 6 12 34 56 78",
    "+33 (0)6 12 34 56 78", "0612345678", "02 99 12 34 56", "+33612345678", "0033 6 12 34 56 78",
    "06\u00a012\u00a034\u00a056\u00a078",
])
def test_phone_formats_are_masked(phone):
    assert mask_contacts(f"Appelez le {phone}, merci.") == f"Appelez le {PHONE_MASK}, merci."


@pytest.mark.parametrize("text", [
    "En 2019, 3 200 accompagnements.", "Le 28/11/2019 à 09:30.", "Code 12345678901234.",
    "Salle 06 12.",
])
def test_other_numbers_are_kept(text):
    assert mask_contacts(text) == text


@pytest.mark.parametrize("email", [
    "helene.legoff@example.org", "j.tanguy+atelier@mairie-rennes.fr", "A_B-c@sub.domain.bzh",
])
def test_emails_are_masked(email):
    assert mask_contacts(f"Écrire à {email}.") == f"Écrire à {EMAIL_MASK}."


def test_generated_pseudonyms_follow_row_order():
    table = participants_table(PEOPLE)
    assert table["pseudonym"].tolist() == [
        "Élue 1", "Participant·e 02", "Participant·e 03", "Participant·e 04", "Élu 2",
        "Participant·e 06", "Participant·e 07"]
    assert table["profile"].tolist()[:2] == ["élu·e", "agent·e"]


@pytest.mark.parametrize("text, expected", [
    ("Hélène Le Goff ouvre.", "Élue 1 ouvre."),
    ("HÉLÈNE LE GOFF ouvre.", "Élue 1 ouvre."),
    ("helene le goff ouvre.", "Élue 1 ouvre."),
    ("Hélène Le-Goff ouvre.", "Élue 1 ouvre."),
    ("Le Goff Hélène ouvre.", "Élue 1 ouvre."),
    ("Hélène L. ouvre.", "Élue 1 ouvre."),
    ("H. Le Goff ouvre.", "Élue 1 ouvre."),
    ("Merci Hélène !", "Merci Élue 1 !"),
    ("merci helene !", "merci Élue 1 !"),
    ("Mme Le Goff parle.", "Mme Élue 1 parle."),
    ("d'Hélène et de Jérôme", "d'Élue 1 et de Élu 2"),
    ("jerome tanguy", "Élu 2"),
    ("Noemie Salaun et Noémie", "Participant·e 07 et Participant·e 07"),
])
def test_names_any_case_and_accents(engine, text, expected):
    assert engine(text) == expected


def test_shared_first_name_is_masked_but_initial_disambiguates(engine):
    assert engine("Camille a vu Camille M. et Camille R.") == (
        f"{AMBIGUOUS_MASK} a vu Participant·e 02 et Participant·e 03")
    assert engine("Camille Robin et camille martin") == "Participant·e 03 et Participant·e 02"


def test_common_word_names_need_a_capital(engine):
    text = "Une eau claire et une pierre rose, dit Claire à Pierre ; claire guégan aussi."
    assert engine(text) == (
        "Une eau claire et une pierre rose, dit Participant·e 04 à Participant·e 06 ; "
        "Participant·e 04 aussi.")


def test_last_name_alone_needs_a_capital(engine):
    assert engine("Robin des bois, la robin et Martin") == (
        "Participant·e 03 des bois, la robin et Participant·e 02")


def test_names_inside_words_are_kept(engine):
    assert engine("Claireville, Hélènes, Camilles") == "Claireville, Hélènes, Camilles"


def test_names_in_emails_disappear_with_the_email(engine):
    assert engine("claire.guegan@example.org") == EMAIL_MASK


def test_extra_names_are_replaced_with_a_capital_only():
    engine = Pseudonymizer(PEOPLE, extra_names={"Gérard Dupuis": "Intervenant·e A",
                                                "Condition": "Intervenant·e B"})
    assert engine("Gérard Dupuis, gerard dupuis ; sous condition, Condition") == (
        "Intervenant·e A, gerard dupuis ; sous condition, Intervenant·e B")


def test_extra_names_never_override_participants():
    engine = Pseudonymizer(PEOPLE, extra_names={"Camille": "Intervenant·e A"})
    assert engine("Camille") == AMBIGUOUS_MASK


def test_speaker_resolution(engine):
    assert engine.speaker("hélène") == ("Élue 1", "élu·e")
    assert engine.speaker("Le Goff") == ("Élue 1", "élu·e")
    assert engine.speaker("Camille R.") == ("Participant·e 03", "animateur·rice")
    assert engine.speaker("Élu 2") == ("Élu 2", "élu·e")
    assert engine.speaker("Camille") is None
    assert engine.is_name("Camille")
    assert engine.speaker("Gérard") is None and not engine.is_name("Gérard")


def test_pseudonymize_is_stable_and_accepts_a_table_or_an_engine(engine):
    text = "Hélène Le Goff (06 12 34 56 78) et Claire."
    assert pseudonymize(text, PEOPLE) == pseudonymize(text, engine) == engine(text)
    assert pseudonymize(text, PEOPLE.iloc[::-1].iloc[::-1]) == engine(text)


def test_pseudonymizer_needs_a_name_column():
    with pytest.raises(InvalidArgumentError, match="'name' column"):
        Pseudonymizer(pd.DataFrame({"nom": ["A"]}))


def test_without_participants_only_contacts_are_masked():
    engine = Pseudonymizer(pd.DataFrame({"name": []}))
    assert engine("Hélène, 0612345678") == f"Hélène, {PHONE_MASK}"
