"""Hand-written text of the five group deliverables of the fictional sample day (session « En action »).

Each deliverable is a list of blocks: ("h1" | "h2" | "p", text), ("ul", [items]) or
("table", [header_row, row, ...]). `build_sample_afternoon.py` turns them into .docx, .odt and .pdf.
The people, places and figures are invented; names, e-mails and phone numbers of participants are
planted on purpose so that the pseudonymisation of `insights` has something to remove.
"""

GROUPE_1 = [
    ("h1", "Partenariat public-privé-commun pour un tiers-lieu rural"),
    ("p", "Groupe 1 — atelier « En action », Rennes, 28 novembre 2019. Cas étudié : La Cambuse, "
          "tiers-lieu installé au cœur d'un bourg de 900 habitant·e·s, dans un ancien bar-épicerie."),
    ("h2", "Le problème"),
    ("p", "La Cambuse fonctionne : un café, un dépôt de pain, un coin réparation, une salle prêtée aux "
          "associations. Mais le lieu vit sous une convention d'occupation précaire renouvelée chaque "
          "année. Personne n'ose investir, ni la commune propriétaire des murs, ni l'association qui "
          "l'anime avec une quinzaine de bénévoles."),
    ("p", "Nous avons constaté que la difficulté n'est pas d'abord financière. Elle tient à la "
          "gouvernance : le public sait subventionner, le privé sait louer, mais la communauté qui fait "
          "vivre le lieu — le commun — n'a de place dans aucun document. Le mot « partenariat » recouvre "
          "alors souvent une relation de tutelle, où la collectivité finance et l'association rend des "
          "comptes."),
    ("h2", "Qui apporte quoi ?"),
    ("table", [
        ["Acteur", "Ce qu'il apporte", "Ce qu'il attend"],
        ["Commune", "Les murs, le chauffage, une aide ponctuelle des services techniques",
         "Un bourg vivant, un lieu ouvert sans avoir à le gérer"],
        ["Association", "Le temps bénévole, l'animation, l'accueil au quotidien",
         "De la stabilité pour investir et une vraie voix dans les décisions"],
        ["Acteurs privés locaux", "Dépôt de pain, mobilier financé par une banque locale",
         "De la visibilité et des client·e·s"],
        ["Habitant·e·s et usager·ère·s", "La vie du lieu, les idées, les coups de main",
         "Être écouté·e·s, y compris celles et ceux qui ne viennent pas encore"],
        ["Communauté de communes et Région", "Appels à projets, ingénierie, investissement",
         "Un modèle qui puisse essaimer sur d'autres bourgs"],
    ]),
    ("h2", "Trois pistes"),
    ("ul", [
        "Une charte de gouvernance partagée, signée par la commune, l'association et les "
        "usager·ère·s : la commune s'engage à consulter l'assemblée du lieu et à motiver sa décision "
        "si elle ne suit pas son avis. Faisable tout de suite, sans changer de statut.",
        "Un bail de longue durée (emphytéotique ou bail réel solidaire) pour sortir de la précarité "
        "et permettre des travaux.",
        "À plus long terme, une SCIC intercommunale « parapluie » qui porte le foncier et les "
        "fonctions support (comptabilité, assurances, juridique) de plusieurs tiers-lieux ruraux, "
        "chaque lieu gardant son association pour l'animation.",
    ]),
    ("h2", "Pour démarrer"),
    ("p", "Une commune volontaire, une association prête à écrire la charte avec ses usager·ère·s, et "
          "un accompagnement de six mois pour la rédiger. La question que nous posons aux élu·e·s : qui "
          "est prêt à signer une charte qui engage la commune au-delà du mandat ?"),
    ("p", "Contacts pour visiter La Cambuse ou La Grange aux Liens : Claire Guégan, le mardi sur place ; "
          "Yann Le Corre, yann.lecorre@example.org."),
]

