"""guidance-ethics bench-data: fill a database with synthetic published cases.

For the library's benchmarks only (bench/library.py), never for the demo: it writes
organisations, technologies, cases, publications and library entries in bulk, with texts
drawn from a fixed vocabulary of the safety and care domains and a fixed random seed, so
that two runs give the same database.
"""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.progress import progress_bar
from guidance_ethics.library import index, insights, search
from guidance_ethics.library.models import Entry, EntryOption, EntryValue, Publication
from guidance_ethics.values.models import Value

BATCH = 2000
TECHNOLOGIES = {
    "drone": ["drone met warmtecamera", "drones boven bedrijventerreinen", "drone bij evenementen"],
    "camera": ["camera's met geluidssensoren", "bodycams", "slimme camera's in de binnenstad"],
    "sensor": ["sensoren in de openbare ruimte", "geluidsmeters in het uitgaansgebied"],
    "algorithm": ["risicoscore voor inspecties", "voorspellend politiewerk", "gezichtsherkenning"],
    "satellite": ["satellietbeelden van buitengebied", "satellietobservatie van daken"],
    "platform": ["sociale-mediamonitoring", "meldingenplatform voor bewoners"],
}
PLACES = [
    "het station",
    "de haven",
    "het uitgaansgebied",
    "een woonwijk",
    "het verpleeghuis",
    "de binnenstad",
    "een bedrijventerrein",
    "het festivalterrein",
    "de snelweg",
    "een school",
]
ACTORS = [
    "burgers",
    "bewoners",
    "ondernemers",
    "agenten",
    "handhavers",
    "zorgmedewerkers",
    "cliënten",
    "bezoekers",
    "jongeren",
    "de gemeenteraad",
]
EFFECTS = [
    "{a} voelen zich gevolgd door {t}",
    "{a} voelen zich veiliger bij {p}",
    "{t} ziet meer dan nodig is",
    "minder inbraken rond {p}",
    "beelden van {a} worden te lang bewaard",
    "{a} weten niet wie de gegevens ziet",
    "sneller ingrijpen bij incidenten op {p}",
    "fouten in {t} treffen vooral {a}",
    "het vertrouwen van {a} in de overheid daalt",
    "{a} passen hun gedrag aan door {t}",
]
OPTIONS = {
    "technology": ["beelden automatisch vervagen", "bewaartermijn van 28 dagen instellen"],
    "environment": ["onafhankelijke toezichthouder aanstellen", "jaarlijks evalueren met de raad"],
    "human": ["{a} vooraf informeren", "training voor operators over bias"],
}


class Command(BaseCommand):
    help = "Fill the database with synthetic published cases for the library benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--seed", type=int, default=6)

    def handle(self, *args, cases, organisations, seed, **options):
        if Entry.objects.exists():
            raise CommandError("the library is not empty: use a fresh database")
        keys = list(Value.objects.filter(organisation=None).values_list("key", "name_nl"))
        self.bits = insights.catalogue_bits()
        if not keys:
            raise CommandError("no value catalogue: run guidance-ethics migrate first")
        rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
        kinds = [k for k, _label in Organisation.Kind.choices]
        orgs = Organisation.objects.bulk_create(
            Organisation(name=f"Bench-organisatie {n}", slug=f"bench-{n}", kind=rng.choice(kinds))
            for n in range(organisations)
        )
        techs = Technology.objects.bulk_create(
            Technology(organisation=org, name=name, kind=kind, description=f"Een {name}.")
            for org in orgs
            for kind, names in TECHNOLOGIES.items()
            for name in rng.sample(names, 1)
        )
        with progress_bar(cases, "bench-data") as bar:
            for start in range(0, cases, BATCH):
                with transaction.atomic():
                    self._batch(rng, techs, keys, min(BATCH, cases - start))
                bar.update(min(BATCH, cases - start))
        self.stdout.write(f"{cases} cases written")

    def _batch(self, rng, techs, keys, n):
        domains = [c for c, _ in Case.Domain.choices]
        phases = [c for c, _ in Case.Phase.choices]
        drafts = []
        for _ in range(n):
            tech = rng.choice(techs)
            place = rng.choice(PLACES)
            when = date(2019, 1, 1) + timedelta(days=rng.randrange(8 * 365))
            values = rng.sample(keys, rng.randint(3, 7))
            chosen = set(rng.sample([k for k, _ in values], 3))
            effects = [
                rng.choice(EFFECTS).format(a=rng.choice(ACTORS), t=tech.name, p=place)
                for _ in range(rng.randint(8, 30))
            ]
            options = [
                (key, direction, rng.choice(texts).format(a=rng.choice(ACTORS)))
                for key in chosen
                for direction, texts in OPTIONS.items()
            ]
            drafts.append((tech, place, when, values, chosen, effects, options))
        made = Case.objects.bulk_create(
            Case(
                technology=tech,
                organisation_id=tech.organisation_id,
                title=f"{tech.name.capitalize()} bij {place}",
                context=f"De organisatie zet {tech.name} in bij {place}.",
                decisions="De teamleider besluit op basis van de uitkomst.",
                domain=rng.choice(domains),
                phase=rng.choice(phases),
                question="Onder welke voorwaarden is dit aanvaardbaar?",
            )
            for tech, place, *_ in drafts
        )
        Publication.objects.bulk_create(
            Publication(case=case, organisation_id=case.organisation_id, status="published")
            for case in made
        )
        orgs = {
            o.pk: o for o in Organisation.objects.filter(pk__in={c.organisation_id for c in made})
        }
        entries = Entry.objects.bulk_create(
            Entry(
                case=case,
                public=True,
                organisation_id=case.organisation_id,
                organisation_name=orgs[case.organisation_id].name,
                organisation_kind=orgs[case.organisation_id].kind,
                title=case.title,
                technology=tech.name,
                technology_kind=tech.kind,
                domain=case.domain,
                phase=case.phase,
                year=when.year,
                date=when,
                summary=case.context,
                sessions=1,
                effects=len(effects),
                option_count=len(options),
                technology_ref=tech.pk,
                **index.masks(
                    {
                        "values": [{"key": k, "effects": 1} for k, _name in values],
                        "options": [{"key": k, "direction": d} for k, d, _t in options],
                    },
                    self.bits,
                ),
            )
            for case, (tech, _place, when, values, _c, effects, options) in zip(
                made, drafts, strict=True
            )
        )
        EntryValue.objects.bulk_create(
            EntryValue(
                entry=entry,
                public=True,
                key=key,
                name=name,
                effects=rng.randint(1, 6),
                chosen=key in chosen,
            )
            for entry, (_t, _p, _w, values, chosen, _e, _o) in zip(entries, drafts, strict=True)
            for key, name in values
        )
        EntryOption.objects.bulk_create(
            EntryOption(
                entry=entry,
                key=key,
                value_name=key,
                direction=direction,
                text=text,
            )
            for entry, (*_rest, options) in zip(entries, drafts, strict=True)
            for key, direction, text in options
        )
        search.index(
            (entry, " ".join([case.context, *effects, *(o[2] for o in options)]))
            for entry, case, (_t, _p, _w, _v, _c, effects, options) in zip(
                entries, made, drafts, strict=True
            )
        )
