from django.conf import settings
from django.urls import reverse


def test_home_is_dutch_by_default(client, db):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in body
    assert "Begeleidingsethiek voor publieke organisaties" in body


def test_browser_language_alone_does_not_switch_to_english(client, db):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nl"' in body


def test_language_switch_is_remembered(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert '<html lang="en"' in body and "Guidance ethics for public organisations" in body
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_unknown_language_cookie_falls_back_to_dutch(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_pages_carry_security_headers(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_outside_debug(client, alice):
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    response = client.get(reverse("accounts:login"))
    assert response.cookies["csrftoken"]["secure"]


def test_forms_carry_a_csrf_token(client, alice, org_a):
    client.force_login(alice)
    for url in (
        reverse("cases:technology_create", args=[org_a.slug]),
        reverse("accounts:members", args=[org_a.slug]),
    ):
        assert "csrfmiddlewaretoken" in client.get(url).content.decode()


def test_post_without_csrf_token_is_refused(alice, org_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(
        reverse("cases:technology_create", args=[org_a.slug]),
        {"name": "X", "kind": "other", "description": "y"},
    )
    assert response.status_code == 403


def test_health_checks_the_database(client, db):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.content == b"ok"


def test_templates_have_no_inline_scripts_or_styles():
    import re
    from pathlib import Path

    import guidance_ethics

    root = Path(guidance_ethics.__file__).parent
    for template in root.glob("**/templates/**/*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert "<style" not in text and " style=" not in text, template


def test_a_form_too_large_to_read_gets_the_platforms_page_in_dutch(client, db, settings):
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE or with too many fields; the
    visitor gets the platform's page in its language, not Django's bare English text."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(reverse("followup:request_session"), {f"f{n}": "x" for n in range(20)})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="nl"' in page and "Er is niets opgeslagen" in page
    assert client.get("/", HTTP_HOST="elders.example").status_code == 400  # no host: no page
