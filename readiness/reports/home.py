"""The admin home's readiness panel: HR's cohorts with their headline figures and the way into the dashboard.

Shown to the people the readiness screens are for (``visibility.may_manage_people``). The figures are the
cohort list's cached headlines (``headlines.cohort_headlines``: the readiness rules stay in the engine), for at
most ``PANEL_COHORTS`` cohorts, so the admin home costs a fixed number of queries however many cohorts there are.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.admin.ui.components import Component

from learning import visibility
from learning.models import Organisation
from readiness.models import Cohort
from readiness.reports import headlines

PANEL_COHORTS = 6  # the rest are one click away on the dashboard's cohort list
NO_COHORTS = "There are no cohorts yet. Create one under Readiness, Cohorts, to see how ready your staff are."


class ReadinessHomePanel(Component):
    """A panel on the admin home with up to ``PANEL_COHORTS`` cohorts' readiness, coverage, completion and
    overdue enrolments, each linked to its dashboard page, and links to each organisation's overview."""

    name = "readiness"
    template_name = "readiness/reports/home_panel.html"
    order = 50  # above Wagtail's own panels (workflow tasks 100+, recent edits 250, locked pages 300)

    def __init__(self, organisation_ids: set[int]):
        self.organisation_ids = organisation_ids  # the dashboard's organisations for this user

    class Media:
        css = {"all": ["assessments/reports.css"]}

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        organisations = Organisation.objects.filter(id__in=self.organisation_ids).order_by("name")
        cohorts = (
            Cohort.objects.filter(organisation_id__in=self.organisation_ids)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        shown = list(cohorts[:PANEL_COHORTS])
        total = cohorts.count() if len(shown) == PANEL_COHORTS else len(shown)
        organisations = list(organisations)
        return {
            "cohorts": headlines.cohort_headlines(shown, today),
            "more_cohorts": total if total > PANEL_COHORTS else 0,
            "organisations": organisations,
            "several_organisations": len({item.organisation_id for item in shown}) > 1,
            "today": today,
            "no_cohorts": NO_COHORTS,
        }


def readiness_home_panel(request) -> ReadinessHomePanel | None:
    """Return the panel for this user, or None when the readiness screens are not for them."""
    if not visibility.may_manage_people(request.user):
        return None
    return ReadinessHomePanel(visibility.people_organisation_ids(request.user))
