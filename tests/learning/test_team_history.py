"""Team history (learning.team_history): the team on a day, and the writes that keep the spells."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning.models import StaffMember, Team, TeamSpell
from learning.team_history import (
    ORIGIN,
    Spell,
    TeamChange,
    spells_for,
    team_id_on,
    team_on,
    team_on_sql,
    team_spells_move,
    team_spells_open,
)
from tests.factories import OrganisationFactory, StaffMemberFactory

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2039, 12, 31))


@st.composite
def histories(draw):
    """A record's spells as the writes make them: consecutive, the last one open."""
    start = draw(days)
    gaps = draw(st.lists(st.integers(min_value=1, max_value=500), max_size=5))
    team_ids = st.none() | st.integers(min_value=1, max_value=9)
    teams = draw(st.lists(team_ids, min_size=len(gaps) + 1, max_size=len(gaps) + 1))
    spells, on = [], start
    for team, gap in zip(teams, [*gaps, None], strict=True):
        end = None if gap is None else on + timedelta(days=gap)
        spells.append(Spell(team, on, end))
        on = end
    return spells


@given(spells=histories(), day=days, fallback=st.integers(min_value=100, max_value=200))
def test_a_day_falls_in_at_most_one_spell_and_takes_its_team(spells, day, fallback):
    covering = [spell for spell in spells if spell.covers(day)]
    assert len(covering) <= 1
    expected = covering[0].team_id if covering else fallback
    assert team_on(spells, day, fallback) == expected
    if day >= spells[0].started_on:
        assert covering  # from the first spell on, every day is covered: the last spell is open


@given(spells=histories())
def test_each_spell_starts_the_day_the_one_before_ends(spells):
    for before, after in zip(spells, spells[1:], strict=False):
        assert before.ended_on == after.started_on
        assert team_on(spells, before.ended_on - timedelta(days=1), None) == before.team_id
        assert team_on(spells, after.started_on, None) == after.team_id


@pytest.fixture
def teams(db):
    org = OrganisationFactory()
    housing = Team.objects.create(organisation=org, name="Housing")
    return org, housing, Team.objects.create(organisation=org, name="Care")


MOVE = date(2026, 3, 1)


def test_a_move_closes_the_old_spell_and_opens_the_next_on_the_day(teams):
    org, housing, care = teams
    person = StaffMemberFactory(organisation=org, team=housing, start_date=date(2020, 1, 6))
    team_spells_open(records=[(person.id, housing.id, person.start_date)])
    team_spells_move(changes=[TeamChange(person.id, housing.id, care.id, person.start_date)], day=MOVE)
    assert spells_for([person.id])[person.id] == [Spell(housing.id, date(2020, 1, 6), MOVE), Spell(care.id, MOVE)]
    StaffMember.objects.filter(pk=person.pk).update(team=care)
    before = MOVE - timedelta(days=1)
    on = {day: StaffMember.objects.annotate(t=team_id_on(day)).get(pk=person.pk).t for day in (before, MOVE)}
    assert on == {before: housing.id, MOVE: care.id}


def test_a_second_move_on_the_same_day_corrects_the_new_spell(teams):
    org, housing, care = teams
    person = StaffMemberFactory(organisation=org, team=housing)
    team_spells_open(records=[(person.id, housing.id, None)])
    team_spells_move(changes=[TeamChange(person.id, housing.id, care.id)], day=MOVE)
    team_spells_move(changes=[TeamChange(person.id, care.id, None)], day=MOVE)
    assert spells_for([person.id])[person.id] == [Spell(housing.id, ORIGIN, MOVE), Spell(None, MOVE)]


def test_a_record_without_spells_keeps_its_old_team_for_earlier_days(teams):
    org, housing, care = teams
    person = StaffMemberFactory(organisation=org, team=housing, start_date=date(2024, 5, 1))
    team_spells_move(changes=[TeamChange(person.id, housing.id, care.id, person.start_date)], day=MOVE)
    assert spells_for([person.id])[person.id] == [Spell(housing.id, date(2024, 5, 1), MOVE), Spell(care.id, MOVE)]


