"""Readiness engine (pure, no database): the shared worked example, properties of section 5, edge cases."""

from __future__ import annotations

import functools
import json
import math
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.validity import EVIDENCE_SOURCES
from cms.calendar import add_months
from readiness import engine as readiness
from readiness.suppression import MIN_GROUP_SIZE
from tests.fixtures import fixture_path

EXAMPLE_PATH = fixture_path("readiness_worked_example.json")
EXAMPLE = json.loads(EXAMPLE_PATH.read_text())  # maintained outside the repo: missing file = collection error
EXPECTED = EXAMPLE["expected"]
INPUT_LEAVES = {("baseline", "as_of"), ("as_of", "as_of"), ("learning_gain", "baseline"), ("learning_gain", "as_of")}

MEMBER_COLUMNS = ["person", "team", "joined_on", "left_on", "left_org_on"]
RESULT_COLUMNS = ["person", "skill_area", "level", "source", "assessed_on", "expires_on"]


def members_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=MEMBER_COLUMNS)


def results_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def plain(value: Any) -> Any:
    """Return a JSON-comparable value: NA -> None, numpy scalars -> Python numbers."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    return value


# --- the worked example --------------------------------------------------------------------------------------


def example_inputs() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], dict[str, int]]:
    members = pd.DataFrame(EXAMPLE["people"]).rename(columns={"id": "person"})
    results = pd.DataFrame(EXAMPLE["results"])
    return members, results, EXAMPLE["cohort"]["targets"], EXAMPLE["expiry_months"]


@functools.cache
def example_report(as_of: str) -> dict[str, pd.DataFrame]:
    members, results, targets, expiry = example_inputs()
    report = readiness.readiness_report(members, results, targets, as_of, expiry_months=expiry)
    return {name: readiness.rounded(frame) for name, frame in report.items()}


@functools.cache
def example_gain() -> tuple[pd.DataFrame, pd.DataFrame]:
    members, results, targets, expiry = example_inputs()
    dates = (EXPECTED["learning_gain"]["baseline"], EXPECTED["learning_gain"]["as_of"])
    pairs = readiness.paired_levels(members, results, targets, *dates, expiry_months=expiry)
    gain = readiness.learning_gain(members, results, targets, *dates, expiry_months=expiry)
    return pairs, readiness.rounded(gain)


def leaves(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Return (path, value) for every figure in the expected section; lists of ids count as one figure."""
    if isinstance(node, dict):
        return [leaf for key, child in node.items() for leaf in leaves(child, (*path, key))]
    if isinstance(node, list) and node and isinstance(node[0], dict):
        return [leaf for i, child in enumerate(node) for leaf in leaves(child, (*path, i))]
    return [(path, node)]


def figure(path: tuple) -> Any:
    """Return the engine's value for one figure of the worked example, located by its path in the file."""
    section, *rest = path
    if section == "learning_gain":
        pairs, gain = example_gain()
        _, area, field = rest
        in_area = pairs[pairs["skill_area"] == area]
        if field == "paired":
            return sorted(in_area["person"])
        if field == "not_ready_at_baseline":
            return sorted(in_area.loc[in_area["baseline_level"] < in_area["target_level"], "person"])
        return gain.set_index("skill_area").loc[area, field]
    as_of = EXPECTED[section]["as_of"]
    report = example_report(as_of)
    match rest:
        case ["members"] | ["readiness_mean"] | ["readiness_all"]:
            return report["summary"].loc[0, rest[0]]
        case ["member_ids"]:
            members, *_ = example_inputs()
            return sorted(readiness.members_on(members, as_of)["person"])
        case ["areas", area, "levels", person]:
            staff = report["staff"]
            (level,) = staff.loc[(staff["person"] == person) & (staff["skill_area"] == area), "assessed_level"]
            return level
        case ["areas", area, field]:
            return report["areas"].set_index("skill_area").loc[area, field]
        case ["teams", index, field]:
            return report["teams"].loc[index, field]
    raise KeyError(f"no figure for {path}: teach figure() about this part of the worked example")


CASES = [(path, value) for path, value in leaves(EXPECTED) if path not in INPUT_LEAVES]


