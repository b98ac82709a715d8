"""The value suggester: from an effect's text to the values most likely behind it.

A model holds weighted evidence: for every feature (a word stem, or the effect's polarity)
how often it occurred with each value. Evidence comes from the catalogue's cue words (a
fresh installation has only these) and from labelled examples: effects that a co-moderator
linked to a value (added) or whose suggested value they rejected (taken away). A text is
scored as in naive Bayes: each of its features adds the log-ratio of how likely the feature
is for the value to how likely it is at all, where that is positive. Every term of a score
is a word of the text itself, so the reason shown to the co-moderator is the words that
counted most ("'gefilmd', 'camera' → privacy").

Words are folded (case, accents, the apostrophe of "camera's") and stemmed with Snowball's
Dutch or English stemmer. A word the model does not know is looked for as a compound of
words it does know ("camerabeelden": "camera" + "beeld") and then as a misspelling of one
(rapidfuzz, similarity of at least 85 %). Nothing is downloaded or called: the model is
built from the catalogue and the database, in this process.
"""

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process

from guidance_ethics.library.search import fold as fold_apostrophe

WORD = re.compile(r"[a-z0-9]+")

# Function words of either language, which say nothing about a value. Negations ("niet",
# "geen", "niemand", "nobody") are not among them: "niemand weet" points to transparency.
_DUTCH = (
    "de het een en of maar dat die dit deze er hier daar is zijn was waren wordt worden "
    "werd werden word heeft hebben had hadden kan kunnen kon mag mogen moet moeten zal "
    "zullen zou zouden wil willen gaat gaan ging doen doet deed te van in op aan met "
    "voor door over bij naar uit om tot als dan ook nog al wel meer minder zo "
    "ze zij hij hem haar hun hen ik je jij u we wij ons onze mijn zijn wie wat waar "
    "wanneer hoe omdat terwijl zonder tegen na onder tussen elke elk alle iedereen "
    "iemand iets alles veel vaak weer toch even nu dus want zelf eigen "
    "hele heel ook juist gewoon precies echt zoals andere ander"
)
_ENGLISH = (
    "the a an and or but that this these those there here is are was were be been being "
    "has have had can could may might must shall will would do does did to of in on at "
    "with for by about from into out as than then also still nor more less so "
    "they them their he him his she her it its i you we us our my who what where when "
    "how because while without against after under between every each all everyone "
    "someone anyone something everything many often again even now just "
    "own very too one ones other others any only their which whether if once"
)
STOP_WORDS = {"nl": frozenset(_DUTCH.split()), "en": frozenset(_ENGLISH.split())}
POLARITY_FEATURE = {"positive": "~positive", "negative": "~negative"}
LANGUAGES = ("nl", "en")


def fold(text: str) -> str:
    """The library's fold (the apostrophe of "camera's"), lower case, without accents."""
    text = fold_apostrophe(text or "").lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def guess_language(tokens: list[str]) -> str:
    """Dutch unless the text has more English function words than Dutch ones."""
    nl = sum(t in STOP_WORDS["nl"] for t in tokens)
    en = sum(t in STOP_WORDS["en"] for t in tokens)
    return "en" if en > nl else "nl"


@lru_cache(maxsize=2)
def _stemmer(lang: str):
    return Stemmer.Stemmer("english" if lang == "en" else "dutch")


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    return _stemmer(lang).stemWord(word)


