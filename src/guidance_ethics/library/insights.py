"""Lessons for policy: patterns across the cases a person may see.

Every figure counts cases (library entries), never effects, so that one long session does
not outweigh ten short ones. A value is "at stake" in a case when an effect was linked to
it there, and "chosen" when it went forward to the options for action. Each section says
how many cases it rests on; under ``MIN_CASES`` it shows no pattern at all.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.library.models import EntryOption, EntryValue
from guidance_ethics.reports import charts
from guidance_ethics.reports.blocks import Table
from guidance_ethics.values.models import Value
from guidance_ethics.workshops.models import ActionOption

MIN_CASES = 5
TOP_VALUES = 12
EXAMPLES = 8

DIMENSIONS = {
    "technology_kind": (lambda: _("Type of technology"), Technology.Kind),
    "domain": (lambda: _("Domain"), Case.Domain),
    "phase": (lambda: _("Phase of implementation"), Case.Phase),
    "organisation_kind": (lambda: _("Kind of organisation"), Organisation.Kind),
}


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


def value_counts(entries) -> list[tuple[str, int, int]]:
    """(key, cases where at stake, cases where chosen), most at stake first."""
    rows = (
        EntryValue.objects.filter(entry__in=entries.values("pk"))
        .exclude(key="")
        .values("key")
        .annotate(
            at_stake=Count("entry_id", filter=Q(effects__gt=0)),
            chosen=Count("entry_id", filter=Q(chosen=True)),
        )
        .order_by("-at_stake", "key")
    )
    return [(r["key"], r["at_stake"], r["chosen"]) for r in rows]


def frequency(entries, total: int, counts, names) -> Section:
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


def breakdown(entries, dimension: str, counts, names, title=None, slug=None) -> Section:
    label, choices = DIMENSIONS[dimension]
    columns = [c for c in choices.values]
    totals = dict(entries.values_list(dimension).annotate(n=Count("id")).order_by())
    columns = [c for c in columns if totals.get(c)]
    cells = Counter()
    for key, column, n in (
        EntryValue.objects.filter(entry__in=entries.values("pk"), effects__gt=0)
        .exclude(key="")
        .values_list("key", f"entry__{dimension}")
        .annotate(n=Count("entry_id"))
        .order_by()
    ):
        cells[key, column] += n
    top = [k for k, _a, _c in counts[:TOP_VALUES]]
    headers = [str(choices(c).label).capitalize() for c in columns]
    title = title or _("Values at stake per %s") % str(label()).lower()
    chart = (
        charts.grid(
            [(names.get(k, k), [cells[k, c] for c in columns]) for k in top],
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
            [names.get(k, k), *(f"{cells[k, c]} ({_pct(cells[k, c], totals[c])})" for c in columns)]
            for k in top
        ],
    )
    return Section(slug or f"per-{dimension}", title, sum(totals.values()), table, chart)


def together(entries, total: int, counts, names) -> Section:
    """Pairs of the most frequent values that are at stake in the same case."""
    top = [k for k, _a, _c in counts[:TOP_VALUES]]
    pairs = Counter()
    if top:
        inner, params = entries.values("pk").query.sql_with_params()
        marks = ", ".join(["%s"] * len(top))
        # Only placeholders and Django's own compiled SQL are put together here.
        sql = (
            "SELECT a.key, b.key, COUNT(*) FROM library_entryvalue a "  # noqa: S608
            "JOIN library_entryvalue b ON a.entry_id = b.entry_id AND a.key < b.key "
            f"WHERE a.key IN ({marks}) AND b.key IN ({marks}) "
            "AND a.effects > 0 AND b.effects > 0 "
            f"AND a.entry_id IN ({inner}) GROUP BY a.key, b.key"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*top, *top, *params])
            for a, b, n in cursor.fetchall():
                pairs[a, b] = n
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


def options(entries, value: str, names) -> Section:
    directions = ActionOption.Direction
    found = EntryOption.objects.filter(entry__in=entries.values("pk")).exclude(key="")
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
                    list(sample.order_by("-entry__date", "-id")[:EXAMPLES]),
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
    rests_on = found.values("entry_id").distinct().count()
    return Section("options", title, rests_on, chart.table, chart)


def over_time(entries, counts, names) -> Section:
    top = [k for k, _a, _c in counts[:5]]
    per_year = dict(entries.values_list("year").annotate(n=Count("id")).order_by())
    cells = Counter()
    for key, year, n in (
        EntryValue.objects.filter(entry__in=entries.values("pk"), effects__gt=0, key__in=top)
        .values_list("key", "entry__year")
        .annotate(n=Count("entry_id"))
        .order_by()
    ):
        cells[key, year] += n
    title = _("The most frequent values over the years (share of that year's cases)")
    years = sorted(per_year)
    table = Table(
        title,
        [_("Year"), _("Cases"), *(names.get(k, k) for k in top)],
        [[str(y), str(per_year[y]), *(_pct(cells[k, y], per_year[y]) for k in top)] for y in years],
    )
    return Section("years", title, sum(per_year.values()), table)


def between_phases(entries, counts, names) -> Section:
    """Values per phase, over technologies that were discussed in more than one phase."""
    repeated = (
        entries.values("case__technology_id")
        .annotate(phases=Count("phase", distinct=True))
        .filter(phases__gte=2)
        .values("case__technology_id")
    )
    subset = entries.filter(case__technology_id__in=repeated)
    return breakdown(
        subset,
        "phase",
        counts,
        names,
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


def build(entries, value: str = "", only: str | None = None) -> tuple[int, list[Section]]:
    """The insights over ``entries`` (a queryset of visible, filtered entries)."""
    total = entries.count()
    names = _names()
    counts = value_counts(entries)
    makers = {
        "values": lambda: frequency(entries, total, counts, names),
        "chosen": lambda: chosen_versus_raised(total, counts, names),
        "per-technology_kind": lambda: breakdown(entries, "technology_kind", counts, names),
        "per-domain": lambda: breakdown(entries, "domain", counts, names),
        "per-phase": lambda: breakdown(entries, "phase", counts, names),
        "together": lambda: together(entries, total, counts, names),
        "options": lambda: options(entries, value, names),
        "years": lambda: over_time(entries, counts, names),
        "phases": lambda: between_phases(entries, counts, names),
    }
    wanted = [only] if only else SECTIONS
    return total, [makers[slug]() for slug in wanted]
