"""The editor page, driven with AppTest: edit with preview and meter, save, diff, review and publish."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.editorial import editorial_service  # noqa: F401  (a fixture)
from tests.views.pages import PASSWORD, all_markdown, app_starter, open_page

pytestmark = pytest.mark.integration

ARTICLE = "lab-albumin-total-protein"
OLD_TEXT = "Pregnancy can lower albumin."
NEW_TEXT = "A long stay in bed in a hospital can lower albumin."


@pytest.fixture
def app_factory(editorial_service, monkeypatch):
    yield from app_starter(editorial_service, monkeypatch, timeout_s=120)


def choose(app: AppTest, article_id: str) -> None:
    box = app.selectbox(key="editor_article")
    box.select(article_id).run()
    assert not app.exception, app.exception


def test_an_editor_edits_with_preview_and_meter_and_a_second_editor_publishes(app_factory, editorial_service):
    editor = app_factory("demo.editor")
    assert editor.title[0].value == "Editor"
    choose(editor, ARTICLE)
    body = editor.text_area(key=f"editor_body-{ARTICLE}-1")
    body.input(body.value.replace(OLD_TEXT, NEW_TEXT)).run()
    assert not editor.exception, editor.exception
    assert NEW_TEXT in all_markdown(editor)  # the live preview
    [meter] = editor.metric
    assert meter.label.startswith("Reading grade") and float(meter.value) <= 8
    editor.button(key="editor_save").click().run()
    assert editor.success[0].value.startswith("Saved version 2")

    reviewer = app_factory("second.editor")
    choose(reviewer, ARTICLE)
    diff = "\n".join(code.value for code in reviewer.code)
    assert any(line.startswith("+") and NEW_TEXT in line for line in diff.splitlines())
    reviewer.button(key="editor_gate").click().run()
    assert not reviewer.exception, reviewer.exception
    assert "Publish gate passed" in all_markdown(reviewer)
    reviewer.button(key="editor_approve").click().run()
    assert not reviewer.exception, reviewer.exception
    assert reviewer.success[0].value.startswith("Version 2 is live")
    assert editorial_service.pipeline.articles[ARTICLE].version == 2


def test_the_author_sees_that_someone_else_must_approve_and_a_bad_draft_cannot_be_saved(app_factory):
    editor = app_factory("demo.editor")
    choose(editor, ARTICLE)
    editor.text_input(key=f"editor_summary-{ARTICLE}-1").input("Too short").run()
    assert any("summary" in error.value for error in editor.error)
    assert editor.button(key="editor_save").disabled
    body = editor.text_area(key=f"editor_body-{ARTICLE}-1")
    editor.text_input(key=f"editor_summary-{ARTICLE}-1").input(
        "Explains what albumin and total protein blood tests show.").run()
    body.input(body.value.replace(OLD_TEXT, NEW_TEXT)).run()
    editor.button(key="editor_save").click().run()
    assert [e.value for e in editor.error] == [] and editor.success[0].value.startswith("Saved version 2")
    choose(editor, ARTICLE)
    assert any("must approve it" in info.value for info in editor.info)


def test_the_preview_never_renders_raw_html(app_factory):
    editor = app_factory("demo.editor")
    choose(editor, ARTICLE)
    body = editor.text_area(key=f"editor_body-{ARTICLE}-1")
    body.input(body.value + "\n\n<script>alert(1)</script>").run()
    assert all(not element.allow_html for element in editor.markdown)


def test_an_old_answer_shows_that_its_source_was_retired(app_factory, editorial_service):
    patient = app_factory("demo.patient")
    patient.chat_input[0].set_value("What does the HbA1c test measure?").run()
    assert "hba1c-and-diabetes" in all_markdown(patient) and "retired" not in all_markdown(patient)
    editorial_service.editorial.retire(editorial_service.login("demo.editor", PASSWORD), "hba1c-and-diabetes")
    again = app_factory("demo.patient")
    assert "retired: no longer used in answers" in all_markdown(again)


def test_the_library_shows_the_version_an_answer_cited_and_links_the_current_one(app_factory, editorial_service):
    service = editorial_service
    editor, staff = service.login("demo.editor", PASSWORD), service.login("demo.staff", PASSWORD)
    latest = service.editorial.history(editor, ARTICLE)[-1]
    draft = latest.as_draft()
    service.editorial.save(editor, draft.__class__(**{**draft.__dict__, "body": draft.body.replace(OLD_TEXT, NEW_TEXT)}),
                           latest.number)
    service.editorial.approve(staff, ARTICLE, 2)

    reader = app_factory()
    reader.query_params.update({"article": ARTICLE, "version": "1"})
    open_page(reader, "library")
    text = all_markdown(reader)
    assert OLD_TEXT in text and NEW_TEXT not in text
    [notice] = reader.info
    assert "version 1, the one an answer quoted" in notice.value
    assert f"[read the current version 2](?article={ARTICLE})" in notice.value
