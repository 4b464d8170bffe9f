"""The wheel carries every stylesheet, and an installed (non-editable) app finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_every_tcss_file_and_the_installed_app_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("companion-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = sorted(path.name for path in (ROOT / "styles").glob("*.tcss"))
    assert sources, "no stylesheets in styles/"
    for name in sources:
        assert f"companion/styles/{name}" in names

    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "from companion.ui.styles import styles_dir\n"
        "from companion.ui.app import CompanionApp\n"
        "print(styles_dir())\n"
        "assert all(p.is_file() for p in CompanionApp.CSS_PATH)"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], env={"PYTHONPATH": str(target)}, capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert Path(found.stdout.strip()) == target / "companion" / "styles"
