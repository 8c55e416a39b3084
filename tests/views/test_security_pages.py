"""Consent, My data, the audit log, session endings and inert typed markup, through the pages."""

from datetime import timedelta

import pytest

from tests.views.pages import log_in, open_page

pytestmark = pytest.mark.integration


def test_a_new_patient_sees_the_disclosure_and_must_accept_it(plain_app_factory):
    app = plain_app_factory()
    log_in(app, "demo.patient")
    assert app.title[0].value == "Before you start"
    assert any("AI assistant" in m for m in (e.value for e in app.markdown))
    assert app.button(key="consent_accept").disabled
    app.checkbox(key="consent_checkbox").check().run()
    app.button(key="consent_accept").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Ask Tailor"


def test_my_data_offers_three_downloads_and_deletes_conversations(app_factory):
    app = app_factory()
    log_in(app, "demo.patient")
    app.chat_input[0].set_value("What is a VUS?").run()
    app = open_page(app, "my-data")
    app.button(key="prepare_export").click().run()
    assert not app.exception, app.exception
    downloads = app.get("download_button")
    assert [d.proto.label for d in downloads] == ["Readable page (HTML)", "Everything (JSON)", "Lab results (CSV)"]
    app.checkbox(key="confirm_delete").check().run()
    app.button(key="delete_conversations").click().run()
    assert app.success[0].value == "Deleted 1 conversation."


def test_staff_search_the_audit_log(app_factory):
    app = app_factory()
    log_in(app, "demo.staff")
    app = open_page(app, "audit")
    assert app.title[0].value == "Audit log"
    app.text_input(key="audit_action").input("auth.").run()
    rows = app.dataframe[0].value
    assert set(rows["Action"]) == {"auth.login"} and "demo.staff" in set(rows["User"])


def test_an_idle_session_returns_to_login_with_a_reason(app_factory, service):
    app = app_factory()
    log_in(app, "demo.patient")
    later = service.clock() + timedelta(minutes=16)
    service.clock = lambda: later
    app.run()
    assert app.title[0].value == "Tailor"  # the login page
    assert "without activity" in app.info[0].value


def test_log_out_on_all_devices_ends_the_other_browser_too(app_factory):
    phone, laptop = app_factory(), app_factory()
    log_in(phone, "demo.patient")
    log_in(laptop, "demo.patient")
    laptop.button(key="logout_everywhere").click().run()
    phone.run()
    assert phone.title[0].value == "Tailor" and "all devices" in phone.info[0].value


@pytest.mark.parametrize("typed", [
    "<img src=x onerror=alert(1)> what is LDL?",
    "[click me](javascript:alert(1)) what is LDL?",
    "![x](http://tracker.example/p.png) what is LDL?",
])
def test_markup_a_patient_types_is_shown_as_text(app_factory, typed):
    app = app_factory()
    log_in(app, "demo.patient")
    app.chat_input[0].set_value(typed).run()
    shown = app.chat_message[0].markdown[0].value
    assert "](" not in shown.replace("\\](", "") and "<img" not in shown.replace("\\<img", "")
    assert shown.replace("\\", "") == typed
