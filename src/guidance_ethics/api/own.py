"""A participant's own contributions: correct or withdraw them (workshops/own_actions.py)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from guidance_ethics.api.views import api_view
from guidance_ethics.lib.problems import problem
from guidance_ethics.workshops import own_actions, payloads


def _answer(workshop, kind, item) -> JsonResponse:
    item = payloads.effect(item) if kind == "effect" else getattr(payloads, kind)(item)
    return JsonResponse({"seq": workshop.last_seq, "item": item})


def _own_view(change):
    @api_view()
    def view(request, workshop, caller, body, kind, item_id):
        if caller.participant is None:
            return problem(403, _("Only the participant who wrote it may change it."))
        try:
            item = change(caller.participant, workshop, kind, item_id, **body)
        except own_actions.NotYours:
            return problem(404, _("No such item of yours in this session."))
        workshop.refresh_from_db(fields=["last_seq"])
        return _answer(workshop, kind, item)

    return view


edit = _own_view(own_actions.edit_own)
withdraw = _own_view(own_actions.withdraw_own)
