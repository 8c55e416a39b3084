"""Every service call, tried as every role, as another patient, and without a live session.

Authorization lives in the service layer, so this table is the contract: a new public
method fails `test_every_public_method_is_classified` until it is added here.
"""

import inspect

import pytest

from assistant.consent import CONSENT_VERSION
from assistant.errors import AuthorizationError, NotFoundError, SessionEndedError
from assistant.service import TailorService
from assistant.storage.audit import AuditQuery
from assistant.types import Principal, Role

pytestmark = pytest.mark.integration
PASSWORD = "demo-password-for-tests"
P, S, E, A = Role.PATIENT, Role.STAFF, Role.EDITOR, Role.ADMIN
USERS = {P: "demo.patient", S: "demo.staff", E: "demo.editor", A: "demo.admin"}

# method -> (roles allowed, how to call it with valid arguments)
MATRIX = {
    "ask": ({P}, lambda s, p, c: s.ask(p, "What is LDL?")),
    "conversation": ({P}, lambda s, p, c: s.conversation(p)),
    "escalate": ({P}, lambda s, p, c: s.escalate(p)),
    "my_requests": ({P}, lambda s, p, c: s.my_requests(p)),
    "cancel_request": ({P}, lambda s, p, c: s.cancel_request(p, c["escalation"])),
    "my_results": ({P}, lambda s, p, c: s.my_results(p)),
    "result_history": ({P}, lambda s, p, c: s.result_history(p, "18262-6")),
    "review_preferences": ({P}, lambda s, p, c: s.review_preferences(p)),
    "set_review_preference": ({P}, lambda s, p, c: s.set_review_preference(p, "genetic", True)),
    "my_genetics": ({P}, lambda s, p, c: s.my_genetics(p)),
    "disclosure": ({P}, lambda s, p, c: s.disclosure(p)),
    "accept_disclosure": ({P}, lambda s, p, c: s.accept_disclosure(p, CONSENT_VERSION)),
    "export_my_data": ({P}, lambda s, p, c: s.export_my_data(p)),
    "delete_my_conversations": ({P}, lambda s, p, c: s.delete_my_conversations(p)),
    "patient_results": ({S, A}, lambda s, p, c: s.patient_results(p, c["patient_id"])),
    "results_awaiting_review": ({S, A}, lambda s, p, c: s.results_awaiting_review(p)),
    "mark_results_reviewed": ({S, A}, lambda s, p, c: s.mark_results_reviewed(p, [])),
    "genetics_awaiting_review": ({S, A}, lambda s, p, c: s.genetics_awaiting_review(p)),
    "mark_genetics_reviewed": ({S, A}, lambda s, p, c: s.mark_genetics_reviewed(p, [])),
    "escalation_queue": ({S, A}, lambda s, p, c: s.escalation_queue(p)),
    "open_escalations": ({S, A}, lambda s, p, c: s.open_escalations(p)),
    "claim_escalation": ({S, A}, lambda s, p, c: s.claim_escalation(p, c["escalation"], 1)),
    "release_escalation": ({S, A}, lambda s, p, c: s.release_escalation(p, c["escalation"])),
    "reply_to_escalation": ({S, A}, lambda s, p, c: s.reply_to_escalation(p, c["escalation"], "We will call.")),
    "close_escalation": ({S, A}, lambda s, p, c: s.close_escalation(p, c["escalation"])),
    "escalation_results": ({S, A}, lambda s, p, c: s.escalation_results(p, c["escalation"])),
    "escalation_detail": ({S, A}, lambda s, p, c: s.escalation_detail(p, c["escalation"])),
    "search_audit": ({S, A}, lambda s, p, c: s.search_audit(p, AuditQuery())),
    "verify_audit_chain": ({A}, lambda s, p, c: s.verify_audit_chain(p)),
    "rate_answer": ({P}, lambda s, p, c: s.rate_answer(p, c["answer"], False, None, None)),
    "my_ratings": ({P}, lambda s, p, c: s.my_ratings(p, [c["answer"]])),
    "preview_patients": ({S, A}, lambda s, p, c: s.preview_patients(p)),
    "preview": ({S, A}, lambda s, p, c: s.preview(p, "What is LDL?", c["patient_id"])),
    "held_answers": ({S, A}, lambda s, p, c: s.held_answers(p)),
    "approve_answer": ({S, A}, lambda s, p, c: s.approve_answer(p, 10_000, 1)),
    "edit_answer": ({S, A}, lambda s, p, c: s.edit_answer(p, 10_000, 1, "LDL is a fat. [1]")),
    "replace_answer": ({S, A}, lambda s, p, c: s.replace_answer(p, 10_000, 1, "Please call us.")),
    "gaps_report": ({E, A}, lambda s, p, c: s.gaps_report(p)),
    "gaps_csv": ({E, A}, lambda s, p, c: s.gaps_csv(p)),
    "editorial.articles": ({E, S, A}, lambda s, p, c: s.editorial.articles(p)),
    "editorial.history": ({E, S, A}, lambda s, p, c: s.editorial.history(p, "biomarkers")),
    "editorial.reviews": ({E, S, A}, lambda s, p, c: s.editorial.reviews(p, "biomarkers")),
    "editorial.diff": ({E, S, A}, lambda s, p, c: s.editorial.diff(p, "biomarkers", 1, 1)),
    "editorial.check_draft": ({E, A}, lambda s, p, c: s.editorial.check_draft(p, _draft())),
    "editorial.save": ({E, A}, lambda s, p, c: s.editorial.save(p, _draft(), None)),
    "editorial.rollback": ({E, A}, lambda s, p, c: s.editorial.rollback(p, "biomarkers", 999)),
    "editorial.retire": ({E, A}, lambda s, p, c: s.editorial.retire(p, "no-such-article")),
    "editorial.reject": ({E, S, A}, lambda s, p, c: s.editorial.reject(p, "biomarkers", 999)),
    "editorial.gate": ({E, S, A}, lambda s, p, c: s.editorial.gate(p, "biomarkers", 999)),
    "editorial.approve": ({E, S, A}, lambda s, p, c: s.editorial.approve(p, "biomarkers", 999)),
    "check_session": ({P, S, E, A}, lambda s, p, c: s.check_session(p)),
    "logout_everywhere": ({P, S, E, A}, lambda s, p, c: s.logout_everywhere(p)),
    "logout": ({P, S, E, A}, lambda s, p, c: s.logout(p)),
}
# Entry points that take no caller: logging in, the public library, and the operator's
# shell commands (`tailor ask`, `tailor purge`), which are never reachable from a page.
NO_CALLER = {"login", "login_external", "list_articles", "get_article", "library_article", "answer_question",
             "ask_as_operator", "purge_expired_conversations"}


