"""Small-group suppression has one home (readiness.suppression), which code and templates both read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from django.template import Context, Template
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from readiness import suppression

TEMPLATES = Path(__file__).resolve().parents[2]  # the repository: every app's templates/ folder


@given(st.integers(0, 10_000))
def test_a_group_is_hidden_exactly_when_it_is_under_the_threshold(members):
    assert suppression.is_suppressed(members) is (members < suppression.MIN_GROUP_SIZE)


def test_the_rule_applies_element_wise_to_arrays():
    sizes = np.array([0, suppression.MIN_GROUP_SIZE - 1, suppression.MIN_GROUP_SIZE, 50])
    assert suppression.is_suppressed(sizes).tolist() == [True, True, False, False]


def test_templates_read_the_threshold_and_label_from_the_one_home():
    rendered = Template(
        "{% load readiness_tags %}{% min_group_size %}|{% suppressed_label %}|{% privacy_note %}"
    ).render(Context())
    label = escape(suppression.SUPPRESSED_LABEL)  # "<5" arrives as "&lt;5", as the page needs it
    assert rendered == f"{suppression.MIN_GROUP_SIZE}|{label}|{suppression.PRIVACY_NOTE}"


def test_no_template_writes_the_threshold_itself():
    threshold = suppression.MIN_GROUP_SIZE
    written = [f"fewer than {threshold} ", f"&lt;{threshold}", f"<{threshold} "]
    offenders = [
        str(path)
        for path in TEMPLATES.glob("*/templates/**/*.html")
        if any(text in path.read_text(encoding="utf-8") for text in written)
    ]
    assert offenders == []