GROUPE_2 = [
    ("h1", "Accueillir sans condition"),
    ("p", "Petit guide du groupe 2, atelier « En action ». Il est né d'une histoire racontée par Mohamed "
          "en début de séance : un monsieur arrive à l'épicerie solidaire à midi moins cinq, on lui "
          "demande de revenir jeudi, il ne revient jamais. Personne ne saura ce qu'il était venu chercher."),
    ("p", "L'accueil inconditionnel est une règle : on ne trie personne à l'entrée. La posture d'accueil "
          "est ce que les gens ressentent. On peut être inconditionnel et froid, ou chaleureux et très "
          "sélectif. Ce guide essaie de tenir les deux ensemble, en regardant trois choses."),
    ("h2", "Ce que dit le lieu"),
    ("p", "Le bâtiment parle avant nous. Une vitre, un guichet, un écran d'attente, un digicode, une "
          "affiche « merci de patienter » disent au visiteur qu'il est un dossier. Un comptoir où l'on "
          "sert un café, des chaises à hauteur, une porte ouverte disent qu'il est attendu. Nous proposons "
          "de séparer deux temps et deux espaces : d'abord un espace où chacun·e peut entrer et s'asseoir "
          "sans rien justifier, ensuite un espace pour les démarches et les vérifications."),
    ("h2", "Ce que disent les personnes"),
    ("ul", [
        "Ne renvoyer personne sans lui avoir demandé ce qu'il ou elle venait chercher, même à midi moins cinq.",
        "Aller vers les gens dès qu'ils entrent, debout, sans bureau entre nous.",
        "Parler de la carte, du justificatif ou du dossier après le café, pas avant.",
        "Savoir dire « je ne sais pas, mais je sais qui sait » et accompagner jusqu'à la bonne personne.",
    ]),
    ("h2", "Ce que dit l'organisation"),
    ("p", "Les horaires, les règles écrites et les règles implicites, et surtout la question de qui a le "
          "droit de dire non. Nous proposons une charte d'accueil écrite avec des usager·ère·s, affichée à "
          "l'entrée et traduite, et des formations communes aux agent·e·s d'accueil de la Ville et aux "
          "bénévoles des lieux partenaires, fondées sur l'analyse de situations réelles entre pairs plutôt "
          "que sur un module descendant."),
    ("h2", "Situations et réponses"),
    ("table", [
        ["Situation vécue", "Ce qu'on a fait", "Ce qu'on pourrait faire"],
        ["Quelqu'un arrive juste avant la fermeture",
         "On lui demande de revenir un autre jour",
         "Prendre deux minutes pour savoir ce qu'il cherche et noter un rendez-vous"],
        ["Une personne reste des heures sans consommer",
         "Les bénévoles se regardent, la gêne s'installe",
         "Rappeler en équipe que la règle vaut pour tou·te·s et lui proposer une activité"],
        ["Une personne arrive en colère après des jours sans réponse",
         "On se défend, on rappelle les horaires",
         "Accueillir la colère, reformuler, appeler ensemble l'administration concernée"],
        ["Quelqu'un ne parle pas français",
         "On cherche un·e collègue au hasard",
         "Une liste des langues parlées par l'équipe et les bénévoles, affichée à l'accueil"],
    ]),
    ("h2", "Une question qui reste"),
    ("p", "L'accueil repose sur des personnes souvent épuisées, souvent des femmes, souvent bénévoles ou "
          "en contrat précaire. Qui accueille les accueillant·e·s ? Nous proposons des visites croisées "
          "entre un CCAS et un café associatif pour commencer à y répondre."),
]

GROUPE_3 = [
    ("h1", "Le centre social qui sort de ses murs"),
    ("p", "Restitution écrite du groupe 3, atelier « En action ». Point de départ : une maison de quartier "
          "bien équipée qui voit « toujours les mêmes », alors que les familles des tours voisines et les "
          "jeunes du skatepark n'y entrent jamais, malgré les flyers et les portes ouvertes."),
    ("h2", "Ce que nous avons appris des expériences"),
    ("p", "L'espace de vie sociale Ty Lien n'a presque pas de bâtiment : il a dû sortir. Un triporteur, "
          "une bâche, un thermos et des chaises pliantes suffisent pour être présent sur le marché, devant "
          "l'école ou au lavoir. Le fablab a fait la même chose avec un camion atelier. Hors les murs, "
          "les gens ne demandent pas ce que vous êtes, ils viennent voir ce que vous faites."),
    ("p", "L'hybridation marche dans les deux sens. Le centre social sort, et d'autres activités entrent : "
          "un atelier vélo, un repair café, des matinées fablab dans les salles vides, une permanence "
          "d'accès aux droits. Le lieu change d'identité selon l'heure, et des habitant·e·s qui ne "
          "viendraient jamais « au centre social » viennent « à l'atelier »."),
    ("p", "Mais une salle prêtée n'est pas un lieu partagé. Sans clés, sans placard et sans voix dans les "
          "décisions, les partenaires restent des invités. La gouvernance du lieu hybride — horaires, "
          "aménagement, accès — doit être ouverte, par exemple par un conseil de maison où chaque "
          "association résidente a une voix."),
    ("h2", "Nos propositions"),
    ("ul", [
        "Une saison hors les murs avec un camion partagé entre centre social, fablab et espace de vie "
        "sociale, sur un quartier prioritaire et une commune rurale.",
        "Les salles du matin ouvertes à des partenaires résidents, avec clés, rangement et une voix au "
        "conseil de maison.",
        "Des indicateurs de circulation plutôt que de fréquentation : combien de personnes rencontrées "
        "dehors franchissent ensuite la porte, combien d'habitué·e·s découvrent une activité nouvelle.",
        "Le temps d'installation, de démontage et de trajet compté dans le temps de travail des équipes.",
    ]),
    ("h2", "Qui fait quoi"),
    ("table", [
        ["Acteur", "Rôle dans la saison hors les murs"],
        ["Maison de quartier", "Porte le projet, met à disposition salles et équipe d'animation"],
        ["Fablab", "Anime un atelier de fabrication mobile, prête le camion"],
        ["Espace de vie sociale", "Partage son expérience du triporteur et des marchés"],
        ["Rennes Métropole", "Étudie un financement sur la ligne innovation sociale"],
        ["CAF", "Co-construit les indicateurs de circulation"],
    ]),
    ("p", "Il faut accepter que cela ne marche pas tout de suite : la première fois que le camion s'est "
          "posé au Blosne, personne n'est venu pendant deux heures ; la troisième fois, des enfants "
          "l'attendaient."),
    ("p", "Référente du dossier camion : Margaux Le Floch, 06 70 80 90 10."),
]

