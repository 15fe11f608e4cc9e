"""The report's own text — headings, captions, tables, method note — and the programme
report's (code -> French template)."""

MESSAGES: dict[str, str] = {
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
