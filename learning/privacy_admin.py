"""Admin screens for personal data: leavers to anonymise (with a confirmation step) and the audit log.

Who may use them: platform admins (superusers and the "Platform admins" group) for every
organisation; members of the HR group for the organisations where they have a current staff record.
Anyone else with admin access is refused; a record outside the user's organisations is a 404, so its
existence is not revealed. Its hooks are registered in ``learning/wagtail_hooks.py``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning import privacy, visibility
from learning.audit import audit_entry_list
from learning.models import AuditLogEntry

LEAVERS_URL_NAMESPACE = "privacy_leavers"
AUDIT_LOG_URL_NAMESPACE = "privacy_audit_log"


# --- leavers and anonymising ---------------------------------------------------------------------


def _require_privacy_role(request) -> None:
    if not visibility.may_manage_people(request.user):
        raise PermissionDenied


def leaver_index(request):
    """List leavers in the user's organisations who have not been anonymised yet."""
    _require_privacy_role(request)
    leavers = privacy.leaver_list(
        organisation_ids=visibility.people_organisation_ids(request.user), today=timezone.localdate()
    )
    return render(request, "learning/privacy/leavers.html", {"leavers": leavers})


@require_http_methods(["GET", "POST"])
def anonymise_confirm(request, staff_id: int):
    """GET: say who will be anonymised and what that does. POST: anonymise, then back to the list."""
    _require_privacy_role(request)
    staff = privacy.staff_get_for_privacy_admin(user=request.user, staff_id=staff_id)
    if staff is None:
        raise Http404("No such staff record.")
    error = privacy.anonymise_refusal(staff, today=timezone.localdate())
    if request.method == "POST" and error is None:
        try:
            privacy.staff_anonymise(staff=staff, actor=request.user)
        except privacy.PrivacyError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Staff record {staff.employee_number} is anonymised.")
            return redirect(f"{LEAVERS_URL_NAMESPACE}:index")
    context = {
        "staff": staff,
        "error": error,
        "enrolment_count": staff.enrolments.count(),
        "progress_count": staff.lesson_progress.count(),
    }
    status = 400 if request.method == "POST" and error else 200
    return render(request, "learning/privacy/anonymise_confirm.html", context, status=status)


class LeaversMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return visibility.may_manage_people(request.user)


class LeaversViewSet(ViewSet):
    """The "Leavers" screen and the anonymising confirmation behind it."""

    name = LEAVERS_URL_NAMESPACE
    url_prefix = "privacy/leavers"
    icon = "user"
    menu_label = "Leavers"
    menu_item_class = LeaversMenuItem

    def get_urlpatterns(self):
        return [
            path("", leaver_index, name="index"),
            path("<int:staff_id>/anonymise/", anonymise_confirm, name="anonymise"),
        ]


def anonymise_url(staff_id: int) -> str:
    return reverse(f"{LEAVERS_URL_NAMESPACE}:anonymise", args=[staff_id])


# --- audit log (read only) -----------------------------------------------------------------------


class AuditLogIndexView(IndexView):
    def get_base_queryset(self):
        return audit_entry_list(organisation_ids=visibility.organisation_scope(self.request.user))


class AuditLogInspectView(InspectView):
    def get_object(self, queryset=None):
        entry = (
            audit_entry_list(organisation_ids=visibility.organisation_scope(self.request.user))
            .filter(pk=self.pk)
            .first()
        )
        if entry is None:
            raise Http404("No such audit entry.")
        return entry


class AuditLogViewSet(ModelViewSet):
    """The audit log as a read-only listing with a detail view: no add, edit, copy or delete."""

    model = AuditLogEntry
    name = AUDIT_LOG_URL_NAMESPACE
    url_prefix = "privacy/audit-log"
    icon = "history"
    menu_label = "Audit log"
    index_view_class = AuditLogIndexView
    inspect_view_class = AuditLogInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["created_at", "actor", "action", "subject", "row_count", "organisation"]
    list_export = ["created_at", "actor", "action", "subject", "row_count", "organisation"]  # for the board
    export_filename = "audit-log"
    list_filter = ["action"]
    search_fields = ["subject", "detail"]
    inspect_view_fields = ["created_at", "actor", "organisation", "action", "subject", "detail", "row_count"]
    form_fields = []  # never used: there are no add or edit views

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in ("add", "edit", "delete", "copy", "history", "usage"):
            view_kwargs[f"{view}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]

    def register_admin_url_finder(self):
        """Entries have no edit view, so there is no admin URL to find for them."""


class PersonalDataViewSetGroup(ViewSetGroup):
    menu_label = "Personal data"
    menu_icon = "lock"
    menu_order = 310
    items = (LeaversViewSet, AuditLogViewSet)
