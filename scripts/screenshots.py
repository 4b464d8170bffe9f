"""The README's screenshots, taken from the real app so they show what a parent will see.

A made-up household (`companion demo`, fixed seed) in a temporary data dir and a clock that
moves only when told: the same code gives the same pictures. The app runs headless at 100x30;
each pane is saved as SVG and converted to docs/screenshots/NAME.png with rsvg-convert (or
cairosvg). Nothing touches the network or anything outside the temp dir and docs/screenshots/.

    python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, installed or not

from companion.clock import ManualClock  # noqa: E402
from companion.demo import write_demo  # noqa: E402
from companion.store import Store  # noqa: E402
from companion.ui.app import make_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (100, 30)
ZOOM = 0.8  # 990 px wide: more than a README column shows, and files a fifth smaller than at 1x
LONDON = ZoneInfo("Europe/London")
BREAKFAST = datetime(2026, 11, 21, 7, 10, tzinfo=LONDON)  # Saturday: the recap of Friday night
EVENING = datetime(2026, 11, 21, 19, 0, tzinfo=LONDON)  # the same day, as bedtime begins


def converter() -> object:
    """How to turn SVG into PNG here, or a one-line reason to stop."""
    if shutil.which("rsvg-convert"):
        return lambda svg, png: subprocess.run(["rsvg-convert", "--zoom", str(ZOOM), "-o", str(png), str(svg)], check=True)
    if importlib.util.find_spec("cairosvg"):
        import cairosvg

        return lambda svg, png: cairosvg.svg2png(url=str(svg), write_to=str(png), scale=ZOOM)
    sys.exit("screenshots: needs rsvg-convert (librsvg) on PATH or `pip install cairosvg` to make PNGs")


class Camera:
    """Saves the app's screen as SVG, offline: Textual's SVG asks for its font from a CDN."""

    def __init__(self, app, work: Path) -> None:
        self.app, self.work = app, work

    async def shoot(self, pilot, name: str) -> None:
        await pilot.pause()
        svg = self.app.export_screenshot(title=f"companion · {name}")
        svg = re.sub(r"@font-face\s*\{[^}]*\}", "", svg)  # the monospace font of this machine instead
        # Textual's runs start with non-breaking spaces, which librsvg trims: "Mia  ·  3 years"
        # would read "Mia·  3 years" and every footer key would run into its description.
        svg = svg.replace("<svg ", '<svg xml:space="preserve" ', 1)
        (self.work / f"{name}.svg").write_text(svg, encoding="utf-8")


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def breakfast(store: Store, clock: ManualClock, work: Path) -> None:
    """At 07:10 the app opens on the morning recap by itself."""
    clock.set(BREAKFAST)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await Camera(app, work).shoot(pilot, "recap")


async def evening(store: Store, clock: ManualClock, work: Path) -> None:
    """Bedtime begun, two of the three steps checked; then quiet mode three seconds into the
    wait for the last one, the worry box and the reward chart."""
    clock.set(EVENING)
    app = make_app(store, clock, pane="evening")
    camera = Camera(app, work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "b")
        for minutes in (6, 9):
            clock.advance(minutes=minutes)
            await press(pilot, "space")
        clock.advance(minutes=2)
        app.screen.refresh_bar()  # "so far" as of now, as the app's own tick would draw it
        await camera.shoot(pilot, "evening")

        await press(pilot, "2", "enter")
        clock.advance(seconds=3)
        app.screen.redraw()  # the pane's own timer does this twice a second in real time
        await camera.shoot(pilot, "quiet")

        await press(pilot, "d", "3")
        await camera.shoot(pilot, "worries")
        await press(pilot, "4")
        await camera.shoot(pilot, "rewards")


def main() -> int:
    convert = converter()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="companion-screenshots-") as temp:
        work = Path(temp)
        clock = ManualClock(BREAKFAST)
        store = Store.open(work / "data", clock)
        try:
            # Two months, seed 7: that evening the eldest has two worries back from the box
            # (with a month, seed 3, as the snapshot tests use, her box was empty).
            write_demo(store, clock.now(), nights=60, children=2, seed=7)
            asyncio.run(breakfast(store, clock, work))
            asyncio.run(evening(store, clock, work))
        finally:
            store.close()
        for svg in sorted(work.glob("*.svg")):
            png = OUT / f"{svg.stem}.png"
            convert(svg, png)
            print(png.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
