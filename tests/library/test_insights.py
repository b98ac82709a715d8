"""The insights page: counts of cases, the under-five rule, and a CSV per section."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from guidance_ethics.cases import actions as cases
from guidance_ethics.library import index, insights
from guidance_ethics.library.models import Entry
from guidance_ethics.library.queries import Filters


def _doc(title, values, options=()):
    """A minimal exchange-format case with one session linking an effect to each value."""
    refs = {key: f"v{n}" for n, key in enumerate(values, start=1)}
    return {
        "technology": {"name": "Camera", "kind": "camera", "description": "Een camera."},
        "case": {
            "title": title,
            "context": "Context.",
            "decisions": "Besluit.",
            "domain": "safety",
            "phase": "before",
            "question": "Vraag?",
        },
        "workshops": [
            {
                "starts_at": "2026-03-01T10:00:00+00:00",
                "closed_at": "2026-03-01T12:00:00+00:00",
                "format": "physical",
                "values_forward": 3,
                "votes_per_participant": 3,
                "participants": [],
                "questions": [],
                "actors": [],
                "effects": [
                    {
                        "ref": "e1",
                        "actor": None,
                        "polarity": "negative",
                        "text": "Effect",
                        "merged_into": None,
                        "values": list(refs.values()),
                    }
                ],
                "values": [
                    {
                        "ref": ref,
                        "name": key,
                        "catalogue": key,
                        "merged_into": None,
                        "chosen": key == "privacy",
                    }
                    for key, ref in refs.items()
                ],
                "votes": [],
                "options": [
                    {"value": refs[key], "direction": direction, "text": text}
                    for key, direction, text in options
                ],
                "evaluations": [],
                "report": None,
            }
        ],
    }


@pytest.fixture
def public(technology, alice):
    """Six published entries: privacy in all, safety in four, trust in one."""
    for n in range(6):
        case = cases.describe_case(
            alice,
            technology,
            title=f"Casus {n}",
            context="C",
            decisions="D",
            domain="safety",
            phase="before",
            question="Q",
        )
        values = ["privacy"] + (["safety"] if n < 4 else []) + (["trust"] if n == 0 else [])
        index.write(
            case,
            _doc(case.title, values, [("privacy", "technology", f"Beelden vervagen {n}")]),
            public=True,
        )


ANONYMOUS = AnonymousUser()


def _section(slug, **filters):
    return insights.build(ANONYMOUS, Filters(**filters), only=slug)[1][0]


def test_counts_are_cases(public):
    scope = insights.Scope(ANONYMOUS, Filters())
    assert insights.value_counts(scope)[:2] == [("privacy", 6, 6), ("safety", 4, 0)]
    together = _section("together")
    assert together.rests_on == 6
    rows = dict((row[0], row[1]) for row in together.table.rows)
    assert rows == {
        "privacy + veiligheid": "4",
        "privacy + vertrouwen": "1",
        "veiligheid + vertrouwen": "1",
    }


def test_under_five_cases_no_pattern_is_shown(public, client):
    section = _section("values", query="Casus 0 or Casus 1")
    assert section.rests_on < 5 and not section.enough
    response = client.get(reverse("library:insights"), {"q": "vervagen 0"})
    assert "no pattern is shown" in response.content.decode() or (
        "geen patroon getoond" in response.content.decode()
    )
    response = client.get(reverse("library:insights_csv", args=["values"]), {"jaar": "2026"})
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert ";6;" in content.splitlines()[1]  # six cases: the pattern is shown


def test_filters_narrow_the_insights(public):
    assert _section("values", value="trust").rests_on == 1
    assert _section("values", domain="care").rests_on == 0
    assert _section("per-domain").table.rows[0][0] == "privacy"


def test_the_page_and_every_csv(public, client):
    response = client.get(reverse("library:insights"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    for slug in insights.SECTIONS:
        response = client.get(reverse("library:insights_csv", args=[slug]))
        assert response.status_code == 200, slug
        assert response["Content-Type"].startswith("text/csv")
    assert client.get(reverse("library:insights_csv", args=["nope"])).status_code == 404
    assert client.get(reverse("library:insights"), {"jaar": "abc"}).status_code == 400


def test_options_per_value_link_to_cases(public, client):
    response = client.get(reverse("library:insights"), {"waarde": "privacy"})
    page = response.content.decode()
    assert "Beelden vervagen 5" in page
    assert reverse("library:case", args=[Entry.objects.filter(public=True).first().case_id]) in page


def test_phases_count_only_technologies_discussed_in_more_than_one(public, technology, alice):
    assert _section("phases").rests_on == 0  # six cases, all before implementation
    later = cases.describe_case(
        alice,
        technology,
        title="Later",
        context="C",
        decisions="D",
        domain="safety",
        phase="after",
        question="Q",
    )
    doc = _doc("Later", ["privacy"])
    doc["case"]["phase"] = "after"
    index.write(later, doc, public=True)
    assert _section("phases").rests_on == 7  # one technology, two phases: all its cases
    other = cases.register_technology(
        alice, technology.organisation, name="Bodycam", kind="camera", description="Een camera."
    )
    lone = cases.describe_case(
        alice,
        other,
        title="Bodycam",
        context="C",
        decisions="D",
        domain="safety",
        phase="during",
        question="Q",
    )
    index.write(lone, _doc("Bodycam", ["privacy"]), public=True)
    section = _section("phases")
    assert section.rests_on == 7  # the bodycam was discussed in one phase only
    assert section.table.headers[1:] == ["Voor invoering (n=6)", "Na invoering (n=1)"]
