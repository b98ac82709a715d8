"""What the accounts app asks the apps above it (docs/decisions.md, "The order of the apps").

``organisation_page`` asks what an organisation's page shows of their work: each receiver
returns a dict for the page's template (the cases app: its technologies and latest cases).
"""

from django.dispatch import Signal

from guidance_ethics.lib.hooks import collect

# sender: the Organisation class; keyword argument: organisation.
organisation_page = Signal()


def page_of(organisation) -> dict:
    return collect(organisation_page, sender=type(organisation), organisation=organisation)