GROUPE_4 = [
    ("h1", "Rouvrir la friche du port avec les habitant·e·s"),
    ("p", "Document du groupe 4, atelier « En action ». Cas de travail : un ancien entrepôt frigorifique "
          "de 3 000 m² près du port de Lorient, vacant depuis huit ans, porté par l'établissement public "
          "foncier. Un projet de logements et de bureaux est prévu, mais pas avant cinq à sept ans."),
    ("h2", "Le défi reformulé"),
    ("p", "Comment ouvrir la friche avec les habitant·e·s, et pas seulement pour eux, pendant ces années "
          "d'attente, et faire en sorte que quelque chose reste après le projet immobilier ? "
          "L'urbanisme transitoire a mauvaise réputation quand il sert à faire monter la valeur d'un "
          "quartier avant d'en chasser les occupant·e·s. Nous voulons dire dès le départ ce qui restera."),
    ("h2", "Trois phases"),
    ("p", "Phase 0, trois mois : ouvertures ponctuelles, visites, une « soupe de chantier » le premier "
          "vendredi du mois pour les voisin·e·s, et un inventaire des matériaux réemployables avec la "
          "ressourcerie. Les services de la Ville sont associés dès ce moment pour la sécurité du bâtiment."),
    ("p", "Phase 1, dix-huit mois : une convention d'occupation temporaire signée avant l'arrivée, avec "
          "une durée claire et un préavis long ; un collectif d'occupant·e·s qui gère le lieu ; des "
          "ateliers, un café, un chantier de réemploi avec des jeunes en insertion. Les portes, "
          "luminaires et rayonnages récupérés partent équiper d'autres tiers-lieux du territoire."),
    ("p", "Phase 2 : un espace commun inscrit dans le cahier des charges de la consultation des "
          "promoteurs, par exemple un rez-de-chaussée actif à loyer modéré, confié au même collectif."),
    ("h2", "Qui fait quoi"),
    ("table", [
        ["Acteur", "Rôle", "Phase"],
        ["Ville de Lorient", "Convention, sécurité, cahier des charges du futur projet", "0, 1, 2"],
        ["Établissement public foncier", "Propriétaire, autorise l'occupation temporaire", "0, 1"],
        ["Collectif d'occupant·e·s", "Gestion quotidienne, programmation, lien avec les riverain·e·s", "1, 2"],
        ["Ressourcerie", "Inventaire et chantier de réemploi des matériaux", "0, 1"],
        ["Habitant·e·s tiré·e·s au sort", "Comité de suivi de l'occupation", "1, 2"],
    ]),
    ("h2", "Points de vigilance"),
    ("ul", [
        "Ne pas appeler « participation » ce qui n'est que de l'animation.",
        "Dire clairement ce qui est négociable et ce qui ne l'est pas.",
        "Associer les riverain·e·s avant qu'ils ne deviennent des opposant·e·s.",
        "Le temps administratif n'est pas le temps associatif : trois ans pour une convention, c'est "
        "la moitié d'une équipe bénévole qui s'en va.",
    ]),
    ("p", "Prochaine étape : une visite du bâtiment avec les services techniques en janvier, organisée "
          "par Thomas Lemaître, avec Noémie Salaün pour partager l'expérience de La Belle Ouvrage."),
]

