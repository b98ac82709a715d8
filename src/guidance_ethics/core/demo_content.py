"""The demo content: fictional Dutch organisations with realistic safety-domain cases.

The organisations and places are invented; the technologies are the four the safety domain
asked for: drones and satellite observation over business parks, sensors in public space,
and an algorithm in the digital domain.
"""

DEMO_PASSWORD = "Demo-wachtwoord-2026"  # noqa: S105 (public by design; demo needs DEBUG)

ORGANISATIONS = [
    {"slug": "politie-noordveld", "name": "Politie Eenheid Noordveld", "kind": "police"},
    {"slug": "provincie-noordveld", "name": "Provincie Noordveld", "kind": "province"},
    {"slug": "gemeente-dijkstede", "name": "Gemeente Dijkstede", "kind": "municipality"},
]

# (e-mail, full name, organisation slug or None, role or None, platform administrator)
PEOPLE = [
    ("beheer@noordveld.test", "Bo Beheer", None, None, True),
    ("admin@politie-noordveld.test", "Anouk Admin", "politie-noordveld", "admin", False),
    (
        "coordinator@politie-noordveld.test",
        "Cas Coördinator",
        "politie-noordveld",
        "coordinator",
        False,
    ),
    ("moderator@politie-noordveld.test", "Mira Moderator", "politie-noordveld", "moderator", False),
    ("lid@politie-noordveld.test", "Lars Lid", "politie-noordveld", "member", False),
    (
        "coordinator@provincie-noordveld.test",
        "Priya Provincie",
        "provincie-noordveld",
        "coordinator",
        False,
    ),
    ("coordinator@dijkstede.test", "Daan Dijkstede", "gemeente-dijkstede", "coordinator", False),
]

