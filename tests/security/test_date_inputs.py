"""Dates in query strings: out of range or overflowing, a clear answer, never 500."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("year", ["99999999999999999999", "10000", "-1", "0", "1989"])
def test_a_library_year_outside_the_calendar_is_refused_not_a_crash(client, db, year):
    page = client.get(reverse("library:library"), {"jaar": year})
    assert page.status_code == 200
    assert "jaar" in page.context["form"].errors
    api = client.get(reverse("api:cases"), {"jaar": year})
    assert api.status_code == 400
    assert api.json()["invalid-params"][0]["name"] == "jaar"
