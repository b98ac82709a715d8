"""Other words for the catalogue's values, and finding the value a typed name means.

A co-moderator who types "doelmatigheid" means the catalogue's "efficiëntie"; the workspace
offers the catalogue value first and the server puts the catalogue value on the board, so
that every viewer reads it in their own language. The words are ordinary Dutch and English
usage for the same value (not the suggester's cue words, ``catalogue.CUES``, which only point
to a value): a handful per value and language, none given to two values.
"""

from guidance_ethics.values.catalogue import CATALOGUE

SYNONYMS = {
    "privacy": (
        ["persoonlijke levenssfeer", "privésfeer", "persoonlijke privacy"],
        ["personal privacy", "private life", "private sphere"],
    ),
    "safety": (
        ["openbare veiligheid", "fysieke veiligheid"],
        ["public safety", "physical safety"],
    ),
    "security": (
        ["beveiliging", "cybersecurity", "gegevensbeveiliging"],
        ["information security", "cyber security", "data security"],
    ),
    "freedom": (
        ["bewegingsvrijheid", "vrijheid van meningsuiting", "persoonlijke vrijheid"],
        ["liberty", "freedom of movement", "freedom of expression"],
    ),
    "autonomy": (
        ["zelfbeschikking", "eigen regie", "zelfstandigheid"],
        ["self-determination", "self-direction"],
    ),
    "human_dignity": (
        ["waardigheid", "menswaardigheid"],
        ["dignity", "respect for persons"],
    ),
    "trust": (
        ["publiek vertrouwen", "maatschappelijk vertrouwen"],
        ["public trust"],
    ),
    "transparency": (
        ["openheid", "doorzichtigheid", "inzichtelijkheid"],
        ["openness"],
    ),
    "accountability": (
        ["verantwoordingsplicht", "rekenschap", "aanspreekbaarheid"],
        ["answerability"],
    ),
    "equal_treatment": (
        ["gelijkheid", "gelijkwaardigheid", "gelijke kansen"],
        ["equality", "equal opportunities"],
    ),
    "non_discrimination": (
        ["discriminatie", "geen discriminatie", "niet discrimineren"],
        ["discrimination", "no discrimination", "nondiscrimination"],
    ),
    "proportionality": (
        ["evenredigheid", "redelijke verhouding"],
        ["proportionate response", "reasonable balance"],
    ),
    "legitimacy": (
        ["gezag", "maatschappelijke legitimiteit"],
        ["public legitimacy"],
    ),
    "human_contact": (
        ["persoonlijk contact", "menselijke maat", "nabijheid"],
        ["personal contact", "human touch", "human interaction"],
    ),
    "job_satisfaction": (
        ["arbeidsvreugde", "werkgeluk", "arbeidssatisfactie", "werkvreugde"],
        ["work satisfaction", "enjoyment of work", "job enjoyment"],
    ),
    "craftsmanship": (
        ["vakmanschap", "professionaliteit", "deskundigheid"],
        ["craftsmanship", "professionalism", "expertise", "professional judgement"],
    ),
    "health": (
        ["volksgezondheid", "lichamelijke gezondheid"],
        ["public health", "physical health"],
    ),
    "wellbeing": (
        ["welbevinden", "kwaliteit van leven"],
        ["well-being", "quality of life"],
    ),
    "sustainability": (
        ["milieuvriendelijkheid", "duurzaam"],
        ["environmental protection", "sustainable"],
    ),
    "efficiency": (
        ["doelmatigheid", "kostenbesparing", "tijdwinst"],
        ["cost savings", "productivity", "saving time"],
    ),
    "effectiveness": (
        ["doeltreffendheid", "werkzaamheid", "slagkracht"],
        ["efficacy"],
    ),
    "reliability": (
        ["nauwkeurigheid", "juistheid", "betrouwbaar"],
        ["accuracy", "dependability", "reliable"],
    ),
    "ease_of_use": (
        ["gebruiksvriendelijkheid", "bruikbaarheid"],
        ["usability", "user-friendliness", "convenience"],
    ),
    "inclusion": (
        ["toegankelijkheid", "inclusiviteit", "meedoen"],
        ["accessibility", "inclusiveness", "inclusivity"],
    ),
    "solidarity": (
        ["saamhorigheid", "verbondenheid", "onderlinge steun"],
        ["togetherness", "mutual support"],
    ),
    "justice": (
        ["gerechtigheid", "eerlijkheid", "billijkheid"],
        ["fairness", "equity"],
    ),
    "social_cohesion": (
        ["sociale cohesie", "gemeenschapszin"],
        ["cohesion", "community spirit"],
    ),
    "data_control": (
        ["informationele zelfbeschikking", "controle over eigen gegevens", "regie over eigen data"],
        ["data control", "data ownership", "data sovereignty"],
    ),
    "contestability": (
        ["betwistbaarheid", "bezwaar kunnen maken", "rechtsbescherming"],
        ["contestability", "right to object", "right of appeal", "redress"],
    ),
    "lawfulness": (
        ["wettigheid", "legaliteit", "rechtsstatelijkheid"],
        ["legality", "rule of law"],
    ),
    "presumption_of_innocence": (
        ["vermoeden van onschuld", "onschuldvermoeden"],
        ["innocent until proven guilty"],
    ),
    "responsibility": (
        ["zorgplicht", "verantwoordelijkheidsgevoel", "aansprakelijkheid"],
        ["duty of care", "liability"],
    ),
    "explainability": (
        ["verklaarbaarheid", "navolgbaarheid", "begrijpelijkheid"],
        ["interpretability", "comprehensibility", "traceability"],
    ),
    "entrepreneurship": (
        ["bedrijvigheid", "vrij ondernemen", "economische ontwikkeling"],
        ["enterprise", "business activity", "economic development"],
    ),
}

NAMES = {key: {"nl": nl, "en": en} for key, nl, en, *_descriptions in CATALOGUE}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


# Every way of naming a catalogue value, folded: its names first, then its other words.
_MEANS = {}
for _key, _names in NAMES.items():
    for _name in _names.values():
        _MEANS.setdefault(_fold(_name), _key)
for _key, (_dutch, _english) in SYNONYMS.items():
    for _word in [*_dutch, *_english]:
        _MEANS.setdefault(_fold(_word), _key)


def catalogue_key_for(name: str) -> str | None:
    """The key of the catalogue value ``name`` names or means, in either language."""
    return _MEANS.get(_fold(name or ""))


def catalogue_names(key: str | None) -> dict[str, str] | None:
    """A catalogue value's names, ``{"nl": ..., "en": ...}``, or None for another key."""
    return NAMES.get(key) if key else None


def synonyms(key: str, language: str) -> list[str]:
    """The other words for a catalogue value in ``language`` ("nl" or "en")."""
    dutch, english = SYNONYMS.get(key, ([], []))
    return english if language.startswith("en") else dutch
