"""The suggester itself, without the database: words, compounds, misspellings, polarity."""

import pytest

from guidance_ethics.suggestions import dataset
from guidance_ethics.suggestions.engine import Model, similarity, stem_set
from guidance_ethics.suggestions.learning import catalogue_model
from guidance_ethics.values.catalogue import CATALOGUE, CUES


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_model((key, nl, en) for key, nl, en, *_ in CATALOGUE)


def keys(suggestions):
    return [s.key for s in suggestions]


def test_every_catalogue_value_has_cue_words_in_both_languages():
    assert set(CUES) == {key for key, *_ in CATALOGUE}
    for key, (dutch, english) in CUES.items():
        assert len(dutch.split()) >= 5 and len(english.split()) >= 5, key


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Iedereen wordt gefilmd en gevolgd", "nl", "privacy"),
        ("Everyone is filmed and tracked", "en", "privacy"),
        # Inflections: the stemmer reduces them to the cue word's stem.
        ("De inbraken nemen af", "nl", "safety"),
        ("Burglaries go down", "en", "safety"),
        # Compounds: known words inside an unknown one.
        ("De camerabeelden worden lang bewaard", "nl", "privacy"),
        ("Gezichtsherkenningssoftware ziet iedereen", "nl", "privacy"),
        # Misspellings.
        ("De privasy van bezoekers", "nl", "privacy"),
        ("Onvoldoende transparantei over het doel", "nl", "transparency"),
    ],
)
def test_the_catalogue_alone_finds_the_value(catalogue, text, lang, expected):
    assert expected in keys(catalogue.suggest(text, lang=lang))


def test_the_reason_names_the_words_of_the_text_that_point_to_the_value(catalogue):
    privacy = next(
        s for s in catalogue.suggest("Ik voel me gevolgd door de camera's") if s.key == "privacy"
    )
    assert "gevolgd" in privacy.words
    compound = next(
        s for s in catalogue.suggest("Alle camerabeelden blijven bewaard") if s.key == "privacy"
    )
    assert compound.words[0] == "camerabeelden"  # the word as typed, not its stem


def test_a_positive_and_a_negative_value_in_one_sentence_are_both_found(catalogue):
    dutch = keys(
        catalogue.suggest(
            "De drone maakt het bedrijventerrein veiliger, maar ondernemers voelen zich bekeken"
        )
    )
    assert {"safety", "privacy"} <= set(dutch)
    english = keys(
        catalogue.suggest("The drone makes the estate safer, but workers feel watched", lang="en")
    )
    assert {"safety", "privacy"} <= set(english)


def test_polarity_moves_values_that_are_mostly_on_one_side():
    model = catalogue_model((key, nl, en) for key, nl, en, *_ in CATALOGUE)
    for text in ("Camera's op het plein", "Nog meer camera's in de straat", "Camera's overal"):
        model.learn(text, "negative", ["privacy"])
        model.learn(text, "positive", ["safety"])
    positive = keys(model.suggest("Camera's bij het station", "positive"))
    negative = keys(model.suggest("Camera's bij het station", "negative"))
    assert positive[0] == "safety"
    assert negative[0] == "privacy"


def test_a_text_without_known_words_gets_no_suggestion(catalogue):
    assert catalogue.suggest("xq zzv") == []
    assert catalogue.suggest("") == []


def test_a_rejection_pushes_a_value_down_for_similar_texts(catalogue):
    model = catalogue.copy()
    text = "De beveiliger filmt met zijn telefoon"
    scores = {s.key: s.score for s in model.suggest(text)}
    assert "privacy" in scores
    model.learn(text, "negative", ["privacy"], rejected=True)
    lower = {s.key: s.score for s in model.suggest(text)}
    assert lower["privacy"] < scores["privacy"]
    assert lower["security"] == scores["security"]
    for _ in range(5):  # a cue word in both languages weighs as twelve links
        model.learn(text, "negative", ["privacy"], rejected=True)
    assert "privacy" not in keys(model.suggest(text))
    assert "privacy" in keys(catalogue.suggest(text)), "the copy learnt, not the original"


