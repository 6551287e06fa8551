"""Keep admin screens for people data inside the requester's organisations (HR) - all for platform admins.

A viewset opts in with ``ScopedViewSetMixin`` and ``scope_field`` (the lookup from the model to its
organisation id). Listings are filtered, single-object screens answer 404 for other organisations,
form drop-downs and listing filters only offer records from the requester's organisations, another
organisation's record is never linked or named (usage listings say "Private"), and Wagtail's log entries
(site history and its downloads) about such records are narrowed the same way.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage

from learning import visibility
from learning.admin_status import rejecting_with_400

SCOPED_FORM_FIELDS = {
    "organisation": "id",
    "staff": "organisation_id",
    "cohort": "organisation_id",
    "team": "organisation_id",
    "parent": "organisation_id",
    "line_manager": "organisation_id",
}
# Each organisation-owned model with an admin screen, and the lookup from it to its organisation id;
# filled in by every ``ScopedViewSetMixin`` subclass as it is defined.
SCOPE_FIELDS: dict[type, str] = {}
_scope = visibility.scope_to_organisations  # the rule lives in learning.visibility


class ScopedForm(WagtailAdminModelForm):
    """Offer only records from the user's organisations in related-record drop-downs."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        for name, field in SCOPED_FORM_FIELDS.items():
            if name in self.fields and hasattr(self.fields[name], "queryset"):
                self.fields[name].queryset = _scope(self.fields[name].queryset, field, for_user)


class ScopedFilterSet(WagtailFilterSet):
    """Offer only the user's organisations (and their records) in a listing's filters."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None:
            return
        for name, field in SCOPED_FORM_FIELDS.items():
            if name in self.filters and getattr(self.filters[name], "queryset", None) is not None:
                self.filters[name].queryset = _scope(self.filters[name].queryset, field, request.user)


def log_entries_in_scope(entries, user):
    """Narrow Wagtail log entries to what the user may see of organisation-owned records.

    An entry about a record of a scoped model stays only if that record still exists in one of the user's
    organisations (platform admins keep everything). Entries about other models are left to Wagtail's own
    permission check.
    """
    organisation_ids = visibility.organisation_scope(user)
    if organisation_ids is None:
        return entries
    hidden = Q()
    for model, field in SCOPE_FIELDS.items():
        visible = model._default_manager.filter(**{f"{field}__in": organisation_ids})
        visible = visible.annotate(_scope_pk_text=Cast("pk", CharField()))
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        hidden |= Q(content_type=content_type) & ~Q(object_id__in=visible.values("_scope_pk_text"))
    return entries.exclude(hidden) if hidden else entries


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
    base_filterset_class = ScopedFilterSet

    def get_base_queryset(self):
        return _scope(super().get_base_queryset(), self.scope_field, self.request.user)


class _ScopedURLFinder:
    """Give an edit link (and so a name, in usage listings and site history) only for the user's records."""

    scope_field = "organisation_id"

    def get_edit_url(self, instance):
        if self.user is not None and not hasattr(self, "_organisation_ids"):
            self._organisation_ids = visibility.organisation_scope(self.user)
        if self.user is not None and self._organisation_ids is not None:
            organisation_id = instance
            for part in self.scope_field.split("__"):  # e.g. staff__organisation_id
                organisation_id = getattr(organisation_id, part, None)
            if organisation_id not in self._organisation_ids:
                return None
        return super().get_edit_url(instance)


def _scoped(view_class, mixin, field):
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {"scope_field": field})


class ScopedViewSetMixin:
    """Mix into a ModelViewSet and set ``scope_field``. Refused forms answer 400 (``learning.admin_status``)."""

    scope_field = "organisation_id"
    copy_view_enabled = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is not None:
            SCOPE_FIELDS[cls.model] = cls.scope_field

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

    @property
    def url_finder_class(self):
        return _scoped(super().url_finder_class, _ScopedURLFinder, self.scope_field)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        meta = type("Meta", (form_class.Meta,), {})
        return type(f"Scoped{form_class.__name__}", (ScopedForm, form_class), {"Meta": meta})
