"""The preview, approval, feedback and gaps pages, driven with Streamlit's AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from assistant.approval import REVIEWING_TEXT
from tests.views.pages import PASSWORD, all_markdown, open_page

pytestmark = pytest.mark.integration



def pages(app: AppTest) -> set[str]:
    return {info.get("url_pathname") for info in app._registered_pages.values()}


@pytest.mark.parametrize("username, present, absent", [
    ("demo.patient", {"results", "genetics"}, {"preview", "approvals", "gaps"}),
    ("demo.staff", {"preview", "approvals"}, {"gaps", "results"}),
    ("demo.editor", {"gaps"}, {"preview", "approvals", "results"}),
])
def test_each_role_gets_its_pages(app_factory, username, present, absent):
    app = app_factory(username)
    assert present <= pages(app) and not absent & pages(app)


def test_staff_preview_shows_the_answer_and_the_trace_and_stores_nothing(app_factory, service):
    app = open_page(app_factory("demo.staff"), "preview")
    assert app.title[0].value == "Preview an answer"
    app.selectbox(key="preview_patient").select("demo-patient-1")
    app.text_area(key="preview_question").input("My name is Maria Lopez. What was my LDL?")
    app.button(key="preview_run").click().run()
    assert not app.exception, app.exception
    markdown = all_markdown(app)
    assert "162 mg/dL" in markdown and "[1]" in markdown and "**Triage:** routine" in markdown
    texts = [element.value for element in app.text]
    assert any("<PERSON" in text and "Maria" not in text for text in texts)
    assert any("PERSON" in caption.value for caption in app.caption)
    passages, results = app.dataframe[0].value, app.dataframe[1].value
    assert {"BM25 rank", "BM25 score", "Dense rank", "Dense score", "RRF score"} <= set(passages.columns)
    assert passages["Article"].iloc[0] == "cholesterol-and-ldl"
    assert results["Test"].tolist() == ["LDL cholesterol"]
    assert service.conversation(service.login("demo.patient", PASSWORD)) == []


def test_held_answer_is_approved_on_the_approvals_page(app_factory, service):
    service.approval_topics = ("genetic-results",)
    patient = app_factory("demo.patient")
    patient.chat_input[0].set_value("What is a VUS?").run()
    assert not patient.exception, patient.exception
    assert REVIEWING_TEXT in all_markdown(patient) and not patient.feedback  # nothing to rate yet

    staff = open_page(app_factory("demo.staff"), "approvals")
    [expander] = staff.expander
    assert "P-1001" in expander.label and "genetic-results" in expander.label
    approve = [b for b in staff.button if b.key and b.key.startswith("approve-")][0]
    approve.click().run()
    assert not staff.exception, staff.exception
    assert staff.info[0].value == "No answers are waiting for approval."

    again = app_factory("demo.patient")
    markdown = all_markdown(again)
    assert REVIEWING_TEXT not in markdown and "VUS" in markdown and "[1]" in markdown


def test_an_edit_with_a_broken_citation_shows_the_error(app_factory, service):
    service.approval_topics = ("genetic-results",)
    service.ask(service.login("demo.patient", PASSWORD), "What is a VUS?")
    staff = open_page(app_factory("demo.staff"), "approvals")
    edit = [t for t in staff.text_area if t.key and t.key.startswith("edit-")][0]
    edit.input("A VUS is nothing to worry about. [9]")
    staff.button(key=edit.key.replace("edit-", "send-edit-")).click().run()
    assert "citation [9]" in staff.error[0].value


def test_patient_thumbs_down_reaches_the_editors_gaps_page(app_factory):
    patient = app_factory("demo.patient")
    patient.chat_input[0].set_value("What is LDL cholesterol?").run()
    [rating] = patient.feedback
    rating.set_value(0).run()  # thumbs down
    assert not patient.exception, patient.exception
    patient.selectbox(key=f"reason-{rating.key.split('-')[1]}").select("hard_to_read")
    patient.text_input(key=f"comment-{rating.key.split('-')[1]}").input("Too many long words for me")
    patient.button(key=f"send-rating-{rating.key.split('-')[1]}").click().run()
    assert patient.success[0].value.startswith("Thank you")

    editor = open_page(app_factory("demo.editor"), "gaps")
    assert editor.title[0].value == "Gaps report"
    assert editor.subheader[0].value == "lab-results (1)"
    table = editor.dataframe[0].value
    assert table["Question"].tolist() == ["What is LDL cholesterol?"]
    assert table["Reason"].tolist() == ["hard_to_read"] and table["Articles"].tolist() == ["cholesterol-and-ldl"]
    assert "library?article=cholesterol-and-ldl" in all_markdown(editor)
    assert editor.get("download_button")
