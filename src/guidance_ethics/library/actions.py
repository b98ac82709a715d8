"""Every write about publishing and sharing cases goes through here.

The path of a publication: a coordinator prepares it (chooses what happens to the
contributions of participants who did not consent, redacts text that may identify
someone) and proposes it; an administrator of the organisation approves it, which freezes
the content and puts it in the public library, or sends it back with a reason. Either
may withdraw a published case; its page then says so, without the content.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.accounts.access import require_partner
from guidance_ethics.accounts.models import Organisation
from guidance_ethics.accounts.queries import require_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.lib.actors import is_system
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.library import content, index, queries
from guidance_ethics.library.models import REASON_LIMIT, CaseShare, Publication

# The longest text a redaction may leave, per kind of text (the fields' own limits).
TEXT_LIMITS = {"name": 200, "title": 200, "summary": 20000, "next_steps": 20000}
DEFAULT_LIMIT = 5000


def _person(actor):
    return None if is_system(actor) or not getattr(actor, "is_authenticated", False) else actor


# --- the path to publication ----------------------------------------------------------------


def _locked(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().select_related("case").get(pk=publication.pk)


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def prepare_publication(actor, case) -> Publication:
    """The case's publication, opened for preparation (again, after a withdrawal)."""
    require_role(actor, case.organisation, Role.COORDINATOR)
    with transaction.atomic():
        publication, created = Publication.objects.select_for_update().get_or_create(
            case=case, defaults={"organisation": case.organisation}
        )
        if publication.status == Publication.Status.WITHDRAWN:
            publication.status = Publication.Status.DRAFT
            publication.reason = ""
            publication.save(update_fields=["status", "reason", "updated_at"])
        if created or publication.status == Publication.Status.DRAFT:
            record(actor, "prepare_publication", publication, case.organisation)
    return publication


def save_publication(
    actor, publication: Publication, *, consent: str, texts: dict, harmless=()
) -> Publication:
    """The coordinator's choices: ``consent``, the redacted ``texts`` ({path: text}; the
    original text undoes a redaction) and the paths whose findings are ``harmless``."""
    require_role(actor, publication.organisation, Role.COORDINATOR)
    with transaction.atomic():
        publication = _locked(publication)
        if publication.status != Publication.Status.DRAFT:
            _refuse(_("Only a publication that is being prepared can be changed."), "not_draft")
        if consent not in Publication.Consent.values:
            raise ValidationError({"consent": _("Choose what happens to their contributions.")})
        exported = content.export(publication.case)
        raw = dict(content.texts(exported))
        redactions = {
            path: r for path, r in publication.redactions.items() if raw.get(path) == r["original"]
        }
        errors = {}
        for path, text in texts.items():
            if path not in raw:
                errors[path] = _("This text is no longer part of the case.")
                continue
            if path.endswith((".name", ".title")):
                text = " ".join(text.split())  # a name or title stays on one line
            try:
                text = clean_text(text, path)
            except ValidationError as error:
                errors.update(error.message_dict)
                continue
            limit = TEXT_LIMITS.get(path.rsplit(".", 1)[-1], DEFAULT_LIMIT)
            if not text:
                errors[path] = _("Replace the text rather than empty it.")
            elif len(text) > limit:
                errors[path] = ngettext(
                    "At most %(n)d character.", "At most %(n)d characters.", limit
                ) % {"n": limit}
            elif text == raw[path]:
                redactions.pop(path, None)
            else:
                redactions[path] = {"original": raw[path], "text": text}
        if errors:
            raise ValidationError(errors)
        document = content.apply_redactions(exported, redactions)
        current = dict(content.texts(document))
        dismissed = {p: t for p, t in publication.dismissed.items() if current.get(p) == t}
        for path in harmless:
            if path not in current:
                raise ValidationError(_("This text is no longer part of the case."))
            dismissed[path] = current[path]
        publication.consent = consent
        publication.redactions = redactions
        publication.dismissed = dismissed
        publication.save(update_fields=["consent", "redactions", "dismissed", "updated_at"])
        record(
            actor,
            "save_publication",
            publication,
            publication.organisation,
            consent=consent,
            redactions=len(redactions),
            harmless=len(dismissed),
        )
    return publication


