"""A demo session that has been held: the drone case, played through from joining to closing.

Every step goes through the same actions the live pages call, so the demo's report is a
real report: 32 effects (and a merged duplicate), 8 values, votes, options in the three
directions and an evaluation. The report tests and the PDF benchmark use it too.
"""

from datetime import timedelta

from django.utils import timezone

from guidance_ethics.accounts.models import User
from guidance_ethics.cases.models import Case
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.reports import actions as reports
from guidance_ethics.reports import queries as report_queries
from guidance_ethics.workshops import actions, comoderator_actions
from guidance_ethics.workshops.models import Phase, Workshop

CASE_TITLE = "Toezicht met drones op bedrijventerrein De Vaart"
MODERATOR = "moderator@politie-noordveld.test"
CO_MODERATOR = "coordinator@politie-noordveld.test"

# (stakeholder group, agrees to publication)
PARTICIPANTS = [
    ("citizen", True),
    ("citizen", True),
    ("citizen", False),
    ("professional", True),
    ("professional", True),
    ("professional", True),
    ("policy", True),
    ("policy", True),
    ("technician", True),
    ("technician", True),
    ("other", True),
    ("professional", True),
]

# Actor: [(polarity, effect)]
EFFECTS = {
    "Ondernemers op het terrein": [
        ("positive", "Minder inbraken in loodsen, dus minder schade en lagere premies."),
        ("positive", "Sneller zicht op afvaldumpingen, die zij nu zelf moeten opruimen."),
        ("negative", "Klanten en personeel voelen zich bekeken bij het laden en lossen."),
        ("negative", "Bedrijfsgeheimen op het buitenterrein kunnen in beeld komen."),
        ("positive", "Het terrein krijgt een betere naam, wat verhuur makkelijker maakt."),
    ],
    "Werknemers in de nachtdienst": [
        ("positive", "Zij voelen zich veiliger als ze 's nachts naar hun auto lopen."),
        ("negative", "Hun pauzes en looproutes worden vastgelegd zonder dat ze het weten."),
        ("negative", "Zij kunnen voor een verdachte worden aangezien buiten openingstijden."),
        ("negative", "Het geluid van de drone stoort bij buitenwerk."),
    ],
    "Omwonenden": [
        ("negative", "De drone kan over tuinen en slaapkamerramen aan de rand vliegen."),
        ("positive", "Minder overlast van crossende auto's en nachtelijke handel."),
        ("negative", "Het gevoel dat de overheid steeds meer meekijkt neemt toe."),
        ("positive", "Minder politieauto's die 's nachts door de wijk rijden."),
        ("negative", "Onduidelijk waar je terecht kunt met een klacht over de beelden."),
    ],
    "Meldkamer van de politie": [
        ("positive", "Een melding kan worden gecheckt voordat er een eenheid rijdt."),
        ("positive", "Agenten komen beter voorbereid aan bij een incident."),
        ("negative", "Meer beelden om te bekijken: de werkdruk op de meldkamer stijgt."),
        ("negative", "Fout-positieve markeringen van de software leiden tot onnodige ritten."),
        ("positive", "Bewijs van dumpingen en inbraken is beter bruikbaar in een zaak."),
    ],
    "Agenten op straat": [
        ("positive", "Minder nachtelijke surveillance met de auto, meer tijd voor de wijk."),
        ("negative", "Het contact met ondernemers wordt minder als de drone het werk doet."),
        ("negative", "Vakmanschap in het lezen van een situatie raakt op de achtergrond."),
        ("positive", "Zij gaan minder vaak onvoorbereid een donkere loods in."),
    ],
    "Gemeente Dijkstede": [
        ("positive", "Beter zicht op ondermijning in leegstaande panden."),
        ("negative", "De gemeente wordt mede verantwoordelijk voor beelden die zij niet beheert."),
        ("positive", "Handhaving op afval wordt goedkoper."),
        ("negative", "Bewoners kunnen het vertrouwen in de gemeente verliezen."),
    ],
    "Mensen die op het terrein slapen": [
        ("negative", "Daklozen die in een loods schuilen worden als inbreker gemarkeerd."),
        ("negative", "Zij hebben geen stem in het besluit en weten niet dat er gefilmd wordt."),
    ],
    "Dronepiloten en technici": [
        ("positive", "Nieuw en uitdagend werk met moderne techniek."),
        ("negative", "Zij moeten ter plekke beslissen wat wel en niet in beeld mag."),
        ("negative", "Storingen en slecht weer maken het toezicht onbetrouwbaar."),
    ],
}

