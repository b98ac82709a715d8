"""The words of an effect's text as the value suggester reads them (``engine.py``): folded
(case, accents, the apostrophe of "camera's"), without the function words of either
language, stemmed with Snowball's Dutch or English stemmer, and cut into character n-grams."""

import re
import unicodedata
from functools import lru_cache

import Stemmer

from guidance_ethics.lib.language import LANGUAGES, STOP_WORDS
from guidance_ethics.library.search import fold as fold_apostrophe

WORD = re.compile(r"[a-z0-9]+")


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


GRAM_SIZES = (3, 4, 5)


def grams(word: str) -> list[str]:
    """The character n-grams of a word, with its edges marked ("#cam", "#ame", …)."""
    marked = f" {word} "
    return ["#" + marked[i : i + n] for n in GRAM_SIZES for i in range(len(marked) - n + 1)]
