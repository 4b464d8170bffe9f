"""The layers hold (ARCHITECTURE.md): checked in fresh interpreters, by what gets imported."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import companion.domain

ROOT = Path(__file__).resolve().parent.parent


def modules_loaded_by(code: str, tmp_path: Path) -> set[str]:
    """Run `code` in a fresh interpreter and return the top-level modules it ended up importing."""
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"COMPANION_DATA_DIR": str(tmp_path / "data"), "COMPANION_NOW": "2026-11-20T19:30:00+00:00", "PATH": ""},
        check=True,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_domain_imports_neither_textual_nor_tinydb(tmp_path: Path) -> None:
    names = [info.name for info in pkgutil.iter_modules(companion.domain.__path__)]
    assert {"night", "household", "recap", "night_log"} <= set(names)
    imports = "\n".join(f"import companion.domain.{name}" for name in names)
    loaded = modules_loaded_by(imports, tmp_path)
    assert "textual" not in loaded
    assert "tinydb" not in loaded
    assert "rich" not in loaded


def test_recap_help_and_demo_never_import_textual(tmp_path: Path) -> None:
    for argv in (["recap", "--help"], ["demo", "--nights", "3"], ["recap"], ["recap", "--json"]):
        code = (
            "import contextlib, io\nfrom companion.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass"
        )
        loaded = modules_loaded_by(code, tmp_path)
        assert "textual" not in loaded, argv
        assert "companion" in loaded


def test_export_json_and_import_never_import_textual(tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    for argv in (
        ["demo", "--nights", "3"],
        ["export", "--format", "json", "--include-worries", "--output", str(exported)],
        ["import", str(exported), "--data-dir", str(tmp_path / "copy")],
    ):
        code = (
            "import contextlib, io\nfrom companion.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main({argv!r}) == 0"
        )
        loaded = modules_loaded_by(code, tmp_path)
        assert "textual" not in loaded, argv
    assert (tmp_path / "copy" / "household.json").is_file()
