"""Issue awards: build, sign and store each OpenBadgeCredential, once per person and achievement.

``award_issue`` is the one writer of an award. It takes the issuer's next status-list index under a row lock,
builds the credential (``credentials.document``), signs it with the issuer's active key
(``credentials.proof.proof_add``, imported here lazily: it loads PyLD, lxml and cryptography) and inserts the
row. The unique ``award_once_per_person`` constraint makes a second attempt, from any worker, a no-op.
``awards_issue_due`` is what the background task runs: everything ``credentials.evidence.awards_due`` finds.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from credentials import keys, links
from credentials.document import CredentialFacts, EvidenceFact, credential_build
from credentials.evidence import Due, awards_due
from credentials.models import Achievement, Award, Issuer
from learning.models import StaffMember

ERROR_NO_EMAIL = "{staff} has no email address, so no credential can name them."
ERROR_ANONYMISED = "This staff record has been anonymised; nothing can be awarded to it."


class AwardError(ValueError):
    """An award could not be issued (the message says why)."""


@dataclass(frozen=True)
class IssueRun:
    issued: int
    already_held: int


def _email(staff: StaffMember) -> str:
    return (staff.email or (staff.user.email if staff.user_id else "") or "").strip()


def _image_url(achievement: Achievement) -> str | None:
    if achievement.image_id is None:
        return None
    url = achievement.image.file.url
    return url if url.startswith("http") else links.site_url() + url


def award_issue(
    *,
    staff: StaffMember,
    achievement: Achievement,
    evidence_at: datetime,
    evidence: tuple[EvidenceFact, ...] = (),
    valid_until: datetime | None = None,
    now: datetime | None = None,
) -> Award | None:
    """Issue ``achievement`` to ``staff`` and return the award, or None when they already hold it."""
    from credentials.proof import proof_add

    if staff.anonymised_at is not None:
        raise AwardError(ERROR_ANONYMISED)
    email = _email(staff)
    if not email:
        raise AwardError(ERROR_NO_EMAIL.format(staff=staff))
    if Award.objects.filter(staff=staff, achievement=achievement).exists():
        return None
    now = now or timezone.now()
    issuer = keys.issuer_get_or_create(organisation=staff.organisation)
    try:
        with transaction.atomic():
            issuer = Issuer.objects.select_for_update().select_related("organisation").get(pk=issuer.pk)
            index = issuer.next_status_index
            Issuer.objects.filter(pk=issuer.pk).update(next_status_index=index + 1)
            key = keys.issuer_key_active(issuer)
            award = Award(
                public_id=uuid.uuid4(), staff=staff, achievement=achievement, issuer=issuer, key=key,
                evidence_at=evidence_at, issued_at=now, valid_until=valid_until, status_index=index,
            )  # fmt: skip
            issuer_id = links.issuer_url(issuer)
            facts = CredentialFacts(
                credential_id=links.award_url(award),
                issuer_id=issuer_id,
                issuer_name=issuer.organisation.name,
                issuer_homepage=links.site_url() + "/",
                achievement_id=links.achievement_url(achievement),
                achievement_kind=achievement.kind,
                achievement_name=achievement.name,
                achievement_description=achievement.description,
                criteria=achievement.criteria,
                email=email,
                salt=secrets.token_hex(8),
                valid_from=now,
                valid_until=valid_until,
                status_list_url=links.status_list_url(issuer),
                status_index=index,
                image_url=_image_url(achievement),
                evidence=evidence,
            )
            award.credential = proof_add(
                credential_build(facts),
                secret_key=keys.secret_key_for(key),
                verification_method=f"{issuer_id}#{key.public_key_multibase}",
                created=now,
            )
            award.save(force_insert=True)
    except IntegrityError:
        if Award.objects.filter(staff=staff, achievement=achievement).exists():
            return None  # another worker issued it first
        raise
    return award


def award_issue_due(due: Due, *, now: datetime | None = None) -> Award | None:
    """Issue one award found by ``credentials.evidence``."""
    staff = StaffMember.objects.select_related("organisation", "user").get(pk=due.staff_id)
    achievement = Achievement.objects.select_related("image").get(pk=due.achievement_id)
    return award_issue(
        staff=staff, achievement=achievement, evidence_at=due.evidence_at, evidence=due.evidence,
        valid_until=due.valid_until, now=now,
    )  # fmt: skip


def awards_issue_due(*, now: datetime | None = None, achievements=None, staff_ids=None) -> IssueRun:
    """Issue every award due now; safe to run again and from several workers at once."""
    now = now or timezone.now()
    issued = held = 0
    for due in awards_due(today=timezone.localdate(now), achievements=achievements, staff_ids=staff_ids):
        if award_issue_due(due, now=now) is None:
            held += 1
        else:
            issued += 1
    return IssueRun(issued=issued, already_held=held)
