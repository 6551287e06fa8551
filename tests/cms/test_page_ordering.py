"""The admin lists a course's modules and a module's lessons in course order, and offers drag handles only to
people whose reordering the server accepts."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.admin.views.pages.listing import ExplorableIndexView

from cms import page_ordering

HANDLE = "data-w-orderable-url-value"


def _client_for(client, group):
    user, _ = get_user_model().objects.get_or_create(username=group.lower(), email=f"{group.lower()}@example.org")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def test_the_wrapper_is_installed_over_wagtails_method():
    assert ExplorableIndexView.get_reorder_url is page_ordering.reorder_url_for_permitted
    assert page_ordering._wagtail_reorder_url.__qualname__ == "ExplorableIndexView.get_reorder_url"


@pytest.mark.django_db
def test_a_module_lists_its_lessons_in_course_order_not_newest_first(client, course, lessons):
    module = course.get_children().first()
    first = lessons[0].specific
    first.title = "Edited last"
    first.save_revision().publish()
    page = _client_for(client, "Editors").get(f"/admin/pages/{module.id}/").content.decode()
    positions = [page.index(lesson.title if lesson.id != first.id else "Edited last") for lesson in lessons[:3]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_editors_get_no_drag_handles_and_reviewers_do(client, course, lessons):
    module = course.get_children().first()
    assert HANDLE not in _client_for(client, "Editors").get(f"/admin/pages/{module.id}/").content.decode()
    response = _client_for(client, "Editors").post(f"/admin/pages/{lessons[2].id}/set_position/?position=0")
    assert response.status_code in (302, 403)  # Wagtail refuses the move itself
    assert [child.id for child in module.get_children()] == [lesson.id for lesson in lessons[:3]]
    assert HANDLE in _client_for(client, "Moderators").get(f"/admin/pages/{module.id}/").content.decode()
