"""Sending from a phone on venue Wi-Fi: a failed send says so, what is written offline waits
on the phone and arrives exactly once, the form starts empty after each contribution, live
updates leave the focus where it is, and each change of state is announced once."""

import json
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import plan_session
from tests.servers import request_json

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
STAFF = "coordinator@politie-noordveld.test"
CASE = "Toezicht met drones op bedrijventerrein De Vaart"
_login: dict = {}

# Failed requests are what these tests are about: the browser logs each one.
EXPECTED_ERRORS = ("Failed to load resource", "ERR_INTERNET_DISCONNECTED", "ERR_FAILED")


def region(page, name):
    return page.locator(f"[data-region='{name}']").first


def staff_page(make_page):
    """A page of the coordinator (moderator of the sessions planned here), logged in once."""
    if "state" in _login:
        return make_page(viewport={"width": 1280, "height": 900}, storage_state=_login["state"])
    page = make_page(viewport={"width": 1280, "height": 900})
    page.log_in(STAFF)
    _login["state"] = page.context.storage_state()
    return page


def new_session(make_page, phase_steps: int):
    """A fresh session, its console in the phase ``phase_steps`` after the lobby."""
    console = staff_page(make_page)
    workshop, code = plan_session(
        console, CASE, "2026-12-15T09:00", "Cas Coördinator", "Mira Moderator"
    )
    console.goto(f"/sessies/{workshop}/console/")
    for _ in range(phase_steps):
        seq = console.locator("#live").get_attribute("data-seq")
        console.get_by_role("button", name="Volgende fase").click()
        expect(console.locator("#live")).not_to_have_attribute("data-seq", seq)
    return console, workshop, code


def next_phase(console, phase_label):
    console.get_by_role("button", name="Volgende fase").click()
    expect(region(console, "phase")).to_have_text(phase_label)


def join_phone(make_page, code):
    phone = make_page(**PHONE)
    phone.goto(f"/j/{code.lower()}/")
    phone.check("input[name=stakeholder_group][value=citizen]")
    phone.check("input[name=consent_publication][value=yes]")
    phone.get_by_role("button", name="Meedoen").click()
    phone.wait_for_url(re.compile(r"/deelnemen/$"))
    phone.axe()
    expect(region(phone, "connection")).to_have_text("Live")
    return phone


def api(page, path, body=None):
    """A call to the session's API from a logged-in page (its cookie and CSRF token)."""
    return page.evaluate(
        """async ([path, body]) => {
            const base = document.getElementById("live").dataset.api;
            const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
            const response = await fetch(path ? `${base}/${path}` : base, {
                method: body === null ? "GET" : "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                body: body === null ? undefined : JSON.stringify(body),
            });
            return [response.status, await response.json()];
        }""",
        [path, body],
    )


def other_participant(server, code):
    status, body = request_json(
        f"{server}/api/v1/join",
        {"code": code, "stakeholder_group": "professional", "consent_publication": True},
    )
    assert status == 201
    return body["token"]


def forgive_failed_requests(page):
    page.errors[:] = [e for e in page.errors if not any(x in e for x in EXPECTED_ERRORS)]


def add_effect(phone, text, polarity="positive"):
    phone.get_by_label("Effect", exact=True).fill(text)
    phone.check(f"input[name=polarity][value={polarity}]")
    phone.get_by_role("button", name="Effect toevoegen").click()


def effect_texts(console):
    status, state = api(console, "")
    assert status == 200
    return [e["text"] for e in state["effects"]]


def record_posts(phone):
    """Every POST the phone makes: (path, Idempotency-Key, body)."""
    posts = []
    phone.on(
        "request",
        lambda r: (
            posts.append((r.url, r.headers.get("idempotency-key"), r.post_data))
            if r.method == "POST"
            else None
        ),
    )
    return posts


