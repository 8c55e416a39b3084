"""Run `tailor` with every non-loopback connection refused and recorded.

Used by tests in a fresh subprocess, so model loading is covered too. Exits 3 if
anything tried to reach the network.
"""

from __future__ import annotations

import ipaddress
import socket
import sys

attempts: list[str] = []
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _is_loopback(address) -> bool:
    if isinstance(address, tuple):
        host = address[0]
    else:  # AF_UNIX paths are local by definition
        return True
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(original):
    def connect(self, address):
        if not _is_loopback(address):
            attempts.append(repr(address))
            raise OSError("network access refused by the offline test")
        return original(self, address)

    return connect


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost") and not _is_loopback((host,)):
        attempts.append(f"dns:{host}")
        raise socket.gaierror("name resolution refused by the offline test")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guard(_connect)
socket.socket.connect_ex = _guard(_connect_ex)
socket.getaddrinfo = _guarded_getaddrinfo

if __name__ == "__main__":
    from assistant.cli import main

    sys.argv = ["tailor", *sys.argv[1:]]
    try:
        main()
    except SystemExit as exit_:
        code = exit_.code
    else:
        code = 0
    if attempts:
        sys.stderr.write("NETWORK ATTEMPTS: " + "; ".join(attempts) + "\n")
        sys.exit(3)
    sys.exit(code)
