"""Django's own messages whose Dutch we correct in our catalogue (``locale/nl``), which comes
before Django's: marked here so that ``makemessages`` keeps them."""

from django.utils.translation import gettext_noop

CORRECTED = [
    # Django's Dutch lacks the full stop every other validation message has.
    gettext_noop("This field cannot be blank."),
]
