"""Every write of the training path goes through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.accounts.models import Membership
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.lib.actors import is_system
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.lib.text import clean_fields
from guidance_ethics.training import community
from guidance_ethics.training.models import (
    RUBRIC,
    TEXT_LIMIT,
    Cohort,
    Enrolment,
    ModuleResult,
    Post,
    PracticeStep,
    Reply,
    Trainer,
)
from guidance_ethics.training.modules import BY_KEY, MODULES


def is_trainer(user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and Trainer.objects.filter(user=user).exists()
    )


def trains(user, cohort: Cohort) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and cohort.trainers.filter(pk=user.pk).exists()
    )


def appoint_trainer(actor, user) -> Trainer:
    """A platform administrator makes someone a trainer (also in the admin)."""
    if not (is_system(actor) or getattr(actor, "is_staff", False)):
        raise PermissionDenied
    with transaction.atomic():
        trainer, created = Trainer.objects.get_or_create(user=user)
        if created:
            record(actor, "appoint_trainer", trainer, user=user.pk)
    return trainer


def create_cohort(actor, *, name, organisations) -> Cohort:
    """A trainer starts a cohort for one or more organisations, and trains it."""
    if not is_trainer(actor):
        raise PermissionDenied
    name = clean_text(name or "", "name", single_line=True)
    errors = {}
    if not name:
        errors["name"] = _("Give the cohort a name.")
    elif len(name) > 200:
        errors["name"] = ngettext("At most %(n)d character.", "At most %(n)d characters.", 200) % {
            "n": 200
        }
    if not organisations:
        errors["organisations"] = _("Choose at least one organisation.")
    elif any(organisation.is_practice for organisation in organisations):
        errors["organisations"] = _(
            "The practice organisation has no trainees of its own: choose their organisations."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cohort = Cohort.objects.create(name=name)
        cohort.organisations.set(organisations)
        cohort.trainers.add(actor)
        for organisation in organisations:
            record(actor, "create_cohort", cohort, organisation, name=name)
    return cohort


def enrol(actor, cohort: Cohort, trainee) -> Enrolment:
    """A trainer of the cohort enrols a member of one of its organisations."""
    if not trains(actor, cohort):
        raise PermissionDenied
    membership = (
        Membership.objects.filter(user=trainee, organisation__in=cohort.organisations.all())
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise ValidationError(
            {"trainee": _("Choose a member of one of the cohort's organisations.")}
        )
    if Enrolment.objects.filter(cohort=cohort, trainee=trainee).exists():
        raise ValidationError({"trainee": _("This person is enrolled already.")})
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            cohort=cohort, trainee=trainee, organisation=membership.organisation
        )
        for kind in PracticeStep.Kind.values:
            PracticeStep.objects.create(enrolment=enrolment, kind=kind)
        record(actor, "enrol_trainee", enrolment, membership.organisation, trainee=trainee.pk)
    return enrolment


def answer_self_check(actor, enrolment: Enrolment, module_key: str, answers) -> tuple[bool, list]:
    """The trainee answers a module's self-check; passed when every answer is right.
    Returns (passed, the numbers of the questions answered wrongly)."""
    if actor != enrolment.trainee:
        raise PermissionDenied
    module = BY_KEY.get(module_key)
    if module is None:
        raise ValidationError(_("Unknown module."))
    if (
        not isinstance(answers, list | tuple)
        or len(answers) != len(module.questions)
        or not all(
            isinstance(a, int) and 0 <= a < len(q.options)
            for a, q in zip(answers, module.questions, strict=True)
        )
    ):
        raise ValidationError(_("Answer every question."))
    pairs = zip(answers, module.questions, strict=True)
    wrong = [n for n, (a, q) in enumerate(pairs, 1) if a != q.correct]
    with transaction.atomic():
        result, _created = ModuleResult.objects.select_for_update().get_or_create(
            enrolment=enrolment, module=module.key
        )
        result.attempts += 1
        if not wrong and result.passed_at is None:
            result.passed_at = timezone.now()
        result.save()
        record(
            actor,
            "answer_self_check",
            result,
            enrolment.organisation,
            module=module.key,
            passed=not wrong,
        )
        _complete_if_done(enrolment)
    return not wrong, wrong


def _may_supervise(user, enrolment: Enrolment) -> bool:
    if user == enrolment.trainee:
        return False
    if enrolment.cohort.trainers.filter(pk=user.pk).exists():
        return True
    membership = Membership.objects.filter(user=user, organisation=enrolment.organisation).first()
    return membership is not None and Role(membership.role).includes(Role.MODERATOR)


def link_practice(actor, step: PracticeStep, *, workshop, supervisor) -> PracticeStep:
    """The trainee (or a trainer) names the session of a practice step and who supervises."""
    enrolment = step.enrolment
    if actor != enrolment.trainee and not trains(actor, enrolment.cohort):
        raise PermissionDenied
    if step.signed_off_at:
        raise ValidationError(_("This step has been signed off already."))
    errors = {}
    role_holder = (
        workshop.co_moderator_id
        if step.kind == PracticeStep.Kind.CO_MODERATE
        else workshop.moderator_id
    )
    if role_holder != enrolment.trainee_id:
        errors["workshop"] = (
            _("Choose a session in which the trainee is co-moderator.")
            if step.kind == PracticeStep.Kind.CO_MODERATE
            else _("Choose a session in which the trainee is moderator.")
        )
    if supervisor is None or not _may_supervise(supervisor, enrolment):
        errors["supervisor"] = _(
            "Choose an experienced moderator of the organisation, or a trainer of the cohort."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        step.workshop = workshop
        step.supervisor = supervisor
        step.save(update_fields=["workshop", "supervisor"])
        record(actor, "link_practice", step, enrolment.organisation, kind=step.kind)
    return step


def sign_off(actor, step: PracticeStep, *, scores: dict, feedback: str) -> PracticeStep:
    """The supervising moderator assesses the step against the rubric and signs it off."""
    enrolment = step.enrolment
    if step.supervisor_id is None or actor.pk != step.supervisor_id:
        raise PermissionDenied
    errors = {}
    if step.signed_off_at:
        errors["feedback"] = _("This step has been signed off already.")
    if step.workshop is None or not step.workshop.is_closed:
        errors["feedback"] = _("Sign off once the session is closed.")
    if (
        step.kind == PracticeStep.Kind.MODERATE
        and not enrolment.steps.filter(
            kind=PracticeStep.Kind.CO_MODERATE, signed_off_at__isnull=False
        ).exists()
    ):
        errors["feedback"] = _("The co-moderating step comes first.")
    clean = {}
    for key, _label in RUBRIC:
        value = (scores or {}).get(key)
        if not isinstance(value, int) or not 1 <= value <= 4:
            errors[f"score_{key}"] = _("Choose a score from 1 to 4.")
        else:
            clean[key] = value
    feedback = clean_text(feedback or "", "feedback")
    if not feedback:
        errors.setdefault("feedback", _("Write your feedback for the trainee."))
    elif len(feedback) > TEXT_LIMIT:
        errors["feedback"] = ngettext(
            "At most %(n)d character.", "At most %(n)d characters.", TEXT_LIMIT
        ) % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        step.scores = clean
        step.feedback = feedback
        step.signed_off_at = timezone.now()
        step.save(update_fields=["scores", "feedback", "signed_off_at"])
        record(actor, "sign_off_practice", step, enrolment.organisation, kind=step.kind)
        _complete_if_done(enrolment)
    return step


def _complete_if_done(enrolment: Enrolment) -> None:
    """Every module passed and both steps signed off: the trainee has completed the path and
    becomes a moderator of their organisation (a higher role stays as it is)."""
    if enrolment.completed_at:
        return
    passed = set(enrolment.results.filter(passed_at__isnull=False).values_list("module", flat=True))
    if passed < {m.key for m in MODULES}:
        return
    if enrolment.steps.filter(signed_off_at__isnull=True).exists():
        return
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    membership = Membership.objects.filter(
        user=enrolment.trainee, organisation=enrolment.organisation
    ).first()
    if membership and not Role(membership.role).includes(Role.MODERATOR):
        membership.role = Role.MODERATOR
        membership.save(update_fields=["role"])
    record(None, "complete_training", enrolment, enrolment.organisation)


# --- the community ----------------------------------------------------------------------------


def add_post(actor, cohort: Cohort | None, *, title, text, case=None) -> Post:
    """A post in a community space the author may read (``cohort`` None: the space of all
    moderators), linking a case they may open in the library, or none."""
    if not community.may_read(actor, cohort):
        raise PermissionDenied
    post = Post(
        cohort=cohort,
        author=actor,
        case=case,
        **clean_fields(Post, {"title": title or "", "text": text or ""}),
    )
    post.full_clean()
    if case is not None and not community.linkable_cases(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Link a published case, or one of your own.")})
    with transaction.atomic():
        post.save()
        record(actor, "add_post", post, cohort=getattr(cohort, "pk", None), case=post.case_id)
    return post


def add_reply(actor, post: Post, *, text) -> Reply:
    """A reply to a post in a space the author may read."""
    if not community.may_read(actor, post.cohort):
        raise PermissionDenied
    reply = Reply(post=post, author=actor, **clean_fields(Reply, {"text": text or ""}))
    reply.full_clean()
    with transaction.atomic():
        reply.save()
        record(actor, "add_reply", reply, post=post.pk)
    return reply
