"""Editing articles: versions, a second person's approval, the publish gate, the live index."""

from __future__ import annotations

import threading

import pytest

from assistant.errors import (
    AuthorizationError,
    ConflictError,
    InputError,
    NotFoundError,
    PublishBlockedError,
)
from assistant.storage import audit
from assistant.types import Source
from tests.support.editorial import editorial_service  # noqa: F401  (a fixture)

pytestmark = pytest.mark.integration

PASSWORD = "demo-password-for-tests"
# An edit the answer set does not notice (the gate passes); "ALBUMIN" is the article edited.
ALBUMIN = "lab-albumin-total-protein"
OLD_TEXT = "Pregnancy can lower albumin."
NEW_TEXT = "A long stay in bed in a hospital can lower albumin."


def login(service, username):
    return service.login(username, PASSWORD)


def edited(service, principal, article_id, old, new):
    """A draft of the latest version of `article_id` with `old` replaced by `new`."""
    latest = service.editorial.history(principal, article_id)[-1]
    assert old in latest.body
    draft = latest.as_draft()
    return draft.__class__(**{**draft.__dict__, "body": draft.body.replace(old, new)}), latest.number


def passages_for(service, text):
    retriever, _ = service.pipeline.search_components()
    return retriever.run(text, 5)


def actions(service) -> list[tuple[str, str | None, str]]:
    with service.database.session() as session:
        return [(event.action, event.record_id, event.outcome) for event in audit.recent(session, 500)]


def test_every_save_is_a_new_version_with_author_time_and_a_diff(editorial_service):
    service = editorial_service
    editor = login(service, "demo.editor")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    saved = service.editorial.save(editor, draft, based_on)
    history = service.editorial.history(editor, ALBUMIN)
    assert [(v.number, v.state, v.origin, v.author) for v in history] == [
        (1, "published", "seed", "knowledge/ baseline"),
        (2, "pending", "edit", "demo.editor"),
    ]
    assert saved.created_at.tzinfo is not None and saved.author_user_id == editor.user_id
    diff = service.editorial.diff(editor, ALBUMIN, 1, 2)
    assert any(line.startswith("-") and OLD_TEXT in line for line in diff.splitlines())
    assert any(line.startswith("+") and NEW_TEXT in line for line in diff.splitlines())
    assert any(line.startswith("-version: 1") for line in diff.splitlines())
    # Still the old text is live: saving is not publishing.
    assert service.pipeline.articles[ALBUMIN].version == 1
    assert ("article.save", str(_version_id(service, ALBUMIN, 2)), "ok") in actions(service)


def _version_id(service, article_id, number):
    from assistant.storage import articles as store

    with service.database.session() as session:
        return store.get_version(session, article_id, number).id


@pytest.mark.parametrize(
    "change, message",
    [
        ({"sources": (Source("Plain web", "http://example.org/page"),)}, "not https"),
        ({"summary": "Short."}, "summary"),
        ({"body": "Pharmacogenomic characterization of polymorphic cytochrome isoenzymes necessitates "
                  "individualized pharmacotherapeutic considerations regarding metabolization."}, "reading grade"),
        ({"body": "See [the other article](kb:no-such-article) for more."}, "broken internal link"),
        ({"article_id": "Bad Id"}, "front matter 'id'"),
    ],
)
def test_a_draft_failing_kb_check_is_refused_and_nothing_is_written(editorial_service, change, message):
    service = editorial_service
    editor = login(service, "demo.editor")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    bad = draft.__class__(**{**draft.__dict__, **change})
    assert not service.editorial.check_draft(editor, bad).ok
    with pytest.raises(InputError, match=message):
        service.editorial.save(editor, bad, based_on)
    assert len(service.editorial.history(editor, ALBUMIN)) == 1


def test_a_save_on_a_stale_version_is_a_conflict(editorial_service):
    service = editorial_service
    editor, second = login(service, "demo.editor"), login(service, "second.editor")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(second, draft, based_on)
    other = draft.__class__(**{**draft.__dict__, "body": draft.body + "\n\nOne more short line."})
    with pytest.raises(ConflictError, match="newer version"):
        service.editorial.save(editor, other, based_on)


