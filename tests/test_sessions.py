"""Server-side sessions: idle and absolute limits, logout, logout everywhere (both databases)."""

from datetime import timedelta

import pytest

from assistant.errors import AuthorizationError, SessionEndedError
from assistant.storage.models import utcnow
from assistant.types import Principal, Role
from tests.conftest import with_consenting_patients

pytestmark = pytest.mark.integration
PASSWORD = "demo-password-for-tests"


@pytest.fixture
def service(pipeline, database, settings):
    from assistant.demo import seed_demo
    from assistant.service import TailorService

    seed_demo(settings, database)
    return with_consenting_patients(TailorService(pipeline, database))


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(service):
    service.clock = Clock()
    return service.clock


def test_activity_keeps_a_session_alive_within_the_absolute_limit(service, clock):
    patient = service.login("demo.patient", PASSWORD)
    for _ in range(30):  # 7.5 hours of activity, one call every 15 minutes
        clock.advance(minutes=15)
        service.my_results(patient)
    clock.advance(minutes=31)  # 8 h 1 min after login, active 1 min ago... and still
    with pytest.raises(SessionEndedError, match="time limit"):
        service.my_results(patient)


def test_fifteen_idle_minutes_end_the_session_for_good(service, clock):
    staff = service.login("demo.staff", PASSWORD)
    clock.advance(minutes=15)
    service.escalation_queue(staff)  # exactly 15 minutes idle is still allowed
    clock.advance(minutes=15, seconds=1)
    with pytest.raises(SessionEndedError, match="without activity"):
        service.escalation_queue(staff)
    clock.advance(seconds=1)  # an ended session does not come back
    with pytest.raises(SessionEndedError):
        service.check_session(staff)


def test_logout_ends_only_this_session(service):
    first, second = service.login("demo.patient", PASSWORD), service.login("demo.patient", PASSWORD)
    service.logout(first)
    with pytest.raises(SessionEndedError, match="logged out"):
        service.conversation(first)
    assert service.conversation(second) == []


def test_logout_everywhere_ends_every_session_of_the_account_only(service):
    phone, laptop = service.login("demo.patient", PASSWORD), service.login("demo.patient", PASSWORD)
    staff = service.login("demo.staff", PASSWORD)
    assert service.logout_everywhere(laptop) == 2
    for principal in (phone, laptop):
        with pytest.raises(SessionEndedError, match="all devices"):
            service.my_genetics(principal)
    service.escalation_queue(staff)


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_principal_without_a_live_session_is_refused(service, token):
    real = service.login("demo.staff", PASSWORD)
    forged = Principal(real.user_id, real.username, real.role, session_token=token)
    with pytest.raises(SessionEndedError):
        service.escalation_queue(forged)


def test_a_session_cannot_be_reused_with_a_raised_role(service):
    """The role comes from the account, not from what the page holds."""
    patient = service.login("demo.patient", PASSWORD)
    promoted = Principal(patient.user_id, patient.username, Role.ADMIN, None, session_token=patient.session_token)
    with pytest.raises(SessionEndedError):
        service.escalation_queue(promoted)
    with pytest.raises(AuthorizationError):
        service.escalation_queue(patient)


def test_only_a_hash_of_the_token_is_stored_and_endings_are_audited(service, clock):
    from assistant.storage import audit
    from assistant.storage.models import UserSession
    from sqlmodel import select

    patient = service.login("demo.patient", PASSWORD)
    with service.database.session() as session:
        [row] = session.exec(select(UserSession)).all()
    assert patient.session_token not in (row.token_hash, str(row))
    clock.advance(hours=1)
    with pytest.raises(SessionEndedError):
        service.check_session(patient)
    with service.database.session() as session:
        event = audit.recent(session, 1)[0]
    assert (event.action, event.outcome, event.actor_user_id) == ("auth.session_end", "idle", patient.user_id)