def propose_publication(actor, publication: Publication) -> Publication:
    require_role(actor, publication.organisation, Role.COORDINATOR)
    with transaction.atomic():
        publication = _locked(publication)
        if publication.status != Publication.Status.DRAFT:
            _refuse(_("Only a publication that is being prepared can be proposed."), "not_draft")
        blockers = queries.review(publication).blockers
        if blockers:
            raise ValidationError(blockers, code="blocked")
        publication.status = Publication.Status.PROPOSED
        publication.proposed_by = _person(actor)
        publication.proposed_at = timezone.now()
        publication.reason = ""
        publication.save()
        record(actor, "propose_publication", publication, publication.organisation)
    return publication


def approve_publication(actor, publication: Publication) -> Publication:
    """An administrator approves: the content is frozen and the case is public."""
    require_role(actor, publication.organisation, Role.ADMIN)
    with transaction.atomic():
        publication = _locked(publication)
        if publication.status != Publication.Status.PROPOSED:
            _refuse(_("Only a proposed publication can be approved."), "not_proposed")
        checked = queries.review(publication)
        if checked.blockers:
            raise ValidationError(checked.blockers, code="blocked")
        publication.document = checked.document
        publication.status = Publication.Status.PUBLISHED
        publication.approved_by = _person(actor)
        publication.published_at = timezone.now()
        publication.withdrawn_at = None
        publication.save()
        index.write(publication.case, publication.document, public=True)
        record(actor, "publish_case", publication, publication.organisation)
    return publication


def _reason(reason: str) -> str:
    reason = clean_text(reason or "", "reason")
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    if len(reason) > REASON_LIMIT:
        raise ValidationError(
            {
                "reason": ngettext(
                    "At most %(n)d character.", "At most %(n)d characters.", REASON_LIMIT
                )
                % {"n": REASON_LIMIT}
            }
        )
    return reason


def return_publication(actor, publication: Publication, *, reason: str) -> Publication:
    """An administrator sends a proposal back to the coordinator, saying why."""
    require_role(actor, publication.organisation, Role.ADMIN)
    reason = _reason(reason)
    with transaction.atomic():
        publication = _locked(publication)
        if publication.status != Publication.Status.PROPOSED:
            _refuse(_("Only a proposed publication can be sent back."), "not_proposed")
        publication.status = Publication.Status.DRAFT
        publication.reason = reason
        publication.save(update_fields=["status", "reason", "updated_at"])
        record(actor, "return_publication", publication, publication.organisation)
    return publication


def withdraw_publication(actor, publication: Publication, *, reason: str) -> Publication:
    """The case leaves the public library; its page says so, and keeps no content."""
    require_role(actor, publication.organisation, Role.COORDINATOR)
    reason = _reason(reason)
    with transaction.atomic():
        publication = _locked(publication)
        if publication.status != Publication.Status.PUBLISHED:
            _refuse(_("Only a published case can be withdrawn."), "not_published")
        publication.status = Publication.Status.WITHDRAWN
        publication.reason = reason
        publication.document = None
        publication.withdrawn_at = timezone.now()
        publication.save()
        index.forget(publication.case, public=True)
        record(actor, "withdraw_publication", publication, publication.organisation)
    return publication


# --- sharing --------------------------------------------------------------------------------


def share_case(actor, case, organisation: Organisation) -> CaseShare:
    """Open an unpublished case to a partner organisation's members."""
    require_role(actor, case.organisation, Role.COORDINATOR)
    if organisation.pk == case.organisation_id:
        raise ValidationError({"organisation": _("This is the case's own organisation.")})
    require_partner(organisation)
    with transaction.atomic():
        share, created = CaseShare.objects.get_or_create(
            case=case, organisation=organisation, defaults={"shared_by": _person(actor)}
        )
        if not created:
            raise ValidationError(
                {"organisation": _("The case is already shared with this organisation.")}
            )
        record(actor, "share_case", case, case.organisation, partner=organisation.name)
        queries.changed()
    return share


def stop_sharing(actor, share: CaseShare) -> None:
    require_role(actor, share.case.organisation, Role.COORDINATOR)
    with transaction.atomic():
        record(
            actor,
            "stop_sharing",
            share.case,
            share.case.organisation,
            partner=share.organisation.name,
        )
        share.delete()
        queries.changed()
