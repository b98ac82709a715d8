"""The platform's value catalogue: (key, Dutch name, English name, Dutch and English line)."""

CATALOGUE = [
    (
        "privacy",
        "privacy",
        "privacy",
        "Zelf bepalen wie wat over u weet.",
        "Deciding for yourself who knows what about you.",
    ),
    (
        "safety",
        "veiligheid",
        "safety",
        "Bescherming tegen gevaar en criminaliteit.",
        "Protection against danger and crime.",
    ),
    (
        "security",
        "informatiebeveiliging",
        "security",
        "Gegevens en systemen zijn beschermd tegen misbruik.",
        "Data and systems are protected against misuse.",
    ),
    (
        "freedom",
        "vrijheid",
        "freedom",
        "Zich vrij kunnen bewegen, uiten en verenigen.",
        "Being free to move, speak and assemble.",
    ),
    (
        "autonomy",
        "autonomie",
        "autonomy",
        "Eigen keuzes kunnen maken.",
        "Being able to make your own choices.",
    ),
    (
        "human_dignity",
        "menselijke waardigheid",
        "human dignity",
        "Ieder mens wordt als mens behandeld, niet als object.",
        "Every person is treated as a person, not an object.",
    ),
    (
        "trust",
        "vertrouwen",
        "trust",
        "Kunnen rekenen op de organisatie en de technologie.",
        "Being able to rely on the organisation and the technology.",
    ),
    (
        "transparency",
        "transparantie",
        "transparency",
        "Duidelijk is wat er gebeurt en waarom.",
        "It is clear what happens and why.",
    ),
    (
        "accountability",
        "verantwoording",
        "accountability",
        "Iemand legt rekenschap af over beslissingen.",
        "Someone answers for the decisions.",
    ),
    (
        "equal_treatment",
        "gelijke behandeling",
        "equal treatment",
        "Gelijke gevallen worden gelijk behandeld.",
        "Like cases are treated alike.",
    ),
    (
        "non_discrimination",
        "non-discriminatie",
        "non-discrimination",
        "Niemand wordt benadeeld om wie hij of zij is.",
        "Nobody is disadvantaged for who they are.",
    ),
    (
        "proportionality",
        "proportionaliteit",
        "proportionality",
        "De inbreuk staat in verhouding tot het doel.",
        "The intrusion is in proportion to the aim.",
    ),
    (
        "legitimacy",
        "legitimiteit",
        "legitimacy",
        "Het optreden heeft een rechtvaardige grondslag en draagvlak.",
        "The action has a just basis and public support.",
    ),
    (
        "human_contact",
        "menselijk contact",
        "human contact",
        "Mensen blijven elkaar ontmoeten en spreken.",
        "People keep meeting and talking to each other.",
    ),
    (
        "job_satisfaction",
        "werkplezier",
        "job satisfaction",
        "Met plezier en voldoening het werk doen.",
        "Doing the work with pleasure and fulfilment.",
    ),
    (
        "craftsmanship",
        "vakmanschap van de professional",
        "craftsmanship of the professional",
        "Professionals gebruiken hun kennis en oordeel.",
        "Professionals use their knowledge and judgement.",
    ),
    (
        "health",
        "gezondheid",
        "health",
        "Lichamelijk en geestelijk gezond zijn.",
        "Being physically and mentally healthy.",
    ),
    (
        "wellbeing",
        "welzijn",
        "wellbeing",
        "Zich goed voelen en goed leven.",
        "Feeling well and living well.",
    ),
    (
        "sustainability",
        "duurzaamheid",
        "sustainability",
        "Zorg voor milieu en toekomstige generaties.",
        "Care for the environment and future generations.",
    ),
    (
        "efficiency",
        "efficiëntie",
        "efficiency",
        "Doelen bereiken met weinig tijd en middelen.",
        "Reaching aims with little time and means.",
    ),
    (
        "effectiveness",
        "effectiviteit",
        "effectiveness",
        "Het beoogde doel wordt echt bereikt.",
        "The intended aim is really reached.",
    ),
    (
        "reliability",
        "betrouwbaarheid",
        "reliability",
        "De technologie werkt juist en voorspelbaar.",
        "The technology works correctly and predictably.",
    ),
    (
        "ease_of_use",
        "gebruiksgemak",
        "ease of use",
        "Eenvoudig en prettig te gebruiken.",
        "Simple and pleasant to use.",
    ),
    (
        "inclusion",
        "inclusie",
        "inclusion",
        "Iedereen kan meedoen, ook wie kwetsbaar is.",
        "Everyone can take part, including the vulnerable.",
    ),
    (
        "solidarity",
        "solidariteit",
        "solidarity",
        "Samen de lasten en lusten dragen.",
        "Sharing burdens and benefits together.",
    ),
    (
        "justice",
        "rechtvaardigheid",
        "justice",
        "Eerlijke verdeling en eerlijke behandeling.",
        "Fair distribution and fair treatment.",
    ),
    (
        "social_cohesion",
        "sociale samenhang",
        "social cohesion",
        "Verbondenheid in buurt en samenleving.",
        "Connectedness in neighbourhood and society.",
    ),
    (
        "data_control",
        "zeggenschap over eigen gegevens",
        "control over one's own data",
        "Zelf bepalen wat er met uw gegevens gebeurt.",
        "Deciding what happens with your data.",
    ),
    (
        "contestability",
        "kunnen betwisten van een besluit",
        "being able to contest a decision",
        "Bezwaar kunnen maken en gehoord worden.",
        "Being able to object and be heard.",
    ),
    (
        "lawfulness",
        "rechtmatigheid",
        "lawfulness",
        "Handelen binnen de wet.",
        "Acting within the law.",
    ),
    (
        "presumption_of_innocence",
        "onschuldpresumptie",
        "presumption of innocence",
        "Niemand wordt als verdachte behandeld zonder grond.",
        "Nobody is treated as a suspect without grounds.",
    ),
    (
        "responsibility",
        "verantwoordelijkheid",
        "responsibility",
        "Helder wie waarvoor verantwoordelijk is.",
        "Clear who is responsible for what.",
    ),
    (
        "explainability",
        "uitlegbaarheid",
        "explainability",
        "Uitkomsten zijn te begrijpen en uit te leggen.",
        "Outcomes can be understood and explained.",
    ),
    (
        "entrepreneurship",
        "ondernemerschap",
        "entrepreneurship",
        "Ruimte om te ondernemen.",
        "Room to do business.",
    ),
]


