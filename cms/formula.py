"""Text that a spreadsheet would run as a formula: the one rule for refusing it and for writing it safely.

Two uses, one home:

- ``formula_refusal`` says whether a value may be stored. The staff importer, the admin forms (through
  ``FormulaSafeFieldsMixin`` on the models) and anything else that takes names or labels use it, with the
  same message. It refuses text that starts (after spaces) with "=", "+" or "@", or with a tab or carriage
  return, and text that starts with "-" followed by a letter, digit or "(" (``-cmd``, ``-2+3``). A dash
  followed by a space or nothing ("- none", "-") is allowed: a spreadsheet shows it as text. Names, employee
  numbers, job roles, bands, emails and team, cohort and organisation names never need these starts, and the
  importer has refused them from the beginning, so the forms refuse exactly what the importer refuses.
- ``formula_neutralised`` is the second line of defence for every CSV the site writes (our exports and the
  Wagtail admin's): any text that still starts with "=", "+", "-" or "@" (after spaces), or with a tab or
  carriage return, gets a leading single quote, which spreadsheets show as text instead of running it.
  It is wider than the refusal, since exported text includes values stored before this rule and text that
  no form checks (log entry labels, page titles). XLSX cells are written as strings, never formulas.

Pure: no Django imports here except the validation error the mixin raises.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

FORMULA_TEXT = (
    "‘{value}’ begins with {start}, so a spreadsheet could run it as a formula. Remove that character and try again."
)
FORMULA_STARTS = {"=": "“=”", "+": "“+”", "@": "“@”", "\t": "a tab", "\r": "a carriage return"}
DASH_START = "“-”"
NEUTRALISING_PREFIX = "'"
_RISKY_FIRST = frozenset("=+@-\t\r")
_DASH_FORMULA = re.compile(r"-[\w(]")
_EXPORT_RISKY = frozenset("=+-@")
_QUOTE_LIMIT = 40


def _shorten(value: str, limit: int = _QUOTE_LIMIT) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def formula_refusal(raw: str) -> str | None:
    """Return why ``raw`` may not be stored (``FORMULA_TEXT`` filled in), or None when it is safe.

    A leading tab or carriage return is checked before spaces are trimmed, since spreadsheets skip it.
    """
    if not raw or (raw[0] not in _RISKY_FIRST and not raw[0].isspace()):
        return None  # the common case, decided by the first character
    if raw[0] in ("\t", "\r"):
        return FORMULA_TEXT.format(value=_shorten(raw.strip()), start=FORMULA_STARTS[raw[0]])
    stripped = raw.strip()
    if stripped[:1] in FORMULA_STARTS:
        return FORMULA_TEXT.format(value=_shorten(stripped), start=FORMULA_STARTS[stripped[0]])
    if _DASH_FORMULA.match(stripped):
        return FORMULA_TEXT.format(value=_shorten(stripped), start=DASH_START)
    return None


def formula_neutralised(text: str) -> str:
    """Return ``text`` as it should be written to a CSV cell: with a leading quote when a spreadsheet could
    read it as a formula, unchanged otherwise."""
    if not text:
        return text
    if text[0] in ("\t", "\r") or text.lstrip()[:1] in _EXPORT_RISKY:
        return NEUTRALISING_PREFIX + text
    return text


class FormulaSafeFieldsMixin:
    """Mix into a model to refuse formula text in the fields named by ``formula_safe_fields``.

    The check runs in ``clean_fields``, which ``full_clean`` calls with the fields a form leaves out, so an
    admin form shows the message under the field (and checks only the fields it has), and a service that
    calls ``full_clean`` is refused the same way. No migration: the fields themselves do not change.
    """

    formula_safe_fields: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.error_dict
        for name in self.formula_safe_fields:
            if name in exclude or name in errors:
                continue
            message = formula_refusal(getattr(self, name) or "")
            if message:
                errors[name] = [ValidationError(message, code="formula")]
        if errors:
            raise ValidationError(errors)
