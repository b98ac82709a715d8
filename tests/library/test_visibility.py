"""Acceptance 1: an unpublished case of A is invisible to charlie (B) and to anonymous
visitors through every page, search, API and export; shared with B, it is visible to B's
members and to nobody else (dave, of C; anonymous visitors)."""

import json

import pytest
from django.urls import reverse

from guidance_ethics.library import actions as library
from guidance_ethics.library.models import Entry

TITLE_WORD = "Dronetoezicht"  # in the case's title (tests/conftest.py CASE)


def _sees(client, case) -> dict:
    """Where the case shows up for whoever ``client`` is logged in as."""
    found = {}
    page = client.get(reverse("library:library"), {"q": TITLE_WORD})
    found["search"] = case.title in page.content.decode()
    listing = client.get(reverse("library:library"))
    found["library"] = case.title in listing.content.decode()
    found["page"] = client.get(reverse("library:case", args=[case.pk])).status_code == 200
    found["download"] = (
        client.get(reverse("library:download", args=[case.pk, 1, "md"])).status_code == 200
    )
    api = client.get(reverse("api:cases"), {"q": TITLE_WORD}).json()
    found["api"] = any(item["id"] == case.pk for item in api["results"])
    exported = b"".join(client.get(reverse("library:open_data_json")).streaming_content)
    found["json"] = case.title in exported.decode()
    table = b"".join(client.get(reverse("library:open_data_csv")).streaming_content)
    found["csv"] = case.title in table.decode("utf-8-sig")
    insights = client.get(reverse("library:insights"))
    found["insights"] = "rest on 1 case" in insights.content.decode() or (
        "rusten op 1 casus" in insights.content.decode()
    )
    return found


def _everywhere(found: dict) -> bool:
    return all(found.values())


def _nowhere(found: dict) -> bool:
    return not any(found.values())


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_an_unpublished_case_is_invisible_to_others(client, held, case, alice, charlie, english):
    assert Entry.objects.filter(case=case, public=False).exists()
    assert _nowhere(_sees(client, case)), "anonymous"
    client.force_login(charlie)
    assert _nowhere(_sees(client, case)), "charlie"
    client.force_login(alice)
    seen = _sees(client, case)
    # Alice finds her own case everywhere except the public open data.
    assert seen == {**dict.fromkeys(seen, True), "json": False, "csv": False}


def test_a_shared_case_is_visible_to_the_partner_only(
    client, held, case, alice, charlie, dave, org_b, english
):
    library.share_case(alice, case, org_b)
    client.force_login(charlie)
    seen = _sees(client, case)
    assert seen == {**dict.fromkeys(seen, True), "json": False, "csv": False}
    page = client.get(reverse("library:library")).content.decode()
    assert "Shared with your organisation" in page
    client.force_login(dave)
    assert _nowhere(_sees(client, case)), "dave"
    client.logout()
    assert _nowhere(_sees(client, case)), "anonymous"


def test_an_api_token_sees_what_its_owner_sees(client, held, case, alice, charlie):
    from guidance_ethics.accounts.actions import create_api_token

    _token, secret = create_api_token(alice, name="Bibliotheek")
    found = client.get(reverse("api:cases"), HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert [item["id"] for item in found["results"]] == [case.pk]
    assert found["results"][0]["published"] is False
    _token, other = create_api_token(charlie, name="Bibliotheek")
    found = client.get(reverse("api:cases"), HTTP_AUTHORIZATION=f"Bearer {other}").json()
    assert found["count"] == 0


def test_a_published_case_is_visible_to_everyone(client, published, case, dave, english):
    for who in (None, dave):
        if who:
            client.force_login(who)
        seen = _sees(client, case)
        assert _everywhere(seen), seen


def test_a_withdrawn_case_says_so_without_its_content(client, published, case, alice):
    library.withdraw_publication(alice, published, reason="Verouderd")
    response = client.get(reverse("library:case", args=[case.pk]))
    assert response.status_code == 410
    assert case.context not in response.content.decode()
    assert not Entry.objects.filter(case=case, public=True).exists()
    exported = json.loads(b"".join(client.get(reverse("library:open_data_json")).streaming_content))
    assert exported["cases"] == []
    assert client.get(reverse("library:download", args=[case.pk, 1, "md"])).status_code == 404


def test_stopping_a_share_hides_the_case_again(client, held, case, alice, charlie, org_b):
    share = library.share_case(alice, case, org_b)
    library.stop_sharing(alice, share)
    client.force_login(charlie)
    assert client.get(reverse("library:case", args=[case.pk])).status_code == 404


def test_sharing_is_for_coordinators_of_the_case(held, case, bob, charlie, org_b, org_a):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        library.share_case(bob, case, org_b)
    with pytest.raises(PermissionDenied):
        library.share_case(charlie, case, org_b)
    with pytest.raises(ValidationError):
        from guidance_ethics.lib.actors import SYSTEM

        library.share_case(SYSTEM, case, org_a)
