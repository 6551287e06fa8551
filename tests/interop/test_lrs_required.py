"""Without Ralph the LRS tests skip, saying why, except where LRS_REQUIRED=1 (CI) makes that a failure."""

from pathlib import Path

import pytest

from tests import lrs


def test_a_missing_lrs_skips_locally_and_fails_when_required(monkeypatch):
    monkeypatch.setattr(lrs, "RALPH", Path("/nonexistent/ralph"))
    monkeypatch.delenv("LRS_REQUIRED", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make install"):
        lrs.lrs_required_or_skip()
    monkeypatch.setenv("LRS_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception, match="LRS_REQUIRED=1 but Ralph is missing"):
        lrs.lrs_required_or_skip()


def test_an_installed_lrs_neither_skips_nor_fails(monkeypatch, tmp_path):
    present = tmp_path / "ralph"
    present.touch()
    monkeypatch.setattr(lrs, "RALPH", present)
    monkeypatch.setenv("LRS_REQUIRED", "1")
    lrs.lrs_required_or_skip()
