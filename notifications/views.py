from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from learning.models import StaffMember
from notifications import tasks
from notifications.inbox import notification_list, notifications_mark_read
from notifications.nudges import nudge_plan, nudges_send
from notifications.preferences import optional_reminders_off, optional_reminders_switch, staff_for_token

NOBODY = "none of the people chosen can be reminded today (see the reasons on the list)."


@login_required
def notifications_page(request):
    """The user's notifications; opening the page marks them as seen (those new until now are labelled)."""
    rows = notification_list(request.user)
    for row in rows:
        if row["due_date"]:
            row["due_date"] = date.fromisoformat(row["due_date"])
        for item in row["overdue"]:
            item["due_date"] = date.fromisoformat(item["due_date"])
    notifications_mark_read(request.user)
    records = list(StaffMember.objects.filter(user=request.user).values_list("id", flat=True))
    optional_on = not (records and optional_reminders_off(records) == set(records))
    return TemplateResponse(
        request, "notifications/notifications.html", {"rows": rows, "optional_on": optional_on, "has_record": records}
    )


@login_required
@require_POST
def nudge(request):
    """First POST: say who would be emailed and who not, and why. With ``confirm``: send, then go back."""
    one = request.POST.get("one")
    staff_ids = [one] if one else request.POST.getlist("staff")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    back = back or reverse("readiness:my_team")
    today = timezone.localdate()
    if not staff_ids:
        messages.error(request, "Select at least one person to remind.")
        return redirect(back)
    if request.POST.get("confirm") == "1":
        plan, added = nudges_send(sender=request.user, staff_ids=staff_ids, today=today)
        if added:
            transaction.on_commit(tasks.messages_deliver.enqueue)
            messages.success(request, f"A reminder is being emailed to {added} {'person' if added == 1 else 'people'}.")
        else:
            messages.warning(request, "No reminder was sent: " + NOBODY)
        return redirect(back)
    plan = nudge_plan(sender=request.user, staff_ids=staff_ids, today=today)
    return TemplateResponse(request, "notifications/nudge_confirm.html", {"plan": plan, "back": back, "nobody": NOBODY})


@csrf_exempt  # the signed link is the credential: mail programs press "unsubscribe" with a plain POST (RFC 8058)
def unsubscribe(request, token: str):
    """One-click switch-off of optional reminders from an email link; a GET asks first."""
    staff = staff_for_token(token)
    if staff is None:
        return TemplateResponse(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        optional_reminders_switch(staff, on=False)
        return TemplateResponse(request, "notifications/unsubscribe.html", {"done": True})
    return TemplateResponse(request, "notifications/unsubscribe.html", {"staff": staff})


@login_required
@require_POST
def preferences(request):
    """Switch optional reminders on or off for the signed-in person's staff records."""
    on = request.POST.get("optional") == "on"
    for staff in StaffMember.objects.filter(user=request.user):
        optional_reminders_switch(staff, on=on)
    messages.success(request, "Optional reminders are on." if on else "Optional reminders are off.")
    return redirect("notifications:notifications")
