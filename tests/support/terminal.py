"""Drive a real program in a pseudo-terminal and read its screen through a VT100 emulator.

Used by the end-to-end tests and by benchmarks/: the program sees a real terminal of the
given size, and we read what a person would see.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping

import pyte

KEYS = {
    "enter": "\r",
    "tab": "\t",
    "escape": "\x1b",
    "backspace": "\x7f",
    "space": " ",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "ctrl+q": "\x11",
    "ctrl+s": "\x13",
    "ctrl+p": "\x10",
}


class Terminal:
    def __init__(
        self,
        argv: list[str],
        *,
        env: Mapping[str, str] | None = None,
        cols: int = 100,
        rows: int = 30,
    ) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            full_env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
            try:
                os.execvpe(argv[0], argv, full_env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.exit_code: int | None = None
        # When the latest output reached us, before the emulator parsed it: pyte parses about
        # a kilobyte a millisecond, which is the reader's time, not the program's.
        self.arrived = self.started

    def read(self, timeout: float = 0.05) -> bool:
        """Feed whatever the program wrote within `timeout` into the screen."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        chunks = []
        while True:  # a pty hands over 4 KB at a time: take all there is before parsing any
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # the program has exited and the pty is closed
                break
            if not data:
                break
            chunks.append(data)
            self.arrived = time.perf_counter()
            if not select.select([self.fd], [], [], 0)[0]:
                break
        if not chunks:
            return False
        self.stream.feed(b"".join(chunks))
        return True

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, needle: str, timeout: float = 15.0) -> float:
        """Read until `needle` is on screen; returns the seconds it took."""
        start = time.perf_counter()
        while needle not in self.text():
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{needle!r} not on screen after {timeout}s:\n{self.text()}")
            self.read()
        return time.perf_counter() - start

    def wait_until_gone(self, needle: str, timeout: float = 15.0) -> None:
        start = time.perf_counter()
        while needle in self.text():
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{needle!r} still on screen after {timeout}s:\n{self.text()}")
            self.read()

    def settle(self, quiet: float = 0.3) -> None:
        """Read until the program has been silent for `quiet` seconds."""
        while self.read(quiet):
            pass

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode("utf-8"))

    def press(self, *keys: str, pause: float = 0.08) -> None:
        """Press named keys (enter, tab, ctrl+q…) or type text, one at a time like a person."""
        for key in keys:
            self.send(KEYS.get(key, key))
            deadline = time.perf_counter() + pause
            while time.perf_counter() < deadline:
                self.read(max(0.0, deadline - time.perf_counter()))

    def peak_memory_kib(self) -> int:
        """The program's peak resident memory so far (Linux VmHWM)."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("VmHWM not found")

    def wait_exit(self, timeout: float = 10.0) -> int:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.read(0.05)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.exit_code = os.waitstatus_to_exitcode(status)
                return self.exit_code
        raise TimeoutError(f"program still running after {timeout}s:\n{self.text()}")

    def close(self) -> None:
        """Make sure the program is gone and the pty closed, whatever happened."""
        if self.exit_code is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
