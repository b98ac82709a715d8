"""The suggester's models, built from the catalogue and the database, kept per process.

Two layers:
- the platform's model: the catalogue's names and cue words, and every link in a published
  case (the frozen document, so only what the public may read, and with consent);
- an organisation's model: the platform's plus the organisation's own values (their names
  as cue words), every link its co-moderators made in cases that are not published (those
  are already in the platform's layer), and every suggestion they rejected.

Each layer is rebuilt when a few aggregate figures of its sources change (how many rows,
the newest id), which one query per layer checks on every request. A link made a moment ago
therefore counts in the next suggestion, in every process.

The counting part of a rebuilt layer answers at once. Its linear part (``Model.fit``, about
a second) is trained in one thread per process while the layer's previous linear part goes
on answering (``SUGGESTIONS_BACKGROUND_FIT``; off in the tests, where a layer is fitted
before it answers). A fit whose layer has been rebuilt again before its turn is skipped.
"""

import logging
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance_ethics.library.models import Publication
from guidance_ethics.suggestions.engine import Model, Suggestion, similarity, stem_set
from guidance_ethics.suggestions.models import Rejection
from guidance_ethics.values.catalogue import CUES
from guidance_ethics.values.models import Value
from guidance_ethics.workshops.models import Effect, EffectValue

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_platform: dict = {}
_organisations: dict = {}
MAX_ORGANISATIONS = 64
_fitter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suggestions-fit")


def _fit(model: Model, previous: Model | None, current) -> None:
    """Fit ``model``'s linear part, now or (``SUGGESTIONS_BACKGROUND_FIT``) in the fitting
    thread, with ``previous``'s linear part answering meanwhile. ``current()`` tells whether
    the model is still the one its layer serves when the thread comes to it."""
    if not settings.SUGGESTIONS_BACKGROUND_FIT:
        model.fit()
        return
    model.linear = previous.linear if previous is not None else None

    def work():
        if current():
            model.fit()

    _fitter.submit(work).add_done_callback(_log_failure)


def _log_failure(future) -> None:
    error = future.exception()
    if error is not None:
        logger.error("Fitting the value suggester failed", exc_info=error)


def catalogue_model(values) -> Model:
    """A model from values alone: ``(key, name_nl, name_en)``, with the catalogue's cue
    words for catalogue keys. What a fresh installation has, and the baseline it is scored
    against (``eval-values``)."""
    model = Model()
    for key, name_nl, name_en in values:
        model.add_cues(key, name_nl, "nl")
        model.add_cues(key, name_en, "en")
        if key in CUES:
            model.add_cues(key, CUES[key][0], "nl")
            model.add_cues(key, CUES[key][1], "en")
    model.balance()
    return model


def _published_examples():
    """(text, polarity, catalogue keys) for every effect with a value in a published case."""

    documents = Publication.objects.filter(status=Publication.Status.PUBLISHED).values_list(
        "document", flat=True
    )
    for document in documents.iterator(chunk_size=100):
        for workshop in (document or {}).get("workshops", []):
            catalogue = {v["ref"]: v.get("catalogue") for v in workshop.get("values", [])}
            for effect in workshop.get("effects", []):
                keys = [catalogue.get(ref) for ref in effect.get("values", [])]
                keys = [key for key in keys if key]
                if keys and effect.get("text"):
                    yield effect["text"], effect.get("polarity"), keys


def _platform_version():
    catalogue = Value.objects.filter(organisation=None).aggregate(n=Count("id"), last=Max("id"))
    published = Publication.objects.filter(status=Publication.Status.PUBLISHED).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    return (catalogue["n"], catalogue["last"], published["n"], published["last"])


def platform_model() -> Model:
    version = _platform_version()
    with _lock:
        if _platform.get("version") == version:
            return _platform["model"]
        previous = _platform.get("model")
    values = Value.objects.filter(organisation=None).values_list("key", "name_nl", "name_en")
    model = catalogue_model(values)
    for text, polarity, keys in _published_examples():
        model.learn(text, polarity, keys)
    with _lock:
        _platform.update(version=version, model=model)
    _fit(model, previous, lambda: _platform.get("model") is model)
    return model


def _organisation_sources(organisation_id):
    published = Q(
        effect__workshop__case__publication__status=Publication.Status.PUBLISHED,
    )
    links = EffectValue.objects.filter(
        effect__workshop__organisation_id=organisation_id, value__value__isnull=False
    ).exclude(published)
    rejections = Rejection.objects.filter(effect__workshop__organisation_id=organisation_id)
    own = Value.objects.filter(organisation_id=organisation_id)
    return links, rejections, own


def _organisation_version(organisation_id):
    links, rejections, own = _organisation_sources(organisation_id)
    figures = []
    for queryset in (links, rejections, own):
        row = queryset.aggregate(n=Count("id"), last=Max("id"))
        figures += [row["n"], row["last"]]
    return tuple(figures)