@pytest.mark.parametrize(("path", "expected"), CASES, ids=["-".join(map(str, path)) for path, _ in CASES])
def test_worked_example_figure(path, expected):
    assert plain(figure(path)) == expected


@pytest.mark.parametrize("section", ["baseline", "as_of"])
def test_worked_example_has_one_team_row_per_team_and_area_in_its_order(section):
    teams = example_report(EXPECTED[section]["as_of"])["teams"]
    assert len(teams) == len(EXPECTED[section]["teams"])


@pytest.mark.parametrize("area", list(EXPECTED["learning_gain"]["areas"]))
def test_worked_example_learning_gain_counts_match_its_lists(area):
    _, gain = example_gain()
    row = gain.set_index("skill_area").loc[area]
    expected = EXPECTED["learning_gain"]["areas"][area]
    assert row["people"] == len(expected["paired"])
    assert row["not_ready_at_baseline"] == len(expected["not_ready_at_baseline"])


@pytest.mark.parametrize("section", ["baseline", "as_of"])
def test_worked_example_has_exactly_its_areas_and_one_staff_row_per_member_and_area(section):
    report = example_report(EXPECTED[section]["as_of"])
    areas = EXPECTED[section]["areas"]
    assert list(report["areas"]["skill_area"]) == list(areas)
    for area, figures in areas.items():
        staff = report["staff"]
        assert sorted(staff.loc[staff["skill_area"] == area, "person"]) == sorted(figures["levels"])


# --- properties ----------------------------------------------------------------------------------------------

AREAS = ("area-a", "area-b", "area-c")
START = date(2024, 1, 1)
days = st.integers(0, 1000).map(lambda n: START + timedelta(days=n))
later = st.integers(1, 700).map(lambda n: timedelta(days=n))
EVIDENCE = st.sampled_from(EVIDENCE_SOURCES)


@st.composite
def cohorts(draw, dense: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], date]:
    """Draw members (some with two spells), results for members and outsiders, targets and an as-of date.

    ``dense`` draws a few long-serving people with many unexpired assessed results against targets of 1-3, so
    that learning gain has people to pair and convert.
    """
    people = draw(st.integers(1, 6) if dense else st.integers(0, 14))
    joins = st.integers(0, 200).map(lambda n: START + timedelta(days=n)) if dense else days
    gaps = st.integers(300, 1000).map(lambda n: timedelta(days=n)) if dense else later
    spells = []
    for person in range(people):
        for _ in range(draw(st.integers(1, 2))):
            joined = draw(joins)
            left = draw(st.none() | gaps.map(lambda gap, j=joined: j + gap))
            left_org = None if dense else draw(st.none() | gaps.map(lambda gap, j=joined: j + gap))
            team = draw(st.sampled_from(["T1", "T2"]))
            spells.append(
                {"person": person, "team": team, "joined_on": joined, "left_on": left, "left_org_on": left_org}
            )
    result = st.fixed_dictionaries(
        {
            "person": st.integers(0, people),  # `people` itself is never a member
            "skill_area": st.sampled_from(AREAS),
            "level": st.integers(0, 4),
            "source": EVIDENCE if dense else st.sampled_from(["assessed", "observed", "self_rated"]),
            "assessed_on": days,
            "expires_on": st.none() if dense else st.none() | days,
        }
    )
    results = draw(st.lists(result, min_size=30, max_size=70) if dense else st.lists(result, max_size=40))
    targets = draw(st.fixed_dictionaries({area: st.integers(1, 3) if dense else st.integers(0, 4) for area in AREAS}))
    as_of = draw(st.integers(400, 1000).map(lambda n: START + timedelta(days=n)) if dense else days)
    return members_frame(spells), results_frame(results), targets, as_of


# Each example runs the engine a few times at ~20-40 ms a run (pandas overhead on tiny frames), so the literal
# transcription, which pins every figure, gets the most examples and the narrower properties fewer.
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NARROWER = settings(PROPERTY, max_examples=30)


EXPIRY = {"area-a": 24, "area-b": 12, "area-c": 24}  # results without expires_on need their area's months