# The values the co-moderator put on the board, and the effects (by number in EFFECTS'
# reading order, from 0) behind each.
VALUES = {
    "privacy": [2, 3, 6, 9, 11, 28],
    "safety": [0, 5, 10, 12, 22],
    "trust": [11, 13, 20, 24, 26, 28],
    "proportionality": [6, 9, 11, 17],
    "job_satisfaction": [16, 19, 20, 21, 29, 30],
    "equal_treatment": [7, 17, 27, 28],
    "transparency": [13, 24, 28],
    "effectiveness": [1, 14, 15, 18, 23, 25, 31],
}
# Dots per participant, in PARTICIPANTS order (three each).
VOTES = [
    {"privacy": 2, "trust": 1},
    {"privacy": 1, "safety": 2},
    {"trust": 2, "transparency": 1},
    {"safety": 1, "job_satisfaction": 2},
    {"job_satisfaction": 1, "effectiveness": 2},
    {"privacy": 1, "equal_treatment": 2},
    {"trust": 1, "transparency": 1, "privacy": 1},
    {"privacy": 2, "proportionality": 1},
    {"effectiveness": 1, "safety": 1, "trust": 1},
    {"privacy": 1, "trust": 2},
    {"equal_treatment": 1, "privacy": 2},
    {"safety": 2, "trust": 1},
]
OPTIONS = {
    "privacy": [
        ("technology", "Beelden buiten het terrein automatisch onherkenbaar maken."),
        ("technology", "Alleen vliegen binnen een vast geofence rond het terrein."),
        ("environment", "Bewaartermijn van 28 naar 7 dagen, tenzij er een melding is."),
        ("environment", "Borden bij de ingangen en een pagina over de drone op de website."),
        ("human", "Meldkamermedewerkers trainen in wat zij wel en niet mogen bekijken."),
    ],
    "trust": [
        (
            "environment",
            "Een klankbordgroep van ondernemers en omwonenden die elk kwartaal kijkt.",
        ),
        ("environment", "Een jaarlijks openbaar verslag van inzet, meldingen en klachten."),
        ("human", "Wijkagenten blijven op vaste avonden het terrein op lopen."),
        ("technology", "Een logboek van elke vlucht dat een toezichthouder kan inzien."),
    ],
    "safety": [
        ("technology", "De software markeert alleen; een mens beslist altijd over een rit."),
        ("human", "Nachtploegen krijgen een app om hun aanwezigheid door te geven."),
        ("environment", "Afspraken met de gemeente over opvang van wie in loodsen slaapt."),
    ],
}
# (changed view, message, may be quoted)
EVALUATIONS = [
    ("yes", "Ik had niet gedacht aan de mensen die op het terrein slapen.", True),
    ("somewhat", "Goed dat ondernemers en bewoners samen aan tafel zaten.", True),
    ("no", "", False),
    ("yes", "De opties voor privacy zijn concreet genoeg om mee verder te gaan.", True),
    ("somewhat", "Te weinig tijd voor de opties.", False),
    ("yes", "Ik ga dit in mijn team bespreken.", True),
    ("somewhat", "", False),
    ("yes", "Begeleidingsethiek werkt ook voor techniek die er al bijna is.", True),
    ("no", "Mijn zorgen over de beelden blijven.", True),
    ("somewhat", "", False),
]

