"""Server-side login sessions: token issue, and the idle and absolute limits.

The browser holds only a random token; the database holds its SHA-256 and decides
whether the session is still alive. Limits follow HIPAA's automatic-logoff safeguard
and OWASP's session guidance: 15 minutes idle, 8 hours in all by default.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=15)
    absolute: timedelta = timedelta(hours=8)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def end_reason(last_seen_at: datetime, expires_at: datetime, now: datetime, policy: SessionPolicy) -> str | None:
    """Why a live session must end now ("idle", "expired"), or None if it may go on."""
    if now >= expires_at:
        return "expired"
    if now - last_seen_at > policy.idle:
        return "idle"
    return None


ENDED_MESSAGES = {
    "idle": "You were logged out after a period without activity. Please log in again.",
    "expired": "Your session reached its time limit. Please log in again.",
    "logout": "You are logged out. Please log in again.",
    "logout_all": "You were logged out on all devices. Please log in again.",
    "missing": "Please log in.",
}