TECHNOLOGIES = [
    {
        "organisation": "politie-noordveld",
        "name": "Drones boven bedrijventerreinen",
        "kind": "drone",
        "description": (
            "Een drone met een camera vliegt op vaste tijden en na meldingen over drie "
            "bedrijventerreinen. De beelden gaan live naar de meldkamer en worden 28 dagen "
            "bewaard. De software markeert voertuigen en personen buiten openingstijden en "
            "herkent kentekens."
        ),
        "cases": [
            {
                "title": "Toezicht met drones op bedrijventerrein De Vaart",
                "context": (
                    "Op bedrijventerrein De Vaart in Dijkstede zijn signalen van ondermijning: "
                    "leegstaande loodsen die voor drugsproductie worden gehuurd, en illegale "
                    "afvaldumpingen. Politie en gemeente willen 's nachts met een drone "
                    "surveilleren in plaats van met een auto."
                ),
                "decisions": (
                    "De meldkamer besluit op basis van de beelden of er een eenheid gaat "
                    "kijken. De gemeente gebruikt samengevatte bevindingen voor haar "
                    "Bibob-onderzoeken en voor het gesprek met de ondernemersvereniging."
                ),
                "domain": "safety",
                "phase": "before",
                "question": (
                    "Onder welke voorwaarden is dronetoezicht op een bedrijventerrein "
                    "aanvaardbaar voor ondernemers, werknemers en omwonenden?"
                ),
            }
        ],
    },
    {
        "organisation": "politie-noordveld",
        "name": "Sensoren in de openbare ruimte",
        "kind": "sensor",
        "description": (
            "Camera's en sensoren langs de invalswegen meten voertuigbewegingen. Een model "
            "zoekt naar ongebruikelijke patronen, zoals een auto die in korte tijd vaak "
            "dezelfde route rijdt, en geeft een signaal aan een medewerker van de politie."
        ),
        "cases": [
            {
                "title": "Signaleren van mobiel banditisme langs de A-wegen",
                "context": (
                    "In een pilot van een jaar in het centrum van Noordveld-Stad wil de "
                    "politie rondtrekkende groepen die winkeldiefstallen plegen eerder "
                    "opmerken, door afwijkende rijpatronen op de invalswegen te signaleren."
                ),
                "decisions": (
                    "Een medewerker van het real-time intelligence centre beoordeelt elk "
                    "signaal en besluit of een voertuig wordt stilgehouden. Het model neemt "
                    "zelf geen besluit."
                ),
                "domain": "safety",
                "phase": "during",
                "question": (
                    "Hoe houden we de pilot proportioneel en hoe voorkomen we dat bepaalde "
                    "groepen vaker worden stilgehouden?"
                ),
            }
        ],
    },
    {
        "organisation": "politie-noordveld",
        "name": "Signaleringsalgoritme voor het digitale domein",
        "kind": "algorithm",
        "description": (
            "Een algoritme doorzoekt openbare bronnen online (marktplaatsen, fora, open "
            "sociale media) op combinaties van kenmerken die wijzen op handel in gestolen "
            "goederen of op oplichting, en zet treffers in een werkvoorraad voor rechercheurs."
        ),
        "cases": [
            {
                "title": "Vroeg signaleren van online oplichting",
                "context": (
                    "Het team digitale criminaliteit gebruikt het algoritme sinds een half "
                    "jaar. Rechercheurs krijgen dagelijks een lijst met advertenties en "
                    "accounts die op oplichting kunnen wijzen."
                ),
                "decisions": (
                    "Rechercheurs besluiten welke treffers zij onderzoeken; de teamleider "
                    "besluit over het inzetten van verdere bevoegdheden."
                ),
                "domain": "safety",
                "phase": "after",
                "question": (
                    "Wat betekent dit algoritme voor het werk van rechercheurs en voor "
                    "burgers die ten onrechte in de werkvoorraad komen?"
                ),
            }
        ],
    },
    {
        "organisation": "provincie-noordveld",
        "name": "Satellietobservatie van bedrijventerreinen",
        "kind": "satellite",
        "description": (
            "Satellietbeelden met hoge resolutie worden elke week vergeleken met eerdere "
            "opnamen. Software signaleert veranderingen zoals nieuwe opslag van vaten, "
            "bodemverontreiniging of bouw zonder vergunning."
        ),
        "cases": [
            {
                "title": "Milieutoezicht met satellietbeelden",
                "context": (
                    "De omgevingsdienst van de provincie wil haar toezicht op 40 "
                    "bedrijventerreinen richten op plaatsen waar de satellietbeelden "
                    "veranderingen laten zien, in plaats van elk terrein even vaak te bezoeken."
                ),
                "decisions": (
                    "Toezichthouders plannen inspecties op basis van de signalen. De "
                    "provincie besluit over handhaving."
                ),
                "domain": "safety",
                "phase": "before",
                "question": (
                    "Hoe zorgen we dat ondernemers dit toezicht begrijpen en dat "
                    "toezichthouders hun vakmanschap blijven gebruiken?"
                ),
            }
        ],
    },
    {
        "organisation": "gemeente-dijkstede",
        "name": "Drones boven bedrijventerreinen",
        "kind": "drone",
        "description": (
            "De gemeente huurt een dronedienst in die maandelijks foto's maakt van de "
            "bedrijventerreinen, om leegstand, verrommeling en illegale bewoning te zien."
        ),
        "cases": [
            {
                "title": "Drones voor een veilig en schoon bedrijventerrein",
                "context": (
                    "Samen met de ondernemersvereniging en de politie wil de gemeente "
                    "bedrijventerrein De Vaart veiliger maken; de drone is een van de "
                    "maatregelen."
                ),
                "decisions": (
                    "Handhavers besluiten op basis van de beelden tot een bezoek; de "
                    "gemeente deelt geanonimiseerde bevindingen met de politie."
                ),
                "domain": "public_administration",
                "phase": "before",
                "question": (
                    "Welke afspraken maken we met ondernemers en de politie over het "
                    "gebruik en delen van de beelden?"
                ),
            }
        ],
    },
]

# The demo session: planned on the police's sensing case, ready to run.
WORKSHOP = {
    "case_title": "Signaleren van mobiel banditisme langs de A-wegen",
    "moderator": "moderator@politie-noordveld.test",
    "co_moderator": "coordinator@politie-noordveld.test",
    "format": "hybrid",
    "sponsor_name": "Plaatsvervangend politiechef Noordveld",
    "sponsor_on_board": True,
    "case_owner_name": "Projectleider sensing",
    "case_owner_on_board": False,
}

# A case of the municipality, held, reported and published, so that the public library
# has something to show. Its coordinator moderates; the platform approves (the demo
# municipality has no administrator).
PUBLISHED = {
    "case_title": "Drones voor een veilig en schoon bedrijventerrein",
    "moderator": "coordinator@dijkstede.test",
    "summary": (
        "Ondernemers, bewoners en handhavers zien de drone als nuttig tegen verrommeling en "
        "ondermijning, mits de beelden kort bewaard worden en omwonenden vooraf weten "
        "wanneer er gevlogen wordt."
    ),
}
