"""The disclosure a patient must accept at first login, enforced by the service."""

import pytest

from assistant.consent import CONSENT_VERSION
from assistant.errors import AuthorizationError, ConsentRequiredError, InputError

pytestmark = pytest.mark.integration
PASSWORD = "demo-password-for-tests"


def test_a_patient_must_accept_before_any_patient_function(plain_service):
    patient = plain_service.login("demo.patient", PASSWORD)
    disclosure = plain_service.disclosure(patient)
    assert not disclosure.accepted and disclosure.version == CONSENT_VERSION
    text = " ".join(disclosure.paragraphs)
    for fact in ("AI assistant", "not a doctor", "What we store", "365 days", "download", "delete"):
        assert fact in text
    for call in (lambda: plain_service.ask(patient, "What is LDL?"), lambda: plain_service.my_results(patient),
                 lambda: plain_service.my_genetics(patient), lambda: plain_service.conversation(patient),
                 lambda: plain_service.escalate(patient)):
        with pytest.raises(ConsentRequiredError):
            call()
    plain_service.accept_disclosure(patient, CONSENT_VERSION)
    assert plain_service.disclosure(patient).accepted
    assert plain_service.ask(patient, "What is LDL?").citations


def test_acceptance_is_kept_once_per_version_and_audited(plain_service):
    from assistant.storage import audit, consents

    patient = plain_service.login("demo.patient", PASSWORD)
    plain_service.accept_disclosure(patient, CONSENT_VERSION)
    plain_service.accept_disclosure(plain_service.login("demo.patient", PASSWORD), CONSENT_VERSION)
    with plain_service.database.session() as session:
        assert len(consents.for_user(session, patient.user_id)) == 1
        actions = [event.action for event in audit.recent(session, 10)]
    assert actions.count("consent.accept") == 1


def test_an_old_version_cannot_be_accepted(plain_service):
    patient = plain_service.login("demo.patient", PASSWORD)
    with pytest.raises(InputError, match="changed"):
        plain_service.accept_disclosure(patient, "2020-01")


def test_the_retention_period_shown_is_the_configured_one(pipeline, sqlite_database, settings):
    from assistant.demo import seed_demo
    from assistant.service import TailorService

    seed_demo(settings, sqlite_database)
    service = TailorService(pipeline, sqlite_database, retention_days=90)
    text = " ".join(service.disclosure(service.login("demo.patient", PASSWORD)).paragraphs)
    assert "90 days" in text


@pytest.mark.parametrize("username", ["demo.staff", "demo.editor"])
def test_only_patients_have_a_disclosure_to_accept(plain_service, username):
    with pytest.raises(AuthorizationError):
        plain_service.accept_disclosure(plain_service.login(username, PASSWORD), CONSENT_VERSION)
