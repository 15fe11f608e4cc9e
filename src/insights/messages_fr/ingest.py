"""Errors, skipped and ignored files, and reader notes: what the reading of an event tells a
reader, as code -> French template (:mod:`insights.messages_fr` joins the parts)."""

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

}
