"""``Idempotency-Key`` on the API's POST requests (the IETF httpapi draft's header).

A phone on a train sends an effect, the connection drops before the answer arrives, and the
phone sends it again: without a key that is two effects. With the same key, the second
request gets the first one's answer (with ``Idempotent-Replayed: true``) and nothing is
created again. The answer is stored in the transaction that created the contribution, so a
crash leaves both or neither. Two requests with one key at the same moment are serialised by
the key's unique constraint: the second one's work is rolled back and it gets the first's
answer. A key is the caller's own (another participant's key means nothing to them), is
refused with another body (422), and is kept until the session's data is purged
(``guidance-ethics purge``, docs/privacy.md).
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _

from guidance_ethics.api.models import IdempotentRequest
from guidance_ethics.lib.problems import problem

HEADER = "Idempotency-Key"
MAX_KEY = 255


def key_of(request) -> tuple[str | None, JsonResponse | None]:
    """The request's key (None without the header), or a refusal of a malformed one."""
    key = request.headers.get(HEADER)
    if key is None:
        return None, None
    key = key.strip().strip('"')
    if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable():
        return None, problem(
            400, _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
        )
    return key, None


def _caller(caller) -> str:
    return f"u{caller.staff.pk}" if caller.staff is not None else f"p{caller.participant.pk}"


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _replay(stored: IdempotentRequest, fingerprint: str) -> JsonResponse:
    if stored.fingerprint != fingerprint:
        return problem(422, _("This Idempotency-Key was already used for a different request."))
    response = JsonResponse(json.loads(stored.body), status=stored.status)
    response["Idempotent-Replayed"] = "true"
    return response


def once(request, workshop, caller, key: str, run) -> JsonResponse:
    """``run()``'s answer, computed at most once per caller and key."""
    owner, fingerprint = _caller(caller), _fingerprint(request)
    lookup = {"workshop": workshop, "caller": owner, "key": key}
    stored = IdempotentRequest.objects.filter(**lookup).first()
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        with transaction.atomic():
            response = run()
            # Only what succeeded is remembered: a refusal changed nothing, and a retry
            # after it (the phase opened meanwhile, say) deserves a fresh answer.
            if 200 <= response.status_code < 300:
                IdempotentRequest.objects.create(
                    **lookup,
                    fingerprint=fingerprint,
                    status=response.status_code,
                    body=response.content.decode(),
                )
    except IntegrityError:
        stored = IdempotentRequest.objects.filter(**lookup).first()
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    return response
