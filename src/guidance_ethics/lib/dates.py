"""The dates the platform takes: the years 1990 to 2100, in one place.

A session, an imported session or an action's due date outside these years is a typing
mistake or an attack: year 9999 late in the evening is year 10000 in Dutch time, which
Python cannot represent, and every page showing it would fail. So:

- every entry point (forms, actions, the exchange format, the command line) refuses such a
  date with ``check``, before anything is stored;
- a date stored before this rule, or written around it, reads as the nearest end of the
  range (``BoundedDateTimeField`` and ``BoundedDateField``, ``clamp``), so that no page,
  report or command fails on it.

docs/exchange.md and docs/security.md say the same.
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

FIRST_YEAR = 1990
LAST_YEAR = 2100
_FIRST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
_LAST = datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)


def in_range(value: date | datetime) -> bool:
    """Whether ``value`` falls in the years the platform takes: a date as it is, a datetime
    with an offset in UTC (converted only where that cannot overflow)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        if not FIRST_YEAR - 1 <= value.year <= LAST_YEAR + 1:
            return False
        value = value.astimezone(UTC)
    return FIRST_YEAR <= value.year <= LAST_YEAR


def out_of_range_message() -> str:
    return _("Give a date between %(first)d and %(last)d.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def check(value) -> None:
    """Refuse a date or datetime outside the range (a model field's validator, too)."""
    if value is not None and not in_range(value):
        raise ValidationError(out_of_range_message(), code="date_range")


def clamp(value):
    """A stored date or datetime outside the range, as the nearest end of the range."""
    if value is None or in_range(value):
        return value
    early = value.year < FIRST_YEAR
    if isinstance(value, datetime):
        bound = _FIRST if early else _LAST
        return bound if value.tzinfo is not None else bound.replace(tzinfo=None)
    return (_FIRST if early else _LAST).date()


class _Bounded:
    """Takes only the range and reads any other stored value clamped. To migrations it is
    the plain field (``PLAIN``): the database column is the same."""

    PLAIN = ""
    default_validators = [check]

    def from_db_value(self, value, expression, connection):
        return clamp(value)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.PLAIN, args, kwargs


class BoundedDateTimeField(_Bounded, models.DateTimeField):
    PLAIN = "django.db.models.DateTimeField"


class BoundedDateField(_Bounded, models.DateField):
    PLAIN = "django.db.models.DateField"
