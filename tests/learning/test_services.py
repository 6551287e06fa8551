"""Enrolment and completion services."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from learning import services
from learning.models import Enrolment, LessonProgress, StaffMember


def _complete(staff, course, lessons, lesson):
    return services.lesson_complete(
        staff=staff, lesson=lesson, course=course, ordered_lesson_ids=[item.id for item in lessons]
    )


def test_enrolling_twice_keeps_one_enrolment_unchanged(staff, course):
    first = services.enrolment_create(staff=staff, course=course, due_date=date(2027, 1, 31))
    second = services.enrolment_create(staff=staff, course=course, due_date=date(2030, 1, 1))
    assert first.pk == second.pk
    assert Enrolment.objects.filter(staff=staff, course=course).count() == 1
    assert Enrolment.objects.get(pk=first.pk).due_date == date(2027, 1, 31)


def test_database_refuses_a_second_enrolment(staff, course):
    Enrolment.objects.create(staff=staff, course=course)
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(staff=staff, course=course)


def test_leaver_cannot_be_enrolled(staff, course):
    staff.leave_date = timezone.localdate()  # the leave date is the first day they are not staff
    with pytest.raises(ValueError, match=services.NOT_CURRENT_CANNOT_LEARN):
        services.enrolment_create(staff=staff, course=course)
    assert not Enrolment.objects.exists()


def test_someone_working_their_notice_can_be_enrolled(staff, course):
    staff.leave_date = timezone.localdate() + timedelta(days=1)
    services.enrolment_create(staff=staff, course=course)
    assert Enrolment.objects.filter(staff=staff, course=course).exists()


def test_completing_a_lesson_records_it_and_enrols(staff, course, lessons):
    _complete(staff, course, lessons, lessons[0])
    row = LessonProgress.objects.get(staff=staff, lesson=lessons[0])
    assert row.completed_at is not None
    assert row.course_id == course.id
    assert Enrolment.objects.filter(staff=staff, course=course).count() == 1


def test_second_completion_changes_nothing(staff, course, lessons):
    _complete(staff, course, lessons, lessons[0])
    before = LessonProgress.objects.get(staff=staff, lesson=lessons[0]).completed_at
    _complete(staff, course, lessons, lessons[0])
    assert LessonProgress.objects.filter(staff=staff, lesson=lessons[0]).count() == 1
    assert LessonProgress.objects.get(staff=staff, lesson=lessons[0]).completed_at == before


def test_completing_a_viewed_lesson_keeps_its_first_view(staff, course, lessons):
    services.lesson_view_record(staff_id=staff.id, lesson=lessons[1], course_id=course.id)
    viewed = LessonProgress.objects.get(staff=staff, lesson=lessons[1]).first_viewed_at
    _complete(staff, course, lessons, lessons[1])
    row = LessonProgress.objects.get(staff=staff, lesson=lessons[1])
    assert row.first_viewed_at == viewed
    assert row.completed_at is not None


def test_database_refuses_a_second_progress_row(staff, course, lessons):
    LessonProgress.objects.create(staff=staff, lesson=lessons[0], course=course)
    with pytest.raises(IntegrityError):
        LessonProgress.objects.create(staff=staff, lesson=lessons[0], course=course)


def test_course_completes_when_the_last_lesson_is_done(staff, course, lessons):
    for lesson in lessons[:-1]:
        result = _complete(staff, course, lessons, lesson)
        assert not result.course_completed
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is None
    result = _complete(staff, course, lessons, lessons[-1])
    assert result.course_completed
    assert result.next_lesson_id is None
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None


def test_next_lesson_follows_course_order_across_modules(staff, course, lessons):
    result = _complete(staff, course, lessons, lessons[2])  # last lesson of module 1
    assert result.next_lesson_id == lessons[3].id


def test_viewing_twice_keeps_one_row(staff, course, lessons):
    services.lesson_view_record(staff_id=staff.id, lesson=lessons[0], course_id=course.id)
    services.lesson_view_record(staff_id=staff.id, lesson=lessons[0], course_id=course.id)
    assert LessonProgress.objects.filter(staff=staff, lesson=lessons[0]).count() == 1
    assert LessonProgress.objects.get(staff=staff, lesson=lessons[0]).completed_at is None


def test_the_first_lesson_opened_dates_the_start_of_an_existing_enrolment(staff, course, lessons):
    assigned = Enrolment.objects.create(staff=staff, course=course, source=Enrolment.Source.COHORT)
    assert assigned.started_at is None
    services.lesson_view_record(staff_id=staff.id, lesson=lessons[1], course_id=course.id)
    first = Enrolment.objects.get(pk=assigned.pk).started_at
    assert first == LessonProgress.objects.get(staff=staff, lesson=lessons[1]).first_viewed_at
    services.lesson_view_record(staff_id=staff.id, lesson=lessons[2], course_id=course.id)
    assert Enrolment.objects.get(pk=assigned.pk).started_at == first
    assert Enrolment.objects.get(pk=assigned.pk).source == Enrolment.Source.COHORT


def test_completing_an_unopened_lesson_enrols_and_dates_the_start(staff, course, lessons):
    _complete(staff, course, lessons, lessons[0])
    enrolment = Enrolment.objects.get(staff=staff, course=course)
    assert enrolment.started_at == LessonProgress.objects.get(staff=staff, lesson=lessons[0]).first_viewed_at


def test_starts_filled_from_bulk_written_progress_take_the_earliest_view(staff, course, lessons):
    other = StaffMember.objects.create(organisation=staff.organisation, employee_number="E-OTHER", first_name="O")
    untouched = Enrolment.objects.create(staff=other, course=course)
    enrolment = Enrolment.objects.create(staff=staff, course=course)
    early = timezone.now() - timedelta(days=3)
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(staff=staff, lesson=lessons[1], course=course, first_viewed_at=early + timedelta(hours=5)),
            LessonProgress(staff=staff, lesson=lessons[0], course=course, first_viewed_at=early),
        ]
    )
    assert services.enrolment_starts_fill() == 1
    assert Enrolment.objects.get(pk=enrolment.pk).started_at == early
    assert Enrolment.objects.get(pk=untouched.pk).started_at is None
    assert services.enrolment_starts_fill() == 0
