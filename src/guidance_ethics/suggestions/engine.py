"""The value suggester: from an effect's text to the values most likely behind it.

A model has two parts that are added together. The first holds weighted evidence: for
every feature (a word stem, or the effect's polarity) how often it occurred with each value.
Evidence comes from the catalogue's cue words (a fresh installation has only these) and
from labelled examples: effects that a co-moderator linked to a value (added) or whose
suggested value they rejected (taken away). A text is scored as in naive Bayes: each of
its features adds the log-ratio of how likely the feature is for the value to how likely it
is at all, where that is positive. Every term of a score is a word of the text itself, so
the reason shown to the co-moderator is the words that counted most ("'gefilmd', 'camera'
→ privacy").

The second part, once ``fit`` has run, is a linear classifier (scikit-learn's logistic
regression, one value against the rest) over the same stems, the polarity and the words'
character n-grams, trained on the same cue words and examples. It weighs words against each
other where counting cannot (a word common to many values says little), and the n-grams
carry what words share beyond their stem ("surveillance", "surveilled"). Its log-probability
is added to the first part's score; its weights per word join the reason.

Words are folded (case, accents, the apostrophe of "camera's") and stemmed with Snowball's
Dutch or English stemmer. A word the model does not know is looked for as a compound of
words it does know ("camerabeelden": "camera" + "beeld") and then as a misspelling of one
(rapidfuzz, similarity of at least 85 %). Nothing is downloaded or called: the model is
built from the catalogue and the database, in this process.
"""

import hashlib
import math
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from guidance_ethics.suggestions.text import content_words, grams

POLARITY_FEATURE = {"positive": "~positive", "negative": "~negative"}
GRAM_WEIGHT = 0.3  # a character n-gram against a whole word (1.0)
LINEAR_REASON = 1.0  # the least weight of a word in the linear part that makes it a reason


@dataclass(frozen=True)
class Linear:
    """A fitted linear classifier, kept as plain arrays: feature -> row of ``coef``."""

    keys: tuple
    index: dict
    coef: np.ndarray  # (features, values)
    intercept: np.ndarray  # (values,)

    def score(self, features: dict) -> tuple[dict, list, np.ndarray]:
        """{key: log-probability} for all values; the known features, and their weighted
        rows of ``coef`` (one row per feature, one column per value)."""
        known = [f for f in features if f in self.index]
        if known:
            rows = self.coef[[self.index[f] for f in known]]
            rows *= np.array([features[f] for f in known], dtype=np.float32)[:, None]
            decision = self.intercept + rows.sum(axis=0)
        else:
            rows = np.zeros((0, len(self.keys)), dtype=np.float32)
            decision = self.intercept
        # One value against the rest, normalised as scikit-learn's predict_proba does.
        probability = 1.0 / (1.0 + np.exp(-decision.astype(np.float64)))
        logs = np.log(probability / probability.sum())
        return dict(zip(self.keys, logs.tolist(), strict=True)), known, rows


