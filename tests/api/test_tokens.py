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
