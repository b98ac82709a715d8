"""Lessons for policy: patterns across the cases a person may see.

Every figure counts cases (library entries). A value is "at stake" in a case when an effect
was linked to it there, and "chosen" when it went forward to the options for action. Each
section says how many cases it rests on; under ``MIN_CASES`` it shows no pattern at all.

The sections share one grouped pass over the entries, which carry bitmasks of the
catalogue values at stake and with options per direction (``summary``); the count per
value reads the values, which carry their entry's audience; values at stake together come
from one grouping of the entries by their mask (docs/performance.md has the figures).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils.translation import get_language, ngettext
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
TOP_OPTIONS = 8  # the options grid: each value costs three sums in the one pass
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
        self._summary = None

    def prepare(self, counts, bits) -> None:
        """The values the sections show: the most often at stake, and for the options
        the most often chosen (and the value filtered on)."""
        self.bits = bits
        self.top = [k for k, _a, _c in counts if k in bits][:TOP_VALUES]
        chosen = sorted((c for c in counts if c[0] in bits), key=lambda c: (-c[2], c[0]))
        self.option_keys = [k for k, _a, _c in chosen][:TOP_OPTIONS]
        value = self.filters.value
        if value in bits and value not in self.option_keys:
            self.option_keys.append(value)

    def summary(self) -> list[dict]:
        """The entries by type of technology, domain, phase and year, with the sums the
        sections need: one pass, shared by the sections."""
        if self._summary is None:
            self._summary = summary(
                self.entries,
                GROUPS,
                self.top,
                self.option_keys,
                self.bits,
                any_of=self.filters.value,
            )
        return self._summary

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
        item=lambda name, first, second: (
            ngettext(
                "%(value)s at stake in %(first)s case, chosen in %(second)s",
                "%(value)s at stake in %(first)s cases, chosen in %(second)s",
                first,
            )
            % {"value": name, "first": first, "second": second}
        ),
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


GROUPS = ("technology_kind", "domain", "phase", "year")
DIRECTION_FIELDS = {
    "technology": "options_technology",
    "environment": "options_environment",
    "human": "options_human",
}


def _bit(field_name: str, bit: int):
    """The entry's ``bit`` of ``field_name``: 1 or 0 (a shift and a mask: the cheapest
    expression both engines evaluate per row)."""
    return F(field_name).bitrightshift(bit).bitand(1)


def summary(entries, group: tuple, stake: list[str], options: list[str], bits, any_of=None):
    """One pass over ``entries``, grouped by ``group``: the cases (``n``), the cases with
    each ``stake`` value at stake (``s0``…), and per direction the cases with an option
    for each ``options`` value (``technology0``…); for ``any_of``, the cases with an
    option for it in any direction (``any``)."""
    sums = {f"s{i}": Sum(_bit("values_mask", bits[k])) for i, k in enumerate(stake)}
    for i, key in enumerate(options):
        for direction, field_name in DIRECTION_FIELDS.items():
            sums[f"{direction}{i}"] = Sum(_bit(field_name, bits[key]))
    if any_of in bits:
        every = F("options_technology").bitor(F("options_environment")).bitor(F("options_human"))
        sums["any"] = Sum(every.bitrightshift(bits[any_of]).bitand(1))
    return list(entries.values(*group).annotate(n=Count("id"), **sums).order_by())


def _cells(rows, dimension: str, top: list[str]) -> tuple[Counter, Counter]:
    """Cases per column of ``dimension``, and per (column, value key)."""
    totals, cells = Counter(), Counter()
    for row in rows:
        totals[row[dimension]] += row["n"]
        for i, key in enumerate(top):
            cells[row[dimension], key] += row[f"s{i}"] or 0
    return totals, cells


def breakdown(scope, dimension: str, names, rows=None, title=None, slug=None):
    label, choices = DIMENSIONS[dimension]
    top = scope.top
    totals, cells = _cells(scope.summary() if rows is None else rows, dimension, top)
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


def together(scope, total: int, names, bits) -> Section:
    """Pairs of the most frequent values that are at stake in the same case, from one
    grouping of the entries by their mask of those values."""
    top = scope.top
    pairs = Counter()
    grouped = scope.entries.annotate(hit=F("values_mask").bitand(mask_of(top, bits)))
    for hit, n in grouped.values_list("hit").annotate(n=Count("id")).order_by():
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
    """Cases with options for action per value and direction; for one value, also the
    options themselves, linked to their cases."""
    directions = ActionOption.Direction
    keys = scope.option_keys
    sums = Counter()
    for row in scope.summary():
        for name in row:
            if name not in GROUPS and name != "n":
                sums[name] += row[name] or 0
    if value:
        title = _("Options for action for %s, per direction") % names.get(value, value)
        if value not in keys:
            table = Table(title, [_("Direction"), _("Cases")], [])
            return Section("options", title, 0, table)
        i = keys.index(value)
        table = Table(
            title,
            [_("Direction"), _("Cases")],
            [[str(d.label).capitalize(), str(sums[f"{d.value}{i}"])] for d in directions],
        )
        # Examples from the newest cases in view: cheap at any size.
        recent = list(scope.entries.order_by("-date", "-id").values_list("pk", flat=True)[:200])
        found = (
            EntryOption.objects.filter(entry_id__in=recent, key=value)
            .select_related("entry")
            .order_by("-entry__date", "-id")
        )
        by_direction = {d.value: [] for d in directions}
        for option in found:
            if len(by_direction[option.direction]) < EXAMPLES:
                by_direction[option.direction].append(option)
        examples = [(str(d.label).capitalize(), by_direction[d.value]) for d in directions]
        return Section("options", title, sums["any"], table, examples=examples)
    shown = sorted(range(len(keys)), key=lambda i: -sums[f"any{i}"])[:TOP_VALUES]
    labels = [str(d.label).capitalize() for d in directions]
    title = _("Cases with options for action, per value and direction")
    chart = charts.grid(
        [(names.get(keys[i], keys[i]), [sums[f"{d.value}{i}"] for d in directions]) for i in shown],
        labels,
        caption=title,
        alt=_("Grid of the options for action: %s."),
    )
    rests_on = scope.entries.filter(option_count__gt=0).count()
    return Section("options", title, rests_on, chart.table, chart)


def over_time(scope, names) -> Section:
    top = scope.top[:5]
    per_year, cells = _cells(scope.summary(), "year", scope.top)
    title = _("The most frequent values over the years (share of that year's cases)")
    years = sorted(per_year)
    table = Table(
        title,
        [_("Year"), _("Cases"), *(names.get(k, k) for k in top)],
        [[str(y), str(per_year[y]), *(_pct(cells[y, k], per_year[y]) for k in top)] for y in years],
    )
    return Section("years", title, sum(per_year.values()), table)


def between_phases(scope, names, bits) -> Section:
    """Values per phase, over technologies that were discussed in more than one phase."""
    spans = scope.entries.values_list("technology_ref").annotate(Min("phase"), Max("phase"))
    spans = list(spans.order_by())
    # More than one phase: the first and the last differ.
    technologies = [ref for ref, first, last in spans if first != last]
    if len(technologies) == len(spans):
        rows = scope.summary()  # every technology in view: the same cases as the grids
    else:
        rows = summary(
            scope.entries.filter(technology_ref__in=technologies),
            ("phase",),
            scope.top,
            [],
            bits,
        )
    return breakdown(
        scope,
        "phase",
        names,
        rows=rows,
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


# Computed insights are kept until the library changes (``queries.changed``), per
# language, audience and filters: computing them over a large library is slow
# (docs/performance.md, "Case library").
CACHE_SECONDS = 3600


def _cache_key(user, filters: queries.Filters, only) -> str:
    orgs = queries.my_organisations(user)
    audience = (
        "public" if orgs is None else ",".join(map(str, sorted(o["organisation_id"] for o in orgs)))
    )
    version = queries.version()
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
    names = _names()
    bits = catalogue_bits()
    counts = value_counts(scope)
    scope.prepare(counts, bits)
    total = sum(row["n"] for row in scope.summary())
    makers = {
        "values": lambda: frequency(total, counts, names),
        "chosen": lambda: chosen_versus_raised(total, counts, names),
        "per-technology_kind": lambda: breakdown(scope, "technology_kind", names),
        "per-domain": lambda: breakdown(scope, "domain", names),
        "per-phase": lambda: breakdown(scope, "phase", names),
        "together": lambda: together(scope, total, names, bits),
        "options": lambda: options(scope, filters.value, names),
        "years": lambda: over_time(scope, names),
        "phases": lambda: between_phases(scope, names, bits),
    }
    return total, [makers[slug]() for slug in ([only] if only else SECTIONS)]
