import pytest
from django.urls import reverse

from guidance_ethics.cases import actions
from guidance_ethics.cases.models import Case, Technology
from tests.conftest import CASE, TECHNOLOGY


def test_coordinator_registers_technology_through_the_form(client, alice, org_a):
    client.force_login(alice)
    response = client.post(reverse("cases:technology_create", args=[org_a.slug]), TECHNOLOGY)
    technology = Technology.objects.get()
    assert response.status_code == 302 and response.url == technology.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Drones boven bedrijventerreinen" in page and "Casus beschrijven" in page


def test_form_errors_are_shown_in_dutch_and_nothing_is_saved(client, alice, org_a):
    client.force_login(alice)
    response = client.post(
        reverse("cases:technology_create", args=[org_a.slug]),
        {"name": "", "kind": "kristallen-bol", "description": "x"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit veld is verplicht." in body
    assert 'aria-invalid="true"' in body
    assert not Technology.objects.exists()


def test_duplicate_name_error_appears_on_the_name_field(client, alice, org_a, technology):
    client.force_login(alice)
    response = client.post(reverse("cases:technology_create", args=[org_a.slug]), TECHNOLOGY)
    assert "heeft al een technologie met deze naam" in response.content.decode()
    assert Technology.objects.count() == 1


def test_coordinator_describes_case(client, alice, technology):
    client.force_login(alice)
    response = client.post(reverse("cases:case_create", args=[technology.pk]), CASE)
    case = Case.objects.get()
    assert response.url == case.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Voor invoering" in page and "Veiligheid" in page


def test_refused_edit_keeps_the_saved_title(client, alice, case):
    client.force_login(alice)
    response = client.post(reverse("cases:case_edit", args=[case.pk]), {**CASE, "title": ""})
    assert response.status_code == 200
    assert "“Dronetoezicht op De Vaart” bewerken" in response.content.decode()
    case.refresh_from_db()
    assert case.title == CASE["title"]


def test_participant_text_is_escaped(client, alice, org_a):
    actions.register_technology(
        alice, org_a, name="<script>alert('x')</script>", kind="other", description="<b>vet</b>"
    )
    client.force_login(alice)
    technology = Technology.objects.get()
    for url in (
        reverse("cases:technologies", args=[org_a.slug]),
        technology.get_absolute_url(),
        reverse("accounts:organisation", args=[org_a.slug]),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<b>vet</b>" not in body
        assert "&lt;script&gt;" in body or "&lt;b&gt;" in body


@pytest.mark.parametrize("size", [1, 8])
def test_technology_list_queries_do_not_grow(client, alice, org_a, django_assert_num_queries, size):
    for n in range(size):
        technology = actions.register_technology(alice, org_a, **{**TECHNOLOGY, "name": f"T{n}"})
        actions.describe_case(alice, technology, **CASE)
    client.force_login(alice)
    # session, user, organisation, role, technologies, navigation
    with django_assert_num_queries(6):
        client.get(reverse("cases:technologies", args=[org_a.slug]))


@pytest.mark.parametrize("size", [1, 8])
def test_case_list_queries_do_not_grow(client, alice, org_a, django_assert_num_queries, size):
    technology = actions.register_technology(alice, org_a, **TECHNOLOGY)
    for n in range(size):
        actions.describe_case(alice, technology, **{**CASE, "title": f"Casus {n}"})
    client.force_login(alice)
    with django_assert_num_queries(6):
        client.get(reverse("cases:cases", args=[org_a.slug]))


@pytest.mark.parametrize("size", [1, 8])
def test_organisation_page_and_dashboard_queries_do_not_grow(
    client, alice, org_a, django_assert_num_queries, size
):
    for n in range(size):
        technology = actions.register_technology(alice, org_a, **{**TECHNOLOGY, "name": f"T{n}"})
        actions.describe_case(alice, technology, **CASE)
    client.force_login(alice)
    with django_assert_num_queries(7):
        client.get(reverse("accounts:organisation", args=[org_a.slug]))
    with django_assert_num_queries(5):
        client.get(reverse("core:dashboard"))


def test_an_empty_submission_shows_the_errors(client, alice, org_a):
    client.force_login(alice)
    response = client.post(reverse("cases:technology_create", args=[org_a.slug]), {})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
