"""The training path in the browser: a trainer creates a cohort and enrols a member; the
trainee passes every module's self-check, runs a practice session with simulated
participants to its end and reads the debrief, and links two closed sessions to the
practice steps; the supervising moderator signs both off against the rubric; the trainee
appears in the register of trained moderators. Then the community: a post with a linked
case in the cohort's space, a reply, and the space of all moderators for the new moderator.
axe-core checks every page."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from guidance_ethics.training.modules import MODULES
from tests.browser.conftest import plan_session

pytestmark = pytest.mark.browser

TRAINEE = "lid@politie-noordveld.test"
CASE = "Toezicht met drones op bedrijventerrein De Vaart"


def close(page, server, workshop):
    response = page.context.request.post(
        f"{server}/api/v1/workshops/{workshop}/moderation", data={"action": "close"}
    )
    assert response.status == 201, response.text()


def test_a_trainee_completes_the_path_and_enters_the_register(make_page, server):
    trainer = make_page(viewport={"width": 1280, "height": 900})
    trainer.log_in("moderator@politie-noordveld.test")
    trainer.goto("/opleiding/")
    trainer.get_by_role("link", name="Nieuwe groep").click()
    trainer.axe()
    trainer.get_by_label("Naam van de groep").fill("Moderatoren voorjaar 2027")
    trainer.get_by_label("Politie Eenheid Noordveld").check()
    trainer.get_by_role("button", name="De groep aanmaken").click()
    expect(trainer.get_by_text("De groep is aangemaakt.")).to_be_visible()
    trainer.axe()
    trainer.get_by_label("Deelnemer").select_option(label="Lars Lid")
    trainer.get_by_role("button", name="Inschrijven").click()
    expect(trainer.get_by_text("De deelnemer is ingeschreven.")).to_be_visible()
    trainer.axe()

    # Two sessions for the practice steps, planned and closed by the coordinator.
    coordinator = make_page(viewport={"width": 1280, "height": 900})
    coordinator.log_in("coordinator@politie-noordveld.test")
    as_co, _code = plan_session(
        coordinator, CASE, "2027-04-06T09:30", "Cas Coördinator", "Lars Lid"
    )
    as_moderator, _code = plan_session(
        coordinator, CASE, "2027-04-13T09:30", "Lars Lid", "Cas Coördinator"
    )
    for workshop in (as_co, as_moderator):
        close(coordinator, server, workshop)

    # The trainee passes every self-check (one wrong try first).
    trainee = make_page(viewport={"width": 1280, "height": 900})
    trainee.log_in(TRAINEE)
    trainee.goto("/opleiding/")
    trainee.get_by_role("link", name="Moderatoren voorjaar 2027", exact=True).click()
    trainee.axe()
    enrolment_url = urlparse(trainee.url).path
    for number, module in enumerate(MODULES):
        trainee.get_by_role("link", name=module.name).click()
        trainee.axe()
        if number == 0:
            for n, question in enumerate(module.questions):
                wrong = (question.correct + 1) % len(question.options)
                trainee.locator(f"input[name=q{n}][value='{wrong}']").check()
            trainee.get_by_role("button", name="Mijn antwoorden controleren").click()
            expect(trainee.get_by_role("status")).to_contain_text("nog niet goed")
            trainee.axe()
        for n, question in enumerate(module.questions):
            trainee.locator(f"input[name=q{n}][value='{question.correct}']").check()
        trainee.get_by_role("button", name="Mijn antwoorden controleren").click()
        expect(trainee.get_by_role("status")).to_contain_text("u hebt deze module gehaald")
        trainee.goto(enrolment_url)
    expect(trainee.locator("main")).to_contain_text("7 van 7 gehaald")

    # A practice session with simulated participants (the server starts them; in the test
    # platform they contribute without a pause), run to its end, then the debrief.
    trainee.goto("/opleiding/oefenen/")
    trainee.get_by_label(re.compile("Camera's en geluidssensoren")).check()
    trainee.get_by_role("button", name="Een oefensessie starten").click()
    expect(trainee.get_by_text("De oefensessie staat klaar")).to_be_visible()
    trainee.axe()
    practice_path = urlparse(trainee.url).path
    trainee.get_by_role("link", name="Moderatorconsole").click()
    trainee.axe()

    def region(name):
        return trainee.locator(f"[data-region='{name}']").first

    def next_phase():
        trainee.get_by_role("button", name="Volgende fase").click()

    next_phase()  # case
    expect(region("questions")).to_contain_text("Worden gesprekken opgenomen?", timeout=20000)
    next_phase()  # actors
    expect(region("actors")).to_contain_text("Omwonenden", timeout=20000)
    next_phase()  # effects
    expect(region("effects-negative")).to_contain_text("Het bier is te duur", timeout=20000)
    row = region("effects-negative").locator("li", has_text="Het bier is te duur")
    row.get_by_role("button", name="Verbergen").click()
    expect(row).to_contain_text("verborgen")
    next_phase()  # values: the co-moderator's workspace
    workspace = make_page(viewport={"width": 1280, "height": 900})
    workspace.log_in(TRAINEE)
    workspace.goto(f"{practice_path}")
    workspace.get_by_role("link", name="Werkplek co-moderator").click()
    workspace.axe()
    field = workspace.get_by_role(
        "combobox", name=re.compile("Waarde achter: Bezoekers voelen zich afgeluisterd$")
    )
    field.fill("privacy")
    field.press("Enter")
    expect(
        workspace.get_by_role("button", name="Koppeling met privacy verwijderen").first
    ).to_be_visible()
    next_phase()  # transition: the simulated participants vote
    expect(region("values")).to_contain_text(re.compile("stip"), timeout=20000)
    next_phase()  # options
    expect(region("options")).to_contain_text("Portiers leren de-escaleren", timeout=20000)
    next_phase()  # closing
    trainee.once("dialog", lambda dialog: dialog.accept())
    trainee.get_by_role("button", name="Sessie afsluiten").click()
    expect(region("closed")).to_be_visible()
    trainee.goto(practice_path)
    expect(trainee.get_by_role("heading", name="Nabespreking")).to_be_visible()
    debrief = trainee.locator("main")
    expect(debrief).to_contain_text("Bezoekers voelen zich afgeluisterd op het plein")  # not merged
    expect(debrief).to_contain_text("Ruzies worden gestopt")  # left without a value
    trainee.axe()
    trainee.goto(enrolment_url)

    # The practice steps: the sessions and the supervisor.
    for step, workshop in (
        ("Een sessie co-modereren", as_co),
        ("Een sessie modereren", as_moderator),
    ):
        trainee.goto(enrolment_url)
        trainee.get_by_role("link", name=step).click()
        trainee.axe()
        trainee.get_by_label("Sessie").select_option(value=str(workshop))
        trainee.get_by_label("Begeleidende moderator").select_option(label="Mira Moderator")
        trainee.get_by_role("button", name="Opslaan").click()
        expect(trainee.get_by_text("De oefenstap is opgeslagen.")).to_be_visible()
        trainee.axe()

    # The supervisor assesses and signs off both, the co-moderating step first.
    trainer.goto("/opleiding/")
    for step in ("een sessie co-modereren", "een sessie modereren"):
        trainer.get_by_role("link", name=re.compile(f"Lars Lid: {step}$")).click()
        trainer.axe()
        for fieldset in trainer.locator("fieldset").all():
            fieldset.get_by_label("goed", exact=True).check()
        trainer.get_by_label("Feedback voor de deelnemer").fill("Rustig en neutraal gemodereerd.")
        trainer.get_by_role("button", name="Aftekenen").click()
        expect(trainer.get_by_text("De oefenstap is afgetekend.")).to_be_visible()
        trainer.axe()
        trainer.goto("/opleiding/")

    # Completed: a trained moderator, in the register.
    trainee.goto(enrolment_url)
    expect(trainee.locator("main")).to_contain_text("een getrainde moderator")
    coordinator.goto("/organisaties/politie-noordveld/")
    coordinator.get_by_role("link", name="Getrainde moderatoren").click()
    coordinator.axe()
    expect(coordinator.locator("main")).to_contain_text("Lars Lid")

    # The community: a post with a linked case in the cohort's space, and a reply.
    trainee.goto("/opleiding/")
    trainee.get_by_role("link", name="Ruimte van Moderatoren voorjaar 2027").click()
    trainee.axe()
    trainee.get_by_label("Titel").fill("Hoe houdt u de tijd in de gaten?")
    trainee.get_by_label("Bericht").fill("In mijn tweede oefensessie liep de dialoog uit.")
    trainee.get_by_label("Een casus koppelen").select_option(label=CASE)
    trainee.get_by_role("button", name="Het bericht plaatsen").click()
    expect(trainee.get_by_text("Uw bericht is geplaatst.")).to_be_visible()
    trainee.axe()
    post_path = urlparse(trainee.url).path
    trainer.goto(post_path)
    trainer.get_by_label("Uw reactie").fill("Zet de timer per fase, en zeg het hardop.")
    trainer.get_by_role("button", name="Reageren").click()
    expect(trainer.get_by_text("Uw reactie is geplaatst.")).to_be_visible()
    trainer.axe()
    trainee.reload()
    expect(trainee.locator("main")).to_contain_text("Zet de timer per fase")
    trainee.axe()
    # Now a moderator, the trainee also reads the space of all moderators.
    trainee.goto("/opleiding/gemeenschap/")
    expect(trainee.get_by_role("heading", name="Gemeenschap: alle moderatoren")).to_be_visible()