def reference_levels(members: pd.DataFrame, results: pd.DataFrame, targets: dict[str, int], d: date) -> dict:
    """Return {targeted area: {member: E(p, a) or None}} on ``d``, section 5 transcribed one person at a time."""
    n = {
        s.person
        for s in members.itertuples()
        if s.joined_on <= d and (s.left_on is None or s.left_on > d) and (s.left_org_on is None or s.left_org_on > d)
    }

    def e(p, a):
        valid = [
            r
            for r in results.itertuples()
            if r.person == p
            and r.skill_area == a
            and r.source in ("assessed", "observed")
            and r.assessed_on <= d
            and (r.expires_on if r.expires_on is not None else add_months(r.assessed_on, EXPIRY[a])) > d
        ]
        return max(valid, key=lambda r: (r.assessed_on, r.level)).level if valid else None

    return {a: {p: e(p, a) for p in n} for a, t in targets.items() if t >= 1}, n


def reference_report(members: pd.DataFrame, results: pd.DataFrame, targets: dict[str, int], d: date) -> dict:
    """Return the area figures and summary of section 5, computed literally (the engine must agree)."""
    by_area, n = reference_levels(members, results, targets, d)
    rows, ready_everywhere, nan = {}, set(n), float("nan")
    for a, levels in by_area.items():
        t = targets[a]
        assessed = [lv for lv in levels.values() if lv is not None]
        ready = {p for p, lv in levels.items() if lv is not None and lv >= t}
        ready_everywhere &= ready
        rows[a] = {
            "members": len(n),
            "assessed": len(assessed),
            "ready": len(ready),
            "coverage": len(assessed) / len(n) if n else nan,
            "readiness": len(ready) / len(n) if n else nan,
            "readiness_assessed": len(ready) / len(assessed) if assessed else nan,
            "readiness_upper": len(ready) / len(n) + 1 - len(assessed) / len(n) if n else nan,
            "mean_gap": sum(max(0, t - lv) for lv in assessed) / len(assessed) if assessed else nan,
        }
    return {
        "areas": rows,
        "members": len(n),
        "readiness_mean": sum(r["readiness"] for r in rows.values()) / len(rows) if n and rows else nan,
        "readiness_all": len(ready_everywhere) / len(n) if n and rows else nan,
    }


def reference_gain(members: pd.DataFrame, results: pd.DataFrame, targets: dict[str, int], b: date, d: date) -> dict:
    """Return the learning gain of section 5 per targeted area, computed literally."""
    (before, _), (after, _) = (reference_levels(members, results, targets, day) for day in (b, d))
    gain, nan = {}, float("nan")
    for a, t in targets.items():
        if t < 1:
            continue
        paired = [p for p in before[a] if p in after[a] and before[a][p] is not None and after[a][p] is not None]
        not_ready = [p for p in paired if before[a][p] < t]
        converted = [p for p in not_ready if after[a][p] >= t]
        gain[a] = {
            "people": len(paired),
            "mean_level_change": sum(after[a][p] - before[a][p] for p in paired) / len(paired) if paired else nan,
            "not_ready_at_baseline": len(not_ready),
            "converted": len(converted),
            "conversion": len(converted) / len(not_ready) if not_ready else nan,
        }
    return gain


@PROPERTY
@given(cohorts())
def test_engine_agrees_with_a_literal_transcription_of_section_5(cohort):
    members, results, targets, as_of = cohort
    expected = reference_report(members, results, targets, as_of)
    report = readiness.readiness_report(members, results, targets, as_of, expiry_months=EXPIRY)
    areas = report["areas"].set_index("skill_area")
    assert list(areas.index) == list(expected["areas"])
    for area, figures in expected["areas"].items():
        for field, value in figures.items():
            assert areas.loc[area, field] == pytest.approx(value, nan_ok=True), (area, field)
    assert report["summary"].loc[0, "members"] == expected["members"]
    for field in ("readiness_mean", "readiness_all"):
        assert report["summary"].loc[0, field] == pytest.approx(expected[field], nan_ok=True), field


