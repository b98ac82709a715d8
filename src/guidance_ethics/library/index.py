"""Keeping the library's entries in step with cases and publications.

A case's private entry (for its organisation and partners) is rewritten inside the
transaction of every action that changes what the library shows of it; a publication's
public entry when it is approved, and it is removed when it is withdrawn. ``rebuild``
rewrites every entry (``guidance-ethics library-reindex``).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils.text import Truncator

from guidance_ethics.library import content, insights, queries, search
from guidance_ethics.library.models import (
    Entry,
    EntryOption,
    EntryValue,
    Publication,
)

SUMMARY_WORDS = 45


def _date(doc: dict, fallback: date) -> date:
    starts = [w["starts_at"] for w in doc["workshops"]]
    return datetime.fromisoformat(max(starts)).date() if starts else fallback


def facts(doc: dict) -> dict:
    """What the library shows and filters on, read from an exchange-format case document."""
    values: dict[str, dict] = {}
    options = []
    effects = 0
    texts = [
        doc["technology"]["description"],
        *(doc["case"][f] for f in ("context", "decisions", "question")),
    ]
    summary = ""
    for workshop in doc["workshops"]:
        by_ref = {v["ref"]: v for v in workshop["values"]}

        def current(ref, by_ref=by_ref):
            seen = set()
            while by_ref[ref]["merged_into"] and ref not in seen:
                seen.add(ref)
                ref = by_ref[ref]["merged_into"]
            return by_ref[ref]

        linked: dict[str, int] = {}
        for effect in workshop["effects"]:
            texts.append(effect["text"])
            if effect["merged_into"]:
                continue
            effects += 1
            for ref in {current(r)["ref"] for r in effect["values"]}:
                linked[ref] = linked.get(ref, 0) + 1
        for value in workshop["values"]:
            texts.extend({value["name"], *(value.get("names") or {}).values()})
            if value["merged_into"]:
                continue
            key = value["catalogue"] or ""
            slot = values.setdefault(
                key or "name:" + value["name"].lower(),
                {"key": key, "name": value["name"], "effects": 0, "chosen": False},
            )
            slot["effects"] += linked.get(value["ref"], 0)
            slot["chosen"] = slot["chosen"] or value["chosen"]
        for option in workshop["options"]:
            texts.append(option["text"])
            value = current(option["value"])
            options.append(
                {
                    "key": value["catalogue"] or "",
                    "value_name": value["name"],
                    "direction": option["direction"],
                    "text": option["text"],
                }
            )
        texts.extend(a["name"] for a in workshop["actors"])
        report = workshop.get("report") or {}
        texts.extend(report.get(f, "") for f in ("summary", "next_steps"))
        summary = summary or report.get("summary", "")
    return {
        "values": list(values.values()),
        "options": options,
        "effects": effects,
        "summary": Truncator(" ".join((summary or doc["case"]["context"]).split())).words(
            SUMMARY_WORDS
        ),
        "body": search.fold(" ".join(t for t in texts if t)),
    }


def write(case, doc: dict, *, public: bool) -> Entry:
    """Replace the case's entry for this audience with one read from ``doc``."""
    found = facts(doc)
    when = _date(doc, case.created_at.date())
    with transaction.atomic():
        forget(case, public=public)
        entry = Entry.objects.create(
            case=case,
            public=public,
            organisation=case.organisation,
            organisation_name=case.organisation.name,
            organisation_kind=case.organisation.kind,
            title=doc["case"]["title"],
            technology=doc["technology"]["name"],
            technology_kind=doc["technology"]["kind"],
            domain=doc["case"]["domain"],
            phase=doc["case"]["phase"],
            year=when.year,
            date=when,
            summary=found["summary"],
            sessions=len(doc["workshops"]),
            effects=found["effects"],
            option_count=len(found["options"]),
            technology_ref=case.technology_id,
            **masks(found, insights.catalogue_bits()),
        )
        EntryValue.objects.bulk_create(
            EntryValue(entry=entry, public=public, **v) for v in found["values"]
        )
        EntryOption.objects.bulk_create(EntryOption(entry=entry, **o) for o in found["options"])
        search.index([(entry, found["body"])])
        queries.changed()
    return entry


def masks(found: dict, bits: dict) -> dict:
    """The entry's bitmasks: values at stake, and values with options per direction."""
    by_direction = {
        field: insights.mask_of([o["key"] for o in found["options"] if o["direction"] == d], bits)
        for d, field in insights.DIRECTION_FIELDS.items()
    }
    at_stake = [v["key"] for v in found["values"] if v["effects"]]
    return {"values_mask": insights.mask_of(at_stake, bits), **by_direction}


def forget(case, *, public: bool) -> None:
    ids = list(Entry.objects.filter(case=case, public=public).values_list("pk", flat=True))
    search.forget(ids)
    Entry.objects.filter(pk__in=ids).delete()
    if ids:
        queries.changed()


def refresh(case) -> Entry:
    """The case's private entry, from what the library may show of it now."""
    return write(case, content.export(case), public=False)


def rebuild(cases, progress=None) -> int:
    count = 0
    for case in cases:
        with transaction.atomic():
            refresh(case)
            publication = Publication.objects.filter(case=case).first()
            if publication and publication.is_published:
                write(case, publication.document, public=True)
            else:
                forget(case, public=True)
        count += 1
        if progress:
            progress()
    return count
