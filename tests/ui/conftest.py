from __future__ import annotations

from datetime import date

import pytest

from companion.store import Store


@pytest.fixture
def household(store: Store) -> Store:
    """Two children and two grown-ups, as a family would have set up."""
    store.add_child("Mia", date(2022, 2, 14))
    store.add_child("Leo", date(2024, 6, 1))
    store.add_caregiver("Sam")
    store.add_caregiver("Alex")
    return store
