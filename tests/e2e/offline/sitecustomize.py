"""Loaded by Python at start (this folder is put on PYTHONPATH by tests/e2e/test_offline.py):
any attempt to reach the network is refused and written down, so the test can prove that
companion never tries. Local socket pairs (asyncio's wake-up pipe) are not network."""

import os
import socket

_LOG = os.environ["COMPANION_NETWORK_LOG"]


def _refuse(what):
    def refused(*args, **kwargs):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{what} {args[1:2] if what.startswith('socket.') else args[:1]}\n")
        raise OSError(f"offline test: {what} refused")

    return refused


socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.socket.sendto = _refuse("socket.sendto")
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
socket.gethostbyname = _refuse("gethostbyname")
