"""Admin screens for organisations, teams, staff records and enrolments."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning.models import Enrolment, Organisation, StaffMember, Team


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    form_fields = ["name", "slug", "email_domains"]


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    menu_label = "Teams"
    list_display = ["name", "parent", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    form_fields = ["organisation", "name", "parent"]


class StaffMemberViewSet(ModelViewSet):
    model = StaffMember
    icon = "user"
    menu_label = "Staff records"
    list_display = ["employee_number", "first_name", "last_name", "team", "job_role", "band", "organisation"]
    list_filter = ["organisation", "band"]
    search_fields = ["employee_number", "first_name", "last_name", "job_role"]
    form_fields = [
        "organisation",
        "employee_number",
        "first_name",
        "last_name",
        "user",
        "team",
        "job_role",
        "band",
        "line_manager",
        "start_date",
        "leave_date",
    ]


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "list-ul"
    menu_label = "Enrolments"
    list_display = ["staff", "course", "source", "due_date", "enrolled_at", "completed_at"]
    list_filter = ["source"]
    form_fields = ["staff", "course", "source", "due_date", "completed_at"]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationViewSet, TeamViewSet, StaffMemberViewSet, EnrolmentViewSet)


from wagtail import hooks  # noqa: E402


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()
