from datetime import date

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from notifications.inbox import notification_list, notifications_mark_read


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
    return TemplateResponse(request, "notifications/notifications.html", {"rows": rows})
