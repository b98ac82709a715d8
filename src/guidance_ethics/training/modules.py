"""The training path's modules, in Dutch and English, each with a short self-check.

Written by us from the method as the platform follows it (DESIGN.md, METHOD-NOTES.md). A
module is passed when every question of its self-check is answered correctly; a trainee may
try again as often as they like.
"""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Question:
    text: tuple[str, str]  # (Dutch, English)
    options: tuple[tuple[str, str], ...]
    correct: int


@dataclass(frozen=True)
class Module:
    key: str
    title: tuple[str, str]
    body: tuple[tuple[str, ...], tuple[str, ...]]  # paragraphs (Dutch), paragraphs (English)
    questions: tuple[Question, ...]

    def _pick(self, pair):
        return pair[1] if (get_language() or "nl").startswith("en") else pair[0]

    @property
    def name(self) -> str:
        return self._pick(self.title)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self._pick(self.body)

    def localised_questions(self):
        return [
            (self._pick(q.text), [self._pick(option) for option in q.options])
            for q in self.questions
        ]


MODULES = (
    Module(
        key="method",
        title=("De aanpak en zijn drie fasen", "The approach and its three stages"),
        body=(
            (
                "De Aanpak Begeleidingsethiek vraagt niet óf een technologie er mag komen, maar "
                "hoe zij er goed kan komen. Het gesprek gaat over één concrete technologie in "
                "één concrete context.",
                "Een sessie heeft drie fasen. In de casusfase presenteert de organisatie de "
                "technologie en haar context, en stellen deelnemers vragen. In de dialoogfase "
                "noemen zij de actoren die de technologie raakt, de positieve en negatieve "
                "effecten op hen, en de waarden die daarachter liggen. In de fase van "
                "handelingsopties bedenkt de groep voor de gekozen waarden wat er kan "
                "gebeuren.",
                "De uitkomst is geen oordeel, maar een verslag met effecten, waarden en "
                "handelingsopties waarmee de organisatie verder kan.",
            ),
            (
                "The Guidance Ethics Approach does not ask whether a technology may come, but "
                "how it can come well. The dialogue is about one concrete technology in one "
                "concrete context.",
                "A session has three stages. In the case stage the organisation presents the "
                "technology and its context, and participants ask questions. In the dialogue "
                "stage they name the actors the technology touches, the positive and negative "
                "effects on them, and the values behind those. In the stage of options for "
                "action the group works out what can be done for the values it chose.",
                "The outcome is not a verdict but a report of effects, values and options for "
                "action that the organisation can take forward.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "Welke vraag staat centraal in de aanpak?",
                    "Which question is central to the approach?",
                ),
                options=(
                    ("Mag deze technologie er komen?", "May this technology be introduced?"),
                    (
                        "Hoe kan deze technologie er op een goede manier komen?",
                        "How can this technology be introduced well?",
                    ),
                    ("Wat kost de technologie?", "What does the technology cost?"),
                ),
                correct=1,
            ),
            Question(
                text=(
                    "In welke fase worden de effecten genoemd?",
                    "In which stage are the effects named?",
                ),
                options=(
                    ("De casusfase", "The case stage"),
                    ("De dialoogfase", "The dialogue stage"),
                    ("De fase van handelingsopties", "The stage of options for action"),
                ),
                correct=1,
            ),
        ),
    ),
    Module(
        key="roles",
        title=(
            "De rollen van moderator en co-moderator",
            "The roles of moderator and co-moderator",
        ),
        body=(
            (
                "De moderator is gastheer of gastvrouw: opent de sessie, legt de spelregels en "
                "de opzet uit, stapt kort uit de rol om de aanpak te introduceren, en leidt het "
                "gesprek over de casus en de effecten.",
                "De co-moderator schrijft mee tijdens de dialoog en vertaalt effecten naar de "
                "waarden erachter. In het platform doet de co-moderator dat in de werkplek, "
                "met voorgestelde waarden die hij of zij bevestigt of negeert.",
                "Wie de opleiding volgt, oefent eerst als co-moderator en daarna als moderator, "
                "telkens met feedback van een ervaren moderator.",
            ),
            (
                "The moderator is the host: opens the session, explains the rules and the "
                "set-up, briefly steps out of the role to introduce the approach, and leads "
                "the dialogue about the case and the effects.",
                "The co-moderator writes along during the dialogue and translates effects into "
                "the values behind them. On the platform the co-moderator does this in the "
                "workspace, with suggested values to confirm or ignore.",
                "A trainee practises first as co-moderator and then as moderator, each time "
                "with feedback from an experienced moderator.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "Wie vertaalt effecten naar waarden tijdens de dialoog?",
                    "Who translates effects into values during the dialogue?",
                ),
                options=(
                    ("De sponsor", "The sponsor"),
                    ("De co-moderator", "The co-moderator"),
                    ("De deelnemers, ieder voor zich", "The participants, each on their own"),
                ),
                correct=1,
            ),
            Question(
                text=(
                    "Welke rol oefent een nieuwe moderator eerst?",
                    "Which role does a new moderator practise first?",
                ),
                options=(
                    ("Co-moderator", "Co-moderator"),
                    ("Moderator", "Moderator"),
                    ("Sponsor", "Sponsor"),
                ),
                correct=0,
            ),
        ),
    ),
    Module(
        key="values",
        title=("Van effecten naar waarden", "From effects to values"),
        body=(
            (
                "Een effect is wat de technologie doet met een actor: positief of negatief, "
                "in de woorden van de deelnemer. Achter elk effect liggen één of meer waarden: "
                "wat mensen belangrijk vinden en wat het effect raakt.",
                "Vraag door: waarom is dit effect belangrijk voor u? Het antwoord wijst naar de "
                "waarde. Eén zin kan twee waarden raken, bijvoorbeeld een positief effect op "
                "veiligheid en een negatief effect op privacy.",
                "Koppel niet te snel en niet te breed. Gebruik de woorden van de deelnemers; "
                "de waardecatalogus helpt, maar een nieuwe waarde mag.",
            ),
            (
                "An effect is what the technology does to an actor: positive or negative, in "
                "the participant's words. Behind every effect lie one or more values: what "
                "people find important and what the effect touches.",
                "Ask on: why does this effect matter to you? The answer points to the value. "
                "One sentence can touch two values, for example a positive effect on safety "
                "and a negative one on privacy.",
                "Do not link too fast or too broadly. Use the participants' words; the value "
                "catalogue helps, but a new value is allowed.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "Een deelnemer zegt: 'De drone maakt het terrein veiliger, maar ik voel me "
                    "bekeken.' Welke waarden liggen hierachter?",
                    "A participant says: 'The drone makes the estate safer, but I feel watched.' "
                    "Which values lie behind this?",
                ),
                options=(
                    ("Alleen veiligheid", "Only safety"),
                    ("Veiligheid en privacy", "Safety and privacy"),
                    ("Efficiëntie", "Efficiency"),
                ),
                correct=1,
            ),
            Question(
                text=(
                    "Mag de co-moderator een waarde gebruiken die niet in de catalogus staat?",
                    "May the co-moderator use a value that is not in the catalogue?",
                ),
                options=(("Ja", "Yes"), ("Nee", "No")),
                correct=0,
            ),
        ),
    ),
    Module(
        key="transition",
        title=("De overgang en het kiezen van waarden", "The transition and choosing values"),
        body=(
            (
                "In de overgang kiest de groep de waarden waarvoor zij handelingsopties gaat "
                "bedenken, meestal drie. Iedere deelnemer verdeelt een aantal stippen over de "
                "waarden op het bord.",
                "De moderator sluit de stemming en benoemt welke waarden doorgaan. Waarden die "
                "niet gekozen worden, verdwijnen niet: zij staan in het verslag.",
            ),
            (
                "In the transition the group chooses the values it will work out options for, "
                "usually three. Every participant spreads a number of dots over the values on "
                "the board.",
                "The moderator closes the vote and names the values that go forward. Values "
                "that are not chosen do not disappear: they are in the report.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "Hoe kiest de groep de waarden voor de handelingsopties?",
                    "How does the group choose the values for the options for action?",
                ),
                options=(
                    ("De moderator kiest", "The moderator chooses"),
                    ("Met stippen op het bord", "With dots on the board"),
                    ("De sponsor kiest", "The sponsor chooses"),
                ),
                correct=1,
            ),
        ),
    ),
    Module(
        key="options",
        title=("Handelingsopties in drie richtingen", "Options for action in three directions"),
        body=(
            (
                "Voor elke gekozen waarde bedenkt de groep opties in drie richtingen: de "
                "technologie (ethics by design), de omgeving (afspraken, processen, de "
                "organisatie) en de mens (gedrag van gebruikers en betrokkenen).",
                "Een goede optie is concreet: wie doet wat? Na de sessie kunnen opties in het "
                "platform acties worden met een eigenaar, een status en een einddatum.",
            ),
            (
                "For each chosen value the group works out options in three directions: the "
                "technology (ethics by design), the environment (agreements, processes, the "
                "organisation) and the human (the behaviour of users and those involved).",
                "A good option is concrete: who does what? After the session, options can "
                "become actions on the platform with an owner, a status and a due date.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "'Beelden na 24 uur automatisch wissen' is een optie in welke richting?",
                    "'Delete footage automatically after 24 hours' is an option in which "
                    "direction?",
                ),
                options=(
                    ("Technologie", "Technology"),
                    ("Omgeving", "Environment"),
                    ("Mens", "Human"),
                ),
                correct=0,
            ),
            Question(
                text=(
                    "'Een jaarlijkse toets door de gemeenteraad' is een optie in welke richting?",
                    "'A yearly review by the council' is an option in which direction?",
                ),
                options=(
                    ("Technologie", "Technology"),
                    ("Omgeving", "Environment"),
                    ("Mens", "Human"),
                ),
                correct=1,
            ),
        ),
    ),
    Module(
        key="group",
        title=(
            "Een groep leiden: online, fysiek, hybride",
            "Leading a group: online, physical, hybrid",
        ),
        body=(
            (
                "Kom vroeg: online voor inlogproblemen, fysiek voor de inrichting van de zaal. "
                "Zorg dat alle groepen er zijn die de technologie raakt: burgers, "
                "professionals, beleid en technici. De console laat zien welke groep ontbreekt.",
                "Geef iedereen het woord. Laat deelnemers ook op hun telefoon schrijven, zodat "
                "stille stemmen meetellen. Online: gebruik de timer en pauzeer de invoer als "
                "de groep moet luisteren. Hybride: laat het bord voor beide groepen zien.",
            ),
            (
                "Arrive early: online for log-in problems, physically for the room. Make sure "
                "every group the technology touches is there: citizens, professionals, policy "
                "and technicians. The console shows which group is missing.",
                "Give everyone the floor. Let participants also write on their phones, so that "
                "quiet voices count. Online: use the timer and pause input when the group "
                "should listen. Hybrid: show the board to both groups.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "Waarom laat u deelnemers ook op hun telefoon schrijven?",
                    "Why let participants also write on their phones?",
                ),
                options=(
                    ("Zodat stille stemmen meetellen", "So that quiet voices count"),
                    ("Om tijd te besparen op de introductie", "To save time on the introduction"),
                ),
                correct=0,
            ),
        ),
    ),
    Module(
        key="rules",
        title=(
            "De spelregels: Chatham House en toestemming",
            "The ground rules: Chatham House and consent",
        ),
        body=(
            (
                "Tijdens de sessie geldt de Chatham House-regel: iedereen spreekt vrijuit; er "
                "komt een verslag, maar zonder namen. Deelnemers mogen over de sessie praten, "
                "maar noemen niet wie wat zei.",
                "Deelnemers geven bij het meedoen aan of hun bijdragen gepubliceerd mogen "
                "worden. Zonder die toestemming blijven hun bijdragen uit de publicatie; een "
                "citaat uit de evaluatie wordt alleen getoond als de schrijver dat goedvond.",
            ),
            (
                "During the session the Chatham House rule applies: everyone speaks freely; "
                "there is a report, but without names. Participants may talk about the session "
                "but do not say who said what.",
                "When joining, participants say whether their contributions may be published. "
                "Without that consent their contributions stay out of the publication; a "
                "quote from the evaluation is only shown if its writer agreed.",
            ),
        ),
        questions=(
            Question(
                text=(
                    "Wat betekent de Chatham House-regel?",
                    "What does the Chatham House rule mean?",
                ),
                options=(
                    (
                        "Er is geen verslag van de sessie",
                        "There is no report of the session",
                    ),
                    (
                        "Er is een verslag, zonder namen van wie wat zei",
                        "There is a report, without names of who said what",
                    ),
                ),
                correct=1,
            ),
            Question(
                text=(
                    "Een deelnemer gaf geen toestemming voor publicatie. Wat gebeurt er met "
                    "zijn bijdragen bij publicatie van de casus?",
                    "A participant did not consent to publication. What happens to their "
                    "contributions when the case is published?",
                ),
                options=(
                    ("Zij worden gepubliceerd", "They are published"),
                    ("Zij blijven uit de publicatie", "They stay out of the publication"),
                ),
                correct=1,
            ),
        ),
    ),
)

BY_KEY = {module.key: module for module in MODULES}
