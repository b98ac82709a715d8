"""The contribution's hot path: what one effect posted through the API costs the database.

At saturation a contribution's cost is mostly Python composing and reading queries
(docs/performance.md), so the number of statements is kept, and shown here, at its floor.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import Effect, Phase


def test_an_effect_posted_through_the_api_takes_few_statements(api, workshop, join, in_phase):
    _participant, token = join()
    in_phase(Phase.EFFECTS)
    url = reverse("api:effects", args=[workshop.pk])
    api(url, {"text": "warm-up", "polarity": "positive"}, token=token)  # caches filled
    with CaptureQueriesContext(connection) as queries:
        response = api(url, {"text": "Drones zien alles", "polarity": "negative"}, token=token)
    assert response.status_code == 201
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    body = response.json()
    event = Event.objects.get(workshop=workshop, kind="effect.added", seq=body["seq"])
    assert event.seq == body["seq"]
    assert Effect.objects.get(pk=body["item"]["id"]).text == "Drones zien alles"
    assert body["item"]["values"] == []
    # The workshop, the caller, the workshop locked, the effect, the sequence number, the
    # event: nothing read again for the answer.
    assert len(statements) == 6, statements
    assert sum(sql.startswith("INSERT") for sql in statements) == 2
    assert not any("ORDER BY" in sql for sql in statements), statements