def organisation_model(organisation_id) -> Model:
    """The model for a co-moderator of this organisation (the platform's without one)."""
    base = platform_model()
    if organisation_id is None:
        return base
    version = (id(base), _organisation_version(organisation_id))
    with _lock:
        cached = _organisations.get(organisation_id)
        if cached and cached[0] == version:
            return cached[1]
    previous = cached[1] if cached else base
    links, rejections, own = _organisation_sources(organisation_id)
    model = base.copy()
    for key, name_nl, name_en in own.values_list("key", "name_nl", "name_en"):
        model.add_cues(key, name_nl, "nl")
        model.add_cues(key, name_en, "en")
        model.pad(key)
    linked = defaultdict(list)
    texts = {}
    for effect_id, text, polarity, key in links.values_list(
        "effect_id", "effect__text", "effect__polarity", "value__value__key"
    ).order_by("effect_id"):
        linked[effect_id].append(key)
        texts[effect_id] = (text, polarity)
    for effect_id, keys in linked.items():
        text, polarity = texts[effect_id]
        model.learn(text, polarity, keys)
    for text, polarity, key in rejections.values_list(
        "effect__text", "effect__polarity", "value__key"
    ):
        model.learn(text, polarity, [key], rejected=True)
    with _lock:
        if len(_organisations) >= MAX_ORGANISATIONS:
            _organisations.clear()
        _organisations[organisation_id] = (version, model)
    _fit(model, previous, lambda: (_organisations.get(organisation_id) or (0, 0))[1] is model)
    return model


def forget() -> None:
    """Drop the models this process keeps (tests; after a restore)."""
    with _lock:
        _platform.clear()
        _organisations.clear()


# --- what callers get ---------------------------------------------------------------------


def names(organisation_id=None) -> dict:
    """{key: (Dutch name, English name)} of the values a suggestion can name."""

    values = Value.objects.filter(
        Q(organisation=None) | Q(organisation_id=organisation_id)
        if organisation_id
        else Q(organisation=None)
    )
    return {key: (nl, en) for key, nl, en in values.values_list("key", "name_nl", "name_en")}


def reason(suggestion: Suggestion, name: str) -> str:
    quoted = ", ".join(f"‘{word}’" for word in suggestion.words)
    return _("%(words)s → %(value)s") % {"words": quoted, "value": name}


def described(suggestions, labels: dict) -> list[dict]:
    """Suggestions as the API and the workspace show them."""
    english = (get_language() or "nl").startswith("en")
    result = []
    for suggestion in suggestions:
        if suggestion.key not in labels:
            continue  # a value since deleted from the catalogue
        name_nl, name_en = labels[suggestion.key]
        result.append(
            {
                "key": suggestion.key,
                "name_nl": name_nl,
                "name_en": name_en,
                "score": suggestion.score,
                "reason": reason(suggestion, name_en if english else name_nl),
            }
        )
    return result


def suggest(text: str, polarity=None, lang=None, organisation_id=None, limit=3, skip=()):
    """Ranked values for a text, without those in ``skip`` (already linked or rejected)."""
    model = organisation_model(organisation_id)
    labels = names(organisation_id)
    ranked = model.suggest(text, polarity, lang, limit=limit + len(skip))
    return described([s for s in ranked if s.key not in skip][:limit], labels)


DUPLICATE_THRESHOLD = 0.6


def for_effects(workshop, effect_ids) -> dict:
    """Suggestions for effects of a workshop: values (without those linked or rejected)
    and possible duplicates among the effects on its board."""

    wanted = list(
        Effect.objects.filter(workshop=workshop, pk__in=effect_ids).prefetch_related(
            "links__value__value", "rejections__value"
        )
    )
    board = list(
        Effect.objects.filter(workshop=workshop, merged_into=None, hidden=False).values_list(
            "pk", "text", "polarity"
        )
    )
    stems = {pk: (stem_set(text), polarity, text) for pk, text, polarity in board}
    index = defaultdict(set)
    for pk, (words, _polarity, _text) in stems.items():
        for word in words:
            index[word].add(pk)
    model = organisation_model(workshop.organisation_id)
    labels = names(workshop.organisation_id)
    result = {}
    for effect in wanted:
        skip = {link.value.value.key for link in effect.links.all() if link.value.value_id}
        skip |= {rejection.value.key for rejection in effect.rejections.all()}
        ranked = model.suggest(effect.text, effect.polarity, limit=3 + len(skip))
        words = stems.get(effect.pk, (stem_set(effect.text),))[0]
        candidates = set().union(*(index[w] for w in words)) if words else set()
        alike = []
        for pk in candidates - {effect.pk}:
            other_words, polarity, text = stems[pk]
            score = similarity(words, other_words)
            if polarity == effect.polarity and score >= DUPLICATE_THRESHOLD:
                alike.append({"id": pk, "text": text, "similarity": round(score, 2)})
        alike.sort(key=lambda d: (-d["similarity"], d["id"]))
        result[effect.pk] = {
            "values": described([s for s in ranked if s.key not in skip][:3], labels),
            "duplicates": alike[:2],
        }
    return result
