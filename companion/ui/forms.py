"""The household's forms, shared by first-run setup and the household screen's dialogs."""

from __future__ import annotations

from collections.abc import Callable

from companion.clock import Clock
from companion.domain.household import Caregiver, Child, parse_birth_date
from companion.domain.night import zone_info
from companion.store import Store
from companion.ui.fields import FieldSpec



def child_fields(child: Child | None = None) -> list[FieldSpec]:
    return [
        FieldSpec("name", "Name", "the name you call them", child.name if child else ""),
        FieldSpec("birth", "Birth date", "YYYY-MM-DD", child.birth_date.isoformat() if child else ""),
    ]


def caregiver_fields(caregiver: Caregiver | None = None) -> list[FieldSpec]:
    return [FieldSpec("name", "Name", "e.g. Mum, Dad, Grandma", caregiver.name if caregiver else "")]


def save_child(store: Store, clock: Clock, child: Child | None = None) -> Callable[[dict[str, str]], Child]:
    """Adds a child, or updates `child`; the birth date is checked against today."""

    def save(values: dict[str, str]) -> Child:
        store.check_child_name(values["name"], child.id if child else None)  # name first, as typed
        born = parse_birth_date(values["birth"], today=clock.now().astimezone(zone_info(store.zone)).date())
        if child is None:
            return store.add_child(values["name"], born)
        return store.update_child(child.id, values["name"], born)

    return save


def save_caregiver(store: Store, caregiver: Caregiver | None = None) -> Callable[[dict[str, str]], Caregiver]:
    def save(values: dict[str, str]) -> Caregiver:
        if caregiver is None:
            return store.add_caregiver(values["name"])
        return store.rename_caregiver(caregiver.id, values["name"])

    return save
