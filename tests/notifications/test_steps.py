"""The reminder steps as a learner would live them, day by day, with a fixed clock (notifications.steps)."""

from datetime import date, timedelta

import pytest

from notifications import steps
from notifications.steps import DEFAULT_SCHEDULE, Schedule, step_due

DUE = date(2027, 3, 31)


def live_through(*, schedule=DEFAULT_SCHEDULE, assigned: date, until: date, due_on=None) -> dict[date, str]:
    """Run the daily decision from the day of assignment to ``until``, keeping what was decided, as the sweep
    does; ``due_on`` maps a day to a new due date from that day on. Return day -> step decided."""
    decided: dict[date, str] = {}
    assigned_on = None
    sent: dict[date, set[str]] = {}
    due = DUE
    day = assigned
    while day <= until:
        due = (due_on or {}).get(day, due)
        step = step_due(
            schedule=schedule, due=due, today=day, assigned_on=assigned_on, sent_for_due=sent.get(due, set())
        )
        if step == steps.ASSIGNED:
            assigned_on = day
        elif step is not None:
            sent.setdefault(due, set()).add(step)
        if step is not None:
            decided[day] = step
        day += timedelta(days=1)
    return decided


def test_a_learner_assigned_a_month_ahead_hears_at_every_default_step_once():
    decided = live_through(assigned=date(2027, 3, 1), until=date(2027, 6, 30))
    assert decided == {
        date(2027, 3, 1): steps.ASSIGNED,
        date(2027, 3, 17): steps.BEFORE_FIRST,  # 14 days before
        date(2027, 3, 28): steps.BEFORE_SECOND,  # 3 days before
        date(2027, 3, 31): steps.DUE_TODAY,
        date(2027, 4, 7): steps.OVERDUE_MANAGER,  # 7 days after, the manager is told too
        date(2027, 4, 21): steps.OVERDUE_HR,  # 21 days after
    }


def test_steps_that_passed_before_the_learner_was_told_are_not_sent_late():
    decided = live_through(assigned=date(2027, 3, 25), until=date(2027, 4, 30))
    assert decided == {
        date(2027, 3, 25): steps.ASSIGNED,
        date(2027, 3, 28): steps.BEFORE_SECOND,
        date(2027, 3, 31): steps.DUE_TODAY,
        date(2027, 4, 7): steps.OVERDUE_MANAGER,
        date(2027, 4, 21): steps.OVERDUE_HR,
    }


def test_assigned_on_a_step_day_the_assigned_message_stands_for_it():
    decided = live_through(assigned=date(2027, 3, 28), until=date(2027, 3, 31))
    assert decided == {date(2027, 3, 28): steps.ASSIGNED, date(2027, 3, 31): steps.DUE_TODAY}


def test_a_missed_sweep_catches_up_with_one_message_not_several():
    assigned_on = date(2027, 3, 1)
    # nothing ran from 16 March to 1 April: the latest step that came is sent, the earlier ones are not
    step = step_due(
        schedule=DEFAULT_SCHEDULE, due=DUE, today=date(2027, 4, 1), assigned_on=assigned_on, sent_for_due=set()
    )
    assert step == steps.DUE_TODAY
    after = step_due(
        schedule=DEFAULT_SCHEDULE, due=DUE, today=date(2027, 4, 2), assigned_on=assigned_on, sent_for_due={step}
    )
    assert after is None


def test_a_due_date_that_moves_later_re_plans_the_steps_against_the_new_date():
    moved = DUE + timedelta(days=30)  # on 29 March, before the due date, HR gives a month more
    decided = live_through(assigned=date(2027, 3, 1), until=date(2027, 5, 31), due_on={date(2027, 3, 29): moved})
    assert decided == {
        date(2027, 3, 1): steps.ASSIGNED,
        date(2027, 3, 17): steps.BEFORE_FIRST,
        date(2027, 3, 28): steps.BEFORE_SECOND,
        moved - timedelta(days=14): steps.BEFORE_FIRST,  # the new date's steps, assigned not repeated
        moved - timedelta(days=3): steps.BEFORE_SECOND,
        moved: steps.DUE_TODAY,
        moved + timedelta(days=7): steps.OVERDUE_MANAGER,
        moved + timedelta(days=21): steps.OVERDUE_HR,
    }


def test_a_cohort_schedule_changes_the_days_and_switches_steps_off():
    schedule = Schedule(
        first_reminder_days=7, second_reminder_days=None, on_due_day=False, manager_after_days=2, hr_after_days=None
    )
    decided = live_through(schedule=schedule, assigned=date(2027, 3, 1), until=date(2027, 6, 30))
    assert decided == {
        date(2027, 3, 1): steps.ASSIGNED,
        date(2027, 3, 24): steps.BEFORE_FIRST,
        date(2027, 4, 2): steps.OVERDUE_MANAGER,
    }


@pytest.mark.parametrize("sent", [{steps.OVERDUE_HR}, {steps.OVERDUE_MANAGER}])
def test_nothing_goes_once_the_latest_step_or_a_later_one_was_sent(sent):
    assert (
        step_due(
            schedule=DEFAULT_SCHEDULE,
            due=DUE,
            today=DUE + timedelta(days=8),
            assigned_on=date(2027, 3, 1),
            sent_for_due=sent,
        )
        is None
    )
