"""Teams and staff records of the generated scale organisation (see ``readiness.demo.scale``).

Ten directorates with up to 29 teams each; a director per directorate, a lead per team and everyone else
spread over the teams by directorate size, with roles and bands by the kind of directorate. About 12% of
people started in the last two years, 6% have left (half of those who left over a year ago are anonymised),
1% are working their notice, 2% have no start date and a few start after the end date.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection

from learning.models import Organisation, StaffMember, Team, TeamSpell
from learning.staff_import.bulk import ids_after, largest_id, rows_insert
from learning.staffing import is_current_on
from learning.team_history import first_day
from readiness.demo import scale_data as data

HISTORY_DAYS = 730  # about 24 months of results and learning before the end date


@dataclass
class Person:
    """One generated staff record before and after it is written (``id`` is set once inserted)."""

    number: str
    first_name: str
    last_name: str
    team_id: int
    directorate: int
    job_role: str
    band: str
    start_date: date | None
    leave_date: date | None
    anonymised: bool = False
    manager: str | None = None
    id: int = 0

    def window(self, end: date) -> tuple[date, date] | None:
        """Return the first and last day this person could do anything in the history, or None."""
        first = max(end - timedelta(days=HISTORY_DAYS), self.start_date or date.min)
        last = min(end, self.leave_date) if self.leave_date else end
        return (first, last) if first < last else None

    def current_on(self, day: date) -> bool:
        return is_current_on(self.start_date, self.leave_date, day)


def teams_create(organisation: Organisation, staff: int) -> tuple[list[Team], list[tuple[int, Team]]]:
    """Create the directorates and their teams; return them, teams as (directorate index, team)."""
    per_directorate = max(1, min(29, staff // 1700))
    directorates = Team.objects.bulk_create(
        [Team(organisation=organisation, name=name) for name, *_ in data.DIRECTORATES]
    )
    children = []
    for index, ((_, _, _, stems), parent) in enumerate(zip(data.DIRECTORATES, directorates, strict=True)):
        for number in range(per_directorate):
            stem, repeat = stems[number % len(stems)], number // len(stems)
            children.append((index, Team(organisation=organisation, parent=parent, name=stem if not repeat
                                         else f"{stem} {repeat + 1}")))  # fmt: skip
    Team.objects.bulk_create([team for _, team in children])
    ids = {team.name: team.id for team in Team.objects.filter(organisation=organisation, parent__isnull=True)}
    directorates = [Team(id=ids[name], organisation=organisation, name=name) for name, *_ in data.DIRECTORATES]
    by_key = {
        (parent, name): pk
        for pk, parent, name in Team.objects.filter(organisation=organisation, parent__isnull=False).values_list(
            "id", "parent_id", "name"
        )
    }
    teams = [(i, Team(id=by_key[(directorates[i].id, t.name)], name=t.name)) for i, t in children]
    return directorates, teams


def _start_and_leave(rng: random.Random, end: date) -> tuple[date | None, date | None, bool]:
    roll = rng.random()
    if roll < 0.02:
        start = None
    elif roll < 0.023:
        start = end + timedelta(days=rng.randrange(1, 60))  # starts after the end date
    elif roll < 0.14:
        start = end - timedelta(days=rng.randrange(0, HISTORY_DAYS))
    else:
        start = date(1990, 1, 1) + timedelta(days=rng.randrange(0, (end - date(1990, 1, 1)).days - HISTORY_DAYS))
    leave, anonymised = None, False
    roll = rng.random()
    if start is not None and start <= end and roll < 0.06:
        earliest = max(start + timedelta(days=30), end - timedelta(days=HISTORY_DAYS))
        if earliest < end:
            leave = earliest + timedelta(days=rng.randrange(0, (end - earliest).days + 1))
            anonymised = leave < end - timedelta(days=365) and rng.random() < 0.5
    elif roll < 0.07:
        leave = end + timedelta(days=rng.randrange(1, 120))  # has handed in notice
    return start, leave, anonymised


def _person(rng, number: int, team_id: int, directorate: int, role: tuple, end: date, manager=None) -> Person:
    start, leave, anonymised = _start_and_leave(rng, end)
    first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
    return Person(f"SC{number:06d}", first, last, team_id, directorate, role[0], role[1], start, leave, anonymised,
                  manager)  # fmt: skip


def people_plan(rng, staff: int, directorates: list[Team], teams: list[tuple[int, Team]], end: date) -> list[Person]:
    """Return a director per directorate, a lead per team and everyone else spread over the teams."""
    people: list[Person] = []
    for index, team in enumerate(directorates):
        people.append(_person(rng, len(people) + 1, team.id, index, data.DIRECTOR, end))
    leads = {}
    for index, team in teams:
        kind = data.DIRECTORATES[index][1]
        lead = _person(rng, len(people) + 1, team.id, index, data.TEAM_LEAD[kind], end, people[index].number)
        leads[team.id] = lead.number
        people.append(lead)
    shares = [share for _, _, share, _ in data.DIRECTORATES]
    team_lists = [[(t.id, rng.uniform(0.5, 1.5)) for i, t in teams if i == index] for index in range(len(shares))]
    roles = {kind: ([(r, b) for r, b, _ in spec], [w for *_, w in spec]) for kind, spec in data.ROLES.items()}
    for _ in range(staff - len(people)):
        index = rng.choices(range(len(shares)), weights=shares)[0]
        ids, weights = zip(*team_lists[index], strict=True)
        team_id = rng.choices(ids, weights=weights)[0]
        choices, role_weights = roles[data.DIRECTORATES[index][1]]
        role = rng.choices(choices, weights=role_weights)[0]
        people.append(_person(rng, len(people) + 1, team_id, index, role, end, leads[team_id]))
    return people


def people_insert(organisation: Organisation, people: list[Person]) -> None:
    """Insert directors, then team leads, then everyone else (each pointing at the manager inserted before)."""
    ids: dict[str, int] = {}
    waves = [
        [p for p in people if p.manager is None],
        [p for p in people if p.manager is not None and p.job_role in {r for r, _ in data.TEAM_LEAD.values()}],
    ]
    lead_numbers = {p.number for p in waves[1]}
    waves.append([p for p in people if p.manager is not None and p.number not in lead_numbers])
    for wave in waves:
        before = largest_id(StaffMember)
        rows_insert(
            StaffMember,
            (
                {
                    "organisation_id": organisation.id,
                    "employee_number": p.number,
                    "first_name": "Former" if p.anonymised else p.first_name,
                    "last_name": "staff member" if p.anonymised else p.last_name,
                    "team_id": p.team_id,
                    "job_role": p.job_role,
                    "band": p.band,
                    "line_manager_id": ids.get(p.manager) if p.manager else None,
                    "start_date": p.start_date,
                    "leave_date": p.leave_date,
                    "anonymised_at": (p.leave_date and datetime.combine(p.leave_date, datetime.min.time(), tzinfo=UTC)
                                      + timedelta(days=365)) if p.anonymised else None,
                    "user_id": None,
                    "email": "",
                }
                for p in wave
            ),
        )  # fmt: skip
        ids.update(ids_after(StaffMember, before, "employee_number", organisation=organisation))
    for person in people:
        person.id = ids[person.number]
    rows_insert(  # each person's team history: one open spell from their start, as a migrated record has
        TeamSpell,
        (
            {"staff_id": p.id, "team_id": p.team_id, "started_on": first_day(p.start_date), "ended_on": None}
            for p in people
        ),
    )
    table = connection.ops.quote_name(StaffMember._meta.db_table)
    with connection.cursor() as cursor:  # anonymised records keep only a number made from their id
        cursor.execute(
            f"UPDATE {table} SET employee_number = 'ANON-' || CAST(id AS VARCHAR(20)) "
            "WHERE organisation_id = %s AND anonymised_at IS NOT NULL",
            [organisation.id],
        )
