"""Account lockout with back-off after repeated failed logins (OWASP authentication guidance).

After MAX_FAILURES consecutive failures the account is locked for a period that doubles
with each further failure, up to MAX_LOCK. A success resets the count. The login message
never says whether an account exists or is locked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_FAILURES = 5
FIRST_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(hours=1)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def lock_duration(failures: int) -> timedelta | None:
    """How long to lock after `failures` consecutive failures (None: not yet)."""
    if failures < MAX_FAILURES:
        return None
    return min(FIRST_LOCK * 2 ** (failures - MAX_FAILURES), MAX_LOCK)