def test_contributions_written_offline_arrive_exactly_once(make_page, server):
    console, _workshop, code = new_session(make_page, 3)  # effects
    phone = join_phone(make_page, code)
    posts = record_posts(phone)
    participate = phone.url

    # Three effects written without a connection: kept on the phone, shown as not sent.
    phone.context.set_offline(True)
    expect(region(phone, "connection")).to_contain_text("Offline")
    texts = [f"Offline geschreven effect {n}" for n in (1, 2, 3)]
    for text in texts:
        add_effect(phone, text)
        expect(region(phone, "outbox")).to_contain_text(text)
        expect(phone.get_by_label("Effect", exact=True)).to_have_value("")
    expect(region(phone, "outbox").locator("li")).to_have_count(3)
    expect(region(phone, "outbox").locator("li").first).to_contain_text(
        re.compile(r"Nog niet verzonden \(\d\d:\d\d\)")
    )
    expect(region(phone, "connection")).to_have_text("Offline · 3 bijdragen wachten")
    expect(region(phone, "feedback")).not_to_contain_text("Ontvangen")
    assert effect_texts(console) == []
    # A reload while offline fails, as it does on a real phone; the items stay stored. (What
    # the server has at this moment is not asserted: Chromium's offline emulation can let a
    # request of the unloading page through. Exactly once is asserted below.)
    with pytest.raises(PlaywrightError):
        phone.reload()

    # The connection returns: the page loads and sends what waited, once.
    phone.context.set_offline(False)
    phone.goto(participate.removeprefix(server))
    expect(region(phone, "outbox")).to_be_hidden()
    expect(region(phone, "connection")).to_have_text("Live")
    for text in texts:
        expect(region(console, "effects-positive")).to_contain_text(text)
    assert sorted(effect_texts(console)) == texts

    # The server unreachable (no connection to it, the phone still "online"): queued too,
    # shown again after a reload, and sent when the stream opens again.
    phone.route("**/effects", lambda route: route.abort())
    phone.route("**/events?*", lambda route: route.abort())
    add_effect(phone, "Geschreven toen de server onbereikbaar was")
    expect(region(phone, "outbox")).to_contain_text("Geschreven toen de server onbereikbaar was")
    phone.reload()
    phone.axe()
    expect(region(phone, "outbox")).to_contain_text("Geschreven toen de server onbereikbaar was")
    expect(region(phone, "connection")).to_contain_text("1 bijdrage wacht")
    phone.unroute("**/effects")
    phone.unroute("**/events?*")
    expect(region(phone, "outbox")).to_be_hidden(timeout=15000)
    expect(region(console, "effects-positive")).to_contain_text("onbereikbaar")
    phone.wait_for_timeout(1000)
    assert sorted(effect_texts(console)) == sorted(
        [*texts, "Geschreven toen de server onbereikbaar was"]
    )

    # Every POST carried a key, and a key always carried the same body.
    assert posts and all(key for _url, key, _body in posts)
    bodies: dict = {}
    for _url, key, body in posts:
        assert bodies.setdefault(key, body) == body
    assert {json.loads(body)["text"] for body in bodies.values()} <= {
        *texts,
        "Geschreven toen de server onbereikbaar was",
    }
    forgive_failed_requests(phone)