@NARROWER
@given(cohorts())
def test_fractions_stay_in_their_bounds(cohort):
    areas = readiness.area_table(*cohort, expiry_months=EXPIRY)
    for row in areas.itertuples():
        assert 0 <= row.ready <= row.assessed <= row.members
        if row.members == 0:
            assert np.isnan([row.coverage, row.readiness, row.readiness_upper, row.readiness_assessed]).all()
            continue
        assert 0 <= row.coverage <= 1
        assert 0 <= row.readiness <= row.readiness_upper <= 1
        if row.assessed:
            assert row.readiness <= row.readiness_assessed <= 1
            assert 0 <= row.mean_gap <= row.target_level
        else:
            assert math.isnan(row.readiness_assessed) and math.isnan(row.mean_gap)


@NARROWER
@given(cohorts(), st.data())
def test_a_result_at_or_above_target_never_lowers_readiness(cohort, data):
    members, results, targets, as_of = cohort
    current = readiness.members_on(members, as_of)
    targeted = [a for a, t in targets.items() if t >= 1]
    if current.empty or not targeted:
        return
    person = data.draw(st.sampled_from(list(current["person"])))
    area = data.draw(st.sampled_from(targeted))
    extra = {
        "person": person,
        "skill_area": area,
        "level": data.draw(st.integers(targets[area], 4)),
        "source": data.draw(EVIDENCE),
        "assessed_on": data.draw(st.just(as_of) | days.filter(lambda d: d <= as_of)),
        "expires_on": None,
    }
    before = readiness.area_table(members, results, targets, as_of, expiry_months=EXPIRY).set_index("skill_area")[
        "readiness"
    ]
    more = pd.concat([results, results_frame([extra])], ignore_index=True)
    after = readiness.area_table(members, more, targets, as_of, expiry_months=EXPIRY).set_index("skill_area")[
        "readiness"
    ]
    assert (after >= before).all()
    if extra["assessed_on"] == as_of:
        staff = readiness.staff_table(members, more, targets, as_of, expiry_months=EXPIRY)
        assert staff.loc[(staff["person"] == person) & (staff["skill_area"] == area), "ready"].item() == 1


@NARROWER
@given(cohorts())
def test_groups_under_five_are_always_suppressed(cohort):
    members, results, targets, as_of = cohort
    teams = readiness.team_table(members, results, targets, as_of, expiry_months=EXPIRY)
    sizes = readiness.members_on(members, as_of)["team"].value_counts()
    targeted = [a for a, t in targets.items() if t >= 1]
    assert len(teams) == len(sizes) * len(targeted)
    for row in teams.itertuples():
        if sizes[row.team] < MIN_GROUP_SIZE:
            assert row.suppressed == 1
            assert row.members is pd.NA and row.ready is pd.NA and math.isnan(row.readiness)
        else:
            assert row.suppressed == 0 and row.members == sizes[row.team]
            assert row.readiness == row.ready / row.members


def assert_nothing_changes(cohort, extra_rows: list[dict]) -> None:
    """Assert the staff table is identical with the extra results; every other table is computed from it."""
    members, results, targets, as_of = cohort
    more = pd.concat([results, results_frame(extra_rows)], ignore_index=True)
    before = readiness.staff_table(members, results, targets, as_of, expiry_months=EXPIRY)
    after = readiness.staff_table(members, more, targets, as_of, expiry_months=EXPIRY)
    pd.testing.assert_frame_equal(after, before)


def extra_results(**fields) -> st.SearchStrategy[list[dict]]:
    base = {
        "person": st.integers(0, 14),
        "skill_area": st.sampled_from(AREAS),
        "level": st.integers(0, 4),
        "source": EVIDENCE,
        "expires_on": st.none(),
    }
    return st.lists(st.fixed_dictionaries({**base, **fields}), min_size=1, max_size=5)


@NARROWER
@given(cohorts(), extra_results(source=st.just("self_rated"), assessed_on=days, expires_on=st.none() | days))
def test_self_ratings_never_change_anything(cohort, extra):
    assert_nothing_changes(cohort, extra)


@NARROWER
@given(cohorts(), extra_results(assessed_on=days), st.data())
def test_results_dated_after_as_of_are_ignored(cohort, extra, data):
    as_of = cohort[3]
    for row in extra:
        row["assessed_on"] = as_of + data.draw(later)
    assert_nothing_changes(cohort, extra)


