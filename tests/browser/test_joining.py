"""Joining from a phone behind an address that mistyped too often (issue 22, finding 5): the
right code joins through the slow lane; a wrong one shows how long to wait, in Dutch and in
English. Each phone has its own address (X-Forwarded-For from 127.0.0.1, a trusted proxy),
so the other browser tests' joins are not affected."""

import re

import pytest
from playwright.sync_api import expect

from tests.servers import request_json

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 320, "height": 740}, "is_mobile": True, "has_touch": True}


def mistype(server, address, times):
    for n in range(times):
        body = {"code": f"TYPO{n:04d}", "stakeholder_group": "citizen", "consent_publication": True}
        request_json(f"{server}/api/v1/join", body, headers={"X-Forwarded-For": address})


def phone_at(make_page, address, language="nl"):
    phone = make_page(**PHONE, extra_http_headers={"X-Forwarded-For": address})
    phone.context.add_cookies(
        [{"name": "django_language", "value": language, "url": phone.base_url}]
    )
    return phone


def type_code(phone, code, button):
    phone.goto("/j/")
    phone.get_by_label(re.compile("Sessiecode|Session code")).fill(code)
    phone.get_by_role("button", name=button).click()
    phone.wait_for_load_state("load")


def test_a_room_that_mistyped_twenty_codes_joins_with_the_right_one(make_page, server, platform):
    room = "203.0.113.120"
    mistype(server, room, 20)
    phone = phone_at(make_page, room)
    type_code(phone, platform.join_code, "Verder")
    expect(phone.get_by_role("button", name="Meedoen")).to_be_visible()
    phone.axe()


@pytest.mark.parametrize(
    ("language", "button", "message"),
    [
        ("nl", "Verder", r"Even wachten: probeer het over \d+ seconden opnieuw\."),
        ("en", "Next", r"Please wait: try again in \d+ seconds\."),
    ],
)
def test_a_wrong_code_over_the_limit_says_how_long_to_wait(
    make_page, server, language, button, message
):
    address = f"203.0.113.{121 if language == 'nl' else 122}"
    mistype(server, address, 20)
    phone = phone_at(make_page, address, language)
    type_code(phone, "WRONGONE", button)
    expect(phone.get_by_text(re.compile(message))).to_be_visible()
    phone.axe()
