"""Admin screens of the readiness app: the "Readiness" menu with cohorts and the dashboard pages, and the
admin home's readiness panel."""

from django.urls import reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from learning import visibility
from readiness.cohort_admin import CohortViewSet
from readiness.reports import urls
from readiness.reports.home import readiness_home_panel

# Short enough for Wagtail's sidebar, which cuts longer labels ("Workforce rea…").
MENU_LABEL = "Readiness"


class ReadinessViewSetGroup(ViewSetGroup):
    """The "Readiness" menu: cohorts here, the dashboard pages through ``register_readiness_menu_item``."""

    menu_label = MENU_LABEL
    menu_icon = "table"
    menu_order = 260
    items = (CohortViewSet,)
    submenu_hook = "register_readiness_menu_item"


@hooks.register("register_admin_viewset")
def register_readiness_viewsets():
    return ReadinessViewSetGroup()


class ReadinessMenuItem(MenuItem):
    """Shown to HR and platform administrators only."""

    def is_shown(self, request):
        return visibility.may_manage_people(request.user)


@hooks.register("register_admin_urls")
def register_readiness_urls():
    return urls.admin_urls()


@hooks.register("register_readiness_menu_item")
def register_readiness_dashboard_item():
    # Not plain "Dashboard": that is the name of Wagtail's own home link in the same sidebar.
    return ReadinessMenuItem(
        "Readiness dashboard", reverse_lazy("readiness_index"), name="readiness-dashboard", icon_name="view", order=1
    )


@hooks.register("construct_homepage_panels")
def add_readiness_home_panel(request, panels):
    panel = readiness_home_panel(request)
    if panel is not None:
        panels.append(panel)
