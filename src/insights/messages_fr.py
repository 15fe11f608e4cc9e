"""The French voice of insights: every sentence a reader of the report or the notebooks sees.

The library speaks English to developers (errors, logs, docstrings); what reaches a reader — a
note of the method section, a skipped file's reason, a warning, why a classification stopped,
a recurrence label, a class name — is written here, once, from a code and its parameters::

    fr("skip.empty_file")                      # 'fichier vide'
    fr("reinert.stop.too_small", k=8, n=3)      # a stop reason
    fr_error(exc)                               # an InsightsError, in French

Codes are dotted, grouped by the stage that produces them. Templates use ``str.format``
fields; numbers are written by :func:`fr_number` (French separators). Typography (spaces
before « : », « », apostrophes) is applied where the text is placed, by the report.
"""
from __future__ import annotations

import numbers
from typing import Any

#: code -> French template (``str.format`` fields). Keep each stage's codes together.
MESSAGES: dict[str, str] = {
    # ---------------------------------------------------------------- errors (insights.errors)
    "error": "erreur : {detail}",
    "invalid_input": "{n} fichier(s) d'entrée non valide(s)",
    "invalid_argument": "réglage non valide",
    "bad_value": "valeur non permise pour le réglage « {name} » : {value}",
    "missing_columns": "colonnes manquantes dans « {name} » : {missing}",
    "renamed_twice": "« {old} » et « {new} » donnés ensemble : « {new} » suffit",
    "unexpected": "erreur inattendue ({kind})",

    # ---------------------------------------------------------------- read: skipped / ignored files
    # why a file was skipped (ingest_report.json "skipped"; the reason of an invalid file)
    "skip.empty_file": "fichier vide",
    "skip.no_text": "aucun texte",
    "skip.unreadable": "fichier illisible",
    "skip.limit": "fichier refusé : il dépasse une limite de lecture",
    "skip.cannot_open": "le fichier ne peut pas être ouvert ({error})",
    "skip.unsupported_format": "format {ext} non pris en charge ; formats lus : {supported}",
    "skip.no_memory": "fichier trop gros pour être lu en mémoire : refusé",
    "skip.library_failed": "fichier {ext} illisible ({error})",
    "skip.not_text": "le fichier ne se lit pas comme du texte (contenu binaire ou codage "
                     "inconnu)",
    "skip.too_many_chars": "plus de {limit} caractères de texte (limite par fichier) : refusé",
    "skip.symlink": "lien symbolique : non suivi",
    "skip.not_regular": "pas un fichier ordinaire",
    "skip.too_large": "fichier de plus de {size} : refusé",
    "skip.xml_entities": "une partie XML déclare un type de document ou des entités (risque "
                         "d'expansion « billion laughs ») : refusé",
    "skip.xml_malformed": "une partie XML est mal formée",
    "skip.zip_members": "l'archive compte {n} parties (limite : {limit}) : refusé",
    "skip.zip_bomb": "l'archive se décompresse en {size}, au-delà de la limite de {limit} "
                     "(bombe zip ?) : refusé avant décompression",
    "skip.xml_too_large": "la partie XML {part} se décompresse en {size}, au-delà de la "
                          "limite de {limit} : refusé avant décompression",
    "skip.yaml_alias": "alias YAML (*{alias}) à la ligne {line} : les alias ne sont pas "
                       "permis dans un fichier d'entrée",
    "skip.yaml_too_large": "YAML de {size}, au-delà de la limite de {limit} : refusé",
    "skip.yaml_malformed": "YAML mal formé (ligne {line})",
    "skip.yaml_nested": "YAML trop profondément imbriqué : refusé",
    "skip.yaml_value": "YAML mal formé : valeur non valide",
    "skip.front_matter_malformed": "en-tête YAML mal formé (ligne {line})",
    "skip.front_matter_nested": "en-tête YAML trop profondément imbriqué : refusé",
    "skip.front_matter_value": "en-tête YAML mal formé : « {key} » doit être une valeur simple",
    "skip.front_matter_unclosed": "en-tête YAML mal formé : la ligne « --- » d'ouverture "
                                  "n'est jamais refermée",
    "skip.front_matter_not_mapping": "en-tête YAML mal formé : des lignes « clé: valeur » "
                                     "sont attendues",
    "skip.corrupt": "document {ext} corrompu ou illisible ({error})",
    "skip.pdf_encrypted": "PDF chiffré : son texte ne peut pas être extrait",
    "skip.pdf_pages": "PDF de {n} pages (limite : {limit}) : refusé",
    "skip.vtt_malformed": "fichier WebVTT mal formé ({error})",
    "skip.vtt_no_cue": "fichier WebVTT mal formé : des lignes de minutage, mais aucun "
                       "sous-titre lisible (forme attendue : 00:00:03.200 --> 00:00:05.000)",
    "skip.srt_malformed": "fichier SubRip mal formé ({error})",
    "skip.srt_no_cue": "fichier SubRip mal formé : aucun sous-titre trouvé",
    "skip.csv_no_header": "tableau vide : pas de ligne d'en-tête",
    "skip.csv_header": "en-tête CSV mal formé",
    "skip.csv_malformed": "CSV mal formé vers la ligne {line}",
    "skip.no_column": "pas de colonne « {column} » (colonnes trouvées : {found}) ; "
                      "« {column} » est requise",
    "skip.iramuteq_variable": "variable étoilée mal formée {variable} : la forme attendue "
                              "est *nom_modalité",
    "skip.iramuteq_mark": "ligne {line} : la marque de texte **** doit être suivie d'une "
                          "espace puis des variables étoilées",
    "skip.iramuteq_thematic_first": "ligne {line} : ligne thématique avant la première "
                                    "marque de texte ****",
    "skip.iramuteq_thematic": "ligne {line} : une ligne thématique ne contient que sa variable "
                              "(-*nom_modalité), elle compte {n} mots",
    "skip.iramuteq_text_first": "ligne {line} : du texte avant la première marque de texte "
                                "**** ; un corpus IRaMuTeQ ouvre chaque texte par une ligne "
                                "« **** *variable_modalité … »",
    "skip.iramuteq_empty": "aucun texte dans ce corpus IRaMuTeQ : chaque ligne **** doit être "
                           "suivie des lignes de son texte",
    "skip.no_event_yaml": "absent : chaque dossier d'événement a besoin d'un event.yaml",
    "skip.event_not_mapping": "un dictionnaire aux clés id, title, date, sessions est attendu",
    "skip.event_keys": "clé(s) requise(s) manquante(s) : {missing} (requises : id, title, "
                       "date, sessions)",
    "skip.event_sessions": "« sessions » doit être une liste non vide de {{id, start, title}}",
    "skip.event_stopwords": "« stopwords » doit être une liste de mots",
    "skip.event_forms": "clé « {key} » non valide",
    "skip.event_analysis": "réglage d’analyse « {key} » non valide",
    "skip.session_not_mapping": "la session nº {n} doit avoir les clés id, start, title",
    "skip.session_keys": "il manque à la session nº {n} la ou les clés {missing}",
    "skip.session_start": "session « {session} » : le début {start} n'est pas une heure "
                          "« HH:MM »",
    "skip.session_duplicate": "identifiant(s) de session en double : {sessions}",
    "skip.participants_rows": "{n} lignes, au-delà de la limite de {limit} participants : "
                              "refusé",
    "skip.codebook_themes": "un dictionnaire « themes: {{id: {{label: …, terms: […]}}}} » "
                            "est attendu",
    "skip.codebook_label": "le thème « {theme} » n'a pas de « label »",
    "skip.codebook_terms": "le thème « {theme} » a besoin de « terms », une liste non vide "
                           "de mots",
    "skip.unknown_session": "session inconnue « {session} » ; sessions valides : {valid}",
    "skip.unknown_session_line": "session inconnue « {session} » (ligne {line}) ; sessions "
                                 "valides : {valid}",
    "skip.no_session": "session inconnue : le fichier n'en nomme aucune (en-tête ou colonne "
                       "« session ») ; rangez-le dans le dossier d'une session ou nommez sa "
                       "session ; sessions valides : {valid}",
    "skip.no_session_folder": "session inconnue : le premier dossier « {folder} » n'est pas "
                              "une session et le fichier n'en nomme aucune (en-tête ou colonne "
                              "« session ») ; sessions valides : {valid}",
    "skip.bad_kind": "type « {kind} » non valide : un seul mot, comme notes, livrable, "
                     "transcription, postit",
    # why an entry of the folder was not read (ingest_report.json "ignored")
    "ignore.hidden_file": "fichier caché",
    "ignore.hidden_folder": "dossier caché",
    "ignore.readme": "README : documentation du dossier de l'événement",
    "ignore.not_regular": "pas un fichier ordinaire",
    "ignore.folder_unreadable": "dossier illisible ({error})",
    "ignore.link_loop": "boucle de liens symboliques : non suivie",
    "ignore.link_broken": "lien symbolique brisé : non suivi",
    "ignore.link_file_inside": "lien symbolique vers un fichier du dossier de l'événement : "
                               "non suivi",
    "ignore.link_file_outside": "lien symbolique vers un fichier hors du dossier de "
                                "l'événement : non suivi",
    "ignore.link_folder_inside": "lien symbolique vers un dossier du dossier de l'événement : "
                                 "non suivi",
    "ignore.link_folder_outside": "lien symbolique vers un dossier hors du dossier de "
                                  "l'événement : non suivi",

    # ---------------------------------------------------------------- readers: notes on a file
    # warnings of the ingest (ingest_report.json "warnings")
    "warn.reading": "avertissement de lecture",
    "warn.empty_file": "fichier vide : écarté",
    "warn.no_text": "aucun texte trouvé : fichier écarté",
    "warn.name_not_utf8": "nom de fichier hors UTF-8 : affiché tel que lu en Windows-1252",
    "warn.invalid_codebook": "codebook non valide : ignoré",
    "warn.event_id": "l'identifiant de l'événement diffère du nom de son dossier",
    "warn.paragraph_split": "ligne {line} : un paragraphe de {chars} caractères découpé en "
                            "{n} segments d'au plus {limit} caractères (en fin de phrase)",
    "warn.invalid_utf8": "{n} octet(s) hors UTF-8 dans un fichier UTF-8, chacun remplacé "
                         "par U+FFFD (�) ; vérifiez le fichier",
    "warn.srt_times": "{n} ligne(s) de minutage écrite(s) à la façon SRT (00:00:03,200) : lues "
                      "comme des temps WebVTT (00:00:03.200)",
    "warn.short_rows": "{n} ligne(s) avec moins de cellules que l'en-tête",
    "warn.iramuteq_empty_text": "ligne {line} : texte vide (aucune ligne sous sa ligne ****) : "
                                "écarté",
    "warn.name_uncut": "ligne {row} ({pseudonym}) : le nom commence par une particule (nom "
                       "de famille d'abord ?) ; il est masqué dans tous les ordres, jamais "
                       "coupé. Écrivez-le « Prénom Nom », « NOM Prénom » ou « Nom, Prénom »",

    # ---------------------------------------------------------------- annotate / terms

    # ---------------------------------------------------------------- themes: NMF, codebook, recurrence, quotes
    "nmf.too_small": ("trop peu de texte pour les thèmes NMF : {n_docs} document(s) et "
                      "{n_terms} terme(s) à ajuster"),
    "recurrence.peak": "pic\u00a0: {sessions}",
    "recurrence.concentrated": "concentré\u00a0: {sessions}",
    "recurrence.recurrent": "récurrent sur la journée",
    "recurrence.absent": "absent",

    # ---------------------------------------------------------------- reinert: stop reasons, classes
    "reinert.stop.reached": "nombre de classes demandé atteint ({k})",
    "reinert.stop.min_split_members": (
        "arrêt à {n_classes} classe(s) : la plus grande classe restante ne compte que {size} "
        "unité(s), moins que les {min_split_members} nécessaires pour la diviser"),
    "reinert.stop.too_small": (
        "arrêt à {n_classes} classe(s) : la plus grande classe restante compte {size} unité(s) "
        "et {n_terms} terme(s) actif(s), trop peu pour la diviser (3 au moins)"),
    "reinert.stop.no_active_terms": (
        "arrêt à {n_classes} classe(s) : la plus grande classe restante n’a que {size} "
        "unité(s) avec des termes actifs, trop peu pour la diviser"),
    "reinert.stop.no_cut": (
        "arrêt à {n_classes} classe(s) : aucune coupure de la plus grande classe ne donne un "
        "khi² fini"),
    "reinert.stop.no_partition": (
        "arrêt à {n_classes} classe(s) : aucun ensemble de {next} classes croisées disjointes"),
    "reinert.too_little_text": (
        "trop peu de texte à classer : {n_rows} segment(s) de texte et {n_terms} terme(s) "
        "(3 de chaque au moins)"),
    "reinert.double.too_few_crossed": (
        "classification double : {n} classe(s) croisée(s) seulement avec au moins "
        "{min_members} segments et un khi² d’au moins {min_chi2}"),
    "reinert.double.overlap": (
        "classification double : les {n} classes croisées retenues se recouvrent toutes, "
        "aucune partition en 2 classes disjointes n’existe"),
    "reinert.double.max_partitions": (
        "classification double : la recherche de la meilleure partition en {k} classes a "
        "dépassé {max_partitions} étapes"),
    "reinert.class": "classe {cls}",
    "reinert.class_label": "classe {cls}\u00a0: {terms}",

    # ---------------------------------------------------------------- pipeline: notes of the method section
    "pipeline.nmf_failed": "Thèmes NMF non calculés : {reason}",
    "pipeline.reinert_failed": "Classification Reinert non calculée : {reason}",
    "pipeline.reinert_summary": (
        "Classification Reinert {method} : {n} classes retenues pour {k} demandées ; {left} "
        "segments de texte sur {total} restent non classés. Message de l’algorithme : "
        "« {stop} »."),
    "pipeline.configs_differ": (
        "Les ateliers n’ont pas les mêmes réglages d’analyse (« analysis » de event.yaml) : "
        "le programme retient les réglages par défaut, et ceux du fichier de configuration "
        "donné."),
    "unknown_setting": "réglage inconnu : « {name} »",
    # the settings of an AnalysisConfig (insights.config), by dotted key
    "setting.model": "Modèle spaCy",
    "setting.random_state": "Graine aléatoire",
    "setting.n_quotes": "Citations par thème",
    "setting.codebook": "Grille de codage appliquée",
    "setting.stopwords": "Mots vides ajoutés",
    "setting.nmf.k": "Nombre de thèmes NMF (k)",
    "setting.nmf.k_range": "Intervalle de k exploré (NMF)",
    "setting.nmf.n_terms": "Termes par thème NMF",
    "setting.nmf.min_df": "Fréquence documentaire minimale (NMF)",
    "setting.nmf.max_df": "Fréquence documentaire maximale (NMF)",
    "setting.reinert.method": "Classification Reinert (simple ou double)",
    "setting.reinert.k": "Classes Reinert demandées (k)",
    "setting.reinert.unit_size": "Taille minimale des unités (Reinert simple)",
    "setting.reinert.unit_sizes": "Tailles des unités (Reinert double)",
    "setting.reinert.segment_size": "Taille des segments de texte (mots)",
    "setting.reinert.min_df": "Fréquence documentaire minimale (Reinert)",
    "setting.similarity.n_terms": "Termes du graphe de similitude",
    "setting.similarity.min_df": "Fréquence documentaire minimale (similitude)",
    "setting.specificities.min_df": "Fréquence minimale (spécificités)",
    "setting.programme.shared_ratio": "Thème fort : part d’au moins 1/x de la plus élevée (x)",
    "setting.programme.particular_ratio": "Thème propre : ailleurs, moins de 1/x de sa part (x)",
    "setting.codebook_source": "Grille de codage du programme",

    # ---------------------------------------------------------------- charts / report
    # -- the report of an event (insights.report): kinds of source, methods, captions
    "report.kind.notes": "notes",
    "report.kind.postit": "post-it",
    "report.kind.livrable": "livrable",
    "report.kind.transcription": "transcription",
    "report.kind.questionnaire": "questionnaire",
    "report.method_title.nmf": "Thèmes extraits automatiquement (NMF)",
    "report.method_title.codebook": "Thèmes de la grille de codage",
    "report.method_title.reinert": "Classes de la méthode Reinert",
    "report.method_intro.nmf": (
        "Une factorisation en matrices non négatives (NMF) regroupe les termes qui apparaissent "
        "ensemble dans les mêmes segments ; chaque thème est décrit par ses termes les plus "
        "lourds."),
    "report.method_intro.codebook": (
        "Les thèmes définis à l’avance par l’équipe de recherche (fichier codebook.yaml) sont "
        "repérés par leurs termes, sur les lemmes, sans tenir compte des majuscules ni des "
        "accents."),
    "report.method_intro.reinert": (
        "La classification descendante hiérarchique de Reinert (comme IRaMuTeQ ou rainette) "
        "découpe le corpus en classes de segments au vocabulaire proche."),
    "report.figure": "Figure {n} : {caption}.",
    "report.fig.top-terms": "Les termes les plus fréquents de la journée, colorés selon leur "
                            "thème",
    "report.fig.wordcloud": "Nuage des termes de la journée (couleur = thème)",
    "report.fig.wordclouds-by-session": "Nuages des termes, session par session",
    "report.fig.themes-heatmap": "Part des segments de chaque session portant chaque thème "
                                 "({method})",
    "report.fig.timeline": "Les thèmes au fil de la journée ({method})",
    "report.fig.themes-by-profile": "Les thèmes selon le profil des participants ({method})",
    "report.fig.codebook-coverage": "Couverture de la grille de codage, session par session",
    "report.fig.specificities-session": "Termes sur- et sous-employés dans chaque session",
    "report.fig.specificities-profile": "Termes sur- et sous-employés selon le profil",
    "report.fig.similarity-graph": "Graphe de similitude des termes",
    "report.fig.reinert-dendrogram": "Dendrogramme de la classification Reinert",
    "report.fig.reinert-dendrogram-double": (
        "Dendrogramme de la première des deux classifications simples que croise la "
        "classification double ; une branche prend la couleur de la classe finale qui regroupe "
        "la majorité de ses segments"),
    "report.fig.reinert-profiles": "Profils des classes Reinert",
    "report.fig.first_tree_title": "Première classification simple (méthode Reinert)",
    "report.fig.branch": "Branche",
    "report.fig.final_class": "Classe finale {c}",
    "report.fig.no_final_class": "Branche sans classe finale majoritaire",
    # -- the report of an event: its text, section by section
    "report.title": "Rapport",
    "report.toc": "Sommaire",
    "report.subtitle": "Rapport d’analyse de l’atelier du {date}",
    "report.h.programme": "1. L’atelier et son programme",
    "report.h.corpus": "2. Le corpus en chiffres",
    "report.h.themes": "3. Les thèmes récurrents",
    "report.h.specificities": "4. Spécificités lexicales",
    "report.h.similarity": "5. Le graphe de similitude",
    "report.h.reinert": "6. La classification Reinert",
    "report.h.method": "7. Note de méthode",
    "report.fact.date": "Date",
    "report.fact.place": "Lieu",
    "report.fact.programme": "Programme",
    "report.fact.organisers": "Organisation",
    "report.col.time": "Heure",
    "report.col.session": "Session",
    "report.col.id": "Identifiant",
    "report.col.segments": "Segments",
    "report.col.share": "Part",
    "report.col.type": "Type",
    "report.col.profile": "Profil",
    "report.col.file": "Fichier",
    "report.col.reason": "Raison",
    "report.col.message": "Message",
    "report.col.theme": "Thème",
    "report.col.theme_share": "Part des segments",
    "report.col.sessions": "Sessions",
    "report.col.recurrence": "Récurrence",
    "report.col.overused": "Termes sur-employés (score de spécificité)",
    "report.not_given": "non renseigné",
    "report.corpus": (
        "Le corpus compte **{segments} segments** (paragraphes, post-it, tours de parole…) tirés "
        "de **{files}** ; {skipped} et {warnings} à la lecture. L’analyse retient {terms} termes "
        "distincts ({occurrences} occurrences)."),
    "report.word.file": "fichier",
    "report.word.skipped_file": "fichier écarté",
    "report.word.skipped_files": "fichiers écartés",
    "report.word.warning": "avertissement",
    "report.word.segment": "segment",
    "report.word.session": "session",
    "report.word.class": "classe",
    "report.word.pseudonym": "pseudonyme",
    "report.h.by_kind": "Segments par type de source",
    "report.h.by_profile": "Segments par profil de participant",
    "report.pseudonyms": "Les segments attribués à une personne le sont sous pseudonyme ; "
                         "{n} pseudonymes distincts.",
    "report.h.skipped": "Fichiers écartés",
    "report.h.read_warnings": "Avertissements de lecture",
    "report.themes_intro": (
        "Chaque méthode propose sa lecture du corpus ; un même thème garde la même couleur dans "
        "toutes les figures. Une « part » est la proportion des segments qui portent le thème ; "
        "les citations sont les segments qui le représentent le mieux, telles qu’écrites ou "
        "dites."),
    "report.h.coverage": "Couverture de la grille, session par session",
    "report.h.cooccurrence": "Thèmes de la grille qui se croisent",
    "report.cooccurrence": "Nombre de segments portant à la fois le thème de la ligne et celui "
                           "de la colonne (la diagonale : segments du thème).",
    "report.key_terms": "Termes clés :",
    "report.theme_share_label": "Part des segments :",
    "report.theme_share": "{share} ({segments}, dans {sessions})",
    "report.recurrence": "Récurrence :",
    "report.anonymous": "participant·e non identifié·e",
    "report.specificities_intro": (
        "Un terme est spécifique d’une partie du corpus (une session, un profil) quand il y est "
        "employé plus (score positif) ou moins (score négatif) que ne le voudrait le hasard "
        "(modèle hypergéométrique de Lafon) ; |score| < 2 est la zone de banalité."),
    "report.h.spec_session": "Par session",
    "report.h.spec_profile": "Par profil",
    "report.similarity": (
        "Les {n} termes les plus fréquents sont reliés par l’arbre maximal de leurs "
        "cooccurrences : deux termes voisins apparaissent souvent dans les mêmes segments ; les "
        "couleurs marquent des communautés de termes (des « mondes lexicaux »)."),
    "report.reinert_tree": (
        "La hauteur d’une branche est le χ² de la partition : plus il est élevé, plus les deux "
        "groupes de segments ont des vocabulaires opposés."),
    "report.reinert_classes": "{classes} regroupent {segments} de texte.",
    "report.reinert_stop": "Arrêt de la classification :",
    "report.reinert_none": "La classification n’a pas pu être faite sur ce corpus (voir la "
                           "note de méthode).",
    # -- why a file was skipped, until the reading gives codes of its own (English reasons)
    "report.skip.other": "fichier non valide (détail dans ingest_report.json)",
    "report.warning.other": "remarque de lecture (détail dans ingest_report.json)",
    # -- the method note (an event's report and a programme's)
    "report.reproducible": (
        "Ce rapport est produit par la bibliothèque insights ; avec les mêmes fichiers d’entrée, "
        "les mêmes réglages et les mêmes versions, il se reproduit à l’identique."),
    "report.command": "Commande :",
    "report.h.settings": "Réglages",
    "report.col.setting": "Réglage",
    "report.col.value": "Valeur",
    "report.h.k_choice": "Nombre de thèmes et de classes",
    "report.h.versions": "Versions des logiciels",
    "report.col.software": "Logiciel",
    "report.col.version": "Version",
    "report.h.inputs": "Empreintes des fichiers d’entrée (SHA-256)",
    "report.h.notes": "Remarques du traitement",
    "report.privacy": (
        "Les noms des participants sont remplacés par des pseudonymes et les adresses "
        "électroniques et numéros de téléphone masqués dès la lecture des fichiers ; aucune "
        "donnée personnelle ne figure dans ce rapport."),
    "report.nmf_k": (
        "**Thèmes NMF.** Le nombre de thèmes k est celui qui maximise le score cohérence × "
        "couverture : la cohérence (NPMI moyenne des paires de termes d’un thème) baisse quand "
        "un vrai thème est coupé en morceaux, la couverture (part des termes d’un segment parmi "
        "ceux de son thème) baisse quand deux thèmes sont fondus."),
    "report.col.coherence": "Cohérence",
    "report.col.coverage": "Couverture",
    "report.col.score": "Score",
    "report.col.chosen": "Retenu",
    "report.yes": "oui",
    "report.no": "non",
    "report.auto": "automatique",
    "report.reinert_k": (
        "**Classification Reinert.** {classes} pour {k} demandées ; chaque ligne donne le niveau "
        "de l’arbre à k classes. Un segment de texte reste non classé quand il n’a plus aucun "
        "terme actif dans la classe à découper (ou, pour la classification double, quand les "
        "deux classifications ne s’accordent pas)."),
    "report.col.chi2_partition": "χ² de la partition",
    "report.col.chi2_cut": "χ² de la coupure",
    "report.col.classified": "Segments de texte classés",
    "report.unclassified": (
        "Non classés : {left} de texte sur {units} ({share}), soit {segments} d’origine sur "
        "{total} sans aucune classe. Les segments sont découpés et regroupés sans jamais "
        "franchir la limite d’un texte (un post-it, une réponse, une prise de parole, une "
        "section de notes)."),
    # -- the report of a programme (insights.report_programme)
    "report.programme.fig.events-overview": (
        "Les ateliers du programme : segments par type de source, dans l’ordre des dates"),
    "report.programme.fig.top-terms": (
        "Les termes les plus fréquents du programme, colorés selon leur thème"),
    "report.programme.fig.theme-spread": (
        "Part des segments de chaque atelier portant chaque thème : thèmes communs et "
        "particuliers ({method})"),
    "report.programme.fig.themes-by-event": (
        "Les thèmes atelier par atelier, dans l’ordre des dates ({method})"),
    "report.programme.fig.specificities-event": "Termes sur- et sous-employés dans chaque "
                                                "atelier",
    "report.programme.subtitle": "Rapport comparé {what} du programme, {span}",
    "report.programme.n_events": "des {n} ateliers",
    "report.programme.one_event": "d’un atelier",
    "report.programme.span": "du {first} au {last}",
    "report.programme.day": "du {first}",
    "report.programme.h.events": "1. Les ateliers en un coup d’œil",
    "report.programme.h.scope": "2. Thèmes communs, thèmes particuliers",
    "report.programme.h.by_event": "3. Les thèmes atelier par atelier",
    "report.programme.h.distinct": "4. Ce qui distingue chaque atelier",
    "report.programme.h.quotes": "5. Les thèmes et leurs citations",
    "report.programme.h.method": "6. Note de méthode",
    "report.programme.h.day": "{event} : le programme de la journée",
    "report.col.date": "Date",
    "report.col.event": "Atelier",
    "report.col.title": "Titre",
    "report.col.place": "Lieu",
    "report.col.words": "Mots",
    "report.col.participants": "Participants",
    "report.col.programme": "Programme",
    "report.col.reading": "Lecture",
    "report.programme.totals": (
        "Au total, **{segments} segments** tirés de {files} ; {skipped} à la lecture (détail "
        "par atelier dans ingest_report.json). Les « participants » sont les personnes de la "
        "liste de chaque atelier (participants.csv)."),
    "report.programme.pseudonyms": (
        "Chaque atelier garde ses sessions, ses participant·e·s et ses pseudonymes : un même "
        "pseudonyme dans deux ateliers désigne deux personnes, que les tableaux distinguent par "
        "l’identifiant de l’atelier (« Élue 1 (rennes-2019-11-28) »)."),
    "report.programme.shared_one": " Ici, {n} se retrouve dans plusieurs ateliers ({shown}).",
    "report.programme.shared_many": " Ici, {n} se retrouvent dans plusieurs ateliers ({shown}).",
    "report.programme.rule": (
        "**La règle.** Pour chaque thème, on calcule la part des segments de chaque atelier qui "
        "le portent, et on la compare à sa part la plus élevée. Le thème est *fort* dans un "
        "atelier où cette part atteint au moins 1/{shared} de la plus élevée. Il est **commun à "
        "tous les ateliers** quand il est fort dans chacun (aucun atelier n’en parle {shared} "
        "fois moins que celui qui en parle le plus) ; **propre à un atelier** quand, dans tous "
        "les autres, sa part est inférieure à 1/{particular} de celle de cet atelier (il "
        "n’existe presque pas ailleurs) ; **surtout présent** dans un atelier quand il n’est "
        "fort que dans celui-là mais existe ailleurs ; **partagé par** certains ateliers quand "
        "il est fort dans plusieurs, pas dans tous (à partir de trois ateliers). Les parts sont "
        "comparées atelier par atelier, pas en nombre de segments : un atelier plus long ne "
        "pèse pas plus."),
    "report.programme.single": (
        "Le programme ne compte qu’un atelier : il n’y a rien à comparer, chaque thème est "
        "celui de cet atelier. Les tableaux et figures qui suivent sont ceux du programme d’un "
        "seul atelier."),
    "report.programme.scope.shared": "Communs à tous les ateliers :",
    "report.programme.scope.particular": "Propres à {event} :",
    "report.programme.scope.dominant": "Surtout présents à {event} :",
    "report.programme.scope.partial": "Partagés par certains ateliers :",
    "report.programme.by_event": (
        "Chaque thème garde la même couleur dans toutes les figures ; les ateliers sont rangés "
        "par date. Une « part » est la proportion des segments de l’atelier qui portent le "
        "thème."),
    "report.programme.distinct": (
        "Un terme est spécifique d’un atelier quand il y est employé plus (score positif) ou "
        "moins (score négatif) que dans l’ensemble du programme ne le voudrait le hasard ; les "
        "termes les plus sur-employés de chaque atelier :"),
    "report.programme.no_other": "Un seul atelier : il n’y a pas d’autre atelier auquel le "
                                 "comparer.",
    "report.programme.quotes": (
        "Pour chaque thème, les segments qui le représentent le mieux, tels qu’écrits ou dits, "
        "avec l’atelier d’où ils viennent ; le choix favorise des citations de plusieurs "
        "ateliers et de plusieurs personnes."),
    "report.programme.event_shares": "Part des segments de chaque atelier :",
    "report.programme.reading": "Lecture :",
    "report.programme.no_method": "Aucune méthode de thèmes n’a pu être appliquée (voir la note "
                                  "de méthode).",
    "report.programme.book.events": (
        "l’union des grilles des ateliers (un thème présent dans plusieurs grilles garde le "
        "libellé du premier atelier et réunit leurs termes)"),
    "report.programme.book.argument": "la grille du programme donnée à l’appel",
    "report.programme.book.file": "la grille du programme {name}",
    "report.programme.method": (
        "Les ateliers sont lus un par un, chacun avec sa liste de participants et ses "
        "pseudonymes, puis réunis : les identifiants de segments et de textes sont préfixés par "
        "l’identifiant de l’atelier, les pseudonymes suivis de lui. Tous les segments sont "
        "annotés ensemble (mots vides : ceux du français et l’union de ceux des ateliers), si "
        "bien qu’un terme est le même terme dans chaque atelier ; les thèmes NMF, la "
        "classification Reinert et la grille de codage sont ajustés sur tous les ateliers à la "
        "fois, avec les réglages du rapport d’une journée. La grille de codage est {book}. Les "
        "spécificités opposent chaque atelier à l’ensemble des autres (modèle hypergéométrique "
        "de Lafon ; |score| < 2 est la zone de banalité)."),

    # charts (insights.charts, insights.programme_charts): titles, axis labels, legends.
    # The no-break spaces of French typography are written in (\u00a0 before « : », inside « »).
    "chart.method.nmf": "NMF",
    "chart.method.codebook": "grille de codage",
    "chart.method.reinert": "classification Reinert",
    "chart.all_themes": "tous les thèmes",
    "chart.no_profile": "Sans profil",
    "chart.source": "Atelier, n\u00a0=\u00a0{n} segments",
    "chart.source.dated": "Atelier du {date}, n\u00a0=\u00a0{n} segments",
    "chart.term": "Terme",
    "chart.theme": "Thème",
    "chart.no_theme": "Hors des thèmes",
    "chart.colour_is_theme": "Couleur = thème",
    "chart.legend": "Légende",
    "chart.session_axis": "Session (dans l’ordre du programme)",
    "chart.session_share": "Part des segments de la session",
    "chart.top_terms.bars": "Occurrences du terme",
    "chart.top_terms.xlabel": "Nombre d’occurrences",
    "chart.top_terms.title": "Les {n} termes les plus fréquents",
    "chart.top_terms.legend": "Thèmes ({method})",
    "chart.wordcloud.title": "Nuage des termes de la journée",
    "chart.wordclouds.title": "Nuages des termes, session par session",
    "chart.wordclouds.empty": "aucun terme",
    "chart.heatmap.title": "Les thèmes session par session ({method})",
    "chart.heatmap.colorbar": "Part des segments",
    "chart.timeline.hour": "{hour}\u00a0h",
    "chart.timeline.xlabel": "Heure de la journée (un point = le début d’une session)",
    "chart.timeline.title": "Les thèmes au fil de la journée ({method})",
    "chart.profiles.xlabel": "Profil des participants",
    "chart.profiles.ylabel": "Part des segments du profil",
    "chart.profiles.title": "Les thèmes selon le profil ({method})",
    "chart.codebook.title": "Couverture de la grille de codage, session par session",
    "chart.spec.over": "Terme sur-employé (score > 0)",
    "chart.spec.under": "Terme sous-employé (score < 0)",
    "chart.spec.banality": "Zone de banalité (|score|\u00a0<\u00a02)",
    "chart.spec.xlabel": "Score de spécificité",
    "chart.spec.xlabel_signed": "Score de spécificité (signé)",
    "chart.spec.title": "Termes spécifiques\u00a0: {part}",
    "chart.spec.grid_title": "Termes spécifiques de chaque {part}",
    "chart.spec.part.session": "session",
    "chart.spec.part.profile": "profil",
    "chart.spec.part.event": "atelier",
    "chart.spec.absent": "Aucune valeur de «\u00a0{variable}\u00a0» dans ces données "
                         "(variables présentes\u00a0: {present}).",
    "chart.spec.no_variable": "aucune",
    "chart.graph.empty": "graphe vide",
    "chart.graph.community": "Communauté {community}",
    "chart.graph.cooccurrence": "Cooccurrence (épaisseur)",
    "chart.graph.title": "Graphe de similitude des termes (arbre maximal des cooccurrences)",
    "chart.graph.word_size": "Taille du mot = fréquence du terme",
    "chart.reinert.class": "Classe",
    "chart.reinert.leaf": "{leaf} {number}",
    "chart.reinert.leaf_size": " ({n}\u00a0segments)",
    "chart.reinert.leaves_f": "{leaf}s terminales",
    "chart.reinert.leaves_m": "{leaf}s terminaux",
    "chart.reinert.title": "Classification descendante hiérarchique (méthode Reinert)",
    "chart.reinert.xlabel": "χ² de la partition (hauteur de la coupure)",
    "chart.reinert.class_size": " (n\u00a0=\u00a0{n} segments)",
    "chart.reinert.profiles_xlabel": "χ² d’association à la classe",
    "chart.reinert.profiles_title": "Profils des classes Reinert\u00a0: termes les plus "
                                    "caractéristiques",
    # programme charts
    "chart.scope.shared": "commun à tous les ateliers",
    "chart.scope.dominant": "surtout présent à un atelier",
    "chart.scope.partial": "partagé par certains ateliers",
    "chart.scope.particular": "propre à un atelier",
    "chart.scope.single": "un seul atelier",
    "chart.scope.absent": "absent",
    "chart.programme.source": "{head}{n} atelier{s} ({when}), n\u00a0=\u00a0{segments} segments",
    "chart.programme.source_title": "Programme «\u202f{title}\u202f», ",
    "chart.programme.event_axis": "Atelier (par date)",
    "chart.programme.heatmap_title": "Les thèmes atelier par atelier ({method})",
    "chart.programme.segments": "{n} segments",
    "chart.programme.words": ", {n} mots",
    "chart.programme.segments_axis": "Segments",
    "chart.programme.overview_title": "Les ateliers du programme en un coup d’œil",
    "chart.programme.kind_legend": "Type de source",
    "chart.programme.spread_xlabel": "Part des segments de l’atelier portant le thème",
    "chart.programme.spread_title": "Thèmes communs et thèmes particuliers ({method})",


    # ---------------------------------------------------------------- programme
    "programme.title": "Programme de {n} ateliers",
    "programme.title_one": "Programme d’un atelier",
    "programme.labels_differ": (
        "Le thème « {theme} » de la grille porte plusieurs libellés selon l’atelier "
        "({labels}) ; le programme retient « {label} »."),
    "programme.label_of": "« {label} » : {event}",
    # how a theme spreads over the events (programme_analysis.event_scope codes)
    "programme.scope.shared": "commun à tous les ateliers",
    "programme.scope.particular": "propre à {name}",
    "programme.scope.dominant": "surtout présent à {name}",
    "programme.scope.partial": "partagé par\u00a0: {names}",
    "programme.scope.single": "un seul atelier",
    "programme.scope.absent": "absent",
}


