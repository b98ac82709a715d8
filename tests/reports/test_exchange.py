"""The exchange format: acceptance point 3 of the reports issue, and the CLI around it."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.accounts.models import Organisation
from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.reports import actions, exchange
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops.models import Effect, EffectValue, Participant, Vote, Workshop
from tests.conftest import make_user


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            Technology,
            Case,
            Workshop,
            Participant,
            Effect,
            EffectValue,
            Vote,
            Report,
            AuditEntry,
        )
    }


@pytest.fixture
def exported(held, report, alice):
    """The held session's case as an exchange document, with a final report."""
    actions.update_report(
        alice, report, summary="Samenvatting.", next_steps="Stappen.", name_moderators=False
    )
    actions.finalise_report(alice, report)
    return exchange.export_cases([held.case])


@pytest.fixture
def elsewhere(exported):
    """Another organisation, with nothing of its own yet."""
    organisation = accounts.create_organisation(SYSTEM, name="Provincie Elders", kind="province")
    person = make_user("petra@elders.test", "Petra Elders")
    accounts.add_member(SYSTEM, organisation, person, "coordinator")
    return organisation, person


def test_into_an_empty_database_and_back(tmp_path, exported):
    """The whole trip on the command line, into a freshly migrated database of its own."""
    from tests.core.test_cli import run

    source = tmp_path / "uit.json"
    source.write_text(exchange.dumps(exported))
    environ = {
        "DEBUG": "true",
        "DATA_DIR": str(tmp_path / "elders"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    assert run("migrate", "-v0", **environ).returncode == 0
    setup = (
        "from guidance_ethics.accounts import actions as a; "
        "from guidance_ethics.lib.actors import SYSTEM as S; "
        "o = a.create_organisation(S, name='Provincie Elders', kind='province'); "
        "u = a.create_user(S, email='petra@elders.test', password='Een-lang-wachtwoord-1', "
        "full_name='Petra'); a.add_member(S, o, u, 'coordinator')"
    )
    made = run("manage", "shell", "-v0", "-c", setup, **environ)
    assert made.returncode == 0, made.stderr
    imported = run(
        "import",
        str(source),
        "--organisation",
        "provincie-elders",
        "--moderator",
        "petra@elders.test",
        **environ,
    )
    assert imported.returncode == 0, imported.stderr
    again = run("export", "--organisation", "provincie-elders", **environ)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == exported
    assert again.stdout == exchange.dumps(exported)


def test_export_import_export_gives_the_same_document(exported, elsewhere):
    organisation, person = elsewhere
    assert exchange.validate(exported) == []
    assert len(exported["cases"][0]["workshops"][0]["effects"]) >= 30
    imported = actions.import_cases(person, organisation, exported, moderator=person)
    again = exchange.export_cases(imported)
    assert again == exported
    assert exchange.dumps(again) == exchange.dumps(exported)


def test_the_imported_session_has_its_report(exported, elsewhere):
    organisation, person = elsewhere
    (case,) = actions.import_cases(person, organisation, exported, moderator=person)
    workshop = case.workshops.get()
    report = Report.objects.get(workshop=workshop)
    assert report.is_final and report.summary == "Samenvatting."
    assert workshop.is_closed and workshop.moderator == person
    assert len(report.data["effects"]) == len(exported["cases"][0]["workshops"][0]["effects"])


def broken(document):
    bad = copy.deepcopy(document)
    workshop = bad["cases"][0]["workshops"][0]
    workshop["effects"][3]["polarity"] = "meh"
    del bad["cases"][0]["case"]["title"]
    workshop["votes"].append({"participant": "p1", "value": "v1", "dots": "many"})
    return bad


def test_an_invalid_document_is_refused_with_every_path(exported, elsewhere):
    organisation, person = elsewhere
    before = counts()
    with pytest.raises(actions.ImportRefused) as refused:
        actions.import_cases(person, organisation, broken(exported), moderator=person)
    paths = {problem.path for problem in refused.value.problems}
    assert paths == {
        "$.cases[0].case.title",
        "$.cases[0].workshops[0].effects[3].polarity",
        f"$.cases[0].workshops[0].votes[{len(exported['cases'][0]['workshops'][0]['votes'])}].dots",
    }
    assert counts() == before


def test_a_whole_number_written_as_a_float_is_refused(exported, elsewhere):
    """JSON Schema counts 1.0 as an integer; the import does not (lib/schemas.py)."""
    organisation, person = elsewhere
    bad = copy.deepcopy(exported)
    workshop = bad["cases"][0]["workshops"][0]
    workshop["votes"][0]["dots"] = float(workshop["votes"][0]["dots"])
    before = counts()
    with pytest.raises(actions.ImportRefused) as refused:
        actions.import_cases(person, organisation, bad, moderator=person)
    assert [p.path for p in refused.value.problems] == ["$.cases[0].workshops[0].votes[0].dots"]
    assert counts() == before


def test_references_are_checked_after_the_schema(exported):
    bad = copy.deepcopy(exported)
    workshop = bad["cases"][0]["workshops"][0]
    workshop["effects"][0]["actor"] = "a99"
    workshop["effects"][1]["merged_into"] = workshop["effects"][1]["ref"]
    workshop["votes"].append(dict(workshop["votes"][0]))
    workshop["evaluations"][0]["participant"] = "p77"
    workshop["starts_at"] = "gisteren"
    with translation.override("en"):
        problems = [str(p) for p in exchange.validate(bad)]
    at = "$.cases[0].workshops[0]"
    assert problems == [
        f'{at}.starts_at: "gisteren" is not a date and time (ISO 8601).',
        f'{at}.effects[0].actor: The reference "a99" points at nothing.',
        f"{at}.effects[1].merged_into: An effect cannot be merged into itself.",
        f"{at}.votes[{len(workshop['votes']) - 1}]: A participant votes for a value only once.",
        f'{at}.evaluations[0].participant: The reference "p77" points at nothing.',
    ]


def test_schema_problems_are_in_the_readers_language(exported):
    bad = broken(exported)
    bad["extra"] = True
    with translation.override("nl"):
        problems = {p.path: p.message for p in exchange.validate(bad)}
    assert problems["$.cases[0].case.title"] == "Dit veld is verplicht."
    assert problems["$.extra"] == "Dit veld hoort niet bij het formaat."
    assert problems["$.cases[0].workshops[0].effects[3].polarity"] == (
        '"meh" is niet toegestaan; gebruik een van: "positive", "negative".'
    )


def test_an_unknown_catalogue_value_is_refused(exported, elsewhere):
    organisation, person = elsewhere
    bad = copy.deepcopy(exported)
    bad["cases"][0]["workshops"][0]["values"][0]["catalogue"] = "geluk"
    with pytest.raises(actions.ImportRefused) as refused:
        actions.import_cases(person, organisation, bad, moderator=person)
    assert [p.path for p in refused.value.problems] == [
        "$.cases[0].workshops[0].values[0].catalogue"
    ]


def test_an_import_that_fails_halfway_leaves_nothing(exported, elsewhere, monkeypatch):
    """Two cases; the second one breaks while it is written: the first is rolled back too."""
    organisation, person = elsewhere
    document = copy.deepcopy(exported)
    document["cases"].append(copy.deepcopy(document["cases"][0]))
    real = actions._import_workshop
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real(*args)

    monkeypatch.setattr(actions, "_import_workshop", failing)
    before = counts()
    with pytest.raises(RuntimeError):
        actions.import_cases(person, organisation, document, moderator=person)
    assert counts() == before


def test_only_coordinators_import_and_the_moderator_must_be_a_member(exported, elsewhere, charlie):
    from django.core.exceptions import PermissionDenied, ValidationError

    organisation, person = elsewhere
    with pytest.raises(PermissionDenied):
        actions.import_cases(charlie, organisation, exported, moderator=person)
    with pytest.raises(ValidationError):
        actions.import_cases(person, organisation, exported, moderator=charlie)


def test_hidden_contributions_stay_behind(held):
    effect = Effect.objects.filter(workshop=held).first()
    Effect.objects.filter(pk=effect.pk).update(hidden=True)
    text = exchange.dumps(exchange.export_cases([held.case]))
    assert effect.text not in text


def test_the_cli_exports_and_imports(tmp_path, exported, held, capsys):
    target = tmp_path / "uitwisseling.json"
    call_command("export", "--case", str(held.case.pk), "-o", str(target))
    assert json.loads(target.read_text()) == exported
    organisation = held.organisation
    before = Case.objects.filter(organisation=organisation).count()
    call_command(
        "import", str(target), "--organisation", organisation.slug, "--moderator", "mona@a.test"
    )
    assert Case.objects.filter(organisation=organisation).count() == before + 1
    assert "imported case" in capsys.readouterr().out


def test_the_cli_lists_every_problem_and_imports_nothing(tmp_path, exported, held, capsys):
    target = tmp_path / "kapot.json"
    target.write_text(json.dumps(broken(exported)))
    before = counts()
    with pytest.raises(CommandError, match="3 problem"):
        call_command(
            "import",
            str(target),
            "--organisation",
            held.organisation.slug,
            "--moderator",
            "mona@a.test",
        )
    err = capsys.readouterr().err
    assert '$.cases[0].workshops[0].effects[3].polarity: "meh" is niet toegestaan' in err
    assert counts() == before


def test_the_cli_refuses_a_file_that_is_not_json(tmp_path, held):
    target = tmp_path / "geen.json"
    target.write_text("{ niet af")
    with pytest.raises(CommandError, match="cannot read"):
        call_command(
            "import",
            str(target),
            "--organisation",
            held.organisation.slug,
            "--moderator",
            "mona@a.test",
        )


def test_the_schema_in_docs_is_the_one_the_code_uses():
    from pathlib import Path

    docs = Path(__file__).parents[2] / "docs" / "exchange-v1.schema.json"
    assert json.loads(docs.read_text()) == exchange.schema()


def test_export_and_import_report_their_progress_per_case(exported, elsewhere, held):
    organisation, person = elsewhere
    ticks = []
    document = exchange.export_cases([held.case, held.case], progress=lambda: ticks.append(1))
    assert len(ticks) == 2
    actions.import_cases(
        person, organisation, document, moderator=person, progress=lambda: ticks.append(1)
    )
    assert len(ticks) == 4


@pytest.mark.parametrize(
    "when",
    [
        "9999-12-31T23:30:00+00:00",  # year 10000 in Dutch time
        "9999-12-31T23:59:59-14:00",  # year 10000 in UTC: could not even be stored
        "0001-01-01T00:00:00+14:00",
        "1989-12-31T23:59:59+00:00",
        "2101-01-01T12:00:00+01:00",
        "2100-12-31T23:59:59-14:00",  # 2101 in UTC
        "2024-05-01T10:00:00",  # no offset: which time is it?
    ],
)
@pytest.mark.parametrize("field", ["starts_at", "closed_at"])
def test_a_date_outside_1990_to_2100_or_without_offset_is_refused_with_its_path(
    exported, elsewhere, field, when
):
    organisation, person = elsewhere
    bad = copy.deepcopy(exported)
    bad["cases"][0]["workshops"][0][field] = when
    before = counts()
    with translation.override("en"), pytest.raises(actions.ImportRefused) as refused:
        actions.import_cases(person, organisation, bad, moderator=person)
    (problem,) = refused.value.problems
    assert problem.path == f"$.cases[0].workshops[0].{field}"
    assert "1990" in str(problem) or "offset" in str(problem), str(problem)
    assert counts() == before


def test_the_first_and_last_moments_of_the_range_are_accepted(exported, elsewhere):
    organisation, person = elsewhere
    document = copy.deepcopy(exported)
    document["cases"][0]["workshops"][0]["starts_at"] = "1990-01-01T00:00:00+00:00"
    document["cases"][0]["workshops"][0]["closed_at"] = "2100-12-31T13:59:59-10:00"
    assert exchange.validate(document) == []
    (case,) = actions.import_cases(person, organisation, document, moderator=person)
    workshop = case.workshops.get()
    assert workshop.starts_at.isoformat() == "1990-01-01T00:00:00+00:00"
    assert workshop.closed_at.isoformat() == "2100-12-31T23:59:59+00:00"


def test_an_import_keeps_a_hidden_contribution_hidden_and_takes_no_names(exported, elsewhere):
    """A report's record of a session may carry the format's optional fields."""
    organisation, person = elsewhere
    document = copy.deepcopy(exported)
    workshop = document["cases"][0]["workshops"][0]
    workshop["effects"][0].update(hidden=True, signed="Jan Jansen", scribe=True)
    workshop["moderators"] = {"moderator": "Mona Moderator", "co_moderator": "Co"}
    assert exchange.validate(document) == []
    (case,) = actions.import_cases(person, organisation, document, moderator=person)
    imported = Effect.objects.get(workshop__case=case, text=workshop["effects"][0]["text"])
    assert imported.hidden and imported.signed_name == ""
    assert (
        not Effect.objects.filter(workshop__case=case, hidden=True).exclude(pk=imported.pk).exists()
    )
    assert case.workshops.get().moderator == person