@NARROWER
@given(cohorts(), extra_results(assessed_on=days), st.data())
def test_expired_results_are_ignored(cohort, extra, data):
    as_of = cohort[3]
    for row in extra:
        if data.draw(st.booleans()):  # an explicit expiry on or before the as-of date
            row["expires_on"] = as_of - data.draw(st.integers(0, 300).map(lambda n: timedelta(days=n)))
            row["assessed_on"] = row["expires_on"] - data.draw(later)
        else:  # the default 24 months ran out on or before the as-of date
            row["assessed_on"] = add_months(as_of, -24) - data.draw(st.integers(0, 300).map(lambda n: timedelta(n)))
    assert_nothing_changes(cohort, extra)


@NARROWER
@given(cohorts(dense=True), st.integers(30, 500).map(lambda n: timedelta(days=n)))
def test_learning_gain_agrees_with_a_literal_transcription(cohort, back):
    members, results, targets, as_of = cohort
    baseline = as_of - back
    expected = reference_gain(members, results, targets, baseline, as_of)
    gain = readiness.learning_gain(members, results, targets, baseline, as_of, expiry_months=EXPIRY)
    assert list(gain["skill_area"]) == list(expected)
    for row in gain.to_dict("records"):
        for field, value in expected[row["skill_area"]].items():
            assert row[field] == pytest.approx(value, nan_ok=True), (row["skill_area"], field)
        assert 0 <= row["converted"] <= row["not_ready_at_baseline"] <= row["people"]


# --- edge cases ----------------------------------------------------------------------------------------------

AS_OF = date(2026, 6, 30)


def member(person, team="T1", joined_on=date(2020, 1, 1), left_on=None, left_org_on=None) -> dict:
    return {"person": person, "team": team, "joined_on": joined_on, "left_on": left_on, "left_org_on": left_org_on}


def result(person, level, assessed_on=date(2026, 6, 1), area="area-a", source="assessed", expires_on=None) -> dict:
    return {
        "person": person,
        "skill_area": area,
        "level": level,
        "source": source,
        "assessed_on": assessed_on,
        "expires_on": expires_on,
    }


def level_of(members: list[dict], results: pd.DataFrame, person="p", as_of=AS_OF, **kwargs) -> int | None:
    kwargs.setdefault("expiry_months", EXPIRY)
    staff = readiness.staff_table(members_frame(members), results, {"area-a": 2}, as_of, **kwargs)
    return plain(staff.loc[staff["person"] == person, "assessed_level"].item())


def test_an_empty_cohort_has_a_row_per_area_with_zero_counts_and_no_fractions():
    report = readiness.readiness_report(
        members_frame([]), results_frame([]), {"area-a": 2, "area-b": 1}, AS_OF, expiry_months=EXPIRY
    )
    areas = report["areas"]
    assert list(areas["skill_area"]) == ["area-a", "area-b"]
    assert (areas[["members", "assessed", "ready"]] == 0).all().all()
    assert areas[["coverage", "readiness", "readiness_assessed", "readiness_upper", "mean_gap"]].isna().all().all()
    assert plain(report["summary"].to_dict("records")) == [
        {"members": 0, "readiness_mean": None, "readiness_all": None}
    ]
    assert report["staff"].empty and report["teams"].empty
    gain = readiness.learning_gain(
        members_frame([]), results_frame([]), {"area-a": 2}, date(2026, 1, 1), AS_OF, expiry_months=EXPIRY
    )
    assert gain.loc[0, "people"] == 0 and math.isnan(gain.loc[0, "mean_level_change"])


def test_when_nobody_is_assessed_readiness_is_zero_and_readiness_assessed_undefined():
    self_rated = results_frame([result("a", 4, source="self_rated")])
    areas = readiness.area_table(
        members_frame([member("a"), member("b")]), self_rated, {"area-a": 2}, AS_OF, expiry_months=EXPIRY
    )
    row = areas.iloc[0]
    assert (row["members"], row["assessed"], row["ready"]) == (2, 0, 0)
    assert (row["coverage"], row["readiness"], row["readiness_upper"]) == (0, 0, 1)
    assert math.isnan(row["readiness_assessed"]) and math.isnan(row["mean_gap"])


