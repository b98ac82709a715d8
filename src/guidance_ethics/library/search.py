"""Full-text search in each engine's own index, with the same Dutch stemming.

PostgreSQL: a ``tsvector`` with the ``dutch`` configuration (Snowball's Dutch stemmer and
stop words) and ``websearch_to_tsquery``. SQLite: an FTS5 table holding the text stemmed
in Python with the same Snowball algorithm (``dutch_porter`` in PyStemmer is the one
PostgreSQL ships as ``dutch``), so both engines find the same cases for the same query
where their parsers agree. The apostrophe of Dutch plurals and possessives ("camera's",
"auto's") is folded away before either engine sees the text, so "camera's" finds "camera".
"""

import re
from functools import cache

import Stemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

APOSTROPHE_S = re.compile(r"(?<=\w)['’`]s\b")
WORD = re.compile(r"\w+")
# Words too common to search for; PostgreSQL's Dutch configuration drops the same ones.
STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)


def fold(text: str) -> str:
    return APOSTROPHE_S.sub("", text)


@cache
def _stemmer():
    return Stemmer.Stemmer("dutch_porter")


def stems(text: str) -> list[str]:
    words = [w for w in WORD.findall(fold(text).lower()) if w not in STOP_WORDS]
    return _stemmer().stemWords(words)


def _sqlite_query(query: str) -> str:
    """A user's query (words, "a phrase", -excluded, or) as an FTS5 expression."""
    terms, excluded = [], []
    for match in re.finditer(r'(-?)"([^"]*)"|(\S+)', query):
        negative, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            negative = word.startswith("-")
            word = word.lstrip("-")
            if word.lower() == "or" and not negative:
                terms.append("OR")
                continue
            phrase = word
        words = stems(phrase or "")
        if not words:
            continue
        expression = '"' + " ".join(words) + '"'
        (excluded if negative else terms).append(expression)
    # Drop a dangling or doubled OR.
    cleaned = []
    for term in terms:
        if term == "OR" and (not cleaned or cleaned[-1] == "OR"):
            continue
        cleaned.append(term)
    while cleaned and cleaned[-1] == "OR":
        cleaned.pop()
    if not cleaned:
        return ""
    expression = " ".join(cleaned)
    expression = re.sub(r'" "', '" AND "', expression)
    for term in excluded:
        expression = f"({expression}) NOT {term}"
    return expression


def index(entries) -> None:
    """Write the search index of ``entries``: pairs of a saved ``Entry`` and its text."""
    entries = list(entries)
    if not entries:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                "DELETE FROM library_fts WHERE rowid = %s", [(e.pk,) for e, _text in entries]
            )
            cursor.executemany(
                "INSERT INTO library_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [(e.pk, " ".join(stems(e.title)), " ".join(stems(text))) for e, text in entries],
            )
        elif connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE library_entry SET "
                "search = setweight(to_tsvector('dutch', %s), 'A') "
                "|| setweight(to_tsvector('dutch', %s), 'B') WHERE id = %s",
                [(fold(e.title), fold(text), e.pk) for e, text in entries],
            )


def forget(entry_ids) -> None:
    entry_ids = list(entry_ids)
    if entry_ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM library_fts WHERE rowid = %s", [(i,) for i in entry_ids]
            )


def matching(entries, query: str, *, ranked: bool = False, joined: bool = False):
    """``entries`` that match ``query``; ``ranked`` adds ``rank`` (higher is better, title
    words count more).

    On SQLite the FTS5 table is joined for a listing (``joined`` or ``ranked``: the
    fastest way to count and order), and otherwise asked for the matching keys, which also
    works inside another query's subquery."""
    if connection.vendor == "postgresql":
        search_query = SearchQuery(fold(query), config="dutch", search_type="websearch")
        found = entries.filter(search=search_query)
        if ranked:
            found = found.annotate(rank=SearchRank(F("search"), search_query))
        return found
    expression = _sqlite_query(query)
    if not expression:
        return entries.none()
    if not (joined or ranked):
        return entries.filter(
            pk__in=RawSQL("SELECT rowid FROM library_fts WHERE library_fts MATCH %s", [expression])
        )
    # bm25 is lower for better matches, so its negation is the rank. Title counts 5 times.
    select = {"rank": "-bm25(library_fts, 5.0, 1.0)"} if ranked else {}
    # FTS5 is a virtual table Django cannot join; ``extra`` is Django's way to add it.
    return entries.extra(  # noqa: S610 (placeholders only; the SQL is ours)
        tables=["library_fts"],
        where=["library_fts.rowid = library_entry.id", "library_fts MATCH %s"],
        params=[expression],
        select=select,
    )
