"""HR's weekly digest per cohort (writes): overdue courses and readiness now against a week ago, with a link.

The figures are the readiness report's own headline (``readiness.reports.presenters.headline`` through the
report service), so the digest says what the dashboard says. One message per HR person per cohort of their
organisation per ISO week: the key names both, so a second run that week adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from learning.models import StaffMember
from learning.roles import HR_GROUP
from learning.staffing import current_on
from notifications.models import Message
from notifications.outbox import messages_add
from readiness.models import Cohort


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def hr_digests_decide(*, today: date, now=None) -> int:
    """Add this week's cohort digests for every HR person to the outbox; return how many were added."""
    from readiness.reports.lazy import presenters, service  # pandas: loaded in the worker, not in web workers

    now = now or timezone.now()
    hr_people: dict[int, list] = {}
    hr = (
        StaffMember.objects.filter(current_on(today), user__groups__name=HR_GROUP)
        .exclude(email="")
        .values_list("id", "organisation_id", "email", "first_name")
        .distinct()
    )
    for staff_id, org_id, email, first_name in hr:
        hr_people.setdefault(org_id, []).append((staff_id, email, first_name))
    messages = []
    for cohort in Cohort.objects.filter(organisation_id__in=hr_people).order_by("organisation_id", "name"):
        bands = presenters.Bands.of(cohort)
        now_figures = presenters.headline(service.cohort_report(cohort, today), bands)
        week_ago = presenters.headline(service.cohort_report(cohort, today - timedelta(days=7)), bands)
        facts = {
            "cohort_name": cohort.name,
            "overdue_count": now_figures["overdue"],
            "readiness_text": now_figures["readiness_text"],
            "readiness_week_ago_text": week_ago["readiness_text"],
            "members": now_figures["members"],
            "cohort_url": settings.WAGTAILADMIN_BASE_URL + reverse("readiness_cohort", args=[cohort.pk]),
            "day": today.isoformat(),
        }
        for staff_id, email, first_name in hr_people[cohort.organisation_id]:
            messages.append(
                Message(
                    key=f"hr-digest:{staff_id}:{cohort.pk}:{_week(today)}",
                    kind=Message.Kind.HR_DIGEST,
                    organisation_id=cohort.organisation_id,
                    recipient_id=staff_id,
                    to_email=email,
                    context={"first_name": first_name, **facts},
                    created_at=now,
                    next_attempt_at=now,
                )
            )
    return messages_add(messages, kind=Message.Kind.HR_DIGEST)
