from wagtail import hooks
from wagtail.permissions import register_permission_policy

from notifications.admin_views import ReadOnlyPolicy, RemindersViewSetGroup
from notifications.models import Message

register_permission_policy(Message, ReadOnlyPolicy(Message))


@hooks.register("register_admin_viewset")
def register_reminder_viewsets():
    return RemindersViewSetGroup()
