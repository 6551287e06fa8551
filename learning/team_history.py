"""Which team a staff record was in on a day, kept as dated spells (``TeamSpell``), and the writes that keep them.

A spell covers the days from ``started_on`` up to the day before ``ended_on`` (the first day in the next team),
like cohort membership. Each record has at most one open spell, and its spells do not overlap: every change
goes through ``team_spells_move``, which closes the open spell on the day of the change and opens the next.

The rule for a day: the team of the spell covering it; a day no spell covers (a record written before spells
were kept, by a path that keeps none) falls back to the record's team now. A record's first spell starts on
its start date, or on ``ORIGIN`` (the earliest date a report can show) when it has none, so every day a
record counts in a report is covered. Reports as of a past date use this rule, so a restructure does not
rewrite earlier figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, When

from learning.models import TeamSpell

ORIGIN = date(2000, 1, 1)  # reports refuse earlier dates (readiness reports' EARLIEST)
CHUNK = 1000


@dataclass(frozen=True)
class Spell:
    team_id: int | None
    started_on: date
    ended_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


@dataclass(frozen=True)
class TeamChange:
    """One record's team before and after a change (the start date places a first spell if it has none)."""

    staff_id: int
    before: int | None
    after: int | None
    start_date: date | None = None


def first_day(start_date: date | None) -> date:
    """Return the day a record's first spell starts: its start date, else ``ORIGIN``."""
    return start_date or ORIGIN


def team_on(spells: Sequence[Spell], day: date, fallback: int | None) -> int | None:
    """Return the team of the spell covering ``day``, else ``fallback`` (the record's team now)."""
    for spell in spells:
        if spell.covers(day):
            return spell.team_id
    return fallback


def spell_covering(day: date, *, prefix: str = "") -> Q:
    """Return the filter for spells covering ``day`` (``prefix`` reaches them through a relation)."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def team_id_on(day: date):
    """Return an expression for a staff queryset: the record's team id on ``day`` by the rule above."""
    covering = TeamSpell.objects.filter(spell_covering(day), staff_id=OuterRef("pk"))
    team = Subquery(covering.values("team_id")[:1])
    return Case(When(Exists(covering), then=team), default=F("team_id"), output_field=IntegerField(null=True))


def team_on_sql(staff: str, spell: str) -> tuple[str, str]:
    """Return (join, team expression) for report SQL: a LEFT JOIN of the spell covering a day (two parameters,
    the day twice) to the staff table aliased ``staff``, and the team id on that day."""
    join = (
        f"LEFT JOIN {TeamSpell._meta.db_table} {spell} ON {spell}.staff_id = {staff}.id "
        f"AND {spell}.started_on <= %s AND ({spell}.ended_on IS NULL OR {spell}.ended_on > %s)"
    )
    return join, f"CASE WHEN {spell}.id IS NULL THEN {staff}.team_id ELSE {spell}.team_id END"


def spells_for(staff_ids: Iterable[int]) -> dict[int, list[Spell]]:
    """Return each record's spells in date order. One query."""
    found: dict[int, list[Spell]] = defaultdict(list)
    rows = TeamSpell.objects.filter(staff_id__in=list(staff_ids)).order_by("staff_id", "started_on", "id")
    for staff_id, team_id, started, ended in rows.values_list("staff_id", "team_id", "started_on", "ended_on"):
        found[staff_id].append(Spell(team_id, started, ended))
    return dict(found)


# --- writes -------------------------------------------------------------------------------------------------------


def team_spells_open(*, records: Iterable[tuple[int, int | None, date | None]]) -> int:
    """Give new records, as (staff_id, team_id, start_date), their first open spell (a record that already has an
    open one keeps it: the one-open-spell constraint skips it). Return the number of records given."""
    new = [
        TeamSpell(staff_id=staff_id, team_id=team_id, started_on=first_day(start_date))
        for staff_id, team_id, start_date in records
    ]
    TeamSpell.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    return len(new)


def team_spells_move(*, changes: Iterable[TeamChange], day: date) -> int:
    """Record that each record is in its ``after`` team from ``day``: close the open spell the day before and open
    the next. A change on or before the open spell's first day corrects that spell instead (no spell is ever
    empty). A record with no spells gets one for its old team first, so earlier days keep it. Return the number
    of records whose history changed."""
    changes = [change for change in changes if change.before != change.after]
    if not changes:
        return 0
    with transaction.atomic():
        open_spells: dict[int, tuple[int, date, int | None]] = {}
        ids = [change.staff_id for change in changes]
        for start in range(0, len(ids), CHUNK):
            rows = TeamSpell.objects.filter(staff_id__in=ids[start : start + CHUNK], ended_on__isnull=True)
            open_spells.update(
                (s, (pk, on, team)) for s, pk, on, team in rows.values_list("staff_id", "id", "started_on", "team_id")
            )
        corrected: dict[int | None, list[int]] = defaultdict(list)
        closed: list[int] = []
        new: list[TeamSpell] = []
        for change in changes:
            spell = open_spells.get(change.staff_id)
            if spell is None:
                opened = first_day(change.start_date)
                if opened < day:
                    new.append(
                        TeamSpell(staff_id=change.staff_id, team_id=change.before, started_on=opened, ended_on=day)
                    )
                new.append(TeamSpell(staff_id=change.staff_id, team_id=change.after, started_on=max(opened, day)))
            elif spell[2] == change.after:
                continue
            elif spell[1] >= day:
                corrected[change.after].append(spell[0])
            else:
                closed.append(spell[0])
                new.append(TeamSpell(staff_id=change.staff_id, team_id=change.after, started_on=day))
        for team_id, spell_ids in corrected.items():
            TeamSpell.objects.filter(id__in=spell_ids).update(team_id=team_id)
        for start in range(0, len(closed), CHUNK):
            TeamSpell.objects.filter(id__in=closed[start : start + CHUNK]).update(ended_on=day)
        TeamSpell.objects.bulk_create(new, batch_size=CHUNK)
    return len(changes)
