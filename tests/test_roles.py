"""Every preview, approval, feedback and gaps function checks the caller's role in the service."""

import pytest

from assistant.errors import AuthorizationError

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"
STAFF_ONLY = [
    lambda s, p: s.preview(p, "What is LDL?"),
    lambda s, p: s.preview_patients(p),
    lambda s, p: s.held_answers(p),
    lambda s, p: s.approve_answer(p, 1, 1),
    lambda s, p: s.edit_answer(p, 1, 1, "LDL is a fat. [1]"),
    lambda s, p: s.replace_answer(p, 1, 1, "We will call you."),
]
EDITOR_ONLY = [lambda s, p: s.gaps_report(p), lambda s, p: s.gaps_csv(p)]
PATIENT_ONLY = [lambda s, p: s.rate_answer(p, 1, True), lambda s, p: s.my_ratings(p, [1])]


@pytest.mark.parametrize(
    "username, call",
    [("demo.patient", call) for call in STAFF_ONLY + EDITOR_ONLY]
    + [("demo.editor", call) for call in STAFF_ONLY + PATIENT_ONLY]
    + [("demo.staff", call) for call in EDITOR_ONLY + PATIENT_ONLY],
)
def test_callers_without_the_role_are_refused(service, username, call):
    with pytest.raises(AuthorizationError):
        call(service, service.login(username, PASSWORD))


def test_an_admin_may_preview_review_and_read_gaps(service):
    principal = service.login("demo.admin", PASSWORD)
    assert service.held_answers(principal) == []
    assert service.gaps_report(principal).items == ()
    assert service.preview(principal, "What is LDL?").answer.citations
