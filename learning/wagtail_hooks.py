"""Admin screens for organisations, teams, staff records and enrolments."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning import visibility
from learning.admin_scope import ScopedViewSetMixin, log_entries_in_scope
from learning.models import Enrolment, Organisation, StaffMember, Team
from learning.staff_admin import RecordLinkColumn, StaffChangeAnnounceMixin, TeamChangeAnnounceMixin
from learning.team_history_admin import StaffTeamHistoryMixin


class OrganisationViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Organisation
    scope_field = "id"
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    form_fields = ["name", "slug", "email_domains"]


class TeamViewSet(TeamChangeAnnounceMixin, ScopedViewSetMixin, ModelViewSet):
    model = Team
    icon = "group"
    menu_label = "Teams"
    list_display = ["name", "parent", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    form_fields = ["organisation", "name", "parent"]


class StaffMemberViewSet(StaffTeamHistoryMixin, StaffChangeAnnounceMixin, ScopedViewSetMixin, ModelViewSet):
    model = StaffMember
    icon = "user"
    menu_label = "Staff records"
    list_display = [
        "employee_number",
        "first_name",
        "last_name",
        "team",
        "job_role",
        "band",
        "organisation",
        RecordLinkColumn(),
    ]
    list_filter = ["organisation", "band"]
    search_fields = ["employee_number", "first_name", "last_name", "job_role"]
    form_fields = [
        "organisation",
        "employee_number",
        "first_name",
        "last_name",
        "email",
        "team",
        "job_role",
        "band",
        "line_manager",
        "start_date",
        "leave_date",
    ]


class EnrolmentViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Enrolment
    scope_field = "staff__organisation_id"
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
    submenu_hook = "register_people_menu_item"  # lets other screens (the staff import) join this menu


from django.urls import reverse_lazy  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402

from learning import content_admin, course_review_admin  # noqa: E402
from learning.privacy_admin import PersonalDataViewSetGroup  # noqa: E402
from learning.staff_import import admin_views as staff_import_admin  # noqa: E402


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()


@hooks.register("filter_model_log_entries")
def model_log_entries_in_scope(entries, user):
    """Wagtail's site history and its downloads list only the user's organisations (cms.models hook)."""
    return log_entries_in_scope(entries, user)


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    """Leavers, anonymising and the audit log (learning/privacy_admin.py)."""
    return PersonalDataViewSetGroup()


class StaffImportMenuItem(MenuItem):
    """The "Import staff records" entry, shown to those who may import."""

    def is_shown(self, request):
        return visibility.may_manage_people(request.user)


@hooks.register("register_admin_urls")
def register_staff_import_urls():
    return staff_import_admin.admin_urls()


@hooks.register("register_people_menu_item")
def register_staff_import_menu_item():
    return StaffImportMenuItem(
        "Import staff records",
        reverse_lazy("learning_staff_import:upload"),
        name="import-staff",
        icon_name="upload",
        order=5,
    )


@hooks.register("before_delete_page")
def learner_records_before_delete(request, page):
    """Refuse to delete a course with enrolments; say how many learners have records on what is deleted."""
    return content_admin.delete_page_check(request, page)


@hooks.register("before_bulk_action")
def learner_records_before_bulk_delete(request, action_type, objects, action):
    """The same refusal for pages deleted several at a time from the page listing."""
    return content_admin.bulk_delete_check(request, action_type, objects, action)


@hooks.register("register_admin_urls")
def register_course_review_urls():
    """Submit a whole course for review, and approve it, in one step (learning/course_review_admin.py)."""
    return course_review_admin.admin_urls()


@hooks.register("register_page_header_buttons")
def course_review_header_buttons(page, user, view_name, next_url=None):
    return course_review_admin.header_buttons(page, user, view_name, next_url)


@hooks.register("construct_homepage_panels")
def course_review_homepage_panel(request, panels):
    course_review_admin.homepage_panels(request, panels)
