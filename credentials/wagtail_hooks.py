"""Admin screens: achievements (editors), and awards with revocation (HR, kept to their organisations)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from credentials.admin_forms import AchievementForm, AwardRevokeForm
from credentials.models import Achievement, Award
from learning.admin_scope import ScopedViewSetMixin

REVOKE_HELP = (
    "<p>Saving this form revokes the award: its verification page then says “Revoked”, and the issuer’s "
    "published status list marks it for every verifier. Revoking cannot be undone.</p>"
)


class AwardPermissionPolicy(ModelPermissionPolicy):
    """Awards are only ever issued by the platform and never deleted: no one may add, copy or delete one."""

    FORBIDDEN = {"add", "delete", "copy"}

    def user_has_permission(self, user, action):
        return action not in self.FORBIDDEN and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Award, AwardPermissionPolicy(Award))


ERROR_ACHIEVEMENT_AWARDED = (
    "Awards of “{name}”: {count}. It cannot be deleted while anyone holds it (their credentials name it); "
    "untick “Issued automatically” to stop issuing it."
)


class AchievementDeleteView(generic.DeleteView):
    """Refuse to delete an achievement anyone holds, saying why, and change nothing."""

    def dispatch(self, request, *args, **kwargs):
        achievement = Achievement.objects.filter(pk=kwargs.get("pk")).first()
        count = achievement.awards.count() if achievement else 0
        if count:
            messages.error(request, ERROR_ACHIEVEMENT_AWARDED.format(name=achievement.name, count=count))
            return redirect("achievement:edit", achievement.pk)
        return super().dispatch(request, *args, **kwargs)


class AchievementViewSet(ModelViewSet):
    model = Achievement
    delete_view_class = AchievementDeleteView
    icon = "pick"
    menu_label = "Achievements"
    list_display = ["name", "kind", "issued_automatically"]
    list_filter = ["kind", "issued_automatically"]
    search_fields = ["name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("criteria"),
            FieldPanel("image"),
            FieldPanel("issued_automatically"),
            FieldPanel("course"),
            FieldPanel("area"),
            FieldPanel("level"),
            FieldPanel("courses", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=AchievementForm,
    )


class AwardViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Award
    scope_field = "staff__organisation_id"
    icon = "tick-inverse"
    menu_label = "Awards"
    list_display = ["achievement", "staff", "issued_at", "valid_until", "revoked_at"]
    list_filter = ["achievement"]
    search_fields = ["staff__last_name", "staff__first_name", "staff__employee_number"]
    inspect_view_enabled = True
    inspect_view_fields = ["achievement", "staff", "issuer", "issued_at", "valid_until", "revoked_at", "revoked_reason"]
    edit_handler = ObjectList(
        [HelpPanel(content=REVOKE_HELP), FieldPanel("revoked_reason")], base_form_class=AwardRevokeForm
    )


class CredentialsViewSetGroup(ViewSetGroup):
    menu_label = "Credentials"
    menu_icon = "pick"
    menu_order = 450
    items = (AchievementViewSet, AwardViewSet)


@hooks.register("register_admin_viewset")
def register_credentials_viewsets():
    return CredentialsViewSetGroup()
