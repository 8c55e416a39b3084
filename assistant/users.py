"""Account administration for the operator's shell (`tailor users …`). Every change is audited."""

from __future__ import annotations

from assistant.errors import InputError, NotFoundError
from assistant.passwords import check_new_password, hash_password
from assistant.storage import Database, accounts, audit
from assistant.storage import sessions as user_sessions
from assistant.storage.models import utcnow
from assistant.types import Role


def create_user(database: Database, username: str, role: Role, password: str, patient_id: str | None = None) -> int:
    username = username.strip()
    if not username or len(username) > 64 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise InputError("a username is 1-64 letters, digits, dots, dashes or underscores")
    if (role is Role.PATIENT) != (patient_id is not None):
        raise InputError("a patient account needs --patient, and only a patient account may have one")
    check_new_password(password, username)
    with database.session() as session:
        if accounts.get_user_by_username(session, username) is not None:
            raise InputError(f"the username '{username}' is taken")
        if patient_id is not None and accounts.get_patient(session, patient_id) is None:
            raise NotFoundError(f"patient '{patient_id}' does not exist; import their record first")
        user = accounts.upsert_user(session, username, hash_password(password), role.value, patient_id)
        audit.record(session, "user.create", record_type="user", record_id=user.id)
        return user.id


def link_identity(database: Database, username: str, issuer: str, subject: str) -> None:
    """Let the clinic's identity provider log this account in (st.login): its `iss` and `sub`."""
    if not issuer.startswith("https://") or not subject.strip():
        raise InputError("give the provider's issuer (an https:// address) and the user's subject id")
    with database.session() as session:
        user = _user(session, username)
        user.external_subject = f"{issuer}|{subject.strip()}"
        session.add(user)
        audit.record(session, "user.link_identity", record_type="user", record_id=user.id)


def end_all_sessions(database: Database, username: str) -> int:
    with database.session() as session:
        user = _user(session, username)
        count = user_sessions.end_all_for_user(session, user.id, utcnow(), "logout_all")
        audit.record(session, "auth.logout_everywhere", record_type="user", record_id=user.id)
        return count


def _user(session, username: str):
    user = accounts.get_user_by_username(session, username)
    if user is None:
        raise NotFoundError(f"no account named '{username}'")
    return user