def test_a_record_with_no_spell_falls_back_to_its_team(teams):
    org, housing, _ = teams
    person = StaffMemberFactory(organisation=org, team=housing)
    assert StaffMember.objects.annotate(t=team_id_on(MOVE)).get(pk=person.pk).t == housing.id


def test_the_database_allows_one_open_spell_and_ordered_dates(teams):
    org, housing, care = teams
    person = StaffMemberFactory(organisation=org, team=housing)
    TeamSpell.objects.create(staff=person, team=housing, started_on=MOVE)
    with pytest.raises(IntegrityError):
        TeamSpell.objects.create(staff=person, team=care, started_on=MOVE + timedelta(days=1))


def test_a_spell_cannot_end_before_it_starts(teams):
    org, housing, _ = teams
    person = StaffMemberFactory(organisation=org, team=housing)
    with pytest.raises(IntegrityError):
        TeamSpell.objects.create(staff=person, team=housing, started_on=MOVE, ended_on=MOVE)


START = date(2020, 1, 1)
moves = st.lists(
    st.tuples(st.integers(min_value=0, max_value=3000), st.sampled_from(["housing", "care", None])), max_size=6
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=moves, probe=st.integers(min_value=-100, max_value=3200))
def test_the_spells_written_and_their_database_lookups_agree_with_the_rule(teams, history, probe):
    org, housing, care = teams
    ids = {"housing": housing.id, "care": care.id, None: None}
    person = StaffMemberFactory(organisation=org, team=housing, user=None, start_date=START)
    team_spells_open(records=[(person.id, housing.id, START)])
    current = housing.id
    for offset, team in sorted(history, key=lambda move: move[0]):  # changes arrive in date order
        team_spells_move(changes=[TeamChange(person.id, current, ids[team], START)], day=START + timedelta(offset))
        current = ids[team]
    StaffMember.objects.filter(pk=person.pk).update(team_id=current)
    spells = spells_for([person.id])[person.id]
    assert spells[0].started_on == START and spells[-1].ended_on is None
    assert all(a.ended_on == b.started_on for a, b in zip(spells, spells[1:], strict=False))
    day = START + timedelta(probe)
    expected = team_on(spells, day, current)
    assert StaffMember.objects.annotate(t=team_id_on(day)).get(pk=person.pk).t == expected
    join, team = team_on_sql("s", "ts")
    with connection.cursor() as cursor:
        value = connection.ops.adapt_datefield_value(day)
        cursor.execute(
            f"SELECT {team} FROM {StaffMember._meta.db_table} s {join} WHERE s.id = %s", [value, value, person.pk]
        )
        assert cursor.fetchone()[0] == expected


def test_the_import_records_a_new_team_from_the_day_of_the_import(db):
    from tests.learning.test_staff_import_apply import run
    from tests.learning.test_staff_import_files import DOMAIN, person

    org = OrganisationFactory(slug="northbrook", email_domains=DOMAIN)
    first, second = date(2026, 2, 1), date(2026, 6, 1)
    assert run(org, [person(1, team="Housing")], today=first).applied
    record = StaffMember.objects.get(organisation=org, employee_number="E001")
    housing = record.team_id
    assert spells_for([record.id])[record.id] == [Spell(housing, date(2020, 4, 1))]  # from the start date in the file
    assert run(org, [person(1, team="Adult Social Care")], today=second).applied
    record.refresh_from_db()
    moved = [Spell(housing, date(2020, 4, 1), second), Spell(record.team_id, second)]
    assert spells_for([record.id])[record.id] == moved
    assert run(org, [person(1, team="Adult Social Care", job_role="Manager")], today=second).applied
    assert len(spells_for([record.id])[record.id]) == 2  # other changes leave the history alone