@pytest.fixture(scope="module")
def shared(pipeline, settings, tmp_path_factory):
    """One seeded service and one login per role for the whole table (logins are slow by design)."""
    from datetime import timedelta

    from assistant.demo import seed_demo
    from assistant.sessions import SessionPolicy
    from assistant.storage import Database
    from tests.conftest import with_consenting_patients

    database = Database(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'matrix.db'}")
    database.create_schema()
    seed_demo(settings, database)
    service = with_consenting_patients(
        TailorService(pipeline, database, session_policy=SessionPolicy(idle=timedelta(hours=2))))
    return service, {role: service.login(name, PASSWORD) for role, name in USERS.items()}


@pytest.fixture
def service(shared):
    return shared[0]


@pytest.fixture
def context(shared):
    service, principals = shared
    service.ask(principals[P], "What is LDL?")  # a fresh answer: an earlier test may have deleted the last
    answer_id = [t for t in service.conversation(principals[P]) if t.author == "assistant"][-1].message_id
    return {"escalation": service.escalate(principals[P]), "patient_id": principals[P].patient_id,
            "answer": answer_id}


# These act on a record that does not exist here (a held answer, article version 999, an
# unknown article), so getting past the role check means "not found".
ACT_ON_MISSING_RECORD = {"approve_answer", "edit_answer", "replace_answer", "editorial.rollback",
                         "editorial.retire", "editorial.reject", "editorial.gate", "editorial.approve"}


