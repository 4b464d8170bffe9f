"""The household's forms, shared by first-run setup and the household screen's dialogs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from companion.clock import Clock
from companion.domain.child_settings import ChildSettings, chart_choice_text, read_settings
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


def settings_fields(settings: ChildSettings) -> list[FieldSpec]:
    plan = settings.plan
    return [
        FieldSpec("wait", "Wait (s)", "silent wait in quiet mode: 3–60", str(settings.wait_seconds)),
        FieldSpec("passes", "Passes", "a night, once settled: 0–5", str(plan.passes)),
        FieldSpec("trip", "Trip (min)", "how long a pass's trip lasts", str(plan.trip_minutes)),
        FieldSpec("baseline", "Baseline", "nights to log only first: 0 or 7", str(plan.baseline_nights)),
        FieldSpec("start_passes", "Start with", "passes a night at first, fading", str(plan.start_passes)),
        FieldSpec("fade_every", "Fade every", "nights, one pass fewer each time", str(plan.fade_every)),
        FieldSpec("reward_unused", "Reward unused", "an unneeded pass earns a star: yes/no", "yes" if plan.reward_unused else "no"),
        FieldSpec("reward_chart", "Reward chart", "auto (from three), on or off", chart_choice_text(settings.reward_chart)),
    ]


def save_settings(store: Store, child: Child, tonight: date) -> Callable[[dict[str, str]], ChildSettings]:
    def save(values: dict[str, str]) -> ChildSettings:
        settings = read_settings(values, current=store.child_settings(child.id), tonight=tonight)
        return store.set_child_settings(child.id, settings, tonight)

    return save
