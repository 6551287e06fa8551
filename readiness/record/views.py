"""A person's learning record on the site: HR of their organisation, their line managers up the chain and
platform admins may open it (``learning.visibility``); anyone else gets a 404. Every view by someone other than
the person is written to the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from readiness.record import selectors
from readiness.record.viewed import record_view_audit

NOT_FOUND = "No such staff record."
BACK_MAX_LENGTH = 2000


def back_link(request) -> str | None:
    """Return the page the reader came from (``?back=``) when it is a path on this site, else None."""
    back = (request.GET.get("back") or "").strip()
    if not back or len(back) > BACK_MAX_LENGTH or not back.startswith("/") or back.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        return None
    return back


@login_required
@require_GET
def staff_record(request, staff_id: int):
    """Show one person's whole learning record."""
    record = selectors.learning_record_get(user=request.user, staff_id=staff_id)
    if record is None:
        raise Http404(NOT_FOUND)
    record_view_audit(actor=request.user, staff=record.staff)
    response = render(request, "readiness/record/staff_record.html", {"record": record, "back": back_link(request)})
    response["Cache-Control"] = "no-store"
    return response
