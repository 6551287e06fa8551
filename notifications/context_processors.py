"""Template context for the site's header: the number of unseen notifications, worked out only when used."""

from django.utils.functional import SimpleLazyObject

from notifications.inbox import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    return {"nav_unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