def fr_number(value: Any, digits: int = 0) -> str:
    """``value`` written the French way: narrow no-break space between thousands, decimal
    comma (``12 345,6``). Other values are returned with ``str``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    text = f"{value:,.{digits}f}" if digits or not isinstance(value, numbers.Integral) \
        else f"{value:,d}"
    return text.replace(",", "\u202f").replace(".", ",")


def _format_param(value: Any) -> Any:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return fr_number(value, 0 if isinstance(value, numbers.Integral) else 2)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(_format_param(v)) for v in value)
    return value


def fr(code: str, /, **params: Any) -> str:
    """The French text of ``code`` with ``params`` filled in (numbers the French way).
    Raises ``KeyError`` for a code the catalogue lacks: a missing translation is a bug,
    caught by the tests, never English shown to a reader."""
    template = MESSAGES[code]
    return template.format(**{k: _format_param(v) for k, v in params.items()})


def fr_ingest(entry: Any) -> str:
    """What a reader is told of one entry of ``ingest_report.json`` (a file ``skipped`` or
    ``ignored``, or a ``warning``): the French text of its ``code`` and ``params``. An entry
    without a known code (a report written before codes existed) gets the French text of its
    English reason when the catalogue knows it, else a neutral French sentence: never
    English."""
    if not isinstance(entry, dict):
        return fr("warn.reading")
    code, params = entry.get("code"), entry.get("params") or {}
    if isinstance(code, str) and code in MESSAGES and isinstance(params, dict):
        try:
            return fr(code, **params)
        except (KeyError, IndexError, ValueError):
            pass
    legacy = _LEGACY_REASONS.get(str(entry.get("reason", entry.get("message", ""))))
    if legacy:
        return fr(legacy)
    return fr("warn.reading" if "message" in entry and "reason" not in entry
              else "skip.unreadable")


#: the English reasons of reports written before codes existed, by their code
_LEGACY_REASONS = {"empty file": "skip.empty_file", "no text": "skip.no_text",
                   "hidden file": "ignore.hidden_file", "hidden folder": "ignore.hidden_folder",
                   "empty file: skipped": "warn.empty_file",
                   "no text found: skipped": "warn.no_text"}


def fr_error(exc: BaseException) -> str:
    """What a reader is told of ``exc``: the French text of its ``code`` (an
    :class:`~insights.errors.InsightsError`), or a sentence naming only its type."""
    code = getattr(exc, "code", None)
    params = getattr(exc, "params", None)
    if isinstance(code, str) and code in MESSAGES and isinstance(params, dict):
        try:
            return fr(code, **params)
        except (KeyError, IndexError):
            pass
    return fr("unexpected", kind=type(exc).__name__)