SUMMARY = (
    "De sessie bracht in kaart wie de drone raakt: van ondernemers en nachtploegen tot "
    "omwonenden en mensen die op het terrein slapen. Privacy, vertrouwen en veiligheid "
    "kwamen als belangrijkste waarden naar voren.\n\n"
    "De groep ziet de drone als bruikbaar voor het controleren van meldingen, mits de "
    "beelden beperkt blijven tot het terrein, korter bewaard worden en een mens altijd "
    "beslist over een rit."
)
NEXT_STEPS = (
    "De projectleider werkt de opties voor privacy uit in het inzetplan en legt dat voor "
    "aan de klankbordgroep. Over drie maanden volgt een tweede sessie tijdens de invoering."
)


def effect_count() -> int:
    return sum(len(items) for items in EFFECTS.values())


def hold_demo_session(moderator=None, co_moderator=None, case=None) -> Workshop:
    """Plan, run and close the drone session; returns the closed workshop."""
    case = case or Case.objects.get(title=CASE_TITLE)
    moderator = moderator or User.objects.get(email=MODERATOR)
    co_moderator = co_moderator or User.objects.get(email=CO_MODERATOR)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=14)
    workshop = actions.plan_workshop(
        SYSTEM,
        case,
        starts_at=start,
        format="physical",
        moderator=moderator,
        co_moderator=co_moderator,
        values_forward=3,
        votes_per_participant=3,
    )
    people = [
        actions.join_workshop(
            workshop.join_code, stakeholder_group=group, consent_publication=consent
        )[0]
        for group, consent in PARTICIPANTS
    ]
    actions.set_phase(moderator, workshop, Phase.CASE)
    actions.add_question(people[0], workshop, text="Hoe hoog vliegt de drone boven de wijk?")
    actions.add_question(people[3], workshop, text="Wie mag de beelden terugkijken?")
    actions.set_phase(moderator, workshop, Phase.ACTORS)
    actors = {
        name: actions.add_actor(people[i % len(people)], workshop, name=name)
        for i, name in enumerate(EFFECTS)
    }
    actions.set_phase(moderator, workshop, Phase.EFFECTS)
    effects = []
    for i, (name, items) in enumerate(EFFECTS.items()):
        for j, (polarity, text) in enumerate(items):
            author = co_moderator if (i + j) % 5 == 0 else people[(i + j) % len(people)]
            effects.append(
                actions.add_effect(
                    author, workshop, text=text, polarity=polarity, actor=actors[name].pk
                )
            )
    # One duplicate, merged by the co-moderator, as happens in every session.
    duplicate = actions.add_effect(
        people[1],
        workshop,
        text="Bewoners aan de rand worden gefilmd in hun tuin.",
        polarity="negative",
        actor=actors["Omwonenden"].pk,
    )
    comoderator_actions.merge_effects(
        co_moderator, workshop, source=duplicate.pk, target=effects[9].pk
    )
    actions.set_phase(moderator, workshop, Phase.VALUES)
    values = {}
    for key, numbers in VALUES.items():
        values[key] = comoderator_actions.add_value(co_moderator, workshop, catalogue_key=key)
        for number in numbers:
            comoderator_actions.link_effect_to_value(
                co_moderator, workshop, effect=effects[number].pk, value=values[key].pk
            )
    actions.set_phase(moderator, workshop, Phase.TRANSITION)
    for person, allocation in zip(people, VOTES, strict=True):
        actions.cast_votes(
            person, workshop, {values[key].pk: dots for key, dots in allocation.items()}
        )
    actions.close_vote(moderator, workshop)
    actions.set_phase(moderator, workshop, Phase.OPTIONS)
    for key, items in OPTIONS.items():
        for i, (direction, text) in enumerate(items):
            actions.add_option(
                people[i % len(people)],
                workshop,
                value=values[key].pk,
                direction=direction,
                text=text,
            )
    actions.set_phase(moderator, workshop, Phase.CLOSING)
    for person, (changed, message, quote) in zip(people, EVALUATIONS, strict=False):
        actions.submit_evaluation(
            person, workshop, changed_view=changed, message=message, quote_consent=quote
        )
    actions.close_workshop(moderator, workshop)
    report = report_queries.latest(workshop)
    reports.update_report(
        moderator, report, summary=SUMMARY, next_steps=NEXT_STEPS, name_moderators=False
    )
    return workshop