def test_a_new_word_is_learnt_from_one_link(catalogue):
    model = catalogue.copy()
    assert "entrepreneurship" not in keys(model.suggest("Minder klandizie voor de bakker"))
    model.learn("De bakker verliest klandizie", "negative", ["entrepreneurship"])
    assert keys(model.suggest("Minder klandizie voor de bakker"))[0] == "entrepreneurship"


def test_similarity_of_effects():
    same = similarity(
        stem_set("Ik voel me gevolgd door de camera's"),
        stem_set("Ik voel me gevolgd door camera"),
    )
    misspelt = similarity(
        stem_set("Bewoners voelen zich gevolgd door camera's"),
        stem_set("Bewonres voelen zich gevolgd door camera's"),
    )
    different = similarity(
        stem_set("Ik voel me gevolgd door de camera's"), stem_set("Minder inbraken op het terrein")
    )
    assert same == 1.0
    assert misspelt == 1.0
    assert different == 0.0


def test_the_development_set_is_large_enough_and_half_dutch():
    examples = dataset.load()
    assert len(examples) >= 400
    dutch = sum(e.lang == "nl" for e in examples)
    assert 0.4 <= dutch / len(examples) <= 0.6
    known = {key for key, *_ in CATALOGUE}
    assert all(set(e.values) <= known for e in examples)
    assert {e.technology for e in examples} >= {
        "drones",
        "cameras",
        "sensors",
        "anpr",
        "bodycams",
        "face_recognition",
        "predictive_policing",
        "social_media",
        "risk_scoring",
        "satellite",
        "care",
    }


def test_an_empty_model_suggests_nothing():
    assert Model().suggest("camera") == []


# --- the linear part ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fitted(catalogue):
    model = catalogue.copy()
    model.fit()
    return model


def test_the_catalogue_alone_fitted_still_finds_the_value(fitted):
    # What a fresh installation serves: the counts and the linear part on the cue words.
    for text, lang, expected in [
        ("Iedereen wordt gefilmd en gevolgd", "nl", "privacy"),
        ("Burglaries go down", "en", "safety"),
        ("Gezichtsherkenningssoftware ziet iedereen", "nl", "privacy"),
        ("De privasy van bezoekers", "nl", "privacy"),
    ]:
        assert keys(fitted.suggest(text, lang=lang))[0] == expected, text
    assert fitted.linear is not None
    assert fitted.suggest("xq zzv") == []


def test_the_linear_part_reranks_what_the_examples_taught(catalogue):
    # Counting alone cannot tell a word that goes with many values from one that decides:
    # here "drukte" comes with both values, "rij" only with efficiency.
    model = catalogue.copy()
    for _ in range(4):
        model.learn("Drukte bij de balie, lange rij", "negative", ["efficiency"])
        model.learn("Drukte op straat maakt mensen onrustig", "negative", ["wellbeing"])
        model.learn("Drukte in het centrum geeft onrust", "negative", ["wellbeing"])
    text = "Drukte en een rij"
    before = {s.key: s.score for s in model.suggest(text, "negative")}
    model.fit()
    after = {s.key: s.score for s in model.suggest(text, "negative")}
    assert before.keys() == after.keys(), "the linear part re-ranks; it adds no values"
    assert after["efficiency"] - after["wellbeing"] > before["efficiency"] - before["wellbeing"]
    assert keys(model.suggest(text, "negative"))[0] == "efficiency"


def test_a_fit_on_the_same_examples_is_reused_and_a_new_example_refits(catalogue):
    one, two = catalogue.copy(), catalogue.copy()
    one.fit()
    two.fit()
    assert one.linear is two.linear
    two.learn("De bakker verliest klandizie", "negative", ["entrepreneurship"])
    two.fit()
    assert two.linear is not one.linear
    assert one.linear.keys == two.linear.keys


def test_a_word_turned_down_is_no_reason_in_the_linear_part(fitted):
    model = fitted.copy()
    text = "De beveiliger filmt met zijn telefoon"
    assert "privacy" in keys(model.suggest(text))
    for _ in range(6):  # more than the cue words' weight: every word of it turned down
        model.learn(text, "negative", ["privacy"], rejected=True)
    assert "privacy" not in keys(model.suggest(text))
    assert "privacy" in keys(fitted.suggest(text)), "the copy learnt, not the original"
