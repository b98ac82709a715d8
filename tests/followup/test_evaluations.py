"""The closing evaluation summarised per session and across the organisation."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from guidance_ethics.followup.evaluations import summarise
from guidance_ethics.workshops.models import Evaluation, Vote, Workshop

pytestmark = pytest.mark.django_db


def test_the_summary_counts_every_evaluation_and_quotes_only_with_consent(held):
    summary = summarise(Workshop.objects.filter(pk=held.pk))
    evaluations = Evaluation.objects.filter(participant__workshop=held)
    assert summary.sessions == 1
    assert summary.evaluated == evaluations.count() > 0
    for code in Evaluation.Changed.values:
        assert summary.changed[code] == evaluations.filter(changed_view=code).count()
    assert sum(total for _label, _answers, total, _top in summary.groups) == summary.evaluated
    consented = {e.message for e in evaluations.filter(quote_consent=True) if e.message.strip()}
    assert {text for text, _w in summary.quotes} == consented
    private = {e.message for e in evaluations.filter(quote_consent=False) if e.message.strip()}
    assert private, "the demo session has remarks without consent"
    assert not private & {text for text, _w in summary.quotes}
    # What each group valued: its dots, per value.
    group_dots = sum(dots for *_rest, top in summary.groups for _name, dots in top)
    assert (
        0
        < group_dots
        <= sum(Vote.objects.filter(value__workshop=held).values_list("dots", flat=True))
    )
    expected = 100 * (summary.changed["yes"] + summary.changed["somewhat"]) // summary.evaluated
    assert abs(summary.changed_share - expected) <= 1


def test_the_pages_show_quotes_with_consent_to_members_only(client, held, bob, charlie, org_a):
    evaluations = Evaluation.objects.filter(participant__workshop=held)
    quote = next(e.message for e in evaluations if e.quote_consent and e.message.strip())
    private = next(e.message for e in evaluations if not e.quote_consent and e.message.strip())
    client.force_login(bob)
    for url in (
        reverse("followup:evaluations", args=[org_a.slug]),
        reverse("followup:workshop_evaluation", args=[held.pk]),
    ):
        page = client.get(url).content.decode()
        assert quote in page and private not in page
    client.force_login(charlie)
    assert client.get(reverse("followup:evaluations", args=[org_a.slug])).status_code == 404
    assert client.get(reverse("followup:workshop_evaluation", args=[held.pk])).status_code == 404


def test_a_published_case_shows_the_quotes_to_everyone(client, published, held):
    evaluations = Evaluation.objects.filter(
        participant__workshop=held, participant__consent_publication=True
    )
    quote = next(e.message for e in evaluations if e.quote_consent and e.message.strip())
    page = client.get(reverse("library:case", args=[held.case_id])).content.decode()
    assert escape(quote) in page
