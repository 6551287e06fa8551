"""Offer the page explorer's drag handles only to people whose reordering the server will accept.

Wagtail saves a new order only for people who may publish the pages (``can_reorder_children``), and hides its
"Sort menu order" button from everyone else; but the explorer still draws drag handles whenever the listing is
in menu order (as our course and module pages are by default), so an editor could drag a lesson, be told it
moved, and find it had not. ``reorder_url_for_permitted`` keeps the handles for those who may reorder.
Installed from ``cms/wagtail_hooks.py``; ``tests/cms/test_page_ordering.py`` fails if a Wagtail upgrade changes
the method it wraps.
"""

from __future__ import annotations

from wagtail.admin.views.pages.listing import ExplorableIndexView

_wagtail_reorder_url = ExplorableIndexView.get_reorder_url


def reorder_url_for_permitted(self):
    """Return Wagtail's reorder URL when the user may reorder the parent's children, else None (no handles)."""
    if not self.parent_page.permissions_for_user(self.request.user).can_reorder_children():
        return None
    return _wagtail_reorder_url(self)


def install() -> None:
    """Put the permission check in front of Wagtail's explorer's reorder URL (once)."""
    if ExplorableIndexView.get_reorder_url is not reorder_url_for_permitted:
        ExplorableIndexView.get_reorder_url = reorder_url_for_permitted
