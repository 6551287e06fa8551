"""Answer 400 Bad Request when one of the project's admin forms refuses what was sent.

Wagtail's create and edit views show a refused form again with 200 OK, so a refusal looks like success to
anything that reads status codes (monitoring, scripts, assistive tools that announce errors). The page is
the same; only the status changes. ``ScopedViewSetMixin`` applies this to every project viewset.
"""

from __future__ import annotations


class RejectedFormStatusMixin:
    """Mix into a Wagtail create or edit view: a form with errors answers 400 instead of 200."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if response.status_code == 200:
            response.status_code = 400
        return response


def rejecting_with_400(view_class):
    """Return ``view_class`` with ``RejectedFormStatusMixin`` in front of it."""
    return type(view_class.__name__, (RejectedFormStatusMixin, view_class), {})
