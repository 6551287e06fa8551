"""Register the workforce readiness screens with the Wagtail admin (imported by assessments.wagtail_hooks)."""

from django.urls import reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from assessments.reports import urls, views


class ReadinessMenuItem(MenuItem):
    """Shown to HR and platform administrators only."""

    def is_shown(self, request):
        return views.can_view(request.user)


@hooks.register("register_admin_urls")
def register_readiness_urls():
    return urls.admin_urls()


@hooks.register("register_readiness_menu_item")
def register_readiness_dashboard_item():
    return ReadinessMenuItem(
        "Readiness dashboard", reverse_lazy("readiness_index"), name="readiness-dashboard", icon_name="view", order=1
    )
