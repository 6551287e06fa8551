"""The line manager's "My team" page: read the filters, call the selector, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from readiness import team


@login_required
@require_GET
def my_team(request):
    """Show the manager's reports: courses, due and overdue items, and levels against targets."""
    filters = team.TeamFilters.from_query(request.GET)
    overview = team.team_overview_for_user(request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "readiness/my_team.html",
        {
            "overview": overview,
            "filters": overview.filters,
            "sorts": team.SORTS,
            "page_query": query.urlencode(),
            "back": request.get_full_path(),
        },
    )
