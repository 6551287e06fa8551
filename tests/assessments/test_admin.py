"""Editors author questions and assessments in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from assessments.models import Question


@pytest.fixture
def admin_client(client, django_user_model):
    from tests.factories.learning import mfa_activate

    user = django_user_model.objects.create_superuser("editor@example.org", "editor@example.org", "pw-long-enough")
    mfa_activate(user)
    client.force_login(user)
    return client


def _question_form(area, **overrides):
    data = {
        "reference": "new-q",
        "area": area.id,
        "level": 2,
        "question_type": "single",
        "prompt": "Which is right?",
        "choices": streamfield(
            [("choice", {"text": "Right", "correct": True}), ("choice", {"text": "Wrong", "correct": False})]
        ),
        "partial_credit": "",
        "numeric_answer": "",
        "numeric_tolerance": "0",
        "unit": "",
        "explanation": "Because.",
        "active": "on",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_a_question_and_a_revision_is_kept(admin_client, area):
    url = reverse("wagtailsnippets_assessments_question:add")
    response = admin_client.post(url, _question_form(area))
    assert response.status_code == 302, response.content.decode()[:500]
    question = Question.objects.get(reference="new-q")
    assert question.latest_revision_id is not None
    edit = reverse("wagtailsnippets_assessments_question:edit", args=[question.pk])
    admin_client.post(edit, _question_form(area, prompt="Which is right now?"))
    assert question.revisions.count() == 2


def test_invalid_question_is_refused_with_a_message(admin_client, area):
    url = reverse("wagtailsnippets_assessments_question:add")
    form = _question_form(
        area,
        choices=streamfield([("choice", {"text": "A", "correct": True}), ("choice", {"text": "B", "correct": True})]),
    )
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "exactly one correct choice" in response.content.decode()
    assert not Question.objects.filter(reference="new-q").exists()


def test_editor_can_preview_a_question(admin_client, area):
    url = reverse("wagtailsnippets_assessments_question:preview_on_add")
    admin_client.post(url, _question_form(area))
    response = admin_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Which is right?" in body and "Correct" in body


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_content_editors_manage_the_question_bank(client, django_user_model, area, group):
    """Granted by migration assessments 0005, so real installations get it as well as the demo."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("writer", "writer@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_assessments_question:list"))
    assert listing.status_code == 200
    response = client.post(reverse("wagtailsnippets_assessments_question:add"), _question_form(area))
    assert response.status_code == 302
    question = Question.objects.get(reference="new-q")
    response = client.post(
        reverse("wagtailsnippets_assessments_question:edit", args=[question.pk]),
        _question_form(area, prompt="Which is right now?"),
    )
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).prompt == "Which is right now?"
    chooser = client.get(reverse("wagtailsnippetchoosers_assessments_question:choose"))
    assert chooser.status_code == 200
