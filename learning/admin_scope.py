"""Keep admin screens for people data inside the requester's organisations (HR) - all for platform admins.

A viewset opts in with ``ScopedViewSetMixin`` and ``scope_field`` (the lookup from the model to its
organisation id). Listings are filtered, single-object screens answer 404 for other organisations,
and form drop-downs only offer records from the requester's organisations.
"""

from __future__ import annotations

from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage

from learning import roles
from learning.admin_status import rejecting_with_400

SCOPED_FORM_FIELDS = {
    "organisation": "id",
    "staff": "organisation_id",
    "team": "organisation_id",
    "parent": "organisation_id",
    "line_manager": "organisation_id",
}


def _scope(queryset, field: str, user):
    if roles.is_platform_admin(user):
        return queryset
    return queryset.filter(**{f"{field}__in": roles.hr_organisation_ids(user)})


class ScopedForm(WagtailAdminModelForm):
    """Offer only records from the user's organisations in related-record drop-downs."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        for name, field in SCOPED_FORM_FIELDS.items():
            if name in self.fields and hasattr(self.fields[name], "queryset"):
                self.fields[name].queryset = _scope(self.fields[name].queryset, field, for_user)


class _ScopedObject:
    scope_field = "organisation_id"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        model = type(obj)
        if not _scope(model._default_manager.filter(pk=obj.pk), self.scope_field, self.request.user).exists():
            raise Http404("No such record.")
        return obj


class _ScopedIndex:
    scope_field = "organisation_id"

    def get_base_queryset(self):
        return _scope(super().get_base_queryset(), self.scope_field, self.request.user)


def _scoped(view_class, mixin, field):
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {"scope_field": field})


class ScopedViewSetMixin:
    """Mix into a ModelViewSet and set ``scope_field``. Refused forms answer 400 (``learning.admin_status``)."""

    scope_field = "organisation_id"
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        field = self.scope_field
        self.index_view_class = _scoped(generic.IndexView, _ScopedIndex, field)
        self.add_view_class = rejecting_with_400(self.add_view_class)
        self.edit_view_class = rejecting_with_400(_scoped(generic.EditView, _ScopedObject, field))
        self.delete_view_class = _scoped(generic.DeleteView, _ScopedObject, field)
        self.history_view_class = _scoped(history.HistoryView, _ScopedObject, field)
        self.usage_view_class = _scoped(usage.UsageView, _ScopedObject, field)
        self.inspect_view_class = _scoped(generic.InspectView, _ScopedObject, field)
        super().__init__(*args, **kwargs)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        meta = type("Meta", (form_class.Meta,), {})
        return type(f"Scoped{form_class.__name__}", (ScopedForm, form_class), {"Meta": meta})
