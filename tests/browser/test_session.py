"""A whole session in one go, in separate browser contexts: a moderator, a co-moderator, the
board and five participants on phones. After each step every screen shows the new state
without reloading; axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
GROUPS = ["citizen", "professional", "policy", "technician", "citizen"]


def region(page, name):
    return page.locator(f"[data-region='{name}']").first


def test_a_whole_session_runs_live_on_every_screen(make_page, platform):
    workshop, code = platform.workshop_id, platform.join_code

    moderator = make_page(viewport={"width": 1280, "height": 900})
    moderator.log_in("moderator@politie-noordveld.test")
    moderator.goto(f"/sessies/{workshop}/console/")
    board = make_page(viewport={"width": 1600, "height": 900})
    board.log_in("moderator@politie-noordveld.test")
    board.goto(f"/sessies/{workshop}/bord/")
    co = make_page(viewport={"width": 1280, "height": 900})
    co.log_in("coordinator@politie-noordveld.test")
    co.goto(f"/sessies/{workshop}/werkplek/")
    expect(board.locator(".ge-join__code")).to_contain_text(code)

    # Five participants join on their phones, without an account.
    phones = []
    for group in GROUPS:
        phone = make_page(**PHONE)
        phone.goto(f"/j/{code.lower()}/")
        phone.check(f"input[name=stakeholder_group][value={group}]")
        phone.check("input[name=consent_publication][value=yes]")
        phone.get_by_role("button", name="Meedoen").click()
        phone.wait_for_url(re.compile(r"/deelnemen/$"))
        phone.axe()
        phones.append(phone)
    expect(region(moderator, "group-citizen")).to_have_text("2")
    expect(region(moderator, "group-technician")).to_have_text("1")
    # Connected now: the phones' open streams, polled by the console.
    expect(region(moderator, "present-citizen")).to_have_text("2", timeout=15000)
    expect(region(moderator, "present-policy")).to_have_text("1")
    expect(region(moderator, "missing-groups")).to_be_hidden()

    def everyone_in(phase_label):
        for page in (moderator, board, co, *phones):
            expect(region(page, "phase")).to_have_text(phase_label)

    def next_phase(phase_label):
        moderator.get_by_role("button", name="Volgende fase").click()
        everyone_in(phase_label)

    # Case: a question.
    next_phase("casus")
    phones[0].get_by_label("Uw vraag").fill("Hoe lang worden de gegevens bewaard?")
    phones[0].get_by_role("button", name="Vraag stellen").click()
    for page in (moderator, board, co, phones[1]):
        expect(region(page, "questions")).to_contain_text("Hoe lang worden de gegevens bewaard?")

    # Dialogue: actors.
    next_phase("dialoog: actoren")
    for phone, actor in ((phones[1], "Automobilisten"), (phones[2], "Winkeliers")):
        phone.get_by_label("Actor", exact=True).fill(actor)
        phone.get_by_role("button", name="Actor toevoegen").click()
    for page in (board, moderator, phones[4]):
        expect(region(page, "actors")).to_contain_text("Automobilisten")
        expect(region(page, "actors")).to_contain_text("Winkeliers")

    # Dialogue: effects, from phones (one with markup, shown as text) and from the scribe.
    next_phase("dialoog: effecten")
    effects = [
        (phones[0], "Sneller ingrijpen bij winkeldiefstal", "positive", "Winkeliers"),
        (phones[1], "Ik voel me gevolgd op de snelweg", "negative", "Automobilisten"),
        (phones[2], "Minder overlast in het centrum", "positive", ""),
        (phones[3], "<img src=x onerror=alert(1)> foute signalen", "negative", ""),
    ]
    for phone, text, polarity, actor in effects:
        phone.get_by_label("Effect", exact=True).fill(text)
        phone.check(f"input[name=polarity][value={polarity}]")
        if actor:
            phone.get_by_label("Voor welke actor?").select_option(label=actor)
        phone.get_by_role("button", name="Effect toevoegen").click()
        expect(region(phone, "feedback")).to_have_text("Ontvangen, dank u wel.")
    co.get_by_label("Effect", exact=True).fill("Agenten vertrouwen het signaal te snel")
    co.check("input[name=polarity][value=negative]")
    co.get_by_role("button", name="Effect toevoegen").click()
    for page in (board, moderator, phones[4]):
        expect(region(page, "effects-positive")).to_contain_text("Sneller ingrijpen")
        expect(region(page, "effects-negative")).to_contain_text("Ik voel me gevolgd")
        expect(region(page, "effects-negative")).to_contain_text(
            "<img src=x onerror=alert(1)> foute signalen"
        )
        expect(region(page, "effects-negative")).to_contain_text("Agenten vertrouwen")
    assert board.locator("img[src=x]").count() == 0

    # Moderation: the moderator hides an effect; it leaves the board and the phones.
    phones[4].get_by_label("Effect", exact=True).fill("Een ongepaste opmerking")
    phones[4].check("input[name=polarity][value=negative]")
    phones[4].get_by_role("button", name="Effect toevoegen").click()
    expect(region(board, "effects-negative")).to_contain_text("Een ongepaste opmerking")
    row = region(moderator, "effects-negative").locator("li", has_text="Een ongepaste opmerking")
    row.get_by_role("button", name="Verbergen").click()
    for page in (board, *phones):
        expect(region(page, "effects-negative")).not_to_contain_text("Een ongepaste opmerking")
    expect(row).to_contain_text("verborgen")

    # Dialogue: values, linked by the co-moderator with the keyboard alone.
    next_phase("dialoog: waarden")
    for effect, value in (
        ("Ik voel me gevolgd", "privacy"),
        ("Sneller ingrijpen", "veiligheid"),
        ("Agenten vertrouwen", "vakmanschap van de professional"),
        ("foute signalen", "gelijke behandeling"),
    ):
        field = co.get_by_role("combobox", name=re.compile(f"Waarde achter: .*{effect}"))
        field.fill(value)
        field.press("Enter")
        expect(co.get_by_role("button", name=f"Koppeling met {value} verwijderen")).to_be_visible()
    for page in (board, moderator, phones[0]):
        for value in ("privacy", "veiligheid", "gelijke behandeling"):
            expect(region(page, "values")).to_contain_text(value)
    expect(region(co, "unlinked-count")).to_have_text("1")

    # Transition: dot-voting on the phones.
    next_phase("overgang: waarden kiezen")
    votes = {
        0: ["privacy", "privacy", "veiligheid"],
        1: ["privacy"],
        2: ["veiligheid"],
        3: ["gelijke behandeling", "privacy"],
        4: ["gelijke behandeling"],
    }
    for index, values in votes.items():
        for n, value in enumerate(values):
            phones[index].get_by_role("button", name=f"Eén stip meer voor {value}").click()
            expect(region(phones[index], "feedback")).to_have_text("Uw stem is opgeslagen.")
            # Each dot is saved before the next (the phone sends its whole vote each time).
            left = region(phones[index], "votes-left")
            expect(left).to_have_text(f"Stippen over: {3 - n - 1}")
    expect(region(phones[0], "votes-left")).to_have_text("Stippen over: 0")
    expect(phones[0].get_by_role("button", name="Eén stip meer voor privacy")).to_be_disabled()
    # Others' dots stay off the board and the phones until the vote closes; the console sees them.
    expect(region(moderator, "values")).to_contain_text("stippen: 4")
    assert "stippen" not in region(board, "values").inner_text()
    assert "stippen" not in region(phones[1], "values").inner_text()

    # Options for action, in all three directions, for the chosen values.
    next_phase("handelingsopties")
    expect(region(board, "values")).to_contain_text("stippen: 4")
    expect(region(board, "values").locator(".ge-value--chosen")).to_have_count(3)
    for phone, direction, text in (
        (phones[0], "technology", "Kentekens na 24 uur wissen"),
        (phones[1], "environment", "Jaarlijkse toets door de raad"),
        (phones[2], "human", "Training in het duiden van signalen"),
    ):
        phone.get_by_label("Voor de waarde").select_option(label="privacy")
        phone.check(f"input[name=direction][value={direction}]")
        phone.get_by_role("textbox", name="Handelingsoptie").fill(text)
        phone.get_by_role("button", name="Optie toevoegen").click()
        expect(region(phone, "feedback")).to_have_text("Ontvangen, dank u wel.")
    for page in (board, moderator, phones[3]):
        grid = region(page, "options")
        for text in (
            "Kentekens na 24 uur wissen",
            "Jaarlijkse toets door de raad",
            "Training in het duiden van signalen",
        ):
            expect(grid).to_contain_text(text)

    # Closing: the moderator closes, everyone evaluates, the session is read-only.
    moderator.once("dialog", lambda dialog: dialog.accept())
    moderator.get_by_role("button", name="Sessie afsluiten").click()
    everyone_in("afsluiting")
    for phone in phones:
        expect(region(phone, "closed")).to_be_visible()
        phone.check("input[name=changed_view][value=somewhat]")
        phone.get_by_label("Wat zou u anderen erover vertellen?").fill("Goed gesprek")
        phone.get_by_role("button", name="Evaluatie versturen").click()
        expect(region(phone, "evaluation-done")).to_be_visible()
    expect(region(board, "evaluations")).to_have_text("5")

    for page in (moderator, board, co, *phones):
        page.axe()

    # Every screen was built from the events since it loaded; a fresh load must show the same.
    for page in (moderator, board, co, phones[0], phones[4]):
        before = regions_text(page)
        page.reload()
        page.wait_for_function("document.getElementById('live').dataset.seq > 0")
        page.axe()
        assert regions_text(page) == before, page.url

    # The draft report is there at once, with what the room made and the late evaluations.
    moderator.get_by_role(
        "link", name="De sessie is afgesloten; het conceptverslag staat klaar."
    ).click()
    moderator.axe()
    report = moderator.locator("main").inner_text()
    assert "Kentekens na 24 uur wissen" in report
    assert "Er deden 5 deelnemers mee." in report


SKIP = {"connection", "feedback", "timer", "evaluation-done", "announcement"}


def regions_text(page):
    """The text of every live region, without the value suggestions: those are advice the
    server computes afresh, and they change as the session's links teach the suggester."""
    return page.evaluate(
        """(skip) => [...document.querySelectorAll('[data-region]')]
            .filter((r) => !skip.includes(r.dataset.region))
            .map((r) => {
                const copy = r.cloneNode(true);
                copy.querySelectorAll('.ge-link__suggestions').forEach((s) => s.remove());
                return [r.dataset.region, r.hidden, copy.innerText];
            })""",
        sorted(SKIP),
    )
