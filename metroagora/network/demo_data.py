"""A believable network for the demo: real metropolitan cities, approximate figures."""

# slug, country, region, population (metropolitan area, approx.), lat, lon, website,
# names per language (first = local), description language, description
CITIES = [
    ("helsinki", "FI", "north", 1_560_000, 60.1699, 24.9384, "https://www.hel.fi",
     {"fi": "Helsinki", "en": "Helsinki", "fr": "Helsinki", "de": "Helsinki", "it": "Helsinki",
      "es": "Helsinki", "pl": "Helsinki"},
     "en", "Finland's capital runs one of Europe's longest-standing participatory budgets, "
     "**OmaStadi**, where residents propose and vote on projects for their district."),
    ("stockholm", "SE", "north", 2_450_000, 59.3293, 18.0686, "https://start.stockholm",
     {"en": "Stockholm", "fr": "Stockholm", "de": "Stockholm", "it": "Stoccolma",
      "es": "Estocolmo", "pl": "Sztokholm"},
     "en", "A fast-growing capital region working on citizen dialogues for climate "
     "neutrality and on open data about city services."),
    ("copenhagen", "DK", "north", 2_100_000, 55.6761, 12.5683, "https://www.kk.dk",
     {"en": "Copenhagen", "fr": "Copenhague", "de": "Kopenhagen", "it": "Copenaghen",
      "es": "Copenhague", "pl": "Kopenhaga"},
     "en", "Known for co-designing public space with residents, Copenhagen shares its "
     "methods for neighbourhood renewal and local councils."),
    ("tallinn", "EE", "north", 610_000, 59.4370, 24.7536, "https://www.tallinn.ee",
     {"en": "Tallinn", "fr": "Tallinn", "de": "Tallinn", "it": "Tallinn", "es": "Tallin",
      "pl": "Tallinn"},
     "en", "A pioneer of digital government: e-residency, online voting and a city "
     "participatory budget run entirely on the web."),
    ("barcelona", "ES", "south", 3_300_000, 41.3874, 2.1686, "https://www.barcelona.cat",
     {"es": "Barcelona", "en": "Barcelona", "fr": "Barcelone", "de": "Barcelona",
      "it": "Barcellona", "pl": "Barcelona"},
     "es", "Barcelona impulsa la participación ciudadana con procesos abiertos, "
     "presupuestos participativos y consultas sobre el futuro de sus barrios."),
    ("lisbon", "PT", "south", 2_870_000, 38.7223, -9.1393, "https://www.lisboa.pt",
     {"en": "Lisbon", "fr": "Lisbonne", "de": "Lissabon", "it": "Lisbona", "es": "Lisboa",
      "pl": "Lizbona"},
     "en", "Lisbon was among the first European capitals to adopt a participatory budget "
     "(2008) and keeps widening it to young people and schools."),
    ("milan", "IT", "south", 3_250_000, 45.4642, 9.1900, "https://www.comune.milano.it",
     {"it": "Milano", "en": "Milan", "fr": "Milan", "de": "Mailand", "es": "Milán",
      "pl": "Mediolan"},
     "it", "La Città metropolitana di Milano coordina 133 comuni e sperimenta forme di "
     "partecipazione per la pianificazione del territorio."),
    ("athens", "GR", "south", 3_750_000, 37.9838, 23.7275, "https://www.cityofathens.gr",
     {"en": "Athens", "fr": "Athènes", "de": "Athen", "it": "Atene", "es": "Atenas",
      "pl": "Ateny"},
     "en", "The birthplace of democracy now runs synAthina, a platform that connects "
     "citizens' groups with the municipality."),
    ("warsaw", "PL", "east", 3_100_000, 52.2297, 21.0122, "https://um.warszawa.pl",
     {"pl": "Warszawa", "en": "Warsaw", "fr": "Varsovie", "de": "Warschau", "it": "Varsavia",
      "es": "Varsovia"},
     "pl", "Warszawa prowadzi jeden z największych budżetów obywatelskich w Europie "
     "i organizuje panele obywatelskie w sprawach klimatu."),
    ("gdansk", "PL", "east", 1_100_000, 54.3520, 18.6466, "https://www.gdansk.pl",
     {"pl": "Gdańsk", "en": "Gdańsk", "fr": "Gdańsk", "de": "Danzig", "it": "Danzica",
      "es": "Gdansk"},
     "en", "The city of Solidarity held Poland's first citizens' assemblies, whose "
     "recommendations are binding for the mayor."),
    ("budapest", "HU", "east", 3_000_000, 47.4979, 19.0402, "https://budapest.hu",
     {"en": "Budapest", "fr": "Budapest", "de": "Budapest", "it": "Budapest",
      "es": "Budapest", "pl": "Budapeszt"},
     "en", "Budapest's community budget and its climate assembly have opened city hall "
     "to residents of all 23 districts."),
    ("prague", "CZ", "east", 2_700_000, 50.0755, 14.4378, "https://praha.eu",
     {"en": "Prague", "fr": "Prague", "de": "Prag", "it": "Praga", "es": "Praga",
      "pl": "Praga"},
     "en", "Prague's Institute of Planning and Development involves residents in "
     "the metropolitan plan and publishes its data openly."),
    ("lyon", "FR", "west", 1_420_000, 45.7640, 4.8357, "https://www.grandlyon.com",
     {"fr": "Lyon", "en": "Lyon", "de": "Lyon", "it": "Lione", "es": "Lyon", "pl": "Lyon"},
     "fr", "La Métropole de Lyon associe les habitants des 58 communes à ses grands "
     "projets grâce à des conventions citoyennes et un budget participatif."),
    ("amsterdam", "NL", "west", 2_500_000, 52.3676, 4.9041, "https://www.amsterdam.nl",
     {"en": "Amsterdam", "fr": "Amsterdam", "de": "Amsterdam", "it": "Amsterdam",
      "es": "Ámsterdam", "pl": "Amsterdam"},
     "en", "Amsterdam works on digital rights for citizens and neighbourhood budgets "
     "decided by residents."),
    ("brussels", "BE", "west", 1_240_000, 50.8503, 4.3517, "https://be.brussels",
     {"fr": "Bruxelles", "en": "Brussels", "de": "Brüssel", "it": "Bruxelles",
      "es": "Bruselas", "pl": "Bruksela"},
     "fr", "La Région de Bruxelles-Capitale a créé des commissions délibératives où "
     "citoyens tirés au sort et députés travaillent ensemble."),
    ("dublin", "IE", "west", 1_460_000, 53.3498, -6.2603, "https://www.dublincity.ie",
     {"en": "Dublin", "fr": "Dublin", "de": "Dublin", "it": "Dublino", "es": "Dublín",
      "pl": "Dublin"},
     "en", "Ireland's capital hosted the country's first local citizens' assembly, on "
     "a directly elected mayor for Dublin."),
    ("hamburg", "DE", "west", 5_400_000, 53.5511, 9.9937, "https://www.hamburg.de",
     {"de": "Hamburg", "en": "Hamburg", "fr": "Hambourg", "it": "Amburgo", "es": "Hamburgo",
      "pl": "Hamburg"},
     "de", "Die Metropolregion Hamburg beteiligt Bürgerinnen und Bürger online an der "
     "Stadtplanung, mit offenen Daten und digitalen Beteiligungsverfahren."),
]

