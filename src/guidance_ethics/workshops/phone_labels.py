"""The words of the participant's page that the phone script (static/workshops/phone.js)
shows: own contributions, the length counter, the vote list. Merged into the live labels."""

from django.utils.translation import gettext as _


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
        "count": _("%(n)s / %(max)s characters"),
        "tooLong": _(
            "This text is %(over)s characters too long: at most %(max)s, please shorten it."
        ),
        "effectsBehind": _("Effects behind %s"),
        "noEffectsBehind": _("No effects are linked to this value."),
        "textLabel": _("Text"),
        "nameLabel": _("Name"),
    }
