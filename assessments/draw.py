"""Pure question selection: a fixed list or a random draw of N per area and level."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence


def draw_random(
    candidates: Sequence[tuple[int, int, int]],
    per_area_level: int,
    rng: random.Random,
    area_order: Sequence[int] | None = None,
) -> list[int]:
    """Return question ids: up to ``per_area_level`` from each (area, level), grouped by area then level.

    ``candidates`` are (question_id, area_id, level); ``area_order`` fixes the area sequence.
    """
    pools: dict[tuple[int, int], list[int]] = defaultdict(list)
    for question_id, area_id, level in sorted(candidates):
        pools[(area_id, level)].append(question_id)
    areas = list(area_order) if area_order else sorted({area for area, _ in pools})
    chosen: list[int] = []
    for area_id in areas:
        for level in sorted(level for area, level in pools if area == area_id):
            pool = pools[(area_id, level)]
            chosen.extend(rng.sample(pool, min(per_area_level, len(pool))))
    return chosen


def shuffled(items: Sequence, rng: random.Random) -> list:
    """Return a shuffled copy of ``items``."""
    copy = list(items)
    rng.shuffle(copy)
    return copy