# slug, kind, country, city slug, supports network, website, names, description
PARTNERS = [
    ("agora-metropolitana", "civil_society", "BE", "brussels", True, "",
     {"en": "Agora Metropolitana Association", "fr": "Association Agora Metropolitana"},
     "The civil society association that supports the network: it hosts the secretariat, "
     "runs the international events and reports to funders."),
    ("polimi", "university", "IT", "milan", False, "https://www.polimi.it",
     {"it": "Politecnico di Milano", "en": "Politecnico di Milano"},
     "Research partner on urban governance and participatory planning."),
    ("uw", "university", "PL", "warsaw", False, "https://www.uw.edu.pl",
     {"pl": "Uniwersytet Warszawski", "en": "University of Warsaw"},
     "Research partner on deliberative democracy and citizens' assemblies."),
    ("metropole-lyon", "city_government", "FR", "lyon", False, "https://www.grandlyon.com",
     {"fr": "Métropole de Lyon", "en": "Lyon Metropolis"},
     "The metropolitan government of Lyon and its 58 municipalities."),
]

DEMO_PASSWORD = "agora-demo-2026"  # noqa: S105 - printed on purpose, demo only

# email, display name, identity, flags, memberships [(city, role, title, verified)],
# whether the account has two-factor sign-in (staff roles must)
USERS = [
    ("admin@metroagora.eu", "Network Admin", "civil_society",
     {"is_superuser": True, "is_staff": True}, [], True),
    ("moderator@metroagora.eu", "Maria Moderator", "civil_society",
     {"is_moderator": True}, [], True),
    ("coordinator@metroagora.eu", "Camille Coordinatrice", "city_official", {},
     [("lyon", "coordinator", "Chargée de la participation citoyenne", True)],
     True),
    ("policymaker@metroagora.eu", "Pau Polític", "policymaker",
     {"is_verified_policymaker": True},
     [("barcelona", "policymaker", "Councillor for Citizen Participation", True)], False),
    ("resident@metroagora.eu", "Rafał Mieszkaniec", "citizen", {},
     [("warsaw", "resident", "", True)], False),
    ("participant@metroagora.eu", "Pat Participant", "citizen", {}, [], False),
]

# Further people in public roles, so city pages are not empty.
OFFICIALS = [
    ("a.virtanen@example.org", "Aino Virtanen", "helsinki", "official", "Head of Participation"),
    ("g.rossi@example.org", "Giulia Rossi", "milan", "policymaker",
     "Assessora alla Partecipazione"),
    ("k.nowak@example.org", "Katarzyna Nowak", "warsaw", "coordinator",
     "Koordynatorka sieci"),
    ("s.murphy@example.org", "Seán Murphy", "dublin", "official", "Public Participation Officer"),
    ("j.novak@example.org", "Jan Novák", "prague", "official", "Open data lead"),
]