def content_words(text: str, lang: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The text's language and its (stem, word) pairs without function words."""
    tokens = words(text)
    lang = lang if lang in LANGUAGES else guess_language(tokens)
    stop = STOP_WORDS[lang]
    return lang, [
        (stem(t, lang), t) for t in tokens if t not in stop and len(t) > 1 and not t.isdigit()
    ]


@dataclass
class Suggestion:
    key: str
    score: float
    words: list[str]


@dataclass
class Evidence:
    """How often each feature occurred with each value, in one source of evidence."""

    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    value_totals: Counter = field(default_factory=Counter)
    feature_totals: Counter = field(default_factory=Counter)
    total: float = 0.0

    def copy(self) -> "Evidence":
        other = Evidence()
        for feature, by_value in self.counts.items():
            other.counts[feature] = Counter(by_value)
        other.value_totals = Counter(self.value_totals)
        other.feature_totals = Counter(self.feature_totals)
        other.total = self.total
        return other

    def add(self, features, key: str, weight: float) -> None:
        for feature in features:
            self.counts[feature][key] += weight
            self.value_totals[key] += weight
            self.feature_totals[feature] += weight
            self.total += weight

    def log_ratio(
        self, feature: str, key: str, smoothing: float, size: int, minus: float = 0.0
    ) -> float:
        """log P(feature | value) / P(feature), smoothed, with ``minus`` taken off the pair's
        count (rejections); 0 where nothing is left of it."""
        by_value = self.counts.get(feature)
        n = (by_value.get(key, 0.0) if by_value else 0.0) - minus
        if n <= 0:
            return 0.0
        in_value = (n + smoothing) / (self.value_totals[key] + smoothing * size)
        overall = (self.feature_totals[feature] + smoothing) / (self.total + smoothing * size)
        return math.log(in_value / overall)


@dataclass
class Model:
    """Evidence from cue words, from links and from rejections; see the module's docstring."""

    evidence: Evidence = field(default_factory=Evidence)
    rejected: Counter = field(default_factory=Counter)  # (feature, key) -> rejections
    examples: Counter = field(default_factory=Counter)
    smoothing: float = 0.03
    cue_weight: float = 6.0
    cue_mass: float = 0.0  # what ``balance`` brought every value's cue words up to
    rejection_weight: float = 2.0  # a rejection takes off as much as two links add
    polarity_weight: float = 0.5
    prior_weight: float = 0.3
    # What the vocabulary makes of a word, kept until the model learns something new.
    _vocabulary_cache: tuple | None = field(default=None, repr=False, compare=False)
    _resolved: dict = field(default_factory=dict, repr=False, compare=False)

    def copy(self) -> "Model":
        """The same settings, its own evidence, an empty word cache."""
        return replace(
            self,
            evidence=self.evidence.copy(),
            rejected=Counter(self.rejected),
            examples=Counter(self.examples),
            _vocabulary_cache=None,
            _resolved={},
        )

    # --- learning ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self._vocabulary_cache = None
        self._resolved.clear()

    def add_cues(self, key: str, text: str, lang: str) -> None:
        """Cue words (or a value's name) for a value: each counts as ``cue_weight`` links."""
        features = {s for s, _w in content_words(text, lang)[1]}
        self.evidence.add(features, key, self.cue_weight)
        self.examples[key] += 0  # known, even without examples
        self._changed()

    def balance(self) -> None:
        """Give every value the same weight of cue words, so that a cue word of a value with
        a long list counts as much as one of a value with a short list (naive Bayes divides
        by a value's total). The padding is a feature no text has."""
        self.cue_mass = max(self.evidence.value_totals.values(), default=0.0)
        for key in list(self.evidence.value_totals):
            self.pad(key)

    def pad(self, key: str) -> None:
        """Bring a value's cue words up to the weight of the others (see ``balance``)."""
        total = self.evidence.value_totals[key]
        if total < self.cue_mass:
            self.evidence.add(["~cues"], key, self.cue_mass - total)
            self._changed()

    def learn(self, text: str, polarity: str | None, keys, lang=None, rejected=False) -> None:
        """An effect linked to these values, or (``rejected``) whose suggested values a
        co-moderator turned down."""
        lang, pairs = content_words(text, lang)
        # The words themselves (the vocabulary grows) and what the model already makes of
        # them (the parts of a compound it knows), so that the example also teaches those.
        features = {s for s, _w in pairs} | set(self._features(text, lang)[1])
        if rejected:
            for key in keys:
                for feature in features:
                    self.rejected[(feature, key)] += 1
            return
        if polarity in POLARITY_FEATURE:
            features.add(POLARITY_FEATURE[polarity])
        for key in keys:
            self.evidence.add(features, key, 1.0)
            self.examples[key] += 1
        self._changed()

    # --- features ---------------------------------------------------------------------------

    def _vocabulary(self) -> tuple[frozenset, list]:
        if self._vocabulary_cache is None:
            known = frozenset(f for f in self.evidence.feature_totals if f[0] != "~")
            self._vocabulary_cache = (known, sorted(f for f in known if len(f) >= 4))
        return self._vocabulary_cache

    def _resolve(self, stemmed: str, word: str, lang: str) -> tuple[tuple[str, float], ...]:
        """Known features for one word: itself, its parts if a compound, or the nearest
        known word if misspelt. Each with a weight below 1 for the less certain readings."""
        cached = self._resolved.get((stemmed, word, lang))
        if cached is None:
            if len(self._resolved) > 20000:
                self._resolved.clear()
            cached = self._resolved[(stemmed, word, lang)] = self._read(stemmed, word, lang)
        return cached

    def _read(self, stemmed: str, word: str, lang: str) -> tuple[tuple[str, float], ...]:
        known, long_words = self._vocabulary()
        if stemmed in known:
            return ((stemmed, 1.0),)
        if word in known:
            return ((word, 1.0),)
        if lang == "nl" and len(word) >= 7:  # English writes its compounds apart
            parts = _compound_parts(word, known)
            if parts:
                return tuple((part, 0.8) for part in parts)
        if len(stemmed) >= 5 and long_words:
            match = process.extractOne(
                stemmed, long_words, scorer=fuzz.ratio, score_cutoff=85, processor=None
            )
            if match:
                return ((match[0], 0.7),)
        return ()

    def _features(self, text: str, lang: str | None) -> tuple[str, dict, dict]:
        """The text's language, its features with weights, and the word behind each."""
        lang, pairs = content_words(text, lang)
        weights, surface = {}, {}
        for stemmed, word in pairs:
            for feature, weight in self._resolve(stemmed, word, lang) or ((stemmed, 0.0),):
                if weight and weight > weights.get(feature, 0):
                    weights[feature] = weight
                    surface[feature] = word
        return lang, weights, surface

    # --- suggesting -------------------------------------------------------------------------

    def suggest(
        self, text: str, polarity: str | None = None, lang: str | None = None, limit: int = 3
    ) -> list[Suggestion]:
        _lang, weights, surface = self._features(text, lang)
        if not weights:
            return []
        a = self.smoothing
        evidence = self.evidence
        size = max(1, len(evidence.feature_totals))
        scores: dict[str, float] = defaultdict(float)
        reasons: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for feature, weight in weights.items():
            for key in evidence.counts.get(feature, ()):
                minus = self.rejection_weight * self.rejected.get((feature, key), 0)
                gain = evidence.log_ratio(feature, key, a, size, minus)
                if gain > 0:
                    scores[key] += weight * gain
                    reasons[key].append((weight * gain, surface[feature]))
        if polarity in POLARITY_FEATURE:
            feature = POLARITY_FEATURE[polarity]
            for key in scores:
                scores[key] += self.polarity_weight * evidence.log_ratio(feature, key, a, size)
        for key in scores:
            scores[key] += self.prior_weight * math.log1p(self.examples[key])
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        suggestions = []
        for key, score in ranked:
            best = sorted(reasons[key], reverse=True)
            shown = list(dict.fromkeys(word for _gain, word in best))[:3]
            suggestions.append(Suggestion(key=key, score=round(score, 3), words=shown))
        return suggestions


def _compound_parts(word: str, known: frozenset) -> list[str]:
    """Known stems of four letters or more inside a word, longest first, not overlapping
    ("gezichtsherkenningssoftware": "gezicht", "herkenn", "software")."""
    found = []
    for start in range(len(word) - 3):
        for end in range(len(word), start + 3, -1):
            piece = word[start:end]
            if piece in known and piece != word:
                found.append((start, end))
                break
    found.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    taken: list[tuple[int, int]] = []
    for span in found:
        if all(span[1] <= s or span[0] >= e for s, e in taken):
            taken.append(span)
    return [word[s:e] for s, e in sorted(taken)][:4]


@lru_cache(maxsize=50000)
def stem_set(text: str, lang: str | None = None) -> frozenset:
    """The content words of a text, stemmed (an effect's text never changes, so the board's
    effects are stemmed once per process)."""
    return frozenset(s for s, _w in content_words(text, lang)[1])


def similarity(left: frozenset, right: frozenset) -> float:
    """How alike two effects are (0 to 1), from their ``stem_set``: the share of content
    words they have in common, counting a misspelt word as the same word."""
    if not left or not right:
        return 0.0
    common = left & right
    if not common:
        return 0.0
    matched = len(common)
    rest = sorted(right - common)
    for word in sorted(left - common):
        if len(word) >= 5 and rest:
            hit = process.extractOne(word, rest, scorer=fuzz.ratio, score_cutoff=85)
            if hit:
                matched += 1
                rest.remove(hit[0])
    return 2 * matched / (len(left) + len(right))
