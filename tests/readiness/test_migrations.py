"""A database made before the readiness app existed, with the demo loaded, migrates forward keeping every record.

The fixture (tests/fixtures/demo_before_readiness_app.sqlite3.gz) was made with ``migrate`` and ``seed_demo`` at the
last commit before the move. ``migrate`` runs in its own process on a copy, as an operator would run it.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import fixture_path
from tests.servers import process_env

MOVED = {f"learning_{name}": f"readiness_{name}" for name in ("cohort", "cohortcourse", "cohortmembership")}
MOVED |= {
    "learning_cohorttarget": "readiness_cohorttarget",
    "learning_cohort_rule_teams": "readiness_cohort_rule_teams",
    "learning_cohort_hand_picked": "readiness_cohort_hand_picked",
}
# Tables that migrating may add rows to: its own bookkeeping (SQLite's sequence per new table too), and the
# permissions and content types of new models.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
BOOKKEEPING |= {"sqlite_sequence"}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "before.sqlite3"
    with gzip.open(fixture_path("demo_before_readiness_app.sqlite3.gz")) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    return target


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def _migrate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        env=process_env(f"sqlite:///{path}"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _targets(path: Path, table: str, area_column: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        if area_column == "skill_area":
            query = f"SELECT c.slug, t.skill_area, t.level FROM {table} t JOIN learning_cohort c ON c.id = t.cohort_id"
        else:
            query = (
                f"SELECT c.slug, a.slug, t.level FROM {table} t JOIN readiness_cohort c ON c.id = t.cohort_id "
                "JOIN assessments_skillarea a ON a.id = t.skill_area_id"
            )
        return sorted(db.execute(query).fetchall())


def test_every_record_is_kept_and_targets_point_at_the_same_areas(tmp_path):
    path = _copy(tmp_path)
    before = _counts(path)
    targets_before = _targets(path, "learning_cohorttarget", "skill_area")
    assert before["learning_cohort"] > 0 and before["learning_cohortmembership"] > 0 and targets_before

    result = _migrate(path)
    assert result.returncode == 0, result.stderr[-3000:]

    after = _counts(path)
    for table, rows in before.items():
        if table in BOOKKEEPING:
            continue
        assert after[MOVED.get(table, table)] == rows, table
    assert not set(MOVED) & set(after), "the old cohort tables are gone, renamed"
    assert _targets(path, "readiness_cohorttarget", "skill_area_id") == targets_before
    with sqlite3.connect(path) as db:
        labels = dict(db.execute("SELECT model, app_label FROM django_content_type WHERE model LIKE 'cohort%'"))
    assert labels == dict.fromkeys(("cohort", "cohortcourse", "cohortmembership", "cohorttarget"), "readiness")
    with sqlite3.connect(path) as db:  # every staff record has one open team spell, in its team, from its start
        spells = db.execute(
            "SELECT COUNT(*) FROM learning_staffmember s JOIN learning_teamspell t ON t.staff_id = s.id "
            "AND t.ended_on IS NULL AND t.team_id IS s.team_id AND t.started_on = COALESCE(s.start_date, '2000-01-01')"
        ).fetchone()[0]
    assert spells == before["learning_staffmember"] == after["learning_teamspell"]


def test_a_target_naming_no_area_stops_the_migration_and_changes_nothing(tmp_path):
    path = _copy(tmp_path)
    with sqlite3.connect(path) as db:
        target_id, slug = db.execute("SELECT id, skill_area FROM learning_cohorttarget ORDER BY id").fetchone()
        db.execute("UPDATE learning_cohorttarget SET skill_area = 'renamed-long-ago' WHERE id = ?", [target_id])
    before = _counts(path)

    result = _migrate(path)

    assert result.returncode != 0
    assert "'renamed-long-ago'" in result.stderr and "Nothing was changed" in result.stderr
    after = _counts(path)  # tables of other apps' migrations (learning_teamspell) may be there: compare the old ones
    assert {t: after.get(t) for t in before if t not in BOOKKEEPING} == {
        t: n for t, n in before.items() if t not in BOOKKEEPING
    }
    with sqlite3.connect(path) as db:
        db.execute("UPDATE learning_cohorttarget SET skill_area = ? WHERE id = ?", [slug, target_id])
    assert _migrate(path).returncode == 0, "after fixing the target, migrating again works"


LAYERS = ("cms", "learning", "assessments", "readiness", "notifications", "interop", "credentials")


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_lower_apps_do_not_import_readiness(app):
    """The import direction is cms <- learning <- assessments <- readiness <- notifications <- interop: nothing
    below imports what is above."""
    above = LAYERS[LAYERS.index(app) + 1 :]
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in sorted((root / app).rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            words = line.strip().split()
            if len(words) >= 2 and words[0] in ("import", "from") and words[1].split(".")[0] in above:
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
