from django.urls import reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from learning import visibility
from notifications import longwork_views
from notifications.admin_views import ReadOnlyPolicy, RemindersViewSetGroup
from notifications.models import Message

register_permission_policy(Message, ReadOnlyPolicy(Message))


@hooks.register("register_admin_viewset")
def register_reminder_viewsets():
    return RemindersViewSetGroup()


class PreparedFilesMenuItem(MenuItem):
    """Shown to HR and platform administrators, who ask for long work (notifications.longwork)."""

    def is_shown(self, request):
        return visibility.may_manage_people(request.user)


@hooks.register("register_admin_urls")
def register_prepared_files_urls():
    return longwork_views.admin_urls()


@hooks.register("register_readiness_menu_item")
def register_prepared_files_item():
    return PreparedFilesMenuItem(
        "Prepared files", reverse_lazy("background:jobs"), name="prepared-files", icon_name="download", order=50
    )
