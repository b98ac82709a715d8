# One date format on every page, in both languages: "5 december 2026" and
# "5 december 2026, 14:30" (docs/decisions.md, "Dates"). Templates use ``|date`` and
# ``|date:"DATETIME_FORMAT"``, code ``formats.date_format``; nothing formats a date by hand.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j-n-Y"