def test_a_failed_send_says_so_and_keeps_the_text(make_page, server):
    console, _workshop, code = new_session(make_page, 3)  # effects
    phone = join_phone(make_page, code)
    add_effect(phone, "Een effect dat aankomt")
    expect(region(phone, "feedback")).to_have_text("Ontvangen, dank u wel.")

    # The server answers 502 (a proxy in front of a stopped server): an error, the text kept.
    phone.route(
        "**/effects",
        lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>502</h1>"),
    )
    add_effect(phone, "Een effect dat niet aankomt", "negative")
    feedback = region(phone, "feedback")
    expect(feedback).to_contain_text("Niet verzonden")
    expect(feedback).to_contain_text("502")
    expect(feedback).to_have_class(re.compile("ge-feedback--error"))
    expect(phone.get_by_label("Effect", exact=True)).to_have_value("Een effect dat niet aankomt")
    expect(region(phone, "outbox")).to_be_hidden()
    phone.unroute("**/effects")
    assert effect_texts(console) == ["Een effect dat aankomt"]

    # A refused item from the outbox: written offline, the phase moves on meanwhile.
    phone.context.set_offline(True)
    add_effect(phone, "Te laat geschreven effect")
    expect(region(phone, "outbox")).to_contain_text("Nog niet verzonden")
    next_phase(console, "dialoog: waarden")
    phone.context.set_offline(False)
    item = region(phone, "outbox").locator("li")
    expect(item).to_contain_text("Niet verzonden: Dit kunt u in deze fase niet toevoegen.")
    expect(item).to_contain_text("Te laat geschreven effect")
    expect(region(phone, "connection")).to_have_text("Live")
    phone.axe()
    phone.get_by_role(
        "button", name="Niet-verzonden tekst verwijderen: Te laat geschreven effect"
    ).click()
    expect(region(phone, "outbox")).to_be_hidden()
    assert "Te laat geschreven effect" not in effect_texts(console)

    # A vote is not queued: without a connection it fails, and says so.
    assert api(console, "values", {"name": "privacy"})[0] == 201
    next_phase(console, "overgang: waarden kiezen")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Eén stip meer voor privacy").click()
    expect(region(phone, "feedback")).to_have_text(
        "Niet verzonden: er is geen verbinding. Probeer het opnieuw."
    )
    expect(region(phone, "outbox")).to_be_hidden()
    phone.context.set_offline(False)
    forgive_failed_requests(phone)


def test_the_form_is_empty_after_each_contribution(make_page, server):
    console, _workshop, code = new_session(make_page, 2)  # actors
    phone = join_phone(make_page, code)
    actor = phone.get_by_label("Actor", exact=True)
    actor.fill("Automobilisten")
    phone.get_by_role("button", name="Actor toevoegen").click()
    expect(region(phone, "feedback")).to_have_text("Ontvangen, dank u wel.")
    expect(actor).to_have_value("")
    phone.get_by_role("button", name="Actor toevoegen").click()  # empty: the browser refuses
    expect(region(console, "actors")).to_contain_text("Automobilisten")
    phone.wait_for_timeout(500)
    expect(region(console, "actors").locator("li")).to_have_count(1)

    next_phase(console, "dialoog: effecten")
    phone.get_by_label("Effect", exact=True).fill("Agenten krijgen sneller informatie")
    phone.check("input[name=polarity][value=negative]")
    phone.get_by_label("Voor welke actor?").select_option(label="Automobilisten")
    phone.get_by_role("button", name="Effect toevoegen").click()
    expect(region(phone, "feedback")).to_have_text("Ontvangen, dank u wel.")
    expect(phone.get_by_label("Effect", exact=True)).to_have_value("")
    assert phone.locator("input[name=polarity]:checked").count() == 0
    expect(phone.get_by_label("Voor welke actor?")).to_have_value("")
    expect(region(console, "effects-negative")).to_contain_text("Agenten krijgen")


def focused(page):
    return page.evaluate(
        """() => {
            const a = document.activeElement;
            const item = a.closest("[data-id]");
            return [a.tagName, a.getAttribute("aria-label") || a.textContent.trim(),
                    item ? item.dataset.id : null];
        }"""
    )


