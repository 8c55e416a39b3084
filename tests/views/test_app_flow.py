"""The pages, driven with Streamlit's AppTest: patient asks and escalates, staff sees it."""

import pytest

from tests.views.pages import all_markdown, log_in

pytestmark = pytest.mark.integration



def test_patient_asks_gets_a_cited_answer_and_escalates_then_staff_sees_it(app_factory):
    app = app_factory()
    log_in(app, "demo.patient")
    assert app.title[0].value == "Ask Tailor"

    app.chat_input[0].set_value("What does my HbA1c test measure?").run()
    assert not app.exception, app.exception
    assert [message.name for message in app.chat_message] == ["user", "assistant"]
    assert "not a clinician" in app.chat_message[1].caption[0].value  # AI disclosure on every answer
    text = all_markdown(app)
    assert "[1]" in text
    assert "[Hemoglobin A1C and diabetes](" in text or "library?article=hba1c-and-diabetes" in text
    assert "https://medlineplus.gov/" in text

    app.button(key="escalate").click().run()
    assert app.success[0].value.startswith("Your care team has your conversation")

    # A fresh browser session: log in again and the conversation is still there.
    again = app_factory()
    log_in(again, "demo.patient")
    assert len(again.chat_message) == 2

    staff = app_factory()
    log_in(staff, "demo.staff")
    assert staff.title[0].value == "Escalations"
    [expander] = staff.expander
    assert "P-1001" in expander.label and "patient_request" in expander.label and "open" in expander.label
    staff.button(key=[b.key for b in staff.button if b.key and b.key.startswith("claim-")][0]).click().run()
    assert not staff.exception, staff.exception
    assert "claimed by demo.staff" in staff.expander[0].label
    assert "HbA1c" in staff.text[0].value  # the de-identified transcript, shown to the claimant
    reply_box = [t for t in staff.text_area if t.key and t.key.startswith("reply-")][0]
    reply_box.input("Your HbA1c was checked by Dr. Okafor; it is in range.")
    staff.button(key=reply_box.key.replace("reply-", "send-")).click().run()
    assert not staff.exception, staff.exception

    patient = app_factory()
    log_in(patient, "demo.patient")
    texts = all_markdown(patient)
    assert "**From your care team**" in texts and "it is in range" in texts and "Okafor" not in texts
    assert "answered: see the reply above" in texts  # the request's status, in words


def test_wrong_password_shows_one_clear_error(app_factory):
    app = app_factory()
    app.text_input(key="login_username").input("demo.patient")
    app.text_input(key="login_password").input("nope")
    app.button[0].click().run()
    assert app.error[0].value == "unknown username or wrong password"