GROUPE_5_TITLE = "Le lieu partagé, une porte et pas un guichet"

GROUPE_5 = [
    ("h1", GROUPE_5_TITLE),
    ("p", "Note du groupe 5, atelier « En action », Rennes, 28 novembre 2019. Défi : faire d'un lieu "
          "partagé une porte d'accès aux services publics. Autour de la table, une Maison France "
          "Services, un tiers-lieu, un coworking, la préfecture, le Département, une ville moyenne et "
          "un chercheur."),
    ("h2", "Ce que nous avons observé"),
    ("p", "À Guiscriff, la Maison France Services a réalisé un peu plus de 3 200 accompagnements en 2019. "
          "Quatre sur dix concernent la CAF et la retraite, un quart les impôts et les titres "
          "sécurisés, le reste tout ce qu'on peut imaginer, des courriers de la MSA aux inscriptions à "
          "Pôle emploi. Environ un tiers des personnes sont venues au départ pour autre chose : "
          "imprimer un document, se connecter au wifi, boire un café. Le lieu de vie est "
          "au cœur de l'accès aux droits."),
    ("p", "Les tiers-lieux font déjà de l'accès aux droits sans le dire. Au café de L'Escale, on sort une "
          "lettre de la CAF de son sac et on demande de l'aide au comptoir. Au coworking du Hangar, une "
          "dame de 78 ans vient scanner son avis d'imposition à côté d'indépendant·e·s qui travaillent. "
          "Cette mixité sociale, aucun service public ne la produit seul. Dans un lieu administratif, "
          "les gens arrivent quand ils sont déjà en difficulté ; dans un lieu partagé, ils arrivent "
          "souvent avant. C'est de la prévention."),
    ("p", "Mais accompagner une démarche demande des compétences, du temps et un cadre : le secret, la "
          "protection des données personnelles, la connaissance des opérateurs. Les bénévoles ne sont "
          "pas formé·e·s pour cela et craignent de mal faire."),
    ("h2", "Une ligne rouge"),
    ("p", "Le service public ne doit pas devenir une activité bénévole des tiers-lieux. Le label France "
          "Services, qui entre en vigueur en janvier 2020, apporte 30 000 euros par an, soit à peine un "
          "poste ; à Guiscriff, la commune finance le reste. Labelliser un lieu associatif sans poste "
          "financé ni agent·e formé·e reviendrait à organiser le retrait de l'État avec le sourire."),
    ("p", "Il existe aussi une tension de fond : le lieu partagé est efficace justement parce qu'il n'est "
          "pas un guichet. Si on le transforme en administration, on risque de perdre ce qui fait venir "
          "les gens. On ne décrète pas la convivialité."),
    ("h2", "Nos propositions"),
    ("p", "Première proposition : des permanences itinérantes de service public qui tournent dans les "
          "tiers-lieux et les centres sociaux, sur un calendrier fixe et connu. Le lieu apporte "
          "l'accueil, la convivialité et la connaissance des personnes ; l'agent·e apporte la "
          "compétence et l'accès aux outils des opérateurs."),
    ("p", "Deuxième proposition : une ligne directe entre les lieux partenaires et le réseau des "
          "conseiller·ère·s France Services, qui disposent de référent·e·s à la CAF, aux impôts et à la "
          "CPAM. Une convention fixerait ce que le lieu peut faire et ce qu'il transmet, pour qu'une "
          "personne arrivée un mardi avec un problème urgent n'attende pas la permanence du mois suivant."),
    ("p", "Troisième proposition : une formation « orienter sans faire à la place » pour les bénévoles "
          "et salarié·e·s des lieux. Savoir dire « je ne sais pas, mais je sais qui sait » est une "
          "compétence en soi, qui se travaille."),
    ("p", "Dans l'espace, garder une séparation : le café reste le café ; l'espace démarches est un coin "
          "fermé, avec un ordinateur, une imprimante et une porte, pour pouvoir parler d'argent ou de "
          "santé à l'abri des regards."),
    ("h2", "Ce que nous demandons"),
    ("p", "Aucun transfert de mission de service public sans financement et sans agent·e formé·e. Des "
          "conventions entre l'État, le Département, les communes et les lieux partenaires, qui "
          "reconnaissent le rôle de porte d'entrée des tiers-lieux sans en faire des guichets. Une "
          "évaluation qui compte les personnes orientées et pas seulement les démarches abouties."),
    ("p", "La Maison France Services de Guiscriff accueille les visites le jeudi après-midi. Contact pour "
          "la suite de cette note : Maëlle Kervella, maelle.kervella@example.org."),
]
