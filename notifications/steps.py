"""Which reminder step an enrolment is due on a day (pure: no database, no clock).

A learner with a due date hears about the course once when it is assigned, then at each step relative to the due
date: the default steps are 14 and 3 days before, the day itself, 7 days after (their line manager is told too,
in a daily digest) and 21 days after (HR is told). A cohort's ``ReminderSchedule`` changes the days or switches
steps off.

The rules, in the order applied:
- a completed course, a leaver (from their leave date; someone working their notice still hears) and a person
  with no email address get nothing;
- "assigned" comes first, once per enrolment whatever happens to the due date later;
- after that, on each day the step whose day has come most recently is due, unless it or a later step has been
  sent for this due date; steps whose day came on or before the day the person was told of the course are not
  sent late (someone enrolled a week before the due date does not get the "14 days before" reminder; the
  "assigned" message gives the date). So a missed sweep
  catches up with one message, not several, and a due date that moves re-plans the steps against the new date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ASSIGNED = "assigned"
BEFORE_FIRST = "before_first"
BEFORE_SECOND = "before_second"
DUE_TODAY = "due_today"
OVERDUE_MANAGER = "overdue_manager"
OVERDUE_HR = "overdue_hr"


@dataclass(frozen=True)
class Step:
    code: str
    offset_days: int  # relative to the due date: negative before it

    def day(self, due: date) -> date:
        return due + timedelta(days=self.offset_days)


@dataclass(frozen=True)
class Schedule:
    """The days of a cohort's steps (``None`` switches a step off); the defaults are the product's."""

    first_reminder_days: int | None = 14
    second_reminder_days: int | None = 3
    on_due_day: bool = True
    manager_after_days: int | None = 7
    hr_after_days: int | None = 21

    def steps(self) -> list[Step]:
        """Return the dated steps (not "assigned"), earliest first."""
        steps = []
        if self.first_reminder_days:
            steps.append(Step(BEFORE_FIRST, -self.first_reminder_days))
        if self.second_reminder_days:
            steps.append(Step(BEFORE_SECOND, -self.second_reminder_days))
        if self.on_due_day:
            steps.append(Step(DUE_TODAY, 0))
        if self.manager_after_days:
            steps.append(Step(OVERDUE_MANAGER, self.manager_after_days))
        if self.hr_after_days:
            steps.append(Step(OVERDUE_HR, self.hr_after_days))
        return sorted(steps, key=lambda step: step.offset_days)


DEFAULT_SCHEDULE = Schedule()


def step_due(
    *,
    schedule: Schedule,
    due: date,
    today: date,
    assigned_on: date | None,
    sent_for_due: set[str],
) -> str | None:
    """Return the code of the step to send today, or None.

    ``assigned_on`` is the day the "assigned" message was decided (None: not yet); ``sent_for_due`` holds the
    codes already decided for this due date. Eligibility (completion, leaving, an email address) is the caller's:
    ``notifications.sweep`` checks it in its query.
    """
    if assigned_on is None:
        return ASSIGNED
    steps = schedule.steps()
    passed = [step for step in steps if assigned_on < step.day(due) <= today]
    if not passed:
        return None
    latest = passed[-1]
    later_or_same = {step.code for step in steps if step.offset_days >= latest.offset_days}
    if later_or_same & sent_for_due:
        return None
    return latest.code
