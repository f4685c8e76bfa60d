"""Drafts: the app's working copy of a team-month, kept in the store (migration 0002)."""

from __future__ import annotations

import pytest

from scheduler.store import Refused


def test_a_draft_is_saved_loaded_and_discarded(service):
    assert service.load_draft() is None
    first = service.save_draft("T", "2026-12", {"edits": [["E1", "2026-12-07", "D"]]},
                               author="M")
    assert first == 1
    draft = service.load_draft("T", "2026-12")
    assert draft["payload"] == {"edits": [["E1", "2026-12-07", "D"]]}
    assert (draft["author"], draft["revision"], draft["base_version"]) == ("M", 1, None)
    assert service.save_draft("T", "2026-12", {"edits": []}, author="M2", base_version=3,
                              revision=1) == 2
    draft = service.load_draft()
    assert (draft["payload"], draft["author"], draft["base_version"]) == ({"edits": []}, "M2", 3)
    assert service.discard_draft("T", "2026-12") is True
    assert service.discard_draft("T", "2026-12") is False
    assert service.load_draft("T") is None


def test_a_stale_window_cannot_overwrite_a_newer_draft(service):
    service.save_draft("T", "2026-12", {"n": 1}, author="M")
    service.save_draft("T", "2026-12", {"n": 2}, author="M", revision=1)  # the other window
    with pytest.raises(Refused):
        service.save_draft("T", "2026-12", {"n": 3}, author="M", revision=1)
    assert service.load_draft("T", "2026-12")["payload"] == {"n": 2}


def test_the_newest_draft_is_loaded_when_no_month_is_named(service):
    service.save_draft("T", "2026-11", {"n": 1}, author="M")
    service.save_draft("T", "2026-12", {"n": 2}, author="M")
    assert service.load_draft()["month"] == "2026-12"
    assert service.load_draft(month="2026-11")["payload"] == {"n": 1}
