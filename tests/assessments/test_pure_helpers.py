"""Question draws (pure)."""

import random

from assessments.draw import draw_random


def test_random_draw_takes_n_per_area_and_level_grouped_by_area():
    candidates = [
        (qid, area, level) for qid, (area, level) in enumerate([(a, lv) for a in (1, 2) for lv in (1, 2, 3)] * 3)
    ]
    drawn = draw_random(candidates, 2, random.Random(1), area_order=[2, 1])
    assert len(drawn) == 12 and len(set(drawn)) == 12
    areas = [next(c[1] for c in candidates if c[0] == qid) for qid in drawn]
    assert areas == [2] * 6 + [1] * 6


def test_random_draw_is_repeatable_with_the_same_seed_and_copes_with_small_pools():
    candidates = [(1, 1, 1), (2, 1, 1), (3, 1, 2)]
    assert draw_random(candidates, 5, random.Random(7)) == draw_random(candidates, 5, random.Random(7))
    assert sorted(draw_random(candidates, 5, random.Random(7))) == [1, 2, 3]
