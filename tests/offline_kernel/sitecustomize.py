"""The network block for the kernels of the nbval run: any connection, name lookup or datagram to a machine other
than this one raises OSError, and is recorded even when a library catches the error.

tests/conftest.py puts this folder first on PYTHONPATH while nbval starts a notebook's kernel (and only then), so
Python imports this file at start-up, before the notebook's first cell. Each attempt is appended to the file named
by EUNATO_NETWORK_LOG; conftest fails the cell that made it. Loopback stays open: the kernel talks to nbval over it.
"""

from __future__ import annotations

import contextlib
import os
import socket

ATTEMPTS: list[str] = []
LOCAL = ("127.", "::1", "localhost", "0.0.0.0")
_expected = False


def _check(host, what: str) -> None:
    if host is None or host == "" or (isinstance(host, (bytes, bytearray)) and not host):
        return
    text = host.decode() if isinstance(host, (bytes, bytearray)) else str(host)
    if text.startswith(LOCAL):
        return
    ATTEMPTS.append(f"{what} {text}")
    log = os.environ.get("EUNATO_NETWORK_LOG")
    if log and not _expected:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{what} {text}\n")
    raise OSError(f"the network is blocked in this test: {what} {text}")


@contextlib.contextmanager
def expected_attempt():
    """For the notebook that proves the block: its own attempt is not reported as the course's."""
    global _expected
    _expected = True
    try:
        yield
    finally:
        _expected = False


def _wrap(name: str, pick) -> None:
    original = getattr(socket.socket, name)

    def guarded(self, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(pick(args), name)
        return original(self, *args)

    setattr(socket.socket, name, guarded)


_wrap("connect", lambda a: a[0][0])
_wrap("connect_ex", lambda a: a[0][0])
_wrap("sendto", lambda a: a[-1][0])
_original_getaddrinfo = socket.getaddrinfo
_original_create_connection = socket.create_connection


def _getaddrinfo(host, *args, **kwargs):
    _check(host, "getaddrinfo")
    return _original_getaddrinfo(host, *args, **kwargs)


def _create_connection(address, *args, **kwargs):
    _check(address[0], "create_connection")
    return _original_create_connection(address, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo
socket.create_connection = _create_connection