_fitted: OrderedDict = OrderedDict()  # digest of a training set -> Linear; see ``fit``
_fitted_lock = threading.Lock()


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
    linear_weight: float = 1.0  # the linear part's log-probability against the counts
    linear: Linear | None = None  # set by ``fit``
    # What ``fit`` trains on: (stem, word, key, lang) per cue word; (text, polarity, keys,
    # lang) per linked effect.
    cue_words: list = field(default_factory=list)
    labelled: list = field(default_factory=list)
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
            cue_words=list(self.cue_words),
            labelled=list(self.labelled),
            _vocabulary_cache=None,
            _resolved={},
        )

    # --- learning ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self._vocabulary_cache = None
        self._resolved.clear()

    def add_cues(self, key: str, text: str, lang: str) -> None:
        """Cue words (or a value's name) for a value: each counts as ``cue_weight`` links."""
        pairs = content_words(text, lang)[1]
        features = {s for s, _w in pairs}
        self.evidence.add(features, key, self.cue_weight)
        self.cue_words.extend((s, w, key, lang) for s, w in dict(pairs).items())
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
        lang, weights, _surface, pairs = self._features(text, lang)
        # The words themselves (the vocabulary grows) and what the model already makes of
        # them (the parts of a compound it knows), so that the example also teaches those.
        features = {s for s, _w in pairs} | set(weights)
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
        self.labelled.append((text, polarity, tuple(keys), lang))
        self._changed()

    def fit(self) -> None:
        """Train the linear part on the cue words and the linked effects learnt so far.

        Each cue word is an example of its own; each linked effect is an example of each of
        its values. A model fitted on the same examples before is taken from a small cache
        (``fit`` is deterministic), so rebuilding a layer whose sources did not change costs
        nothing."""
        rows, labels = [], []
        for stemmed, word, key, _lang in self.cue_words:
            rows.append(self._linear_features({stemmed: 1.0}, [word], None))
            labels.append(key)
        for text, polarity, keys, lang in self.labelled:
            _lang, weights, _surface, pairs = self._features(text, lang)
            row = self._linear_features(weights, [w for _s, w in pairs], polarity)
            for key in keys:
                rows.append(row)
                labels.append(key)
        if len(set(labels)) < 2:
            self.linear = None
            return
        digest = hashlib.sha256(repr((rows, labels)).encode()).hexdigest()
        with _fitted_lock:
            linear = _fitted.get(digest)
        if linear is None:
            linear = _train(rows, labels)
            with _fitted_lock:
                _fitted[digest] = linear
                while len(_fitted) > 8:
                    _fitted.popitem(last=False)
        self.linear = linear

    @staticmethod
    def _linear_features(weights: dict, surface_words, polarity) -> dict:
        features = dict(weights)
        if polarity in POLARITY_FEATURE:
            features[POLARITY_FEATURE[polarity]] = 1.0
        for word in surface_words:
            for gram in grams(word):
                features[gram] = GRAM_WEIGHT
        return features

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

    def _features(self, text: str, lang: str | None) -> tuple[str, dict, dict, list]:
        """The text's language, its features with weights, the word behind each, and its
        (stem, word) pairs (``content_words``)."""
        lang, pairs = content_words(text, lang)
        weights, surface = {}, {}
        for stemmed, word in pairs:
            for feature, weight in self._resolve(stemmed, word, lang) or ((stemmed, 0.0),):
                if weight and weight > weights.get(feature, 0):
                    weights[feature] = weight
                    surface[feature] = word
        return lang, weights, surface, pairs

    # --- suggesting -------------------------------------------------------------------------

    def suggest(
        self, text: str, polarity: str | None = None, lang: str | None = None, limit: int = 3
    ) -> list[Suggestion]:
        lang, weights, surface, pairs = self._features(text, lang)
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
        linear = self.linear
        if linear is not None:
            self._add_linear(linear, lang, pairs, polarity, weights, surface, scores, reasons)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        suggestions = []
        for key, score in ranked:
            best = sorted(reasons[key], reverse=True)
            shown = list(dict.fromkeys(word for _gain, word in best))[:3]
            suggestions.append(Suggestion(key=key, score=round(score, 3), words=shown))
        return suggestions

    def _add_linear(self, linear, lang, pairs, polarity, weights, surface, scores, reasons):
        """Add the linear part's log-probability to the scores of the values the counts
        found; a word whose weights add at least ``LINEAR_REASON`` for a value joins its
        reason, unless a co-moderator turned the value down for that word."""
        features = self._linear_features(weights, [], polarity)
        origin = dict(surface)
        for _stemmed, word in pairs:
            for gram in grams(word):
                features[gram] = GRAM_WEIGHT
                origin.setdefault(gram, word)
        logs, known, rows = linear.score(features)
        least = min(logs.values())
        scored = [key for key in scores if key in logs]
        for key in scores:
            # A value added since the fit is taken as unlikely as the least likely one.
            scores[key] += self.linear_weight * logs.get(key, least)
        # Each word's weight for each value found: its stem's row and its n-grams' rows.
        spoken = list(dict.fromkeys(origin[f] for f in known if f in origin))
        if not spoken or not scored:
            return
        at = {word: i for i, word in enumerate(spoken)}
        group = np.zeros((len(spoken), len(known)), dtype=np.float32)
        for j, feature in enumerate(known):
            if feature in origin:
                group[at[origin[feature]], j] = 1.0
        per_word = group @ rows[:, [linear.keys.index(key) for key in scored]]
        for i, j in np.argwhere(per_word >= LINEAR_REASON).tolist():
            key, word = scored[j], spoken[i]
            if self.rejected and self._word_turned_down(word, key, pairs, lang):
                continue
            reasons[key].append((self.linear_weight * float(per_word[i, j]), word))

    def _word_turned_down(self, word: str, key: str, pairs, lang: str) -> bool:
        """Whether a co-moderator turned this value down for this word (any reading)."""
        for stemmed, other in pairs:
            if other == word:
                readings = {stemmed} | {f for f, _w in self._resolve(stemmed, word, lang)}
                if any(self._turned_down(feature, key) for feature in readings):
                    return True
        return False

    def _turned_down(self, feature: str, key: str) -> bool:
        rejections = self.rejected.get((feature, key), 0)
        if not rejections:
            return False
        by_value = self.evidence.counts.get(feature)
        linked = by_value.get(key, 0.0) if by_value else 0.0
        return linked - self.rejection_weight * rejections <= 0


def _train(rows: list[dict], labels: list[str]) -> Linear:
    # Imported here: scikit-learn takes seconds to load, and only fitting needs it.
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415
    from sklearn.linear_model import SGDClassifier  # noqa: PLC0415

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows).tocsr()
    # scikit-learn's solvers take 32-bit indices only.
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    # It stops when an epoch improves the loss by less than ``tol``; ``max_iter`` is only a
    # bound (how many epochs it takes: docs/value-suggestions.md).
    classifier = SGDClassifier(loss="log_loss", alpha=3e-4, max_iter=200, tol=1e-3, random_state=0)
    classifier.fit(matrix, labels)
    coef = classifier.coef_.T.astype(np.float32)
    if coef.shape[1] == 1:  # two values: one column for the second against the first
        coef = np.hstack([-coef, coef])
        intercept = np.array([-classifier.intercept_[0], classifier.intercept_[0]])
    else:
        intercept = classifier.intercept_
    index = {name: i for i, name in enumerate(vectorizer.feature_names_)}
    return Linear(
        keys=tuple(classifier.classes_.tolist()),
        index=index,
        coef=coef,
        intercept=intercept.astype(np.float32),
    )


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
