"""Small-group suppression: figures for a group of fewer than ``MIN_GROUP_SIZE`` people are never shown.

The one home of the threshold and of the words that stand in for hidden figures. The engine, the report
service, the heatmap HTML and the templates (through the ``min_group_size`` and ``suppressed_label`` template
tags in ``readiness_tags``) all read it from here.
"""

from __future__ import annotations

MIN_GROUP_SIZE = 5
SUPPRESSED_LABEL = f"<{MIN_GROUP_SIZE}"  # shown in place of a hidden count
FEWER_THAN = f"fewer than {MIN_GROUP_SIZE}"  # said of a group whose size is hidden
PRIVACY_NOTE = "hidden to protect privacy"


def is_suppressed(members):
    """Return whether a group of ``members`` people is too small to show (element-wise for arrays)."""
    return members < MIN_GROUP_SIZE
