"""The language of a text, Dutch or English, from the function words of either language.

The value suggester reads effects with these words (``suggestions/text.py``); the live pages,
reports and library mark a text in the other language than the page's with ``lang`` (WCAG
3.1.2), from the language each text is stored with (``language``: "nl", "en" or "" when the
text says too little to tell).
"""

import re
import unicodedata

from django.db import models

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
LANGUAGES = ("nl", "en")

_WORD = re.compile(r"[a-z]+")


def text_language(text: str) -> str:
    """ "nl" or "en" by the text's function words; "" when it has none, or as many of each
    (a name, a title of a few nouns): the page's language applies."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    tokens = _WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))
    nl = sum(t in STOP_WORDS["nl"] for t in tokens)
    en = sum(t in STOP_WORDS["en"] for t in tokens)
    return "nl" if nl > en else "en" if en > nl else ""


class Languaged(models.Model):
    """A row whose text has a language: guessed from ``LANGUAGE_FROM`` on every save that
    writes those fields."""

    LANGUAGE_FROM: tuple[str, ...] = ("text",)

    language = models.CharField(max_length=2, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None or set(fields) & set(self.LANGUAGE_FROM):
            self.language = text_language(" ".join(getattr(self, f) for f in self.LANGUAGE_FROM))
            if fields is not None:
                kwargs["update_fields"] = {*fields, "language"}
        super().save(*args, **kwargs)
