"""Hand-written text of the three group deliverables of the second fictional sample day
(Aubusson, 6 February 2020, session « Chantiers »).

Same block format as sample_afternoon_deliverables.py: ("h1" | "h2" | "p", text), ("ul", [items])
or ("table", [header_row, row, ...]). `build_sample_afternoon.py` turns them into .docx and .odt.
The people, places and figures are invented; names, e-mails and phone numbers of participants are
planted on purpose so that the pseudonymisation of `insights` has something to remove.
"""

GROUPE_A = [
    ("h1", "Un numéro, une personne, des lieux : la mobilité solidaire du sud creusois"),
    ("p", "Groupe A — chantier « Mobilité solidaire », Aubusson, 6 février 2020. Rédaction : "
          "Céline Auclair et Ophélie Lachaud, avec Gérard, Romain, Évelyne, Damien et Sabrina."),
    ("h2", "Ce que nous avons constaté"),
    ("p", "Sur notre territoire, 87 % des déplacements se font en voiture et 14 % des ménages n'en ont "
          "pas. Pour ces ménages, les solutions existent déjà : un transport à la demande "
          "intercommunal, quarante chauffeurs bénévoles, un garage solidaire qui loue des voitures à "
          "3 euros par jour, un atelier vélo qui prête des vélos à assistance électrique, un minibus de "
          "centre social. Mais elles existent en morceaux, avec chacune ses règles, ses horaires et son "
          "financeur. La personne sans voiture doit tout connaître avant de pouvoir demander."),
    ("p", "Le problème principal n'est donc pas l'absence d'offre, c'est l'orientation. Et le "
          "covoiturage qui marche n'est pas celui des applications : c'est celui qui s'organise au "
          "comptoir d'un café, à la distribution des paniers ou à la sortie de l'école, entre gens qui "
          "se connaissent."),
    ("h2", "Nos trois propositions"),
    ("ul", [
        "Un numéro unique de la mobilité solidaire, tenu par la personne qui répond déjà pour le "
        "transport à la demande, avec un nouveau mandat : orienter vers toutes les solutions au lieu de "
        "refuser ce qui sort du règlement.",
        "Une maison de la mobilité qui ne soit pas un guichet : un local partagé dans un lieu de "
        "passage, où le garage solidaire tient une antenne un jour par semaine, où le transport "
        "solidaire a enfin un téléphone et une table, et où l'atelier vélo répare le samedi. Avec un café.",
        "Des lieux relais du covoiturage de proximité : les tiers-lieux, l'épicerie, la France "
        "Services et les cafés associatifs affichent les trajets de la semaine et mettent les gens en "
        "relation. C'est déjà ce qu'ils font sans le dire.",
    ]),
    ("h2", "Qui apporte quoi"),
    ("table", [
        ["Acteur", "Ce qu'il apporte", "Ce qu'il demande"],
        ["Communauté de communes", "La ligne du transport à la demande, un mi-temps, la compétence mobilité",
         "Une stratégie défendable devant le conseil communautaire"],
        ["Département", "Aides individuelles, autonomie des personnes âgées, insertion",
         "Relier ses deux financements au lieu de les juxtaposer"],
        ["Trajets solidaires", "Quarante chauffeurs bénévoles, quinze ans d'expérience",
         "Un local, un téléphone, de jeunes chauffeurs"],
        ["Garage solidaire", "Location de voitures, réparations à prix coûtant, auto-école",
         "Une antenne dans le sud creusois"],
        ["Atelier vélo", "Prêt de vélos électriques, remise en selle",
         "Une aide à l'achat de vélos d'occasion"],
        ["Lieux partagés", "Le passage, la confiance, les gens",
         "Être reconnus comme relais, et financés comme tels"],
    ]),
    ("h2", "La gouvernance"),
    ("p", "Nous proposons un comité de la mobilité solidaire réunissant associations, collectivités et "
          "usager·ère·s du transport à la demande et des chauffeurs bénévoles, qui se réunit là où les "
          "gens sont et pas au siège de la communauté de communes. Le financeur n'y décide pas seul."),
    ("h2", "Notre question aux élu·e·s"),
    ("p", "La compétence mobilité est à prendre avant la fin de l'année. Êtes-vous prêts à la prendre "
          "pour organiser ce qui existe, plutôt que pour acheter des bus ? Contact pour la suite : "
          "Céline Auclair, PETR du Pays Sud Creusois, 06 69 70 81 92."),
]

