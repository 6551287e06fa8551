"""Lessons that build a skill: tags, targets and what the result page and My skills suggest next."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from assessments.models import LessonSkillTag, SkillResult
from assessments.next_lessons import ALL_DONE, AT_TARGET, NONE_TAGGED, next_level, next_steps_for_staff
from assessments.targets import targets_from
from learning.models import LessonProgress
from readiness.models import Cohort, CohortMembership, CohortTarget
from tests.factories import LessonPageFactory
from tests.factories.assessments import SkillAreaFactory


def test_next_level_is_one_up_while_below_target():
    assert next_level(None, 2) == 1
    assert next_level(0, 2) == 1
    assert next_level(1, 2) == 2
    assert next_level(2, 2) is None
    assert next_level(3, 2) is None
    assert next_level(None, 0) is None


def test_cohort_targets_replace_the_default_and_the_highest_wins():
    assert targets_from({1: 2, 2: 1}, []) == {1: 2, 2: 1}
    assert targets_from({1: 2, 2: 1}, [{2: 3}, {2: 2, 1: 1}]) == {1: 1, 2: 3}


@pytest.fixture
def admin_client(client, django_user_model):
    from tests.factories.learning import mfa_activate

    user = django_user_model.objects.create_superuser("editor@example.org", "editor@example.org", "pw-long-enough")
    mfa_activate(user)
    client.force_login(user)
    return client


def tag(lesson, area, level):
    page = lesson.specific
    page.skill_tags.add(LessonSkillTag(area=area, level=level))
    page.save_revision().publish()
    return page


@pytest.fixture
def areas(framework):
    reading = SkillAreaFactory(framework=framework, slug="reading", name="Reading data", default_target_level=2)
    protection = SkillAreaFactory(
        framework=framework, slug="protection", name="Data protection", default_target_level=2, sort_order=2
    )
    return reading, protection


def assessed(staff, area, level):
    return SkillResult.objects.create(
        staff=staff, area=area, level=level, source="assessed", assessed_at=timezone.now()
    )


def test_suggests_only_lessons_tagged_for_the_area_at_the_next_level_not_completed(staff, course, lessons, areas):
    reading, protection = areas
    tag(lessons[0], reading, 2)
    tag(lessons[1], reading, 2)
    tag(lessons[2], reading, 3)  # too far ahead for someone at level 1
    tag(lessons[3], protection, 2)  # another area
    LessonProgress.objects.create(staff=staff, lesson=lessons[1], course=course, completed_at=timezone.now())
    steps = next_steps_for_staff(staff.id, {reading.id: 1}, [reading, protection])
    assert [s.lesson.id for s in steps[reading.id].lessons] == [lessons[0].id]
    assert steps[reading.id].next_level == 2
    assert steps[reading.id].lessons[0].course.id == course.id
    # not assessed in protection: the next level is 1, and nothing is tagged at 1
    assert steps[protection.id].next_level == 1
    assert steps[protection.id].lessons == []
    assert steps[protection.id].message == NONE_TAGGED


def test_says_so_when_every_tagged_lesson_is_done_or_the_target_is_reached(staff, course, lessons, areas):
    reading, protection = areas
    tag(lessons[0], reading, 1)
    LessonProgress.objects.create(staff=staff, lesson=lessons[0], course=course, completed_at=timezone.now())
    steps = next_steps_for_staff(staff.id, {protection.id: 2}, [reading, protection])
    assert steps[reading.id].lessons == []
    assert steps[reading.id].message == ALL_DONE
    assert not steps[protection.id].below_target
    assert steps[protection.id].message == AT_TARGET


def test_unpublished_lessons_are_not_suggested(staff, lessons, areas):
    reading, _ = areas
    page = tag(lessons[0], reading, 1)
    page.unpublish()
    steps = next_steps_for_staff(staff.id, {}, [reading])
    assert steps[reading.id].lessons == []
    assert steps[reading.id].message == NONE_TAGGED


def test_a_cohort_target_above_the_default_keeps_suggesting(staff, lessons, areas):
    reading, _ = areas
    tag(lessons[0], reading, 3)
    assert not next_steps_for_staff(staff.id, {reading.id: 2}, [reading])[reading.id].below_target
    cohort = Cohort.objects.create(organisation=staff.organisation, name="Analysts", slug="analysts")
    CohortTarget.objects.create(cohort=cohort, skill_area=reading, level=3)
    CohortMembership.objects.create(cohort=cohort, staff=staff, joined_on=date(2020, 1, 1))
    step = next_steps_for_staff(staff.id, {reading.id: 2}, [reading])[reading.id]
    assert step.target == 3
    assert [s.lesson.id for s in step.lessons] == [lessons[0].id]


def test_queries_do_not_grow_with_tags_or_areas(staff, lessons, areas, framework):
    reading, protection = areas
    tag(lessons[0], reading, 1)
    with CaptureQueriesContext(connection) as few:
        next_steps_for_staff(staff.id, {}, [reading, protection])
    extra = [SkillAreaFactory(framework=framework) for _ in range(3)]
    for n, lesson in enumerate(lessons[1:]):
        tag(lesson, [reading, protection, *extra][n % 5], 1)
    with CaptureQueriesContext(connection) as many:
        next_steps_for_staff(staff.id, {}, [reading, protection, *extra])
    assert len(many.captured_queries) == len(few.captured_queries)


def test_result_page_points_each_area_to_its_own_lesson(learner_client, staff, lessons, area, dp_area, skills_check):
    from tests.assessments.test_views import start

    reading_lesson = tag(lessons[0], area, 1)
    personal_data = LessonPageFactory(parent=lessons[0].get_parent(), title="Handling personal data safely")
    tag(personal_data, dp_area, 1)
    attempt = start(learner_client, skills_check)
    learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]))  # nothing answered: level 0
    body = learner_client.get(reverse("assessments:attempt_result", args=[attempt.id])).content.decode()
    dp_section = body[body.index(f'id="area-{dp_area.id}"') :]
    reading_section = body[body.index(f'id="area-{area.id}"') : body.index(f'id="area-{dp_area.id}"')]
    assert "Handling personal data safely" in dp_section
    assert reading_lesson.title not in dp_section
    assert reading_lesson.title in reading_section
    assert "Handling personal data safely" not in reading_section


def test_my_skills_lists_what_to_learn_next_and_says_when_nothing_is_tagged(
    learner_client, staff, lessons, area, dp_area
):
    tag(lessons[0], area, 2)
    assessed(staff, area, 1)
    area.default_target_level = 2
    area.save()
    body = learner_client.get(reverse("assessments:my_skills")).content.decode()
    section = body[body.index('id="next-steps"') :]
    assert lessons[0].title in section
    assert NONE_TAGGED in section  # data protection: nothing tagged at level 1


def test_editor_tags_a_lesson_on_its_own_form_and_the_tag_goes_live_on_publish(admin_client, lessons, area):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    lesson = lessons[0]
    edit = reverse("wagtailadmin_pages:edit", args=[lesson.id])
    assert "Skills this lesson builds" in admin_client.get(edit).content.decode()
    form = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": "",
        "estimated_minutes": 10,
        "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
        "skill_tags": inline_formset([{"area": area.id, "level": 2}]),
        "action-publish": "publish",
    }
    response = admin_client.post(edit, nested_form_data(form))
    assert response.status_code == 302, response.content.decode()[:300]
    assert list(LessonSkillTag.objects.filter(page=lesson).values_list("area_id", "level")) == [(area.id, 2)]
    assert Page.objects.get(id=lesson.id).latest_revision.content["skill_tags"][0]["level"] == 2
    # the same tag twice is refused with a message, not a server error
    form["skill_tags"] = inline_formset([{"area": area.id, "level": 2}, {"area": area.id, "level": 2}])
    response = admin_client.post(edit, nested_form_data(form))
    assert response.status_code == 200
    assert LessonSkillTag.objects.filter(page=lesson).count() == 1


def test_course_form_has_the_skills_panel(admin_client, course):
    body = admin_client.get(reverse("wagtailadmin_pages:edit", args=[course.id])).content.decode()
    assert "Skills this course builds" in body


def test_demo_tags_name_real_lessons_and_areas():
    from assessments.demo.content import FRAMEWORK
    from assessments.demo.skill_tags import COURSE_SKILLS, COURSE_SLUG, LESSON_SKILLS, PROTECTION
    from learning.demo.course_data import COURSE

    lesson_slugs = {lesson["slug"] for module in COURSE["modules"] for lesson in module["lessons"]}
    area_slugs = {area["slug"] for area in FRAMEWORK["areas"]}
    assert COURSE["slug"] == COURSE_SLUG
    assert set(LESSON_SKILLS) <= lesson_slugs
    assert {slug for tags in LESSON_SKILLS.values() for slug, _ in tags} | {s for s, _ in COURSE_SKILLS} <= area_slugs
    assert [slug for slug, tags in LESSON_SKILLS.items() if any(area == PROTECTION for area, _ in tags)] == [
        "handling-personal-data-safely"
    ]