def test_the_author_cannot_approve_their_own_version_but_a_second_person_can(editorial_service):
    service = editorial_service
    editor = login(service, "demo.editor")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(editor, draft, based_on)
    with pytest.raises(AuthorizationError, match="another editor or a staff reviewer"):
        service.editorial.approve(editor, ALBUMIN, 2)
    with pytest.raises(AuthorizationError):
        service.editorial.approve(login(service, "demo.patient"), ALBUMIN, 2)
    result = service.editorial.approve(login(service, "second.editor"), ALBUMIN, 2)
    assert (result.version, result.overridden, result.report.passed) == (2, False, True)
    [review] = service.editorial.reviews(editor, ALBUMIN)
    assert (review.version, review.reviewer, review.decision) == (2, "second.editor", "approved")
    with pytest.raises(ConflictError, match="published, not awaiting review"):
        service.editorial.approve(login(service, "demo.staff"), ALBUMIN, 2)


def test_publishing_reembeds_only_the_changed_chunk_and_goes_live_without_restart(editorial_service):
    service = editorial_service
    editor, staff = login(service, "demo.editor"), login(service, "demo.staff")
    assert any(OLD_TEXT in p.chunk.text for p in passages_for(service, OLD_TEXT)[:1])
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(editor, draft, based_on)

    result = service.editorial.approve(staff, ALBUMIN, 2)  # staff review as well

    assert result.build.embedded_chunks == 1  # one section changed; the other chunks keep their vectors
    assert 1 <= result.build.embedded_sentences <= 3  # the edited sentence and the neighbours embedded with it
    found = passages_for(service, "a long stay in bed in a hospital can lower albumin")
    assert found[0].chunk.article_id == ALBUMIN and NEW_TEXT in found[0].chunk.text
    assert found[0].chunk.article_version == 2
    assert not any(OLD_TEXT in p.chunk.text for p in passages_for(service, OLD_TEXT))
    assert service.get_article(ALBUMIN).version == 2
    # The live index was saved, so the next start loads it instead of embedding again.
    assert (service.editorial.index_dir / "manifest.json").exists()
    # An answer records the version it cited.
    patient = login(service, "demo.patient")
    answer = service.ask(patient, "What can make my albumin level low?")
    assert [(c.article_id, c.article_version) for c in answer.citations][:1] == [(ALBUMIN, 2)]
    assert service.conversation(patient)[-1].citations[0].article_version == 2


def test_the_library_keeps_showing_the_version_an_old_answer_cited(editorial_service):
    service = editorial_service
    editor, staff, patient = (login(service, name) for name in ("demo.editor", "demo.staff", "demo.patient"))
    before = service.ask(patient, "What can make my albumin level low?")
    [cited] = [c for c in before.citations if c.article_id == ALBUMIN]
    assert cited.url.endswith(f"library?article={ALBUMIN}&version=1")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(editor, draft, based_on)
    service.editorial.approve(staff, ALBUMIN, 2)

    old = service.library_article(ALBUMIN, cited.article_version)
    assert OLD_TEXT in old.article.body and (old.article.version, old.current_version) == (1, 2)
    assert not old.is_current
    live = service.library_article(ALBUMIN)
    assert NEW_TEXT in live.article.body and live.is_current

    draft, based_on = edited(service, editor, ALBUMIN, NEW_TEXT, "An unpublished sentence.")
    service.editorial.save(editor, draft, based_on)  # version 3 waits for review
    with pytest.raises(NotFoundError, match="never published"):
        service.library_article(ALBUMIN, 3)
    with pytest.raises(NotFoundError, match="no version 9"):
        service.library_article(ALBUMIN, 9)