GROUPE_B = [
    ("h1", "La Carriole : une porte qui roule, pas un guichet"),
    ("p", "Document du groupe B, chantier « Tiers-lieu itinérant », Aubusson, 6 février 2020. "
          "Étienne Roussille, Thibault Lecœur, Agnès Pradeau, Laurent Desbordes, Josiane Mazeaud, "
          "Nicole Bourdeix, Malik Haddad ; rédaction Pauline Mercadier."),
    ("h2", "Ce qu'est La Carriole aujourd'hui"),
    ("p", "Un fourgon aménagé qui s'installe une demi-journée par semaine dans six communes du sud "
          "creusois qui n'ont plus ni café ni commerce : un comptoir, du café, deux ordinateurs, une "
          "imprimante, des livres, des chaises et une bâche. Entre 40 et 60 passages par tournée. Les "
          "gens viennent sans raison, et c'est précisément ce qui leur permet de demander de l'aide "
          "quand ils en ont besoin : une déclaration, un CV, un trajet pour Guéret."),
    ("h2", "Le débat que nous avons eu"),
    ("p", "Faut-il faire du fourgon un point France Services itinérant ? Pour : un agent formé, un "
          "accès direct aux opérateurs, un financement durable. Contre : un fourgon-guichet n'attire plus "
          "personne pour le plaisir, et c'est le plaisir qui fait entrer. Personne ne vient à la "
          "préfecture pour boire un café."),
    ("p", "Nous avons choisi de séparer les temps plutôt que de trancher : le fourgon reste un lieu "
          "d'accueil ouvert à tous pendant toute la demi-journée, et un conseiller France Services monte "
          "à bord une fois par mois pour une permanence de deux heures, dans un espace fermé à l'arrière. "
          "Le café devant, les démarches derrière."),
    ("h2", "Nos propositions"),
    ("ul", [
        "Tester pendant six mois, sur trois communes, une permanence France Services embarquée, avec un "
        "numéro direct du conseiller joignable entre deux passages.",
        "Ajouter Crocq comme septième étape, sans que le passage du fourgon serve d'argument pour "
        "renoncer à un commerce dans le bourg.",
        "Donner au fourgon une base fixe où se réchauffer, stocker et se réunir, par exemple dans "
        "l'ancienne salle des ventes d'Aubusson si elle devient un lieu partagé.",
        "Livrer les paniers de l'épicerie solidaire et du jardin partagé lors des tournées.",
    ]),
    ("h2", "Ce que nous demandons"),
    ("table", [
        ["À qui", "Quoi"],
        ["Région", "Ouvrir l'appel à projets tiers-lieux aux tiers-lieux itinérants et au coût d'usage"],
        ["État (préfecture)", "Une convention avec La Carriole plutôt que l'achat d'un bus France Services"],
        ["Communes étapes", "Un comité des communes et des habitué·e·s qui fixe les horaires et les étapes"],
        ["Département", "Des travailleurs sociaux présents à bord une fois par trimestre"],
    ]),
    ("p", "Le véhicule a 212 000 kilomètres. Le financer n'est pas un luxe : c'est la condition pour que "
          "la porte continue de rouler."),
]

GROUPE_C = [
    ("h1", "Une cuisine au milieu du village"),
    ("p", "Livrable du groupe C, chantier « Nourrir le bourg », Aubusson, 6 février 2020. Rédigé par "
          "Aurélie Dumontet à partir des échanges avec Nadia, Kévin, Brigitte, Youssef, Cyril, "
          "Martine Chabrol et Didier Aupetit."),
    ("h2", "Des morceaux qui ne se rencontrent pas"),
    ("p", "Autour de la table, chacun tenait un morceau de l'alimentation du territoire : une épicerie "
          "solidaire qui distribue des colis mais n'a pas de cuisine, une cuisine partagée qui cuisine "
          "pour quarante avec une cuisine prêtée, un jardin partagé qui jette ses courgettes en août, une "
          "cantine de tiers-lieu qui achète à quatre maraîchers, un centre social dont le repas partagé "
          "dépend du minibus. Les circuits courts existent. Ce qui manque, ce sont les liens entre eux : "
          "un véhicule, du temps de coordination, un lieu commun."),
    ("h2", "Trois étages"),
    ("ul", [
        "Une cuisine partagée ouverte à tous, où les familles de l'épicerie solidaire cuisinent avec les "
        "autres habitant·e·s, avec un tarif invisible : personne ne sait qui paie combien.",
        "Une logistique partagée des circuits courts : un véhicule frigorifique commun à l'épicerie, au "
        "jardin et aux producteurs locaux, et une légumerie le matin pour la restauration collective.",
        "Une association de lieux plutôt qu'un lieu de plus : l'épicerie, la cuisine, le jardin, la "
        "cantine et le fourgon itinérant décident ensemble des priorités et partagent un poste de "
        "coordination.",
    ]),
    ("h2", "Où et comment"),
    ("p", "L'ancienne salle des ventes d'Aubusson pourrait accueillir la cuisine, la légumerie et le "
          "point de dépôt des paniers. Mais tout ne doit pas se concentrer au centre : les paniers "
          "circulent avec La Carriole dans les communes sans commerce, et le repas partagé se déplace "
          "une fois par mois dans un village."),
    ("table", [
        ["Étape", "Quand", "Avec qui"],
        ["Repas partagé mensuel tournant", "Dès le printemps 2020", "Le Chaudron, centre social, épicerie"],
        ["Groupement d'achat entre lieux", "Été 2020", "Producteurs du plateau, La Filature"],
        ["Étude de la cuisine et de la légumerie", "Automne 2020", "Ville d'Aubusson, Département"],
    ]),
    ("h2", "Ce que nous ne voulons pas"),
    ("p", "Une cantine de plus qui remplace les repas des familles par des barquettes, ou une épicerie "
          "solidaire réservée aux « bénéficiaires ». L'alimentation est ici une manière de se "
          "rencontrer, pas seulement de se nourrir."),
    ("p", "Contact pour recevoir le dossier complet : Aurélie Dumontet, La Filature."),
]