# Cue words per value (Dutch, English): words in an effect that point to the value. The
# value suggester (``guidance_ethics.suggestions``) stems them and also finds them inside
# compounds ("camerabeelden") and misspelt; with no confirmed links yet (a fresh
# installation) they are all it has. Written by us from the values' meaning, not from the
# development set the suggester is scored on.
CUES = {
    "privacy": (
        "privacy privé persoonsgegevens gefilmd filmen gevolgd volgen bekeken meekijken "
        "bespieden opnames beelden gezicht herkenbaar persoonlijke levenssfeer gluren "
        "registreren vastleggen observeren inkijk",
        "privacy private personal data filmed recorded tracked watched followed footage faces "
        "identifiable surveillance spying snooping monitoring intrusion observed",
    ),
    "safety": (
        "veilig veiligheid onveilig criminaliteit inbraak diefstal overlast geweld gevaar "
        "ongeluk brand hulpdiensten ingrijpen dader boeven beschermen dreiging incident "
        "aanrijding vandalisme",
        "safe safety unsafe crime burglary theft nuisance violence danger accident fire "
        "emergency protect threat incident offender vandalism harm",
    ),
    "security": (
        "beveiliging hack hacken datalek lek ingebroken misbruik versleuteld wachtwoord "
        "toegang opslag server cyberaanval gestolen onbevoegd",
        "security hacked hack breach leak leaked encryption password access storage server "
        "cyberattack stolen unauthorised misuse",
    ),
    "freedom": (
        "vrijheid vrij bewegen demonstreren demonstratie uiten mening vergaderen "
        "afschrikken onvrij ingeperkt beperkt bewegingsvrijheid chilling",
        "freedom free move movement protest demonstrate speech speak assemble assembly "
        "chilling restricted deterred",
    ),
    "autonomy": (
        "autonomie zelf kiezen keuze beslissen zelfstandig eigen regie betutteling "
        "afhankelijk sturen manipuleren dwang",
        "autonomy choose choice decide independent independence own control paternalism "
        "dependent steer nudge manipulate coerced",
    ),
    "human_dignity": (
        "waardigheid vernederend vernedering object nummer respect ontmenselijken "
        "stigmatiseren schaamte behandeld als",
        "dignity humiliating humiliation object number respect dehumanising stigma "
        "stigmatising shame degrading",
    ),
    "trust": (
        "vertrouwen wantrouwen vertrouwd argwaan achterdocht geloofwaardig relatie band "
        "imago draagvlak",
        "trust distrust mistrust trusted suspicion credible relationship reputation "
        "confidence support",
    ),
    "transparency": (
        "transparantie transparant openheid open duidelijk informeren communiceren bordjes "
        "weten waarom geheim onduidelijk inzicht",
        "transparency transparent openness open clear inform communicate signs know why "
        "secret unclear insight disclose",
    ),
    "accountability": (
        "verantwoording verantwoorden rekenschap controle toezicht toezichthouder "
        "evaluatie rapporteren aanspreekbaar audit",
        "accountability accountable answer oversight supervision supervisor audit report "
        "review scrutiny",
    ),
    "equal_treatment": (
        "gelijk gelijke behandeling ongelijk willekeur willekeurig eerlijk verschil voorgetrokken",
        "equal equally treatment unequal arbitrary arbitrariness fair difference favoured",
    ),
    "non_discrimination": (
        "discriminatie discrimineren etnisch profileren afkomst huidskleur vooroordeel bias "
        "wijk migratieachtergrond religie",
        "discrimination discriminate ethnic profiling origin skin colour prejudice bias "
        "biased neighbourhood religion race",
    ),
    "proportionality": (
        "proportioneel proportionaliteit buitenproportioneel overdreven doel middel "
        "noodzakelijk noodzaak te ver zwaar zinloos",
        "proportional proportionality disproportionate excessive overkill purpose necessary "
        "necessity too far",
    ),
    "legitimacy": (
        "legitimiteit legitiem gezag draagvlak acceptatie aanvaard mandaat",
        "legitimacy legitimate authority acceptance accepted mandate consent",
    ),
    "human_contact": (
        "contact menselijk persoonlijk gesprek praten aanspreken afstand wijkagent "
        "aanwezigheid ontmoeten",
        "contact human personal conversation talk talking approach distance presence meet "
        "community officer",
    ),
    "job_satisfaction": (
        "werkplezier plezier werk werkdruk frustratie stress motivatie collega's saai "
        "administratie",
        "job satisfaction enjoy work workload frustration stress motivation colleagues boring "
        "paperwork",
    ),
    "craftsmanship": (
        "vakmanschap vakkennis ervaring professioneel oordeel intuïtie deskundigheid vak "
        "blik vaardigheden",
        "craftsmanship expertise experience professional judgement intuition skill skills "
        "deskilling",
    ),
    "health": (
        "gezondheid gezond ziek ziekte straling stress lichamelijk geluid slapen medisch zorg",
        "health healthy sick illness radiation stress physical noise sleep medical care",
    ),
    "wellbeing": (
        "welzijn prettig onprettig ongemakkelijk onrustig angst bang zorgen gerust "
        "leefbaarheid eenzaam",
        "wellbeing well-being pleasant unpleasant uncomfortable uneasy anxiety afraid worried "
        "reassured liveability lonely",
    ),
    "sustainability": (
        "duurzaamheid duurzaam energie milieu uitstoot co2 afval stroom natuur",
        "sustainability sustainable energy environment emissions carbon waste electricity nature",
    ),
    "efficiency": (
        "efficiëntie efficiënt sneller tijd besparen kosten goedkoper capaciteit "
        "menskracht inzet minder werk automatisch",
        "efficiency efficient faster time save saving costs cheaper capacity manpower staff "
        "automatic",
    ),
    "effectiveness": (
        "effectiviteit effectief werkt helpt resultaat oplossen pakkans opsporen "
        "voorkomen bewijs doel",
        "effectiveness effective works helps result solve detection catch prevent evidence goal",
    ),
    "reliability": (
        "betrouwbaarheid betrouwbaar fout fouten vals alarm storing uitval nauwkeurig "
        "onjuist vergissing",
        "reliability reliable error errors false alarm failure outage accurate inaccurate mistake",
    ),
    "ease_of_use": (
        "gebruiksgemak makkelijk gemakkelijk lastig ingewikkeld gebruiksvriendelijk "
        "omslachtig handig bediening",
        "ease easy difficult complicated user-friendly cumbersome handy convenient usability",
    ),
    "inclusion": (
        "inclusie toegankelijk buitengesloten digitaal vaardig ouderen laaggeletterd "
        "beperking taal meedoen",
        "inclusion accessible excluded digital skills elderly literacy disability language "
        "participate",
    ),
    "solidarity": (
        "solidariteit samen elkaar helpen kwetsbaren zorgen voor gemeenschap",
        "solidarity together each other help vulnerable care for community",
    ),
    "justice": (
        "rechtvaardigheid rechtvaardig onrechtvaardig onterecht terecht gestraft straf "
        "boete gerechtigheid",
        "justice just unjust wrongly rightly punished punishment fine fairness",
    ),
    "social_cohesion": (
        "samenhang buurt buren wijk gemeenschap sociale controle saamhorigheid "
        "verdeeldheid polarisatie",
        "cohesion neighbourhood neighbours community social division polarisation together",
    ),
    "data_control": (
        "zeggenschap inzage verwijderen bewaren bewaartermijn delen doorgeven toestemming "
        "eigen gegevens",
        "control access delete retention keep share sharing passed on consent own data",
    ),
    "contestability": (
        "bezwaar betwisten aanvechten beroep klacht klagen corrigeren herzien",
        "contest challenge appeal objection complaint complain correct redress",
    ),
    "lawfulness": (
        "rechtmatig wet wettelijk grondslag avg illegaal juridisch regels toegestaan vergunning",
        "lawful law legal basis gdpr illegal legally rules permitted permit",
    ),
    "presumption_of_innocence": (
        "verdacht verdachte onschuldig schuldig vooraf voorspellen risicoscore verdenking",
        "suspect suspected innocent guilty predict prediction risk score suspicion",
    ),
    "responsibility": (
        "verantwoordelijk verantwoordelijkheid eigenaar aansprakelijk afschuiven wie",
        "responsible responsibility owner liable liability blame who",
    ),
    "explainability": (
        "uitlegbaar uitleggen uitleg begrijpen snappen zwarte doos algoritme waarom navolgbaar",
        "explainable explain explanation understand black box algorithm why traceable",
    ),
    "entrepreneurship": (
        "ondernemers ondernemer bedrijf bedrijven klanten omzet winkel zaak "
        "vestigingsklimaat economie",
        "entrepreneurs entrepreneur business businesses customers turnover shop trade economy",
    ),
}