def test_live_updates_leave_the_focus_where_it_is(make_page, server):
    console, workshop, code = new_session(make_page, 3)  # effects
    phone = join_phone(make_page, code)
    other = other_participant(server, code)
    effects_url = f"{server}/api/v1/workshops/{workshop}/effects"
    assert (
        request_json(effects_url, {"text": "Eerste effect", "polarity": "positive"}, token=other)[0]
        == 201
    )

    # The console: focus on "Verbergen" while someone joins and someone adds an effect.
    hide = region(console, "effects-positive").get_by_role("button", name="Verbergen")
    hide.focus()
    before = focused(console)
    other_participant(server, code)
    assert (
        request_json(effects_url, {"text": "Tweede effect", "polarity": "positive"}, token=other)[0]
        == 201
    )
    expect(region(console, "effects-positive")).to_contain_text("Tweede effect")
    assert focused(console) == before
    console.keyboard.press("Enter")  # hides the effect; the same button, now "Tonen"
    expect(region(console, "effects-positive").get_by_role("button", name="Tonen")).to_be_focused()
    console.keyboard.press("Enter")
    expect(
        region(console, "effects-positive").get_by_role("button", name="Verbergen").first
    ).to_be_focused()

    # The workspace: focus on a remove-link button while a new effect arrives.
    workspace = staff_page(make_page)
    workspace.goto(f"/sessies/{workshop}/werkplek/")
    status, created = api(console, "values", {"name": "privacy"})
    assert status == 201
    privacy = created["item"]["id"]
    status, created = api(console, "values", {"name": "veiligheid"})
    safety = created["item"]["id"]
    first = next(e for e in api(console, "")[1]["effects"] if e["text"] == "Eerste effect")
    assert api(console, f"effects/{first['id']}/values", {"value": privacy})[0] in (200, 201)
    unlink = workspace.get_by_role("button", name="Koppeling met privacy verwijderen")
    unlink.focus()
    before = focused(workspace)
    assert (
        request_json(effects_url, {"text": "Derde effect", "polarity": "negative"}, token=other)[0]
        == 201
    )
    expect(region(workspace, "link-effects")).to_contain_text("Derde effect")
    assert focused(workspace) == before
    # And on a suggested value's chip.
    watched = "Ik voel me gevolgd door camera's op straat"
    assert (
        request_json(effects_url, {"text": watched, "polarity": "negative"}, token=other)[0] == 201
    )
    chip = workspace.locator(".ge-link", has_text=watched).locator(".ge-chip").first
    chip.focus()
    before = focused(workspace)
    assert (
        request_json(effects_url, {"text": "Vierde effect", "polarity": "negative"}, token=other)[0]
        == 201
    )
    expect(region(workspace, "link-effects")).to_contain_text("Vierde effect")
    workspace.wait_for_timeout(500)  # the new effect's suggestions arrive too
    assert focused(workspace) == before
    workspace.axe()

    # The phone's vote: + with Enter, twice, while others vote.
    next_phase(console, "dialoog: waarden")
    next_phase(console, "overgang: waarden kiezen")
    plus = phone.get_by_role("button", name="Eén stip meer voor privacy")
    plus.focus()
    phone.keyboard.press("Enter")
    expect(region(phone, "votes-left")).to_have_text("Stippen over: 2")
    expect(plus).to_be_focused()
    votes_url = f"{server}/api/v1/workshops/{workshop}/votes"
    assert request_json(votes_url, {"votes": {str(safety): 2}}, token=other)[0] == 201
    expect(region(console, "values")).to_contain_text("stippen: 2")
    phone.wait_for_timeout(300)
    expect(plus).to_be_focused()
    phone.keyboard.press("Enter")
    expect(region(phone, "votes-left")).to_have_text("Stippen over: 1")
    expect(plus).to_be_focused()
    phone.axe()

    # Two quick taps, the second before the first is answered, take two dots away.
    minus = phone.get_by_role("button", name="Eén stip minder voor privacy")
    minus.click()
    minus.click()
    expect(region(phone, "votes-left")).to_have_text("Stippen over: 3")
    expect(region(phone, "feedback")).to_have_text("Uw stem is opgeslagen.")
    phone.wait_for_timeout(500)
    assert api(phone, "")[1]["me"]["votes"].get(str(privacy), 0) == 0


def listen_to_announcements(phone):
    """Record every text the announcement region is given."""
    phone.evaluate(
        """() => {
            window.said = [];
            const live = document.querySelector("[data-region='announcement']");
            const record = () => { if (live.textContent) window.said.push(live.textContent); };
            new MutationObserver(record)
                .observe(live, {childList: true, characterData: true, subtree: true});
        }"""
    )


