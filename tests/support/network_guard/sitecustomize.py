"""Refuse and record every connection beyond loopback, in any Python process that starts.

Python imports `sitecustomize` at start-up from anywhere on its path, so a test puts this
folder on PYTHONPATH and every process it launches is guarded from its first line: `tailor`,
and `make run`'s index build, seeding and Streamlit server alike, model loading included.
Each process appends to the file named by TAILOR_NETWORK_GUARD_LOG one `guarded` line (so a
test can tell the guard was really there) and one `refused` line per attempt. Refusing, not
just recording, means a lookup that would hang offline fails fast instead.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("TAILOR_NETWORK_GUARD_LOG")


def _write(line: str) -> None:
    if _LOG:
        # One short write per line with O_APPEND: processes writing at once do not interleave.
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{line}\n")


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths are local by definition
        return True
    host = address[0]
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse(what: str, error: type[OSError]) -> None:
    _write(f"refused {os.getpid()} {what}")
    raise error(f"network access refused by the offline guard: {what}")


def _guard_address(original):
    def guarded(self, *args):
        address = args[-1]
        if not _is_loopback(address):
            _refuse(repr(address), OSError)
        return original(self, *args)

    return guarded


_getaddrinfo = socket.getaddrinfo


def _guarded_getaddrinfo(host, *args, **kwargs):
    if isinstance(host, bytes):
        host = host.decode()
    if not _is_loopback((host,)):
        _refuse(f"dns:{host}", socket.gaierror)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guard_address(socket.socket.connect)
socket.socket.connect_ex = _guard_address(socket.socket.connect_ex)
socket.socket.sendto = _guard_address(socket.socket.sendto)
socket.getaddrinfo = _guarded_getaddrinfo
_write(f"guarded {os.getpid()} {' '.join(sys.argv) or sys.executable}")
