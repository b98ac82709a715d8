from django.urls import reverse

from guidance_ethics.accounts import actions
from guidance_ethics.accounts.models import ApiToken
from guidance_ethics.workshops.models import Workshop


def test_a_staff_token_moderates_without_a_session(client, api, workshop, mona):
    _token, secret = actions.create_api_token(mona, name="Laadtest")
    assert secret.startswith("ge_") and secret not in ApiToken.objects.get().token_hash
    response = api(reverse("api:phase", args=[workshop.pk]), {"phase": "case"}, token=secret)
    assert response.status_code == 201
    assert Workshop.objects.get(pk=workshop.pk).phase == "case"
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_or_foreign_tokens_do_nothing(client, api, workshop, mona, charlie, bob):
    token, secret = actions.create_api_token(mona, name="Oud")
    actions.revoke_api_token(mona, token)
    _other, charlies = actions.create_api_token(charlie, name="Niet van hier")
    _bobs_token, bobs = actions.create_api_token(bob, name="Geen moderator")
    for secret_value in (secret, charlies, bobs, "ge_made-up"):
        response = api(
            reverse("api:phase", args=[workshop.pk]), {"phase": "case"}, token=secret_value
        )
        assert response.status_code == 404
    assert Workshop.objects.get(pk=workshop.pk).phase == "lobby"


def test_token_page_shows_the_secret_once_and_revokes(client, mona):
    client.force_login(mona)
    response = client.post(reverse("accounts:api_tokens"), {"name": "Integratie"})
    token = ApiToken.objects.get()
    body = response.content.decode()
    assert "ge_" in body and "Integratie" in body
    assert "ge_" not in client.get(reverse("accounts:api_tokens")).content.decode()
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_another_persons_token(client, mona, charlie):
    token, _secret = actions.create_api_token(mona, name="Van Mona")
    client.force_login(charlie)
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_empty_name_is_refused(client, mona):
    client.force_login(mona)
    response = client.post(reverse("accounts:api_tokens"), {"name": ""})
    assert "Dit veld is verplicht." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_wrong_tokens_from_one_address_are_limited(client, api, workshop, mona, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    _token, secret = actions.create_api_token(mona, name="Echt")
    state = reverse("api:workshop", args=[workshop.pk])
    for wrong in ("ge_geraden-1", "ge_geraden-2", "deelnemer-geraden"):
        assert client.get(state, HTTP_AUTHORIZATION=f"Bearer {wrong}").status_code == 404
    # From now on this address is refused, even with a good token, with a clear answer.
    refused = client.get(state, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert refused.json()["code"] == "too_many_token_failures"
    # Another address is not.
    other = client.get(state, HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    # Requests without a token (a phone's cookie, a browser's session) are not affected.
    assert client.get(reverse("api:cases")).status_code == 200


def test_a_half_logged_in_person_cannot_make_a_token(staff):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.create_api_token(staff, name="Zonder code", two_factor_verified=False)
    assert not ApiToken.objects.exists()
    _token, _secret = actions.create_api_token(staff, name="Met code", two_factor_verified=True)
    assert ApiToken.objects.get().two_factor


def test_a_token_made_without_the_second_step_stops_once_it_is_due(
    client, api, workshop, mona, alice, org_a, settings
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from guidance_ethics.accounts.actions import set_organisation_policy

    settings.API_TOKEN_FAILURE_LIMIT = 1
    _old, old = actions.create_api_token(mona, name="Van voor de regel")
    phase = reverse("api:phase", args=[workshop.pk])
    set_organisation_policy(alice, org_a, require_two_factor=True, retention_days=90)
    refused = api(phase, {"phase": "case"}, token=old)
    assert refused.status_code == 403
    assert refused.json()["code"] == "api_token_without_two_factor"
    assert "tweestapsverificatie" in refused.json()["detail"]
    state = client.get(
        reverse("api:workshop", args=[workshop.pk]), HTTP_AUTHORIZATION=f"Bearer {old}"
    )
    assert state.status_code == 403
    cases = client.get(reverse("api:cases"), HTTP_AUTHORIZATION=f"Bearer {old}")
    assert cases.status_code == 403
    stream = client.get(
        reverse("api:events", args=[workshop.pk]), HTTP_AUTHORIZATION=f"Bearer {old}"
    )
    assert stream.status_code == 403
    assert Workshop.objects.get(pk=workshop.pk).phase == "lobby"
    # A real token is no guess: it does not count towards the address's limit.
    from guidance_ethics.accounts.tokens import token_failures

    assert not token_failures().blocked("127.0.0.1")
    # Once set up, a token made in a session that gave the code works; the old one does not.
    TOTPDevice.objects.create(user=mona, name="app", confirmed=True)
    _new, new = actions.create_api_token(mona, name="Met code", two_factor_verified=True)
    assert api(phase, {"phase": "case"}, token=new).status_code == 201
    assert api(phase, {"phase": "case"}, token=old).status_code == 403


def test_the_token_page_makes_a_token_in_a_verified_session(client, staff):
    ApiToken.objects.create(user=staff, name="Van voor de code", token_hash="0" * 64)
    client.force_login(staff)  # with the code (tests/conftest.py)
    page = client.post(reverse("accounts:api_tokens"), {"name": "Beheer"})
    assert page.status_code == 200
    assert ApiToken.objects.get(user=staff, name="Beheer").two_factor
    # The page says which of the person's tokens no longer work.
    assert page.content.decode().count("werkt niet meer") == 1