def test_changes_of_state_are_announced_once(make_page, server):
    console, _workshop, code = new_session(make_page, 2)  # actors
    phone = join_phone(make_page, code)
    listen_to_announcements(phone)
    # The status line with the timer is no live region; the announcements are one.
    assert phone.evaluate(
        """() => !document.querySelector("[data-region='timer']")
                .closest("[aria-live], [role=status], [role=log], [role=timer]")"""
    )
    assert phone.locator("[data-region='announcement'][role=status]").count() == 1

    # Input paused: a refusal in red, gone when input reopens.
    console.get_by_role("button", name="Invoer pauzeren").click()
    expect(region(phone, "locked")).to_be_visible()
    actor = phone.get_by_label("Actor", exact=True)
    actor.fill("Geschreven tijdens de pauze")
    phone.get_by_role("button", name="Actor toevoegen").click()
    expect(region(phone, "feedback")).to_contain_text("gepauzeerd")
    expect(region(phone, "feedback")).to_have_class(re.compile("ge-feedback--error"))
    expect(actor).to_have_value("Geschreven tijdens de pauze")
    console.get_by_role("button", name="Invoer openen").click()
    expect(region(phone, "locked")).to_be_hidden()
    expect(region(phone, "feedback")).to_have_text("")

    # A phase change while typing: the text is kept and said to be unsent; focus on the heading.
    actor.focus()
    next_phase(console, "dialoog: effecten")
    expect(phone.get_by_role("heading", name="Noem een effect")).to_be_focused()
    expect(actor).to_have_value("Geschreven tijdens de pauze")
    expect(region(phone, "outbox")).to_contain_text("Geschreven tijdens de pauze")
    expect(region(phone, "outbox")).to_contain_text("Niet verzonden: de fase veranderde")
    phone.axe()
    next_phase(console, "dialoog: waarden")
    next_phase(console, "overgang: waarden kiezen")
    expect(region(phone, "votes-left")).to_be_visible()

    # The vote closes: said once, and the phone no longer counts dots left.
    console.get_by_role("button", name="Stemming sluiten").click()
    expect(region(phone, "voting-closed")).to_be_visible()
    expect(region(phone, "votes-left")).to_be_hidden()
    phone.axe()

    # The session closes.
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Sessie afsluiten").click()
    expect(region(phone, "closed")).to_be_visible()
    phone.wait_for_timeout(500)
    said = phone.evaluate("window.said")
    assert said == [
        "De moderator heeft de invoer even gepauzeerd; uw tekst blijft bewaard.",
        "De invoer is weer open; u kunt uw tekst versturen.",
        "Nieuwe fase: dialoog: effecten.",
        "Nieuwe fase: dialoog: waarden.",
        "Nieuwe fase: overgang: waarden kiezen.",
        "De stemming is gesloten; u kunt geen stippen meer geven.",
        "Nieuwe fase: afsluiting. De sessie is gesloten; alleen de evaluatie staat nog open. "
        "Dank u wel.",
    ], said
    phone.axe()
    forgive_failed_requests(phone)

    # After "Evaluatie versturen" the focus is on the thank-you.
    phone.check("input[name=changed_view][value=yes]")
    phone.get_by_role("button", name="Evaluatie versturen").click()
    expect(region(phone, "evaluation-done")).to_be_focused()


def test_the_time_is_announced_at_one_minute_and_at_zero(make_page, server):
    console, _workshop, code = new_session(make_page, 1)
    phone = join_phone(make_page, code)
    listen_to_announcements(phone)
    assert api(console, "timer", {"action": "set", "seconds": 62})[0] == 201
    assert api(console, "timer", {"action": "start"})[0] == 201
    expect(region(phone, "announcement")).to_have_text("Nog één minuut.", timeout=6000)
    assert api(console, "timer", {"action": "set", "seconds": 2})[0] == 201
    assert api(console, "timer", {"action": "start"})[0] == 201
    expect(region(phone, "announcement")).to_have_text("De tijd is om.", timeout=6000)
    phone.wait_for_timeout(1500)
    assert phone.evaluate("window.said") == ["Nog één minuut.", "De tijd is om."]
