"""Routine versions on disk (E1, E2): every version kept, a night reads the one it used."""

from __future__ import annotations

from datetime import date

import pytest

from companion.domain.errors import InvalidInput
from companion.domain.routine import DEFAULT_STEPS
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock


def test_a_child_starts_with_the_default_routine_and_every_version_is_kept(tmp_path) -> None:
    store = Store.open(tmp_path / "data", clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        assert store.routine_on(mia.id, date(2026, 11, 1)).steps == DEFAULT_STEPS
        store.set_routine(mia.id, DEFAULT_STEPS, date(2026, 10, 1))
        store.set_routine(mia.id, ("bath", "pyjamas", "teeth", "books"), date(2026, 11, 10))
    finally:
        store.close()

    reopened = Store.open(tmp_path / "data", clock())
    try:
        versions = reopened.routine_versions(mia.id)
        assert [v.since for v in versions] == [date(2026, 10, 1), date(2026, 11, 10)]
        assert reopened.routine_on(mia.id, date(2026, 11, 9)).steps == DEFAULT_STEPS  # past nights keep theirs
        assert reopened.routine_on(mia.id, date(2026, 11, 20)).steps == ("bath", "pyjamas", "teeth", "books")
    finally:
        reopened.close()


def test_two_changes_on_one_night_leave_one_version_for_that_night(tmp_path) -> None:
    store = Store.open(tmp_path / "data", clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_routine(mia.id, ("bath", "teeth"), date(2026, 11, 20))
        store.set_routine(mia.id, ("bath", "teeth", "song"), date(2026, 11, 20))
        assert [v.steps for v in store.routine_versions(mia.id)] == [("bath", "teeth", "song")]
        with pytest.raises(InvalidInput):
            store.set_routine(mia.id, (), date(2026, 11, 21))
        assert len(store.routine_versions(mia.id)) == 1
    finally:
        store.close()
