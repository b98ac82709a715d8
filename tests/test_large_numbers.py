"""A number too large for the database's 64-bit integers, in an address or a query string,
is refused (400) or names nothing (404): never a server error. Every URL pattern with a
number in it is tried, so that a new one is covered without a change here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

HUGE = [str(10**20), str(2**63)]


def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _patterns(pattern, namespace + inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            converters = pattern.pattern.converters
            if any(type(c).__name__ == "IntConverter" for c in converters.values()):
                yield namespace + pattern.name, converters


def _url(name, converters, number):
    kwargs = {
        key: number if type(c).__name__ == "IntConverter" else "x" for key, c in converters.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("number", HUGE)
# Named by the URL's name alone: the same on every xdist worker (no object addresses).
@pytest.mark.parametrize(
    ("name", "converters"), list(_patterns()), ids=lambda v: v if isinstance(v, str) else "-"
)
def test_a_huge_id_in_an_address_names_nothing(client, login, alice, name, converters, number):
    login(alice)
    url = _url(name, converters, number)
    assert client.get(url).status_code in (302, 400, 403, 404, 405), url
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code in (302, 400, 403, 404, 405), url


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("library:library", "pagina"),
        ("library:library", "jaar"),
        ("api:cases", "pagina"),
        ("api:cases", "jaar"),
    ],
)
def test_a_huge_number_in_a_query_string_is_no_server_error(client, db, name, parameter, number):
    assert client.get(reverse(name), {parameter: number}).status_code in (200, 400)


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize("parameter", ["technology", "owner"])
def test_a_huge_id_in_the_action_filters_is_no_server_error(
    client, login, alice, org_a, parameter, number
):
    login(alice)
    url = reverse("followup:actions", args=[org_a.slug])
    assert client.get(url, {parameter: number}).status_code in (200, 400)
