"""Offline, always (engineering standard; issue 8 point 8): the app and every subcommand run
with every way to the network refused, and never even try. The refusal is installed in the
real `companion` process itself (tests/e2e/offline/sitecustomize.py), which logs each attempt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.e2e.companion_cli import COMPANION, EVENING, needs_companion
from tests.support.terminal import Terminal

pytestmark = needs_companion
REFUSER = Path(__file__).parent / "offline"


def offline_env(log: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REFUSER), os.environ.get("PYTHONPATH", "")]))
    return {**EVENING, "PYTHONPATH": path, "COMPANION_NETWORK_LOG": str(log)}


def run(args: list[str], log: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [COMPANION, *args], env={**os.environ, **offline_env(log)}, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_refusal_is_really_in_place(tmp_path: Path) -> None:
    """Without this, a test that sees no attempt would prove nothing."""
    log = tmp_path / "network.log"
    probe = "import socket\ntry:\n    socket.create_connection(('example.org', 80), timeout=1)\nexcept OSError as e:\n    print(e)"
    python = Path(COMPANION).with_name("python")
    done = subprocess.run([str(python), "-c", probe], env={**os.environ, **offline_env(log)}, capture_output=True, text=True)
    assert "offline test: create_connection refused" in done.stdout
    assert "create_connection" in log.read_text()


def test_every_subcommand_and_the_app_run_without_the_network(tmp_path: Path) -> None:
    log = tmp_path / "network.log"
    data = tmp_path / "data"
    run(["--version"], log)
    run(["demo", "--nights", "30", "--data-dir", str(data)], log)
    assert "night of" in run(["recap", "--data-dir", str(data)], log).stdout
    run(["recap", "--json", "--include-worries", "--data-dir", str(data)], log)
    exported = tmp_path / "export.json"
    run(["export", "--format", "json", "--include-worries", "--output", str(exported), "--data-dir", str(data)], log)
    assert "Imported" in run(["import", str(exported), "--data-dir", str(tmp_path / "copy")], log).stdout

    with Terminal([COMPANION, "--data-dir", str(data)], env=offline_env(log), cols=100, rows=30) as term:
        term.wait_for("night of")
        for pane, shows in (("2", "Say it once"), ("3", "worr"), ("h", "Children"), ("1", "Routine")):
            term.press(pane)
            term.wait_for(shows)
        term.press("?")
        term.wait_for("Help")
        term.press("escape", "ctrl+q")
        assert term.wait_exit() == 0

    assert not log.exists(), log.read_text()