def test_rollback_makes_a_new_version_with_the_old_text_which_needs_review(editorial_service):
    service = editorial_service
    editor, second = login(service, "demo.editor"), login(service, "second.editor")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(editor, draft, based_on)
    service.editorial.approve(second, ALBUMIN, 2)

    restored = service.editorial.rollback(editor, ALBUMIN, 1)

    assert (restored.number, restored.state, restored.origin, restored.based_on) == (3, "pending", "rollback", 1)
    assert OLD_TEXT in restored.body and NEW_TEXT not in restored.body
    assert service.pipeline.articles[ALBUMIN].version == 2  # not live before review
    with pytest.raises(AuthorizationError):
        service.editorial.approve(editor, ALBUMIN, 3)
    service.editorial.approve(second, ALBUMIN, 3)
    assert any(OLD_TEXT in p.chunk.text for p in passages_for(service, OLD_TEXT)[:1])
    states = [(v.number, v.state) for v in service.editorial.history(editor, ALBUMIN)]
    assert states == [(1, "superseded"), (2, "superseded"), (3, "published")]
    with pytest.raises(InputError, match="already has the content"):
        service.editorial.rollback(editor, ALBUMIN, 1)


def test_retiring_takes_an_article_out_of_retrieval_at_once_and_old_answers_show_it(editorial_service):
    service = editorial_service
    patient, editor = login(service, "demo.patient"), login(service, "demo.editor")
    before = service.ask(patient, "What does the HbA1c test measure?")
    assert "hba1c-and-diabetes" in {c.article_id for c in before.citations}

    build = service.editorial.retire(editor, "hba1c-and-diabetes")

    assert build.embedded_chunks == 0
    after = service.answer_question("What does the HbA1c test measure?")
    assert "hba1c-and-diabetes" not in {c.article_id for c in after.answer.citations}
    assert all(p.chunk.article_id != "hba1c-and-diabetes" for p in after.passages)
    assert all(p.chunk.article_id != "hba1c-and-diabetes" for p in passages_for(service, "HbA1c average blood sugar"))
    old_turn = service.conversation(patient)[1]
    assert "hba1c-and-diabetes" in old_turn.retired_article_ids
    with pytest.raises(NotFoundError, match="retired"):
        service.get_article("hba1c-and-diabetes")
    assert [a.status for a in service.editorial.articles(editor) if a.article_id == "hba1c-and-diabetes"] == ["retired"]
    assert ("article.retire", "hba1c-and-diabetes", "ok") in actions(service)


def test_the_publish_gate_blocks_a_regression_until_a_reviewer_overrides_it_with_a_reason(editorial_service):
    service = editorial_service
    editor, staff = login(service, "demo.editor"), login(service, "demo.staff")
    latest = service.editorial.history(editor, "hba1c-and-diabetes")[-1]
    draft, live, new = latest.as_draft(), latest.number, latest.number + 1
    cut = "# HbA1c and Diabetes\n\n## About this test\n\nAsk your care team what this blood test is for."
    service.editorial.save(editor, draft.__class__(**{**draft.__dict__, "body": cut}), latest.number)

    report = service.editorial.gate(staff, "hba1c-and-diabetes", new)
    assert report.questions >= 200 and report.seconds < 60
    assert not report.passed
    lost = {change.question_id: change for change in report.regressions}
    assert "a003" in lost and lost["a003"].lost_facts  # "what does the hba1c test show": the average is gone
    assert any("hba1c-and-diabetes" in change.lost_citations for change in lost.values())
    assert all(change.before != change.after for change in report.changes)

    with pytest.raises(PublishBlockedError, match="blocked") as blocked:
        service.editorial.approve(staff, "hba1c-and-diabetes", new)
    assert blocked.value.report.regressions
    assert service.pipeline.articles["hba1c-and-diabetes"].version == live
    with pytest.raises(InputError, match="reason"):
        service.editorial.approve(staff, "hba1c-and-diabetes", new, override_reason="ok")

    result = service.editorial.approve(staff, "hba1c-and-diabetes", new,
                                       override_reason="The ranges move to the new prediabetes article.")
    assert result.overridden and service.pipeline.articles["hba1c-and-diabetes"].version == new
    version_id = str(_version_id(service, "hba1c-and-diabetes", new))
    events = actions(service)
    assert ("article.publish", version_id, "blocked") in events
    assert ("article.publish_override", version_id, "ok") in events
    assert ("article.gate", version_id, "regression") in events
    [review] = service.editorial.reviews(staff, "hba1c-and-diabetes")
    assert review.override_reason.startswith("The ranges move") and review.regressions == len(report.regressions)


