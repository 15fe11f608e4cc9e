"""Annotation, themes, Reinert classes and the pipeline's notes of the method section.

Code -> French template; see :mod:`insights.messages_fr`."""

MESSAGES: dict[str, str] = {
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

}
