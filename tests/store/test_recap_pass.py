"""The morning recap tells how the bedtime pass went (rules P2, P3, M2; issue 4 point 4): used
and why, come-outs after it, and whether the night earned a star; a baseline night says so."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from companion.cli import main
from companion.domain.bedtime_pass import PassPlan
from companion.domain.child_settings import ChildSettings
from companion.domain.night_log import EventKind
from companion.store.store import Store
from tests.store.helpers import BIRTH_DATE, clock, local

NIGHT = date(2026, 11, 19)


def recap(data_dir: Path, capsys, monkeypatch, *extra: str) -> str:
    monkeypatch.setenv("COMPANION_NOW", "2026-11-20T07:30:00+00:00")
    capsys.readouterr()
    assert main(["recap", "--data-dir", str(data_dir), *extra]) == 0
    return capsys.readouterr().out


def night_with(data_dir: Path, plan: PassPlan, *events: tuple[EventKind, tuple[int, ...], str]) -> None:
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_child_settings(mia.id, ChildSettings(plan=plan), NIGHT)
        for kind, at, value in events:
            store.add_night_event(mia.id, kind, local(*at), value)
    finally:
        store.close()


def test_a_pass_used_then_staying_in_earns_the_star(tmp_path: Path, capsys, monkeypatch) -> None:
    night_with(
        tmp_path,
        PassPlan(),
        (EventKind.LIGHTS_OUT, (2026, 11, 19, 19, 30), ""),
        (EventKind.PASS_USED, (2026, 11, 19, 19, 50), "a drink"),
        (EventKind.CALLED_OUT, (2026, 11, 19, 20, 5), ""),
    )
    assert "  Pass            used 19:50 for a drink · stayed in after it, called out 1× · a star this morning" in recap(
        tmp_path, capsys, monkeypatch
    )
    [child] = json.loads(recap(tmp_path, capsys, monkeypatch, "--json"))["children"]
    assert child["bedtime_pass"] == {
        "phase": "pass",
        "allowed": 1,
        "used": [{"at": "19:50", "reason": "a drink"}],
        "call_outs_after": 1,
        "come_outs_after": 0,
        "earns_star": True,
    }


def test_coming_out_after_the_pass_earns_no_star_and_says_so_calmly(tmp_path: Path, capsys, monkeypatch) -> None:
    night_with(
        tmp_path,
        PassPlan(),
        (EventKind.PASS_USED, (2026, 11, 19, 19, 50), "a hug"),
        (EventKind.GOT_UP, (2026, 11, 19, 20, 30), ""),
    )
    line = next(line for line in recap(tmp_path, capsys, monkeypatch).splitlines() if "Pass" in line)
    assert line == "  Pass            used 19:50 for a hug · came out 1× after it, called out 0×"


def test_an_unused_pass_earns_a_star_only_when_the_family_chose_so(tmp_path: Path, capsys, monkeypatch) -> None:
    night_with(tmp_path, PassPlan(reward_unused=True), (EventKind.LIGHTS_OUT, (2026, 11, 19, 19, 30), ""))
    assert "  Pass            not used · a star this morning" in recap(tmp_path, capsys, monkeypatch)


def test_a_baseline_night_says_it_was_log_only(tmp_path: Path, capsys, monkeypatch) -> None:
    plan = PassPlan(started=NIGHT, baseline_nights=7, start_passes=3)
    night_with(tmp_path, plan, (EventKind.LIGHTS_OUT, (2026, 11, 19, 19, 30), ""))
    assert "  Pass            none (a baseline night: log only)" in recap(tmp_path, capsys, monkeypatch)
    [child] = json.loads(recap(tmp_path, capsys, monkeypatch, "--json"))["children"]
    assert (child["bedtime_pass"]["phase"], child["bedtime_pass"]["allowed"]) == ("baseline", 0)