def _draft():
    import uuid

    from assistant.editorial import ArticleDraft
    from assistant.types import Source

    return ArticleDraft(f"matrix-{uuid.uuid4().hex[:8]}", "Matrix test article", "A short summary.",
                        (Source("MedlinePlus", "https://medlineplus.gov/genetics/"),), ("test",),
                        "Genes are made of DNA. They carry the code for your body.")


@pytest.fixture
def principal_for(shared):
    """The role's shared login; a fresh one for calls that end sessions."""
    service, principals = shared
    return lambda role, fresh=False: service.login(USERS[role], PASSWORD) if fresh else principals[role]


@pytest.mark.unit
def test_every_public_method_is_classified():
    from assistant.editorial import EditorialDesk

    public = {name for name, _ in inspect.getmembers(TailorService, inspect.isfunction) if not name.startswith("_")}
    public |= {f"editorial.{name}" for name, _ in inspect.getmembers(EditorialDesk, inspect.isfunction)
               if not name.startswith("_")}
    assert public == set(MATRIX) | NO_CALLER


REFUSALS = [(name, role) for name, (allowed, _) in MATRIX.items() for role in (P, S, E, A) if role not in allowed]


@pytest.mark.parametrize("name, role", REFUSALS, ids=[f"{n}-as-{r.value}" for n, r in REFUSALS])
def test_a_role_without_the_right_is_refused_with_a_clear_error(service, context, principal_for, name, role):
    with pytest.raises(AuthorizationError, match="cannot|only a patient"):
        MATRIX[name][1](service, principal_for(role), context)


GRANTS = [(name, role) for name, (allowed, _) in MATRIX.items() for role in sorted(allowed)]


@pytest.mark.parametrize("name, role", GRANTS, ids=[f"{n}-as-{r.value}" for n, r in GRANTS])
def test_the_roles_with_the_right_get_through(shared, service, context, principal_for, name, role):
    principal = principal_for(role, fresh=name.startswith("logout"))
    if name in ("release_escalation", "reply_to_escalation"):
        service.claim_escalation(principal, context["escalation"], 1)
    if name == "close_escalation":
        service.claim_escalation(principal, context["escalation"], 1)
        service.reply_to_escalation(principal, context["escalation"], "Answered by phone.")
    if name in ACT_ON_MISSING_RECORD:
        with pytest.raises(NotFoundError):
            MATRIX[name][1](service, principal, context)
    else:
        MATRIX[name][1](service, principal, context)
    if name == "logout_everywhere":  # it ended the shared login too: replace it for later tests
        shared[1][role] = service.login(USERS[role], PASSWORD)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_no_call_goes_through_without_a_live_session(service, context, principal_for, name):
    allowed, call = MATRIX[name]
    real = principal_for(sorted(allowed)[0])
    stale = Principal(real.user_id, real.username, real.role, real.patient_id, session_token="not-a-session")
    if name == "logout":  # logging out of a session that does not exist changes nothing
        call(service, stale, context)
        service.check_session(real)
        return
    with pytest.raises(SessionEndedError):
        call(service, stale, context)


def test_another_patient_cannot_reach_the_first_patients_records(service, context):
    from assistant.passwords import hash_password
    from assistant.storage import accounts

    with service.database.session() as session:
        accounts.ensure_patient(session, "intruder", "P-6666")
        accounts.upsert_user(session, "intruder", hash_password(PASSWORD), "patient", "intruder")
    intruder = service.login("intruder", PASSWORD)
    with pytest.raises(NotFoundError):
        service.cancel_request(intruder, context["escalation"])
    with pytest.raises(AuthorizationError):
        service.patient_results(intruder, context["patient_id"])
    assert service.my_results(intruder) == [] and service.my_requests(intruder) == []
    assert service.result_history(intruder, "18262-6") == []
    assert all(view.status == "not_tested" for view in service.my_genetics(intruder))
    assert service.export_my_data(intruder).lab_results == []
    # A forged principal naming the victim's patient id but carrying the intruder's session.
    forged = Principal(intruder.user_id, intruder.username, P, context["patient_id"], session_token=intruder.session_token)
    with pytest.raises(SessionEndedError):
        service.my_results(forged)