def test_areas_with_target_zero_are_not_targeted():
    members = members_frame([member("a")])
    results = results_frame([result("a", 0, area="area-b")])
    targets = {"area-a": 1, "area-b": 0}
    assert list(readiness.area_table(members, results, targets, AS_OF, expiry_months=EXPIRY)["skill_area"]) == [
        "area-a"
    ]
    assert list(readiness.staff_table(members, results, targets, AS_OF, expiry_months=EXPIRY)["skill_area"]) == [
        "area-a"
    ]
    nothing_targeted = readiness.summary(members, results, {"area-b": 0}, AS_OF, expiry_months=EXPIRY).iloc[0]
    assert nothing_targeted["members"] == 1
    assert math.isnan(nothing_targeted["readiness_mean"]) and math.isnan(nothing_targeted["readiness_all"])


def test_membership_starts_on_joined_on_and_ends_on_left_on_or_leaving_the_organisation():
    members = members_frame(
        [
            member("joins today", joined_on=AS_OF),
            member("joins tomorrow", joined_on=AS_OF + timedelta(1)),
            member("left cohort today", left_on=AS_OF),
            member("leaves cohort tomorrow", left_on=AS_OF + timedelta(1)),
            member("left organisation today", left_org_on=AS_OF),
            member("leaves organisation tomorrow", left_org_on=AS_OF + timedelta(1)),
        ]
    )
    assert list(readiness.members_on(members, AS_OF)["person"]) == [
        "joins today",
        "leaves cohort tomorrow",
        "leaves organisation tomorrow",
    ]


def test_a_person_with_overlapping_spells_counts_once_in_their_latest_team():
    members = members_frame([member("p", team="Old"), member("p", team="New", joined_on=date(2026, 3, 1))])
    current = readiness.members_on(members, AS_OF)
    assert current.to_dict("records") == [{"person": "p", "team": "New"}]


def test_the_most_recent_result_wins_even_when_it_is_lower():
    results = results_frame([result("p", 3, date(2026, 1, 1)), result("p", 1, date(2026, 5, 1))])
    assert level_of([member("p")], results) == 1


def test_a_result_later_on_the_as_of_day_counts_and_one_expiring_that_day_does_not():
    later_today = results_frame([result("p", 3, datetime(2026, 6, 30, 17, 45))])
    assert level_of([member("p")], later_today) == 3
    expiring = results_frame([result("p", 3, date(2025, 1, 1), expires_on=datetime(2026, 6, 30, 8, 0))])
    assert level_of([member("p")], expiring) is None
    assert level_of([member("p")], expiring, as_of=date(2026, 6, 29)) == 3


def test_expiry_follows_the_area_and_clamps_to_the_end_of_the_month():
    results = results_frame([result("p", 2, date(2024, 2, 29))])
    twelve = {"expiry_months": {"area-a": 12}}
    assert level_of([member("p")], results, as_of=date(2025, 2, 27), **twelve) == 2
    assert level_of([member("p")], results, as_of=date(2025, 2, 28), **twelve) is None
    assert level_of([member("p")], results, as_of=date(2026, 2, 27)) == 2  # area-a: 24 months in EXPIRY
    assert level_of([member("p")], results, as_of=date(2026, 2, 28)) is None


def test_an_explicit_expiry_wins_over_the_area_default():
    results = results_frame([result("p", 2, date(2026, 1, 1), expires_on=date(2026, 3, 1))])
    assert level_of([member("p")], results, as_of=date(2026, 2, 28)) == 2
    assert level_of([member("p")], results, as_of=date(2026, 3, 1)) is None


def test_ties_on_assessed_on_go_to_the_higher_id_then_the_higher_level():
    same_day = results_frame([result("p", 3), result("p", 1), result("p", 2)])
    assert level_of([member("p")], same_day) == 3
    assert level_of([member("p")], same_day.assign(id=[1, 3, 2])) == 1


