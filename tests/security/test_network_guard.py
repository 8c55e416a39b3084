"""The offline guard the no-network tests rely on really refuses and records."""

import subprocess
import sys

import pytest

from tests.support.offline import GuardLog, guarded_environment

pytestmark = pytest.mark.unit

TRY_THE_NETWORK = """
import socket, urllib.request
for attempt in (
    lambda: urllib.request.urlopen("http://example.org/", timeout=2),
    lambda: socket.socket().connect(("192.0.2.1", 443)),
    lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
):
    try:
        attempt()
    except OSError:
        pass
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen()
socket.create_connection(server.getsockname(), timeout=2).close()
print("done")
"""


def test_the_guard_refuses_and_records_everything_beyond_loopback(tmp_path):
    log_path = tmp_path / "guard.log"
    result = subprocess.run([sys.executable, "-c", TRY_THE_NETWORK], capture_output=True, text=True,
                            timeout=60, env=guarded_environment(log_path))
    assert result.stdout.strip() == "done", result.stderr
    guard = GuardLog.read(log_path)
    assert guard.guarded == ["-c"]
    assert guard.refused == ["dns:example.org", "('192.0.2.1', 443)", "('192.0.2.1', 53)"]
