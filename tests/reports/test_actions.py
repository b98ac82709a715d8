import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.reports import actions, queries
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops.models import Evaluation


def test_closing_a_session_drafts_its_report(workshop, alice):
    assert not Report.objects.filter(workshop=workshop).exists()
    workshops.close_workshop(alice, workshop)
    report = Report.objects.get(workshop=workshop)
    assert (report.version, report.status) == (1, Report.Status.DRAFT)
    assert report.data["case"]["title"] == workshop.case.title
    assert AuditEntry.objects.filter(verb="draft_report").exists()


def test_no_report_before_the_session_closes(workshop, alice):
    with pytest.raises(ValidationError):
        actions.draft_report(alice, workshop)


def test_drafting_twice_keeps_the_one_report(report, alice):
    assert actions.draft_report(alice, report.workshop) == report
    assert Report.objects.filter(workshop=report.workshop).count() == 1


def test_moderators_edit_then_finalise(report, mona):
    actions.update_report(
        mona, report, summary="  Eerste alinea.\n\nTweede.  ", next_steps="", name_moderators=False
    )
    report.refresh_from_db()
    assert report.summary == "Eerste alinea.\n\nTweede."
    final = actions.finalise_report(mona, report)
    assert final.is_final and final.finalised_by == mona and final.finalised_at


def test_a_final_version_cannot_be_edited(report, alice):
    actions.finalise_report(alice, report)
    with pytest.raises(ValidationError):
        actions.update_report(alice, report, summary="Anders", next_steps="", name_moderators=False)
    report.refresh_from_db()
    assert report.summary != "Anders"


def test_the_summary_is_needed_to_finalise(held, alice):
    report = queries.latest(held)
    actions.update_report(alice, report, summary="", next_steps="", name_moderators=False)
    with pytest.raises(ValidationError) as refused:
        actions.finalise_report(alice, report)
    assert "summary" in refused.value.message_dict
    report.refresh_from_db()
    assert not report.is_final


def test_reopening_makes_a_new_version_and_keeps_the_old(report, alice):
    actions.finalise_report(alice, report)
    second = actions.reopen_report(alice, report)
    assert (second.version, second.status) == (2, Report.Status.DRAFT)
    assert second.summary == report.summary
    report.refresh_from_db()
    assert report.is_final
    with pytest.raises(ValidationError):
        actions.reopen_report(alice, report)  # only the newest version
    with pytest.raises(ValidationError):
        actions.reopen_report(alice, second)  # a draft is not reopened


def test_members_and_outsiders_cannot_write(report, bob, charlie):
    for person in (bob, charlie):
        with pytest.raises(PermissionDenied):
            actions.update_report(person, report, summary="x", next_steps="", name_moderators=False)
        with pytest.raises(PermissionDenied):
            actions.finalise_report(person, report)
    report.refresh_from_db()
    assert not report.is_final and report.summary != "x"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": None}, "summary"),
        ({"next_steps": 12}, "next_steps"),
        ({"name_moderators": "ja"}, "name_moderators"),
        ({"summary": "x" * 20001}, "summary"),
    ],
)
def test_bad_input_changes_nothing(report, alice, changes, field):
    values = {"summary": "Goed.", "next_steps": "", "name_moderators": False, **changes}
    before = Report.objects.filter(pk=report.pk).values().get()
    with pytest.raises(ValidationError) as refused:
        actions.update_report(alice, report, **values)
    assert field in refused.value.message_dict
    assert Report.objects.filter(pk=report.pk).values().get() == before


def test_a_draft_follows_late_evaluations_and_a_final_version_does_not(workshop, alice, join):
    from guidance_ethics.reports.queries import for_reading

    early, _token = join()
    late, _token = join()
    workshops.set_phase(alice, workshop, "closing")
    workshops.submit_evaluation(early, workshop, changed_view="yes")
    workshops.close_workshop(alice, workshop)
    workshops.submit_evaluation(
        late, workshop, changed_view="no", message="Later.", quote_consent=True
    )
    report = queries.latest(workshop)
    assert len(for_reading(report).data["evaluations"]) == 2
    actions.update_report(alice, report, summary="Klaar.", next_steps="", name_moderators=False)
    final = actions.finalise_report(alice, report)
    assert len(Report.objects.get(pk=final.pk).data["evaluations"]) == 2
    Evaluation.objects.filter(participant=late).delete()  # whatever happens later
    assert len(for_reading(Report.objects.get(pk=final.pk)).data["evaluations"]) == 2