def test_timezone_aware_datetimes_are_read_as_wall_clock_time():
    # 00:30 on 1 July in London is still 30 June in UTC: the London date is the one that counts.
    just_after_midnight = pd.Timestamp("2026-07-01 00:30", tz="Europe/London")
    results = pd.DataFrame([result("p", 3)]).assign(assessed_on=[just_after_midnight])
    assert level_of([member("p")], results, as_of=date(2026, 7, 1)) == 3
    assert level_of([member("p")], results, as_of=date(2026, 6, 30)) is None


def test_conversion_counts_only_people_not_ready_at_the_baseline():
    members = members_frame([member(p) for p in ("ready", "converts", "stuck", "left", "new")])
    members.loc[members["person"] == "left", "left_on"] = date(2026, 3, 1)
    baseline, early, late = date(2026, 2, 1), date(2026, 1, 5), date(2026, 5, 1)
    results = results_frame(
        [
            result("ready", 2, early),
            result("ready", 2, late),
            result("converts", 1, early),
            result("converts", 3, late),
            result("stuck", 0, early),
            result("stuck", 1, late),
            result("left", 0, early),
            result("left", 2, late),
            result("new", 2, late),
        ]
    )
    pairs = readiness.paired_levels(members, results, {"area-a": 2}, baseline, AS_OF, expiry_months=EXPIRY)
    assert sorted(pairs["person"]) == ["converts", "ready", "stuck"]
    gain = readiness.learning_gain(members, results, {"area-a": 2}, baseline, AS_OF, expiry_months=EXPIRY).iloc[0]
    assert gain[["people", "not_ready_at_baseline", "converted"]].tolist() == [3, 2, 1]
    assert gain["conversion"] == 0.5 and gain["mean_level_change"] == 1


def test_conversion_is_undefined_when_everyone_was_ready_at_the_baseline():
    results = results_frame([result("p", 2, date(2026, 1, 1)), result("p", 3, date(2026, 5, 1))])
    gain = readiness.learning_gain(
        members_frame([member("p")]), results, {"area-a": 2}, date(2026, 2, 1), AS_OF, expiry_months=EXPIRY
    )
    assert gain.loc[0, ["people", "not_ready_at_baseline", "converted"]].tolist() == [1, 0, 0]
    assert gain.loc[0, "mean_level_change"] == 1 and math.isnan(gain.loc[0, "conversion"])


def test_a_team_of_four_is_suppressed_and_a_team_of_five_is_shown():
    members = members_frame([member(i, team="Four") for i in range(4)] + [member(i, team="Five") for i in range(4, 9)])
    results = results_frame([result(i, 2) for i in range(9)])
    teams = readiness.team_table(members, results, {"area-a": 2}, AS_OF, expiry_months=EXPIRY).set_index("team")
    assert teams.loc["Four", "suppressed"] == 1 and teams.loc["Four", "members"] is pd.NA
    assert teams.loc["Five", "suppressed"] == 0 and teams.loc["Five", ["members", "ready"]].tolist() == [5, 5]


def test_breakdowns_work_for_job_role_as_well_as_team():
    members = members_frame([member(i) for i in range(6)]).assign(job_role=["Nurse"] * 5 + ["Porter"])
    results = results_frame([result(i, 2) for i in range(3)])
    roles = readiness.team_table(members, results, {"area-a": 2}, AS_OF, by="job_role", expiry_months=EXPIRY)
    assert plain(roles.to_dict("records")) == [
        {"job_role": "Nurse", "skill_area": "area-a", "members": 5, "ready": 3, "readiness": 0.6, "suppressed": 0},
        {
            "job_role": "Porter",
            "skill_area": "area-a",
            "members": None,
            "ready": None,
            "readiness": None,
            "suppressed": 1,
        },
    ]
    labelled = readiness.label_suppressed(roles)
    assert labelled["members"].tolist() == [5, "<5"] and labelled["ready"].tolist() == [3, "<5"]


def test_rounded_rounds_fractions_to_four_places_and_leaves_counts_alone():
    frame = pd.DataFrame({"members": [3], "readiness": [2 / 3]})
    assert readiness.rounded(frame).to_dict("records") == [{"members": 3, "readiness": 0.6667}]


