"""`tailor users`, `tailor audit verify` and `tailor purge` against a real database file."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def tailor(tmp_path):
    env = {**os.environ, "TAILOR_DATA_DIR": str(tmp_path), "TAILOR_DATABASE_URL": ""}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "assistant.cli", *args], input=stdin, env=env,
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)

    run.database = tmp_path / "tailor.db"
    return run


def test_accounts_are_created_with_the_password_rules_and_audited(tailor):
    weak = tailor("users", "create", "nurse.kim", "--role", "staff", stdin="short\nshort\n")
    assert weak.returncode == 1 and "at least 12 characters" in weak.stderr
    made = tailor("users", "create", "nurse.kim", "--role", "staff",
                  stdin="plain-words-lamp-river\nplain-words-lamp-river\n")
    assert made.returncode == 0, made.stderr
    assert "plain-words-lamp-river" not in made.stdout  # never echoed
    again = tailor("users", "create", "nurse.kim", "--role", "staff",
                   stdin="plain-words-lamp-river\nplain-words-lamp-river\n")
    assert again.returncode == 1 and "taken" in again.stderr
    orphan = tailor("users", "create", "pat", "--role", "patient", stdin="plain-words-lamp-river\n" * 2)
    assert orphan.returncode == 1 and "needs --patient" in orphan.stderr
    linked = tailor("users", "link-oidc", "nurse.kim", "--issuer", "https://login.clinic.example", "--subject", "42")
    assert linked.returncode == 0, linked.stderr
    ended = tailor("users", "logout-everywhere", "nurse.kim")
    assert ended.returncode == 0 and "ended 0 session(s)" in ended.stdout
    with sqlite3.connect(tailor.database) as connection:
        actions = [row[0] for row in connection.execute("SELECT action FROM auditevent ORDER BY id")]
    assert actions == ["user.create", "user.link_identity", "auth.logout_everywhere"]


def test_audit_verify_passes_then_finds_tampering(tailor):
    tailor("users", "create", "nurse.kim", "--role", "staff", stdin="plain-words-lamp-river\n" * 2)
    ok = tailor("audit", "verify")
    assert ok.returncode == 0 and ok.stdout.startswith("audit log ok: 1 events, head ")
    with sqlite3.connect(tailor.database) as connection:
        connection.execute("DROP TRIGGER auditevent_no_update")
        connection.execute("UPDATE auditevent SET actor_user_id = 99 WHERE id = 1")
    bad = tailor("audit", "verify")
    assert bad.returncode == 1
    assert "event 1: its content was changed" in bad.stderr and "audit log check failed" in bad.stderr


def test_purge_dry_run_then_for_real(tailor):
    dry = tailor("purge", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("would delete 0 conversation(s)")
    real = tailor("purge")
    assert real.returncode == 0 and real.stdout.startswith("deleted 0 conversation(s)")
