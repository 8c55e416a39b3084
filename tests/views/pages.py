"""Helpers for driving the real app.py with Streamlit's AppTest (shared by the page tests)."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

PASSWORD = "demo-password-for-tests"


def app_starter(service, monkeypatch, timeout_s: float = 60):
    """Yield `start(username=None)`: a fresh browser session of app.py over `service`, logged in if named."""
    import assistant.bootstrap

    monkeypatch.setattr(assistant.bootstrap, "build_service", lambda *_a, **_k: service)
    st.cache_resource.clear()

    def start(username: str | None = None) -> AppTest:
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=timeout_s)
        app.run()
        if username is not None:
            log_in(app, username)
        return app

    yield start
    st.cache_resource.clear()


def log_in(app: AppTest, username: str) -> None:
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception, app.exception


def all_markdown(app: AppTest) -> str:
    """The page's markdown as displayed (typed text and answers are shown with markup escaped)."""
    return "\n".join(element.value for element in app.markdown).replace("\\", "")


def open_page(app: AppTest, url_path: str) -> AppTest:
    """Navigate to a callable st.Page (AppTest.switch_page only knows file pages)."""
    [page_hash] = [h for h, info in app._registered_pages.items() if info.get("url_pathname") == url_path]
    app._page_hash = page_hash
    app.run()
    assert not app.exception, app.exception
    return app
