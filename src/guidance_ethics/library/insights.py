"""Lessons for policy: patterns across the cases a person may see.

Every figure counts cases (library entries), except the options grid, which counts options.
A value is "at stake" in a case when an effect was linked to it there, and "chosen" when it
went forward to the options for action. Each section says how many cases it rests on;
under ``MIN_CASES`` it shows no pattern at all.

The counts read the entries' values and options directly, which carry their entry's
audience and filters (``models.Facets``), and values at stake together come from one
grouping of the entries by their bitmask of catalogue values: no join over every value of
every case (docs/performance.md has the figures).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.library import queries
from guidance_ethics.library.models import EntryOption, EntryValue
from guidance_ethics.reports import charts
from guidance_ethics.reports.blocks import Table
from guidance_ethics.values.models import Value
from guidance_ethics.workshops.models import ActionOption

MIN_CASES = 5
TOP_VALUES = 12
EXAMPLES = 8
MASK_BITS = 62  # a signed 64-bit integer on both engines

DIMENSIONS = {
    "technology_kind": (lambda: _("Type of technology"), Technology.Kind),
    "domain": (lambda: _("Domain"), Case.Domain),
    "phase": (lambda: _("Phase of implementation"), Case.Phase),
    "organisation_kind": (lambda: _("Kind of organisation"), Organisation.Kind),
}


def catalogue_bits() -> dict[str, int]:
    """A bit per catalogue value, in the catalogue's order of creation (it only grows; run
    ``guidance-ethics library-reindex`` if a catalogue value is ever removed)."""
    keys = Value.objects.filter(organisation=None).order_by("pk").values_list("key", flat=True)
    return {key: bit for bit, key in enumerate(keys) if bit < MASK_BITS}


def mask_of(keys, bits: dict[str, int]) -> int:
    return sum(1 << bits[key] for key in set(keys) if key in bits)


@dataclass
class Section:
    slug: str
    title: str
    rests_on: int
    table: Table
    chart: object = None
    intro: str = ""
    examples: list = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.rests_on >= MIN_CASES


def _names() -> dict[str, str]:
    return {v.key: v.name for v in Value.objects.filter(organisation=None)}


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


class Scope:
    """The cases ``user`` may see that match ``filters``: as entries, and as the rows of
    their values and options."""

    def __init__(self, user, filters: queries.Filters):
        self.filters = filters
        self.entries = queries.find(user, filters).order_by()
        self._user = user
        self.memo = {}

    def rows(self, model):
        """The values or options of the scope's entries. Without filters an anonymous
        visitor's are all public ones, which an index covers; otherwise they are found
        through the (fewer) entries."""
        f = self.filters
        unfiltered = (
            not any(
                [
                    f.query.strip(),
                    f.domain,
                    f.technology_kind,
                    f.organisation_kind,
                    f.phase,
                    f.value,
                ]
            )
            and not f.year
        )
        if unfiltered and queries.my_organisations(self._user) is None:
            return model.objects.filter(public=True)
        return model.objects.filter(entry_id__in=self.entries.values("pk"))


def value_counts(scope: Scope) -> list[tuple[str, int, int]]:
    """(key, cases where at stake, cases where chosen), most at stake first."""
    rows = (
        scope.rows(EntryValue)
        .exclude(key="")
        .values("key")
        .annotate(
            at_stake=Count("id", filter=Q(effects__gt=0)),
            chosen=Count("id", filter=Q(chosen=True)),
        )
        .order_by("-at_stake", "key")
    )
    return [(r["key"], r["at_stake"], r["chosen"]) for r in rows]


def frequency(total: int, counts, names) -> Section:
    top = counts[:TOP_VALUES]
    rows = [(names.get(k, k), at_stake, chosen) for k, at_stake, chosen in top]
    chart = charts.paired_bars(
        rows,
        caption=_("How often each value is at stake, and how often it is chosen"),
        headers=[_("Value"), _("Cases where it is at stake"), _("Cases where it is chosen")],
        legend=(_("at stake"), _("chosen")),
        alt=_("Bar chart of the values across cases: %s."),
        item=_("%(value)s at stake in %(first)s cases, chosen in %(second)s"),
    )
    table = Table(
        chart.caption,
        [
            _("Value"),
            _("Cases where it is at stake"),
            _("Share of the cases"),
            _("Cases where it is chosen"),
        ],
        [[names.get(k, k), str(a), _pct(a, total), str(c)] for k, a, c in counts],
    )
    return Section("values", chart.caption, total, table, chart)


def chosen_versus_raised(total: int, counts, names) -> Section:
    rows = sorted(
        ((k, a, c) for k, a, c in counts if a),
        key=lambda r: (-(r[2] / r[1]), -r[1], r[0]),
    )
    title = _("Values chosen for the options phase, relative to how often they are at stake")
    table = Table(
        title,
        [
            _("Value"),
            _("Cases where it is at stake"),
            _("Cases where it is chosen"),
            _("Chosen when at stake"),
        ],
        [[names.get(k, k), str(a), str(c), _pct(c, a)] for k, a, c in rows],
    )
    return Section(
        "chosen",
        title,
        total,
        table,
        intro=_(
            "A value high in this list is taken forward more often than it comes up: groups "
            "find it decisive. One low in it is often named but seldom chosen."
        ),
    )


def _cells(rows, top: list[str], bits) -> tuple[Counter, Counter]:
    """From (column, mask of the top values, cases) rows: cases per column, and cases per
    (column, value key)."""
    totals, cells = Counter(), Counter()
    for column, hit, n in rows:
        totals[column] += n
        for key in top:
            if hit >> bits[key] & 1:
                cells[column, key] += n
    return totals, cells


def _grouped(scope, dimension: str, top: list[str], bits, entries=None) -> list[tuple]:
    """The entries grouped by ``dimension`` and by their mask of the ``top`` values: one
    pass over the entries, remembered for the sections that need the same grouping."""
    own = entries is None
    memo = (dimension, tuple(top))
    if own and memo in scope.memo:
        return scope.memo[memo]
    entries = scope.entries if own else entries
    rows = list(
        entries.annotate(hit=F("values_mask").bitand(mask_of(top, bits)))
        .values_list(dimension, "hit")
        .annotate(n=Count("id"))
        .order_by()
    )
    if own:
        scope.memo[memo] = rows
    return rows


def breakdown(scope, dimension: str, counts, names, bits, entries=None, title=None, slug=None):
    label, choices = DIMENSIONS[dimension]
    top = [k for k, _a, _c in counts[:TOP_VALUES] if k in bits]
    totals, cells = _cells(_grouped(scope, dimension, top, bits, entries), top, bits)
    columns = [c for c in choices.values if totals.get(c)]
    headers = [str(choices(c).label).capitalize() for c in columns]
    title = title or _("Values at stake per %s") % str(label()).lower()
    chart = (
        charts.grid(
            [(names.get(k, k), [cells[c, k] for c in columns]) for k in top],
            headers,
            caption=title,
            alt=_("Grid of the values at stake: %s."),
        )
        if columns
        else None
    )
    table = Table(
        title,
        [_("Value"), *(f"{h} (n={totals[c]})" for h, c in zip(headers, columns, strict=True))],
        [
            [names.get(k, k), *(f"{cells[c, k]} ({_pct(cells[c, k], totals[c])})" for c in columns)]
            for k in top
        ],
    )
    return Section(slug or f"per-{dimension}", title, sum(totals.values()), table, chart)


def together(scope, total: int, counts, names, bits) -> Section:
    """Pairs of the most frequent values that are at stake in the same case."""
    top = [k for k, _a, _c in counts[:TOP_VALUES] if k in bits]
    pairs = Counter()
    # Any grouping of the entries by a dimension and their mask holds the pairs too.
    for _column, hit, n in _grouped(scope, "phase", top, bits):
        present = [k for k in top if hit >> bits[k] & 1]
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pairs[a, b] += n
    title = _("Values at stake together in the same case")
    table = Table(
        title,
        [_("Values"), _("Cases"), _("Share of the cases")],
        [
            [f"{names.get(a, a)} + {names.get(b, b)}", str(n), _pct(n, total)]
            for (a, b), n in pairs.most_common(20)
        ],
    )
    return Section("together", title, total, table)


def options(scope, value: str, names) -> Section:
    directions = ActionOption.Direction
    found = scope.rows(EntryOption).exclude(key="")
    if value:
        found = found.filter(key=value)
        rests_on = found.values("entry_id").distinct().count()
        title = _("Options for action for %s, per direction") % names.get(value, value)
        per = dict(found.values_list("direction").annotate(n=Count("id")).order_by())
        table = Table(
            title,
            [_("Direction"), _("Options")],
            [[str(d.label).capitalize(), str(per.get(d.value, 0))] for d in directions],
        )
        examples = []
        for direction in directions:
            sample = found.filter(direction=direction.value).select_related("entry")
            examples.append(
                (
                    str(direction.label).capitalize(),
                    list(sample.order_by("-year", "-id")[:EXAMPLES]),
                )
            )
        return Section("options", title, rests_on, table, examples=examples)
    rows = Counter()
    for key, direction, n in (
        found.values_list("key", "direction").annotate(n=Count("id")).order_by()
    ):
        rows[key, direction] += n
    keys = sorted({k for k, _d in rows}, key=lambda k: -sum(rows[k, d] for d in directions.values))
    keys = keys[:TOP_VALUES]
    labels = [str(d.label).capitalize() for d in directions]
    title = _("Options for action per value and direction")
    chart = charts.grid(
        [(names.get(k, k), [rows[k, d] for d in directions.values]) for k in keys],
        labels,
        caption=title,
        alt=_("Grid of the options for action: %s."),
    )
    rests_on = scope.entries.filter(option_count__gt=0).count()
    return Section("options", title, rests_on, chart.table, chart)


def over_time(scope, counts, names, bits) -> Section:
    top = [k for k, _a, _c in counts[:5] if k in bits]
    per_year, cells = _cells(_grouped(scope, "year", top, bits), top, bits)
    title = _("The most frequent values over the years (share of that year's cases)")
    years = sorted(per_year)
    table = Table(
        title,
        [_("Year"), _("Cases"), *(names.get(k, k) for k in top)],
        [[str(y), str(per_year[y]), *(_pct(cells[y, k], per_year[y]) for k in top)] for y in years],
    )
    return Section("years", title, sum(per_year.values()), table)


def between_phases(scope, counts, names, bits) -> Section:
    """Values per phase, over technologies that were discussed in more than one phase."""
    repeated = (
        scope.entries.values("technology_ref")
        .annotate(phases=Count("phase", distinct=True))
        .filter(phases__gte=2)
        .values("technology_ref")
    )
    return breakdown(
        scope,
        "phase",
        counts,
        names,
        bits,
        entries=scope.entries.filter(technology_ref__in=repeated),
        title=_(
            "Values at stake before, during and after implementation, for technologies "
            "discussed in more than one phase"
        ),
        slug="phases",
    )


SECTIONS = (
    "values",
    "chosen",
    "per-technology_kind",
    "per-domain",
    "per-phase",
    "together",
    "options",
    "years",
    "phases",
)


# Computed insights are kept until the library changes (``changed``), per language,
# audience and filters: the figures take a few hundred milliseconds over 100,000 cases.
CACHE_SECONDS = 3600
VERSION_KEY = "library:version"


def changed() -> None:
    """The library's content or audiences changed: computed insights are stale. Called
    inside the changing transaction and again after its commit, so that a page computed
    in between is not kept either."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _cache_key(user, filters: queries.Filters, only) -> str:
    orgs = queries.my_organisations(user)
    audience = (
        "public" if orgs is None else ",".join(map(str, sorted(o["organisation_id"] for o in orgs)))
    )
    version = cache.get_or_set(VERSION_KEY, 1, None)
    fields = (
        filters.query,
        filters.domain,
        filters.technology_kind,
        filters.organisation_kind,
        filters.phase,
        filters.value,
        filters.year,
    )
    raw = repr((version, get_language(), audience, fields, only))
    return "library:insights:" + hashlib.sha256(raw.encode()).hexdigest()


def build(user, filters: queries.Filters, only: str | None = None):
    """(cases it rests on, sections) of the insights over what ``user`` may see."""
    key = _cache_key(user, filters, only)
    found = cache.get(key)
    if found is None:
        found = compute(user, filters, only)
        cache.set(key, found, CACHE_SECONDS)
    return found


def compute(user, filters: queries.Filters, only: str | None = None):
    """``build`` without the cache."""
    scope = Scope(user, filters)
    total = scope.entries.count()
    names = _names()
    bits = catalogue_bits()
    counts = value_counts(scope)
    makers = {
        "values": lambda: frequency(total, counts, names),
        "chosen": lambda: chosen_versus_raised(total, counts, names),
        "per-technology_kind": lambda: breakdown(scope, "technology_kind", counts, names, bits),
        "per-domain": lambda: breakdown(scope, "domain", counts, names, bits),
        "per-phase": lambda: breakdown(scope, "phase", counts, names, bits),
        "together": lambda: together(scope, total, counts, names, bits),
        "options": lambda: options(scope, filters.value, names),
        "years": lambda: over_time(scope, counts, names, bits),
        "phases": lambda: between_phases(scope, counts, names, bits),
    }
    return total, [makers[slug]() for slug in ([only] if only else SECTIONS)]