@pytest.mark.parametrize(
    ("fraction", "band"),
    [(1.0, "green"), (0.8, "green"), (0.7999, "amber"), (0.6, "amber"), (0.5999, "red"), (0.0, "red"), (None, None)],
)
def test_colour_band_thresholds(fraction, band):
    assert readiness.colour_band(fraction) == band


def test_colour_band_follows_the_cohort_setting():
    assert readiness.colour_band(0.85, green=0.9, amber=0.7) == "amber"
    assert readiness.colour_band(float("nan")) is None


def test_a_large_organisation_runs_and_adds_up():
    rng = np.random.default_rng(5)
    people, areas = 20_000, [f"area-{i}" for i in range(6)]
    members = pd.DataFrame(
        {"person": np.arange(people), "team": rng.integers(0, 300, people).astype(str), "joined_on": date(2025, 1, 1)}
    )
    n = 120_000
    results = pd.DataFrame(
        {
            "person": rng.integers(0, people, n),
            "skill_area": rng.choice(areas, n),
            "level": rng.integers(0, 5, n),
            "source": rng.choice(["assessed", "observed", "self_rated"], n),
            "assessed_on": pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 700, n), "D"),
        }
    )
    report = readiness.readiness_report(
        members, results, dict.fromkeys(areas, 2), AS_OF, expiry_months=dict.fromkeys(areas, 24)
    )
    assert len(report["staff"]) == people * 6
    assert (report["areas"]["members"] == people).all()
    assert report["areas"]["ready"].sum() == report["staff"]["ready"].sum()
    assert report["teams"]["members"].sum() == people * 6  # teams of ~67 are never suppressed


# --- shaping pre-aggregated counts (the path the database-backed reports take) --------------------------------


def counts_of(staff: pd.DataFrame, members: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (groups, level_counts) as the reporting SQL produces them, worked out from staff rows."""
    assessed = staff.dropna(subset=["assessed_level"])
    level_counts = (
        assessed.groupby(["team", "skill_area", "assessed_level"]).size().rename("count").reset_index()
    ).rename(columns={"team": "group", "assessed_level": "level"})
    level_counts["level"] = level_counts["level"].astype("int64")
    per_person = staff.groupby("person").agg(team=("team", "first"), all_ready=("ready", "min"))
    people = members[["person", "team"]].drop_duplicates("person", keep="last").set_index("person")
    people = people.join(per_person["all_ready"]).fillna({"all_ready": 0})
    groups = (
        people.groupby("team", sort=True)
        .agg(members=("all_ready", "size"), all_ready=("all_ready", "sum"))
        .reset_index()
        .rename(columns={"team": "group"})
    )
    return groups, level_counts


@PROPERTY
@given(cohorts())
def test_shaping_counts_gives_the_same_tables_as_the_raw_rows(cohort):
    members, results, targets, as_of = cohort
    report = readiness.readiness_report(members, results, targets, as_of, expiry_months=EXPIRY)
    current = readiness.members_on(members, as_of)
    groups, level_counts = counts_of(report["staff"], current)
    shaped = readiness.report_from_counts(groups, level_counts, targets)
    pd.testing.assert_frame_equal(shaped["areas"], report["areas"], check_dtype=False)
    pd.testing.assert_frame_equal(shaped["summary"], report["summary"], check_dtype=False)
    teams = shaped["groups"].rename(columns={"group": "team"})
    pd.testing.assert_frame_equal(teams, report["teams"], check_dtype=False)


def test_shaping_counts_reproduces_the_worked_example_area_table():
    section = EXPECTED["as_of"]
    members, _, targets, _ = example_inputs()
    report = example_report(section["as_of"])
    groups, level_counts = counts_of(report["staff"], readiness.members_on(members, section["as_of"]))
    shaped = readiness.rounded(readiness.report_from_counts(groups, level_counts, targets)["areas"])
    for row in shaped.itertuples():
        expected = section["areas"][row.skill_area]
        assert (row.members, row.assessed, row.ready) == (expected["members"], expected["assessed"], expected["ready"])
        assert row.readiness == expected["readiness"]
        assert row.mean_gap == expected["mean_gap"]
