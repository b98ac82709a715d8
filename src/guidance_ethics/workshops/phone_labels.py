"""The words of the participant's page that the phone script (static/workshops/phone.js)
shows: own contributions, the length counter, the vote list. Merged into the live labels."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.workshops.models import TEXT_LIMIT


def phone_labels() -> dict:
    return {
        "yours": _("yours"),
        "edited": _("edited"),
        "withdrawn": _("withdrawn"),
        "correct": _("Correct"),
        "correctLabel": _("Correct your contribution: %s"),
        "withdraw": _("Withdraw"),
        "withdrawLabel": _("Withdraw your contribution: %s"),
        "withdrawConfirm": _("Withdraw “%s”? It disappears from the board."),
        "corrected": _("Your correction has been saved."),
        "withdrawnDone": _("Your contribution has been withdrawn."),
        # "1.234 / 2.000 characters": the numbers in the page's language.
        # The noun counts the limit, which the server knows.
        "count": ngettext("%(n)s / %(max)s character", "%(n)s / %(max)s characters", TEXT_LIMIT),
        # How much too long is known only on the phone: both forms (Dutch and English
        # use the one for 1 and the other for every other number), the script picks.
        "tooLongOne": too_long(1),
        "tooLong": too_long(2),
        "effectsBehind": _("Effects behind %s"),
        "noEffectsBehind": _("No effects are linked to this value."),
        "textLabel": _("Text"),
        "nameLabel": _("Name"),
    }


def too_long(over: int) -> str:
    return ngettext(
        "This text is %(over)s character too long: at most %(max)s, please shorten it.",
        "This text is %(over)s characters too long: at most %(max)s, please shorten it.",
        over,
    )
