"""Make the Wagtail admin's own CSV downloads neutralise formula text, as ours do.

Wagtail writes every listing and report download (site history, page reports, model listings with
``?export=csv``) through ``SpreadsheetExportMixin.preprocess_field_value``. Its XLSX cells are already
kept as strings when openpyxl would take them for formulas, but its CSV writes text as stored, so a log
entry labelled ``=HYPERLINK(...)`` would reach a spreadsheet as a live formula.

``admin_exports_neutralise`` wraps that one method, once, at start-up (``cms.apps.CmsConfig.ready``): after
Wagtail's own preprocessing, text bound for a CSV cell goes through ``cms.formula.formula_neutralised``.
Wagtail has no setting for this, and its reports are its own views, so wrapping the shared method is the one
place that covers them all, including views added later.
"""

from __future__ import annotations

from functools import wraps

from cms.formula import formula_neutralised

_MARK = "_formula_neutralised"


def admin_exports_neutralise() -> None:
    """Wrap ``SpreadsheetExportMixin.preprocess_field_value`` so CSV text is neutralised (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, _MARK, False):
        return

    @wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        result = original(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(result, str):
            return formula_neutralised(result)
        return result

    setattr(preprocess_field_value, _MARK, True)
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
