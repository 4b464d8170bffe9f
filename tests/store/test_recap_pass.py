"""The morning recap tells how the bedtime pass went (rules P2, P3, M2; issue 4 point 4): used
and why, come-outs after it, and whether the night earned a star; a baseline night says so."""

from __future__ import annotations

import json
import re
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


PASS_TARGET = "stayed in my room after using the pass"
PRAISE = "I like the way you stayed in your room after using the pass. Here is a star for your chart."


def night_with(data_dir: Path, plan: PassPlan, *events: tuple[EventKind, tuple[int, ...], str]) -> None:
    """Mia's night of the 19th, her reward chart's target that night being the pass's (P3)."""
    store = Store.open(data_dir, clock())
    try:
        mia = store.add_child("Mia", BIRTH_DATE)
        store.set_child_settings(mia.id, ChildSettings(plan=plan), NIGHT)
        store.add_target(mia.id, PASS_TARGET, local(2026, 11, 19, 9, 0))
        for kind, at, value in events:
            store.add_night_event(mia.id, kind, local(*at), value)
    finally:
        store.close()


def row(text: str, label: str) -> str | None:
    """What the recap's row `label` says (the labels stand in a column); None without that row."""
    found = re.search(rf"^  {re.escape(label)} {{2,}}(.+)$", text, re.MULTILINE)
    return found.group(1) if found else None


def test_a_pass_used_then_staying_in_earns_the_star(tmp_path: Path, capsys, monkeypatch) -> None:
    night_with(
        tmp_path,
        PassPlan(),
        (EventKind.LIGHTS_OUT, (2026, 11, 19, 19, 30), ""),
        (EventKind.PASS_USED, (2026, 11, 19, 19, 50), "a drink"),
        (EventKind.CALLED_OUT, (2026, 11, 19, 20, 5), ""),
    )
    text = recap(tmp_path, capsys, monkeypatch)
    assert row(text, "Pass") == "used 19:50 for a drink · stayed in after it"
    assert row(text, "Called out") == "1 (0 before the pass, 1 after)"
    assert row(text, "Star") == f"give it now: {PRAISE}"
    [child] = json.loads(recap(tmp_path, capsys, monkeypatch, "--json"))["children"]
    assert child["bedtime_pass"] == {
        "phase": "pass",
        "allowed": 1,
        "used": [{"at": "19:50", "reason": "a drink", "back": None}],
        "stayed_in": True,
    }
    assert child["called_out"] == {"before": 0, "after": 1, "total": 1}
    assert child["star"] == {"praise": PRAISE, "given": False}


def test_coming_out_after_the_pass_earns_no_star_and_says_so_calmly(tmp_path: Path, capsys, monkeypatch) -> None:
    night_with(
        tmp_path,
        PassPlan(),
        (EventKind.PASS_USED, (2026, 11, 19, 19, 50), "a hug"),
        (EventKind.GOT_UP, (2026, 11, 19, 20, 30), ""),
    )
    text = recap(tmp_path, capsys, monkeypatch)
    assert row(text, "Pass") == "used 19:50 for a hug · came out after it"
    assert row(text, "Got up") == "1 (0 before the pass, 1 after)"
    assert row(text, "Star") is None  # no star is just no star (R4)
    [child] = json.loads(recap(tmp_path, capsys, monkeypatch, "--json"))["children"]
    assert (child["bedtime_pass"]["stayed_in"], child["star"]) == (False, None)


def test_an_unused_pass_earns_a_star_only_when_the_family_chose_so(tmp_path: Path, capsys, monkeypatch) -> None:
    for reward_unused in (True, False):
        data_dir = tmp_path / str(reward_unused)
        night_with(data_dir, PassPlan(reward_unused=reward_unused), (EventKind.LIGHTS_OUT, (2026, 11, 19, 19, 30), ""))
        text = recap(data_dir, capsys, monkeypatch)
        assert row(text, "Pass") == "not used"
        assert row(text, "Star") == (f"give it now: {PRAISE}" if reward_unused else None), reward_unused


def test_a_baseline_night_says_it_was_log_only(tmp_path: Path, capsys, monkeypatch) -> None:
    plan = PassPlan(started=NIGHT, baseline_nights=7, start_passes=3)
    night_with(tmp_path, plan, (EventKind.LIGHTS_OUT, (2026, 11, 19, 19, 30), ""))
    assert row(recap(tmp_path, capsys, monkeypatch), "Pass") == "none (a baseline night: log only)"
    [child] = json.loads(recap(tmp_path, capsys, monkeypatch, "--json"))["children"]
    assert (child["bedtime_pass"]["phase"], child["bedtime_pass"]["allowed"]) == ("baseline", 0)