@pytest.mark.parametrize("username", ["demo.patient", "demo.staff"])
@pytest.mark.parametrize(
    "call",
    [
        lambda s, p, draft: s.editorial.save(p, draft, 1),
        lambda s, p, draft: s.editorial.check_draft(p, draft),
        lambda s, p, draft: s.editorial.rollback(p, ALBUMIN, 1),
        lambda s, p, draft: s.editorial.retire(p, ALBUMIN),
    ],
)
def test_only_editors_and_admins_write(editorial_service, username, call):
    service = editorial_service
    draft, _ = edited(service, login(service, "demo.editor"), ALBUMIN, OLD_TEXT, NEW_TEXT)
    with pytest.raises(AuthorizationError):
        call(service, login(service, username), draft)


@pytest.mark.parametrize(
    "call",
    [
        lambda s, p: s.editorial.articles(p),
        lambda s, p: s.editorial.history(p, ALBUMIN),
        lambda s, p: s.editorial.diff(p, ALBUMIN, 1, 1),
        lambda s, p: s.editorial.reviews(p, ALBUMIN),
        lambda s, p: s.editorial.gate(p, ALBUMIN, 1),
        lambda s, p: s.editorial.approve(p, ALBUMIN, 1),
        lambda s, p: s.editorial.reject(p, ALBUMIN, 1),
    ],
)
def test_a_patient_cannot_reach_any_editor_function(editorial_service, call):
    with pytest.raises(AuthorizationError, match="patient role"):
        call(editorial_service, login(editorial_service, "demo.patient"))


def test_an_admin_may_write_and_a_new_article_needs_review_before_it_is_live(editorial_service):
    from assistant.editorial import ArticleDraft

    service = editorial_service
    admin = login(service, "demo.admin")
    draft = ArticleDraft(
        article_id="blood-tube-colors", title="Blood Tube Colors",
        summary="Explains why blood samples go into tubes with caps of different colors.",
        sources=(Source("MedlinePlus: Blood Tests", "https://medlineplus.gov/bloodtests.html"),),
        tags=("lab-results",),
        body="# Blood Tube Colors\n\n## Why do blood tubes have colored caps?\n\nBlood tubes have caps of many "
             "colors. Each cap color tells the lab what is inside the tube.",
    )
    query = "why do blood tubes have colored caps"
    saved = service.editorial.save(admin, draft, None)
    assert (saved.number, saved.state) == (1, "pending")
    assert "blood-tube-colors" not in service.pipeline.articles
    assert all(p.chunk.article_id != "blood-tube-colors" for p in passages_for(service, query))
    with pytest.raises(ConflictError, match="already exists"):
        service.editorial.save(admin, draft, None)
    service.editorial.approve(login(service, "demo.editor"), "blood-tube-colors", 1)
    assert passages_for(service, query)[0].chunk.article_id == "blood-tube-colors"


def test_a_reviewer_can_reject_a_version(editorial_service):
    service = editorial_service
    editor, staff = login(service, "demo.editor"), login(service, "demo.staff")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(editor, draft, based_on)
    service.editorial.reject(staff, ALBUMIN, 2)
    assert service.editorial.history(editor, ALBUMIN)[-1].state == "rejected"
    with pytest.raises(ConflictError, match="rejected"):
        service.editorial.approve(staff, ALBUMIN, 2)


def test_questions_keep_being_answered_while_an_article_is_published(editorial_service):
    service = editorial_service
    editor, second = login(service, "demo.editor"), login(service, "demo.staff")
    draft, based_on = edited(service, editor, ALBUMIN, OLD_TEXT, NEW_TEXT)
    service.editorial.save(editor, draft, based_on)
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask_repeatedly() -> None:
        while not stop.is_set():
            try:
                assert service.answer_question("What is LDL cholesterol?").answer.citations
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
                return

    askers = [threading.Thread(target=ask_repeatedly) for _ in range(2)]
    for thread in askers:
        thread.start()
    try:
        service.editorial.approve(second, ALBUMIN, 2)
        service.editorial.retire(editor, ALBUMIN)
    finally:
        stop.set()
        for thread in askers:
            thread.join()
    assert errors == []
