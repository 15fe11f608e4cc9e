"""Two tiny fictional events of one programme, built in a test's folder.

``beta`` (10 May 2020, rural) talks about mobility, ``alpha`` (1 March 2021, urban) about
wasteland and buildings; both talk about welcome. Both have a participant whose pseudonym is
« Élue 1 » (two different people), and they share the session id ``chantiers`` but not the
others. ``PLANTED`` lists personal data that must never reach an output.
"""
from __future__ import annotations

from pathlib import Path

PLANTED = ["Odile Marchand", "Marchand", "Sylvie Roux", "Roux", "odile@example.org",
           "06 11 22 33 44", "sylvie.roux@example.org", "07 98 76 54 32"]

COMMON = [
    "L'accueil des habitants au lieu partagé demande du temps et des bénévoles.",
    "Les bénévoles de l'association tiennent l'accueil du lieu chaque semaine.",
    "La commune soutient le projet du lieu et l'accueil des nouveaux habitants.",
    "Un accueil chaleureux fait venir les habitants qui ne viennent jamais au lieu.",
]
RURAL = [
    "Le covoiturage vers le marché évite aux habitants de prendre la voiture seuls.",
    "La navette du jeudi emmène les anciens au bourg, à vingt kilomètres du lieu.",
    "Sans voiture, la mobilité devient un problème : le transport solidaire aide.",
    "Les chauffeurs bénévoles du transport solidaire font des kilomètres chaque semaine.",
    "Une plateforme de covoiturage entre communes rapprocherait les habitants du lieu.",
    "La mobilité des jeunes sans permis passe par la navette et le covoiturage.",
    "Le garage solidaire répare les voitures des habitants qui roulent loin.",
    "Les kilomètres à parcourir freinent la mobilité vers le lieu partagé.",
]
URBAN = [
    "La friche du quartier accueille des ateliers en attendant le projet immobilier.",
    "Le bâtiment vacant de la friche pourrait devenir un lieu partagé du quartier.",
    "Le foncier coûte cher : l'urbanisme transitoire ouvre la friche aux habitants.",
    "Les habitants du quartier veulent garder la friche après les travaux du bâtiment.",
    "Un bail précaire sur le bâtiment limite le projet de la friche.",
    "L'urbanisme transitoire permet d'occuper le bâtiment vacant du quartier.",
    "Le propriétaire du foncier accepte une convention pour la friche du quartier.",
    "La friche devient un lieu de quartier ouvert aux associations.",
]

CODEBOOK_BETA = """\
themes:
  accueil:
    label: "Postures d'accueil"
    terms: [accueil, accueillir]
  mobilite:
    label: "Mobilités rurales"
    terms: [mobilité, covoiturage, navette, "transport solidaire"]
"""
CODEBOOK_ALPHA = """\
themes:
  accueil:
    label: "Accueil"
    terms: [accueil, "pas de porte"]
  friches:
    label: "Friches et foncier"
    terms: [friche, foncier, "urbanisme transitoire"]
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _event_yaml(event_id: str, title: str, day: str, place: str,
                sessions: list[tuple[str, str, str]]) -> str:
    lines = [f"id: {event_id}", f'title: "{title}"', f"date: {day}", f'place: "{place}"',
             'programme: "Programme de test"', "sessions:"]
    lines += [f'  - {{id: {s}, start: "{t}", title: "{n}"}}' for s, t, n in sessions]
    return "\n".join(lines) + "\n"


def make_beta(root: Path, *, folder: str = "beta-2020-05-10", event_id: str = "beta-2020-05-10",
              codebook: bool = True) -> Path:
    """The rural event (earlier date): sessions ``accueil`` and ``chantiers``."""
    event = root / folder
    _write(event / "event.yaml", _event_yaml(
        event_id, "Partager la route", "2020-05-10", "Salle des fêtes, Bourg-Neuf (Creuse)",
        [("accueil", "09:30", "Accueil"), ("chantiers", "14:00", "Chantiers")]))
    _write(event / "participants.csv",
           "name;email;phone;profile;pseudonym\n"
           "Odile Marchand;odile@example.org;06 11 22 33 44;élu·e;Élue 1\n")
    if codebook:
        _write(event / "codebook.yaml", CODEBOOK_BETA)
    turns = [f"Odile Marchand : {COMMON[0]} Écrivez à odile@example.org.", RURAL[0]]
    _write(event / "accueil" / "table.md", "\n\n".join(turns + COMMON[1:] + RURAL[1:4]) + "\n")
    _write(event / "chantiers" / "groupe.md", "\n\n".join(
        RURAL[4:] + [f"Odile Marchand : {RURAL[2]}", COMMON[3], RURAL[1], RURAL[3]]) + "\n")
    return event


def make_alpha(root: Path, *, folder: str = "alpha-2021-03-01",
               codebook: bool = True) -> Path:
    """The urban event (later date): sessions ``matin`` and ``chantiers``."""
    event = root / folder
    _write(event / "event.yaml", _event_yaml(
        "alpha-2021-03-01", "Partager les murs", "2021-03-01", "Maison du quartier, Ville-Haute",
        [("matin", "09:00", "Le matin"), ("chantiers", "14:30", "Chantiers")]))
    _write(event / "participants.csv",
           "name,email,phone,profile,pseudonym\n"
           "Sylvie Roux,sylvie.roux@example.org,07 98 76 54 32,élu·e,Élue 1\n")
    if codebook:
        _write(event / "codebook.yaml", CODEBOOK_ALPHA)
    _write(event / "matin" / "notes.md", "\n\n".join(
        [f"Sylvie Roux : {URBAN[0]}"] + URBAN[1:5] + COMMON[:2] + [RURAL[0]]) + "\n")
    _write(event / "chantiers" / "postits.csv", "text\n" + "\n".join(
        f'"{t}"' for t in URBAN[4:] + COMMON[2:] + [f"Appeler Sylvie Roux au 07 98 76 54 32."])
        + "\n")
    return event
